"""Engine behaviour: suppression comments, protected spans, ordering, context rules."""

from __future__ import annotations

import pytest

from conftest import check_text


def rules_and_texts(result):
    return [(f.rule, f.text) for f in result.findings]


def test_disable_enable_regions(linter):
    md = ("We leverage tutors.\n\n<!-- plmsg-disable jargon -->\n\nWe leverage synergy and guarantee results.\n\n"
          "<!-- plmsg-enable -->\n\nOur stakeholders agree.\n")
    found = rules_and_texts(check_text(linter, md))
    assert ("jargon", "leverage") in found and ("jargon", "stakeholders") in found
    assert ("jargon", "synergy") not in found
    assert ("oversell", "guarantee") in found  # only jargon was disabled


def test_disable_next_line_and_file(linter):
    md = "<!-- plmsg-disable-next-line jargon -->\nWe leverage tutors.\nWe leverage tutors again.\n"
    found = rules_and_texts(check_text(linter, md))
    assert found.count(("jargon", "leverage")) == 1
    html = "<p>We leverage tutors.</p><!-- plmsg-disable-file -->"
    assert check_text(linter, html, "a.html").findings == ()


def test_findings_sorted_and_unique(linter):
    result = check_text(linter, "Synergy. We leverage stakeholders and leverage synergy.\n", "a.txt")
    keys = [(f.start, f.rule) for f in result.findings]
    assert keys == sorted(keys) and len(keys) == len(set(keys))


def test_inflections_and_case(linter):
    found = rules_and_texts(check_text(linter, "Leveraging tutors, she leverages time. Our Stakeholders met. "
                                               "Sel is a name; SEL is an acronym.\n", "a.txt"))
    assert ("jargon", "Leveraging") in found and ("jargon", "leverages") in found
    assert ("jargon", "Stakeholders") in found
    assert ("jargon", "SEL") in found and ("jargon", "Sel") not in found


def test_rewrites_keep_form_and_capitals(linter):
    result = check_text(linter, "Leveraging tutors helps. She leverages time. Stakeholders met.\n", "a.txt")
    by_text = {f.text: f.suggestions[0] for f in result.findings if f.rule == "jargon"}
    assert by_text["Leveraging"] == "Using"
    assert by_text["leverages"] == "uses"
    assert by_text["Stakeholders"] == "Families and community members"  # the glossary's own plural


def test_plural_rewrites_and_all_capitals(linter):
    result = check_text(linter, "# STAKEHOLDERS WELCOME\n\nEach stakeholder and all stakeholders met.\n", "a.md")
    by_text = {f.text: f.suggestions for f in result.findings if f.rule == "jargon"}
    assert by_text["STAKEHOLDERS"] == ("FAMILIES AND COMMUNITY MEMBERS", "PEOPLE INVOLVED")
    assert by_text["stakeholder"] == ("family or community member", "person involved")
    assert by_text["stakeholders"] == ("families and community members", "people involved")


def test_a_plural_list_must_match_the_plain_rewrites(tmp_path):
    from plmsg.loader import load_glossary
    from plmsg.yamlio import ConfigError

    path = tmp_path / "glossary.yaml"
    path.write_text("jargon:\n  - term: stakeholder\n    plain: [family member, neighbor]\n"
                    "    plural: [families]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_glossary(path)
    assert "glossary.yaml:4: jargon.0.plural: give one plural" in str(err.value)


def test_explained_terms_and_defined_acronyms(linter):
    text = ("Teachers use scaffolding (short steps that build to a bigger task) every day. "
            "Our Multi-Tiered System of Supports (MTSS) helps any student who needs it. "
            "The MTSS team meets monthly. Formative assessment, which means quick checks during class, "
            "guides each lesson.\n")
    assert [f for f in check_text(linter, text, "a.txt").findings if f.rule == "jargon"] == []


def test_hedges_negation_quotes_and_targets(linter):
    text = ("We expect dramatic improvement over three years. We can't promise overnight results. "
            'One critic called it "a guaranteed failure." Our goal is 100% attendance.\n')
    assert [f for f in check_text(linter, text, "a.txt").findings if f.rule == "oversell"] == []


def test_tech_later_and_medicine_are_not_tech_first(linter):
    later = ("# More Time With Your Teacher\n\nThis fall your child will meet with a teacher every week "
             "to set reading goals.\n\nEach student will also get a laptop and an app for practice.\n")
    medicine = ("# Health Office Note\n\nIf your child takes a tablet of allergy medicine at lunch, the "
                "nurse will keep it in the office.\n")
    for text in (later, medicine):
        assert "tech-first" not in {f.rule for f in check_text(linter, text).findings}


def test_passive_with_actor_is_fine(linter):
    text = "The groups were chosen by our teachers. The groups were chosen last week.\n"
    found = [f.text for f in check_text(linter, text, "a.txt").findings if f.rule == "passive-voice"]
    assert found == ["were chosen"] and text.index("were chosen last") == \
        next(f.start for f in check_text(linter, text, "a.txt").findings if f.rule == "passive-voice")


def test_unknown_rules_and_unused_suppressions_are_reported(make_linter):
    md = ("We leverage tutors.\n\n<!-- plmsg-disable jargon,nonsense -->\n\nWe leverage synergy.\n\n"
          "<!-- plmsg-enable -->\n\n<!-- plmsg-disable-next-line oversell -->\nAll good here.\n")
    quiet = check_text(make_linter(), md)
    assert quiet.notes == ("draft.md:3: warning: plmsg-disable names unknown rule 'nonsense'",)
    from plmsg.linter import Linter
    from plmsg.settings import Settings

    linter = Linter(Settings(), nlp=make_linter().nlp, report_unused_suppressions=True)
    loud = check_text(linter, md)
    assert "draft.md:9: unused suppression: plmsg-disable-next-line oversell suppressed nothing" in loud.notes
    assert not any(n.startswith("draft.md:3: unused") for n in loud.notes)  # that one did suppress


def test_html_suppression_comments(linter):
    html = ("<p>We leverage tutors.</p>\n<!-- plmsg-disable-next-line jargon -->\n<p>We leverage time.</p>\n"
            "<!-- plmsg-disable oversell --><p>Proven results.</p><!-- plmsg-enable oversell -->"
            "<p>Proven again.</p>")
    found = rules_and_texts(check_text(linter, html, "a.html"))
    assert found.count(("jargon", "leverage")) == 1
    assert ("oversell", "Proven") in found and found.count(("oversell", "Proven")) == 1
