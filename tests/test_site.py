"""Fitting a content repo: discovery, .gitignore, --exclude, --changed-since, baselines."""

from __future__ import annotations

import json
import os
import subprocess

import pytest


def write(path, text="We will leverage tutors.\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def paths(cli, *args):
    data = json.loads(cli("check", *args, "--format", "json").stdout)
    return [f["path"] for f in data["files"]]


def git(repo, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def test_discovery_skips_hidden_vendor_and_excluded(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "site" / "a.md")
    write(tmp_path / "site" / "news" / "b.html", "<p>We leverage tutors.</p>")
    write(tmp_path / "site" / ".drafts" / "c.md")
    write(tmp_path / "site" / "node_modules" / "pkg" / "README.md")
    write(tmp_path / "site" / "archive" / "old.md")
    write(tmp_path / "site" / "notes.py", "leverage = 1\n")
    assert paths(cli, "site") == ["site/a.md", "site/archive/old.md", "site/news/b.html"]
    assert paths(cli, "site", "--exclude", "site/archive/**") == ["site/a.md", "site/news/b.html"]
    assert paths(cli, "site", "--exclude", "**/*.html,site/archive") == ["site/a.md"]
    assert paths(cli, "site/.drafts/c.md") == ["site/.drafts/c.md"]  # named explicitly: checked


def test_symlink_loops_end(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "site" / "a.md")
    (tmp_path / "site" / "loop").symlink_to(tmp_path / "site")
    assert paths(cli, "site") == ["site/a.md"]


def test_gitignored_files_are_skipped(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    write(tmp_path / ".gitignore", "build/\n*.draft.md\n")
    write(tmp_path / "site" / "a.md")
    write(tmp_path / "site" / "b.draft.md")
    write(tmp_path / "build" / "c.md")
    assert paths(cli, ".") == ["site/a.md"]


def test_changed_since(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    write(tmp_path / "old.md")
    write(tmp_path / "edited.md")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    write(tmp_path / "edited.md", "Our stakeholders agree.\n")
    write(tmp_path / "new.md")
    assert paths(cli, ".", "--changed-since", "HEAD") == ["edited.md", "new.md"]
    bad = cli("check", ".", "--changed-since", "no-such-ref")
    assert bad.exit_code == 2 and "no-such-ref" in bad.stderr


def test_changed_since_outside_git(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.md")
    result = cli("check", ".", "--changed-since", "main")
    assert result.exit_code == 2 and "--changed-since" in result.stderr


DRAFT = "# Note\n\nWe will leverage tutors.\n\nOur stakeholders agree.\n"


def test_baseline_survives_moved_lines_and_reports_new_findings(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    draft = write(tmp_path / "a.md", DRAFT)
    wrote = cli("check", "a.md", "--write-baseline", "plmsg-baseline.json")
    assert "wrote 2 findings" in wrote.stderr
    assert cli("check", "a.md", "--baseline", "plmsg-baseline.json").exit_code == 0
    write(draft, "# Note\n\nA new first paragraph pushes everything down.\n\n" + DRAFT.split("\n\n", 1)[1]
          .replace("agree.", "agree. We leverage synergy."))
    result = cli("check", "a.md", "--baseline", "plmsg-baseline.json", "--format", "json")
    found = [(d["rule"], d["text"], d["line"]) for d in json.loads(result.stdout)["files"][0]["diagnostics"]]
    assert found == [("jargon", "leverage", 7), ("jargon", "synergy", 7)]
    assert result.exit_code == 1


def test_bad_baseline_is_a_usage_error(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.md", DRAFT)
    write(tmp_path / "base.json", "{not json")
    result = cli("check", "a.md", "--baseline", "base.json")
    assert result.exit_code == 2 and "base.json:1" in result.stderr
    missing = cli("check", "a.md", "--baseline", "nope.json")
    assert missing.exit_code == 2 and "--write-baseline" in missing.stderr


@pytest.mark.parametrize("fmt", ["concise", "json"])
def test_no_progress_bar_when_not_on_a_terminal(cli, tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    for i in range(25):
        write(tmp_path / "site" / f"p{i:02}.md")
    result = cli("check", "site", "--format", fmt)
    assert "Checking drafts" not in result.stdout + result.stderr


def test_progress_bar_on_a_terminal(tmp_path):
    import pty
    import select
    import sys

    for i in range(25):
        write(tmp_path / "site" / f"p{i:02}.md")
    primary, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    env.pop("GITHUB_ACTIONS", None)
    proc = subprocess.Popen([sys.executable, "-m", "plmsg", "check", "site", "--select", "jargon"],
                            cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary, env=env)
    os.close(secondary)
    chunks = []
    while True:
        ready, _, _ = select.select([primary], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(primary, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(primary)
    output = b"".join(chunks).decode("utf-8", "replace")
    assert "Checking drafts" in output
    assert "site/p24.md" in output


def test_shards_split_the_files_exactly(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(30):
        write(tmp_path / "site" / f"p{i:02}.md")
    everything = paths(cli, "site")
    slices = [paths(cli, "site", "--shard", f"{k}/3") for k in (1, 2, 3)]
    assert sorted(sum(slices, [])) == everything and all(slices)
    assert paths(cli, "site", "--shard", "2/3") == slices[1]  # stable from run to run
    bad = cli("check", "site", "--shard", "4/3")
    assert bad.exit_code == 2 and "--shard" in bad.stderr


def test_gitignore_holds_when_a_link_leads_out_of_the_repo(cli, tmp_path, monkeypatch):
    repo, outside, other = tmp_path / "repo", tmp_path / "shared", tmp_path / "other"
    write(repo / "site" / "a.md")
    write(repo / "build" / "c.md")
    write(outside / "o.md")
    write(other / "p.md")
    git(repo, "init", "-q")
    write(repo / ".gitignore", "build/\nold-link\n")
    (repo / "shared").symlink_to(outside)  # a folder outside any repository
    (repo / "old-link").symlink_to(other)  # a link the repository ignores
    monkeypatch.chdir(repo)
    assert paths(cli, ".") == ["shared/o.md", "site/a.md"]
    git(outside, "init", "-q")  # now the linked folder is a repository with its own rules
    write(outside / ".gitignore", "o.md\n")
    write(outside / "q.md")
    assert paths(cli, ".") == ["shared/q.md", "site/a.md"]


def test_excludes_apply_to_files_named_on_the_command_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "site" / "a.md")
    write(tmp_path / "archive" / "old.md")
    assert paths(cli, "site/a.md", "archive/old.md", "--exclude", "archive/**") == ["site/a.md"]
    write(tmp_path / ".plmsg.yaml", "exclude: ['archive/**']\n")
    assert paths(cli, "site/a.md", "archive/old.md") == ["site/a.md"]  # as pre-commit calls it
    # named, but excluded: said in one line, and nothing checked is not a pass...
    alone = cli("check", "archive/old.md")
    assert alone.exit_code == 2 and alone.stdout == ""
    assert "plmsg: archive/old.md is excluded by config (exclude:) or --exclude: not checked.\n" in alone.stderr
    # ...unless the caller says an empty run is fine (the pre-commit hook does)
    assert cli("check", "archive/old.md", "--allow-empty").exit_code == 0


def test_a_walk_that_finds_no_drafts_says_what_it_skipped(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("letter.doc", "flyer.pages", "menu.pages"):
        write(tmp_path / "office" / name, "not a draft")
    write(tmp_path / "office" / "old" / "notes.md")
    write(tmp_path / ".plmsg.yaml", "exclude: ['office/old/**']\n")
    empty = cli("check", "office")
    assert empty.exit_code == 2 and "No findings" not in empty.stdout
    assert ("plmsg: no drafts to check in office: 2 .pages, 1 .doc (not drafts: plmsg reads Markdown (.md, "
            ".markdown), HTML (.html, .htm), plain text (.txt), Word (.docx), PDF (.pdf) and saved e-mail "
            "(.eml)); 1 excluded by config or --exclude.\n" in empty.stderr)
    allowed = cli("check", "office", "--allow-empty", "--format", "json")
    assert allowed.exit_code == 0 and json.loads(allowed.stdout)["files"] == []
    text = cli("check", "office", "--allow-empty", "--format", "text")
    assert "No drafts checked." in text.stdout and "No findings" not in text.stdout


def test_a_named_document_says_what_plmsg_reads_and_what_to_do(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "Pilot Letter.gdoc", '{"doc_id": "x"}')
    write(tmp_path / "a.md")
    result = cli("check", "Pilot Letter.gdoc", "a.md", "--format", "concise")
    assert result.exit_code == 2
    line = next(x for x in result.stdout.splitlines() if x.startswith("Pilot Letter.gdoc"))
    assert "a Google Docs link file is not a draft plmsg can read" in line and "File > Download" in line
    assert "Word (.docx)" in line
    assert "binary" not in result.stdout + result.stderr


def test_baseline_matches_from_any_folder(cli, tmp_path, monkeypatch):
    write(tmp_path / "content" / "a.md", DRAFT)
    monkeypatch.chdir(tmp_path)
    assert "wrote 2 findings" in cli("check", "content", "--write-baseline", "plmsg-baseline.json").stderr
    stored = json.loads((tmp_path / "plmsg-baseline.json").read_text(encoding="utf-8"))
    assert stored["plmsg_baseline"] == 2 and {e["path"] for e in stored["findings"]} == {"content/a.md"}
    monkeypatch.chdir(tmp_path / "content")
    here = cli("check", ".", "--baseline", "../plmsg-baseline.json")
    assert here.exit_code == 0, here.stdout
    assert "2 findings already in the baseline" in here.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert cli("check", "../content/a.md", "--baseline", "../plmsg-baseline.json").exit_code == 0


def test_format_1_baselines_are_still_read_from_the_current_folder(cli, tmp_path, monkeypatch):
    write(tmp_path / "content" / "a.md", DRAFT)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "base").mkdir()
    cli("check", "content", "--write-baseline", "base/plmsg-baseline.json")
    data = json.loads((tmp_path / "base" / "plmsg-baseline.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in data["findings"]} == {"../content/a.md"}
    old = {"plmsg_baseline": 1, "findings": [{**e, "path": "content/a.md"} for e in data["findings"]]}
    write(tmp_path / "old.json", json.dumps(old))
    result = cli("check", "content", "--baseline", "old.json")
    assert result.exit_code == 0 and "2 findings already in the baseline" in result.stderr


def test_a_site_that_mixes_names_is_told_so(cli, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.md").write_text("# Reading\n\nPersonalized learning starts in May for every reader.\n", encoding="utf-8")
    (site / "b.md").write_text("# Math\n\nCompetency-based education starts in May. Competency-based "
                               "education lets students move on when ready.\n", encoding="utf-8")
    (site / "c.md").write_text("# Science\n\nPersonalized learning helps each student in science.\n", encoding="utf-8")
    data = json.loads(cli("check", str(site), "--format", "json").stdout)
    assert data["summary"]["names"] == {"personalized learning": 2, "competency-based education": 1}
    # no draft mixes names, so no draft has a finding; the site as a whole is told
    assert "term-consistency" not in data["summary"]["by_rule"]
    text = cli("check", str(site), "--format", "text").stdout
    assert "call the approach 2 different names" in text
