"""Command-line paths → the draft files to check, in a stable order."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from .markup import SUFFIXES
from .settings import Settings

SKIP_DIRS = {"node_modules", "__pycache__", "venv", ".venv", "site-packages"}


def expand(paths: list[str], settings: Settings) -> Iterator[tuple[str, Path | None]]:
    """(display name, path) for each file to check; a missing path is passed through so the
    run can report it. Folders are walked for draft suffixes, skipping hidden folders."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            seen: set[tuple[int, int]] = set()
            for folder, dirs, files in os.walk(path, followlinks=True):
                st = os.stat(folder)
                if (st.st_dev, st.st_ino) in seen:  # a symlink loop
                    dirs[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
                for name in files:
                    if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                        file = Path(folder) / name
                        if not settings.excluded(str(file)):
                            found.append(file)
            for file in sorted(found):
                yield str(file), file
        else:
            yield raw, path
