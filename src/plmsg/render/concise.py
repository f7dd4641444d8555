"""One line per finding: ``path:line:col: severity rule message`` (for editors and grep)."""

from __future__ import annotations

from ..model import LineIndex


def render(report, out) -> None:
    for result in report.files:
        if result.error:
            out.write(f"{result.error}\n")
            continue
        lines = LineIndex(result.source)
        for f in result.findings:
            line, col = lines.position(f.start)
            out.write(f"{result.path}:{line}:{col}: {f.severity.value} {f.rule} {f.message}\n")
