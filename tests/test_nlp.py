"""Lemmas for the few tokens a rule reads equal what the full pipeline gives them; sentences
split on tokenizer output."""

from __future__ import annotations

import pytest

from plmsg.nlp import split_sentences

SENTENCES = [
    "Devices can be picked up at the front office by families after school.",
    "The new schedule was approved by the board in May.",
    "Report cards will be sent home each month.",
    "Permission slips need to be signed and returned by Friday.",
    "The software was installed and the teachers were trained over the summer.",
    "Our plan has been reviewed, and it is being shared with every family.",
    "Students' goals are set by the students themselves, with help from their advisors.",
    "The lessons were focussed on reading and were taught by Ms. Alvarez.",
]


def test_lemmatize_tokens_matches_the_attribute_ruler_and_lemmatizer(nlp):
    from plmsg.kinds.sentence import _agent_objects, _passive_verbs

    nlp.blank  # loads the model
    model = nlp._nlp
    compared = fast = 0
    for text in SENTENCES:
        full, few = (next(model.pipe([text], disable=list(nlp.LEMMA_PIPES))) for _ in range(2))
        nlp.lemmatize(full)
        verbs = _passive_verbs(few)
        assert verbs, text
        tokens = {t for v in verbs for t in (v, v.head, *_agent_objects(v))}
        nlp.lemmatize_tokens(few, tokens)
        fast += not few.user_data.get("plmsg_lemmas")  # not sent through the whole pipeline
        for t in tokens:
            other = full[t.i]
            assert (t.lemma_, t.pos_, str(t.morph)) == (other.lemma_, other.pos_, str(other.morph)), (text, t.text)
            compared += 1
    assert compared >= 12 and fast >= 4


@pytest.mark.parametrize("text, expected", [
    ("We met on Monday. Classes start at 8 a.m. Please arrive early!",
     ["We met on Monday.", "Classes start at 8 a.m.", "Please arrive early!"]),
    ("Dr. Rivera and Ms. Chen lead the U.S. history team. They meet at 3 p.m. Tuesday.",
     ["Dr. Rivera and Ms. Chen lead the U.S. history team.", "They meet at 3 p.m. Tuesday."]),
    ('She said, "We are ready." Then we began... Was it worth it?! Yes (mostly.) Done',
     ['She said, "We are ready."', "Then we began...", "Was it worth it?!", "Yes (mostly.)", "Done"]),
    ("Bring pencils, paper, etc. Students need them. See Fig. 2 for details.",
     ["Bring pencils, paper, etc.", "Students need them.", "See Fig. 2 for details."]),
    ("", []),
    ("   \n ", []),
])
def test_sentences_split_on_tokenizer_output(nlp, text, expected):
    sentences = split_sentences(nlp.tokenize(text))
    assert [s.text for s in sentences] == expected
    assert [s.words for s in sentences] == [sum(any(c.isalnum() for c in w) for w in e.split()) for e in expected]
