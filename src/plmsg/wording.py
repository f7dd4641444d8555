"""Shaping rewrites like the words they replace: the article before them ("a" or "an"),
their capitals, their inflection ("leveraging" → "using") and their plural."""

from __future__ import annotations

import re

from .lexicon import Lexicon, is_acronym

_ARTICLE = re.compile(r"(?<![\w'’])(a|an|A|An)(\s+)$")


def with_article(text: str, start: int, source_start: int, replacement: str) -> tuple[int, str]:
    """Fix "a"/"an" before a rewrite when it no longer fits ("an LMS" → "a class website")."""
    m = _ARTICLE.search(text, 0, start)
    if not m or m.end() != start:
        return source_start, replacement
    wanted = indefinite_article(replacement)
    if m.group(1).lower() == wanted:
        return source_start, replacement
    article = wanted.capitalize() if m.group(1)[0].isupper() else wanted
    width = start - m.start()
    return source_start - width, article + m.group(2) + replacement


_VOWEL_LETTERS = set("AEFHILMNORSX")  # initials said with a vowel sound: "an FTE", "an MTSS plan"
_CONSONANT_SOUND = ("uni", "use", "usu", "uti", "eu", "one", "once", "ur")
_VOWEL_SOUND = ("hour", "honest", "honor", "heir")


def indefinite_article(phrase: str) -> str:
    word = phrase.strip().split(" ")[0] if phrase.strip() else ""
    if not word:
        return "a"
    letters = "".join(c for c in word if c.isalpha())
    if len(letters) > 1 and letters.isupper():
        return "an" if letters[0] in _VOWEL_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(_VOWEL_SOUND):
        return "an"
    if lower.startswith(_CONSONANT_SOUND):
        return "a"
    return "an" if lower[:1] in "aeiou" else "a"


_SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "of", "on", "in", "to", "for", "at", "by", "with",
                "as", "from", "into"}


def match_case(original: str, replacement: str) -> str:
    """Give a rewrite the capitalisation of the words it replaces."""
    if len(original) > 1 and original.isupper() and not replacement.isupper():
        return replacement if " " in replacement else replacement.upper()
    words = original.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        # title case, as a headline writes it: small words stay small ("Time for Extra Help")
        return " ".join(w if k and w in _SMALL_WORDS else w[:1].upper() + w[1:]
                        for k, w in enumerate(replacement.split(" ")))
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def inflect_like(lexicon: Lexicon, base: str, matched: str, replacement: str, pos: str | None) -> str:
    """Put a rewrite in the same form as the match: "leveraging" → "using". The same few
    words recur across a site: each is inflected once."""
    return lexicon.kept("inflect like", (base, matched, replacement, pos),
                        lambda: _inflect_like(lexicon, base, matched, replacement, pos))


def _inflect_like(lexicon: Lexicon, base: str, matched: str, replacement: str, pos: str | None) -> str:
    inflection = lexicon.inflection
    if is_acronym(base):
        if matched.endswith("s") and not base.endswith("s"):
            return pluralize(lexicon, replacement.split(" ")) or replacement
        return replacement
    base_words, matched_words = base.lower().split(), matched.lower().replace("-", " ").split()
    rep = replacement.split(" ")
    if not matched_words or not base_words:
        return replacement
    for tag in ("VBD", "VBG", "VBZ", "VBN"):
        if pos in (None, "verb", "phrase") and matched_words[0] != base_words[0].replace("-", " "):
            forms = inflection(base_words[0], tag)
            if matched_words[0] in forms:
                new = inflection(rep[0], tag)
                if new:
                    return " ".join([new[0]] + rep[1:])
    if pos in (None, "noun", "phrase") and matched_words[-1] != base_words[-1]:
        forms = inflection(base_words[-1], "NNS")
        if matched_words[-1] in forms:
            return pluralize(lexicon, rep) or replacement
    return replacement


def pluralize(lexicon: Lexicon, words: list[str]) -> str | None:
    """A rewrite with its head noun in the plural ("website for class work" → "websites for
    class work"); None when it has no noun to inflect. A head that is already plural
    ("teaching methods") stays as it is. A rewrite whose plural needs more than that (a
    verb that agrees with the head: "tasks that show") gets a glossary `plural:` list."""
    head = noun_head(lexicon, words)
    if head is None:
        return None
    if is_plural_noun(lexicon, words[head]):
        return " ".join(words)
    new = lexicon.inflection(words[head], "NNS")
    return " ".join(words[:head] + [new[0]] + words[head + 1:]) if new else None


_IRREGULAR_PLURALS = {"people", "children", "men", "women", "data", "criteria", "media", "feet", "teeth", "mice"}


def is_plural_noun(lexicon: Lexicon, word: str) -> bool:
    """"methods", "classes", "activities", "children": the plural of some singular noun."""
    w = word.lower()
    if w in _IRREGULAR_PLURALS:
        return True
    singulars = [w[:-3] + "y"] if w.endswith("ies") else []
    singulars += [w[:-2]] if w.endswith("es") else []
    singulars += [w[:-1]] if w.endswith("s") and not w.endswith("ss") else []
    return any(w in lexicon.inflection(x, "NNS") for x in singulars)


def is_plural_of(lexicon: Lexicon, base: str, matched: str) -> bool:
    """Whether a match is the plural of a noun phrase ("stakeholders" of "stakeholder")."""
    base_last, matched_last = base.lower().split()[-1], matched.lower().replace("-", " ").split()[-1]
    return matched_last != base_last and matched_last in lexicon.inflection(base_last, "NNS")


def prepare_inflections(lexicon: Lexicon, base: str, replacement: str, pos: str | None) -> None:
    """Look up, when rules compile, every inflection `inflect_like` may ask for, so that
    checking a draft never has to load lemminflect's tables (they are remembered)."""
    inflection = lexicon.inflection
    rep = replacement.split(" ")
    if is_acronym(base):
        pluralize(lexicon, rep)
        return
    base_words = base.lower().split()
    if not base_words or not rep:
        return
    if pos in (None, "verb", "phrase"):
        for tag in ("VBD", "VBG", "VBZ", "VBN"):
            inflection(base_words[0], tag)
            inflection(rep[0], tag)
    if pos in (None, "noun", "phrase"):
        inflection(base_words[-1], "NNS")
        pluralize(lexicon, rep)


_POST_MODIFIERS = {"of", "that", "who", "which", "for", "to", "with", "in", "on", "at", "from", "by"}


def noun_head(lexicon: Lexicon, words: list[str]) -> int | None:
    """The word to pluralise in a rewrite: the last noun before a trailing "of ..." or
    relative clause ("family or community member", "person involved")."""
    return lexicon.memoized("heads", " ".join(words), lambda: _noun_head(words))


def _noun_head(words: list[str]) -> int | None:
    from lemminflect import getAllLemmas

    end = next((i for i, w in enumerate(words) if i and w in _POST_MODIFIERS), len(words))
    for i in range(end - 1, -1, -1):
        if getAllLemmas(words[i], upos="NOUN"):
            return i
    return None
