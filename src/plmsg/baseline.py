"""Baselines: adopt plmsg on an existing site by reporting only what is new.

A finding is remembered by its file, rule, matched text and a few words around it, never
by its line number, so editing above a known finding does not bring it back, while the
same phrase written again somewhere else is new. Identical fingerprints are counted, so
a second copy of a known problem in the same file is reported.

Paths in a baseline are relative to the folder the baseline file is in (format 2), so
the same findings match whichever folder plmsg runs from: `plmsg check content
--baseline plmsg-baseline.json` at the top of a repository and `plmsg check .
--baseline ../plmsg-baseline.json` inside `content/` agree. Format 1 baselines, written
by earlier versions, hold paths relative to the folder plmsg ran from; they are still
read that way (relative to the current folder), and --write-baseline writes format 2.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Sequence

from .files import replacing
from .model import Finding

VERSION = 2
READABLE = (1, 2)  # 1: paths relative to the current folder; 2: to the baseline's folder
_WORD = re.compile(r"\w+")
CONTEXT_WORDS = 4


class BaselineError(Exception):
    pass


def _key_path(path: str) -> str:
    """A file's path as fingerprints hold it while plmsg runs: absolute, links resolved."""
    try:
        return Path(path).resolve().as_posix()
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def _stored(key: str, anchor: Path) -> str:
    """An absolute key path as the baseline file stores it: relative to `anchor`."""
    try:
        return Path(os.path.relpath(key, anchor)).as_posix()
    except ValueError:  # another drive (Windows): keep it absolute
        return key


def fingerprint(path: str, source: str, f: Finding) -> tuple[str, str, str, str]:
    if f.scope == "document":
        return (_key_path(path), f.rule, "", "")
    # A few words on each side, from the finding's own line only: lines that move keep
    # their fingerprint, and an edit elsewhere in the draft does not disturb it.
    line_start = max(source.rfind("\n", 0, f.start), source.rfind("\r", 0, f.start)) + 1
    ends = [i for i in (source.find("\n", f.end), source.find("\r", f.end)) if i >= 0]
    line_end = min(ends) if ends else len(source)
    before = _WORD.findall(source[line_start:f.start])[-CONTEXT_WORDS:]
    after = _WORD.findall(source[f.end:line_end])[:CONTEXT_WORDS]
    text = " ".join(f.text.split()).lower()
    context = " ".join(before).lower() + " | " + " ".join(after).lower()
    return (_key_path(path), f.rule, text, context)


def write_baseline(path: Path, results: Sequence) -> int:
    anchor = _anchor(path)
    entries = []
    for r in results:
        if r.error:
            continue
        for f in r.findings:
            file, rule, text, context = fingerprint(r.path, r.source, f)
            entries.append({"path": _stored(file, anchor), "rule": rule, "text": text, "context": context})
    entries.sort(key=lambda e: (e["path"], e["rule"], e["text"], e["context"]))
    data = {"plmsg_baseline": VERSION, "findings": entries}
    with replacing(path) as out:
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return len(entries)


def load_baseline(path: Path) -> Counter:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}: the baseline is not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or type(data.get("plmsg_baseline")) is not int or \
            data["plmsg_baseline"] not in READABLE or \
            not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a plmsg baseline (expected plmsg_baseline: {VERSION} and findings)")
    anchor = _anchor(path) if data["plmsg_baseline"] >= 2 else Path.cwd()
    known: Counter = Counter()
    for i, e in enumerate(data["findings"]):
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("path", "rule", "text", "context")):
            raise BaselineError(f"{path}: finding {i + 1} needs path, rule, text and context")
        known[(_key_path(os.path.join(anchor, e["path"])), e["rule"], e["text"], e["context"])] += 1
    return known


def _anchor(baseline: Path) -> Path:
    """The folder a baseline's paths are relative to: the one the baseline file is in."""
    return Path(os.path.abspath(baseline)).parent.resolve()


def filter_known(results: Sequence, known: Counter) -> tuple[list, int]:
    """Drop the findings the baseline knows; returns the results and how many were hidden.

    Exact fingerprints are matched first; what is left is matched on file, rule and text
    alone, so a known finding whose line was edited around it stays known, while a new
    copy of the phrase (one more than the baseline has) is reported.
    """
    exact = Counter(known)
    keyed = []
    for r in results:
        keyed.append([(f, fingerprint(r.path, r.source, f)) for f in r.findings] if not r.error else [])
    matched: set[int] = set()
    for items in keyed:
        for f, key in items:
            if exact[key] > 0:
                exact[key] -= 1
                matched.add(id(f))
    loose = Counter()
    for key, n in exact.items():
        if n > 0:
            loose[key[:3]] += n
    for items in keyed:
        for f, key in items:
            if id(f) not in matched and loose[key[:3]] > 0:
                loose[key[:3]] -= 1
                matched.add(id(f))
    out = []
    for r, items in zip(results, keyed):
        out.append(r if r.error else r.with_findings(f for f, _ in items if id(f) not in matched))
    return out, len(matched)
