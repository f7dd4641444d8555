"""One line per finding: ``path:line:col: severity rule message`` (for editors and grep)."""

from __future__ import annotations

from . import located


def render(report, out) -> None:
    for result in report.files:
        if result.error:
            out.write(f"{result.error}\n")
            continue
        for at in located(result):
            f = at.finding
            out.write(f"{result.path}:{at.line}:{at.column}: {f.severity.value} {f.rule} {f.message}\n")
