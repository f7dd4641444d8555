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


@pytest.fixture
def preferred_term(tmp_path_factory, monkeypatch):
    """Run from a folder whose config names the district's term, "personalized learning",
    as `plmsg init` writes it: every other name of the approach is then a safe fix."""
    folder = tmp_path_factory.mktemp("district")
    (folder / ".plmsg.yaml").write_text("preferred_term: personalized learning\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    return "personalized learning"
