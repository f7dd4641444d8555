"""Safe means safe: applying every safe fix never touches a quotation or a capitalised name,
and never doubles a word. Checked over every labeled draft and example (with and without
a preferred term, which turns other names of the approach into safe fixes), and over
drafts made of sentences that put rewritable words inside quotations and names."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accuracy
from conftest import ROOT
from plmsg.fixes import fix_text
from plmsg.markup import read_draft

QUOTED = re.compile(r"“[^“”]+”|\"[^\"\n]+\"")
# Two or more capitalised words in a row, not at the start of a sentence or a line.
NAME = re.compile(r"(?<![.!?:]\s)(?<!^)(?<!\n)(?<=\s)"
                  r"((?:[A-Z][\w’'-]*\s+(?:(?:of|and|for|the|on|in|to)\s+)?){1,}[A-Z][\w’'-]*)")
DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.I)


def drafts():
    out = [(p, labels.get("audience")) for corpus in (accuracy.CORPUS, accuracy.HELDOUT)
           for p, labels in accuracy.drafts(corpus)]
    out += [(p, None) for p in sorted((ROOT / "examples").rglob("*.md"))]
    return out


def prose_names(path_name: str, text: str) -> Counter:
    """Capitalised runs inside the prose (headlines capitalise every word, so they are left out)."""
    draft = read_draft(path_name, text)
    return Counter(m.group(1) for b in draft.blocks if b.kind not in ("title", "heading")
                   for m in NAME.finditer(b.text))


def check_fixed(linter, name: str, text: str, audience: str | None) -> str:
    outcome = fix_text(text, lambda t: linter.check_source(name, t, audience=audience).findings)
    fixed = outcome.text
    for quote in QUOTED.findall(text):
        assert quote in fixed, f"{name}: a safe fix changed the quotation {quote!r}"
    before, after = prose_names(name, text), prose_names(name, fixed)
    lost = [n for n in before if after[n] < before[n]]
    assert not lost, f"{name}: a safe fix changed the names {lost}"
    assert len(DOUBLED.findall(fixed)) <= len(DOUBLED.findall(text)), f"{name}: a safe fix doubled a word"
    return fixed


@pytest.mark.parametrize("term", [None, "personalized learning"], ids=["no-preferred-term", "preferred-term"])
def test_safe_fixes_keep_quotes_and_names_and_double_no_word(make_linter, term):
    linter = make_linter(preferred_term=term) if term else make_linter()
    changed = 0
    for path, audience in drafts():
        text = path.read_text(encoding="utf-8")
        changed += check_fixed(linter, path.name, text, audience) != text
    if term:
        assert changed >= 10  # the property is tested on drafts that do change


SENTENCES = [
    'Our superintendent said, "Individualized learning will leverage every stakeholder."',
    "The Individualized Learning Plan (ILP) lists each goal.",
    "Families asked about the Competency-Based Education Act.",
    "We read Leverage Your Stakeholders: A Guide for Schools last spring.",
    "We will leverage tutors to help students.",
    "Our stakeholders met on Monday.",
    "Our approach to personalized, competency-based learning starts in May.",
    "Personalized learning starts in May.",
    "Teachers use individualized learning for reading.",
    "The plan uses the the new schedule.",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6))
def test_composed_drafts_keep_quotes_and_names(make_linter, sentences):
    linter = make_linter(preferred_term="personalized learning")
    check_fixed(linter, "draft.md", " ".join(sentences) + "\n", "families")


def test_a_fix_is_never_offered_inside_a_quote_a_name_or_beside_the_same_word(make_linter):
    linter = make_linter(preferred_term="personalized learning")
    text = ('Our principal said, "Individualized learning is here." The Individualized Learning Plan '
            "(ILP) is new. The individualized learning learning lab opens.\n")
    fixes = [f for f in linter.check_source("a.md", text).findings if f.fix and f.fix.safe]
    assert fixes == []
