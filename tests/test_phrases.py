"""Phrase matching on tokenizer output finds exactly what spaCy's PhraseMatcher would."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from plmsg.phrases import PhraseSet, forms_of, is_acronym

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
        (exact if is_acronym(phrase) else lower).add(phrase, [nlp.tokenize(f) for f in forms_of(phrase, pos)])
    spans = filter_spans(list(lower(doc, as_spans=True)) + list(exact(doc, as_spans=True)))
    return [(s.start, s.end) for s in sorted(spans, key=lambda s: s.start)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_the_same_spans_as_spacys_phrase_matcher(nlp, words):
    doc = nlp.tokenize(" ".join(words))
    found = PhraseSet(nlp.tokenize, ENTRIES).find(doc)
    assert [(m.start, m.end) for m in found] == reference(nlp, ENTRIES, doc)


def test_inflections_case_and_acronyms(nlp):
    phrases = PhraseSet(nlp.tokenize, ENTRIES)
    doc = nlp.tokenize("Leveraging learner profiles and IEPs (not iep) is guaranteed to help.")
    assert [(m.key, doc[m.start:m.end].text) for m in phrases.find(doc)] == [
        ("leverage", "Leveraging"), ("learner profile", "learner profiles"), ("IEP", "IEPs"),
        ("guaranteed", "guaranteed")]
