"""Web pages are read for their own prose: the main content, not the site's template."""

from __future__ import annotations

import json
import textwrap

import pytest

from plmsg.markup import read_draft
from plmsg.model import HtmlScope

PAGE = """<!doctype html>
<html><head><title>Example District | Learning</title></head>
<body>
<header class="site"><a href="/">Home</a>
  <nav><a href="/mtss">MTSS</a> <a href="/calendar">Calendar</a></nav></header>
<div class="promo">Enroll now for fall!</div>
<main id="page">
  <article><header><h1>How learning plans work</h1></header>
  <p>Each student sets goals with a teacher &amp; a parent.</p>
  <p hidden>Draft text nobody sees.</p>
  <div style="display: none">Also hidden.</div>
  <aside>Related pages</aside>
  <p>Write to <a href="mailto:office@example.org">the office</a>.</p>
  <footer>Posted in September</footer></article>
</main>
<aside role="complementary">Quick links</aside>
<footer>Notice of nondiscrimination. All rights are reserved by the district.</footer>
</body></html>
"""


def texts(draft):
    return [b.text for b in draft.blocks]


def test_the_main_content_only_by_default():
    d = read_draft("page.html", PAGE)
    assert texts(d) == ["How learning plans work", "Each student sets goals with a teacher & a parent.",
                        "Write to the office.", "Posted in September"]
    assert d.links == ("mailto:office@example.org",)  # the menu's links are the template's


def test_offsets_point_into_the_original_page():
    d = read_draft("page.html", PAGE)
    for b in d.blocks:
        start, end = b.source_span(0, len(b.text))
        assert PAGE[start:end].startswith(b.text.split()[0])
    b = d.blocks[1]
    at = b.text.index("parent")
    s, e = b.source_span(at, at + len("parent"))
    assert PAGE[s:e] == "parent"


def test_without_main_the_template_is_skipped():
    page = PAGE.replace("<main id=\"page\">", "<div>").replace("</main>", "</div>")
    page = page.replace("<article>", "<section>").replace("</article>", "</section>")
    got = texts(read_draft("page.html", page))
    assert "MTSS Calendar" not in " ".join(got) and "Home" not in got
    assert not any("nondiscrimination" in t or t == "Quick links" or t == "Related pages" for t in got)
    assert "Enroll now for fall!" in got and "Posted in September" in got  # a section's own footer
    assert "How learning plans work" in got and "Example District | Learning" in got


def test_config_chooses_content_and_skip():
    scope = HtmlScope(content=(".promo",), skip=())
    assert texts(read_draft("page.html", PAGE, scope=scope)) == ["Enroll now for fall!"]
    whole = texts(read_draft("page.html", PAGE, scope=HtmlScope(content=(), skip=())))
    assert "MTSS Calendar" in " ".join(whole) and "Quick links" in whole
    assert "Draft text nobody sees." not in whole  # hidden elements are never prose
    keep_nav = texts(read_draft("page.html", PAGE, scope=HtmlScope(content=(), skip=("footer", ".promo"))))
    assert any("MTSS" in t for t in keep_nav) and "Enroll now for fall!" not in keep_nav


def test_a_suppression_comment_outside_main_still_counts(linter):
    page = "<!-- plmsg-disable-file jargon -->\n<nav>x</nav><main><p>We use MTSS and RTI data.</p></main>"
    assert not [f for f in linter.check_source("p.html", page).findings if f.rule == "jargon"]


def test_markdown_inline_html_is_read_whole():
    d = read_draft("a.md", "Intro text here.\n\n<nav>Menu words</nav>\n")
    assert "Menu words" in " ".join(texts(d))


def test_the_cli_reads_config_and_overrides(cli, tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    page = "<nav>Our MTSS and PBIS menu</nav><main><p>Students read every day in class.</p></main>\n"
    (site / "a.html").write_text(page, encoding="utf-8")
    (site / "news" / "b.html").write_text(page, encoding="utf-8")
    (site / ".plmsg.yaml").write_text(textwrap.dedent("""\
        overrides:
          - files: ["news/**"]
            html: {content: [], skip: []}
        """), encoding="utf-8")
    monkeypatch.chdir(site)
    out = json.loads(cli("check", ".", "--format", "json", "--select", "jargon").stdout)
    jargon = {f["path"]: [x["text"] for x in f["diagnostics"]] for f in out["files"]}
    assert jargon == {"a.html": [], "news/b.html": ["MTSS", "PBIS"]}
    finding = next(f for f in out["files"] if f["path"] == "news/b.html")["diagnostics"][0]
    assert page[finding["column"] - 1:].startswith(finding["text"])


@pytest.mark.parametrize("config, message", [
    ("html:\n  skip: ['div[[']\n", ".plmsg.yaml:2: html.skip.0: invalid CSS selector 'div[['"),
    ("html:\n  content: ''\n", ".plmsg.yaml:2: html.content: expected a CSS selector"),
    ("html: [main]\n", ".plmsg.yaml:1: html: expected a mapping with content: and/or skip:"),
    ("html:\n  body: main\n", "html.body: unknown key for html"),
])
def test_bad_selectors_are_one_line_errors(cli, tmp_path, monkeypatch, config, message):
    (tmp_path / ".plmsg.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>Hello.</p>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "a.html")
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("page", [
    "<p>Plain paragraphs only.</p><p>Another one.</p>",
    "<MAIN><p>In main.</p></MAIN><p>Outside.</p>",
    "<div ROLE = 'navigation'>Menu</div><p>Body text.</p>",
    "<p Hidden>Gone.</p><p style='DISPLAY:NONE'>Gone too.</p><p>Kept.</p>",
    "<Article>Story.</Article><footer>Legal.</footer>",
])
def test_the_shortcut_for_plain_pages_reads_as_the_selectors_do(page):
    from plmsg.markup import CONTENT, SKIP

    explicit = HtmlScope(content=CONTENT, skip=SKIP)  # the defaults, spelled out: always matched
    assert texts(read_draft("p.html", page)) == texts(read_draft("p.html", page, scope=explicit))
