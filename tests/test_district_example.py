"""The README's worked example: a district's own preferred term, rule and glossary."""

from __future__ import annotations

import json
import re
import shutil

import yaml

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


def test_district_fixes_read_correctly(cli, tmp_path, monkeypatch):
    """Each glossary rewrite is applied in place by --fix, so it must read right there."""
    copy = tmp_path / "district-style"
    shutil.copytree(DISTRICT, copy)
    monkeypatch.chdir(copy)
    diff = cli("check", "news", "--diff")
    assert diff.exit_code == 1  # rewrites to show
    added = " ".join(line[1:] for line in diff.stdout.splitlines()
                     if line.startswith("+") and not line.startswith("+++"))
    assert "update their learning plan and set a goal" in added
    assert "how to use the daily time for extra help or going further." in added
    fixed = cli("check", "news", "--fix")
    assert fixed.exit_code == 1  # the headline is left for the writer
    text = (copy / "news" / "pathways-update.md").read_text(encoding="utf-8")
    prose = " ".join(text.split())
    assert "start Pathways. Each student will meet with an advisor every week to update their learning plan " \
           "and set a goal in reading or math. Students choose how to use the daily time for extra help or " \
           "going further." in prose
    for broken in ("their your", "daily daily", "PLP", "flex block", "personalized learning"):
        assert broken not in prose, broken
    left = json.loads(cli("check", "news", "--format", "json").stdout)["files"][0]["diagnostics"]
    assert [d["rule"] for d in left] == ["no-one-to-one-initiative"]
    assert (DISTRICT / "news" / "pathways-update.md").read_text(encoding="utf-8") != text  # the original is untouched


def test_district_extension_adds_to_hype(cli, monkeypatch, nlp):
    linter = Linter(load_settings(cwd=DISTRICT), nlp=nlp)
    found = {f.text for f in check_text(linter, "This game-changer will supercharge Grade 6.\n").findings
             if f.rule == "hype"}
    assert found == {"game-changer", "supercharge"}  # the built-in words stay; Lakeview's are added
    monkeypatch.chdir(DISTRICT)
    result = cli("rules", "--test")
    assert result.exit_code == 0, result.stdout
    rows = {r["id"]: r for r in json.loads(cli("rules", "--format", "json").stdout)}
    assert rows["hype"]["extended_by"] == ["style/rules/hype.yaml"]
    assert rows["no-one-to-one-initiative"]["source"] == "style/rules/no-one-to-one-initiative.yaml"


def _readme_block(after: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(after)
    return re.search(r"```yaml\n(.*?)```", text[start:], re.S).group(1)


def test_readme_shows_the_example_files():
    """The README's glossary and extension blocks are the example's files (comments aside)."""
    for name in ("`style/glossary.yaml`", "`style/rules/hype.yaml`"):
        path = DISTRICT / name.strip("`")
        assert yaml.safe_load(_readme_block(name)) == yaml.safe_load(path.read_text(encoding="utf-8")), name
    config = yaml.safe_load(_readme_block("`.plmsg.yaml`:"))
    assert config.items() <= yaml.safe_load((DISTRICT / ".plmsg.yaml").read_text(encoding="utf-8")).items()
