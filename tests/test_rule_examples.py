"""Every rule's examples are tests: each bad one must fire, each good one must not."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT, assert_inside_its_block, check_text

RULE_FILES = sorted((ROOT / "rules").glob("*.yaml"))


def _cases():
    """Bad examples must fire; their `better` rewrites and the good examples must not."""
    for path in RULE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, example in enumerate(data["examples"]["bad"]):
            yield pytest.param(data["id"], "bad", example, id=f"{data['id']}-bad-{i + 1}")
            if isinstance(example, dict) and example.get("better"):
                better = {**example, "text": example["better"]}
                yield pytest.param(data["id"], "good", better, id=f"{data['id']}-better-{i + 1}")
        for i, example in enumerate(data["examples"].get("good") or []):
            yield pytest.param(data["id"], "good", example, id=f"{data['id']}-good-{i + 1}")


def test_every_rule_has_bad_and_good_examples():
    assert RULE_FILES, "no rule files found"
    for path in RULE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        bad = data["examples"].get("bad")
        assert bad, f"{path.name} has no bad examples"
        assert data["examples"].get("good"), f"{path.name} has no good examples"
        assert any(isinstance(b, dict) and b.get("better") for b in bad), \
            f"{path.name}: give at least one bad example a better rewrite (plmsg explain shows it)"


@pytest.mark.parametrize("rule_id, side, example", list(_cases()))
def test_example(linter, make_linter, rule_id, side, example):
    if isinstance(example, str):
        example = {"text": example}
    if example.get("preferred_term"):  # written for a district that has named its term
        linter = make_linter(preferred_term=example["preferred_term"])
    fmt = example.get("format", "markdown")
    name = {"markdown": "example.md", "html": "example.html", "text": "example.txt"}[fmt]
    result = check_text(linter, example["text"], name, audience=example.get("audience"))
    fired = [f for f in result.findings if f.rule == rule_id]
    if side == "bad":
        assert fired, f"{rule_id} did not fire on: {example['text']!r}"
        assert_inside_its_block(result, fmt)
    else:
        assert not fired, f"{rule_id} fired on a good example: {[f.text for f in fired]}"


def test_builtin_catalogue_ids(linter):
    ids = {r.id for r in linter.rules}
    founding = {"tech-first", "jargon", "term-consistency", "oversell", "student-learning",
                "readability", "sentence-length", "passive-voice"}
    assert founding <= ids


# A phone number, a named person, a date or a clock time in advice would be a made-up fact
# if pasted into a draft; advice names what to add with [bracketed slots] instead.
INVENTED = re.compile(r"\d{3}[-.]\d{4}|\b(?:Ms|Mr|Mrs|Mx|Dr)\.\s+[A-Z]|\b\d{1,2}(?::\d\d)?\s*[ap]\.m\.|"
                      r"\b(?:January|February|March|April|June|July|August|September|October|November|December)\b")


def test_advice_never_invents_facts():
    for path in RULE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for advice in data.get("suggestions") or []:
            assert not INVENTED.search(advice), f"{path.name}: advice invents a fact: {advice!r}"
