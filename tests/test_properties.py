"""Property tests: for any draft, every finding lies in its prose block, at the line and
column the report gives, and the same draft gets the same answer every time."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import assert_inside_its_block
from plmsg.markup import read_draft
from plmsg.model import LineIndex

WORDS = ["we", "will", "leverage", "stakeholders", "Personalized", "learning", "individualized",
         "guarantee", "students", "teachers", "were", "chosen", "MTSS", "tablet", "Chromebook",
         "p.m.", "Dr.", "U.S.", "café", "naïve", "👩‍🏫", "ا", "\u202e", "e\u0301"]
MARKS = ["", "*", "**", "_", "`", "&amp;", "&rsquo;", "\\", "[", "](x)", "<b>", "</b>", "<!-- -->",
         "\n", "\r\n", "\n\n", "# ", "- ", "> ", "| ", ".", ",", "(", ")", '"']

fragments = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.text(max_size=3)),
                     max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=fragments, fmt=st.sampled_from(["a.md", "a.html", "a.txt"]))
def test_offsets_are_exact(linter, text, fmt):
    result = linter.check_source(fmt, text)
    assert linter.check_source(fmt, text) == result  # the same answer every time
    if result.error:
        return
    assert_inside_its_block(result)
    lines = LineIndex(text)
    for f in result.findings:
        line, col = lines.position(f.start)
        assert lines.starts[line - 1] + col - 1 == f.start


@settings(max_examples=100, deadline=None)
@given(text=fragments, fmt=st.sampled_from(["a.md", "a.html", "a.txt"]))
def test_prose_maps_into_the_source(text, fmt):
    try:
        draft = read_draft(fmt, text)
    except Exception as exc:  # only the documented error is allowed
        from plmsg.markup import MarkupError

        assert isinstance(exc, MarkupError)
        return
    for block in draft.blocks:
        for i, ch in enumerate(block.text):
            s, e = block.source_span(i, i + 1)
            assert 0 <= s <= e <= len(text)
            if s + 1 == e and ch != " ":
                assert text[s] == ch or text[s] in "\r\n\t"
