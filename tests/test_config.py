"""Config and rule files: found, merged, and validated strictly with file:line: key errors."""

from __future__ import annotations

import json
import textwrap

import pytest

from conftest import check_text
from plmsg.linter import Linter
from plmsg.settings import Override, Settings, load_settings
from plmsg.yamlio import ConfigError


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


RULE = """
id: no-initiative
kind: substitution
severity: warning
summary: Calls the approach an initiative.
message: "'{match}' sounds temporary. Try '{suggestion}'."
explain: Initiatives come and go; describe the work.
swap:
  initiative: [work]
examples:
  bad: [Our personalized learning initiative starts soon.]
  good: [Our work on personalized learning starts soon.]
"""


def test_config_is_found_upward_from_the_working_directory(tmp_path):
    write(tmp_path / ".plmsg.yaml", "audience: staff\npreferred_term: student-centered learning\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    s = load_settings(cwd=deep)
    assert s.audience == "staff" and s.preferred_term == "student-centered learning"
    assert s.config_path == tmp_path / ".plmsg.yaml"


def test_pyproject_tool_section(tmp_path):
    write(tmp_path / "pyproject.toml", """
        [project]
        name = "site"

        [tool.plmsg]
        audience = "community"
        ignore = ["passive-voice"]
        """)
    s = load_settings(cwd=tmp_path)
    assert s.audience == "community" and s.ignore == ("passive-voice",)


@pytest.mark.parametrize("text, line, key, words", [
    ("audience: families\nfavourite_colour: blue\n", 2, "favourite_colour", "unknown key"),
    ("audience: parents\n", 1, "audience", "expected one of"),
    ("ignore: 5\n", 1, "ignore", "list of strings"),
    ("severity:\n  jargon: loud\n", 2, "severity.jargon", "unknown severity"),
    ("overrides:\n  - files: [board/**]\n    audience: aliens\n", 3, "overrides.0.audience", "expected one of"),
    ("max_draft_mb: 0\n", 1, "max_draft_mb", "whole number of megabytes"),
    ("audience: [unclosed\n", 2, None, "invalid YAML"),
    ("audience: !!python/object:os.system ls\n", 1, None, "not allowed"),
])
def test_config_errors_name_file_line_and_key(tmp_path, text, line, key, words):
    path = write(tmp_path / ".plmsg.yaml", text)
    with pytest.raises(ConfigError) as err:
        load_settings(cwd=tmp_path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert words in message
    if key:
        assert f" {key}:" in message


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    write(tmp_path / ".plmsg.yaml", "\n".join(lines) + "\n")
    with pytest.raises(ConfigError, match="too many values"):
        load_settings(cwd=tmp_path)


def test_unknown_rule_ids_in_config_are_errors(tmp_path, nlp):
    path = write(tmp_path / ".plmsg.yaml", "severity:\n  jargn: error\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert str(err.value).startswith(f"{path}:2:") and "jargn" in str(err.value)


def test_options_are_checked_against_the_rule_kind(tmp_path, nlp):
    path = write(tmp_path / ".plmsg.yaml", "options:\n  sentence-length:\n    max_wrds: 20\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert str(err.value).startswith(f"{path}:3:") and "max_wrds" in str(err.value)


def test_options_change_rule_behaviour(tmp_path, nlp):
    write(tmp_path / ".plmsg.yaml", "options:\n  sentence-length:\n    max_words: 8\n")
    linter = Linter(load_settings(cwd=tmp_path), nlp=nlp)
    result = check_text(linter, "Our teachers will meet with every student each week this fall.\n", "a.txt")
    assert [f.rule for f in result.findings] == ["sentence-length"]


def test_district_rules_and_glossary(tmp_path, nlp):
    write(tmp_path / "style" / "rules" / "no-initiative.yaml", RULE)
    write(tmp_path / "style" / "glossary.yaml", """
        jargon:
          - term: learning walk
            pos: noun
            plain: [classroom visit]
        """)
    write(tmp_path / ".plmsg.yaml", "rule_paths: [style/rules]\nglossary: [style/glossary.yaml]\n")
    linter = Linter(load_settings(cwd=tmp_path), nlp=nlp)
    result = check_text(linter, "Our initiative includes a learning walk and we leverage tutors.\n", "a.txt")
    found = {(f.rule, f.text) for f in result.findings}
    assert ("no-initiative", "initiative") in found
    assert ("jargon", "learning walk") in found and ("jargon", "leverage") in found


def test_duplicate_rule_id_needs_override(tmp_path, nlp):
    clash = RULE.replace("id: no-initiative", "id: jargon")
    path = write(tmp_path / "rules" / "jargon.yaml", clash)
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert str(err.value).startswith(f"{path}:1:") and "override: true" in str(err.value)
    write(tmp_path / "rules" / "jargon.yaml", clash + "override: true\n")
    linter = Linter(load_settings(cwd=tmp_path), nlp=nlp)
    result = check_text(linter, "Our initiative will leverage tutors.\n", "a.txt")
    assert [(f.rule, f.text) for f in result.findings] == [("jargon", "initiative")]


@pytest.mark.parametrize("change, line, words", [
    (("kind: substitution", "kind: regex"), 2, "unknown kind 'regex'"),
    (("severity: warning", "severity: loud"), 3, "unknown severity"),
    (("severity: warning\n", "severity: warning\ncolour: red\n"), 4, "unknown key"),
    (("message: \"'{match}' sounds temporary. Try '{suggestion}'.\"\n", ""), 1, "missing required key 'message'"),
    (("message: \"'{match}' sounds", "message: \"'{matched}' sounds"), 5, "unknown placeholder"),
    (("id: no-initiative", "id: No_Initiative"), 1, "kebab-case"),
    (("swap:\n  initiative: [work]", "swap:\n  initiative: 5"), 8, "rewrite"),
])
def test_rule_file_errors_name_file_line_and_key(tmp_path, nlp, change, line, words):
    path = write(tmp_path / "rules" / "r.yaml", RULE.replace(*change))
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert str(err.value).startswith(f"{path}:{line}:"), str(err.value)
    assert words in str(err.value)


def test_bad_token_pattern_is_an_error(tmp_path, nlp):
    path = write(tmp_path / "rules" / "p.yaml", """
        id: only-gifted
        kind: pattern
        summary: s
        message: m
        explain: e
        patterns:
          - [{LOWER: only}, {LOWERCASE: gifted}]
        examples: {bad: [x], good: [y]}
        """)
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert str(err.value).startswith(f"{path}:6: patterns: cannot compile rule")


def test_pattern_kind_with_the_parser(tmp_path, nlp):
    write(tmp_path / "rules" / "p.yaml", """
        id: only-some
        kind: pattern
        summary: Says the approach is only for some students.
        message: "'{match}' suggests it is only for some students."
        explain: It is for every student.
        patterns:
          - [{LOWER: only}, {LOWER: for}, {POS: ADJ, OP: "?"}, {LEMMA: {IN: [student, child]}}]
        examples: {bad: [It is only for gifted students.], good: [It is for every student.]}
        """)
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    linter = Linter(load_settings(cwd=tmp_path), nlp=nlp)
    rule = next(r for r in linter.rules if r.id == "only-some")
    assert rule.needs_model
    result = check_text(linter, "Some think it is only for advanced students. It is for all children.\n", "a.txt")
    assert [(f.rule, f.text) for f in result.findings if f.rule == "only-some"] == \
        [("only-some", "only for advanced students")]


def test_preferred_term_is_configurable(make_linter):
    linter = make_linter(preferred_term="student-centered learning")
    result = check_text(linter, "Personalized learning and student-centered learning are here.\n", "a.txt")
    found = [(f.text, f.fix.replacement if f.fix else None) for f in result.findings
             if f.rule == "term-consistency"]
    assert found == [("Personalized learning", "Student-centered learning")]


def test_audience_precedence(tmp_path):
    settings = Settings(audience="community", root=tmp_path,
                        overrides=(Override(files=("board/**",), audience="board"),))
    fm = {"plmsg": {"audience": "staff"}}
    board = str(tmp_path / "board" / "memo.md")
    assert settings.audience_for(board, fm, "media") == "staff"      # front matter first
    assert settings.audience_for(board, {}, "media") == "media"      # then --audience
    assert settings.audience_for(board, {}, None) == "board"         # then overrides
    assert settings.audience_for(str(tmp_path / "news.md"), {}, None) == "community"  # then config
    assert Settings().audience_for("x.md", {}, None) == "families"   # then the default


def test_front_matter_audience_changes_the_readability_limit(linter):
    hard = ("The committee's recommendations emphasize comprehensive professional development, "
            "coordinated instructional scheduling, and systematic documentation of student progress "
            "toward clearly articulated competencies. ") * 4
    for_families = check_text(linter, hard, "a.md")
    for_board = check_text(linter, "---\nplmsg: {audience: board}\n---\n" + hard, "a.md")
    assert "readability" in {f.rule for f in for_families.findings}
    assert for_board.audience == "board"


def test_exclude_and_json_from_cli(tmp_path, cli, monkeypatch):
    write(tmp_path / "site" / "a.md", "We leverage tutors.\n")
    write(tmp_path / "site" / "archive" / "old.md", "We leverage tutors.\n")
    write(tmp_path / ".plmsg.yaml", "exclude: ['site/archive/**']\n")
    monkeypatch.chdir(tmp_path)
    data = json.loads(cli("check", "site", "--format", "json").stdout)
    assert [f["path"] for f in data["files"]] == ["site/a.md"]


def test_overrides_choose_the_audience_end_to_end(cli, tmp_path, monkeypatch):
    write(tmp_path / ".plmsg.yaml", "audience: community\noverrides:\n  - {files: ['board/**'], audience: board}\n")
    write(tmp_path / "board" / "memo.md", "We will leverage tutors.\n")
    write(tmp_path / "news" / "item.md", "We will leverage tutors.\n")
    write(tmp_path / "news" / "staff.md", "---\nplmsg: {audience: staff}\n---\nWe will leverage tutors.\n")
    monkeypatch.chdir(tmp_path)
    data = json.loads(cli("check", "board", "news", "--format", "json").stdout)
    assert {f["path"]: f["audience"] for f in data["files"]} == {
        "board/memo.md": "board", "news/item.md": "community", "news/staff.md": "staff"}
    flag = json.loads(cli("check", "board", "news", "--format", "json", "--audience", "media").stdout)
    assert {f["path"]: f["audience"] for f in flag["files"]} == {
        "board/memo.md": "media", "news/item.md": "media", "news/staff.md": "staff"}
