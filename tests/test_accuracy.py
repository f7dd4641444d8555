"""The labeled drafts: recall ≥ 0.9 and false-positive rate ≤ 0.05 for every scored rule."""

from __future__ import annotations

import pytest

import accuracy
from plmsg.linter import Linter
from plmsg.settings import Settings


@pytest.fixture(scope="module")
def scores(nlp):
    return accuracy.evaluate(lambda term: Linter(Settings(preferred_term=term), nlp=nlp))


def test_corpus_is_large_enough():
    drafts = accuracy.drafts()
    assert len(drafts) >= 30
    formats = {p.suffix for p, _ in drafts}
    assert {".md", ".html", ".txt"} <= formats


def test_heldout_set_is_large_enough():
    drafts = accuracy.drafts(accuracy.HELDOUT)
    assert len(drafts) >= 40
    assert sum(bool(labels.get("source")) for _, labels in drafts) >= 15  # paraphrases of real pages


@pytest.mark.parametrize("corpus", [accuracy.CORPUS, accuracy.HELDOUT, accuracy.HELDOUT2],
                         ids=["corpus", "heldout", "heldout2"])
def test_labels_name_real_text(corpus):
    for path, labels in accuracy.drafts(corpus):
        source = path.read_text(encoding="utf-8")
        assert labels.get("audience") in ("families", "staff", "community", "board", "media"), path.name
        for key in ("expect", "traps", "unsure"):
            for label in labels.get(key) or []:
                assert label["rule"] in accuracy.SCORED, path.name
                if "text" in label:
                    assert label["text"] in source, f"{path.name}: {label['text']!r} not in the draft"


@pytest.mark.parametrize("rule", accuracy.SCORED)
def test_rule_accuracy(scores, rule):
    s = scores[rule]
    assert s.expected > 0, f"no expected findings for {rule} in the labeled set"
    assert s.recall >= accuracy.RECALL_FLOOR, f"{rule} recall {s.recall:.2f}; missed: {s.misses}"
    assert s.fp_rate <= accuracy.FP_CEILING, \
        f"{rule} false-positive rate {s.fp_rate:.3f}: {s.false_positives}"


# The held-out set's recall per rule when it was frozen, before any rule changed for it
# (tests/heldout/README.md). It measures, and is not tuned to; this only keeps the rules
# from losing what they caught then.
FROZEN_RECALL = {"tech-first": 0.50, "jargon": 0.73, "term-consistency": 0.73, "oversell": 0.56,
                 "student-learning": 0.00, "readability": 1.00, "sentence-length": 1.00, "passive-voice": 0.94,
                 "hype": 0.92, "two-way": 1.00, "all-students": 0.17, "align-not-add": 0.40, "show-dont-tell": 0.50}


# The same for the second held-out set, frozen before the claim rules were rewritten
# (tests/heldout2/README.md).
FROZEN_RECALL_2 = {"tech-first": 0.33, "jargon": 0.63, "term-consistency": 0.38, "oversell": 0.28,
                   "student-learning": 0.50, "readability": 1.00, "sentence-length": 0.88, "passive-voice": 0.44,
                   "hype": 0.56, "two-way": 0.75, "all-students": 0.25, "align-not-add": 0.21, "show-dont-tell": 0.80}


@pytest.mark.parametrize("corpus, frozen, found_then", [
    (accuracy.HELDOUT, FROZEN_RECALL, 147),  # of 194 when frozen
    (accuracy.HELDOUT2, FROZEN_RECALL_2, 92),  # of 184 when frozen
], ids=["heldout", "heldout2"])
def test_held_out_sets_keep_their_frozen_recall(nlp, corpus, frozen, found_then):
    scores = accuracy.evaluate(lambda term: Linter(accuracy.settings_for(term), nlp=nlp), corpus)
    worse = {rule: round(s.recall, 2) for rule, s in scores.items() if round(s.recall, 2) < frozen[rule]}
    assert not worse, f"held-out recall fell below its frozen value: {worse}"
    assert sum(s.found for s in scores.values()) >= found_then
