"""--fix, --diff and --unsafe-fixes: rewrites applied safely, and nothing lost."""

from __future__ import annotations

import codecs
import os
import stat

import pytest

from plmsg.fixes import apply_edits, choose_edits, fix_text
from plmsg.model import Finding, Fix, Severity

# The district has named its term, so the other names are safe fixes (see conftest).
pytestmark = pytest.mark.usefixtures("preferred_term")

DRAFT = "Our individualized learning plan starts in fall.\nAn individualized learning coach helps.\n"
FIXED = "Our personalized learning plan starts in fall.\nA personalized learning coach helps.\n"


def write(path, data: bytes, mode=0o644):
    path.write_bytes(data)
    os.chmod(path, mode)
    return path


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom, codec", [(b"", "utf-8"), (codecs.BOM_UTF8, "utf-8"),
                                        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_fix_keeps_encoding_bom_newlines_and_mode(cli, tmp_path, newline, bom, codec):
    path = write(tmp_path / "letter.txt", bom + DRAFT.replace("\n", newline).encode(codec), mode=0o640)
    result = cli("check", str(path), "--fix", "--select", "term-consistency")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == bom + FIXED.replace("\n", newline).encode(codec)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert "applied 2 fixes in 1 file" in result.stdout + result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["letter.txt"]  # no temporary file left


def test_windows_1252_text_is_read_and_fixed_in_its_own_encoding(cli, tmp_path):
    """What Word's "Save as Plain Text" writes: a curly apostrophe is byte 0x92."""
    draft = tmp_path / "letter.txt"
    draft.write_bytes("Teachers\u2019 notes: we will utilize the new rubric.\r\n".encode("cp1252"))
    result = cli("check", str(draft), "--format", "concise")
    assert result.exit_code == 1 and "utilize" in result.stdout
    assert f"plmsg: {draft} is Windows-1252, not UTF-8: read as Windows-1252" in result.stderr
    assert cli("check", str(draft), "--fix").exit_code == 0
    assert draft.read_bytes() == "Teachers\u2019 notes: we will use the new rubric.\r\n".encode("cp1252")


def test_a_rewrite_windows_1252_cannot_hold_is_refused(cli, tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "tick.yaml").write_text(
        "id: tick\nkind: substitution\nseverity: warning\nsummary: s\nexplain: e\nfix: safe\n"
        "message: \"'{match}': try {suggestion}\"\nswap: {checked off: [done \u2713]}\n"
        "examples: {bad: [{text: It is checked off., better: It is done.}], good: [It is done.]}\n",
        encoding="utf-8")
    (tmp_path / ".plmsg.yaml").write_text("rule_paths: [rules]\nselect: [tick]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "list.txt"
    original = "The form\u2019s first step is checked off.\n".encode("cp1252")
    draft.write_bytes(original)
    result = cli("check", "list.txt", "--fix")
    assert "plmsg: list.txt: not fixed: the rewrites hold '\u2713', which cp1252 cannot write" in result.stderr
    assert draft.read_bytes() == original


def test_a_file_that_is_neither_utf8_nor_windows_1252_names_the_byte(cli, tmp_path):
    draft = tmp_path / "odd.txt"
    draft.write_bytes(b"Caf\xe9 \x81 notes.\n")  # 0x81 is undefined in Windows-1252
    result = cli("check", str(draft), "--format", "concise")
    assert result.exit_code == 2 and "is not valid UTF-8: byte 0xe9 at offset 3" in result.stdout


def test_unchanged_file_is_not_written(cli, tmp_path):
    path = write(tmp_path / "clean.md", FIXED.encode())
    before = os.stat(path)
    assert cli("check", str(path), "--fix").exit_code in (0, 1)
    after = os.stat(path)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_write_failure_leaves_the_original(cli, tmp_path, monkeypatch):
    path = write(tmp_path / "letter.txt", DRAFT.encode())

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = cli("check", str(path), "--fix", "--format", "json")
    assert result.exit_code == 2
    assert "No space left on device" in result.stdout + result.stderr
    assert "unchanged" in result.stdout + result.stderr
    assert path.read_bytes() == DRAFT.encode()
    assert [p.name for p in tmp_path.iterdir()] == ["letter.txt"]


def test_read_only_folder_is_reported(cli, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write to a read-only folder")
    folder = tmp_path / "locked"
    folder.mkdir()
    path = write(folder / "letter.txt", DRAFT.encode())
    os.chmod(folder, 0o555)
    try:
        result = cli("check", str(path), "--fix")
        assert result.exit_code == 2 and path.read_bytes() == DRAFT.encode()
    finally:
        os.chmod(folder, 0o755)


def test_diff_prints_and_writes_nothing(cli, tmp_path):
    path = write(tmp_path / "letter.txt", DRAFT.encode())
    result = cli("check", str(path), "--diff")
    assert result.exit_code == 1
    assert f"--- a/{path}" in result.stdout and "-Our individualized learning plan" in result.stdout
    assert "+A personalized learning coach helps." in result.stdout
    assert "would be applied; nothing was written" in result.stderr
    assert path.read_bytes() == DRAFT.encode()


def test_unsafe_fixes_only_when_asked(cli, tmp_path):
    text = "This way of teaching is proven to work.\n"
    path = write(tmp_path / "a.txt", text.encode())
    cli("check", str(path), "--fix", "--select", "oversell")
    assert path.read_text() == text  # oversell's rewrite may change the meaning
    cli("check", str(path), "--fix", "--unsafe-fixes", "--select", "oversell")
    assert path.read_text() == "This way of teaching is showing early promise.\n"
    assert cli("check", str(path), "--unsafe-fixes").exit_code == 2


def test_fixes_never_touch_code_urls_or_front_matter(cli, tmp_path):
    text = ("---\nslug: individualized learning\n---\n# Individualized learning\n\n"
            "See `individualized learning` and [our page](https://x.org/individualized learning).\n\n"
            "```\nindividualized learning\n```\n\n<p title=\"individualized learning\">Individualized learning.</p>\n")
    path = write(tmp_path / "page.md", text.encode())
    cli("check", str(path), "--fix", "--select", "term-consistency")
    out = path.read_text()
    assert out.count("individualized learning") == 5  # front matter, code span, URL, fence, attribute
    assert 'title="individualized learning"' in out
    assert "# Personalized learning" in out and "Personalized learning.</p>" in out


def test_stdin_fix_prints_the_fixed_draft(cli):
    result = cli("check", "-", "--fix", "--stdin-filename", "a.txt", input=DRAFT)
    assert result.stdout == FIXED


def test_symlinks_are_not_rewritten(cli, tmp_path):
    target = write(tmp_path / "real.txt", DRAFT.encode())
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = cli("check", str(link), "--fix")
    assert "symbolic link" in result.stdout + result.stderr
    assert target.read_bytes() == DRAFT.encode() and link.is_symlink()


def _finding(start, end, replacement, applicability="safe"):
    return Finding("r", Severity.WARNING, "span", "m", start, end, "x", (replacement,),
                   Fix(start, end, replacement, applicability))


def test_choose_edits_skips_overlaps_and_unsafe():
    findings = [_finding(0, 5, "A"), _finding(3, 8, "B"), _finding(10, 12, "C", "unsafe")]
    assert [e.replacement for e in choose_edits(findings)] == ["A"]
    assert [e.replacement for e in choose_edits(findings, unsafe=True)] == ["A", "C"]
    assert apply_edits("0123456789ab", choose_edits(findings, True)) == "A56789C"


def test_fix_loop_gives_up_on_oscillation_and_at_the_limit():
    def flip(text):  # two rules that undo each other
        return [_finding(0, 1, "b" if text[0] == "a" else "a")]

    outcome = fix_text("a...", flip)
    assert outcome.text == "a..." and outcome.applied == 0 and "oscillation" in outcome.problem

    def grow(text):  # never settles
        return [_finding(0, 0, "x")]

    outcome = fix_text("start", grow, max_passes=4)
    assert outcome.text == "start" and "4 passes" in outcome.problem


def test_fix_loop_repeats_until_clean():
    def one_at_a_time(text):
        at = text.find("old")
        return [_finding(at, at + 3, "new")] if at >= 0 else []

    outcome = fix_text("old old old", one_at_a_time)
    assert outcome.text == "new new new" and outcome.applied == 3 and outcome.passes == 3
