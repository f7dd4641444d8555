"""Rule examples are tests: every bad example must fire its rule, every better and good
one must not (`plmsg rules --test`, and the test suite)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from .context import DraftContext
from .engine import run_rules
from .fixes import fix_text
from .kinds.base import Rule
from .loader import compile_rule
from .markup import MarkupError, read_draft
from .model import line_index
from .spec import Example, Profile

@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    side: str  # bad (must fire), better or good (must not), fixed (--fix must give exactly this)
    number: int  # 1-based, in the file the example is written in
    path: str
    line: int | None
    text: str
    expected: str
    got: str


@dataclass(frozen=True)
class ExampleReport:
    rules: int
    examples: int
    skipped: tuple[str, ...]  # rules that need the model, which is not installed
    failures: tuple[ExampleFailure, ...]


_EXAMPLE_NAMES = {"markdown": "example.md", "html": "example.html", "text": "example.txt"}


def check_examples(sources, libraries: Mapping[bool, Any], nlp, profiles: Mapping[str, Profile],
                   audience: str | None = None) -> ExampleReport:
    """Run each rule's examples against that rule alone: every bad one must fire, every
    better and good one must not. Rules run as their files write them (config `options:`
    left out: an option may loosen a rule on purpose). An example is checked with the
    glossary and preferred term it was written for: `libraries[True]` (plmsg's own) for
    the built-in rule files, `libraries[False]` (the district's) for the district's files.
    `audience` is the config's default; an example may name its own."""
    failures, skipped, examples = [], [], 0
    for source in sources:
        spec = source.written or source.spec
        compiled: dict[tuple, Rule] = {}
        bad = good = 0
        for origin in source.origins:
            builtin = origin.builtin
            cases = [("bad", i, e, e.text) for i, e in enumerate(spec.bad[bad:bad + origin.bad])]
            cases += [("better", i, e, e.better) for i, e in enumerate(spec.bad[bad:bad + origin.bad]) if e.better]
            cases += [("fixed", i, e, e.text) for i, e in enumerate(spec.bad[bad:bad + origin.bad])
                      if e.fixed is not None]
            cases += [("good", i, e, e.text) for i, e in enumerate(spec.good[good:good + origin.good])]
            for side, i, example, text in cases:
                # An example may name the preferred term it was written for.
                which = (builtin, example.preferred_term)
                if which not in compiled:
                    library = libraries[builtin]
                    if example.preferred_term:
                        library = replace(library, preferred_term=example.preferred_term)
                    compiled[which] = compile_rule(replace(source, spec=spec), library)
                rule = compiled[which]
                if rule.needs_model and not nlp.has_model:
                    skipped.append(spec.id)
                    break
                examples += 1
                key = ("examples", "bad" if side != "good" else "good", i) + ((side,) if side in ("better", "fixed")
                                                                            else ())
                if side == "fixed":
                    got = _fixed(rule, example, nlp, profiles, audience)
                    if got != example.fixed:
                        failures.append(ExampleFailure(spec.id, side, i + 1, origin.located.path,
                                                       origin.located.line(key), text, repr(example.fixed),
                                                       repr(got)))
                    continue
                fired, problem = _fired(rule, example, text, nlp, profiles, audience)
                if problem is None and (side == "bad") == bool(fired):
                    continue
                got = problem or _describe(fired, text)
                failures.append(ExampleFailure(
                    spec.id, side, i + 1, origin.located.path, origin.located.line(key), text,
                    f"a finding from {spec.id}" if side == "bad" else f"no finding from {spec.id}", got))
            bad, good = bad + origin.bad, good + origin.good
    return ExampleReport(len(sources), examples, tuple(dict.fromkeys(skipped)), tuple(failures))


def _describe(findings, text: str) -> str:
    lines = line_index(text)
    return ", ".join("{!r} at {}:{}".format(f.text, *lines.position(f.start)) for f in findings) or "no finding"


def _fixed(rule: Rule, example: Example, nlp, profiles, audience) -> str:
    """The example after the rule's safe rewrites, as `--fix` applies them."""
    return fix_text(example.text, lambda text: _fired(rule, example, text, nlp, profiles, audience)[0]).text


def _fired(rule: Rule, example: Example, text: str, nlp, profiles, audience):
    """The rule's findings on one example (and a problem, if the example cannot be read)."""
    try:
        draft = read_draft(_EXAMPLE_NAMES[example.format], text, example.format)
    except MarkupError as exc:
        return [], f"the example cannot be read: {exc}"
    own = (draft.meta or {}).get("plmsg")
    who = example.audience or (own.get("audience") if isinstance(own, dict) else None)
    if who in profiles:  # the example says whom it is for: the rule runs only if it would there
        if who not in rule.spec.audiences or rule.id in profiles[who].ignore:
            return [], None
    else:  # otherwise, the config's audience or families, or else any the rule runs for
        runs_for = [a for a in rule.spec.audiences if rule.id not in profiles[a].ignore] or rule.spec.audiences
        who = next((a for a in (audience, "families") if a in runs_for), runs_for[0])
    ctx = DraftContext(draft, who, nlp, {}, profiles[who])
    return [f for f in run_rules(ctx, [rule]).findings if f.rule == rule.id], None
