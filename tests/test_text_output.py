"""The terminal renderer's rewrite labels: "fix" only for what --fix applies."""

from __future__ import annotations


def _tips(cli, path):
    out = cli("check", str(path), "--format", "text", "--no-color", "--select", "oversell,term-consistency").stdout
    return [line.strip() for line in out.splitlines() if line.strip().startswith(("fix", "try"))]


def test_unsafe_rewrite_is_labelled_unsafe(cli, tmp_path, preferred_term):
    path = tmp_path / "note.txt"
    path.write_text("This plan will ensure every student reads well. We use individualized learning.\n",
                    encoding="utf-8")
    tips = _tips(cli, path)
    assert "fix (unsafe): should help make sure every student" in tips  # needs --unsafe-fixes
    assert "fix: personalized learning" in tips  # safe: --fix applies it
    assert not any(t.startswith("fix: should help") for t in tips)
    # and --fix alone indeed leaves the unsafe one
    assert cli("check", str(path), "--fix").exit_code == 1
    assert "will ensure every student" in path.read_text(encoding="utf-8")


def test_options_are_still_try(cli, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("This approach is proven.\n", encoding="utf-8")
    tips = _tips(cli, path)
    assert tips and all(t.startswith("try: ") for t in tips)
