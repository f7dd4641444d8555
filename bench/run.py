"""Benchmark plmsg against spaCy's own throughput and against proselint, in one run.

    python bench/run.py [--runs 3] [--corpora own,news,speeches] [--docs 1200]
                        [--skip-proselint] [--out bench/RESULTS.md]

Corpora: own (bench/build_corpus.py: plmsg's labeled drafts recombined), and two of real
prose nobody here wrote (bench/real_corpora.py: BBC News articles; State of the Union
addresses). Measures, over each corpus:
  (a) spaCy's tokenizer alone over the drafts' prose: the floor
  (b) spaCy's tok2vec + tagger + parser over the same prose (nlp.pipe)
  (b') the same pipeline with its matrix products on numpy's BLAS, as plmsg loads it
  (c) plmsg check --format json, cold: no cache, one job
  (d) the same with --jobs 2
  (e) a warm re-run with the cache
  (f) a warm re-run after editing 1% of the files
  (g) one small draft just edited, end to end (and with --no-cache), against importing
      spaCy and loading the model alone
  (h) proselint over the same files (installed into a temporary venv by name)
(b) to (h) are measured once per round and corpus, for --runs rounds, so each ratio compares
figures taken minutes apart (this machine's load comes in bursts); walls are medians over
the rounds, ratios the medians of each round's ratio. Words are the prose words plmsg
counts. The targets must hold on the worst corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
# One BLAS thread, as plmsg runs: (b') measures one core, like (b) and (c).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


# A small launcher measures the command: a child forked straight from this (large)
# process would report this process's memory as its own peak.
LAUNCHER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def timed(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of the command (for a process pool, its largest process)."""
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], env=env, cwd=cwd, capture_output=True,
                         text=True, check=True).stdout.split()
    wall, rss, code = float(out[0]), int(out[1]), int(out[2])
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited with {code}")
    return wall, rss // 1024


def prose_texts(corpus: Path) -> list[str]:
    from plmsg.markup import read_draft

    texts = []
    for path in sorted(corpus.rglob("*")):
        if path.is_file():
            draft = read_draft(path.name, path.read_text(encoding="utf-8"))
            texts += [b.text for b in draft.blocks]
    return texts


def blis_configuration() -> str:
    """The kernel BLIS picks on this CPU: "generic" is its portable C code, which is what
    makes (b) slower than (b')."""
    probe = "import numpy, blis.py; x = numpy.ones((8, 8), dtype='float32'); blis.py.gemm(x, x)"
    out = subprocess.run([sys.executable, "-c", probe], env={**os.environ, "BLIS_ARCH_DEBUG": "1"},
                         capture_output=True, text=True)
    found = [line.split("'")[1] for line in out.stderr.splitlines() if "sub-configuration" in line and "'" in line]
    return found[-1] if found else "unknown"


def in_process(label: str, fn, runs: int) -> float:
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
    print(f"  {label}: {statistics.median(walls):.2f} s", flush=True)
    return statistics.median(walls)


CORPORA = ("own", "news", "speeches")
TARGETS = {"c/b": ("≥ 3", lambda v: v >= 3), "d/c": ("≥ 1.7", lambda v: v >= 1.7),
           "e/c": ("≤ 0.05", lambda v: v <= 0.05), "d/h": ("≥ 1.5", lambda v: v >= 1.5)}


class Corpus:
    """One corpus under measurement: its files (a copy, since (f) edits some), its prose,
    and each measurement's value in each round."""

    def __init__(self, name: str, folder: Path, about: str) -> None:
        from plmsg.nlp import NLP
        from plmsg.sentences import split_sentences

        self.name, self.folder, self.about = name, folder, about
        self.files = sorted(p for p in folder.rglob("*") if p.is_file())
        self.texts = prose_texts(folder)
        counter = NLP(use_model=False)
        self.words = sum(s.words for d in counter.tokenize_many(self.texts) for s in split_sentences(d))
        self.series: dict[str, list[float]] = {k: [] for k in "b b' c d e f h".split()}
        self.rss = {"c": 0, "d": 0, "e": 0}
        self.a = 0.0
        count = max(1, len(self.files) // 100)
        self.edited = self.files[:: max(1, len(self.files) // count)][:count]
        self.edits = 0

    def edit_one_percent(self) -> None:
        self.edits += 1
        for path in self.edited:
            with open(path, "a", encoding="utf-8") as out:
                out.write(f"\nThis note was updated (round {self.edits}).\n")

    def median(self, key: str) -> float | None:
        return statistics.median(self.series[key]) if self.series[key] else None

    def paired(self, fn, *keys) -> float | None:
        """The median over the rounds of a figure computed within each round."""
        if not all(self.series[k] for k in keys):
            return None
        return statistics.median(fn(*values) for values in zip(*(self.series[k] for k in keys)))

    def ratios(self) -> dict[str, float | None]:
        return {"c/b": self.paired(lambda b, c: b / c, "b", "c"),
                "c/b'": self.paired(lambda b, c: b / c, "b'", "c"),
                "c/a": self.a / self.median("c"),
                "d/c": self.paired(lambda c, d: c / d, "c", "d"),
                "e/c": self.paired(lambda c, e: e / c, "c", "e"),
                "d/h": self.paired(lambda d, h: h / d, "d", "h")}


def build_corpora(names: list[str], work: Path, docs: int) -> list[Corpus]:
    """Each corpus copied into the work folder; a corpus that cannot be built stops the
    run with one line (real_corpora never leaves half of one behind)."""
    import real_corpora

    out = []
    for name in names:
        if name == "own":
            folder = work / "own"
            subprocess.run([sys.executable, str(ROOT / "bench" / "build_corpus.py"), "--out", str(folder),
                            "--docs", str(docs)], check=True, stdout=subprocess.DEVNULL)
            about = f"{docs} generated district drafts (Markdown, HTML, text) from `bench/build_corpus.py`"
        else:
            source = real_corpora.SOURCES[name]
            try:
                built = real_corpora.build(source, real_corpora.default_out())
            except (real_corpora.BuildError, OSError) as exc:
                raise SystemExit(f"bench: cannot build the {name} corpus: {exc}") from None
            folder = work / name
            shutil.copytree(built, folder, ignore=shutil.ignore_patterns(real_corpora.DONE))
            about = f"{source.about}, from `{source.package}` {source.version} (`bench/real_corpora.py`)"
        out.append(Corpus(name, folder, about))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs", type=int, default=1200, help="drafts in the generated corpus")
    parser.add_argument("--corpora", default=",".join(CORPORA),
                        help=f"which corpora, comma-separated (default: {','.join(CORPORA)})")
    parser.add_argument("--skip-proselint", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    names = [n.strip() for n in args.corpora.split(",") if n.strip()]
    if not names or any(n not in CORPORA for n in names):
        parser.error(f"--corpora takes some of {', '.join(CORPORA)}")

    # Time plmsg as it runs once installed: pip writes the bytecode of an installed package,
    # while a checkout under PYTHONDONTWRITEBYTECODE=1 would compile its sources every run.
    import compileall

    compileall.compile_dir(str(ROOT / "src" / "plmsg"), quiet=1)

    work = Path(tempfile.mkdtemp(prefix="plmsg-bench-"))
    try:
        return measure(args, names, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args, names: list[str], work: Path) -> int:
    corpora = build_corpora(names, work, args.docs)
    for corpus in corpora:
        print(f"{corpus.name}: {len(corpus.files)} files, {corpus.words:,} prose words", flush=True)

    import spacy

    from plmsg.nlp import MODEL_NAMES

    blank = spacy.blank("en")
    for corpus in corpora:
        corpus.a = in_process(f"(a) tokenizer, {corpus.name}", lambda: [blank.make_doc(t) for t in corpus.texts],
                              args.runs)
    model = next(n for n in MODEL_NAMES if spacy.util.is_package(n))
    full = spacy.load(model, exclude=["ner", "attribute_ruler", "lemmatizer", "senter"])
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        full_numpy = spacy.load(model, exclude=["ner", "attribute_ruler", "lemmatizer", "senter"])
    blis_kernel = blis_configuration()

    out_json = work / "out.json"
    env = {**os.environ, "PLMSG_CACHE_DIR": str(work / "cache")}
    env.pop("GITHUB_ACTIONS", None)

    def plmsg(corpus: Corpus) -> list[str]:
        return [sys.executable, "-m", "plmsg", "check", str(corpus.folder), "--format", "json",
                "--output", str(out_json)]

    def check_report(corpus: Corpus) -> None:  # a run that measured a crash measured nothing
        report = json.loads(out_json.read_text(encoding="utf-8"))
        errors = [f["error"] for f in report["files"] if f["error"]]
        if len(report["files"]) != len(corpus.files) or errors:
            raise SystemExit(f"plmsg did not check the {corpus.name} corpus cleanly: {errors[:3]}")

    # (g) is what a pre-commit hook or an editor sees: a draft that was just edited (so its
    # result is not cached), with the start-up data plmsg keeps beside the cache present
    # from earlier runs. (g0) has no cache at all: a first run on a new machine.
    small = work / "family-letter.md"
    shutil.copy(ROOT / "examples" / "family-letter.md", small)

    def edit_small():
        with open(small, "a", encoding="utf-8") as out:
            out.write("\nThank you for reading.\n")

    proselint = None
    if not args.skip_proselint:
        venv = work / "proselint-venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        installed = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "proselint"],
                                   capture_output=True, text=True)
        if installed.returncode:
            raise SystemExit("bench: pip could not install proselint (is the package index reachable? "
                             "--skip-proselint measures without it)")
        proselint = [str(venv / "bin" / "proselint"), "-o", "compact", "check"]

    for corpus in corpora:
        timed(plmsg(corpus), env)  # fill the cache for (e) and (f); (c) and (d) do not use it
    # Every measurement is taken once per round, and the rounds repeat: a ratio compares
    # figures taken minutes apart, not a quarter of an hour apart, so a burst of load on
    # this shared machine lands on both sides of it. Ratios are medians over the rounds.
    small_series: dict[str, list[float]] = {"g": [], "g0": [], "load": []}
    g_rss = 0
    for round_ in range(1, args.runs + 1):
        print(f"round {round_} of {args.runs}", flush=True)
        for corpus in corpora:
            series = corpus.series
            start = time.perf_counter()
            list(full.pipe(corpus.texts, batch_size=256))
            series["b"].append(time.perf_counter() - start)
            start = time.perf_counter()
            list(full_numpy.pipe(corpus.texts, batch_size=256))
            series["b'"].append(time.perf_counter() - start)
            for key, jobs in (("c", "1"), ("d", "2")):
                wall, rss = timed(plmsg(corpus) + ["--no-cache", "--jobs", jobs], env)
                check_report(corpus)
                series[key].append(wall)
                corpus.rss[key] = max(corpus.rss[key], rss)
            wall, rss = timed(plmsg(corpus), env)
            series["e"].append(wall)
            corpus.rss["e"] = max(corpus.rss["e"], rss)
            corpus.edit_one_percent()
            series["f"].append(timed(plmsg(corpus), env)[0])
            if proselint:
                series["h"].append(timed(proselint + [str(corpus.folder)])[0])
            print(f"  {corpus.name}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in series.items() if v), flush=True)
        edit_small()
        wall, rss = timed([sys.executable, "-m", "plmsg", "check", str(small)], env)
        small_series["g"].append(wall)
        g_rss = max(g_rss, rss)
        small_series["g0"].append(timed([sys.executable, "-m", "plmsg", "check", str(small), "--no-cache"], env)[0])
        small_series["load"].append(
            timed([sys.executable, "-c", f"import spacy; spacy.load({model!r}, exclude=['ner'])"])[0])
        print("  small draft: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in small_series.items()), flush=True)

    write_results(args, corpora, small_series, g_rss, full.pipe_names, model, blis_kernel, spacy.__version__)
    return 0


def write_results(args, corpora: list[Corpus], small: dict[str, list[float]], g_rss: int, pipes: list[str],
                  model: str, blis_kernel: str, spacy_version: str) -> None:
    names = [c.name for c in corpora]
    head = "| | " + " | ".join(names) + " |"
    rule = "|---|" + "---:|" * len(names)
    lines = [
        "# Benchmark results", "",
        f"Measured by `python bench/run.py --runs {args.runs}` on {os.cpu_count()} cores "
        f"({platform.machine()}, Python {platform.python_version()}, spaCy {spacy_version}, "
        f"model {model}, BLIS kernel {blis_kernel}); {args.runs} rounds.", "",
        "Corpora:", "",
    ]
    lines += [f"- **{c.name}**: {c.about}; {len(c.files):,} files, {c.words:,} prose words." for c in corpora]

    def wps(c: Corpus, seconds):
        return f"{c.words / seconds:,.0f}" if seconds else "n/a"

    rows = [("(a) spaCy tokenizer alone", "a"), ("(b) spaCy " + " + ".join(pipes), "b"),
            ("(b') the same on numpy's BLAS, as plmsg loads it", "b'"),
            ("(c) plmsg cold, no cache, 1 job", "c"), ("(d) plmsg cold, no cache, --jobs 2", "d"),
            ("(e) plmsg warm (cache)", "e"), ("(f) plmsg warm, 1% of the files edited", "f"),
            ("(h) proselint 0.16 (regex only)", "h")]
    lines += ["", "Wall time in seconds (words per second):", "", "| measurement " + head[1:], rule]
    for label, key in rows:
        cells = []
        for c in corpora:
            secs = c.a if key == "a" else c.median(key)
            cells.append(f"{secs:.2f} ({wps(c, secs)})" if secs else "n/a")
        if key != "h" or any(c.series["h"] for c in corpora):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "Peak RSS of the largest process (MB):", "", "| command " + head[1:], rule]
    for label, key in (("(c) cold, 1 job", "c"), ("(d) cold, --jobs 2 (largest worker)", "d"), ("(e) warm", "e")):
        lines.append(f"| {label} | " + " | ".join(str(c.rss[key]) for c in corpora) + " |")

    ratios = {c.name: c.ratios() for c in corpora}
    labels = [("c/b", "plmsg cold vs spaCy's tok2vec + tagger + parser"),
              ("c/b'", "the same, both on numpy's BLAS"), ("c/a", "plmsg cold vs the tokenizer alone"),
              ("d/c", "--jobs 2 speed-up"), ("e/c", "warm re-run as a share of cold wall time"),
              ("d/h", "plmsg --jobs 2 vs proselint, words/s")]
    lines += ["", "| ratio | target | " + " | ".join(names) + " | worst |", "|---|---|" + "---:|" * (len(names) + 1)]
    for key, label in labels:
        values = [ratios[n][key] for n in names]
        target, met = TARGETS.get(key, ("", None))
        known = [v for v in values if v is not None]
        worst = ""
        if met is not None and known:
            lowest_is_worst = key != "e/c"
            w = min(known) if lowest_is_worst else max(known)
            worst = f"{w:.2f} {'met' if met(w) else 'not met'}"
        lines.append(f"| {key}: {label} | {target} | " + " | ".join(f"{v:.2f}" if v is not None else "n/a"
                                                                    for v in values) + f" | {worst} |")

    g_load = statistics.median(g - x for g, x in zip(small["g"], small["load"]))
    g0_load = statistics.median(g - x for g, x in zip(small["g0"], small["load"]))
    lines += ["", "One small draft (`examples/family-letter.md`), whatever the corpus:", "",
              "| measurement | wall (s) |", "|---|---:|",
              f"| (g) just edited, end to end (peak RSS {g_rss} MB) | {statistics.median(small['g']):.2f} |",
              f"| (g0) the same with --no-cache (a first run on a machine) | {statistics.median(small['g0']):.2f} |",
              f"| (g') importing spaCy and loading the model alone | {statistics.median(small['load']):.2f} |",
              f"| g − load (target ≤ 0.5 s) | {g_load:.2f} |",
              f"| g0 − load | {g0_load:.2f} |"]
    lines += ["", "Each round measures, for each corpus in turn, (b) to (h) once, then (g), (g0) and (g'); "
              "walls are medians over the rounds, and each ratio is the median of the ratios within a round "
              "(except c/a: (a) is measured before the rounds). Ratios of words/s (c/b, c/a, d/c, d/h) are "
              "inverse ratios of wall time over the same words. Peak RSS is the largest single process of "
              "the measured command, the highest over the rounds.", "", "Per round (s):", ""]
    for c in corpora:
        lines.append(f"- {c.name}: " + "; ".join(f"{k} " + ", ".join(f"{v:.2f}" for v in vals)
                                                 for k, vals in c.series.items() if vals) + ".")
    lines.append("- small draft: " + "; ".join(f"{k} " + ", ".join(f"{v:.2f}" for v in vals)
                                               for k, vals in small.items()) + ".")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
