"""Tokens and sentences from the tokenizer's output alone: a doc's tokens as plain lists,
and sentence splitting that knows "p.m.", "Dr." and "U.S."."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Iterator

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


class Tokens:
    """A doc's tokens as plain lists, read from spaCy in one array call.

    Walking a Doc in Python makes a Token object per word, which costs more than the
    tokenizing did; every per-token pass (sentences, word sets, cues) reads these lists.
    """

    __slots__ = ("text", "lower", "idx", "space", "punct", "glued")

    def __init__(self, doc) -> None:
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LOWER, ORTH, SPACY

        if len(doc):
            orth, lower, idx, space, punct, trailing = doc.to_array([ORTH, LOWER, IDX, IS_SPACE, IS_PUNCT,
                                                                     SPACY]).T.tolist()
        else:
            orth = lower = idx = space = punct = trailing = []
        self.idx: list[int] = idx
        # Words come from their string hashes, each distinct word looked up once per run
        # (so a word repeated through a site is one string object, not one per use).
        self.text: list[str] = _strings_of(orth, doc.vocab.strings)
        self.lower: list[str] = _strings_of(lower, doc.vocab.strings)
        self.space: list[int] = space
        self.punct: list[int] = punct
        self.glued: list[bool] = [not w for w in trailing]


# Pure answers about the text of a word, kept while a process runs and bounded so a
# long-lived one (the language server) does not grow: past this many words, each table
# starts again.
WORDS_KEPT = 200_000
_STRINGS: dict[int, str] = {}  # string hash → string, for the words seen this run


def _strings_of(hashes: list[int], store) -> list[str]:
    if len(_STRINGS) > WORDS_KEPT:
        _STRINGS.clear()
    known = _STRINGS.get
    return [known(h) or _STRINGS.setdefault(h, store[h]) for h in hashes]


def source_of(doc) -> str:
    """The text a doc was made from (kept by tokenize_many; rebuilt otherwise)."""
    text = doc.user_data.get("plmsg_text")
    return doc.text if text is None else text


def tokens_of(doc) -> Tokens:
    """The doc's Tokens, computed once per doc."""
    table = doc.user_data.get("plmsg_tokens")
    if table is None:
        table = doc.user_data["plmsg_tokens"] = Tokens(doc)
    return table


def split_sentences(doc, block: int = 0) -> list[Sentence]:
    """Sentences from tokenizer output alone.

    spaCy's tokenizer already keeps "p.m.", "Dr." and "U.S." whole, so a sentence ends
    at a stand-alone end mark (with any closing quotes, brackets or further marks: "?!"),
    or after such an abbreviation when the next word plainly starts a new sentence. One
    pass over the tokens; everything after it works on plain lists.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    table = tokens_of(doc)
    text_of, lower, space, punct, idx, glued = (table.text, table.lower, table.space, table.punct,
                                                table.idx, table.glued)
    n = len(text_of)
    marks = _judge(text_of, space, punct) & _MARKS
    words = list(accumulate(map(_IS_WORD.__getitem__, text_of), initial=0))

    def next_word(i: int) -> int | None:
        j = i + 1
        while j < n and space[j]:
            j += 1
        return j if j < n else None

    def starts_sentence(j: int | None) -> bool:
        return j is not None and text_of[j][:1].isupper() and (lower[j] in STOP_WORDS or lower[j] in _STARTERS)

    sentences: list[Sentence] = []
    start = 0
    source = source_of(doc)
    for i in _positions(text_of, marks):
        if i < start:
            continue  # inside the closers taken by the last sentence
        tok = text_of[i]
        boundary = False
        if tok in _END or (punct[i] and set(tok) <= _END_CHARS):
            abbreviation = (tok == "." and i > 0 and glued[i - 1] and lower[i - 1] in _ABBREVIATIONS
                            and not starts_sentence(next_word(i)))
            boundary = not abbreviation
        elif i + 1 < n:  # an abbreviation such as "p.m." or "U.S."
            j = next_word(i)
            if j is not None and text_of[j][:1].isupper():
                if tok in _TIME:
                    boundary = lower[j] not in _NOT_STARTERS
                else:
                    boundary = starts_sentence(j) or text_of[j] in _TITLES
        if boundary:
            j = i + 1  # closing quotes and brackets, and more end marks ("?" "!"), end it too
            while j < n and (text_of[j] in _CLOSERS or text_of[j] in _END or space[j]):
                j += 1
            sentences.append(_sentence(source, block, start, j, space, idx, text_of, words))
            start = j
    if start < n:
        sentences.append(_sentence(source, block, start, n, space, idx, text_of, words))
    return [s for s in sentences if s.text.strip()]


_END_CHARS = {".", "!", "?", "…"}
# A token's kind depends on its text alone (spaCy's IS_SPACE and IS_PUNCT are lexeme flags),
# so each distinct word is judged once a run: does it count as a word, may a sentence end
# at it?
_IS_WORD: dict[str, bool] = {}
_MARKS: set[str] = set()


def _judge(text_of: list[str], space: list[int], punct: list[int]) -> set[str]:
    """The distinct words of a doc, each judged (once a run)."""
    if len(_IS_WORD) > WORDS_KEPT:
        _IS_WORD.clear()
        _MARKS.clear()
    distinct = set(text_of)
    for w in distinct.difference(_IS_WORD):
        i = text_of.index(w)
        _IS_WORD[w] = not space[i] and not punct[i] and any(c.isalnum() for c in w)
        if w in _END or (punct[i] and set(w) <= _END_CHARS) or _ABBREVIATION_END.match(w) is not None:
            _MARKS.add(w)
    return distinct


def occurrences(words: list[str], word: str) -> Iterator[int]:
    """Each place `word` occurs in `words`, in order (list.index scans in C)."""
    i = -1
    try:
        while True:
            i = words.index(word, i + 1)
            yield i
    except ValueError:
        return


def _positions(words: list[str], wanted: set[str]) -> list[int]:
    """Where the wanted words occur, in order."""
    return sorted(i for w in wanted for i in occurrences(words, w))


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
