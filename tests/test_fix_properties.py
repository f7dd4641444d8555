"""Property tests for fixing: idempotent, local, and structure-preserving."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plmsg.fixes import apply_edits, choose_edits, fix_text

FIXABLE = ["individualized learning", "Student-centered learning", "an adaptive learning", "blended learning",
           "We utilize", "utilization", "an individualized learning", "Competency-based education"]
WORDS = ["we", "teachers", "students", "plan", "weekly", "leverage", "proven", "café", "👩‍🏫", "p.m."]
MD_MARKS = ["*", "**", "`code individualized learning`", "[link](https://x.org/blended learning)",
            "\n\n", "\n", "\r\n", "# ", "- ", "> ", "<!-- plmsg-disable-next-line jargon -->\n", "."]
HTML_MARKS = ["<p>", "</p>", "<em>", "</em>", "<li>", "<ul>", "</ul>", "&amp;", "<code>blended learning</code>",
              '<a href="https://x.org/blended learning">', "</a>", "<br>", "\n", "."]


def drafts(marks):
    piece = st.one_of(st.sampled_from(FIXABLE), st.sampled_from(WORDS), st.sampled_from(marks))
    return st.lists(piece, min_size=1, max_size=30).map(" ".join)


SETTINGS = dict(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def fixer(linter, name):
    return lambda text: linter.check_source(name, text).findings


@settings(**SETTINGS)
@given(text=st.one_of(drafts(MD_MARKS).map(lambda t: ("a.md", t)), drafts(HTML_MARKS).map(lambda t: ("a.html", t)),
                      drafts(["\n", "\n\n", "- ", "."]).map(lambda t: ("a.txt", t))))
def test_fixing_is_idempotent_and_only_touches_edits(linter, text):
    name, source = text
    lint = fixer(linter, name)
    once = fix_text(source, lint)
    assert fix_text(once.text, lint).text == once.text
    findings = lint(source)
    edits = choose_edits(findings)
    after = apply_edits(source, edits)
    # Every character outside the edited spans is still there, in order, unchanged.
    prev, at = 0, 0
    for e in edits:
        kept = source[prev:e.start]
        assert after[at:at + len(kept)] == kept
        at += len(kept)
        assert after[at:at + len(e.replacement)] == e.replacement
        at += len(e.replacement)
        prev = e.end
    assert after[at:] == source[prev:]
    # And every edited span is prose a rule matched, never code, a URL or markup.
    texts = {(f.start, f.end): f.text for f in findings}
    for e in edits:
        assert any(e.start <= a and b == e.end and source[a:b] == t for (a, b), t in texts.items())


def _md_structure(text: str):
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    return [(t.type, t.tag, t.level) for t in tokens if t.type != "inline"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.tags.append(("end", tag))


def _html_structure(text: str):
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


@settings(**SETTINGS)
@given(source=drafts(MD_MARKS))
def test_fixed_markdown_keeps_its_structure(linter, source):
    fixed = fix_text(source, fixer(linter, "a.md")).text
    assert _md_structure(fixed) == _md_structure(source)


@settings(**SETTINGS)
@given(source=drafts(HTML_MARKS))
def test_fixed_html_keeps_its_tags(linter, source):
    fixed = fix_text(source, fixer(linter, "a.html")).text
    assert _html_structure(fixed) == _html_structure(source)
