"""The README's worked example: a district's own preferred term, rule and glossary."""

from __future__ import annotations

import json

from conftest import ROOT, check_text
from plmsg.linter import Linter
from plmsg.settings import load_settings

DISTRICT = ROOT / "examples" / "district-style"


def test_district_style_findings(cli, monkeypatch):
    monkeypatch.chdir(DISTRICT)
    data = json.loads(cli("check", "news", "--format", "json").stdout)
    found = {(d["rule"], d["text"], d["severity"]) for d in data["files"][0]["diagnostics"]}
    assert found == {
        ("no-one-to-one-initiative", "1:1 Initiative", "error"),  # in the headline only
        ("term-consistency", "personalized learning", "warning"),
        ("jargon", "PLP", "warning"),
        ("jargon", "flex block", "warning"),
    }
    fix = next(d["fix"] for d in data["files"][0]["diagnostics"] if d["rule"] == "term-consistency")
    assert fix["replacement"] == "Pathways"


def test_district_rule_examples_hold(nlp):
    linter = Linter(load_settings(cwd=DISTRICT), nlp=nlp)
    rule = next(r for r in linter.rules if r.id == "no-one-to-one-initiative")
    assert rule.spec.source.endswith("style/rules/no-one-to-one-initiative.yaml")
    for example in rule.spec.bad:
        assert any(f.rule == rule.id for f in check_text(linter, example.text).findings)
        assert not any(f.rule == rule.id for f in check_text(linter, example.better).findings)
    for example in rule.spec.good:
        assert not any(f.rule == rule.id for f in check_text(linter, example.text).findings)


def test_preferred_term_reaches_show_dont_tell(nlp):
    linter = Linter(load_settings(cwd=DISTRICT), nlp=nlp)
    abstract = ("# About Pathways\n\n" + "Pathways shapes teaching around each student's strengths, needs and "
                "interests, and students take a growing role in setting goals and reflecting on progress. " * 8)
    assert "show-dont-tell" in {f.rule for f in check_text(linter, abstract).findings}
