"""Validating configuration, rule and glossary data: each field's validator, and the
message templates rules fill in. A bad value raises an error naming the file, line and
key (through `yamlio.Located`)."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .model import AUDIENCES, Severity
from .yamlio import Located

Validator = Callable[[Any, tuple, "Located"], Any]


@dataclass(frozen=True)
class Field:
    check: Validator
    default: Any = None
    required: bool = False
    doc: str = ""


def v_str(value, path, loc):
    if not isinstance(value, str) or not value.strip():
        raise loc.error(path, "expected a non-empty string")
    return value


def v_bool(value, path, loc):
    if not isinstance(value, bool):
        raise loc.error(path, "expected true or false")
    return value


def v_int(value, path, loc):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise loc.error(path, "expected a whole number of 0 or more")
    return value


def v_num(value, path, loc):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise loc.error(path, "expected a number")
    return float(value)


def v_str_list(value, path, loc):
    # A lone string is refused, not read as a list of one: `tokens: a, b` would otherwise
    # become the single phrase "a, b" without a word said.
    if isinstance(value, str):
        raise loc.error(path, f"expected a list of strings, got the string {value!r} "
                        f"(write [{value}] or one '- item' per line)")
    if not isinstance(value, list):
        raise loc.error(path, "expected a list of strings")
    for i, item in enumerate(value):
        v_str(item, path + (i,), loc)
    return tuple(value)


def v_swap(value, path, loc):
    """phrase → rewrite or [rewrites] (an empty list: flag, offer no rewrite)."""
    if not isinstance(value, dict):
        raise loc.error(path, "expected a mapping of phrase: rewrite")
    out = {}
    for phrase, rewrites in value.items():
        v_str(phrase, path + (phrase,), loc)
        if isinstance(rewrites, str):
            rewrites = [rewrites]
        if not isinstance(rewrites, list):
            raise loc.error(path + (phrase,), "expected a rewrite or a list of rewrites")
        for i, r in enumerate(rewrites):
            v_str(r, path + (phrase, i), loc)
        out[" ".join(phrase.split())] = tuple(rewrites)
    return out


def v_audience_map(value, path, loc):
    """A number for all audiences, or {audience: number}."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {a: float(value) for a in AUDIENCES}
    if not isinstance(value, dict):
        raise loc.error(path, "expected a number or a mapping of audience: number")
    out = {}
    for k, v in value.items():
        if k not in AUDIENCES:
            raise loc.error(path + (k,), f"unknown audience {k!r} (choose from {', '.join(AUDIENCES)})")
        out[k] = v_num(v, path + (k,), loc)
    return out


def v_severity(value, path, loc):
    try:
        return Severity.parse(value)
    except (ValueError, TypeError) as exc:
        raise loc.error(path, str(exc)) from None


def v_severity_map(value, path, loc):
    if not isinstance(value, dict):
        raise loc.error(path, "expected a mapping of rule: severity")
    return {rule: v_severity(level, path + (rule,), loc) for rule, level in value.items()}


def v_choice(*choices: str) -> Validator:
    def check(value, path, loc):
        if value not in choices:
            raise loc.error(path, f"expected one of {', '.join(choices)}")
        return value

    return check


def v_list_of(item: Validator) -> Validator:
    def check(value, path, loc):
        if not isinstance(value, list):
            raise loc.error(path, "expected a list")
        return tuple(item(v, path + (i,), loc) for i, v in enumerate(value))

    return check


def validate_fields(fields: Mapping[str, Field], data: Mapping, path: tuple, loc: "Located",
                    what: str) -> dict:
    out = {}
    for key in data:
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise loc.error(path + (key,), f"unknown key for {what} (known: {known})")
    for key, spec in fields.items():
        if key in data:
            out[key] = spec.check(data[key], path + (key,), loc)
        elif spec.required:
            raise loc.error(path, f"missing required key {key!r} for {what}")
        else:
            out[key] = spec.default
    return out


# -- message templates ----------------------------------------------------------------------
class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_message(template: str, values: Mapping[str, Any]) -> str:
    return string.Formatter().vformat(template, (), _Blank(values))


PLACEHOLDERS = re.compile(r"\{([a-z_]+)\}")
