"""Claims read over the parse (slots and claims) and named word lists ($name) in rule files."""

from __future__ import annotations

import textwrap

import pytest

from conftest import check_text
from plmsg.linter import Linter
from plmsg.settings import load_settings
from plmsg.yamlio import ConfigError


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def found(linter, text, rule):
    return [f.text for f in check_text(linter, text + "\n", "a.txt").findings if f.rule == rule]


# -- the built-in claim rules: the claim in any wording, not its look-alikes ------------------------
@pytest.mark.parametrize("rule, text", [
    # an outcome with an absolute, an intensity or a time, in any order, tense or voice
    ("oversell", "Thanks to the new schedule, each of our learners will master fractions."),
    ("oversell", "Every single child in our district will reach grade level."),
    ("oversell", "Test scores will climb dramatically this winter."),
    ("oversell", "Dramatically higher scores will be achieved."),
    ("oversell", "Your child will catch up in a matter of weeks."),
    ("oversell", "This plan will close the opportunity gap once and for all."),
    ("oversell", "Our board promises that all students will graduate on time."),
    ("oversell", "Math grades will soar."),
    ("hype", "Adaptive software will transform the way children learn to read."),
    ("hype", "Tablets are the most disruptive force in education today."),
    ("hype", "We are part of a revolution in how students are taught."),
    ("all-students", "Frankly, the model suits our most driven students best."),
    ("all-students", "The pilot is limited to seventh graders with a 3.5 GPA or above."),
    ("all-students", "Children who need extra support will remain in traditional classrooms."),
    ("all-students", "Only organized, independent learners are ready enough to set their own pace."),
    ("align-not-add", "The district will scrap its current report cards."),
    ("align-not-add", "Our traditional grading scale is being eliminated."),
    ("align-not-add", "Principals will rebuild the master schedule from the ground up."),
])
def test_a_claim_is_caught_however_it_is_worded(linter, rule, text):
    assert found(linter, text, rule), text


@pytest.mark.parametrize("rule, text", [
    # hedged, negated, a goal, a question, a story told in the past, a belief about ability
    ("oversell", "We hope every student will master fractions this year."),
    ("oversell", "Our goal is for every child to reach grade level."),
    ("oversell", "No one can promise that every student will master fractions."),
    ("oversell", "This will not close the achievement gap overnight."),
    ("oversell", "Will every student reach grade level by June?"),
    ("oversell", "Last spring she caught up with her class by May."),
    ("oversell", "We believe every child can succeed."),
    ("oversell", "Every student will get a laptop on the first day."),
    ("oversell", "Every student is guaranteed a seat in the program."),
    # literal senses, told apart by the words tied to them
    ("hype", "Phones can disrupt the lesson, so they stay in lockers."),
    ("hype", "A disruptive student may be sent to the office."),
    ("hype", "In history, eighth graders study the revolution and its causes."),
    ("hype", "Students transformed the empty classroom into a science museum."),
    # inclusive, or someone else's myth reported in order to answer it
    ("all-students", "It is not only for gifted students; it is for every learner."),
    ("all-students", "Is personalized learning only for advanced students?"),
    ("all-students", "Some families have heard that it works best for motivated students."),
    ("all-students", "The soccer team is open to every student."),
    # new things, and students' own work
    ("align-not-add", "New laptops will replace the old ones in March."),
    ("align-not-add", "We are not scrapping the report card."),
    ("align-not-add", "Students will scrap their first drafts and start over."),
])
def test_a_look_alike_is_left_alone(linter, rule, text):
    assert not found(linter, text, rule), text


# -- rule files: lists, slots and claims ------------------------------------------------------------
CLAIMS = """
id: only-some
kind: existence
summary: Says the approach is for only some students.
message: "'{match}' suggests it is for only some students."
explain: It is for every student.
lists:
  learner: [student, child, learner]
  able: [gifted, advanced]
  group: [$able, talented]
slots:
  only: [[{LOWER: {IN: [only, especially]}}]]
  group: [[{LOWER: {IN: $group}}, {LEMMA: {IN: $learner}}]]
claims:
  - together: [only, group]
unless: [$able programs]
examples:
  bad: [This is especially powerful for talented children.]
  good: [This is for every child.]
"""


def test_lists_slots_and_claims_in_a_district_rule(tmp_path, nlp):
    write(tmp_path / "rules" / "r.yaml", CLAIMS)
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    linter = Linter(load_settings(cwd=tmp_path), nlp=nlp)
    rule = next(r for r in linter.rules if r.id == "only-some")
    assert rule.params["unless"] == ("gifted programs", "advanced programs") and rule.needs_model
    assert found(linter, "Our advanced learners, especially, will enjoy it.", "only-some") == \
        ["advanced learners, especially"]
    assert found(linter, "It is only for talented students.", "only-some") == ["only for talented students"]
    assert found(linter, "It is for every student, especially gifted children.", "only-some")
    assert not found(linter, "Is it only for gifted students?", "only-some")


def test_a_district_extends_a_list_of_a_built_in_rule(tmp_path, nlp):
    write(tmp_path / "rules" / "more.yaml", """
        extends: oversell
        lists:
          outcome: [blossom]
        """)
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    linter = Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert found(linter, "Every child will blossom.", "oversell") == ["Every child will blossom"]
    rule = next(r for r in linter.rules if r.id == "oversell")
    assert "master" in rule.params["lists"]["outcome"]  # the rule's own words stay


@pytest.mark.parametrize("change, line, key, words", [
    (("  group: [$able, talented]", "  group: [$skill, talented]"), 9, "lists.group.0", "unknown list $skill"),
    (("  able: [gifted, advanced]\n  group: [$able, talented]", "  group: [$able, talented]\n  able: [gifted]"),
     8, "lists.group.0", "list $able is used before it is defined"),
    (("{LEMMA: {IN: $learner}}", "{LEMMA: {IN: $learners}}"), 12, "slots.group.0.1.LEMMA.IN", "unknown list $learners"),
    (("  - together: [only, group]", "  - together: [only, groups]"), 14, "claims.0.together.1", "unknown slot 'groups'"),
    (("[only, especially]", "[only, \"no\", on]"), 11, "slots.only.0.0.LOWER", "read by YAML as true or false"),
    (("  - together: [only, group]", "  - together: [only, group]\n    beside: [only]"), 15, "claims.0.beside",
     "unknown key"),
    (("{LOWER: {IN: [only, especially]}}", "{LOWERCASE: only}"), 10, "slots", "cannot compile rule"),
])
def test_a_bad_claim_rule_names_file_line_and_key(tmp_path, nlp, change, line, key, words):
    path = write(tmp_path / "rules" / "r.yaml", CLAIMS.replace(*change))
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert str(err.value).startswith(f"{path}:{line}: {key}:"), str(err.value)
    assert words in str(err.value)


def test_a_phrase_of_several_words_cannot_stand_for_one_token(tmp_path, nlp):
    path = write(tmp_path / "rules" / "r.yaml", CLAIMS.replace("  able: [gifted, advanced]",
                                                                 "  able: [gifted, highly motivated]"))
    write(tmp_path / ".plmsg.yaml", "rule_paths: [rules]\n")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert str(err.value).startswith(f"{path}:") and "highly motivated" in str(err.value)
    assert "a token in a pattern matches one word" in str(err.value)


# -- jargon beyond the glossary: rare abstract words --------------------------------------------------
@pytest.mark.parametrize("text, audience, expected", [
    ("Report cards show each student's mastery of competencies.", "families", ["competencies"]),
    ("Report cards show each student's mastery of competencies.", "staff", []),
    # explained where it is used, pointed back to, quoted, or part of a name
    ("Report cards show competencies (the skills each course teaches).", "families", []),
    ("Students practise reading and writing. These competencies appear on the report card.", "families", []),
    ('Some call them "competencies" on the report card.', "families", []),
    # everyday words, however rare: no abstract ending, or common enough
    ("Bring a dish to the potluck and join the carpool.", "families", []),
    ("Students practise subtraction and addition.", "families", []),
    # the first use only
    ("Employability matters to employers. The report shows employability skills.", "community", ["Employability"]),
])
def test_rare_abstract_words_are_jargon_for_families(linter, text, audience, expected):
    result = check_text(linter, text + "\n", "a.txt", audience=audience)
    rare = [f for f in result.findings if f.rule == "jargon" and "never explains it" in f.message]
    assert [f.text for f in rare] == expected
    assert all(f.fix is None and not f.replaces for f in rare)
