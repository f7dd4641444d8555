"""Word knowledge: the inflected forms of phrases (lemminflect), how the tokenizer splits
them, which word of a rewrite takes the plural, word lists, hyphenation points and word
frequencies (wordfreq). A `Lexicon` computes each answer once, or reads it back from the
data shipped with plmsg or kept in the cache folder at start-up (loading lemminflect's
tables costs more than checking a short draft). Each Linter has its own."""

from __future__ import annotations

from .spacy_import import import_spacy

_NOUN_TAGS = ("NNS",)
_VERB_TAGS = ("VBD", "VBG", "VBZ", "VBN")


def is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in phrase.strip()


def inflections(phrase: str, pos: str | None = None) -> set[str]:
    """Surface forms of a phrase: its inflections, and the spaced form of hyphenated words.
    With pos "literal", only the phrase as written (and its hyphens spaced)."""
    import_spacy()  # lemminflect imports spaCy, if it is installed
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


def _str_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(f, str) for f in v)


# The tables a Lexicon keeps, and what a valid entry of each looks like:
# "forms": the inflected forms of each phrase, by "pos<TAB>phrase"; "tokens": how the
# tokenizer splits each form; "heads": which word of a rewrite takes the plural, by
# rewrite; "inflections": one word's forms for one tag, by "tag<TAB>word"; "sets": word
# lists such as the irregular past participles; "hyphens": hyphenation points of words
# missing from the CMU dictionary; "zipf": how common each word looked up is.
TABLES = {"forms": _str_list, "tokens": _str_list, "heads": lambda v: v is None or type(v) is int,
          "inflections": _str_list, "sets": _str_list, "hyphens": lambda v: type(v) is int,
          "zipf": lambda v: type(v) is float}
# The tags for which the shipped table holds every lemma lemminflect knows (see
# `tools.build_data.verb_forms`).
COMPLETE_TAGS = "complete-inflection-tags"


class Lexicon:
    """Word knowledge, remembered: what `remember` reads back and `to_store` hands out to
    be kept, and answers kept for this lexicon's life only (`kept`)."""

    def __init__(self) -> None:
        self._tables: dict[str, dict] = {name: {} for name in TABLES}
        self._kept: dict[str, dict] = {}
        self._added = 0

    def memoized(self, table: str, key: str, compute):
        known = self._tables[table]
        if key in known:
            return known[key]
        value = known[key] = compute()
        self._added += 1
        return value

    def kept(self, table: str, key, compute):
        """An answer remembered for this lexicon's life, never stored."""
        known = self._kept.setdefault(table, {})
        if key not in known:
            known[key] = compute()
        return known[key]

    def inflection(self, word: str, tag: str) -> list[str]:
        """lemminflect's `getInflection(word, tag, inflect_oov=True)`, remembered."""

        def compute():
            import_spacy()
            if tag in self._tables["sets"].get(COMPLETE_TAGS, ()) and word == word.lower():
                # Not in a table that holds every verb lemminflect knows: it would answer from
                # its rules for new words, which need no dictionary (loading it takes 0.3 s).
                from lemminflect import Inflections

                return list(Inflections().getAllInflectionsOOV(word, "VERB").get(tag) or ())
            from lemminflect import getInflection

            return list(getInflection(word, tag=tag, inflect_oov=True) or ())

        return self.memoized("inflections", f"{tag}\t{word}", compute)

    def all_inflections(self, word: str) -> list[str]:
        """Every inflected form lemminflect knows for a word, remembered."""

        def compute():
            import_spacy()
            from lemminflect import getAllInflections

            return sorted({f for forms in getAllInflections(word).values() for f in forms})

        return self.memoized("inflections", f"*\t{word}", compute)

    def zipf(self, word: str) -> float:
        """How common a word is in everyday English, on the Zipf scale (wordfreq's offline
        tables: 7 for "the", 3 for a word met about once in a million words, 0 for
        unknown), remembered."""

        def compute():
            from wordfreq import zipf_frequency

            return float(zipf_frequency(word, "en"))

        return self.memoized("zipf", word, compute)

    def word_set(self, name: str, compute) -> list[str]:
        """A named word list derived from lemminflect's tables, remembered."""
        return self.memoized("sets", name, lambda: sorted(compute()))

    def forms_of(self, phrase: str, pos: str | None) -> list[str]:
        return self.memoized("forms", f"{pos or ''}\t{phrase}", lambda: sorted(inflections(phrase, pos)))

    def tokens_of_form(self, form: str, make_doc) -> list[str]:
        """How the tokenizer splits a phrase form, remembered."""
        return self.memoized("tokens", form, lambda: [t.text for t in make_doc(form)])

    def remember(self, stored) -> None:
        """Word knowledge read back (anything malformed is ignored and rebuilt)."""
        if not isinstance(stored, dict):
            return
        for table, valid in TABLES.items():
            entries = stored.get(table)
            if isinstance(entries, dict):
                known = self._tables[table]
                for key, value in entries.items():
                    if isinstance(key, str) and valid(value):
                        known.setdefault(key, value)

    def snapshot(self) -> dict[str, dict]:
        """A copy of every table."""
        return {table: dict(entries) for table, entries in self._tables.items()}

    def to_store(self) -> dict | None:
        """All the word knowledge, if any was computed since the last call; else None."""
        if not self._added:
            return None
        self._added = 0
        return self.snapshot()


def _adverb(adjective: str) -> str:
    """asynchronous → asynchronously, holistic → holistically, scalable → scalably."""
    if adjective.endswith("ic"):
        return adjective + "ally"
    if adjective.endswith("le"):
        return adjective[:-1] + "y"
    if adjective.endswith("y"):
        return adjective[:-1] + "ily"
    return adjective + "ly"
