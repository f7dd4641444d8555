"""Build the benchmark corpus: district-style drafts, reproducible and offline.

Sentences come from the labeled drafts in tests/corpus/ and are recombined with a fixed
seed into documents of 300-700 words, in Markdown, HTML and plain text, like a district
website. Each use of a sentence is varied (an opening phrase, other days, months, grades,
subjects and numbers), so that, as on a real site, few sentences repeat word for word:
plmsg parses each distinct sentence once per process, and a corpus that repeated its
sentences would flatter it. The same seed gives the same corpus, byte for byte.

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


OPENERS = ["This year, ", "At our school, ", "As before, ", "In every grade, ", "This fall, ", "This spring, ",
           "For now, ", "Once again, ", "Across the district, ", "In most classrooms, ", "Over the next month, ",
           "As we planned, ", "In our experience, ", "Since last year, ", "At each campus, ", "For this unit, ",
           "In the coming weeks, ", "Like last spring, ", "In the middle grades, ", "At the high school, "]
TAILS = [" this year", " at every school", " again this term", " for now", " as before", " this fall",
         " in every grade", " across the district", " this spring", " as planned", " in most classrooms",
         " at each campus", " over the coming weeks", " for the rest of the year", " once more"]
LEADS = {"The", "This", "These", "That", "We", "Our", "Students", "Teachers", "Families", "Parents", "Each",
         "Every", "It", "Your", "A", "An", "Some", "Most", "All", "Many", "They", "You", "There"}
SLOTS = [
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    ["January", "February", "March", "April", "May", "June", "August", "September", "October", "November",
     "December"],
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"],
    ["math", "reading", "science", "writing", "history", "art", "music"],
]
NUMBER = re.compile(r"\b\d+\b")


def vary(rng: random.Random, sentence: str) -> str:
    """One use of a sentence: the same shape, other details, sometimes an opening phrase."""
    words = sentence.split(" ")
    for i, word in enumerate(words):
        bare = word.strip(".,;:!?\"'()“”’")
        for slot in SLOTS:
            if bare in slot or bare.capitalize() in slot and bare[:1].isupper():
                swap = rng.choice(slot)
                swap = swap.capitalize() if bare[:1].isupper() else swap
                words[i] = word.replace(bare, swap)
                break
    out = NUMBER.sub(lambda m: str(rng.randint(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 1,
                                               10 ** len(m.group()) - 1)), " ".join(words))
    first = out.split(" ", 1)[0]
    if first in LEADS and rng.random() < 0.7:
        out = rng.choice(OPENERS) + out[0].lower() + out[1:]
    elif out.endswith(".") and not out.endswith("..") and rng.random() < 0.7:
        out = out[:-1] + rng.choice(TAILS) + "."
    return out


def document(rng: random.Random, pool: list[str], n: int) -> tuple[str, str]:
    target = rng.randint(300, 700)
    title = f"{rng.choice(TITLES)} {n}"
    paragraphs, words = [], 0
    while words < target:
        para = [vary(rng, rng.choice(pool)) for _ in range(rng.randint(2, 6))]
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
