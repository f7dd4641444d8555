"""Named word lists in rule files: define a list once, use it anywhere as `$name`.

    lists:
      learner: [student, child, kid, learner]
      outcome: [improve, master, succeed, thrive]
    slots:
      everyone:
        - [{LOWER: {IN: [every, each]}}, {LEMMA: {IN: $learner}}]
    unless: [$hedge, some say]

A `$name` stands for the list's words wherever a list of words goes: as an item of a
list (its words take its place), as the value of IN or NOT_IN in a token pattern, or as
a token attribute's whole value (`{LEMMA: $outcome}`, read as `{LEMMA: {IN: [...]}}`). A
list may use a list defined above it, and a phrase may hold one: `$able programs` is
"gifted programs", "advanced programs".
"""

from __future__ import annotations

import re
from typing import Any, Mapping

REF = re.compile(r"\$([a-z][a-z0-9_]*)\Z")
_IN_PHRASE = re.compile(r"(?<!\S)\$([a-z][a-z0-9_]*)(?!\S)")
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def ref_name(value: Any) -> str | None:
    m = REF.match(value) if isinstance(value, str) else None
    return m.group(1) if m else None


def v_lists(value, path, loc) -> dict[str, tuple[str, ...]]:
    """name: [words]; an item `$other` takes the words of a list defined above."""
    if not isinstance(value, dict):
        raise loc.error(path, "expected a mapping of list name: [words]")
    out: dict[str, tuple[str, ...]] = {}
    for name, words in value.items():
        where = path + (name,)
        if not isinstance(name, str) or not _NAME.match(name):
            raise loc.error(where, f"a list name is lower-case letters, digits and _ (got {name!r})")
        if isinstance(words, str) or not isinstance(words, list) or not words:
            raise loc.error(where, "expected a non-empty list of words")
        items: list[str] = []
        for i, w in enumerate(words):
            if not isinstance(w, str) or not w.strip():
                raise loc.error(where + (i,), "expected a word or phrase")
            other = ref_name(w)
            if other is None:
                items.append(" ".join(w.split()))
            elif other in out:
                items.extend(out[other])
            elif other in value:
                raise loc.error(where + (i,), f"list ${other} is used before it is defined; define it above {name}")
            else:
                raise loc.error(where + (i,), f"unknown list ${other}")
        out[name] = tuple(dict.fromkeys(items))
    return out


def check_refs(data: Mapping, lists: Mapping[str, Any], loc, skip=("lists",)) -> None:
    """Every `$name` in a rule file names a defined list: else an error at its key."""

    def walk(value, path):
        names = _IN_PHRASE.findall(value) if isinstance(value, str) else []
        for name in names:
            if name not in lists:
                known = ", ".join("$" + k for k in lists) or "none defined"
                raise loc.error(path, f"unknown list ${name} (lists: {known})")
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,))

    for key, value in data.items():
        if key not in skip:
            walk(value, (key,))


# Token attributes whose values are words (a list reference is allowed in them).
_WORD_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "LEMMA"}


def resolve(value: Any, lists: Mapping[str, tuple[str, ...]], in_pattern: bool = False) -> Any:
    """`value` with every list reference replaced by the list's words. Raises ValueError
    for an unknown list, or a phrase of several words where a token pattern wants one."""
    if isinstance(value, (list, tuple)):
        in_pattern = in_pattern or _is_pattern(value)  # a token pattern is a list of token mappings
        out: list = []
        for v in value:
            name = ref_name(v)
            if name is not None:
                out.extend(_words(name, lists, in_pattern))
            elif not in_pattern and isinstance(v, str) and "$" in v:
                out.extend(_phrases(v, lists))
            else:
                out.append(resolve(v, lists, in_pattern))
        return tuple(out) if isinstance(value, tuple) else out
    if isinstance(value, dict):
        out_d = {}
        for k, v in value.items():
            name = ref_name(v)
            if in_pattern and name is not None and isinstance(k, str) and k.upper() in _WORD_ATTRS:
                out_d[k] = {"IN": _words(name, lists, True)}
            elif in_pattern and name is not None and k in ("IN", "NOT_IN"):
                out_d[k] = _words(name, lists, True)
            else:
                out_d[k] = resolve(v, lists, in_pattern)
        return out_d
    return value


def _phrases(template: str, lists: Mapping[str, tuple[str, ...]]) -> list[str]:
    """"$able programs" → "gifted programs", "advanced programs": a phrase for each word
    of each list it names."""
    out = [""]
    for word in template.split():
        name = ref_name(word)
        options = _words(name, lists, False) if name is not None else [word]
        out = [f"{o} {w}".strip() for o in out for w in options]
    return out


def _is_pattern(value) -> bool:
    return bool(value) and all(isinstance(t, dict) for t in value)


def _words(name: str, lists: Mapping[str, tuple[str, ...]], one_token: bool) -> list[str]:
    if name not in lists:
        raise ValueError(f"unknown list ${name}")
    words = list(lists[name])
    if one_token:
        long = [w for w in words if " " in w]
        if long:
            raise ValueError(f"list ${name} has phrases of several words ({', '.join(long[:3])}); a token "
                             "in a pattern matches one word")
    return words
