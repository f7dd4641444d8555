"""Config and rule files: found, merged, and validated strictly with file:line: key errors."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

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


@pytest.mark.parametrize("term, text, expected", [
    ("student-centered learning", "Personalized learning starts in May. Student-centered learning is here.\n",
     [("Personalized learning", "Student-centered learning")]),
    # a name no family knows becomes the approach's name
    ("Pathways", "Pathways starts in May. Individualized learning is here.\n",
     [("Individualized learning", "Pathways")]),
])
def test_preferred_term_is_configurable(make_linter, term, text, expected):
    result = check_text(make_linter(preferred_term=term), text, "a.txt")
    found = [(f.text, f.fix.replacement if f.fix else None) for f in result.findings
             if f.rule == "term-consistency"]
    assert found == expected


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


# -- extending a rule by id (extends:), and what options: may change ----------------------------
EXTENSION = """
extends: hype
tokens: [silver bullet, supercharge]
examples:
  bad:
    - text: This will supercharge learning.
      better: Students will meet with a teacher each week.
  good: [Students will meet with a teacher each week.]
"""


def test_extends_adds_to_a_built_in_rule(tmp_path, nlp):
    ext = write(tmp_path / "rules" / "hype.yaml", EXTENSION + "severity: error\n")
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    linter = Linter(load_settings(cwd=tmp_path), nlp=nlp)
    result = check_text(linter, "This game-changer will supercharge our schools. It is a silver bullet.\n",
                        "a.txt")
    found = [(f.rule, f.text, f.severity.value) for f in result.findings if f.rule == "hype"]
    assert found == [("hype", "game-changer", "error"), ("hype", "supercharge", "error"),
                     ("hype", "silver bullet", "error")]
    source = next(s for s in linter.sources if s.spec.id == "hype")
    assert source.files[0].endswith("rules/hype.yaml") and source.files[1:] == (str(ext),)
    rule = next(r for r in linter.rules if r.id == "hype")
    assert rule.spec.bad[-1].text == "This will supercharge learning."  # examples are added, not replaced
    assert len(rule.spec.bad) > 1 and "game-changer" in rule.params["tokens"]
    assert rule.spec.kind == "existence" and rule.spec.summary.startswith("Disruption")  # kept


def test_extends_a_district_rule_and_options_apply_last(tmp_path, nlp):
    write(tmp_path / "rules" / "no-initiative.yaml", RULE)
    write(tmp_path / "rules" / "zz-more.yaml", """
        extends: no-initiative
        swap: {pilot: [first year]}
        severity: suggestion
        """)
    write(tmp_path / "rules" / "length.yaml", "extends: sentence-length\nmax_words: 20\n")
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\noptions:\n  sentence-length: {max_words: 8}\n")
    linter = Linter(load_settings(cwd=tmp_path), nlp=nlp)
    rule = next(r for r in linter.rules if r.id == "no-initiative")
    assert set(rule.params["swap"]) == {"initiative", "pilot"} and rule.spec.severity.value == "suggestion"
    assert next(r for r in linter.rules if r.id == "sentence-length").params["max_words"] == 8


@pytest.mark.parametrize("text, line, key, words", [
    ("extends: hipe\ntokens: [moonshot]\n", 1, "extends", "no rule with id 'hipe' to extend"),
    ("extends: hype\ntokens: moonshot\n", 2, "tokens", "expected a list of strings"),
    ("extends: hype\nswap: {a: b}\n", 2, "swap", "unknown key for an extension of hype (an existence rule)"),
    ("extends: hype\nid: hype\n", 2, "id", "takes its id and kind from it"),
    ("extends: hype\noverride: true\n", 2, "override", "takes its id and kind from it"),
    ("extends: hype\nexamples: {bad: [{text: a, better: b, colour: red}]}\n", 2, "examples.bad.0.colour",
     "unknown key"),
    # the fields of the precision work, used wrongly
    ("extends: passive-voice\nowed: charge\n", 2, "owed", "expected a list of strings"),
    ("extends: passive-voice\nmodals: [will]\nstatives: 5\n", 3, "statives", "expected a list of strings"),
    ("extends: jargon\nacronyms: [kids]\n", 2, "acronyms.0", "expected one of families"),
    ("extends: readability\nwarn_over: lots\n", 2, "warn_over", "expected a number"),
    ("extends: student-learning\nnot_when: nurse\n", 2, "not_when", "expected a list of strings"),
    ("extends: tech-first\nlogistics: {pick up: 1}\n", 2, "logistics", "expected a list of strings"),
    ("extends: term-consistency\nheads: approach\n", 2, "heads", "expected a list of strings"),
    ("extends: hype\nskip_names: sometimes\n", 2, "skip_names", "expected true or false"),
    ("extends: hype\nexamples: {good: [{text: a, preferred_term: 5}]}\n", 2, "examples.good.0.preferred_term",
     "expected a non-empty string"),
    # what a kind cannot honour: a lemma where only words are read, entities never recognised
    ("extends: hype\npatterns:\n  - [{LEMMA: leverage}]\n", 3, "patterns.0.0.LEMMA", "needs the parser"),
    ("extends: two-way\npatterns:\n  - [{LOWER: call}, {POS: PRON}]\n", 3, "patterns.0.1.POS", "needs the parser"),
    ("extends: hype\npatterns:\n  - [{ENT_TYPE: ORG}]\n", 3, "patterns.0", "ENT_TYPE never matches"),
    ("extends: hype\nexamples: {good: [{text: a, fixed: b}]}\n", 2, "examples.good.0.fixed",
     "only a bad example has the text after --fix"),
])
def test_extension_errors_name_file_line_and_key(tmp_path, nlp, text, line, key, words):
    path = write(tmp_path / "rules" / "ext.yaml", text)
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: {key}: "), message
    assert words in message


def test_options_never_replace_a_list(tmp_path, nlp):
    path = write(tmp_path / ".plmsg.yaml", "options: {hype: {tokens: [moonshot]}}\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    message = str(err.value)
    assert message.startswith(f"{path}:1: options.hype.tokens: tokens is a list"), message
    assert "extends: hype" in message


def test_options_add_keys_to_a_mapping(tmp_path, nlp):
    write(tmp_path / "rules" / "no-initiative.yaml", RULE)
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\noptions:\n  no-initiative: {swap: {pilot: [trial]}}\n")
    linter = Linter(load_settings(cwd=tmp_path), nlp=nlp)
    rule = next(r for r in linter.rules if r.id == "no-initiative")
    assert rule.params["swap"] == {"initiative": ("work",), "pilot": ("trial",)}


# -- strict lists and paths ----------------------------------------------------------------------
def existence_rule_error(tmp_path, nlp, fields: str) -> tuple[Path, str]:
    """The error a district existence rule with these fields (in place of `swap:`) gives."""
    path = write(tmp_path / "rules" / "r.yaml", RULE.replace("kind: substitution", "kind: existence")
                 .replace("swap:\n  initiative: [work]\n", fields))
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    return path, str(err.value)


def test_a_string_where_a_list_belongs_is_an_error(tmp_path, nlp):
    path, error = existence_rule_error(tmp_path, nlp, "tokens: initiative\n")
    assert error.startswith(f"{path}:7: tokens: expected a list of strings, got the string 'initiative'")
    config = write(tmp_path / ".plmsg.yaml", "audience: staff\nignore: passive-voice\n")
    with pytest.raises(ConfigError) as err:
        load_settings(cwd=tmp_path)
    assert str(err.value).startswith(f"{config}:2: ignore: expected a list of strings")


def test_unknown_key_message_uses_the_right_article(tmp_path, nlp):
    path, error = existence_rule_error(tmp_path, nlp, "tokens: [initiative]\ncolour: red\n")
    assert error.startswith(f"{path}:8: colour: unknown key for an existence rule")


@pytest.mark.parametrize("text, line, key, words", [
    ("rule_paths: [nonexistent]\n", 1, "rule_paths.0", "rule file or folder not found: nonexistent"),
    ("audience: staff\nrule_paths:\n  - style/rules\n  - nope\n", 4, "rule_paths.1", "not found: nope"),
    ("glossary: [style/missing.yaml]\n", 1, "glossary.0", "glossary file not found: style/missing.yaml"),
])
def test_missing_paths_name_the_config_file_line_and_key(tmp_path, text, line, key, words):
    (tmp_path / "style" / "rules").mkdir(parents=True)
    path = write(tmp_path / ".plmsg.yaml", text)
    with pytest.raises(ConfigError) as err:
        load_settings(cwd=tmp_path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: {key}: "), message
    assert words in message


def test_missing_rule_path_from_the_cli_exits_2(cli, tmp_path, monkeypatch):
    write(tmp_path / ".plmsg.yaml", "rule_paths: [nonexistent]\n")
    (tmp_path / "a.md").write_text("Hello.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "a.md")
    assert result.exit_code == 2
    assert ".plmsg.yaml:1: rule_paths.0: rule file or folder not found: nonexistent" in result.stderr


def test_without_a_preferred_term_only_mixing_is_flagged(make_linter):
    linter = make_linter()
    one = check_text(linter, "Competency-based education starts in May. Competency-based education helps.\n", "a.txt")
    assert not [f for f in one.findings if f.rule == "term-consistency"]
    mixed = check_text(linter, "Personalized learning starts in May. Personalized learning helps each child. "
                               "Individualized learning means goals.\n", "a.txt")
    found = [f for f in mixed.findings if f.rule == "term-consistency"]
    assert [(f.text, f.suggestions, f.fix.applicability) for f in found] == \
        [("Individualized learning", ("Personalized learning",), "unsafe")]


def test_a_draft_should_not_mix_the_names_of_its_grading_approach_either(make_linter):
    linter = make_linter(preferred_term="personalized learning")
    mixed = check_text(linter, "Standards-based grading starts this fall. With standards-based grading, each "
                               "report shows skills. Mastery-based grading means no averages.\n", "a.txt")
    found = [(f.text, f.suggestions) for f in mixed.findings if f.rule == "term-consistency"]
    assert found == [("Mastery-based grading", ("Standards-based grading",))]
    # two names set side by side as two things, or a quoted teacher's word, are not a switch
    fine = check_text(linter, "We compared standards-based grading and mastery-based grading last year. "
                              'One teacher said "mastery grading works." Standards-based grading starts in May.\n',
                      "a.txt")
    assert not [f for f in fine.findings if f.rule == "term-consistency"]


def test_the_approach_named_by_its_instruction_is_one_of_its_names(make_linter):
    linter = make_linter()
    mixed = check_text(linter, "Personalized learning starts in May. Personalized learning helps each child. "
                               "Individualized instruction means goals.\n", "a.txt")
    assert [f.text for f in mixed.findings if f.rule == "term-consistency"] == ["Individualized instruction"]


# -- the English word lists: data a district extends ----------------------------------------------
def test_a_district_adds_english_words(tmp_path, nlp):
    """A negation plmsg does not know excuses nothing until the district adds it; its words
    join plmsg's, which stay."""
    plain = Linter(Settings(), nlp=nlp)
    write(tmp_path / ".plmsg.yaml", "english: [words.yaml]\n")
    write(tmp_path / "words.yaml", "greetings: [howdy]\nnegations: [scarcely]\n")
    ours = Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert "howdy" in ours.english.greetings and "dear" in ours.english.greetings
    assert {"scarcely", "not"} <= ours.english.negations
    from plmsg.context import DraftContext
    from plmsg.markup import read_draft

    def negated(linter):
        ctx = DraftContext(read_draft("a.txt", "We scarcely expect overnight results.\n", "text"), "families", nlp,
                           english=linter.english)
        return ctx.negated(0, next(t.i for t in ctx.docs[0] if t.text == "overnight"))

    assert not negated(plain) and negated(ours)
    text = "This will not happen overnight. We scarcely think it will happen overnight.\n"
    assert len([f for f in check_text(plain, text, "a.txt").findings if f.rule == "oversell"]) == 1
    assert not [f for f in check_text(ours, text, "a.txt").findings if f.rule == "oversell"]


@pytest.mark.parametrize("text, line, words", [
    ("greetings: [howdy]\nfarewells: [bye]\n", 2, "farewells: unknown word list"),
    ("negations: hardly\n", 1, "negations: expected a list of words"),
    ("conditions: [if, no]\n", 1, "conditions.1: expected a word or phrase"),
])
def test_a_bad_english_file_names_file_line_and_key(tmp_path, nlp, text, line, words):
    path = write(tmp_path / "words.yaml", text)
    write(tmp_path / ".plmsg.yaml", "english: [words.yaml]\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert str(err.value).startswith(f"{path}:{line}: {words}"), str(err.value)


def test_a_missing_english_file_is_named_in_the_config(tmp_path):
    write(tmp_path / ".plmsg.yaml", "english: [words.yaml]\n")
    with pytest.raises(ConfigError) as err:
        load_settings(cwd=tmp_path)
    assert "english.0: English word file not found: words.yaml" in str(err.value)
