"""Rule and glossary files → validated, compiled rules.

Built-in rules live in `rules/` and the glossary in `glossary.yaml`; a district adds its
own with `rule_paths:` and `glossary:` in config. A district rule with the id of a
built-in one replaces it only when it says `override: true`; a district file with
`extends: ID` instead adds to the rule with that id (see `extend`). Config `options:`
apply last, and never replace a list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

from .kinds import KINDS
from .kinds.base import Rule
from .kinds.wordlists import check_refs, v_lists
from .model import AUDIENCES, BLOCK_KINDS, Severity
from .paths import data_dir
from .schema import (PLACEHOLDERS, Field, v_bool, v_choice, v_num, v_severity, v_severity_map, v_str,
                     v_str_list, validate_fields)
from .spec import Example, Glossary, JargonEntry, Principle, Profile, RuleSpec, TermFamily
from .yamlio import ConfigError, Located, load_yaml_file

_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


# -- glossary ---------------------------------------------------------------------------------
_POS = v_choice("noun", "verb", "adjective", "adverb", "phrase")
_JARGON_FIELDS = {
    "term": Field(v_str, required=True),
    "plain": Field(v_str_list, required=True),
    "pos": Field(_POS),
    "acronym": Field(v_str),
    "note": Field(v_str),
    "not_near": Field(v_str_list, ()),
    "plural": Field(v_str_list, ()),
    "audiences": Field(lambda v, p, l: _v_audiences(v, p, l), AUDIENCES),
    "known_to": Field(lambda v, p, l: _v_audiences(v, p, l), ()),
}


def _v_audiences(value, path, loc) -> tuple[str, ...]:
    return tuple(v_choice(*AUDIENCES)(a, path + (i,), loc) for i, a in enumerate(v_str_list(value, path, loc)))
_FAMILY_FIELDS = {
    "name": Field(v_str, required=True),
    "default": Field(v_str, required=True),
    "members": Field(v_str_list, required=True),
}


def load_glossary(path: Path) -> Glossary:
    loc = load_yaml_file(path)
    data = loc.data or {}
    if not isinstance(data, dict):
        raise loc.error((), "a glossary is a mapping with jargon: and term_families:")
    validate_fields({"jargon": Field(lambda v, p, l: v, []), "term_families": Field(lambda v, p, l: v, [])},
                    data, (), loc, "a glossary")
    jargon, seen = [], set()
    for i, item in enumerate(_as_list(data.get("jargon") or [], ("jargon",), loc)):
        if not isinstance(item, dict):
            raise loc.error(("jargon", i), "each entry is a mapping with term: and plain:")
        v = validate_fields(_JARGON_FIELDS, item, ("jargon", i), loc, "a glossary entry")
        key = v["term"].lower()
        if key in seen:
            raise loc.error(("jargon", i, "term"), f"duplicate glossary term {v['term']!r}")
        seen.add(key)
        if v["plural"] and len(v["plural"]) != len(v["plain"]):
            raise loc.error(("jargon", i, "plural"), "give one plural for each plain rewrite, in the same order")
        audiences = tuple(a for a in v["audiences"] if a not in v["known_to"])
        jargon.append(JargonEntry(" ".join(v["term"].split()), v["plain"], v["pos"], v["acronym"],
                                  v["note"], v["not_near"], audiences, v["plural"]))
    families = []
    for i, item in enumerate(_as_list(data.get("term_families") or [], ("term_families",), loc)):
        if not isinstance(item, dict):
            raise loc.error(("term_families", i), "each family is a mapping with name:, default:, members:")
        v = validate_fields(_FAMILY_FIELDS, item, ("term_families", i), loc, "a term family")
        if v["default"].lower() not in {m.lower() for m in v["members"]}:
            raise loc.error(("term_families", i, "default"), "the default must be one of the members")
        families.append(TermFamily(v["name"], v["default"], v["members"]))
    return Glossary(tuple(jargon), tuple(families))


def _as_list(value, path, loc):
    if not isinstance(value, list):
        raise loc.error(path, "expected a list")
    return value


# -- audience profiles and principles ------------------------------------------------------------
_PROFILE_FIELDS = {
    "summary": Field(v_str, required=True),
    "max_grade": Field(v_num, required=True),
    "ignore": Field(v_str_list, ()),
    "severity": Field(v_severity_map, {}),
}


def load_profiles(path: Path) -> dict[str, Profile]:
    loc = load_yaml_file(path)
    data = loc.data
    if not isinstance(data, dict):
        raise loc.error((), "audience profiles are a mapping of audience: {summary:, max_grade:, ...}")
    profiles = {}
    for name in data:
        if name not in AUDIENCES:
            raise loc.error((name,), f"unknown audience {name!r} (choose from {', '.join(AUDIENCES)})")
    for name in AUDIENCES:
        if name not in data or not isinstance(data[name], dict):
            raise loc.error((name,) if name in data else (), f"missing profile for audience {name!r}")
        v = validate_fields(_PROFILE_FIELDS, data[name], (name,), loc, "an audience profile")
        profiles[name] = Profile(name, " ".join(v["summary"].split()), v["max_grade"], v["ignore"], v["severity"])
    return profiles


def load_principles(path: Path) -> tuple[Principle, ...]:
    loc = load_yaml_file(path)
    if not isinstance(loc.data, list):
        raise loc.error((), "principles are a list of {id:, title:, summary:, rules:}")
    fields = {"id": Field(v_str, required=True), "title": Field(v_str, required=True),
              "summary": Field(v_str, required=True), "rules": Field(v_str_list, ())}
    out = []
    for i, item in enumerate(loc.data):
        if not isinstance(item, dict):
            raise loc.error((i,), "expected {id:, title:, summary:, rules:}")
        v = validate_fields(fields, item, (i,), loc, "a principle")
        out.append(Principle(v["id"], v["title"], v["summary"], v["rules"]))
    return tuple(out)


# -- rules -------------------------------------------------------------------------------------
def _v_example(value, path, loc) -> Example:
    if isinstance(value, str):
        if not value.strip():
            raise loc.error(path, "an example must not be empty")
        return Example(value)
    if isinstance(value, dict):
        v = validate_fields({"text": Field(v_str, required=True),
                             "better": Field(v_str),
                             "audience": Field(v_choice(*AUDIENCES)),
                             "format": Field(v_choice("markdown", "html", "text"), "markdown"),
                             "preferred_term": Field(v_str),
                             "fixed": Field(lambda x, p, l: x if isinstance(x, str) else v_str(x, p, l))},
                            value, path, loc, "an example")
        for key, what in (("better", "a better rewrite"), ("fixed", "the text after --fix")):
            if v[key] is not None and path[-2] != "bad":
                raise loc.error(path + (key,), f"only a bad example has {what}")
        return Example(v["text"], v["audience"], v["format"], v["better"], v["preferred_term"], v["fixed"])
    raise loc.error(path, "an example is a string or {text:, better:, fixed:, audience:, format:, preferred_term:}")


def _v_examples(value, path, loc):
    if not isinstance(value, dict):
        raise loc.error(path, "expected examples: {bad: [...], good: [...]}")
    v = validate_fields({"bad": Field(lambda x, p, l: x, []), "good": Field(lambda x, p, l: x, [])},
                        value, path, loc, "examples")
    out = {}
    for side in ("bad", "good"):
        items = v[side] or []
        if not isinstance(items, list):
            raise loc.error(path + (side,), "expected a list of examples")
        out[side] = tuple(_v_example(x, path + (side, i), loc) for i, x in enumerate(items))
    return out


def _v_id(value, path, loc):
    v_str(value, path, loc)
    if not set(value) <= _ID_CHARS or value.startswith("-") or value.endswith("-"):
        raise loc.error(path, f"rule ids are kebab-case (lower-case letters, digits, '-'): {value!r}")
    return value


COMMON = {
    "id": Field(_v_id, required=True),
    "kind": Field(v_choice(*KINDS), required=True),
    "severity": Field(v_severity, Severity.WARNING),
    "message": Field(v_str, required=True),
    "summary": Field(v_str, required=True),
    "explain": Field(v_str, required=True),
    "audiences": Field(lambda v, p, l: tuple(v_choice(*AUDIENCES)(a, p + (i,), l)
                                             for i, a in enumerate(v_str_list(v, p, l))), AUDIENCES),
    "tags": Field(v_str_list, ()),
    "scope": Field(lambda v, p, l: tuple(v_choice(*BLOCK_KINDS)(s, p + (i,), l)
                                         for i, s in enumerate(v_str_list(v, p, l))), None),
    "examples": Field(_v_examples, None, required=True),
    "override": Field(v_bool, False),
    "lists": Field(v_lists, {}),
}


@dataclass(frozen=True)
class RuleSource:
    """A rule read and validated, not yet compiled into matchers.

    `spec` is the rule as it runs: its file, then the district files that extend it, then
    config `options:`. `written` is the same before `options:` (what `plmsg rules --test`
    checks the examples against). `origins` says which file each example came from.
    `spec.source` is the last file that shaped the rule (the extension, if any), so that a
    cache keyed on it sees a district's edits; `files` lists them all.
    """

    cls: type
    spec: RuleSpec
    override: bool
    located: Located
    keys: tuple[str, ...]
    extensions: tuple[str, ...] = ()  # district files with `extends:` this rule, in order
    written: RuleSpec | None = None
    origins: tuple["ExampleOrigin", ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        """The rule's own file, then each file that extends it."""
        return (self.origins[0].located.path if self.origins else self.spec.source, *self.extensions)


@dataclass(frozen=True)
class ExampleOrigin:
    """The file a run of a rule's examples came from: its first `bad` bad ones and
    `good` good ones, in the order the rule lists them."""

    located: Located
    bad: int
    good: int
    builtin: bool


@dataclass(frozen=True)
class Extension:
    """A district rule file with `extends: ID`: read, not yet applied to the rule it extends."""

    base: str
    located: Located


def load_rule_file(path: Path, library) -> Rule:
    return compile_rule(read_rule_file(path, library), library)


def compile_rule(source: RuleSource, library) -> Rule:
    try:
        rule = source.cls(source.spec, library)
    except ConfigError:
        raise
    except ValueError as exc:  # a pattern spaCy rejects, a rule with nothing to match
        key = next((k for k in ("slots", "claims", "patterns", "dependency", "swap", "tokens", "members", "family")
                    if k in source.keys), None)
        detail = " ".join(str(exc).split())
        raise source.located.error((key,) if key else (), f"cannot compile rule: {detail}") from None
    rule.override = source.override
    return rule


def read_rule_file(path: Path, library, options: bool = True) -> RuleSource:
    """A rule file (not an extension), with config `options:` applied unless told not to."""
    loc = load_yaml_file(path)
    if isinstance(loc.data, dict) and "extends" in loc.data:
        raise loc.error(("extends",), "a file that extends a rule is read with the rules it extends: "
                        "list its folder under rule_paths: in the config")
    source = _rule_source(Path(path), loc)
    return with_options(source, library) if options else source


def read_district_rule(path: Path) -> RuleSource | Extension:
    """A district rule file: a rule of its own, or (with `extends:`) additions to another."""
    loc = load_yaml_file(path)
    if isinstance(loc.data, dict) and "extends" in loc.data:
        base = _v_id(loc.data["extends"], ("extends",), loc)
        for key in ("id", "kind", "override"):
            if key in loc.data:
                raise loc.error((key,), f"a file that extends {base!r} takes its id and kind from it; "
                                f"remove {key}: (or drop extends: and use override: true to replace it)")
        return Extension(base, loc)
    return _rule_source(Path(path), loc)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _is_builtin(path: Path) -> bool:
    try:
        Path(path).resolve().relative_to((data_dir() / "rules").resolve())
        return True
    except ValueError:
        return False


def _rule_source(path: Path, loc: Located) -> RuleSource:
    data = loc.data
    if not isinstance(data, dict):
        raise loc.error((), "a rule file is a mapping (id:, kind:, message:, ...)")
    kind = data.get("kind")
    if kind not in KINDS:
        raise loc.error(("kind",), f"unknown kind {kind!r} (choose from {', '.join(KINDS)})"
                        if kind is not None else "missing required key 'kind'")
    cls = KINDS[kind]
    fields = {**COMMON, **cls.FIELDS}
    values = validate_fields(fields, data, (), loc, f"{_article(kind)} {kind} rule")
    _check_placeholders(cls, values["message"], loc)
    check_refs(data, values["lists"], loc)
    spec = RuleSpec(
        id=values["id"], kind=kind, severity=values["severity"], message=values["message"],
        explain=values["explain"].strip(), summary=values["summary"].strip(),
        audiences=values["audiences"], tags=values["tags"],
        scope=values["scope"] or cls.default_scope,
        bad=values["examples"]["bad"], good=values["examples"]["good"],
        params={**{k: values[k] for k in cls.FIELDS}, "lists": values["lists"]}, source=str(path),
        line=loc.line(("id",)) or 1,
    )
    origin = ExampleOrigin(loc, len(spec.bad), len(spec.good), _is_builtin(path))
    return RuleSource(cls, spec, values["override"], loc, tuple(data), written=spec, origins=(origin,))


def _check_placeholders(cls, message: str, loc: Located) -> None:
    for name in PLACEHOLDERS.findall(message):
        if name not in cls.placeholders:
            raise loc.error(("message",), f"unknown placeholder {{{name}}} (this kind offers "
                            f"{', '.join('{' + p + '}' for p in cls.placeholders) or 'none'})")


# What an extension may set: every field of the rule's kind, all of them optional.
_EXTENSION_COMMON = ("severity", "message", "summary", "explain", "audiences", "tags", "scope", "examples")


def extend(source: RuleSource, ext: Extension) -> RuleSource:
    """A rule with a district's additions: lists (tokens, exceptions, examples, tags, ...)
    get the new items after the old ones, mappings (swap, max_grade) get the new keys
    (a key given again takes the new value), and single values (severity, message,
    min_words, ...) are replaced."""
    cls, loc, spec = source.cls, ext.located, source.spec
    data = {k: v for k, v in loc.data.items() if k != "extends"}
    fields = {k: Field(COMMON[k].check) for k in _EXTENSION_COMMON}
    fields.update({k: Field(f.check) for k, f in cls.FIELDS.items()})
    fields["lists"] = Field(v_lists)
    values = validate_fields(fields, data, (), loc, f"an extension of {spec.id} ({_article(spec.kind)} "
                             f"{spec.kind} rule)")
    given = {k: values[k] for k in data}
    if "message" in given:
        _check_placeholders(cls, given["message"], loc)
    examples = given.pop("examples", {"bad": (), "good": ()})
    common = {k: given.pop(k) for k in _EXTENSION_COMMON if k in given}
    for key in ("summary", "explain"):
        if key in common:
            common[key] = common[key].strip()
    merged = {k: _merge(getattr(spec, k), v) for k, v in common.items()}
    if "lists" in given:  # a list named again grows; a new name is a new list
        old = spec.params.get("lists") or {}
        given["lists"] = {**old, **{k: _merge(old.get(k), v) for k, v in given["lists"].items()}}
        check_refs(data, given["lists"], loc)
    params = {**spec.params, **{k: _merge(spec.params.get(k), v) for k, v in given.items()}}
    new = replace(spec, **merged, bad=spec.bad + examples["bad"], good=spec.good + examples["good"],
                  params=params, source=loc.path, line=loc.line(("extends",)) or 1)
    origin = ExampleOrigin(loc, len(examples["bad"]), len(examples["good"]), False)
    return replace(source, spec=new, written=new, located=loc, keys=tuple(data),
                   extensions=source.extensions + (loc.path,), origins=source.origins + (origin,))


def _merge(old, new):
    if isinstance(old, tuple) and isinstance(new, tuple):
        return old + tuple(x for x in new if x not in old)
    if isinstance(old, dict) and isinstance(new, dict):
        return {**old, **new}
    return new


def with_options(source: RuleSource, library) -> RuleSource:
    """The rule with config `options:` applied (its `written` spec keeps the files' values)."""
    options = library.options.get(source.spec.id)
    if not options:
        return source
    params = {**source.spec.params, **_option_values(source, options, library)}
    return replace(source, spec=replace(source.spec, params=params))


def _option_values(source: RuleSource, options: Mapping[str, Any], library) -> dict:
    """Config `options:` for one rule, checked against that rule kind's fields. An option
    replaces a single value and adds keys to a mapping; it never replaces a list (which
    would silently drop the rule's own entries): lists grow with `extends:`."""
    cls, rule_id = source.cls, source.spec.id
    loc = library.options_located
    path = ("options", rule_id)
    out = {}
    for key, value in options.items():
        if key not in cls.FIELDS:
            known = ", ".join(sorted(cls.FIELDS)) or "none"
            raise loc.error(path + (key,), f"unknown option for {rule_id} (known: {known})")
        checked = cls.FIELDS[key].check(value, path + (key,), loc)
        if isinstance(checked, tuple):
            raise loc.error(path + (key,), f"{key} is a list, and options: would replace it (losing "
                            f"{rule_id}'s own entries); to add to it, write a rule file with "
                            f"'extends: {rule_id}' and list the new {key} there (see README, "
                            "'Your district's own style')")
        out[key] = _merge(source.spec.params.get(key), checked)
    return out


def rule_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        raise ConfigError(str(folder), "rule path not found")
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
