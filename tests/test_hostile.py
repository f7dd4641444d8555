"""Hostile inputs: every one is handled or gets a clear one-line error, and the run goes on."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from documents import mail, pdf, word


def run(cli, *paths, select="jargon"):
    result = cli("check", *map(str, paths), "--format", "json", "--select", select)
    assert "Traceback" not in result.stdout + result.stderr
    return result, json.loads(result.stdout)


@pytest.mark.parametrize("content", ["", "   \n\n \t\n", "\n\n\n"])
def test_empty_and_blank_drafts(cli, tmp_path, content):
    for name in ("a.md", "a.html", "a.txt"):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        result, data = run(cli, path, select="all")
        assert result.exit_code == 0 and data["files"][0]["error"] is None


def test_a_one_megabyte_line(cli, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Teachers meet with students every week " * 26_000 + "and we leverage tutors.", encoding="utf-8")
    result, data = run(cli, path, select="jargon,passive-voice,sentence-length")
    source = path.read_text(encoding="utf-8")
    found = [d for d in data["files"][0]["diagnostics"] if d["rule"] == "jargon"]
    assert [source[d["start"]:d["end"]] for d in found] == ["leverage"]


def test_html_nested_ten_thousand_deep_and_unclosed(cli, tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text("<div>" * 10_000 + "<p>We leverage synergy.</p>" + "</div>" * 10_000, encoding="utf-8")
    unclosed = tmp_path / "open.html"
    unclosed.write_text("<p>We leverage <b>tutors <i>and stakeholders", encoding="utf-8")
    fence = tmp_path / "fence.md"
    fence.write_text("# T\n\n```\nleverage\n\nstill code: leverage\n", encoding="utf-8")
    result, data = run(cli, deep, unclosed, fence)
    texts = {f["path"]: [d["text"] for d in f["diagnostics"]] for f in data["files"]}
    assert texts == {str(deep): ["leverage", "synergy"], str(unclosed): ["leverage", "stakeholders"],
                     str(fence): []}


def test_emoji_combining_marks_and_bidi_keep_offsets(cli, tmp_path):
    path = tmp_path / "e.md"
    text = "👩‍🏫 Our teachers 🧑🏽‍🎓 leverage e\u0301 tutors \u202eRTL\u202c and stakeholders.\n"
    path.write_text(text, encoding="utf-8")
    _, data = run(cli, path)
    for d in data["files"][0]["diagnostics"]:
        assert text[d["start"]:d["end"]] == d["text"]
        assert d["column"] == d["start"] + 1  # one line: column counts characters
    assert [d["text"] for d in data["files"][0]["diagnostics"]] == ["leverage", "stakeholders"]


def test_broken_front_matter_missing_and_odd_paths_mixed_with_good_files(cli, tmp_path):
    broken = tmp_path / "fm.md"
    broken.write_text("---\ntitle: [broken\n---\nWe leverage tutors.\n", encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text("We leverage tutors.\n", encoding="utf-8")
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    result, data = run(cli, broken, good, dangling, tmp_path / "missing.md")
    assert result.exit_code == 2
    files = {f["path"]: f for f in data["files"]}
    assert "front matter" in files[str(broken)]["error"] and "line 2" in files[str(broken)]["error"]
    assert files[str(good)]["diagnostics"][0]["text"] == "leverage"
    assert files[str(dangling)]["error"].endswith("no such file")
    assert files[str(tmp_path / "missing.md")]["error"].endswith("no such file")


def _big_markdown(path, megabytes: float) -> str:
    paragraphs = ["Our teachers meet with each student every week to set a reading goal.",
                  "We will leverage adaptive platforms so stakeholders can see growth.",
                  "The new schedule will be announced in May, after families were asked.",
                  "Questions? Call the main office at 555-0142 or reply to this email."]
    lines, size, i = ["# A very long page", ""], 0, 0
    while size < megabytes * 2**20:
        line = " ".join(paragraphs[(i + k) % 4] for k in range(i % 5 + 1)) + "\n"
        lines.append(line)
        size += len(line) + 1
        i += 1
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    return text


def test_a_five_megabyte_draft_is_checked_whole_in_bounded_memory(tmp_path):
    """Every block is tokenized on its own, so spaCy's max_length never applies; memory
    grows with the draft (about 160 MB per MB of prose) and stays well within bounds."""
    import resource
    import subprocess
    import sys

    path = tmp_path / "long.md"
    text = _big_markdown(path, 5)
    out = subprocess.run([sys.executable, "-m", "plmsg", "check", str(path), "--format", "json", "--no-cache"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 1, out.stderr[-2000:]
    found = json.loads(out.stdout)["files"][0]["diagnostics"]
    assert {d["rule"] for d in found} >= {"jargon", "passive-voice"}
    assert all(text[d["start"]:d["end"]] == d["text"] for d in found)
    last = found[-1]
    assert last["line"] == text.count("\n", 0, last["start"]) + 1 and last["line"] > len(text.splitlines()) - 5
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 1500, f"peak {peak_mb:.0f} MB"


def test_a_twenty_megabyte_markdown_file_is_refused_clearly_and_the_run_goes_on(cli, tmp_path):
    big = tmp_path / "dump.md"
    _big_markdown(big, 20)
    good = tmp_path / "good.md"
    good.write_text("We leverage tutors.\n", encoding="utf-8")
    result, data = run(cli, big, good)
    assert result.exit_code == 2
    files = {f["path"]: f for f in data["files"]}
    assert files[str(big)]["error"].startswith(f"{big}: is 20.0 MB, over the 10 MB limit")
    assert "max_draft_mb" in files[str(big)]["error"] and "\n" not in files[str(big)]["error"]
    assert files[str(good)]["diagnostics"][0]["text"] == "leverage"


def test_a_file_that_cannot_be_read_is_an_error_and_the_run_goes_on(cli, tmp_path, monkeypatch):
    """Unreadable (permission denied: simulated, since these tests may run as root)."""
    import errno
    from pathlib import Path

    locked = tmp_path / "locked.md"
    locked.write_text("We leverage tutors.\n", encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text("We leverage tutors.\n", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.md":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result, data = run(cli, locked, good)
    assert result.exit_code == 2
    files = {f["path"]: f for f in data["files"]}
    assert files[str(locked)]["error"] == f"{locked}: cannot read: Permission denied"
    assert files[str(good)]["diagnostics"][0]["text"] == "leverage"


def test_a_folder_named_like_a_draft_is_walked(cli, tmp_path):
    folder = tmp_path / "x.md"
    folder.mkdir()
    (folder / "inside.txt").write_text("We leverage tutors.\n", encoding="utf-8")
    _, data = run(cli, folder)
    assert [f["path"] for f in data["files"]] == [str(folder / "inside.txt")]


def test_regex_in_a_rule_pattern_is_refused(tmp_path, nlp):
    from plmsg.linter import Linter
    from plmsg.settings import load_settings
    from plmsg.yamlio import ConfigError

    (tmp_path / "rules").mkdir()
    rule = tmp_path / "rules" / "r.yaml"
    rule.write_text("id: slow\nkind: existence\nsummary: s\nmessage: m\nexplain: e\n"
                    "patterns:\n  - [{TEXT: {REGEX: '(a+)+$'}}]\nexamples: {bad: [x], good: [y]}\n",
                    encoding="utf-8")
    (tmp_path / ".plmsg.yaml").write_text("rule_paths: [rules]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Linter(load_settings(cwd=tmp_path), nlp=nlp)
    assert str(err.value).startswith(f"{rule}:7:") and "REGEX" in str(err.value)


def test_a_full_check_makes_no_network_connection(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    guard = ("import socket, sys\n"
             "def refuse(*a, **k):\n    raise RuntimeError('network access attempted')\n"
             "socket.socket.connect = refuse\nsocket.socket.connect_ex = refuse\n"
             "socket.create_connection = refuse\nsocket.getaddrinfo = refuse\n"
             "from plmsg.cli import main\nsys.argv = ['plmsg'] + sys.argv[1:]\nmain()\n")
    result = subprocess.run([sys.executable, "-c", guard, "check", str(ROOT / "examples"), "--format", "json",
                             "--no-cache", "--jobs", "1"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    data = json.loads(result.stdout)
    assert "passive-voice" in data["summary"]["by_rule"]  # the model loaded and parsed, offline


def test_a_bug_is_one_line_and_exit_2_never_a_traceback(nlp, tmp_path, monkeypatch, capsys):
    from plmsg import cli as cli_module

    draft = tmp_path / "a.md"
    draft.write_text("We leverage tutors.\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise TypeError("'list' object is not callable")

    monkeypatch.setattr(cli_module, "make_nlp", lambda: nlp)
    monkeypatch.setattr("plmsg.linter.run_rules", broken)
    monkeypatch.setattr("sys.argv", ["plmsg", "check", str(draft), "--no-cache"])
    monkeypatch.delenv("PLMSG_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stop:
        cli_module.main()
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.startswith("plmsg: internal error: TypeError: 'list' object is not callable (this is a bug")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    monkeypatch.setenv("PLMSG_DEBUG", "1")
    with pytest.raises(TypeError):
        cli_module.main()


# -- documents: Word, PDF, e-mail ------------------------------------------------------------
def sparse(path, size: int) -> None:
    with open(path, "wb") as f:
        f.truncate(size)


@pytest.mark.parametrize("name, make, message", [
    ("zip.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "is not a valid .docx file"),
    ("empty-zip.docx", lambda p: p.write_bytes(_zip({"hello.txt": "x"})), "has no word/document.xml"),
    ("locked.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
     "is password-protected or an old Word 97-2003 file"),
    ("huge.docx", lambda p: sparse(p, 200 * 2**20), "is 200.0 MB, over the 100 MB limit for a document"),
    ("locked.pdf", lambda p: p.write_bytes(pdf([["Secret plans."]], password="pw")), "is password-protected"),
    ("scan.pdf", lambda p: p.write_bytes(pdf([[]])), "has no text layer"),
    ("broken.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n garbage"), "is not a readable PDF"),
    ("attachment.eml", lambda p: p.write_bytes(mail("Form")), "has no text part to read"),
    ("old.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"), "an old Word 97-2003 document is not a draft"),
    ("note.msg", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"), "an Outlook message is not a draft"),
])
def test_a_document_that_cannot_be_read_is_one_line_and_the_rest_are_checked(cli, tmp_path, name, make, message):
    make(tmp_path / name)
    good = tmp_path / "good.txt"
    good.write_text("Students read every day with their teachers.\n", encoding="utf-8")
    result = cli("check", str(tmp_path / name), str(good), "--format", "json")
    assert result.exit_code == 2
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    error = files[str(tmp_path / name)]["error"]
    assert message in error and "\n" not in error and "Traceback" not in result.stderr
    assert files[str(good)]["error"] is None


def _zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return out.getvalue()


def test_a_word_document_of_ten_thousand_paragraphs_is_checked_in_bounded_memory(tmp_path):
    import subprocess
    import sys

    def long(document):
        for i in range(10_000):
            document.add_paragraph(f"Paragraph {i}: students read with a teacher each morning.")
    path = tmp_path / "long.docx"
    path.write_bytes(word(long))
    # the peak of the check alone, measured by a parent of its own
    probe = ("import json, resource, subprocess, sys\n"
             "out = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "print(json.dumps([out.stdout, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))")
    done = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "plmsg", "check", str(path),
                           "--format", "json", "--no-cache"], capture_output=True, text=True, cwd=tmp_path)
    report, peak_kb = json.loads(done.stdout)
    entry = json.loads(report)["files"][0]
    assert entry["error"] is None and entry["stats"]["sentences"] == 10_000
    assert entry["stats"]["words"] >= 80_000
    assert peak_kb / 1024 < 600, f"peak {peak_kb / 1024:.0f} MB"
