"""Markup readers: only prose reaches the rules, and every offset points into the file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check_text
from plmsg.markup import MarkupError, read_draft
from plmsg.model import LineIndex


def spans(draft, word):
    """Source text for each occurrence of `word` in the prose blocks."""
    out = []
    for b in draft.blocks:
        at = b.text.find(word)
        while at >= 0:
            s, e = b.source_span(at, at + len(word))
            out.append(draft.source[s:e])
            at = b.text.find(word, at + 1)
    return out


def prose(draft):
    return " | ".join(b.text for b in draft.blocks)


MD = """---
title: "Learning that fits"
plmsg: {audience: staff}
tags: [leverage]
---
# Welcome to *personalized* learning

We will **leverage** [our tutors](https://example.org/leverage) and AT&amp;T\\* `leverage()` tools.

```
leverage = 1
```

> A parent said we *leverage* too much.

| who | what |
|-----|------|
| teachers | leverage time |

![A teacher helping a student leverage a lever](img.png "title")
<!-- plmsg-disable jargon -->
"""


def test_markdown_prose_and_offsets():
    d = read_draft("a.md", MD)
    assert d.meta["plmsg"] == {"audience": "staff"}
    kinds = [b.kind for b in d.blocks]
    assert kinds == ["title", "heading", "paragraph", "quote", "table_cell", "table_cell",
                     "table_cell", "table_cell", "alt_text"]
    text = prose(d)
    assert "leverage()" not in text and "leverage = 1" not in text  # code is not prose
    assert "example.org" not in text  # nor link targets
    assert "tags" not in text  # nor front matter keys
    assert spans(d, "AT&T") == ["AT&amp;T"]
    assert spans(d, "*") == ["\\*"]
    assert spans(d, "leverage") == ["leverage"] * 4
    assert spans(d, "personalized learning") == ["personalized* learning"]
    assert d.directives[0].action == "disable" and d.directives[0].rules == ("jargon",)


def test_front_matter_title_is_the_headline():
    d = read_draft("a.md", MD)
    assert d.blocks[0].kind == "title" and d.blocks[0].text == "Learning that fits"
    assert spans(d, "Learning that fits") == ["Learning that fits"]


def test_broken_front_matter_names_the_line():
    with pytest.raises(MarkupError) as err:
        read_draft("a.md", "---\ntitle: [unclosed\n---\nText.\n")
    assert "line 2" in str(err.value) or "line 3" in str(err.value)


HTML = """<!doctype html><html><head><title>Teachers &amp; students</title>
<style>p { leverage: 1 }</style><script>var s = "<p>leverage</p>";</script></head>
<body><h1>More time&nbsp;with teachers</h1>
<p>We&rsquo;ll <em>leverage</em> our
   new schedule. <a href="https://example.org/leverage" title="leverage">Read more</a></p>
<img src="x.png" alt="Students &quot;leverage&quot; a lever">
<pre><code>leverage()</code></pre>
<ul><li>One</li><li>Two &#8212; three</li></ul>
<!-- plmsg-disable-next-line jargon -->
</body></html>"""


def test_html_prose_and_offsets():
    d = read_draft("a.html", HTML)
    text = prose(d)
    assert "var s" not in text and "leverage: 1" not in text and "leverage()" not in text
    assert "example.org" not in text and "title=" not in text
    assert [b.kind for b in d.blocks] == ["title", "heading", "paragraph", "alt_text", "list_item", "list_item"]
    assert spans(d, "&") == ["&amp;"]
    assert spans(d, "We’ll") == ["We&rsquo;ll"]
    assert spans(d, "time with") == ["time&nbsp;with"]
    assert spans(d, "our new schedule") == ["our\n   new schedule"]
    assert spans(d, '"leverage"') == ["&quot;leverage&quot;"]
    assert spans(d, "—") == ["&#8212;"]
    assert d.links == ("https://example.org/leverage",)
    assert d.directives[0].action == "disable-next-line"


def test_plain_text_subject_lists_and_crlf():
    src = "Subject: Conference week\r\n\r\nDear families,\r\nwe will meet at 6 p.m.\r\non Tuesday.\r\n\r\n- one\r\n- two\r\n"
    d = read_draft("a.txt", src)
    assert [(b.kind, b.text) for b in d.blocks] == [
        ("title", "Conference week"),
        ("paragraph", "Dear families, we will meet at 6 p.m. on Tuesday."),
        ("list_item", "one"), ("list_item", "two")]
    assert spans(d, "Tuesday") == ["Tuesday"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_and_column_with_every_newline_style(linter, newline):
    src = newline.join(["# Update", "", "First line here.", "We will leverage tutors."]) + newline
    result = check_text(linter, src, "a.md")
    f = next(f for f in result.findings if f.rule == "jargon")
    assert src[f.start:f.end] == "leverage"
    assert LineIndex(src).position(f.start) == (4, 9)


def test_findings_inside_emphasis_links_and_entities(linter):
    md = "Our **stakeholders** asked [how we *leverage* tutors](https://x.org).\n"
    html = "<p>Our stakeholders&rsquo; ideas help us <b>leverage</b> tutors &amp; aides.</p>"
    for name, src in (("a.md", md), ("a.html", html)):
        result = check_text(linter, src, name)
        texts = {f.text for f in result.findings if f.rule == "jargon"}
        assert {"stakeholders", "leverage"} <= texts, (name, texts)
        for f in result.findings:
            assert src[f.start:f.end] == f.text


def test_urls_and_emails_in_prose_are_never_flagged(linter):
    src = "Read more at https://example.org/leverage-synergy or write to leverage@example.org today.\n"
    result = check_text(linter, src, "a.txt")
    assert not [f for f in result.findings if f.rule == "jargon"]


@pytest.mark.parametrize("fmt", ["a.html", "a.md"])
@pytest.mark.parametrize("source", [
    "[[\0\0\0\n<\0\x0e<![[[\n(",                      # found by the fuzzer
    "<![[[ never closed <p>Students learn.</p>",
    "<!DOCTYPE html [ <p>Students learn.</p>",
    "<p>Students learn.</p><![[[",
])
def test_malformed_declarations_are_bogus_comments(fmt, source):
    draft = read_draft(fmt, source)
    for block in draft.blocks:
        start, end = block.source_span(0, len(block.text))
        assert 0 <= start <= end <= len(source)
    if "Students" in source and fmt == "a.html":
        assert [b.text for b in draft.blocks] == ["Students learn."]


def _per_character(steps):
    """The offset map spelled out per prose character: the reference for OffsetMap."""
    starts, ends = [], []
    for verbatim, length, start, extra in steps:
        if verbatim:
            starts += range(start, start + length)
            ends += range(start + 1, start + length + 1)
        else:
            starts += [start] * length
            ends += [start + extra] * length
    return starts, ends


_STEPS = st.lists(st.tuples(st.booleans(), st.integers(0, 6), st.integers(0, 40), st.integers(0, 5)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(steps=_STEPS, cut=st.tuples(st.integers(0, 80), st.integers(0, 80)))
def test_offset_map_runs_map_every_character_as_a_per_character_table_would(steps, cut):
    """Runs of verbatim and replaced text (merged where they touch) give each prose span the
    source span a table of one start and one end per character gives, also after slicing."""
    from plmsg.model import OffsetMap

    offsets = OffsetMap()
    for verbatim, length, start, extra in steps:
        if verbatim:
            offsets.add_verbatim(start, length)
        else:
            offsets.add_replaced(length, start, start + extra)
    starts, ends = _per_character(steps)
    left = min(cut[0], len(starts))
    right = min(max(cut), len(starts))
    part = offsets.slice(left, right)
    for whole, table_starts, table_ends in ((offsets, starts, ends), (part, starts[left:right], ends[left:right])):
        assert len(whole) == len(table_starts)
        for a in range(len(table_starts)):
            assert whole.to_source(a, a) == (table_starts[a], table_starts[a])
            for b in range(a + 1, len(table_starts) + 1):
                assert whole.to_source(a, b) == (table_starts[a], table_ends[b - 1])
        if table_starts:
            end = len(table_starts)
            assert whole.to_source(end, end) == (table_ends[-1], table_ends[-1])
