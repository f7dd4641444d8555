"""Phrase matching on tokenizer output finds exactly what spaCy's PhraseMatcher would."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from plmsg.phrases import PhraseSet
from plmsg.lexicon import Lexicon, is_acronym

LEXICON = Lexicon()

ENTRIES = [("leverage", "verb"), ("learner profile", "noun"), ("guarantee", None), ("guaranteed", None),
           ("self-paced", None), ("IEP", None), ("MTSS", None), ("data-driven instruction", None),
           ("learning", None), ("personalized learning", None), ("best practice", None)]
WORDS = ["Leveraging", "leverages", "learner", "profiles", "Learner", "profile", "guaranteed", "guarantees",
         "self", "-", "paced", "self-paced", "IEP", "IEPs", "iep", "MTSS", "data", "driven", "data-driven",
         "instruction", "personalized", "Learning", "best", "practices", "the", "and", ",", ".", "(", ")"]


def reference(nlp, entries, doc):
    """The same phrases through spaCy's PhraseMatcher and filter_spans."""
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    lower, exact = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="ORTH")
    for phrase, pos in entries:
        (exact if is_acronym(phrase) else lower).add(phrase, [nlp.tokenize(f) for f in LEXICON.forms_of(phrase, pos)])
    spans = filter_spans(list(lower(doc, as_spans=True)) + list(exact(doc, as_spans=True)))
    return [(s.start, s.end) for s in sorted(spans, key=lambda s: s.start)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_the_same_spans_as_spacys_phrase_matcher(nlp, words):
    doc = nlp.tokenize(" ".join(words))
    found = PhraseSet(nlp.tokenize, ENTRIES, LEXICON).find(doc)
    assert [(m.start, m.end) for m in found] == reference(nlp, ENTRIES, doc)


def test_inflections_case_and_acronyms(nlp):
    phrases = PhraseSet(nlp.tokenize, ENTRIES, LEXICON)
    doc = nlp.tokenize("Leveraging learner profiles and IEPs (not iep) is guaranteed to help.")
    assert [(m.key, doc[m.start:m.end].text) for m in phrases.find(doc)] == [
        ("leverage", "Leveraging"), ("learner profile", "learner profiles"), ("IEP", "IEPs"),
        ("guaranteed", "guaranteed")]


def _pattern_sets(linter):
    from plmsg.phrases import PatternSet

    return {r.id: r.pattern_set for r in linter.rules if isinstance(getattr(r, "pattern_set", None), PatternSet)}


def _instance(draw, pattern: list) -> list[str]:
    """Words one match of a token pattern could be (a value for each token, optional tokens
    in or out, a few wildcard words)."""
    out = []
    for token in pattern:
        op = token.get("OP", "1")
        times = draw(st.sampled_from({"?": [0, 1], "*": [0, 1, 2], "+": [1, 2], "!": [1]}.get(op, [1])))
        for _ in range(times):
            values = ["Reading", "the", "students", "555", "1234", "ann@school.org", "-", "."]
            for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
                spec = token.get(attr)
                if isinstance(spec, str):
                    values = [spec]
                elif isinstance(spec, dict) and "IN" in spec:
                    values = list(spec["IN"])
            out.append(draw(st.sampled_from(values)))
    return out


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_pattern_sets_find_what_the_matcher_finds_over_the_whole_doc(linter, nlp, data):
    """Skipping docs by their words and walking only the stretches around anchor words
    gives exactly the spans (and labels) of spaCy's Matcher over the whole doc."""
    from plmsg.phrases import expand_hyphens

    sets = _pattern_sets(linter)
    variants = [v for r in linter.rules if r.id in sets for p in r.params["patterns"]
                for v in expand_hyphens(p["pattern"] if isinstance(p, dict) else p)]
    filler = st.lists(st.sampled_from(["We", "only", "for", "students", "who", "Ms.", "Lee", ",", "and", "with"]),
                      max_size=4)
    parts = data.draw(st.lists(st.tuples(filler, st.sampled_from(variants)), max_size=5))
    text = " ".join(w for words, variant in parts for w in words + _instance(data.draw, variant))
    doc = nlp.tokenize(text)
    for rid, fast in sets.items():
        plain = fast.without_prefilter()
        assert fast.find(doc) == plain.find(doc), (rid, text)


def test_pattern_sets_walk_stretches_on_the_long_patterns(linter):
    sets = _pattern_sets(linter)
    assert sets["show-dont-tell"].walks_stretches


def test_pattern_sets_skip_blocks_by_their_characters_only_when_that_is_safe(linter, nlp):
    """The phone-number pattern needs digits in a row: a block with none is skipped, and a
    block whose digits are not ASCII (which the token shape "ddd" also fits) is not."""
    phone = _pattern_sets(linter)["two-way"]
    plain = phone.without_prefilter()
    for text in ("Call us at 555-0142 with questions.", "Call us at ５５５ - ０１４２ with questions.",
                 "Write to office@district.org today.", "Call us at 55-01 with questions."):
        doc = nlp.tokenize(text)
        assert phone.find(doc) == plain.find(doc), text
    assert phone.find(nlp.tokenize("Call us at ５５５ - ０１４２ with questions."))
    assert not phone.find(nlp.tokenize("Call the office with questions."))
