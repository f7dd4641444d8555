"""Interactive review, driven by a scripted stdin."""

from __future__ import annotations

import pytest

from plmsg.review import REACH, preview

# The district has named its term, so "individualized learning plan" has one rewrite.
pytestmark = pytest.mark.usefixtures("preferred_term")

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
    after = next(line for line in result.stdout.splitlines() if "after:" in line).split("after:", 1)[1].strip()
    assert after != "Our stakeholders met."  # option 1 was taken (whatever the glossary's wording)
    assert path.read_text(encoding="utf-8") == after + "\n"


def test_nothing_to_review(cli, tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("Teachers meet with each student every week.\n", encoding="utf-8")
    result = cli("review", str(path))
    assert "no rewrites to review" in result.stdout and result.exit_code == 0


def test_interactive_needs_fix(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DRAFT, encoding="utf-8")
    assert cli("check", str(path), "--interactive").exit_code == 2


def test_input_that_ends_early_saves_what_was_accepted(cli, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = cli("review", str(path), input="a\n")  # stdin ends before the second question
    assert result.exit_code == 0, result.stderr
    assert "end of input" in result.stdout
    assert "1 rewrite accepted, 0 skipped; saved." in result.stdout
    assert path.read_text(encoding="utf-8") == \
        "We will use tutors and an individualized learning plan for our stakeholders.\n"


def test_input_that_ends_at_once_changes_nothing(cli, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = cli("check", str(path), "--fix", "--interactive", input="")
    assert result.exit_code == 0 and "0 rewrites accepted" in result.stdout
    assert path.read_text(encoding="utf-8") == DRAFT


@pytest.mark.parametrize("command", [("review",), ("check", "--fix", "--interactive")])
def test_symbolic_links_are_not_reviewed(cli, tmp_path, command):
    real = tmp_path / "real.txt"
    real.write_text(DRAFT, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    result = cli(command[0], str(link), *command[1:], input="a\na\na\n")
    assert result.exit_code == 0, result.stderr
    assert "not reviewed: is a symbolic link" in result.stdout
    assert link.is_symlink() and real.read_text(encoding="utf-8") == DRAFT


def test_an_empty_edit_asks_again_and_deletes_nothing(cli, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("This is proven to work.\n", encoding="utf-8")
    result = cli("review", str(path), input="e\n\ns\n")
    assert "replace with (leave empty to go back)" in result.stdout
    assert result.stdout.count("[a]ccept") == 2  # asked again after the empty edit
    assert "0 rewrites accepted, 1 skipped." in result.stdout
    assert path.read_text(encoding="utf-8") == "This is proven to work.\n"


def test_preview_shows_what_is_saved(cli, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = cli("review", str(path), input="s\na\nq\n")
    saved = path.read_text(encoding="utf-8").strip()
    assert saved == "We will leverage tutors and a personalized learning plan for our stakeholders."
    assert f"after:  {saved}" in result.stdout  # "a personalized", as saved, not "an personalized"


def test_preview_is_the_sentence_not_the_whole_line(cli, tmp_path):
    filler = "Our school is a calm and friendly place to learn. " * 20
    page = (f"<html><body><p>{filler}</p><p>We will leverage tutors this fall.</p>"
            f"<p>{filler}</p></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = cli("review", str(path), input="q\n")
    before = next(line for line in result.stdout.splitlines() if "before:" in line)
    after = next(line for line in result.stdout.splitlines() if "after:" in line)
    assert before == "  before: We will leverage tutors this fall."
    assert after == "  after:  We will use tutors this fall."


def test_preview_of_a_long_sentence_is_a_bounded_window():
    words = " ".join(f"word{i}" for i in range(200))
    text = f"{words} leverage {words}"
    start = text.index("leverage")
    shown = preview(text, start, start + len("leverage"))
    assert shown.startswith("…") and shown.endswith("…") and "leverage" in shown
    assert len(shown) <= 2 * REACH + len("leverage") + 2
    assert shown[1:].split()[0].startswith("word") and shown[:-1].split()[-1].startswith("word")
    wrapped = "# Note\n\nWe will\nleverage tutors. Then more.\n"
    at = wrapped.index("leverage")
    assert preview(wrapped, at, at + 8) == "We will leverage tutors."


def test_ctrl_c_stops_without_saving(linter, tmp_path):
    from click.exceptions import Abort

    from plmsg.review import review_file

    path = tmp_path / "note.txt"
    path.write_text(DRAFT, encoding="utf-8")
    answers = iter(["a"])

    def ask(text):
        for answer in answers:
            return answer
        try:  # what click.prompt does on Ctrl-C
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise Abort() from None

    with pytest.raises(KeyboardInterrupt):
        review_file(linter, path, "note.txt", None, ask=ask, say=lambda text: None)
    assert path.read_text(encoding="utf-8") == DRAFT
