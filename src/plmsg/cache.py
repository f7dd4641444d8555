"""A content-addressed cache of results, so an unchanged file costs almost nothing.

The key covers the file's text and name, the effective configuration, every rule,
glossary and profile file, and the plmsg and spaCy model versions: change any of them
and the entry is simply not found. Entries are JSON (never pickles: a cache folder is
not trusted to hold code), written to a temporary file and renamed into place, so
concurrent runs and crashes leave either a whole entry or none; an entry that cannot be
read is ignored and rebuilt.

An entry is one line of JSON, then, when the run wrote the JSON report, a second line: the
file's entry in that report, as written (`"entry"`). It is kept out of the first line
because decoding it there, a string full of escaped quotes, costs more than rendering it;
the first line holds its checksum, so a damaged one is rebuilt too.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .files import replacing
from .model import SEVERITY_OF, Finding, Fix

FORMAT = 2


def digest(*parts: Any) -> str:
    """A hash of the parts: bytes as they are, text as UTF-8, anything else as JSON; each
    part tagged with its kind and length, so no two lists of parts hash alike."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            kind, data = b"b", part
        elif isinstance(part, str):
            kind, data = b"s", part.encode("utf-8", "surrogatepass")
        else:
            kind, data = b"j", json.dumps(part, sort_keys=True, default=str).encode()
        h.update(kind + len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._root = str(self.folder)
        try:  # keep the cache out of version control, as other linters do
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# written by plmsg\n*\n", encoding="utf-8")
        except OSError:
            pass

    def _path(self, key: str) -> str:
        return f"{self._root}{os.sep}{key[:2]}{os.sep}{key[2:]}.json"

    def get(self, key: str) -> dict | None:
        try:
            with open(self._path(key), encoding="utf-8") as file:
                head, _, entry = file.read().partition("\n")
            data = json.loads(head)
        except (OSError, ValueError):
            return None  # missing, half-written by a crash, or corrupt: rebuild it
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        if entry:
            entry = entry[:-1]
            if data.get("entry_sum") != _checksum(entry):
                return None
            data["entry"] = entry
        return data

    def put(self, key: str, value: dict) -> None:
        path = Path(self._path(key))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            entry = value.get("entry")
            head = {"format": FORMAT, **{k: v for k, v in value.items() if k != "entry"}}
            if entry is not None:
                head["entry_sum"] = _checksum(entry)
            with replacing(path) as out:
                json.dump(head, out, ensure_ascii=False)
                if entry is not None:
                    out.write("\n" + entry + "\n")
        except OSError:
            pass  # a cache that cannot be written is only a slower run


def _checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


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
