"""Progress over time: check --record keeps each run's summary; plmsg trend shows it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from plmsg.history import HistoryError, load, record, trend
from plmsg.model import FileResult, Finding, Severity

DRAFT = "This proven approach will ensure every student reaches grade level.\n"
BETTER = "We hope this approach helps every student read a little more each week.\n"


@pytest.fixture
def site(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "a.txt").write_text(DRAFT, encoding="utf-8")
    (folder / "b.txt").write_text(BETTER, encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.delenv("PLMSG_CACHE_DIR", raising=False)
    return folder


def test_record_then_trend(cli, site):
    assert "no history yet" in cli("trend").stderr and "check --record" in cli("trend").stderr
    first = cli("check", ".", "--record", "--format", "json")
    assert first.exit_code == 1 and "recorded run 1 (2 drafts)" in first.stderr
    (site / "a.txt").write_text(BETTER, encoding="utf-8")
    second = cli("check", ".", "--record")
    assert second.exit_code == 0 and "recorded run 2" in second.stdout + second.stderr
    data = json.loads(cli("trend", "--format", "json").stdout)
    assert [r["drafts"] for r in data["runs"]] == [2, 2]
    honest = next(p for p in data["principles"] if p["principle"] == "honest")
    assert [pt["share"] for pt in honest["points"]] == [0.5, 0.0] and honest["change"] == -0.5
    assert [c["findings"] for c in data["rules"]["oversell"]] == [2, 0]
    text = cli("trend").stdout
    assert "Be honest; don't oversell" in text and "better 50 pts" in text
    assert not (site / ".plmsg_cache" / "history.sqlite-journal").exists()


def test_the_html_report_draws_the_trend(cli, site):
    cli("check", ".", "--record")
    assert "Over time" not in cli("check", ".", "--format", "html").stdout  # one run is no trend
    (site / "a.txt").write_text(BETTER, encoding="utf-8")
    cli("check", ".", "--record")
    page = cli("check", ".", "--format", "html").stdout
    assert "Over time" in page and '<svg role="img"' in page and "Be honest; don&#x27;t oversell: 50% → 0%" in page


def test_record_is_refused_for_a_slice_of_the_site(cli, site):
    result = cli("check", ".", "--record", "--shard", "1/2")
    assert result.exit_code == 2 and "without --shard" in result.output


def test_config_record_true(cli, site):
    (site / ".plmsg.yaml").write_text("record: true\n", encoding="utf-8")
    assert "recorded run 1" in cli("check", ".", "--format", "json").stderr


@pytest.mark.parametrize("damage", ["garbage", "foreign", "newer"])
def test_a_damaged_or_foreign_history_is_reported_and_left_alone(cli, site, damage):
    folder = site / ".plmsg_cache"
    folder.mkdir()
    path = folder / "history.sqlite"
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    else:
        db = sqlite3.connect(path)
        if damage == "foreign":
            db.execute("CREATE TABLE notes (x TEXT)")
        else:
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", "plmsg-history"), ("schema", "99"),
                                                             ("written_by", "plmsg 9.0")])
        db.commit()
        db.close()
    before = path.read_bytes()
    checked = cli("check", ".", "--record", "--format", "json")
    assert checked.exit_code == 2 and "not recorded" in checked.stderr and str(path) in checked.stderr
    assert json.loads(checked.stdout)["files"]  # the check itself still reports
    trend_run = cli("trend")
    assert trend_run.exit_code == 2 and "left as it is" in trend_run.output
    if damage == "newer":
        assert "a newer plmsg (plmsg 9.0, history format 99)" in trend_run.output
    assert path.read_bytes() == before


def _result(path: str, rule: str | None) -> FileResult:
    findings = (Finding(rule, Severity.WARNING, "span", "m", 0, 1, "x"),) if rule else ()
    return FileResult(path, "families", {"words": 10, "grade": 6.0}, findings, rules_run=("oversell", "jargon"))


def test_two_runs_recording_at_once_both_land(tmp_path):
    """Each run is one transaction; a second writer waits for the first."""
    path = tmp_path / "history.sqlite"
    script = ("import sys; from pathlib import Path; sys.path[:0] = sys.argv[2:3]\n"
              "from test_history import _result\n"
              "from plmsg.history import record\n"
              "from plmsg.loader import load_principles, data_dir\n"
              "principles = load_principles(data_dir() / 'principles.yaml')\n"
              "for i in range(10):\n"
              "    record(Path(sys.argv[1]), [_result('a.md', 'oversell'), _result('b.md', None)], principles)\n")
    here = str(__import__("pathlib").Path(__file__).parent)
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), here]) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    runs = load(path)
    assert len(runs) == 20 and all(r.principles["honest"]["files_not_met"] == 1 for r in runs)


def test_trend_marks_a_change_of_rules(tmp_path):
    from plmsg.loader import data_dir, load_principles

    principles = load_principles(data_dir() / "principles.yaml")
    path = tmp_path / "h.sqlite"
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    record(path, [_result("a.md", "oversell")], principles, now=when)
    narrower = FileResult("a.md", "families", {"words": 10, "grade": 6.0}, (), rules_run=("jargon",))
    record(path, [narrower], principles, now=when)
    data = trend(load(path))
    assert data["rules_changed_at"] == [2] and data["runs"][0]["at"] == "2026-01-01T00:00:00+00:00"
    with pytest.raises(HistoryError):
        path.write_bytes(b"x" * 4096)
        load(path)
