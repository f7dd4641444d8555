"""Rule and glossary files → validated, compiled rules.

Built-in rules live in `rules/` and the glossary in `glossary.yaml`; a district adds its
own with `rule_paths:` and `glossary:` in config. A district rule with the id of a
built-in one replaces it only when it says `override: true`.
"""

from __future__ import annotations

import importlib
import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .kinds.base import (PLACEHOLDERS, Example, Field, Rule, RuleSpec, v_choice, v_num, v_severity,
                         v_severity_map, v_str, v_str_list, validate_fields)
from .model import AUDIENCES, BLOCK_KINDS, Severity
from .yamlio import ConfigError, Located, load_yaml

KINDS = ("existence", "substitution", "consistency", "opening", "requires", "metric",
         "sentence", "pattern")
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


def data_dir() -> Path:
    """Where the built-in rules and glossary are: inside the installed package, or, in a
    source checkout, at the repository root."""
    packaged = Path(str(importlib.resources.files("plmsg"))) / "data"
    if (packaged / "rules").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


# -- glossary ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class JargonEntry:
    term: str
    plain: tuple[str, ...]
    pos: str | None = None
    acronym: str | None = None
    note: str | None = None
    not_near: tuple[str, ...] = ()
    audiences: tuple[str, ...] = AUDIENCES
    plural: tuple[str, ...] = ()  # the rewrites for the plural term, where inflecting reads wrong


@dataclass(frozen=True)
class TermFamily:
    name: str
    default: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    jargon: tuple[JargonEntry, ...] = ()
    families: tuple[TermFamily, ...] = ()

    def family(self, name: str) -> TermFamily | None:
        return next((f for f in self.families if f.name == name), None)

    def merged(self, other: "Glossary") -> "Glossary":
        """A district's entries replace built-in ones with the same term or family name."""
        terms = {e.term.lower(): e for e in self.jargon}
        terms.update({e.term.lower(): e for e in other.jargon})
        families = {f.name: f for f in self.families}
        families.update({f.name: f for f in other.families})
        return Glossary(tuple(terms.values()), tuple(families.values()))


_POS = v_choice("noun", "verb", "adjective", "adverb", "phrase")
_JARGON_FIELDS = {
    "term": Field(v_str, required=True),
    "plain": Field(v_str_list, required=True),
    "pos": Field(_POS),
    "acronym": Field(v_str),
    "note": Field(v_str),
    "not_near": Field(v_str_list, ()),
    "plural": Field(v_str_list, ()),
    "audiences": Field(lambda v, p, l: tuple(v_choice(*AUDIENCES)(a, p + (i,), l)
                                             for i, a in enumerate(v_str_list(v, p, l))), AUDIENCES),
}
_FAMILY_FIELDS = {
    "name": Field(v_str, required=True),
    "default": Field(v_str, required=True),
    "members": Field(v_str_list, required=True),
}


def load_glossary(path: Path) -> Glossary:
    loc = _load_file(path)
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
        jargon.append(JargonEntry(" ".join(v["term"].split()), v["plain"], v["pos"], v["acronym"],
                                  v["note"], v["not_near"], v["audiences"], v["plural"]))
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
@dataclass(frozen=True)
class Profile:
    """How drafts for one audience are checked."""

    name: str
    summary: str
    max_grade: float
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)


_PROFILE_FIELDS = {
    "summary": Field(v_str, required=True),
    "max_grade": Field(v_num, required=True),
    "ignore": Field(v_str_list, ()),
    "severity": Field(v_severity_map, {}),
}


def load_profiles(path: Path) -> dict[str, Profile]:
    loc = _load_file(path)
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


@dataclass(frozen=True)
class Principle:
    id: str
    title: str
    summary: str
    rules: tuple[str, ...]


def load_principles(path: Path) -> tuple[Principle, ...]:
    loc = _load_file(path)
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
def kind_class(kind: str) -> type[Rule]:
    return importlib.import_module(f"plmsg.kinds.{kind}").RULE


def _v_example(value, path, loc) -> Example:
    if isinstance(value, str):
        if not value.strip():
            raise loc.error(path, "an example must not be empty")
        return Example(value)
    if isinstance(value, dict):
        v = validate_fields({"text": Field(v_str, required=True),
                             "better": Field(v_str),
                             "audience": Field(v_choice(*AUDIENCES)),
                             "format": Field(v_choice("markdown", "html", "text"), "markdown")},
                            value, path, loc, "an example")
        if v["better"] and path[-2] != "bad":
            raise loc.error(path + ("better",), "only a bad example has a better rewrite")
        return Example(v["text"], v["audience"], v["format"], v["better"])
    raise loc.error(path, "an example is a string or {text:, better:, audience:, format:}")


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
    "override": Field(lambda v, p, l: bool(v), False),
}


@dataclass(frozen=True)
class RuleSource:
    """A rule file read and validated, not yet compiled into matchers."""

    cls: type
    spec: RuleSpec
    override: bool
    located: Located
    keys: tuple[str, ...]


def load_rule_file(path: Path, library) -> Rule:
    return compile_rule(read_rule_file(path, library), library)


def compile_rule(source: RuleSource, library) -> Rule:
    try:
        rule = source.cls(source.spec, library)
    except ConfigError:
        raise
    except ValueError as exc:  # a pattern spaCy rejects, a rule with nothing to match
        key = next((k for k in ("patterns", "dependency", "swap", "tokens", "members", "family")
                    if k in source.keys), None)
        detail = " ".join(str(exc).split())
        raise source.located.error((key,) if key else (), f"cannot compile rule: {detail}") from None
    rule.override = source.override
    return rule


def read_rule_file(path: Path, library) -> RuleSource:
    loc = _load_file(path)
    data = loc.data
    if not isinstance(data, dict):
        raise loc.error((), "a rule file is a mapping (id:, kind:, message:, ...)")
    kind = data.get("kind")
    if kind not in KINDS:
        raise loc.error(("kind",), f"unknown kind {kind!r} (choose from {', '.join(KINDS)})"
                        if kind is not None else "missing required key 'kind'")
    cls = kind_class(kind)
    fields = {**COMMON, **cls.FIELDS}
    values = validate_fields(fields, data, (), loc, f"a {kind} rule")
    for name in PLACEHOLDERS.findall(values["message"]):
        if name not in cls.placeholders:
            raise loc.error(("message",), f"unknown placeholder {{{name}}} (this kind offers "
                            f"{', '.join('{' + p + '}' for p in cls.placeholders) or 'none'})")
    params = {k: values[k] for k in cls.FIELDS}
    options = library.options.get(values["id"])
    if options:
        params.update(_option_values(cls, options, values["id"], library))
    spec = RuleSpec(
        id=values["id"], kind=kind, severity=values["severity"], message=values["message"],
        explain=values["explain"].strip(), summary=values["summary"].strip(),
        audiences=values["audiences"], tags=values["tags"],
        scope=values["scope"] or cls.default_scope,
        bad=values["examples"]["bad"], good=values["examples"]["good"],
        params=params, source=str(path), line=loc.line(("id",)) or 1,
    )
    return RuleSource(cls, spec, values["override"], loc, tuple(data))


def _option_values(cls, options: Mapping[str, Any], rule_id: str, library) -> dict:
    """Config `options:` for one rule, checked against that rule kind's fields."""
    loc = library.options_located
    path = ("options", rule_id)
    out = {}
    for key, value in options.items():
        if key not in cls.FIELDS:
            known = ", ".join(sorted(cls.FIELDS)) or "none"
            raise loc.error(path + (key,), f"unknown option for {rule_id} (known: {known})")
        out[key] = cls.FIELDS[key].check(value, path + (key,), loc)
    return out


def _load_file(path: Path) -> Located:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(str(path), "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read file: {exc}") from None
    return load_yaml(text, str(path))


def rule_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        raise ConfigError(str(folder), "rule path not found")
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
