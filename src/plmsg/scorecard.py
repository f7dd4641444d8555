"""The principles of GUIDANCE as a scorecard: met or not for each draft, and across a site."""

from __future__ import annotations

from typing import Iterable, Sequence

from .loader import Principle
from .model import Finding, line_index


def draft_scorecard(findings: Sequence[Finding], principles: Iterable[Principle], rules_run: Iterable[str],
                    audience: str | None, source: str | None) -> list[dict]:
    ran = set(rules_run)
    lines = line_index(source) if source is not None else None
    found = {f.rule for f in findings}
    card = []
    for p in principles:
        checked = [r for r in p.rules if r in ran]
        hits = [] if found.isdisjoint(p.rules) else [f for f in findings if f.rule in p.rules]
        if not p.rules:
            status, note = "applied", f"checked as a draft for {audience}"
        elif not checked:
            status, note = "not checked", ("its rules did not check this draft (off for it, or it is "
                                           "too short for them)")
        else:
            status, note = ("not met" if hits else "met"), None
        card.append({
            "principle": p.id,
            "title": p.title,
            "status": status,
            "rules": checked,
            "note": note,
            "findings": [{"rule": f.rule, "line": lines.position(f.start)[0] if lines else None,
                          "text": f.text} for f in hits],
        })
    return card


def site_summary(cards: Sequence[list[dict]]) -> list[dict]:
    """Which principles the drafts miss most: files not meeting each, most first."""
    rows: dict[str, dict] = {}
    for card in cards:
        for entry in card:
            if entry["status"] not in ("met", "not met"):
                continue
            row = rows.setdefault(entry["principle"], {"principle": entry["principle"], "title": entry["title"],
                                                       "files_checked": 0, "files_not_met": 0, "by_rule": {}})
            row["files_checked"] += 1
            if entry["status"] == "not met":
                row["files_not_met"] += 1
                for f in entry["findings"]:
                    row["by_rule"][f["rule"]] = row["by_rule"].get(f["rule"], 0) + 1
    return sorted(rows.values(), key=lambda r: (-r["files_not_met"], r["principle"]))
