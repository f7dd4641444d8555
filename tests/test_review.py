"""Interactive review, driven by a scripted stdin."""

from __future__ import annotations

DRAFT = "We will leverage tutors and an individualized learning plan for our stakeholders.\n"


def test_choose_accept_and_edit(cli, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = cli("review", str(path), input="2\na\ne\nfamilies\n")
    assert result.exit_code == 0, result.stderr
    assert "before: We will leverage tutors" in result.stdout
    assert "after:  We will use tutors" in result.stdout
    assert "options: 1) use  2) build on" in result.stdout
    assert "3 rewrites accepted, 0 skipped; saved." in result.stdout
    assert path.read_text(encoding="utf-8") == \
        "We will build on tutors and a personalized learning plan for our families.\n"


def test_skip_and_quit_save_what_was_accepted(cli, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = cli("review", str(path), input="s\na\nq\n")
    assert "1 rewrite accepted, 1 skipped; saved." in result.stdout
    assert path.read_text(encoding="utf-8") == \
        "We will leverage tutors and a personalized learning plan for our stakeholders.\n"


def test_quit_at_once_changes_nothing(cli, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(DRAFT, encoding="utf-8")
    before = path.stat().st_mtime_ns
    result = cli("check", str(path), "--fix", "--interactive", input="q\n")
    assert result.exit_code == 0 and "0 rewrites accepted" in result.stdout
    assert path.read_text(encoding="utf-8") == DRAFT and path.stat().st_mtime_ns == before


def test_unclear_answers_are_asked_again(cli, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Our stakeholders met.\n", encoding="utf-8")
    result = cli("review", str(path), input="maybe\n9\n1\n")
    assert result.stdout.count("please answer") == 2
    assert path.read_text(encoding="utf-8") == "Our family or community members met.\n"


def test_nothing_to_review(cli, tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("Teachers meet with each student every week.\n", encoding="utf-8")
    result = cli("review", str(path))
    assert "no rewrites to review" in result.stdout and result.exit_code == 0


def test_interactive_needs_fix(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DRAFT, encoding="utf-8")
    assert cli("check", str(path), "--interactive").exit_code == 2
