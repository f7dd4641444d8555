"""Benchmark plmsg against spaCy's own throughput and against proselint, in one run.

    python bench/run.py [--runs 3] [--docs 1200] [--skip-proselint] [--out bench/RESULTS.md]

Measures, over the same corpus (bench/build_corpus.py):
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
(b) to (h) are measured once per round, for --runs rounds, so each ratio compares figures
taken minutes apart (this machine's load comes in bursts); walls are medians over the
rounds, ratios the medians of each round's ratio. Words are the prose words plmsg counts.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs", type=int, default=1200)
    parser.add_argument("--skip-proselint", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()

    # Time plmsg as it runs once installed: pip writes the bytecode of an installed package,
    # while a checkout under PYTHONDONTWRITEBYTECODE=1 would compile its sources every run.
    import compileall

    compileall.compile_dir(str(ROOT / "src" / "plmsg"), quiet=1)

    work = Path(tempfile.mkdtemp(prefix="plmsg-bench-"))
    corpus = work / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "build_corpus.py"), "--out", str(corpus),
                    "--docs", str(args.docs)], check=True)
    files = sorted(p for p in corpus.rglob("*") if p.is_file())

    import spacy

    from plmsg.nlp import MODEL_NAMES, NLP
    from plmsg.sentences import split_sentences

    texts = prose_texts(corpus)
    counter = NLP(use_model=False)
    words = sum(s.words for d in counter.tokenize_many(texts) for s in split_sentences(d))
    print(f"corpus: {len(files)} files, {words:,} prose words", flush=True)

    blank = spacy.blank("en")
    a = in_process("(a) tokenizer", lambda: [blank.make_doc(t) for t in texts], args.runs)
    model = next(n for n in MODEL_NAMES if spacy.util.is_package(n))
    full = spacy.load(model, exclude=["ner", "attribute_ruler", "lemmatizer", "senter"])
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        full_numpy = spacy.load(model, exclude=["ner", "attribute_ruler", "lemmatizer", "senter"])
    blis_kernel = blis_configuration()

    plmsg = [sys.executable, "-m", "plmsg", "check", str(corpus), "--format", "json",
             "--output", str(work / "out.json")]
    env = {**os.environ, "PLMSG_CACHE_DIR": str(work / "cache")}
    env.pop("GITHUB_ACTIONS", None)
    def check_report():  # a run that measured a crash measured nothing
        report = json.loads((work / "out.json").read_text(encoding="utf-8"))
        errors = [f["error"] for f in report["files"] if f["error"]]
        if len(report["files"]) != len(files) or errors:
            raise SystemExit(f"plmsg did not check the corpus cleanly: {errors[:3]}")

    edited = files[:: max(1, len(files) // max(1, len(files) // 100))][: max(1, len(files) // 100)]
    edit_round = [0]

    def edit_one_percent():
        edit_round[0] += 1
        for path in edited:
            with open(path, "a", encoding="utf-8") as out:
                out.write(f"\nThis note was updated (round {edit_round[0]}).\n")

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
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "proselint"], check=True)
        proselint = [str(venv / "bin" / "proselint"), "-o", "compact", "check", str(corpus)]

    shutil.rmtree(work / "cache", ignore_errors=True)
    timed(plmsg, env)  # fill the cache for (e) and (f); (c) and (d) do not use it
    # Every measurement is taken once per round, and the rounds repeat: a ratio compares
    # figures taken minutes apart, not a quarter of an hour apart, so a burst of load on
    # this shared machine lands on both sides of it. Ratios are medians over the rounds.
    series: dict[str, list[float]] = {k: [] for k in "b b' c d e f g g0 load h".split()}
    c_rss = d_rss = e_rss = g_rss = 0
    for round_ in range(1, args.runs + 1):
        print(f"round {round_} of {args.runs}", flush=True)
        start = time.perf_counter()
        list(full.pipe(texts, batch_size=256))
        series["b"].append(time.perf_counter() - start)
        start = time.perf_counter()
        list(full_numpy.pipe(texts, batch_size=256))
        series["b'"].append(time.perf_counter() - start)
        wall, rss = timed(plmsg + ["--no-cache", "--jobs", "1"], env)
        check_report()
        series["c"].append(wall)
        c_rss = max(c_rss, rss)
        wall, rss = timed(plmsg + ["--no-cache", "--jobs", "2"], env)
        check_report()
        series["d"].append(wall)
        d_rss = max(d_rss, rss)
        wall, rss = timed(plmsg, env)
        series["e"].append(wall)
        e_rss = max(e_rss, rss)
        edit_one_percent()
        series["f"].append(timed(plmsg, env)[0])
        edit_small()
        wall, rss = timed([sys.executable, "-m", "plmsg", "check", str(small)], env)
        series["g"].append(wall)
        g_rss = max(g_rss, rss)
        series["g0"].append(timed([sys.executable, "-m", "plmsg", "check", str(small), "--no-cache"], env)[0])
        series["load"].append(timed([sys.executable, "-c", f"import spacy; spacy.load({model!r}, exclude=['ner'])"])[0])
        if proselint:
            series["h"].append(timed(proselint)[0])
        print("  " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in series.items() if v), flush=True)

    def med(key):
        return statistics.median(series[key]) if series[key] else None

    def paired(fn, *keys):
        """The median over the rounds of a figure computed within each round."""
        return statistics.median(fn(*values) for values in zip(*(series[k] for k in keys)))

    b, b_numpy, c, d, e, f, g, g0, load, h = (med(k) for k in "b b' c d e f g g0 load h".split())

    def wps(seconds):
        return f"{words / seconds:,.0f}" if seconds else "n/a"

    rows = [
        ("(a) spaCy tokenizer alone", a, None), ("(b) spaCy " + " + ".join(full.pipe_names), b, None),
        ("(b') the same on numpy's BLAS, as plmsg loads it", b_numpy, None),
        ("(c) plmsg cold, no cache, 1 job", c, c_rss), ("(d) plmsg cold, no cache, --jobs 2", d, d_rss),
        ("(e) plmsg warm (cache)", e, e_rss), (f"(f) plmsg warm, {len(edited)} files (1%) edited", f, None),
        ("(g) one small draft just edited, end to end", g, g_rss),
        ("(g0) the same with --no-cache (first run on a machine)", g0, None),
        ("(g') spaCy import and model load alone", load, None),
    ]
    if h is not None:
        rows.append(("(h) proselint 0.16 (regex only)", h, None))
    lines = [
        "# Benchmark results", "",
        f"Measured by `python bench/run.py --runs {args.runs}` on {os.cpu_count()} cores "
        f"({platform.machine()}, Python {platform.python_version()}, spaCy {spacy.__version__}, "
        f"model {model}, BLIS kernel {blis_kernel}); {args.runs} rounds.", "",
        f"Corpus: {len(files)} generated district drafts (Markdown, HTML, text) from "
        f"`bench/build_corpus.py`, {words:,} prose words.", "",
        "| measurement | wall (s) | words/s | peak RSS (MB) |", "|---|---:|---:|---:|",
    ]
    for label, secs, rss in rows:
        lines.append(f"| {label} | {secs:.2f} | {wps(secs) if not label.startswith(('(g',)) else ''} | "
                     f"{rss if rss is not None else ''} |")
    ratios = [("c/b: plmsg cold vs the full parser pipeline (target ≥ 3)", paired(lambda b, c: b / c, "b", "c")),
              ("c/b': plmsg cold vs the same pipeline on numpy's BLAS", paired(lambda b, c: b / c, "b'", "c")),
              ("c/a: plmsg cold vs the tokenizer alone", a / c),
              ("d/c: --jobs 2 speed-up (target ≥ 1.7)", paired(lambda c, d: c / d, "c", "d")),
              ("e/c: warm re-run as a share of cold wall time (target ≤ 0.05)", paired(lambda c, e: e / c, "c", "e")),
              ("g - load: small draft beyond model load (target ≤ 0.5 s)", paired(lambda g, x: g - x, "g", "load")),
              ("g0 - load: the same with no cache", paired(lambda g, x: g - x, "g0", "load"))]
    if h is not None:
        ratios.append(("d/h: plmsg --jobs 2 vs proselint, words/s (target ≥ 1)", paired(lambda d, h: h / d, "d", "h")))
    lines += ["", "| ratio | value |", "|---|---:|"] + [f"| {k} | {v:.2f} |" for k, v in ratios]
    lines += ["", "Each round measures (b) to (h) once, in that order; the walls are medians over the "
              "rounds, and each ratio is the median of the ratios within a round (except c/a: (a) is "
              "measured before the rounds). Ratios of words/s (c/b, c/a, d/c, d/h) are inverse ratios "
              "of wall time over the same words. Peak RSS is the largest single process of the "
              "measured command, the highest over the rounds.", "",
              "Per round (s): " + "; ".join(f"{k} " + ", ".join(f"{v:.2f}" for v in vals)
                                            for k, vals in series.items() if vals) + "."]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
