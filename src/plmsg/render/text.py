"""Rich terminal output: grouped by file, the source line, an underline, the rewrite."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..model import LineIndex
from . import summary

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
        lines = LineIndex(result.source)
        for f in result.findings:
            _finding(console, result.source, lines, f)
        console.print()
    s = summary(report.files)
    errors = sum(1 for r in report.files if r.error)
    if s["diagnostics"]:
        parts = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in s["by_severity"].items())
        console.print(Text(f"{s['diagnostics']} finding{'s' if s['diagnostics'] != 1 else ''} "
                           f"in {s['files']} file{'s' if s['files'] != 1 else ''} ({parts}).", style="bold"))
    elif not errors:
        console.print(Text(f"No findings in {s['files']} file{'s' if s['files'] != 1 else ''}.",
                           style="bold green"))
    for notice in report.notices:
        console.print(Text(notice, style="dim"))


def _finding(console: Console, source: str, lines: LineIndex, f) -> None:
    line, col = lines.position(f.start)
    sev = f.severity.value
    head = Text(f"  {line}:{col} ", style="dim")
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
        label = "fix" if i == 0 and f.fix else "try"
        tip = Text(f"    {label}: ", style="green")
        tip.append(s)
        console.print(tip)


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
