"""Compare this checkout's speed with an earlier commit's, on the same machine, interleaved.

    python bench/ab.py REV [--runs 5] [--docs 300] [--corpus own|news|speeches]

A refactoring should not change speed by more than noise, and this machine's load comes in
bursts: two benchmark runs minutes apart can differ by a fifth. So each round runs the
earlier commit and this checkout back to back, on the same drafts (the benchmark corpus of
bench/build_corpus.py, or with --corpus one of bench/real_corpora.py's), cold with one job,
cold with two, and warm; the report gives each
side's median and the median of the per-round ratios (this checkout / REV: under 1 is
faster). The earlier commit runs from a temporary git worktree with the same interpreter
and packages.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    code = subprocess.call(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited with {code}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the earlier commit (a hash, tag or branch)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docs", type=int, default=300, help="drafts in the generated corpus")
    parser.add_argument("--corpus", choices=("own", "news", "speeches"), default="own")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="plmsg-ab-"))
    try:
        if args.corpus == "own":
            corpus = work / "corpus"
            subprocess.run([sys.executable, str(ROOT / "bench" / "build_corpus.py"), "--out", str(corpus),
                            "--docs", str(args.docs)], check=True, stdout=subprocess.DEVNULL)
        else:
            import real_corpora

            try:
                corpus = real_corpora.build(real_corpora.SOURCES[args.corpus], real_corpora.default_out())
            except (real_corpora.BuildError, OSError) as exc:
                raise SystemExit(f"ab: cannot build the {args.corpus} corpus: {exc}") from None
        old = work / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.rev], check=True,
                       capture_output=True)
        sides = {"old": str(old / "src"), "new": str(ROOT / "src")}
        base = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
        cases = {"cold, 1 job": ["--no-cache"], "cold, --jobs 2": ["--no-cache", "--jobs", "2"], "warm": []}
        times: dict[tuple[str, str], list[float]] = {}
        for r in range(args.runs):
            for case, extra in cases.items():
                for side, src in sides.items():
                    env = {**base, "PYTHONPATH": src, "PLMSG_CACHE_DIR": str(work / f"cache-{side}")}
                    cmd = [sys.executable, "-m", "plmsg", "check", str(corpus), "--format", "json", *extra]
                    if case == "warm" and r == 0:
                        run(cmd, env)  # fill the cache
                    times.setdefault((case, side), []).append(run(cmd, env))
        what = f"{args.docs} drafts" if args.corpus == "own" else f"the {args.corpus} corpus"
        print(f"{what}, {args.runs} rounds; seconds (median) and this checkout / {args.rev}\n")
        print("| case | " + args.rev + " | this checkout | ratio |\n|---|---:|---:|---:|")
        for case in cases:
            old_t, new_t = times[(case, "old")], times[(case, "new")]
            ratio = statistics.median(n / o for n, o in zip(new_t, old_t))
            print(f"| {case} | {statistics.median(old_t):.2f} | {statistics.median(new_t):.2f} | {ratio:.2f} |")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "old")],
                       capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
