"""Command-line paths → the draft files to check, in a stable order.

Folders are walked for draft suffixes. Hidden folders, node_modules and virtual
environments are skipped, symlink loops are cut, and inside a git repository the files
.gitignore ignores are left out. Config and --exclude globs apply to every file, named or
found; otherwise a path named on the command line is always checked (a missing one is
passed on, so the run can report it).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .markup import READS, SUFFIXES
from .settings import Settings

SKIP_DIRS = {"node_modules", "__pycache__", "venv", ".venv", "site-packages"}


class DiscoveryError(Exception):
    """A problem with --changed-since: not a git repository, or an unknown ref."""


@dataclass
class Skipped:
    """What a walk left out, to say so when nothing was checked."""

    by_suffix: Counter = field(default_factory=Counter)  # files that are not drafts, by suffix
    excluded: int = 0  # by config `exclude:` or --exclude
    ignored: int = 0  # by .gitignore
    reviews: int = 0  # reviewed copies that --annotate wrote (NAME.plmsg.docx)
    named_excluded: list[str] = field(default_factory=list)  # files named on the command line

    def summary(self) -> str:
        parts = []
        if self.by_suffix:
            kinds = ", ".join(f"{n} {s or '(no suffix)'}" for s, n in sorted(self.by_suffix.items(),
                                                                              key=lambda kv: (-kv[1], kv[0])))
            parts.append(f"{kinds} (not drafts: plmsg reads {READS})")
        if self.excluded:
            parts.append(f"{self.excluded} excluded by config or --exclude")
        if self.ignored:
            parts.append(f"{self.ignored} ignored by git")
        if self.reviews:
            parts.append(f"{self.reviews} reviewed cop{'ies' if self.reviews != 1 else 'y'} written by --annotate")
        if self.named_excluded:
            parts.append(f"{len(self.named_excluded)} named but excluded by config or --exclude")
        return "; ".join(parts) if parts else "no files at all"


def expand(paths: list[str], settings: Settings, exclude: Iterable[str] = (),
           skipped: Skipped | None = None) -> Iterator[tuple[str, Path | None]]:
    """(display name, path) of each draft to check; what was left out goes to `skipped`."""
    exclude = tuple(exclude)
    skipped = skipped if skipped is not None else Skipped()

    def excluded(file: Path) -> bool:
        return settings.excluded(str(file)) or _matches(settings, file, exclude)

    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
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
                    if name.startswith((".", "~$")):  # hidden files; Word's lock files
                        continue
                    if name.lower().endswith(".plmsg.docx"):
                        skipped.reviews += 1
                        continue
                    if not name.lower().endswith(SUFFIXES):
                        skipped.by_suffix[Path(name).suffix.lower()] += 1
                        continue
                    file = Path(folder) / name
                    if excluded(file):
                        skipped.excluded += 1
                    else:
                        found.append(file)
            ignored = git_ignored(path, found)
            skipped.ignored += len(ignored)
            for file in sorted(set(found) - ignored):
                yield str(file), file
        elif raw == "-" or not excluded(path):
            # Excludes apply to named files too (ruff's --force-exclude, always on): tools
            # such as pre-commit name every file, and `exclude:` must hold for them as well.
            yield raw, path
        else:
            skipped.named_excluded.append(raw)


def _matches(settings: Settings, file: Path, globs: tuple[str, ...]) -> bool:
    return bool(globs) and settings.matches(str(file), globs)


def git_ignored(folder: Path, files: list[Path]) -> set[Path]:
    """Files that .gitignore ignores.

    Each file is asked about in the git work tree that really holds it, so a symlinked
    folder that leads out of the repository (or into another one) neither switches
    .gitignore off for the rest of the run nor escapes its own repository's rules; a file
    in no work tree is not ignored. A file reached through a symbolic link the repository
    ignores (the link itself, as git sees it) is ignored too.
    """
    if not files:
        return set()
    trees = _WorkTrees()
    asked: dict[Path, set[Path]] = {}  # work tree → the real paths to ask it about
    hidden_by: dict[Path, list[Path]] = {}  # file → real paths that, when ignored, hide it
    folders: dict[Path, tuple[Path, list[Path]]] = {}  # folder → (its real path, links on the way)
    for file in files:
        where = folders.get(file.parent)
        if where is None:
            where = folders[file.parent] = (file.parent.resolve(), _links_on_the_way(folder, file.parent))
        real, links = where
        if file.is_symlink():
            paths = [file.resolve(), real / file.name, *links]
        else:
            paths = [real / file.name, *links]
        hidden_by[file] = paths
        for p in paths:
            top = trees.top(p.parent)
            if top is not None:
                asked.setdefault(top, set()).add(p)
    ignored: set[Path] = set()
    for top, paths in asked.items():
        ignored |= _check_ignore(top, paths)
    return {f for f, paths in hidden_by.items() if any(p in ignored for p in paths)}


def _links_on_the_way(folder: Path, file: Path) -> list[Path]:
    """The symbolic links between the walked folder and a file (the file included), each as
    the link's own real path: its folder resolved, its name kept."""
    links = []
    for p in [file, *file.parents]:
        if p == folder or p in folder.parents:
            break
        if p.is_symlink():
            links.append(p.parent.resolve() / p.name)
    return links


class _WorkTrees:
    """Which git work tree holds a folder: the nearest folder at or above it with a `.git`
    entry, as git itself looks for it (a submodule or nested repository is its own tree).
    Remembered per folder, so a walk costs a few stat calls and no subprocess."""

    def __init__(self) -> None:
        self._tops: dict[Path, Path | None] = {}

    def top(self, folder: Path) -> Path | None:
        if folder in self._tops:
            return self._tops[folder]
        visited, top = [], None
        for d in (folder, *folder.parents):
            if d in self._tops:
                top = self._tops[d]
                break
            visited.append(d)
            if (d / ".git").exists():
                top = d
                break
        for d in visited:
            self._tops[d] = top
        return top


def _check_ignore(top: Path, paths: set[Path]) -> set[Path]:
    """Which of `paths` (all inside the work tree `top`) its .gitignore files ignore."""
    try:
        proc = subprocess.run(["git", "check-ignore", "--stdin", "-z"], cwd=top,
                              input="\0".join(str(p) for p in sorted(paths)) + "\0",
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode not in (0, 1):
        return set()
    ignored = {Path(p) for p in proc.stdout.split("\0") if p}
    return ignored & paths


def changed_since(ref: str, cwd: Path | None = None) -> set[Path]:
    """Draft files changed since a git ref: committed, staged, unstaged and untracked."""
    cwd = cwd or Path.cwd()

    def git(*args: str) -> str:
        try:
            proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            raise DiscoveryError(f"--changed-since needs git: {exc}") from None
        if proc.returncode != 0:
            raise DiscoveryError(f"--changed-since {ref}: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'git failed'}")
        return proc.stdout

    top = Path(git("rev-parse", "--show-toplevel").strip())
    git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    names = git("diff", "--name-only", "-z", "--diff-filter=ACMR", ref, "--").split("\0")
    names += git("ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return {(top / n).resolve() for n in names if n}


def parse_shard(value: str) -> tuple[int, int]:
    """"2/4" → (2, 4): the second of four slices, counted from 1."""
    try:
        k, n = (int(x) for x in value.split("/"))
    except ValueError:
        raise ValueError(f"expected K/N such as 1/4, got {value!r}") from None
    if not (n >= 1 and 1 <= k <= n):
        raise ValueError(f"K must be between 1 and N, got {value!r}")
    return k, n


def in_shard(name: str, k: int, n: int) -> bool:
    """Whether a file belongs to slice k of n. The slice depends only on the file's path as
    given, so every runner of a CI matrix agrees, whatever order files are found in."""
    digest = hashlib.sha256(Path(name).as_posix().encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1
