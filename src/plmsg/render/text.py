"""Rich terminal output: grouped by file, the source line, an underline, the rewrite.

The problem reads first and at full strength (severity, rule, message); where it is, dim;
the advice below it, secondary. Everything is wrapped to the terminal's width with a
hanging indent, and a long source line is cut to a window that fits, so the underline
always stands under the words it marks (counted in terminal cells, not characters).
Colours come from a theme for dark or light backgrounds (`theme`).
"""

from __future__ import annotations

import os

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from ..model import LineIndex, line_index
from ..scorecard import site_summary
from . import located, summary

# Severity, rule and message stand out on any background; the location and the labels of
# advice step back without `dim` on anything a reader must read.
DARK = Theme({
    "plmsg.error": "bold red", "plmsg.warning": "bold yellow", "plmsg.suggestion": "bold cyan",
    "plmsg.rule": "bold", "plmsg.message": "none", "plmsg.where": "dim", "plmsg.gutter": "dim",
    "plmsg.fix": "green", "plmsg.try": "cyan", "plmsg.path": "bold underline", "plmsg.aside": "dim",
    "plmsg.met": "green", "plmsg.unmet": "red", "plmsg.total": "bold", "plmsg.clean": "bold green",
})
LIGHT = Theme({
    "plmsg.error": "bold red3", "plmsg.warning": "bold dark_orange3", "plmsg.suggestion": "bold blue",
    "plmsg.rule": "bold", "plmsg.message": "none", "plmsg.where": "grey35", "plmsg.gutter": "grey50",
    "plmsg.fix": "dark_green", "plmsg.try": "blue", "plmsg.path": "bold underline", "plmsg.aside": "grey35",
    "plmsg.met": "dark_green", "plmsg.unmet": "red3", "plmsg.total": "bold", "plmsg.clean": "bold dark_green",
})
GUTTER = "    │ "
INDENT = 4  # advice and excerpts sit under the finding
# Past this many drafts, clean drafts are counted in one line instead of each showing its
# scorecard (a site of hundreds would otherwise print two lines for every page).
CLEAN_SHOWN = 20


def theme(env=os.environ) -> Theme:
    """PLMSG_THEME=light|dark, else the terminal's COLORFGBG ("0;15": dark text on a
    light background), else dark."""
    chosen = env.get("PLMSG_THEME", "").lower()
    if chosen in ("light", "dark"):
        return LIGHT if chosen == "light" else DARK
    background = env.get("COLORFGBG", "").split(";")[-1]
    return LIGHT if background.isdigit() and int(background) in (7, 15) else DARK


def console_for(out, color: bool, width: int | None = None) -> Console:
    return Console(file=out, no_color=not color, highlight=False, force_terminal=color, emoji=False,
                   width=width, theme=theme(), soft_wrap=False)


def render(report, out) -> None:
    draw(console_for(out, report.color, report.width), report)


def draw(console: Console, report) -> None:
    """The report on a console (its width, colours and theme are the console's)."""
    checked = [r for r in report.files if not r.error]
    clean = [r for r in checked if not r.findings]
    each_clean = len(checked) <= CLEAN_SHOWN
    for result in report.files:
        if result.error:
            _wrapped(console, Text("error: ", style="plmsg.error"), Text(result.error), indent=2)
            continue
        if not result.findings and not (each_clean and not report.quiet):
            continue
        header = Text(result.path, style="plmsg.path")
        header.append(f"  ({result.audience})", style="plmsg.aside")
        console.print(header, overflow="fold")
        if not result.findings:
            console.print(Text("  ✓ No findings.", style="plmsg.clean"))
        lines = line_index(result.source)
        for at in located(result):
            _finding(console, result.source, lines, at)
        if not report.quiet:
            _scorecard(console, report.scorecard(result))
        console.print()
    if clean and not each_clean and not report.quiet:
        console.print(Text(f"{len(clean)} draft{'s' if len(clean) != 1 else ''} with no findings.",
                           style="plmsg.clean"))
        console.print()
    if len(checked) > 1 and not report.quiet:
        _site(console, [report.scorecard(r) for r in checked])
        _names(console, summary(checked)["names"])
    if not report.quiet:
        _sections(console, summary(report.files).get("sections"))
    if not report.quiet:
        _summary(console, report)
    for notice in report.notices:
        _wrapped(console, Text(""), Text(notice, style="plmsg.aside"), indent=2)


def _wrapped(console: Console, head: Text, body: Text, indent: int | None = None) -> None:
    """`head` then `body`, wrapped to the console's width; continuation lines are indented
    to where the body began (or by `indent`). On a terminal too narrow for that, the body
    goes on the lines under the head."""
    width = console.width
    hang = head.cell_len if indent is None else indent
    if head.cell_len > width // 2:
        for line in head.wrap(console, width, overflow="fold"):
            line.rstrip()
            console.print(line, overflow="fold", crop=False)
        head = Text(" " * min(2, width - 1))
        hang = head.cell_len
    first, rest = max(1, width - head.cell_len), max(1, width - hang)
    lines = list(body.wrap(console, first, overflow="fold"))
    if len(lines) > 1 and rest != first:  # what follows the first line has its own width
        tail = body[len(lines[0].plain):]
        tail = tail[len(tail.plain) - len(tail.plain.lstrip()):]
        lines = [lines[0], *tail.wrap(console, rest, overflow="fold")]
    for i, line in enumerate(lines):
        line.rstrip()
        console.print(Text.assemble(head if i == 0 else " " * hang, line), overflow="fold", crop=False)


def _summary(console: Console, report) -> None:
    s = summary(report.files)
    errors = sum(1 for r in report.files if r.error)
    if s["diagnostics"]:
        parts = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in s["by_severity"].items())
        text = Text(f"{s['diagnostics']} finding{'s' if s['diagnostics'] != 1 else ''} "
                    f"in {s['files']} file{'s' if s['files'] != 1 else ''} ({parts}).", style="plmsg.total")
    elif not s["files"]:
        text = Text("No drafts checked.")  # never a green pass over nothing
    elif not errors:
        text = Text(f"No findings in {s['files']} file{'s' if s['files'] != 1 else ''}.", style="plmsg.clean")
    else:
        return
    _wrapped(console, Text(""), text, indent=0)


def _finding(console: Console, source: str, lines: LineIndex, at) -> None:
    f = at.finding
    sev = f.severity.value
    head = Text("  ")
    head.append(at.label, style="plmsg.where")
    head.append(" ")
    head.append(sev, style=f"plmsg.{sev}")
    head.append(" ")
    head.append(f.rule, style="plmsg.rule")
    head.append("  ")
    _wrapped(console, head, Text(f.message, style="plmsg.message"))
    starts = lines.starts
    line_start = starts[at.line - 1]
    line_end = starts[at.line] if at.line < len(starts) else len(source)
    raw = source[line_start:line_end].rstrip("\r\n").replace("\t", " ")
    a = at.column - 1
    z = min(len(raw), a + max(1, f.end - f.start))
    room = console.width - cell_len(GUTTER)
    if room >= 10:
        shown, a, z = window(raw, a, z, room)
        if shown.strip():
            body = Text(GUTTER, style="plmsg.gutter")
            body.append(shown)
            console.print(body, overflow="crop", no_wrap=True)
            mark = Text(GUTTER, style="plmsg.gutter")
            mark.append(" " * cell_len(shown[:a]))
            mark.append("^" * max(1, cell_len(shown[a:z])), style=f"plmsg.{sev}")
            console.print(mark, overflow="crop", no_wrap=True)
    for i, s in enumerate(f.suggestions[:3]):
        label = _label(f) if i == 0 else "try"
        head = Text(" " * INDENT)
        head.append(f"{label}:", style="plmsg.fix" if label.startswith("fix") else "plmsg.try")
        head.append(" ")
        _wrapped(console, head, Text(s), indent=INDENT + 2)


def _label(f) -> str:
    """The first rewrite's label: `fix` only for what --fix applies, `fix (unsafe)` for
    what it applies only with --unsafe-fixes, `try` for an option to choose from."""
    if not f.fix:
        return "try"
    return "fix" if f.fix.safe else "fix (unsafe)"


def window(line: str, a: int, z: int, width: int) -> tuple[str, int, int]:
    """The part of `line` around characters a..z that fits in `width` terminal cells, with
    "…" where it was cut, and a and z moved to match."""
    lead = len(line) - len(line.lstrip())
    line, a, z = line[lead:], max(0, a - lead), max(0, z - lead)
    if cell_len(line) <= width:
        return line, a, z
    start = max(0, min(a - width // 5, len(line) - width))
    while True:
        left = "…" if start else ""
        end = start
        used = cell_len(left)
        while end < len(line) and used + cell_len(line[end]) + (1 if end + 1 < len(line) else 0) <= width:
            used += cell_len(line[end])
            end += 1
        if end <= a and start < a:  # the finding starts past the window: move it right
            start = min(a, start + max(1, width // 2))
            continue
        break
    shown = left + line[start:end] + ("…" if end < len(line) else "")
    shift = start - len(left)
    return shown, a - shift, min(z, end) - shift


def _scorecard(console: Console, card: list[dict]) -> None:
    scored = [e for e in card if e["status"] in ("met", "not met")]
    met = [e for e in scored if e["status"] == "met"]
    console.print(Text(f"  Principles: {len(met)} of {len(scored)} met", style="bold"), overflow="fold")
    for e in scored:
        if e["status"] == "not met":
            counts: dict[str, int] = {}
            for f in e["findings"]:
                counts[f["rule"]] = counts.get(f["rule"], 0) + 1
            body = Text(e["title"])
            body.append("  " + ", ".join(f"{r} ×{n}" if n > 1 else r for r, n in counts.items()), style="plmsg.aside")
            _wrapped(console, Text("    ✗ ", style="plmsg.unmet"), body)
    if met:
        _wrapped(console, Text("    ✓ ", style="plmsg.met"), Text(" · ".join(e["title"] for e in met)))
    unchecked = [e for e in card if e["status"] == "not checked"]
    if unchecked:
        _wrapped(console, Text("    – not checked: ", style="plmsg.aside"),
                 Text(" · ".join(e["title"] for e in unchecked), style="plmsg.aside"), indent=6)


def _site(console: Console, cards: list[list[dict]]) -> None:
    rows = site_summary(cards)
    if not rows:
        return
    table = Table(title="Which principles the drafts miss most", title_justify="left", header_style="bold",
                  expand=False)
    table.add_column("principle", overflow="fold", ratio=3)
    table.add_column("files not meeting it", justify="right", overflow="fold", ratio=1)
    table.add_column("share", justify="right", no_wrap=True)
    table.add_column("most common rule", overflow="fold", ratio=2)
    for r in rows:
        top = max(r["by_rule"].items(), key=lambda kv: kv[1])[0] if r["by_rule"] else ""
        share = r["files_not_met"] / r["files_checked"] if r["files_checked"] else 0
        table.add_row(r["title"], f"{r['files_not_met']} of {r['files_checked']}", f"{share:.0%}", top)
    console.print(table)
    console.print()


def _sections(console: Console, rows: dict | None) -> None:
    """A live site, by section (the first folder of each page's address)."""
    if not rows or len(rows) < 2:
        return
    table = Table(title="By section of the site", title_justify="left", header_style="bold")
    for name, justify in (("section", "left"), ("pages", "right"), ("not fetched", "right"),
                          ("with findings", "right"), ("findings", "right")):
        table.add_column(name, justify=justify, overflow="fold")
    for section, r in rows.items():
        table.add_row(section, str(r["pages"]), str(r["failed"]), str(r["with_findings"]), str(r["findings"]))
    console.print(table)
    console.print()


def _names(console: Console, names: dict[str, int]) -> None:
    """A site that calls the approach by more than one name, though each draft may not."""
    if len(names) < 2:
        return
    listed = ", ".join(f"{name} ({n} draft{'s' if n != 1 else ''})" for name, n in names.items())
    _wrapped(console, Text(""), Text(f"The drafts call the approach {len(names)} different names: {listed}. "
                                     "Pick one and use it everywhere (preferred_term in .plmsg.yaml).",
                                     style="bold"), indent=0)
    console.print()
