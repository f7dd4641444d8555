"""A draft and its rules → findings (suppressed by directives, deduplicated, sorted).

The engine owns no state: it is handed the draft, the rules that apply to it, the
audience, and the NLP context, and returns findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .context import DraftContext
from .kinds.base import Rule
from .model import Draft, Finding, line_index
from .nlp import ModelUnavailable

@dataclass(frozen=True)
class Checked:
    findings: list[Finding]
    notes: list[str]  # about the draft's suppression comments: unknown rules, unused ones


def run_rules(ctx: DraftContext, rules: Iterable[Rule], known_rules: set[str] | None = None,
              report_unused: bool = False) -> Checked:
    rules = list(rules)
    findings: list[Finding] = []
    for rule in rules:
        try:
            findings.extend(rule.check(ctx))
        except ModelUnavailable:
            continue  # reported once per run by the caller, not once per file
    findings = _drop_protected(ctx, findings)
    kept, used = apply_directives(ctx.draft, findings)
    notes = directive_notes(ctx.draft, used, known_rules or {r.id for r in rules},
                            {r.id for r in rules}, report_unused)
    return Checked(sort_findings(kept), notes)


def _drop_protected(ctx: DraftContext, findings: list[Finding]) -> list[Finding]:
    spans = []
    for i, ranges in enumerate(ctx.protected):
        b = ctx.draft.blocks[i]
        spans += [b.source_span(a, z) for a, z in ranges]
    if not spans:
        return findings
    return [f for f in findings
            if f.scope == "document" or not any(a < f.end and f.start < z for a, z in spans)]


def apply_directives(draft: Draft, findings: list[Finding]) -> tuple[list[Finding], set[int]]:
    """``plmsg-disable`` … ``plmsg-enable`` regions, ``-next-line`` and ``-file``.
    Returns the findings left and the indexes of the directives that suppressed one."""
    if not draft.directives:
        return findings, set()
    lines = line_index(draft.source)
    # (start, end, rules (empty: all), index of the directive that opened the region)
    regions: list[tuple[int, int, frozenset[str], int]] = []
    open_regions: list[tuple[int, frozenset[str], int]] = []
    end_of_file = len(draft.source)
    for n, d in sorted(enumerate(draft.directives), key=lambda x: x[1].start):
        rules = frozenset(d.rules)
        if d.action == "disable-file":
            regions.append((0, end_of_file, rules, n))
        elif d.action == "disable":
            open_regions.append((d.end, rules, n))
        elif d.action == "enable":
            # A bare enable closes everything; "enable a" closes rule a and leaves the rest.
            still_open = []
            for start, r, origin in open_regions:
                if not rules or not r:
                    regions.append((start, d.start, r, origin))
                    continue
                if r & rules:
                    regions.append((start, d.start, r & rules, origin))
                if r - rules:
                    still_open.append((start, r - rules, origin))
            open_regions = still_open
        elif d.action == "disable-next-line":
            line, _ = lines.position(d.end)
            starts = lines.starts
            a = starts[line] if line < len(starts) else end_of_file
            z = starts[line + 1] if line + 1 < len(starts) else end_of_file
            regions.append((a, z, rules, n))
    regions += [(start, end_of_file, r, origin) for start, r, origin in open_regions]
    kept, used = [], set()
    for f in findings:
        hits = [origin for a, z, r, origin in regions if a <= f.start < z and (not r or f.rule in r)]
        if hits:
            used.update(hits)
        else:
            kept.append(f)
    return kept, used


def directive_notes(draft: Draft, used: set[int], known: set[str], ran: set[str],
                    report_unused: bool) -> list[str]:
    """Warnings about suppression comments: rule ids that name no rule, and (if asked)
    comments that suppressed nothing."""
    lines = line_index(draft.source)
    notes = []
    for n, d in enumerate(draft.directives):
        line = lines.position(d.start)[0]
        for rule in d.rules:
            if rule not in known:
                notes.append(f"{draft.path}:{line}: warning: plmsg-{d.action} names unknown rule {rule!r}")
        if report_unused and d.action != "enable" and n not in used:
            named = ",".join(d.rules)
            notes.append(f"{draft.path}:{line}: unused suppression: plmsg-{d.action}"
                         f"{' ' + named if named else ''} suppressed nothing")
    return notes


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    unique = {(f.rule, f.start, f.end, f.message): f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key)
