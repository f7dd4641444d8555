"""What rules may ask about one draft: its blocks, tokens and sentences, its headline and
opening, quotations, negation, names, protected spans (URLs, e-mail addresses), and the
parse of the sentences a rule needs. Expensive answers are computed on demand, once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Mapping, Sequence

from .english import English, shipped
from .model import PROSE_KINDS, Draft, Severity
from .nlp import NLP
from .readability import Readability, prose_for_metrics
from .readability import default as default_readability
from .sentences import Sentence, split_sentences, tokens_of
from .spec import RuleSpec

QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|‘[^‘’]*’(?!\w)|(?<!\w)'[^']*'(?!\w)")
QUOTE_MARKS = ("“", '"', "‘", "'")  # every match of QUOTED opens with one
PROTECTED = re.compile(
    r"\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|"
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|edu|gov|us|k12\.[a-z]{2}\.us)(?:/\S*)?"
)
# What every match of PROTECTED holds: a block without it has none (a quick scan first).
MAYBE_PROTECTED = re.compile(r"://|www\.|@|\.(?:org|com|net|edu|gov|us|k12)")


_LABEL = re.compile(r"^[^.!?:]{1,40}:\s+\S[^.!?]*$")


def _is_label_line(text: str) -> bool:
    """A label, not a lead: a short label and its value ("Election day: Tuesday, April
    29, 2025"), or a few words that end no sentence ("FOR IMMEDIATE RELEASE", "For
    immediate release - August 19", "September 3")."""
    text = text.strip()
    words = len(text.split())
    if words <= 12 and _LABEL.match(text):
        return True
    return words <= 8 and not text.rstrip(" \"'”’)»").endswith((".", "!", "?", ",", ":"))


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]+s?")


@dataclass(frozen=True)
class Anchor:
    block: int
    start: int
    end: int


class DraftContext:
    """What rules may ask about one draft. Expensive answers are computed on demand."""

    def __init__(self, draft: Draft, audience: str, nlp: NLP,
                 severity: Mapping[str, Severity] | None = None, profile=None,
                 english: English | None = None, scorer: Readability | None = None) -> None:
        self.draft = draft
        self.english = english or shipped()  # the small words context is read with
        self.scorer = scorer or default_readability()  # readability, with the run's syllable counts
        self.audience = audience
        self.profile = profile
        self.nlp = nlp
        self._severity = severity or {}
        self.docs = nlp.tokenize_many([b.text for b in draft.blocks])
        self.sentences: list[list[Sentence]] = [split_sentences(d, i) for i, d in enumerate(self.docs)]
        self.memo: dict = {}  # answers rules share between their passes over this draft

    def severity_of(self, spec: RuleSpec) -> Severity:
        return self._severity.get(spec.id, spec.severity)

    def severity_set_for(self, rule_id: str) -> bool:
        """Whether config or the audience profile sets this rule's severity."""
        return rule_id in self._severity

    # -- structure ------------------------------------------------------------------------
    def blocks_in(self, scope: Sequence[str]) -> list[int]:
        return [i for i, b in enumerate(self.draft.blocks) if b.kind in scope]

    @cached_property
    def headline(self) -> list[int]:
        """Titles, and the headings before the first paragraph."""
        out = []
        for i, b in enumerate(self.draft.blocks):
            if b.kind == "title":
                out.append(i)
            elif b.kind == "heading":
                if not self._seen_prose_before(i):
                    out.append(i)
        return out

    def _seen_prose_before(self, index: int) -> bool:
        return any(b.kind in PROSE_KINDS for b in self.draft.blocks[:index])

    @cached_property
    def opening(self) -> list[int]:
        """The headline and the first paragraph (a lead made of list items counts too).
        A greeting ("Dear families,") is not the first paragraph, nor a label line ("Election
    day: Tuesday, April 29", "FOR IMMEDIATE RELEASE"): the one after it is."""
        out = list(self.headline)
        for i, b in enumerate(self.draft.blocks):
            if b.kind in ("paragraph", "quote"):
                if self._is_greeting(b.text) or _is_label_line(b.text):
                    continue
                out.append(i)
                break
            if b.kind == "list_item":
                out.append(i)
        return sorted(set(out))

    def _is_greeting(self, text: str) -> bool:
        """"Dear families," or "Hi team," alone in a paragraph."""
        return len(text.split()) <= 8 and bool(self.english.greeting.match(text))

    @cached_property
    def prose_sentences(self) -> list[Sentence]:
        return [s for i in self.blocks_in(PROSE_KINDS) for s in self.sentences[i]]

    @cached_property
    def word_count(self) -> int:
        return sum(s.words for s in self.prose_sentences)

    @cached_property
    def readability(self) -> dict[str, float]:
        """The draft's grade and reading ease over its prose sentences (computed once)."""
        return self.scores(self.prose_sentences) if self.word_count else {"grade": 0.0, "reading_ease": 0.0}

    def scores(self, sentences: Sequence[Sentence]) -> dict[str, float]:
        """Grade and reading ease of these sentences, read as one text."""
        return self.scorer.scores(prose_for_metrics(s.text for s in sentences))

    def anchor(self, where: str) -> Anchor | None:
        """Where a document-level finding points: the opening sentence, or the closing one."""
        prose = self.blocks_in(PROSE_KINDS)
        if where == "end":
            for i in reversed(prose):
                if self.sentences[i]:
                    s = self.sentences[i][-1]
                    return Anchor(i, s.start, s.end)
        first = self.headline[:1] if where == "headline" else []
        prose = [i for i in prose if not (self._is_greeting(self.draft.blocks[i].text)
                                          or _is_label_line(self.draft.blocks[i].text))]
        for i in first + prose:
            if self.sentences[i]:
                s = self.sentences[i][0]
                return Anchor(i, s.start, s.end)
        for i, b in enumerate(self.draft.blocks):
            return Anchor(i, 0, len(b.text))
        return None

    # -- context around a match -------------------------------------------------------------
    def sentence_words(self, block: int) -> list[frozenset[str]]:
        """The lower-cased words of each sentence of a block (for rules that skip sentences
        without their words), worked out once per draft."""
        key = ("sentence words", block)
        if key not in self.memo:
            lower = tokens_of(self.docs[block]).lower
            self.memo[key] = [frozenset(lower[s.tok_start:s.tok_end]) for s in self.sentences[block]]
        return self.memo[key]

    def sentence_at(self, block: int, token: int) -> Sentence | None:
        for s in self.sentences[block]:
            if s.tok_start <= token < s.tok_end:
                return s
        return None

    def quoted(self, block: int) -> list[tuple[int, int]]:
        return self._quoted_ranges[block]

    @cached_property
    def _quoted_ranges(self) -> list[list[tuple[int, int]]]:
        out = []
        for b in self.draft.blocks:
            if b.kind == "quote":
                out.append([(0, len(b.text))])
            elif any(mark in b.text for mark in QUOTE_MARKS):
                out.append([(m.start(), m.end()) for m in QUOTED.finditer(b.text)])
            else:
                out.append([])
        return out

    def quote_around(self, block: int, start: int, end: int) -> tuple[int, int] | None:
        return next(((a, b) for a, b in self.quoted(block) if a <= start and end <= b), None)

    def is_quoted(self, block: int, start: int, end: int) -> bool:
        return self.quote_around(block, start, end) is not None

    def negated(self, block: int, token: int, window: int = 6) -> bool:
        """A negation shortly before the match, or a promise declined earlier in the same
        sentence ("we can't promise that ... overnight")."""
        s = self.sentence_at(block, token)
        start = s.tok_start if s else 0
        doc = self.docs[block]
        negations, declined = self.english.negations, self.english.declined
        if any(t.lower_ in negations for t in doc[max(start, token - window):token]):
            return True
        for i in range(start, token):
            if doc[i].lower_ in negations and any(
                    t.lower_ in declined for t in doc[i + 1:min(token, i + 4)]):
                return True
        return False

    def opens_sentence(self, block: int, token: int) -> bool:
        """Whether a token is the first word of its sentence (after a bullet or a quote mark)."""
        doc = self.docs[block]
        s = self.sentence_at(block, token)
        k = s.tok_start if s else 0
        while k < token and not doc[k].is_alpha:
            k += 1
        return k == token

    def in_question(self, block: int, token: int) -> bool:
        """Whether the sentence that holds a token asks a question."""
        s = self.sentence_at(block, token)
        return s is not None and s.text.rstrip(" \"'”’)»").endswith("?")

    def in_name(self, block: int, start: int, end: int) -> bool:
        """Whether tokens start to end are part of a proper name or a title written in
        capitals inside a sentence ("the Massachusetts Edtech Consortium", "his book Using
        Disruptive Innovation to Improve Schools"). A headline capitalises every word, and a
        capital that starts a sentence says nothing, so neither counts."""
        if self.draft.blocks[block].kind in ("title", "heading"):
            return False
        doc = self.docs[block]
        words = [t for t in doc[start:end] if t.is_alpha]
        if not words or not all(t.text[:1].isupper() for t in words) or self.opens_sentence(block, start):
            return False
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        return any(t is not None and t.is_alpha and t.text[:1].isupper() for t in (after, before)
                   if t is after or not self.opens_sentence(block, t.i))

    def may_rewrite(self, block: int, start: int, end: int, replacement: str) -> bool:
        """Whether a rewrite can be applied without changing what the draft says or how it
        reads: never inside quotation marks (the speaker's words), a proper name or title,
        or a name with its acronym; never where it would repeat the word beside it."""
        if self.is_quoted(block, start, end):
            return False
        doc = self.docs[block]
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        if self.in_name(block, span.start, span.end):
            return False
        k = span.end
        while k < len(doc) and k - span.end < 3 and doc[k].is_title:
            k += 1  # the rest of a name: "Individualized Learning Plan (ILP)"
        if k + 1 < len(doc) and doc[k].text == "(" and _ACRONYM.fullmatch(doc[k + 1].text):
            return False
        words = replacement.lower().split()
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        return bool(words) and words[0] != before and words[-1] != after

    @cached_property
    def protected(self) -> list[list[tuple[int, int]]]:
        """URLs and e-mail addresses inside prose: never flagged, never rewritten."""
        return [[(m.start(), m.end()) for m in PROTECTED.finditer(b.text)] if MAYBE_PROTECTED.search(b.text)
                else [] for b in self.draft.blocks]

    def parse(self, sentences: Sequence[Sentence], lemmas: bool = False) -> list:
        return self.nlp.parse([s.text for s in sentences], lemmas)

    def tag(self, sentences: Sequence[Sentence]) -> list:
        return self.nlp.tag([s.text for s in sentences])
