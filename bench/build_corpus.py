"""Build the benchmark corpus: district-style drafts, reproducible and offline.

Sentences come from the labeled drafts in tests/corpus/ and are recombined with a fixed
seed into documents of 300-700 words, in Markdown, HTML and plain text, like a district
website. The same seed gives the same corpus, byte for byte.

    python bench/build_corpus.py [--out DIR] [--docs 1200] [--seed 2026]

The default folder is plmsg-bench-corpus in the system's temporary folder, outside any
git checkout (plmsg skips files a .gitignore ignores).
"""

from __future__ import annotations

import argparse
import html
import tempfile
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from plmsg.markup import read_draft  # noqa: E402

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
TITLES = ["Family Update", "News From the Principal", "What Changes This Fall", "A Note on Learning",
          "School Board Recap", "Staff Bulletin", "Community Letter", "Questions and Answers",
          "Classroom Spotlight", "Upcoming Events", "Grading Update", "Program Overview"]


def sentences() -> list[str]:
    out = []
    for path in sorted((ROOT / "tests" / "corpus").iterdir()):
        if path.suffix not in (".md", ".html", ".txt"):
            continue
        draft = read_draft(path.name, path.read_text(encoding="utf-8"))
        for block in draft.blocks:
            if block.kind in ("paragraph", "list_item", "quote"):
                out += [s.strip() for s in SENTENCE.split(block.text) if len(s.split()) >= 4]
    return sorted(set(out))


def document(rng: random.Random, pool: list[str], n: int) -> tuple[str, str]:
    target = rng.randint(300, 700)
    title = f"{rng.choice(TITLES)} {n}"
    paragraphs, words = [], 0
    while words < target:
        para = [rng.choice(pool) for _ in range(rng.randint(2, 6))]
        words += sum(len(s.split()) for s in para)
        paragraphs.append(para)
    kind = n % 3
    if kind == 0:
        body = "\n\n".join((" ".join(p) if i % 4 != 3 else "\n".join(f"- {s}" for s in p))
                           for i, p in enumerate(paragraphs))
        return f"{n:04}.md", f"---\ntitle: {title}\n---\n# {title}\n\n{body}\n"
    if kind == 1:
        body = "\n".join(f"<p>{html.escape(' '.join(p))}</p>" for p in paragraphs)
        return f"{n:04}.html", (f"<!doctype html><html><head><title>{title}</title></head><body>\n"
                                f"<h1>{title}</h1>\n{body}\n</body></html>\n")
    return f"{n:04}.txt", f"{title}\n\n" + "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "plmsg-bench-corpus")
    parser.add_argument("--docs", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    pool = sentences()
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    total = 0
    for n in range(args.docs):
        name, text = document(random.Random(args.seed * 100_003 + n), pool, n)
        sub = args.out / f"section-{n % 20:02}"
        sub.mkdir(exist_ok=True)
        (sub / name).write_text(text, encoding="utf-8")
        total += len(text.split())
    print(f"{args.docs} documents, about {total:,} words (from {len(pool)} source sentences) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
