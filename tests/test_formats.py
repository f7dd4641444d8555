"""CI formats: SARIF (validated against the official schema), GitHub annotations, JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema

from conftest import ROOT
from plmsg.render.github import escape_data, escape_property

LETTER = ROOT / "examples" / "family-letter.md"
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_is_valid_and_complete(cli, tmp_path, preferred_term):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00broken")
    result = cli("check", str(LETTER), str(bad), "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {"tech-first", "jargon", "oversell", "show-dont-tell"} <= set(rules)
    assert "credibility" in rules["oversell"]["help"]["text"]  # help text from explain
    assert "Better:" in rules["oversell"]["help"]["text"]
    source = LETTER.read_text(encoding="utf-8")
    for r in run["results"]:
        region = r["locations"][0]["physicalLocation"]["region"]
        assert source[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    levels = {r["level"] for r in run["results"]}
    assert levels <= {"warning", "note", "error"} and "note" in levels
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "bad.md" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert any("fixes" in r for r in run["results"])  # the preferred term's safe rewrite


def test_github_annotations(cli, monkeypatch):
    result = cli("check", str(LETTER), "--format", "github")
    lines = result.stdout.splitlines()
    assert lines and all(l.startswith(("::warning ", "::notice ", "::error ")) for l in lines)
    first = lines[0]
    assert f"file={escape_property(str(LETTER))},line=5,col=7,endLine=5,endColumn=18,title=plmsg tech-first::" in first
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    auto = cli("check", str(LETTER))
    assert auto.stdout == result.stdout


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"


def test_junit(cli, tmp_path):
    clean = ROOT / "examples" / "family-letter-revised.md"
    result = cli("check", str(LETTER), str(clean), "--format", "junit")
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("tests")) == len(cases) and int(suite.get("failures")) == len(failures) > 5
    assert any(c.get("name") == str(clean) and c.find("failure") is None for c in cases)
    first = failures[0]
    assert first.get("name").startswith(f"{LETTER}:5:7 tech-first")
    assert "Try:" in first.find("failure").text


def test_auto_is_concise_when_piped(cli):
    result = cli("check", str(LETTER))
    assert result.stdout.splitlines()[0].startswith(f"{LETTER}:5:7: warning tech-first")


def test_json_on_a_terminal_and_in_a_pipe_say_the_same(linter):
    """The JSON report is indented on a terminal and one line per file elsewhere, where
    entries rendered as the files were checked are written as they are: the same data."""
    import io

    from plmsg.render import Report
    from plmsg.render import json as json_format

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    drafts = sorted((ROOT / "tests" / "corpus").glob("*.md"))[:6]
    plain = list(linter.check_files((p, None, None) for p in drafts))
    linter.annotate = json_format.entry_text
    try:
        rendered = list(linter.check_files((p, None, None) for p in drafts))
    finally:
        linter.annotate = None
    assert all(r.entry for r in rendered) and not any(r.entry for r in plain)
    outputs = []
    for results, out in ((plain, Terminal()), (plain, io.StringIO()), (rendered, io.StringIO())):
        json_format.render(Report(files=results, version="1", principles=linter.principles), out)
        outputs.append(out.getvalue())
    assert outputs[0].startswith('{\n  "plmsg_version"') and outputs[1] == outputs[2]
    assert json.loads(outputs[0]) == json.loads(outputs[1])
    assert json.loads(outputs[1])["summary"]["scorecard"]
