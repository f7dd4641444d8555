"""Renderers: one module per output format, all behind `render(report, out)`."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Sequence, TextIO

from ..model import FileResult, line_index
from ..scorecard import draft_scorecard
from ..web import is_url, section_of


@dataclass(frozen=True)
class Report:
    files: Sequence[FileResult]
    color: bool = False
    version: str = ""
    notices: Sequence[str] = ()
    principles: Sequence = ()
    quiet: bool = False
    rules: Sequence = ()  # every loaded rule, for formats that carry rule metadata
    width: int | None = None  # the terminal's columns for text (None: as the terminal reports, else 80)
    history: dict | None = None  # the recorded runs' trend (history.trend), for the HTML report
    grade_limits: dict | None = None  # audience -> the reading grade its drafts should stay within

    def scorecard(self, result: FileResult) -> list[dict]:
        return draft_scorecard(result.findings, self.principles, result.rules_run, result.audience,
                               result.source)


@dataclass(frozen=True)
class Placed:
    """A finding with its 1-based line and column at both ends."""

    finding: object
    line: int
    column: int
    end_line: int
    end_column: int
    where: dict  # in a Word document its paragraph, in a PDF its page and line there ({} otherwise)
    label: str  # "12:5"; "¶12:5" (paragraph 12) in a Word document; "p2 l7:5" in a PDF


def located(result: FileResult):
    """Each finding of a file with its positions (one line index per file)."""
    source = result.source or ""
    lines = line_index(source)
    places = result.places
    for f in result.findings:
        line, col = lines.position(f.start)
        end_line, end_col = lines.position(f.end)
        if places is None:
            yield Placed(f, line, col, end_line, end_col, {}, f"{line}:{col}")
        else:
            yield Placed(f, line, col, end_line, end_col, places.locate(source, f.start),
                         places.label(source, f.start, col))


def render(fmt: str, report: Report, out: TextIO) -> None:
    importlib.import_module(f"plmsg.render.{fmt}").render(report, out)


def summary(files: Sequence[FileResult]) -> dict:
    by_rule: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    for f in files:
        for d in f.findings:
            by_rule[d.rule] = by_rule.get(d.rule, 0) + 1
            by_severity[d.severity.value] = by_severity.get(d.severity.value, 0) + 1
    out = {
        "files": len(files),
        "diagnostics": sum(len(f.findings) for f in files),
        "by_rule": dict(sorted(by_rule.items())),
        "by_severity": dict(sorted(by_severity.items())),
        "names": names_used(files),
    }
    if any(is_url(f.path) for f in files):
        out["sections"] = sections(files)
    return out


def sections(files: Sequence[FileResult]) -> dict[str, dict]:
    """A live site by the first folder of each page's path: pages, pages that could not be
    fetched, pages with findings, and findings."""
    out: dict[str, dict] = {}
    for f in files:
        if not is_url(f.path):
            continue
        row = out.setdefault(section_of(f.path), {"pages": 0, "failed": 0, "with_findings": 0, "findings": 0})
        row["pages"] += 1
        row["failed"] += 1 if f.error else 0
        row["with_findings"] += 1 if f.findings else 0
        row["findings"] += len(f.findings)
    return dict(sorted(out.items()))


def names_used(files: Sequence[FileResult]) -> dict[str, int]:
    """How many drafts call the approach by each name (by the name each uses most), most
    first. More than one means the site mixes names, though each draft may be consistent."""
    counts: dict[str, int] = {}
    for f in files:
        names = (f.facts or {}).get("names")
        if names:
            counts[names[0]] = counts.get(names[0], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
