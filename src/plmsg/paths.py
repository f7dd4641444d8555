"""Where plmsg's shipped data is: the built-in rules, glossary, audiences, principles and
English word lists."""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def data_dir() -> Path:
    """Inside the installed package, or, in a source checkout, at the repository root."""
    packaged = Path(str(importlib.resources.files("plmsg"))) / "data"
    if (packaged / "rules").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]
