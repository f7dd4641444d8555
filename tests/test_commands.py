"""explain, rules, init and stats: the commands that teach."""

from __future__ import annotations

import json

import yaml

from conftest import ROOT

LETTER = ROOT / "examples" / "family-letter.md"


def test_explain_a_rule(cli):
    text = cli("explain", "oversell").stdout
    assert text.startswith("oversell: ")
    assert "Principle: Be honest; don't oversell" in text
    assert "Why it matters" in text and "credibility" in text
    assert "Bad → better" in text and "✗ This proven approach raises test scores." in text
    assert "✓ Early results from schools like ours are encouraging" in text
    assert "Not flagged" in text and "Applies to: all audiences." in text
    assert "Fix: unsafe" in text and "--unsafe-fixes" in text
    consistency = cli("explain", "term-consistency").stdout
    assert "Fix: safe" in consistency
    two_way = cli("explain", "two-way").stdout
    assert "staff, board, media profiles leave it out" in two_way
    passive = cli("explain", "passive-voice").stdout
    assert "Needs the spaCy English model" in passive


def test_explain_lists_the_principles(cli):
    text = cli("explain").stdout
    principles = yaml.safe_load((ROOT / "principles.yaml").read_text(encoding="utf-8"))
    assert len(principles) == 10
    for p in principles:
        assert p["title"] in text
    assert "rules: tech-first, hype" in text


def test_explain_unknown_rule(cli):
    result = cli("explain", "nope")
    assert result.exit_code == 2 and "unknown rule 'nope'" in result.stderr


def test_rules_table_and_json(cli, tmp_path, monkeypatch):
    rules = tmp_path / "style" / "no-initiative.yaml"
    rules.parent.mkdir()
    rules.write_text("""id: no-initiative
kind: substitution
summary: Calls the approach an initiative.
message: "'{match}' sounds temporary."
explain: Initiatives come and go.
swap: {initiative: work}
examples: {bad: [{text: Our initiative starts., better: Our work starts.}], good: [Our work starts.]}
""", encoding="utf-8")
    (tmp_path / ".plmsg.yaml").write_text("rule_paths: [style]\nignore: [passive-voice]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rows = {r["id"]: r for r in json.loads(cli("rules", "--format", "json").stdout)}
    assert "no-initiative" in rows and rows["no-initiative"]["source"].endswith("style/no-initiative.yaml")
    assert "passive-voice" not in rows  # turned off by config
    assert rows["two-way"]["audiences"] == ["families", "community"]
    assert rows["jargon"]["fixable"] is True and rows["readability"]["scope"] == "document"
    everything = {r["id"]: r for r in json.loads(cli("rules", "--format", "json", "--all").stdout)}
    assert everything["passive-voice"]["audiences"] == []
    table = cli("rules").stdout
    assert "no-initiative" in table and "built-in jargon.yaml" in table


def test_init_writes_a_config_that_loads(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "--no-input", "--audience", "community", "--preferred-term", "Pathways",
                 "--ignore", "passive-voice,sentence-length", "--rule-path", "style/rules",
                 "--glossary", "style/glossary.yaml")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / ".plmsg.yaml").read_text(encoding="utf-8")
    assert text.startswith("# plmsg configuration")
    data = yaml.safe_load(text)
    assert data == {"audience": "community", "preferred_term": "Pathways",
                    "ignore": ["passive-voice", "sentence-length"], "rule_paths": ["style/rules"],
                    "glossary": ["style/glossary.yaml"]}
    again = cli("init", "--no-input")
    assert again.exit_code == 2 and "--force" in again.stderr
    assert (tmp_path / ".plmsg.yaml").read_text(encoding="utf-8") == text
    assert cli("init", "--no-input", "--force").exit_code == 0
    assert yaml.safe_load((tmp_path / ".plmsg.yaml").read_text())["audience"] == "families"
    bad = cli("init", "--no-input", "--force", "--ignore", "no-such-rule")
    assert bad.exit_code == 2 and "no-such-rule" in bad.stderr


def test_init_asks_on_a_terminal(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from plmsg import cli as cli_module

    monkeypatch.setattr(cli_module, "can_ask", lambda: True)
    result = cli("init", input="staff\nlearner-centered learning\n")
    assert result.exit_code == 0, result.stdout
    data = yaml.safe_load((tmp_path / ".plmsg.yaml").read_text())
    assert data["audience"] == "staff" and data["preferred_term"] == "learner-centered learning"


def test_stats_json(cli):
    result = cli("stats", str(LETTER), "--format", "json")
    assert result.exit_code == 0
    r = json.loads(result.stdout)["files"][0]
    assert r["audience"] == "families" and r["limit"] == 8
    assert set(r["grades"]) == {"flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                                "automated_readability_index", "dale_chall_readability_score"}
    assert r["words"] > 100 and r["sentences"] >= 5 and r["reading_time_minutes"] > 0
    grades = [s["grade"] for s in r["hardest"]]
    assert grades == sorted(grades, reverse=True)
    source = LETTER.read_text(encoding="utf-8").splitlines()
    for s in r["hardest"]:
        assert s["text"].split()[0] in source[s["line"] - 1]
    assert [p["line"] for p in r["by_paragraph"]] == sorted(p["line"] for p in r["by_paragraph"])


def test_stats_text_and_errors(cli, tmp_path):
    text = cli("stats", str(LETTER)).stdout
    assert "Grade (Flesch-Kincaid)" in text and "Hardest sentences" in text and "By paragraph" in text
    missing = cli("stats", str(tmp_path / "nope.md"))
    assert missing.exit_code == 2 and "nope.md" in missing.stderr


def test_scorecard_in_json_and_text(cli):
    revised = ROOT / "examples" / "family-letter-revised.md"
    data = json.loads(cli("check", str(LETTER), str(revised), "--format", "json").stdout)
    card = {e["principle"]: e for e in data["files"][0]["scorecard"]}
    principles = yaml.safe_load((ROOT / "principles.yaml").read_text(encoding="utf-8"))
    assert list(card) == [p["id"] for p in principles]
    assert card["honest"]["status"] == "not met"
    assert {f["rule"] for f in card["honest"]["findings"]} == {"oversell"}
    assert all(f["line"] >= 1 for f in card["plain-language"]["findings"])
    assert card["all-students"]["status"] == "met"
    assert card["know-the-audience"]["status"] == "applied"
    clean = {e["principle"]: e["status"] for e in data["files"][1]["scorecard"]}
    assert set(clean.values()) <= {"met", "applied"}
    site = {r["principle"]: r for r in data["summary"]["scorecard"]}
    assert site["honest"] == {"principle": "honest", "title": "Be honest; don't oversell", "files_checked": 2,
                              "files_not_met": 1, "by_rule": {"oversell": 2}}
    assert data["summary"]["scorecard"][0]["files_not_met"] >= data["summary"]["scorecard"][-1]["files_not_met"]
    text = cli("check", str(LETTER), str(revised), "--format", "text", "--no-color").stdout
    assert "Principles: " in text and "✗ Be honest; don't oversell" in text
    assert "Which principles the drafts miss most" in text


def test_staff_profile_leaves_two_way_out_and_softens_jargon(cli, tmp_path):
    draft = tmp_path / "memo.md"
    draft.write_text("---\nplmsg: {audience: staff}\n---\n# Friday Planning\n\nThis Friday we will leverage "
                     "the new planning time to review reading goals with every student in grades three "
                     "and four, and to plan small groups for the week after the break.\n", encoding="utf-8")
    data = json.loads(cli("check", str(draft), "--format", "json").stdout)
    rules = {d["rule"]: d["severity"] for d in data["files"][0]["diagnostics"]}
    assert "two-way" not in rules and rules["jargon"] == "suggestion"
    card = {e["principle"]: e["status"] for e in data["files"][0]["scorecard"]}
    assert card["two-way"] == "not checked"
    forced = json.loads(cli("check", str(draft), "--format", "json", "--select", "two-way").stdout)
    assert [d["rule"] for d in forced["files"][0]["diagnostics"]] == ["two-way"]
