"""Rich terminal output: grouped by file, the source line, an underline, the rewrite."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..model import LineIndex, line_index
from ..scorecard import site_summary
from . import located, summary

_STYLE = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}


def render(report, out) -> None:
    console = Console(file=out, no_color=not report.color, highlight=False, soft_wrap=True,
                      force_terminal=report.color, emoji=False)
    for result in report.files:
        if result.error:
            console.print(Text(f"error: {result.error}", style="bold red"))
            continue
        if not result.findings:
            continue
        header = Text(result.path, style="bold underline")
        header.append(f"  ({result.audience})", style="dim")
        console.print(header)
        lines = line_index(result.source)
        for at in located(result):
            _finding(console, result.source, lines, at.finding, at.label)
        if not report.quiet:
            _scorecard(console, report.scorecard(result))
        console.print()
    checked = [r for r in report.files if not r.error]
    if len(checked) > 1 and not report.quiet:
        _site(console, [report.scorecard(r) for r in checked])
        _names(console, summary(checked)["names"])
    if not report.quiet:
        _summary(console, report)
    for notice in report.notices:
        console.print(Text(notice, style="dim"))


def _summary(console: Console, report) -> None:
    s = summary(report.files)
    errors = sum(1 for r in report.files if r.error)
    if s["diagnostics"]:
        parts = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in s["by_severity"].items())
        console.print(Text(f"{s['diagnostics']} finding{'s' if s['diagnostics'] != 1 else ''} "
                           f"in {s['files']} file{'s' if s['files'] != 1 else ''} ({parts}).", style="bold"))
    elif not s["files"]:
        console.print(Text("No drafts checked."))  # never a green pass over nothing
    elif not errors:
        console.print(Text(f"No findings in {s['files']} file{'s' if s['files'] != 1 else ''}.",
                           style="bold green"))


def _finding(console: Console, source: str, lines: LineIndex, f, label: str) -> None:
    line, col = lines.position(f.start)
    sev = f.severity.value
    head = Text(f"  {label} ", style="dim")
    head.append(sev, style=_STYLE.get(sev, ""))
    head.append(f" {f.rule}", style="bold")
    head.append(f"  {f.message}")
    console.print(head)
    starts = lines.starts
    line_start = starts[line - 1]
    line_end = starts[line] if line < len(starts) else len(source)
    raw = source[line_start:line_end].rstrip("\r\n").replace("\t", " ")
    a = col - 1
    z = min(len(raw), a + max(1, f.end - f.start))
    shown, a, z = _window(raw, a, z)
    if shown.strip():
        body = Text("    │ ", style="dim")
        body.append(shown)
        console.print(body)
        mark = Text("    │ ", style="dim")
        mark.append(" " * a)
        mark.append("^" * max(1, z - a), style=_STYLE.get(sev, ""))
        console.print(mark)
    for i, s in enumerate(f.suggestions[:3]):
        label = _label(f) if i == 0 else "try"
        tip = Text(f"    {label}: ", style="green")
        tip.append(s)
        console.print(tip)


def _label(f) -> str:
    """The first rewrite's label: `fix` only for what --fix applies, `fix (unsafe)` for
    what it applies only with --unsafe-fixes, `try` for an option to choose from."""
    if not f.fix:
        return "try"
    return "fix" if f.fix.safe else "fix (unsafe)"


def _window(line: str, a: int, z: int, width: int = 100) -> tuple[str, int, int]:
    """The part of a long line around the finding, with the underline moved to match."""
    lead = len(line) - len(line.lstrip())
    line, a, z = line[lead:], max(0, a - lead), max(0, z - lead)
    if len(line) <= width:
        return line, a, z
    start = max(0, min(a - 20, len(line) - width))
    end = min(len(line), max(start + width, min(z, start + width)))
    shown = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
    shift = start - (1 if start else 0)
    return shown, a - shift, min(z, end) - shift


def _scorecard(console: Console, card: list[dict]) -> None:
    scored = [e for e in card if e["status"] in ("met", "not met")]
    met = [e for e in scored if e["status"] == "met"]
    head = Text(f"  Principles: {len(met)} of {len(scored)} met", style="bold")
    console.print(head)
    for e in scored:
        if e["status"] == "not met":
            counts: dict[str, int] = {}
            for f in e["findings"]:
                counts[f["rule"]] = counts.get(f["rule"], 0) + 1
            line = Text("    ✗ ", style="red")
            line.append(e["title"])
            line.append("  " + ", ".join(f"{r} ×{n}" if n > 1 else r for r, n in counts.items()), style="dim")
            console.print(line)
    if met:
        line = Text("    ✓ ", style="green")
        line.append(" · ".join(e["title"] for e in met), style="dim")
        console.print(line)
    unchecked = [e for e in card if e["status"] == "not checked"]
    if unchecked:
        line = Text("    – not checked: ", style="dim")
        line.append(" · ".join(e["title"] for e in unchecked), style="dim")
        console.print(line)


def _site(console: Console, cards: list[list[dict]]) -> None:
    from rich.table import Table

    rows = site_summary(cards)
    if not rows:
        return
    table = Table(title="Which principles the drafts miss most", title_justify="left", header_style="bold")
    table.add_column("principle")
    table.add_column("files not meeting it", justify="right")
    table.add_column("share", justify="right")
    table.add_column("most common rule")
    for r in rows:
        top = max(r["by_rule"].items(), key=lambda kv: kv[1])[0] if r["by_rule"] else ""
        share = r["files_not_met"] / r["files_checked"] if r["files_checked"] else 0
        table.add_row(r["title"], f"{r['files_not_met']} of {r['files_checked']}", f"{share:.0%}", top)
    console.print(table)
    console.print()


def _names(console: Console, names: dict[str, int]) -> None:
    """A site that calls the approach by more than one name, though each draft may not."""
    if len(names) < 2:
        return
    listed = ", ".join(f"{name} ({n} draft{'s' if n != 1 else ''})" for name, n in names.items())
    console.print(Text(f"The drafts call the approach {len(names)} different names: {listed}. "
                       "Pick one and use it everywhere (preferred_term in .plmsg.yaml).", style="bold"))
    console.print()
