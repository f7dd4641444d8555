"""The pre-commit hook, run by the real pre-commit against this checkout. pre-commit builds
the hook's environment from the package index, so this test skips when pip cannot reach it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BAD = "# Update\n\nWe will leverage our stakeholders to deliver individualized learning.\n"
GOOD = "# Update\n\nTeachers will meet with each student every week to set a reading goal.\n"


def _git(*args, cwd, env):
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def head():
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout.strip()
    except subprocess.CalledProcessError:
        pytest.skip("this checkout has no commit for pre-commit to install")


def readme_hook_config(head: str) -> str:
    """The README's pre-commit block, pointed at this checkout."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "id: plmsg" in b)
    assert "repo: https://github.com/<owner>/plmsg" in block and "rev: <ref>" in block
    return block.replace("https://github.com/<owner>/plmsg", str(ROOT)).replace("<ref>", head)


@pytest.mark.network
def test_hook_fails_on_findings_then_passes(tmp_path, head, package_index):
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    env.pop("VIRTUAL_ENV", None)
    repo = tmp_path / "site"
    repo.mkdir()
    _git("init", "-q", cwd=repo, env=env)
    (repo / ".pre-commit-config.yaml").write_text(readme_hook_config(head), encoding="utf-8")
    draft = repo / "letter.md"
    draft.write_text(BAD, encoding="utf-8")
    (repo / "tool.py").write_text("leverage = 1\n", encoding="utf-8")  # not a draft: never linted
    # pre-commit names each file; the config's exclude globs still apply to them
    (repo / ".plmsg.yaml").write_text("exclude: ['archive/**']\n", encoding="utf-8")
    (repo / "archive").mkdir()
    (repo / "archive" / "old.md").write_text(BAD, encoding="utf-8")
    _git("add", ".", cwd=repo, env=env)
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    failed = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "letter.md:3:9: warning jargon" in failed.stdout
    assert "tool.py" not in failed.stdout and "archive/old.md:" not in failed.stdout  # not checked...
    assert "archive/old.md is excluded by config" in failed.stdout  # ...and said so, in one line
    assert "skipped" not in failed.stdout  # the model came with additional_dependencies: every rule ran
    draft.write_text(GOOD, encoding="utf-8")
    _git("add", ".", cwd=repo, env=env)
    passed = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert Path(repo / "letter.md").read_text(encoding="utf-8") == GOOD
