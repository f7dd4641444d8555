"""The HTML report: self-contained, escaped, and usable in a real (headless) browser."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT

LETTER = ROOT / "examples" / "family-letter.md"
HOSTILE = '# Devices <script>alert("x")</script>\n\nWe will leverage our <b>new</b> tablets & apps. ' \
          'This proven approach is a game-changer.\n<img src=x onerror="alert(1)">\n'


@pytest.fixture
def report(cli, tmp_path):
    hostile = tmp_path / "hostile.md"
    hostile.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "report.html"
    result = cli("check", str(LETTER), str(hostile), "--format", "html", "--output", str(out))
    assert result.exit_code == 1
    return out


def test_report_is_self_contained_and_escaped(report):
    html = report.read_text(encoding="utf-8")
    assert html.count("<script>") == 1  # plmsg's own, at the end
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<img src=x onerror' not in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)  # nothing fetched from the network
    assert "Which principles the drafts miss most" in html and "Scorecard" in html


def _browser():
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        pytest.skip("the playwright package is not installed")
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium on this machine (.ci/run installs Debian's chromium package)")


@pytest.mark.browser
def test_report_in_a_headless_browser(report, tmp_path):
    executable = _browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requests, dialogs = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(report.as_uri())
        letter = page.locator("section.draft").first
        marks = letter.locator("mark")
        assert marks.count() >= 10 and marks.first.is_visible()
        assert "Chromebooks" in marks.first.inner_text()
        assert "opening leads with technology" in (marks.first.get_attribute("title") or "")
        items = letter.locator("ol.findings li")
        assert items.count() >= 10 and items.first.is_visible()
        jargon = letter.locator('ol.findings li[data-rule="jargon"]').first
        jargon.click()
        detail = letter.locator(".detail")
        assert "jargon" in detail.inner_text() and "Try: use" in detail.inner_text()
        assert letter.locator("mark.active").first.is_visible()
        hostile = page.locator("section.draft").nth(1)
        assert '<script>alert("x")</script>' in hostile.locator(".source").inner_text()
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert shot.stat().st_size > 10_000
    assert dialogs == []  # the draft's script never ran
    assert [u for u in requests if not u.startswith("file:")] == []
