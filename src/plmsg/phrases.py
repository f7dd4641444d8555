"""Phrase lists compiled into token-sequence indexes, with inflections expanded once.

A rule lists base forms ("leverage", "learner profile"); at compile time each becomes
all its inflected forms (lemminflect), so matching runs on tokenizer output alone:
"Leveraging" and "learner profiles" match without running spaCy's lemmatizer.
Acronyms (all capitals) match case-sensitively, so "SEL" never catches "sel".
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Iterable

from .lexicon import Lexicon, is_acronym
from .sentences import occurrences, source_of, tokens_of
from .spacy_import import import_spacy


@dataclass(frozen=True)
class Match:
    key: str  # the base phrase (or pattern name) the match came from
    start: int  # token indices
    end: int
    source: str = "phrase"  # or "pattern" (a token pattern), "claim" (found over the parse)


class PhraseSet:
    """Base phrases → one index of their forms' token sequences; finds the longest
    non-overlapping matches in a doc.

    This is what spaCy's PhraseMatcher (on LOWER, or ORTH for acronyms) followed by
    `filter_spans` finds, without building a Doc and a lexeme for each of thousands of
    forms at start-up: a form's tokens are remembered with the other word knowledge. Each
    form is indexed by its rarest-looking word (its anchor: "thing" in "the next big
    thing", not "the"), so matching only looks where an anchor occurs.
    """

    def __init__(self, make_doc, entries: Iterable[tuple[str, str | None]], lexicon: Lexicon,
                 case_sensitive: bool = False) -> None:
        self.keys: list[str] = []
        # anchor → [(token sequence, where the anchor is in it, base phrase)]; lower-cased,
        # or as written (exact)
        self._lower: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
        self._exact: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
        seen: set[tuple[bool, tuple[str, ...]]] = set()
        # Every match holds one of these words: a doc with none of them is skipped for the
        # cost of a set lookup (most blocks of most drafts hold no phrase at all).
        self._anchors: set[str] = set()
        phrases = []
        for phrase, pos in entries:
            key = " ".join(phrase.split())
            exact = case_sensitive or is_acronym(key)
            phrases.append((key, exact, lexicon.forms_of(key, pos)))
            self.keys.append(key)
        # A form two phrases share goes to the phrase it is written as ("guaranteed" is its
        # own entry, not a form of "guarantee"), else to the first phrase that has it.
        for own in (True, False):
            for key, exact, forms in phrases:
                index = self._exact if exact else self._lower
                for form in forms:
                    if (form.lower() == key.lower()) != own:
                        continue
                    words = tuple(lexicon.tokens_of_form(form, make_doc))
                    if not exact:
                        words = tuple(w.lower() for w in words)
                    if not words or (exact, words) in seen:
                        continue
                    seen.add((exact, words))
                    at = _anchor(words)
                    index.setdefault(words[at], []).append((words, at, key))
                    self._anchors.add(words[at].lower())
        self._lower_anchors, self._exact_anchors = frozenset(self._lower), frozenset(self._exact)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def find(self, doc) -> list[Match]:
        lower = doc_words(doc)
        if self._anchors.isdisjoint(lower):
            return []
        table = tokens_of(doc)
        found: list[tuple[int, int, str]] = []
        for index, anchors, words, exact in ((self._lower, self._lower_anchors, table.lower, False),
                                             (self._exact, self._exact_anchors, table.text, True)):
            if not index:
                continue
            for anchor in (doc_words(doc, exact=True) if exact else lower) & anchors:
                forms = index[anchor]
                for i in occurrences(words, anchor):
                    for form, at, key in forms:
                        start, n = i - at, len(form)
                        if n == 1 or (start >= 0 and tuple(words[start:start + n]) == form):
                            found.append((start, start + n, key))
        return [Match(key, start, end) for start, end, key in longest_first(found)]


def _anchor(words: tuple[str, ...]) -> int:
    """Which word of a form to index it by: the longest word that is not a stop word or a
    mark, as the least likely to occur in a block that does not hold the form."""
    import_spacy()
    from spacy.lang.en.stop_words import STOP_WORDS

    def rarity(i: int) -> tuple[bool, bool, int]:
        w = words[i].lower()
        return (any(c.isalnum() for c in w), w not in STOP_WORDS, len(w))

    return max(range(len(words)), key=rarity)


# How overlapping matches are resolved. Inside one phrase or pattern set, the longest
# match wins ("learning platform" over "learning"), as spaCy's `filter_spans` does:
# `longest_first`. Between sets (a rule's phrases and its patterns, or its phrases and its
# claims), reading left to right, the first match wins and the longer of two that start
# together: `leftmost_longest`. A substitution rule's phrases come before its patterns,
# since a phrase carries its own rewrite.
def longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """spaCy's `filter_spans` on (start, end, label): the longest span wins an overlap, then
    the earliest; the survivors in order of start."""
    if len(spans) < 2:
        return spans
    spans = sorted(spans)
    if all(a[1] <= b[0] for a, b in zip(spans, spans[1:])):
        return spans  # nothing overlaps (the usual case)
    chosen, taken = [], set()
    for span in sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True):
        if span[0] not in taken and span[1] - 1 not in taken:
            chosen.append(span)
            taken.update(range(span[0], span[1]))
    return sorted(chosen, key=lambda s: s[0])


def leftmost_longest(found: list, span=lambda m: (m.start, m.end)) -> list:
    """Matches that do not overlap, left to right: the longer first where two start together."""
    out, last = [], -1
    for m in sorted(found, key=lambda m: (span(m)[0], span(m)[0] - span(m)[1])):
        if span(m)[0] >= last:
            out.append(m)
            last = span(m)[1]
    return out


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


def _required_words(pattern: list, exact: bool = False) -> list[frozenset[str]]:
    """For each required token with literal values, the words it may be (lower-cased).
    With `exact`, only values that a token's own lower-cased text must equal (a NORM
    value may differ from it: "’s" has the norm "'s")."""
    needs = []
    for token in pattern:
        if not _required(token):
            continue
        for attr in ("LOWER", "ORTH", "TEXT") if exact else ("LOWER", "ORTH", "TEXT", "NORM"):
            spec = token.get(attr)
            if isinstance(spec, str):
                needs.append(frozenset({spec.lower()}))
            elif isinstance(spec, dict) and isinstance(spec.get("IN"), list) and len(spec) == 1:
                needs.append(frozenset(str(v).lower() for v in spec["IN"]))
            else:
                continue
            break
    return needs


def _required_marks(pattern: list) -> list[tuple[str, bool]]:
    """For each required token that names no words but whose text must hold certain
    characters, a regex the doc's text must match, and whether that test is only valid on
    ASCII text: a SHAPE of digits ("ddd") needs as many digits in a row (a digit outside
    ASCII has the shape "d" too), LIKE_EMAIL needs an "@"."""
    marks = []
    for token in pattern:
        if not _required(token):
            continue
        shape = token.get("SHAPE")
        if isinstance(shape, str) and shape and set(shape) == {"d"}:
            marks.append((f"[0-9]{{{len(shape)}}}", True))
        elif token.get("LIKE_EMAIL") is True:
            marks.append(("@", False))
    return marks


def _required(token: dict) -> bool:
    """Whether a token of a pattern is in every match."""
    op = token.get("OP", "1")
    return op not in ("?", "*", "!") and _once_or_more(op)


def _once_or_more(op) -> bool:
    """Whether a token with this OP must be in every match ("{0,2}" need not be)."""
    if not isinstance(op, str) or not op.startswith("{"):
        return True
    low = op.strip("{}").split(",")[0]
    return low.isdigit() and int(low) > 0


def _commonness(words: frozenset[str]) -> tuple[int, int]:
    """How likely a block holds one of these words: more stop words, more words, likelier."""
    import_spacy()
    from spacy.lang.en.stop_words import STOP_WORDS

    return sum(w in STOP_WORDS for w in words), len(words)


def doc_words(doc, exact: bool = False) -> frozenset[str]:
    """The doc's words, lower-cased (or as written), computed once per doc."""
    name = "plmsg_words_exact" if exact else "plmsg_words"
    words = doc.user_data.get(name)
    if words is None:
        table = tokens_of(doc)
        words = doc.user_data[name] = frozenset(table.text if exact else table.lower)
    return words


class PatternSet:
    """spaCy Matcher token patterns, named; the model is needed when they use its layers."""

    MODEL_ATTRS = {"POS", "TAG", "DEP", "LEMMA", "MORPH", "ENT_TYPE", "SENT_START", "IS_SENT_START"}
    # What a token's own text decides: a match over such patterns is the same in any
    # stretch of the doc that holds it.
    LOCAL_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "LENGTH", "SHAPE", "PREFIX", "SUFFIX", "IS_ALPHA",
                   "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
                   "IS_STOP", "IS_CURRENCY", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
                   "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "OP"}

    def __init__(self, vocab, patterns: dict[str, list]) -> None:
        from spacy.matcher import Matcher  # imported already: the vocab is spaCy's
        from spacy.util import filter_spans

        self._filter_spans = filter_spans
        self._matcher = Matcher(vocab, validate=True)
        # The Matcher walks every token with every pattern. A variant can only match a doc
        # that has a word from each of its required tokens' word lists, so docs that
        # satisfy no variant are skipped for the cost of a few set lookups.
        needs_index: dict[frozenset[str], int] = {}
        marks_index: dict[tuple[str, bool], int] = {}
        requirements: list[tuple[tuple[int, ...], tuple[int, ...]]] | None = []
        # And each match of a variant holds a word from every one of those lists within the
        # variant's longest length, so the Matcher need only walk the stretches around the
        # words of one list per variant: in each doc, the list whose words occur least.
        # Per variant: (its lists, its longest length); None: the whole doc must be walked.
        self._windows: list[tuple[tuple[frozenset[str], ...], int]] | None = []
        rarest: list[frozenset[str]] | None = []
        for name, pattern in patterns.items():
            variants = expand_hyphens(pattern)
            self._matcher.add(name, variants)
            for variant in variants:
                needs, marks = _required_words(variant), _required_marks(variant)
                if requirements is not None and (needs or marks):
                    requirements.append((tuple(needs_index.setdefault(n, len(needs_index)) for n in needs),
                                         tuple(marks_index.setdefault(m, len(marks_index)) for m in marks)))
                else:
                    requirements = None
                if rarest is not None and needs:
                    rarest.append(min(needs, key=_commonness))
                else:
                    rarest = None
                exact = _required_words(variant, exact=True)
                longest = _longest(variant)
                if self._windows is None or not exact or longest is None:
                    self._windows = None
                    continue
                self._windows.append((tuple(exact), longest))
        # A doc's words (and marks) as bits: bit k is list k of the needs, then the marks.
        self._bits: dict[str, int] = {}
        for k, words in enumerate(needs_index):
            for w in words:
                self._bits[w] = self._bits.get(w, 0) | 1 << k
        self._need_words = frozenset(self._bits)
        self._marks = [(re.compile(rx), ascii_only, 1 << (len(needs_index) + k))
                       for k, (rx, ascii_only) in enumerate(marks_index)]
        self._requirements: list[int] | None = None if requirements is None else [
            sum(1 << k for k in set(words)) | sum(1 << (len(needs_index) + k) for k in set(marks))
            for words, marks in requirements]
        # One set lookup first: every variant needs a word from its rarest-looking list.
        self._gate = frozenset().union(*rarest) if rarest and self._requirements else None

    @classmethod
    def needs_model(cls, patterns: Iterable[list]) -> bool:
        return any(attr.upper() in cls.MODEL_ATTRS for p in patterns for tok in p for attr in tok)

    def find(self, doc) -> list[Match]:
        live = None  # the variants whose required words (and marks) are all in the doc
        if self._requirements is not None:
            words = doc_words(doc)
            if self._gate is not None and self._gate.isdisjoint(words):
                return []
            present = 0
            for w in self._need_words.intersection(words):
                present |= self._bits[w]
            if self._marks:
                text = source_of(doc)
                ascii_text = text.isascii()
                for rx, ascii_only, bit in self._marks:
                    if (ascii_only and not ascii_text) or rx.search(text):
                        present |= bit
            live = [k for k, needs in enumerate(self._requirements) if present & needs == needs]
            if not live:
                return []
        if self._windows is None or live is None:
            spans = self._matcher(doc, as_spans=True)
        else:
            spans = [span for a, b in self._stretches(doc, live) for span in self._matcher(doc[a:b], as_spans=True)]
        return [Match(s.label_, s.start, s.end, "pattern")
                for s in sorted(self._filter_spans(spans), key=lambda s: s.start)]

    def without_prefilter(self) -> "PatternSet":
        """The same patterns, run by the Matcher over every token of every doc (what the
        word prefilter and the stretches must agree with)."""
        plain = copy.copy(self)
        plain._requirements = plain._windows = None
        return plain

    @property
    def walks_stretches(self) -> bool:
        """Whether the Matcher walks only the stretches around each variant's rarest words."""
        return bool(self._windows)

    def _stretches(self, doc, live: list[int]) -> list[tuple[int, int]]:
        """The stretches of the doc a match can lie in: for each live variant, around each
        occurrence of the words of its least frequent list, as far as the variant reaches;
        overlapping stretches merged. Every match of every variant lies inside one."""
        windows = [self._windows[k] for k in live]
        wanted = frozenset().union(*(words for lists, _ in windows for words in lists))
        at: dict[str, list[int]] = {}
        for p, w in enumerate(tokens_of(doc).lower):
            if w in wanted:
                at.setdefault(w, []).append(p)
        reach: dict[int, int] = {}
        for lists, longest in windows:
            fewest = min(lists, key=lambda words: sum(len(at.get(w, ())) for w in words))
            for w in fewest:
                for p in at.get(w, ()):
                    if reach.get(p, 0) < longest:
                        reach[p] = longest
        n, out = len(doc), []
        for a, b in sorted((max(0, p - r + 1), min(n, p + r)) for p, r in reach.items()):
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out


def _longest(pattern: list) -> int | None:
    """The most tokens a pattern can match, or None when unbounded (or not known), or when
    it reads anything beyond each token's own text."""
    total = 0
    for token in pattern:
        if not set(map(str.upper, token)) <= PatternSet.LOCAL_ATTRS:
            return None
        op = token.get("OP", "1")
        if op in ("1", "?", "!"):
            total += 1
        elif isinstance(op, str) and re.fullmatch(r"\{\d*,?\d+\}", op):
            total += int(op.strip("{}").split(",")[-1])
        else:  # *, +, {n,}
            return None
    return total
