"""The small English words plmsg reads context with, as data (english.yaml).

Negations, greetings, attribution words, the cues that say a term is explained, the
words that make a sentence a promise: the rules' grammar lives in Python, these words in
a file a district can extend (`english:` in its config, a file of the same shape whose
words are added to the shipped ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache
from pathlib import Path

from .paths import data_dir
from .yamlio import Located, load_yaml_file


@dataclass(frozen=True)
class English:
    negations: frozenset[str] = frozenset()
    declined: frozenset[str] = frozenset()
    greetings: tuple[str, ...] = ()
    attribution: frozenset[str] = frozenset()
    explained_after: tuple[str, ...] = ()
    explaining_verbs: tuple[str, ...] = ()
    explained_before: tuple[str, ...] = ()
    defining_verbs: tuple[str, ...] = ()
    back_references: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    future: frozenset[str] = frozenset()
    certainty: frozenset[str] = frozenset()

    def merged(self, other: "English") -> "English":
        """These words and the other's, the other's added after these."""
        values = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            values[f.name] = mine | theirs if isinstance(mine, frozenset) else \
                tuple(dict.fromkeys(mine + theirs))
        return English(**values)

    # -- the patterns built from the words -------------------------------------------------
    @cached_property
    def greeting(self) -> re.Pattern:
        """"Dear families," or "Hi team," alone in a paragraph."""
        return re.compile(rf"(?:{_alternatives(self.greetings)})\b.*[,:]\s*$|.*[,:]$", re.I | re.S)

    @cached_property
    def explained_right_after(self) -> re.Pattern:
        """What, right after a term, explains it: a parenthesis, a dash, a colon that opens
        a gloss, "a/an ..." after a comma, "which means", "stands for" ..."""
        return re.compile(
            r"(?:\s*\(|\s*[—–]|\s+--|:\s+(?=[^,;.]{8,}[.;]|[^,;.]{8,}$|an?\s)|,\s+(?:an?)\s+(?!lot\b|few\b|little\b)"
            rf"|,?\s*(?:{_alternatives(self.explained_after)}"
            r"|which (?:is|are) (?:a|an|the|short|small|simple|when|where|how))\b"
            rf"|\s+(?:{_alternatives(self.explaining_verbs)})\b)", re.I)

    @cached_property
    def explained_right_before(self) -> re.Pattern:
        """"what teachers call", "known as", "the term" just before a term."""
        return re.compile(rf"\b(?:{_alternatives(self.explained_before)}|(?:what|which) (?:\w+ ){{0,3}}calls?)"
                          r"(?: an?| the)?\s*$", re.I)

    @cached_property
    def defines(self) -> re.Pattern:
        """After a term that opens its sentence: a verb that says what it is or does."""
        return re.compile(rf"[\"”’']?\s+(?:{_alternatives(self.defining_verbs)})\b", re.I)


def _alternatives(phrases) -> str:
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True))


def load_english(path: Path) -> English:
    """An English word file: each key a list of words; unknown keys are errors with the
    file, line and key."""
    loc: Located = load_yaml_file(path)
    data = loc.data if loc.data is not None else {}
    if not isinstance(data, dict):
        raise loc.error((), "an English word file is a mapping of list name: [words]")
    known = {f.name: f for f in fields(English)}
    values = {}
    for key, words in data.items():
        if key not in known:
            raise loc.error((key,), f"unknown word list (known: {', '.join(known)})")
        if isinstance(words, str) or not isinstance(words, list):
            raise loc.error((key,), "expected a list of words")
        for i, w in enumerate(words):
            if not isinstance(w, str) or not w.strip():
                raise loc.error((key, i), "expected a word or phrase (quote words YAML reads as true, false "
                                "or numbers: \"no\", \"if\")")
        clean = [" ".join(w.lower().split()) for w in words]
        values[key] = frozenset(clean) if known[key].type.startswith("frozenset") else tuple(clean)
    return English(**values)


@lru_cache(maxsize=1)
def shipped() -> English:
    """The words plmsg ships."""
    return load_english(data_dir() / "english.yaml")
