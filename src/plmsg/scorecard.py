"""The principles of GUIDANCE as a scorecard: met or not for each draft, and across a site."""

from __future__ import annotations

from typing import Iterable, Sequence

from .model import Finding, line_index
from .spec import Principle


def _judged(findings: Sequence[Finding], principles: Iterable[Principle], rules_run: Iterable[str]):
    """(principle, status, the rules of it that checked the draft, its findings) for each."""
    ran = set(rules_run)
    found = {f.rule for f in findings}
    for p in principles:
        checked = [r for r in p.rules if r in ran]
        hits = [] if found.isdisjoint(p.rules) else [f for f in findings if f.rule in p.rules]
        status = "applied" if not p.rules else "not checked" if not checked else "not met" if hits else "met"
        yield p, status, checked, hits


def draft_scorecard(findings: Sequence[Finding], principles: Iterable[Principle], rules_run: Iterable[str],
                    audience: str | None, source: str | None) -> list[dict]:
    lines = line_index(source) if source is not None else None
    card = []
    for p, status, checked, hits in _judged(findings, principles, rules_run):
        note = None
        if status == "applied":
            note = f"checked as a draft for {audience}"
        elif status == "not checked":
            note = "its rules did not check this draft (off for it, or it is too short for them)"
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
    return _summarize((e["principle"], e["title"], e["status"], [f["rule"] for f in e["findings"]])
                      for card in cards for e in card)


def site_summary_of(results, principles: Sequence[Principle]) -> list[dict]:
    """`site_summary` straight from the checked files' results, without their scorecards."""
    return _summarize((p.id, p.title, status, [f.rule for f in hits])
                      for r in results if not r.error
                      for p, status, _, hits in _judged(r.findings, principles, r.rules_run))


def _summarize(entries) -> list[dict]:
    rows: dict[str, dict] = {}
    for principle, title, status, rules in entries:
        if status not in ("met", "not met"):
            continue
        row = rows.setdefault(principle, {"principle": principle, "title": title, "files_checked": 0,
                                          "files_not_met": 0, "by_rule": {}})
        row["files_checked"] += 1
        if status == "not met":
            row["files_not_met"] += 1
            for rule in rules:
                row["by_rule"][rule] = row["by_rule"].get(rule, 0) + 1
    return sorted(rows.values(), key=lambda r: (-r["files_not_met"], r["principle"]))
