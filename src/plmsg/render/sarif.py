"""SARIF 2.1.0, for GitHub code scanning and other tools that read it."""

from __future__ import annotations

import json
from pathlib import PurePath

from ..model import line_index
from ..web import is_url
from . import located

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}


def _uri(path: str) -> str:
    return path if is_url(path) else PurePath(path).as_posix()  # a live page: its address


def _rule(rule) -> dict:
    spec = rule.spec
    examples = []
    for e in spec.bad:
        examples.append(f"Flagged: {' '.join(e.text.split())}")
        if e.better:
            examples.append(f"Better: {' '.join(e.better.split())}")
    help_text = " ".join(spec.explain.split())
    return {
        "id": spec.id,
        "name": "".join(part.capitalize() for part in spec.id.split("-")),
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": help_text},
        "help": {"text": help_text + ("\n\n" + "\n".join(examples) if examples else ""),
                 "markdown": help_text + ("\n\n" + "\n".join(f"- {x}" for x in examples) if examples else "")},
        "defaultConfiguration": {"level": LEVELS[spec.severity.value]},
        "properties": {"tags": list(spec.tags), "kind": spec.kind},
    }


def render(report, out) -> None:
    rules = sorted(report.rules, key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    results, notifications = [], []
    for result in report.files:
        if result.error:
            notifications.append({"level": "error", "message": {"text": result.error},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(result.path)}}}]})
            continue
        lines = line_index(result.source)
        for at in located(result):
            f, line, col, end_line, end_col = at.finding, at.line, at.column, at.end_line, at.end_column
            entry = {
                "ruleId": f.rule,
                "level": LEVELS[f.severity.value],
                "message": {"text": f.message + (f" Try: {f.suggestions[0]}" if f.suggestions else "")},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(result.path)},
                    "region": {"startLine": line, "startColumn": col, "endLine": end_line,
                               "endColumn": end_col, "charOffset": f.start, "charLength": f.end - f.start,
                               "snippet": {"text": f.text}},
                }}],
                "partialFingerprints": {"plmsgText/v1": f"{f.rule}:{' '.join(f.text.split()).lower()}"},
                "properties": {"scope": f.scope, "suggestions": list(f.suggestions)},
            }
            if f.rule in index:
                entry["ruleIndex"] = index[f.rule]
            if f.fix and f.fix.safe:
                fl, fc = lines.position(f.fix.start)
                el, ec = lines.position(f.fix.end)
                entry["fixes"] = [{"description": {"text": f"Replace with '{f.fix.replacement}'"},
                                   "artifactChanges": [{"artifactLocation": {"uri": _uri(result.path)},
                                                        "replacements": [{"deletedRegion": {
                                                            "startLine": fl, "startColumn": fc,
                                                            "endLine": el, "endColumn": ec},
                                                            "insertedContent": {"text": f.fix.replacement}}]}]}]
            results.append(entry)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "plmsg", "version": report.version, "semanticVersion": report.version,
                                "rules": [_rule(r) for r in rules]}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": not notifications,
                             "toolExecutionNotifications": notifications}],
            "results": results,
        }],
    }
    json.dump(log, out, indent=2, ensure_ascii=False)
    out.write("\n")
