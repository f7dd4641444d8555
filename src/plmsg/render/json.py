"""The machine contract (DESIGN.md): stable keys, offsets into the decoded text."""

from __future__ import annotations

import json

from ..model import LineIndex
from . import summary


def file_entry(result) -> dict:
    diagnostics = []
    lines = LineIndex(result.source) if result.source is not None else None
    for f in result.findings:
        line, column = lines.position(f.start)
        end_line, end_column = lines.position(f.end)
        diagnostics.append({
            "rule": f.rule,
            "severity": f.severity.value,
            "scope": f.scope,
            "message": f.message,
            "text": f.text,
            "start": f.start,
            "end": f.end,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "suggestions": list(f.suggestions),
            "fix": ({"start": f.fix.start, "end": f.fix.end, "replacement": f.fix.replacement}
                    if f.fix else None),
        })
    return {
        "path": result.path,
        "audience": result.audience,
        "stats": dict(result.stats) if result.stats else None,
        "diagnostics": diagnostics,
        "error": result.error,
    }


def render(report, out) -> None:
    data = {
        "plmsg_version": report.version,
        "files": [file_entry(r) for r in report.files],
        "summary": summary(report.files),
    }
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")
