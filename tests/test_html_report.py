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


LAUNCH = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser():
    executable = _browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=LAUNCH)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe(tmp_path_factory):
    """axe-core, the accessibility engine, installed from the npm registry for the tests."""
    import subprocess

    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed (.ci/run installs it), so axe-core cannot be")
    folder = tmp_path_factory.mktemp("axe")
    done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(folder), "axe-core@4"],
                          capture_output=True, text=True, timeout=300)
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if done.returncode != 0 or not script.exists():
        pytest.skip(f"npm could not install axe-core: {done.stderr.strip().splitlines()[-1:]}")
    return script


def _open(browser, report, width=1200, hash_=""):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.requests, page.dialogs = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(report.as_uri() + hash_)
    return page


@pytest.mark.browser
def test_report_in_a_headless_browser(report, browser):
    page = _open(browser, report)
    assert page.locator("#index").is_visible() and page.locator("table.index tbody tr").count() == 2
    assert page.locator("section.draft").count() == 0  # drafts are drawn when opened
    page.locator("table.index a").first.click()
    letter = page.locator("#view section.draft")
    marks = letter.locator("mark")
    assert marks.count() >= 10 and marks.first.is_visible()
    assert "Chromebooks" in marks.first.inner_text()
    assert "opening leads with technology" in (marks.first.get_attribute("title") or "")
    items = letter.locator("button.finding")
    assert items.count() >= 10 and items.first.is_visible()
    jargon = letter.locator('button.finding[data-rule="jargon"]').first
    jargon.click()
    detail = letter.locator(".detail")
    assert "jargon" in detail.inner_text() and "Try: use" in detail.inner_text()
    assert letter.locator("mark.active").first.is_visible()
    page.go_back()
    assert page.locator("#index").is_visible()
    page.goto(report.as_uri() + "#draft-1")
    hostile = page.locator("#view section.draft")
    assert '<script>alert("x")</script>' in hostile.locator(".source").inner_text()
    assert page.dialogs == []  # the draft's script never ran
    assert all(url.startswith("file:") for url in page.requests)


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1400])
def test_the_report_fits_the_screen(report, browser, tmp_path, width):
    for hash_ in ("", "#draft-0"):
        page = _open(browser, report, width=width, hash_=hash_)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{scroll} px wide at {width} px ({hash_ or 'index'})"
        shot = tmp_path / f"report-{width}{hash_.replace('#', '-')}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000


@pytest.mark.browser
def test_every_finding_is_reached_and_opened_with_the_keyboard(report, browser):
    page = _open(browser, report, hash_="#draft-0")
    findings = page.locator("#view button.finding").count()
    reached = set()
    for _ in range(findings * 3 + 40):
        page.keyboard.press("Tab")
        which = page.evaluate("document.activeElement && document.activeElement.getAttribute('data-finding')")
        if which:
            reached.update(which.split())
    assert reached >= {f"f{i}" for i in range(findings)}
    first = page.locator("#view button.finding").first
    first.focus()
    page.keyboard.press("Enter")
    assert first.get_attribute("data-rule") in page.locator("#view .detail").inner_text()
    mark = page.locator('#view mark[tabindex="0"]').nth(3)
    mark.focus()
    page.keyboard.press("Enter")
    rule = page.locator("#view button.finding.active").first.get_attribute("data-rule")
    assert rule and rule in page.locator("#view .detail").inner_text()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus


@pytest.mark.browser
def test_no_serious_accessibility_violations(report, browser, axe):
    for hash_ in ("", "#draft-0"):
        page = _open(browser, report, hash_=hash_)
        page.add_script_tag(path=str(axe))
        result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
                               "'best-practice']})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
        assert not bad, f"{hash_ or 'index'}: {bad}"


@pytest.mark.browser
def test_five_thousand_findings_come_in_pages(cli, browser, tmp_path):
    draft = tmp_path / "many.txt"
    draft.write_text("We leverage synergy. " * 5000 + "\n", encoding="utf-8")
    out = tmp_path / "many.html"
    cli("check", str(draft), "--format", "html", "--output", str(out), "--select", "jargon")
    page = _open(browser, out)
    assert page.locator("button.finding").count() >= 5000
    assert page.locator("ol.findings li:not([hidden])").count() == 100
    page.locator("button.more").click()
    assert page.locator("ol.findings li:not([hidden])").count() == 200


@pytest.mark.browser
def test_the_index_sorts_filters_and_prints(report, browser):
    page = _open(browser, report)
    rows = page.locator("table.index tbody tr")
    page.locator('th button[data-sort="3"]').click()  # findings, ascending
    counts = [int(rows.nth(i).locator("td").nth(3).inner_text()) for i in range(rows.count())]
    assert counts == sorted(counts)
    page.locator('th button[data-sort="3"]').click()
    assert [int(rows.nth(i).locator("td").nth(3).inner_text()) for i in range(rows.count())] == sorted(counts)[::-1]
    assert page.locator('th[aria-sort="descending"]').count() == 1
    page.select_option("#by-rule", "passive-voice")
    visible = [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert len(visible) == 1 and "family-letter.md" in visible[0].inner_text()
    assert page.locator("#shown").inner_text() == "1 shown"
    page.select_option("#by-rule", "")
    page.goto(report.as_uri() + "#draft-0")
    page.emulate_media(media="print")
    assert not page.locator("#view .detail").is_visible() and not page.locator(".filters").is_visible()
