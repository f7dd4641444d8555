"""A content-addressed cache of results, so an unchanged file costs almost nothing.

The key covers the file's text and name, the effective configuration, every rule,
glossary and profile file, and the plmsg and spaCy model versions: change any of them
and the entry is simply not found. Entries are JSON (never pickles: a cache folder is
not trusted to hold code), written to a temporary file and renamed into place, so
concurrent runs and crashes leave either a whole entry or none; an entry that cannot be
read is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .model import SEVERITY_OF, Finding, Fix

FORMAT = 1


def digest(*parts: Any) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        try:  # keep the cache out of version control, as other linters do
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# written by plmsg\n*\n", encoding="utf-8")
        except OSError:
            pass

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> dict | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # missing, half-written by a crash, or corrupt: rebuild it
        return data if isinstance(data, dict) and data.get("format") == FORMAT else None

    def put(self, key: str, value: dict) -> None:
        from .files import replacing

        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(path) as out:
                json.dump({"format": FORMAT, **value}, out, ensure_ascii=False)
        except OSError:
            pass  # a cache that cannot be written is only a slower run


def findings_to_json(findings) -> list[dict]:
    out = []
    for f in findings:
        d = asdict(f)
        d["severity"] = f.severity.value
        out.append(d)
    return out


def findings_from_json(items: list[dict]) -> tuple[Finding, ...]:
    out = []
    for d in items:
        fix = Fix(**d["fix"]) if d.get("fix") else None
        out.append(Finding(rule=d["rule"], severity=SEVERITY_OF[d["severity"]], scope=d["scope"],
                           message=d["message"], start=d["start"], end=d["end"], text=d["text"],
                           suggestions=tuple(d["suggestions"]), fix=fix, replaces=d.get("replaces", False)))
    return tuple(out)
