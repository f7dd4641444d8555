"""The machine contract (DESIGN.md): stable keys, offsets into the decoded text."""

from __future__ import annotations

import json

from . import located, summary


def file_entry(result, report=None) -> dict:
    diagnostics = []
    for at in located(result):
        f = at.finding
        diagnostics.append({
            "rule": f.rule,
            "severity": f.severity.value,
            "scope": f.scope,
            "message": f.message,
            "text": f.text,
            "start": f.start,
            "end": f.end,
            "line": at.line,
            "column": at.column,
            "end_line": at.end_line,
            "end_column": at.end_column,
            "suggestions": list(f.suggestions),
            "fix": ({"start": f.fix.start, "end": f.fix.end, "replacement": f.fix.replacement}
                    if f.fix and f.fix.safe else None),
        })
    return {
        "path": result.path,
        "audience": result.audience,
        "stats": dict(result.stats) if result.stats else None,
        "diagnostics": diagnostics,
        "scorecard": report.scorecard(result) if report is not None and not result.error else None,
        "error": result.error,
    }


def render(report, out) -> None:
    from ..scorecard import site_summary

    files = [file_entry(r, report) for r in report.files]
    data = {
        "plmsg_version": report.version,
        "files": files,
        "summary": {**summary(report.files),
                    "scorecard": site_summary([f["scorecard"] for f in files if f["scorecard"]])},
    }
    isatty = getattr(out, "isatty", None)
    if isatty is not None and isatty():
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    # For a file or a pipe: one line per draft. The standard library's fast (C) encoder
    # only runs without indentation, and a site-wide report stays easy to grep and diff.
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    out.write('{"plmsg_version": ' + dumps(data["plmsg_version"]) + ', "files": [')
    for i, entry in enumerate(files):
        out.write(("\n  " if i == 0 else ",\n  ") + dumps(entry))
    out.write('\n], "summary": ' + dumps(data["summary"]) + "}\n")
