"""The machine contract (DESIGN.md): stable keys, offsets into the decoded text."""

from __future__ import annotations

import json

from ..scorecard import draft_scorecard, site_summary_of
from . import located, summary


def file_entry(result, principles=None) -> dict:
    """A file's entry in the report; with `principles`, its scorecard too."""
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
            **at.where,
            "suggestions": list(f.suggestions),
            "replaces": f.replaces,
            "fix": ({"start": f.fix.start, "end": f.fix.end, "replacement": f.fix.replacement}
                    if f.fix and f.fix.safe else None),
        })
    return {
        "path": result.path,
        "audience": result.audience,
        "stats": dict(result.stats) if result.stats else None,
        "diagnostics": diagnostics,
        "scorecard": _scorecard(result, principles) if principles is not None and not result.error else None,
        "error": result.error,
    }


def _scorecard(result, principles) -> list[dict]:
    return draft_scorecard(result.findings, principles, result.rules_run, result.audience, result.source)


# The standard library's fast (C) encoder, which only runs without indentation.
_dumps = json.JSONEncoder(ensure_ascii=False).encode


def entry_text(result, principles) -> str:
    """A file's entry as the report writes it to a file or a pipe (see `render`)."""
    return _dumps(file_entry(result, principles))


def render(report, out) -> None:
    data = {**summary(report.files), "scorecard": site_summary_of(report.files, report.principles)}
    isatty = getattr(out, "isatty", None)
    if isatty is not None and isatty():
        files = [file_entry(r, report.principles) for r in report.files]
        json.dump({"plmsg_version": report.version, "files": files, "summary": data}, out, indent=2,
                  ensure_ascii=False)
        out.write("\n")
        return
    # For a file or a pipe: one line per draft, which keeps a site-wide report easy to grep
    # and diff. An entry rendered where its file was checked (or kept in the cache) is
    # written as it is.
    out.write('{"plmsg_version": ' + _dumps(report.version) + ', "files": [')
    for i, result in enumerate(report.files):
        text = result.entry if result.entry is not None else entry_text(result, report.principles)
        out.write(("\n  " if i == 0 else ",\n  ") + text)
    out.write('\n], "summary": ' + _dumps(data) + "}\n")
