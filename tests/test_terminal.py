"""What a person sees on a terminal: wrapped to its width, the underline under the words,
the problem at full strength and the advice secondary, on dark and light themes."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from conftest import ROOT
from plmsg.render import Report
from plmsg.render.commands import rules_table, stats_tables
from plmsg.render.text import DARK, LIGHT, draw, theme, window

LETTER = ROOT / "examples" / "family-letter.md"
WIDE = "Chromebooks " * 3 + "東京の学校 " + "We will leverage the platform to reach every learner in every school this year. " * 3


def shown(linter, *paths, width, chosen=DARK, quiet=False, color=True):
    """The report as rich's recording console saw it: its text with the ANSI styles (or
    plain, without colour)."""
    results = [linter.check_file(p) for p in paths]
    console = Console(file=io.StringIO(), record=True, width=width, force_terminal=color, no_color=not color,
                      theme=chosen, highlight=False, emoji=False, color_system="truecolor" if color else None)
    draw(console, Report(files=results, color=color, principles=linter.principles, quiet=quiet))
    return results, console.export_text(styles=color)


def lines_of(ansi: str) -> list[Text]:
    return [Text.from_ansi(line) for line in ansi.splitlines()]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("chosen", [DARK, LIGHT], ids=["dark", "light"])
def test_layout_fits_and_the_problem_reads_first(linter, width, chosen):
    (result,), ansi = shown(linter, LETTER, width=width, chosen=chosen)
    rendered = lines_of(ansi)
    assert all(cell_len(t.plain) <= width for t in rendered), max(cell_len(t.plain) for t in rendered)
    console = Console(width=width)
    for f in result.findings:
        head = next(t for t in rendered if f" {f.rule}  " in t.plain and f.message.split()[0] in t.plain)
        for word, what in ((f.severity.value, "severity"), (f.rule, "rule"), (f.message.split()[0], "message")):
            at = head.plain.index(word, 2)
            style = head.get_style_at_offset(console, at)
            assert not style.dim, f"{what} of {f.rule} is dim"
        label = re.match(r"\s+(\S+)", head.plain).group(1)
        assert head.get_style_at_offset(console, head.plain.index(label)).dim or chosen is LIGHT


@pytest.mark.parametrize("width", [80, 120, 40])
def test_the_underline_stands_under_the_words(linter, width):
    (result,), ansi = shown(linter, LETTER, width=width, color=False)
    rendered = ansi.splitlines()
    pairs = [(rendered[i], rendered[i + 1]) for i in range(len(rendered) - 1)
             if rendered[i].startswith("    │ ") and rendered[i + 1].lstrip(" │").startswith("^")]
    spans = [f for f in result.findings if f.text and "\n" not in f.text]
    assert len(pairs) >= len(spans) - 2  # a document-wide finding may mark a whole paragraph
    checked = 0
    for excerpt, mark in pairs:
        text, carets = excerpt[6:], mark[6:]
        col = len(carets) - len(carets.lstrip(" "))
        under = text[col:col + carets.count("^")].rstrip("…")
        assert under and any(f.text.replace("\t", " ").startswith(under) or under.startswith(f.text)
                             for f in result.findings), (excerpt, mark)
        checked += 1
    assert checked >= 5


def test_wide_characters_keep_the_underline_in_place(nlp, tmp_path, make_linter):
    path = tmp_path / "wide.txt"
    path.write_text(WIDE + "\n", encoding="utf-8")
    linter = make_linter(select_=["jargon"])
    (result,), ansi = shown(linter, path, width=60, color=False)
    excerpt, mark = next((a, b) for a, b in zip(ansi.splitlines(), ansi.splitlines()[1:]) if "^" in b)
    col = cell_len(mark[6:]) - cell_len(mark[6:].lstrip(" "))
    text = excerpt[6:]
    cells = 0
    for i, ch in enumerate(text):
        if cells == col:
            assert text[i:].startswith("leverage")
            break
        cells += cell_len(ch)
    else:
        raise AssertionError("the underline is past the excerpt")


@pytest.mark.parametrize("width", [20, 30])
def test_a_narrow_terminal_still_reads(linter, width):
    _, ansi = shown(linter, LETTER, width=width, color=False)
    rendered = ansi.splitlines()
    assert all(cell_len(line) <= width for line in rendered)
    words = " ".join(rendered)
    assert "technology" in words and "Principles:" in words


def test_no_size_reported_is_eighty_columns(linter, monkeypatch, tmp_path):
    from plmsg.render import render

    monkeypatch.delenv("COLUMNS", raising=False)
    out = io.StringIO()
    render("text", Report(files=[linter.check_file(LETTER)], principles=linter.principles), out)
    assert all(cell_len(line) <= 80 for line in out.getvalue().splitlines())


def test_a_clean_draft_shows_its_scorecard(linter):
    _, ansi = shown(linter, ROOT / "examples" / "family-letter-revised.md", width=80, color=False)
    assert "✓ No findings." in ansi and re.search(r"Principles: (\d) of \1 met", ansi)
    assert "✓ " in ansi.split("Principles:")[1]


def test_many_clean_drafts_are_counted_not_listed(linter, tmp_path):
    paths = []
    for i in range(25):
        path = tmp_path / f"d{i:02}.txt"
        path.write_text("Students read with their teacher every morning.\n", encoding="utf-8")
        paths.append(path)
    _, ansi = shown(linter, *paths, width=80, color=False)
    assert "25 drafts with no findings." in ansi and "d03.txt" not in ansi


@pytest.mark.parametrize("env, expected", [
    ({}, DARK), ({"PLMSG_THEME": "light"}, LIGHT), ({"PLMSG_THEME": "dark", "COLORFGBG": "0;15"}, DARK),
    ({"COLORFGBG": "0;15"}, LIGHT), ({"COLORFGBG": "15;0"}, DARK), ({"COLORFGBG": "nonsense"}, DARK),
])
def test_the_theme_follows_the_terminal(env, expected):
    assert theme(env) is expected


def test_window_counts_cells():
    line = "学校" * 40 + " leverage " + "x" * 80
    a = line.index("leverage")
    shown_, a2, z2 = window(line, a, a + 8, 40)
    assert cell_len(shown_) <= 40 and shown_[a2:z2] == "leverage"


@pytest.mark.parametrize("width", [30, 80, 120])
def test_rules_and_stats_read_at_the_width(linter, width):
    from plmsg.stats import draft_stats
    from plmsg.context import DraftContext

    rows = [{"id": r.id, "kind": r.spec.kind, "severity": r.spec.severity.value, "scope": r.spec.scope,
             "audiences": list(r.spec.audiences), "fix": r.fix_safety, "source": "builtin:rules/x.yaml",
             "extended_by": [], "summary": r.spec.summary} for r in linter.rules]
    out = io.StringIO()
    rules_table(rows, Console(file=out, width=width, no_color=True))
    text = out.getvalue()
    assert all(cell_len(line) <= width for line in text.splitlines())
    flat = re.sub(r"[│┃\s]+", " ", text)
    for row in rows:  # every summary is there in full, wrapped but never cut
        assert " ".join(row["summary"].split()) in flat, row["id"]
    draft = linter.read(LETTER, str(LETTER))
    ctx = DraftContext(draft, "families", linter.nlp, profile=linter.profiles["families"], english=linter.english)
    out = io.StringIO()
    stats_tables([draft_stats(ctx, linter.lexicon, limit=8)], Console(file=out, width=width, no_color=True))
    assert all(cell_len(line) <= width for line in out.getvalue().splitlines())
