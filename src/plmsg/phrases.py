"""Phrase lists compiled into spaCy matchers, with inflections expanded once.

A rule lists base forms ("leverage", "learner profile"); at compile time each becomes
all its inflected forms (lemminflect), so matching runs on tokenizer output alone:
"Leveraging" and "learner profiles" match without running spaCy's lemmatizer.
Acronyms (all capitals) match case-sensitively, so "SEL" never catches "sel".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


_NOUN_TAGS = ("NNS",)
_VERB_TAGS = ("VBD", "VBG", "VBZ", "VBN")


def is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in phrase.strip()


def inflections(phrase: str, pos: str | None = None) -> set[str]:
    """Surface forms of a phrase: its inflections, and the spaced form of hyphenated words."""
    from lemminflect import getAllInflections, getInflection

    phrase = " ".join(phrase.split())
    forms = {phrase}
    if is_acronym(phrase):
        return {phrase, phrase + "s"}
    words = phrase.split(" ")
    if pos in (None, "noun", "phrase"):
        last = words[-1]
        if last.isalpha():
            for tag in _NOUN_TAGS:
                for form in getInflection(last, tag=tag, inflect_oov=True) or ():
                    forms.add(" ".join(words[:-1] + [form]))
    first = words[0]
    known_verb = bool(getAllInflections(first, upos="VERB")) if first.isalpha() else False
    if pos == "verb" or (pos == "phrase" and len(words) > 1) or (pos is None and (len(words) == 1 or known_verb)):
        if first.isalpha():
            for tag in _VERB_TAGS:
                for form in getInflection(first, tag=tag, inflect_oov=pos is not None) or ():
                    forms.add(" ".join([form] + words[1:]))
    if pos == "adjective" and len(words) == 1 and phrase.isalpha():
        forms.add(_adverb(phrase))
    for form in list(forms):
        if "-" in form:
            forms.add(form.replace("-", " "))
    return forms


# Word knowledge from lemminflect, computed once per process or read back from the cache
# folder at start-up (lemminflect's tables take a noticeable share of a short run):
# "forms": the inflected forms of each phrase, by "pos<TAB>phrase";
# "heads": which word of a rewrite takes the plural, by rewrite.
_MEMO: dict[str, dict] = {"forms": {}, "heads": {}}
_VALID = {"forms": lambda v: isinstance(v, list) and all(isinstance(f, str) for f in v),
          "heads": lambda v: v is None or type(v) is int}
_ADDED: list[int] = [0]


def memoized(table: str, key: str, compute):
    known = _MEMO[table]
    if key in known:
        return known[key]
    value = known[key] = compute()
    _ADDED[0] += 1
    return value


def forms_of(phrase: str, pos: str | None) -> list[str]:
    return memoized("forms", f"{pos or ''}\t{phrase}", lambda: sorted(inflections(phrase, pos)))


def remember(stored) -> None:
    """Word knowledge read back from the cache (anything malformed is ignored and rebuilt)."""
    if not isinstance(stored, dict):
        return
    for table, valid in _VALID.items():
        entries = stored.get(table)
        if isinstance(entries, dict):
            for key, value in entries.items():
                if isinstance(key, str) and valid(value):
                    _MEMO[table].setdefault(key, value)


def to_store() -> dict | None:
    """All the word knowledge, if any was computed since the last call; else None."""
    if not _ADDED[0]:
        return None
    _ADDED[0] = 0
    return {table: dict(entries) for table, entries in _MEMO.items()}


def _adverb(adjective: str) -> str:
    """asynchronous → asynchronously, holistic → holistically, scalable → scalably."""
    if adjective.endswith("ic"):
        return adjective + "ally"
    if adjective.endswith("le"):
        return adjective[:-1] + "y"
    if adjective.endswith("y"):
        return adjective[:-1] + "ily"
    return adjective + "ly"


@dataclass(frozen=True)
class Match:
    key: str  # the base phrase (or pattern name) the match came from
    start: int  # token indices
    end: int


class PhraseSet:
    """Base phrases → one matcher; finds the longest non-overlapping matches in a doc."""

    def __init__(self, vocab, make_doc, entries: Iterable[tuple[str, str | None]],
                 case_sensitive: bool = False) -> None:
        from spacy.matcher import PhraseMatcher  # spaCy is imported only when rules compile

        self._lower = PhraseMatcher(vocab, attr="LOWER")
        self._exact = PhraseMatcher(vocab, attr="ORTH")
        self.keys: list[str] = []
        # Every match starts with one of these words: a doc with none of them is skipped
        # for the cost of a set lookup (most blocks of most drafts hold no phrase at all).
        self._first_words: set[str] = set()
        for phrase, pos in entries:
            key = " ".join(phrase.split())
            exact = case_sensitive or is_acronym(key)
            matcher = self._exact if exact else self._lower
            docs = [make_doc(f) for f in forms_of(key, pos)]
            matcher.add(key, docs)
            self._first_words.update(d[0].lower_ for d in docs if len(d))
            self.keys.append(key)
        self._has_lower = len(self._lower) > 0
        self._has_exact = len(self._exact) > 0

    def __bool__(self) -> bool:
        return bool(self.keys)

    def find(self, doc) -> list[Match]:
        from spacy.util import filter_spans

        if self._first_words.isdisjoint(doc_words(doc)):
            return []
        spans = []
        if self._has_lower:
            spans += self._lower(doc, as_spans=True)
        if self._has_exact:
            spans += self._exact(doc, as_spans=True)
        return [Match(s.label_, s.start, s.end) for s in sorted(filter_spans(spans), key=lambda s: s.start)]


_TEXT_ATTRS = ("LOWER", "ORTH", "TEXT", "NORM")


def expand_hyphens(pattern: list) -> list[list]:
    """The tokenizer splits "self-motivated" into three tokens, so a pattern value with a
    hyphen can never match one token. Each such value becomes its own variant of the
    pattern, with the word spelled out as word, "-", word."""
    variants: list[list] = [[]]
    for token in pattern:
        options = [[token]]
        for attr in _TEXT_ATTRS:
            spec = token.get(attr)
            values = spec.get("IN") if isinstance(spec, dict) else [spec] if isinstance(spec, str) else None
            if not values or not any("-" in v and v.strip("-") for v in values if isinstance(v, str)):
                continue
            plain = [v for v in values if not (isinstance(v, str) and "-" in v and v.strip("-"))]
            options = [[{**token, attr: {"IN": plain}}]] if plain else []
            for value in values:
                if isinstance(value, str) and "-" in value and value.strip("-"):
                    parts = [p for chunk in value.split("-") for p in (chunk, "-")][:-1]
                    options.append([{attr: p} for p in parts if p])
            break
        variants = [v + o for v in variants for o in options]
    return variants


def _required_words(pattern: list) -> list[frozenset[str]]:
    """For each required token with literal values, the words it may be."""
    needs = []
    for token in pattern:
        if token.get("OP", "1") in ("?", "*", "!"):
            continue
        for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
            spec = token.get(attr)
            if isinstance(spec, str):
                needs.append(frozenset({spec.lower()}))
            elif isinstance(spec, dict) and isinstance(spec.get("IN"), list) and len(spec) == 1:
                needs.append(frozenset(str(v).lower() for v in spec["IN"]))
            else:
                continue
            break
    return needs


def doc_words(doc) -> frozenset[str]:
    """The doc's lower-cased words, computed once per doc."""
    words = doc.user_data.get("plmsg_words")
    if words is None:
        from .nlp import tokens_of

        words = doc.user_data["plmsg_words"] = frozenset(tokens_of(doc).lower)
    return words


class PatternSet:
    """spaCy Matcher token patterns, named; the model is needed when they use its layers."""

    MODEL_ATTRS = {"POS", "TAG", "DEP", "LEMMA", "MORPH", "ENT_TYPE", "SENT_START", "IS_SENT_START"}

    def __init__(self, vocab, patterns: dict[str, list]) -> None:
        from spacy.matcher import Matcher

        self._matcher = Matcher(vocab, validate=True)
        # The Matcher walks every token with every pattern. A variant can only match a doc
        # that has a word from each of its required tokens' word lists, so docs that
        # satisfy no variant are skipped for the cost of a few set lookups.
        self._requirements: list[list[frozenset[str]]] | None = []
        for name, pattern in patterns.items():
            variants = expand_hyphens(pattern)
            self._matcher.add(name, variants)
            for variant in variants:
                needs = _required_words(variant)
                if not needs:
                    self._requirements = None
                elif self._requirements is not None:
                    self._requirements.append(needs)

    @classmethod
    def needs_model(cls, patterns: Iterable[list]) -> bool:
        return any(attr.upper() in cls.MODEL_ATTRS for p in patterns for tok in p for attr in tok)

    def find(self, doc) -> list[Match]:
        if self._requirements is not None:
            words = doc_words(doc)
            if not any(all(not words.isdisjoint(need) for need in needs) for needs in self._requirements):
                return []
        from spacy.util import filter_spans

        spans = self._matcher(doc, as_spans=True)
        return [Match(s.label_, s.start, s.end) for s in sorted(filter_spans(spans), key=lambda s: s.start)]
