"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from . import located

LEVELS = {"error": "error", "warning": "warning", "suggestion": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report, out) -> None:
    for result in report.files:
        if result.error:
            out.write(f"::error file={escape_property(result.path)}::{escape_data(result.error)}\n")
            continue
        for at in located(result):
            f = at.finding
            props = [f"file={escape_property(result.path)}", f"line={at.line}", f"col={at.column}",
                     f"endLine={at.end_line}", f"endColumn={at.end_column}",
                     f"title={escape_property('plmsg ' + f.rule)}"]
            message = f.message + (f" Try: {f.suggestions[0]}" if f.suggestions else "")
            out.write(f"::{LEVELS[f.severity.value]} {','.join(props)}::{escape_data(message)}\n")
