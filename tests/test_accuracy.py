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


@pytest.mark.parametrize("corpus", [accuracy.CORPUS, accuracy.HELDOUT], ids=["corpus", "heldout"])
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
