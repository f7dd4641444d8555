"""The command line: formats, exit codes, stdin, errors that name the file."""

from __future__ import annotations

import json
import os

from conftest import ROOT

LETTER = ROOT / "examples" / "family-letter.md"
REVISED = ROOT / "examples" / "family-letter-revised.md"


def test_bundled_letter_has_findings_and_revision_is_clean(cli):
    bad = cli("check", str(LETTER), "--format", "json")
    assert bad.exit_code == 1
    data = json.loads(bad.stdout)
    rules = set(data["summary"]["by_rule"])
    assert {"tech-first", "jargon", "term-consistency", "oversell", "passive-voice"} <= rules
    good = cli("check", str(REVISED), "--format", "json")
    assert good.exit_code == 0, good.stdout
    assert json.loads(good.stdout)["summary"]["diagnostics"] == 0


def test_json_matches_the_contract(cli):
    result = cli("check", str(LETTER), "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) == {"plmsg_version", "files", "summary"}
    entry = data["files"][0]
    assert set(entry) == {"path", "audience", "stats", "diagnostics", "scorecard", "error"}
    assert set(entry["stats"]) == {"words", "sentences", "grade", "reading_ease"}
    source = LETTER.read_text(encoding="utf-8")
    lines = source.split("\n")
    for d in entry["diagnostics"]:
        assert set(d) == {"rule", "severity", "scope", "message", "text", "start", "end", "line",
                          "column", "end_line", "end_column", "suggestions", "replaces", "fix"}
        assert source[d["start"]:d["end"]] == d["text"]
        assert lines[d["line"] - 1][d["column"] - 1:].startswith(d["text"].split("\n")[0])
        assert d["scope"] in ("span", "document")
        assert isinstance(d["replaces"], bool)
        if d["fix"]:  # the edit may take in an "a"/"an" before the match
            assert d["replaces"]
            assert d["fix"]["end"] == d["end"] and d["fix"]["replacement"].endswith(d["suggestions"][0])
    assert data["summary"]["diagnostics"] == len(entry["diagnostics"])
    positions = [(d["line"], d["column"], d["rule"]) for d in entry["diagnostics"]]
    assert positions == sorted(positions)


def test_concise_and_text_formats(cli):
    concise = cli("check", str(LETTER), "--format", "concise")
    first = concise.stdout.splitlines()[0]
    assert first.startswith(f"{LETTER}:") and " warning tech-first " in first
    text = cli("check", str(LETTER), "--format", "text", "--no-color")
    assert "tech-first" in text.stdout and "^^^" in text.stdout and "try:" in text.stdout
    assert "\x1b[" not in text.stdout


def test_stdin_with_a_filename(cli):
    result = cli("check", "-", "--stdin-filename", "note.html", "--format", "json",
                 input="<p>We will <b>leverage</b> our tutors.</p>")
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "note.html"
    assert [d["text"] for d in data["files"][0]["diagnostics"]] == ["leverage"]
    assert result.exit_code == 1


def test_select_ignore_min_severity_and_fail_on(cli):
    only = json.loads(cli("check", str(LETTER), "--format", "json", "--select", "jargon").stdout)
    assert set(only["summary"]["by_rule"]) == {"jargon"}
    tagged = json.loads(cli("check", str(LETTER), "--format", "json", "--select", "plain-language",
                            "--ignore", "jargon").stdout)
    assert "jargon" not in tagged["summary"]["by_rule"] and "passive-voice" in tagged["summary"]["by_rule"]
    warn = json.loads(cli("check", str(LETTER), "--format", "json", "--min-severity", "warning").stdout)
    assert "suggestion" not in warn["summary"]["by_severity"]
    assert cli("check", str(LETTER), "--fail-on", "never").exit_code == 0
    assert cli("check", str(LETTER), "--fail-on", "error").exit_code == 0
    assert cli("check", str(LETTER), "--select", "passive-voice", "--fail-on", "warning").exit_code == 0
    assert cli("check", str(LETTER), "--select", "passive-voice", "--fail-on", "suggestion").exit_code == 1


def test_unknown_rule_in_select_is_a_usage_error(cli):
    result = cli("check", str(LETTER), "--select", "no-such-rule")
    assert result.exit_code == 2
    assert "no-such-rule" in result.stderr


def test_unreadable_files_get_an_error_and_the_run_goes_on(cli, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"caf\xe9 \x81 and leverage\n")  # 0x81: not Windows-1252 either
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    missing = tmp_path / "missing.md"
    result = cli("check", str(bad), str(binary), str(missing), str(REVISED), "--format", "json")
    assert result.exit_code == 2
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert "not valid UTF-8" in files[str(bad)]["error"] and str(bad) in files[str(bad)]["error"]
    assert "binary" in files[str(binary)]["error"]
    assert "no such file" in files[str(missing)]["error"]
    assert files[str(REVISED)]["error"] is None and files[str(REVISED)]["stats"]["words"] > 50


def test_folders_are_recursed_for_drafts(cli, tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.md").write_text("We leverage tutors.\n", encoding="utf-8")
    (tmp_path / "news" / "b.html").write_text("<p>Our stakeholders agree.</p>", encoding="utf-8")
    (tmp_path / "news" / "c.txt").write_text("Synergy matters.\n", encoding="utf-8")
    (tmp_path / "news" / "skip.py").write_text("leverage = 1\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.md").write_text("We leverage tutors.\n", encoding="utf-8")
    data = json.loads(cli("check", str(tmp_path), "--format", "json").stdout)
    names = [f["path"].replace(str(tmp_path), "") for f in data["files"]]
    assert names == ["/news/a.md", "/news/b.html", "/news/c.txt"]


def test_utf8_bom_and_utf16_drafts(cli, tmp_path):
    for name, data in (("bom.md", "\ufeffWe leverage tutors.\n".encode("utf-8")),
                       ("wide.txt", "We leverage tutors.\n".encode("utf-16"))):
        path = tmp_path / name
        path.write_bytes(data)
        out = json.loads(cli("check", str(path), "--format", "json").stdout)
        d = out["files"][0]["diagnostics"][0]
        assert d["text"] == "leverage" and d["column"] == 4


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.startswith("plmsg 0.1.0")


def test_without_the_model_parser_rules_are_skipped_with_one_clear_line(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from plmsg import cli as cli_module
    from plmsg.nlp import NLP

    monkeypatch.setattr(cli_module, "make_nlp", lambda: NLP(use_model=False))
    result = CliRunner().invoke(cli_module.app, ["check", str(LETTER), "--format", "json"])
    data = json.loads(result.stdout)
    rules = set(data["summary"]["by_rule"])
    assert "passive-voice" not in rules and {"jargon", "tech-first", "oversell"} <= rules
    notice = [l for l in result.stderr.splitlines() if "skipped" in l]
    from plmsg.install import install_hint

    assert len(notice) == 1 and "passive-voice" in notice[0] and install_hint("model") in notice[0]
    assert "[model]" in install_hint("model")  # this checkout is installed editable: the hint names it


def test_interactive_fix_reviews_only_the_selected_rules_and_files(cli, tmp_path):
    kept = tmp_path / "note.txt"
    kept.write_text("We will leverage tutors. This plan is proven to work.\n", encoding="utf-8")
    skipped = tmp_path / "old" / "note.txt"
    skipped.parent.mkdir()
    skipped.write_text("We will leverage tutors.\n", encoding="utf-8")
    result = cli("check", str(tmp_path), "--fix", "--interactive", "--select", "oversell",
                 "--exclude", "**/old/**", input="a\n")
    assert result.exit_code == 0, result.stderr
    assert "oversell" in result.stdout and "jargon" not in result.stdout
    assert "1 rewrite accepted" in result.stdout and "old" not in result.stdout
    assert "leverage" in kept.read_text(encoding="utf-8") and "proven" not in kept.read_text(encoding="utf-8")
    assert skipped.read_text(encoding="utf-8") == "We will leverage tutors.\n"


def test_quiet_prints_the_findings_only(cli):
    loud = cli("check", str(LETTER), str(REVISED), "--format", "text", "--no-color").stdout
    assert "Principles:" in loud and "findings in 2 files" in loud
    quiet = cli("check", str(LETTER), str(REVISED), "--format", "text", "--no-color", "--quiet")
    assert quiet.exit_code == 1
    out = quiet.stdout
    assert "tech-first" in out and "^^^" in out  # the findings, with their lines and rewrites
    for word in ("Principles:", "Which principles", "findings in", "warnings)", "No findings"):
        assert word not in out, word
    clean = cli("check", str(REVISED), "--format", "text", "--no-color", "--quiet")
    assert clean.exit_code == 0 and clean.stdout.strip() == ""


def test_one_blas_thread_per_process_unless_the_user_says_otherwise():
    """--jobs is how plmsg uses more cores: the command line asks numpy's BLAS for one
    thread per process, and keeps a thread count the user set."""
    import subprocess
    import sys

    probe = ("import os, sys\nfrom plmsg.cli import main\nsys.argv = ['plmsg', 'rules', '--format', 'json']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(os.environ['OPENBLAS_NUM_THREADS'], os.environ['MKL_NUM_THREADS'], file=sys.stderr)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert out.stderr.split()[-2:] == ["1", "1"]
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**env, "OPENBLAS_NUM_THREADS": "4"})
    assert out.stderr.split()[-2:] == ["4", "1"]


def test_the_command_exits_without_tearing_the_interpreter_down(tmp_path):
    """The console script skips the interpreter's teardown (0.3 s of freeing the model), and
    loses nothing by it: the report on stdout and the one written to a file are whole, and
    the exit code is the check's."""
    import subprocess
    import sys

    probe = ("import atexit, sys\natexit.register(lambda: print('torn down', file=sys.stderr))\n"
             "from plmsg.cli import run\nsys.argv = ['plmsg'] + sys.argv[1:]\nrun()\n")
    draft = tmp_path / "a.md"
    draft.write_text("# Devices\n\nOur new Chromebooks will revolutionize learning.\n", encoding="utf-8")
    piped = subprocess.run([sys.executable, "-c", probe, "check", str(draft), "--format", "json", "--no-cache"],
                           capture_output=True, text=True)
    assert piped.returncode == 1 and "torn down" not in piped.stderr
    assert json.loads(piped.stdout)["summary"]["diagnostics"] > 0
    out = tmp_path / "report.sarif"
    written = subprocess.run([sys.executable, "-c", probe, "check", str(draft), "--format", "sarif", "--no-cache",
                              "--output", str(out)], capture_output=True, text=True)
    assert written.returncode == 1 and written.stdout == "" and "torn down" not in written.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    usage = subprocess.run([sys.executable, "-c", probe, "check"], capture_output=True, text=True)
    assert usage.returncode == 2 and "give at least one file" in usage.stderr
