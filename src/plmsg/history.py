"""Progress over time: each recorded run's site summary, kept in SQLite beside the cache.

`record` adds one run in a single transaction (so a run is in the history whole or not at
all, and two runs recording at once each wait their turn); `load` reads them back for
`plmsg trend` and the HTML report. A history this plmsg cannot read as its own (damaged,
not a plmsg history, or written by a newer plmsg) raises HistoryError and is never
changed.
"""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from . import __version__
from .scorecard import site_summary_of
from .spec import Principle

FILE_NAME = "history.sqlite"
SCHEMA = 1
_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY, at TEXT NOT NULL, git_commit TEXT, plmsg TEXT NOT NULL,
                   drafts INTEGER NOT NULL, errors INTEGER NOT NULL, findings INTEGER NOT NULL,
                   median_grade REAL, rules TEXT NOT NULL);
CREATE TABLE principles (run INTEGER NOT NULL REFERENCES runs(id), principle TEXT NOT NULL, title TEXT NOT NULL,
                         files_checked INTEGER NOT NULL, files_not_met INTEGER NOT NULL,
                         PRIMARY KEY (run, principle));
CREATE TABLE rules (run INTEGER NOT NULL REFERENCES runs(id), rule TEXT NOT NULL, findings INTEGER NOT NULL,
                    files INTEGER NOT NULL, PRIMARY KEY (run, rule));
"""


class HistoryError(Exception):
    """The history cannot be read or added to; the message names the file and says why."""


@dataclass(frozen=True)
class Run:
    id: int
    at: str  # ISO 8601, UTC
    git_commit: str | None
    plmsg: str
    drafts: int
    errors: int
    findings: int
    median_grade: float | None
    rules: tuple[str, ...]  # the rules that checked the drafts: a change makes counts incomparable
    principles: dict  # principle id -> {"title", "files_checked", "files_not_met"}
    by_rule: dict  # rule id -> {"findings", "files"}


def history_path(cache_folder: Path) -> Path:
    return Path(cache_folder) / FILE_NAME


def _connect(path: Path, create: bool) -> sqlite3.Connection:
    if not create and not path.exists():
        raise FileNotFoundError(path)
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        db.execute("PRAGMA foreign_keys = ON")
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path}: is damaged or not a plmsg history ({exc}); it was left as it is") from None
    if not tables:
        if not create:
            raise HistoryError(f"{path}: is empty; it was left as it is")
        return db
    try:
        found = dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        found = {}
    if found.get("format") != "plmsg-history":
        db.close()
        raise HistoryError(f"{path}: is not a plmsg history; it was left as it is")
    version = int(found.get("schema", "0")) if str(found.get("schema", "0")).isdigit() else 0
    if version != SCHEMA:
        db.close()
        newer = version > SCHEMA
        raise HistoryError(f"{path}: was written by {'a newer' if newer else 'an older'} plmsg "
                           f"({found.get('written_by', 'unknown')}, history format {version}); this plmsg "
                           f"reads format {SCHEMA}, so it was left as it is (move it aside to start a new one)")
    return db


def record(path: Path, results: Sequence, principles: Sequence[Principle], root: Path | None = None,
           now: datetime | None = None) -> Run:
    """Add this run's site summary to the history at `path` (created when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    checked = [r for r in results if not r.error]
    rows = site_summary_of(checked, principles)
    grades = [r.stats["grade"] for r in checked if r.stats and r.stats.get("words")]
    by_rule: dict[str, dict] = {}
    for r in checked:
        for rule in {f.rule for f in r.findings}:
            entry = by_rule.setdefault(rule, {"findings": 0, "files": 0})
            entry["files"] += 1
        for f in r.findings:
            by_rule[f.rule]["findings"] += 1
    ran = sorted({rule for r in checked for rule in r.rules_run})
    at = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    commit = git_commit(root)
    db = _connect(path, create=True)
    try:
        db.execute("BEGIN IMMEDIATE")  # one writer at a time; the other waits (timeout above)
        if not db.execute("SELECT name FROM sqlite_master WHERE name = 'meta'").fetchone():
            for statement in _TABLES.strip().split(";\n"):
                if statement.strip():
                    db.execute(statement)
            db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", "plmsg-history"), ("schema", str(SCHEMA)),
                                                             ("written_by", f"plmsg {__version__}")])
        cur = db.execute("INSERT INTO runs (at, git_commit, plmsg, drafts, errors, findings, median_grade, rules) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (at, commit, __version__, len(checked), len(results) - len(checked),
                          sum(len(r.findings) for r in checked),
                          round(statistics.median(grades), 1) if grades else None, ",".join(ran)))
        run_id = cur.lastrowid
        db.executemany("INSERT INTO principles VALUES (?, ?, ?, ?, ?)",
                       [(run_id, row["principle"], row["title"], row["files_checked"], row["files_not_met"])
                        for row in rows])
        db.executemany("INSERT INTO rules VALUES (?, ?, ?, ?)",
                       [(run_id, rule, v["findings"], v["files"]) for rule, v in sorted(by_rule.items())])
        db.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise HistoryError(f"{path}: this run could not be recorded ({exc}); the history was left as it was") from None
    finally:
        db.close()
    return load(path)[-1]


def load(path: Path) -> list[Run]:
    """Every recorded run, oldest first ([] when there is no history yet)."""
    try:
        db = _connect(path, create=False)
    except FileNotFoundError:
        return []
    try:
        runs = db.execute("SELECT id, at, git_commit, plmsg, drafts, errors, findings, median_grade, rules "
                          "FROM runs ORDER BY id").fetchall()
        principles: dict[int, dict] = {}
        for run, principle, title, checked, not_met in db.execute(
                "SELECT run, principle, title, files_checked, files_not_met FROM principles ORDER BY run, principle"):
            principles.setdefault(run, {})[principle] = {"title": title, "files_checked": checked,
                                                         "files_not_met": not_met}
        rules: dict[int, dict] = {}
        for run, rule, findings, files in db.execute("SELECT run, rule, findings, files FROM rules ORDER BY run, rule"):
            rules.setdefault(run, {})[rule] = {"findings": findings, "files": files}
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path}: is damaged ({exc}); it was left as it is") from None
    finally:
        db.close()
    return [Run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(filter(None, r[8].split(","))),
                principles.get(r[0], {}), rules.get(r[0], {})) for r in runs]


def git_commit(root: Path | None) -> str | None:
    """The commit checked out at `root`, when it is in a git work tree."""
    try:
        done = subprocess.run(["git", "-C", str(root or Path.cwd()), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def trend(runs: Sequence[Run]) -> dict:
    """Each principle across the runs: the share of drafts that miss it, run by run."""
    principles: dict[str, dict] = {}
    for run in runs:
        for pid, p in run.principles.items():
            entry = principles.setdefault(pid, {"principle": pid, "title": p["title"], "points": []})
            share = p["files_not_met"] / p["files_checked"] if p["files_checked"] else None
            entry["points"].append({"run": run.id, "at": run.at, "files_checked": p["files_checked"],
                                    "files_not_met": p["files_not_met"],
                                    "share": round(share, 4) if share is not None else None})
    for entry in principles.values():
        shares = [pt["share"] for pt in entry["points"] if pt["share"] is not None]
        entry["change"] = round(shares[-1] - shares[0], 4) if len(shares) > 1 else None
    names = sorted({rule for run in runs for rule in run.by_rule})
    rules = {rule: [dict(run.by_rule.get(rule, {"findings": 0, "files": 0}), run=run.id)
                    if rule in run.rules or rule in run.by_rule else None for run in runs] for rule in names}
    changed = [b.id for a, b in zip(runs, runs[1:]) if a.rules != b.rules]
    return {
        "runs": [{"id": r.id, "at": r.at, "git_commit": r.git_commit, "plmsg": r.plmsg, "drafts": r.drafts,
                  "errors": r.errors, "findings": r.findings, "median_grade": r.median_grade} for r in runs],
        "principles": sorted(principles.values(), key=lambda e: e["title"]),
        # per rule, run by run: its findings and the drafts they were in (None: it did not run)
        "rules": rules,
        "rules_changed_at": changed,
    }
