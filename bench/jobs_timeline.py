"""What `--jobs N` gives past the cores this machine has: a per-worker timeline, on paper.

    python bench/jobs_timeline.py [--corpus news] [--jobs 2] [--project 4,8]

Runs `plmsg check CORPUS --no-cache --jobs N --format json` in this process, with each
worker logging when it starts and ends each group of files (the workers are forked, so
they inherit the logging). From the log it reports:

- the serial start-up (until the first group starts: importing, loading the model,
  compiling the rules) and the serial end (after the last group: the report);
- each worker's busy time, and the work per file (each group's time spread over its files);
- for each projected N, the makespan of the same files in the groups `--jobs N` would make
  (`parallel._groups`), handed to N workers in order as the pool hands them out, with each
  file costing what it cost here. That assumes N real cores, each as fast as one of these
  two while both are busy; it leaves out what more workers would cost each other (memory
  bandwidth, shared caches), so it is the most N workers could give.

The corpus is one of bench/real_corpora.py's (built if needed) or "own" (build_corpus.py).
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def corpus_folder(name: str, scratch: Path) -> Path:
    if name == "own":
        import subprocess

        folder = scratch / "own"
        subprocess.run([sys.executable, str(ROOT / "bench" / "build_corpus.py"), "--out", str(folder)],
                       check=True, stdout=subprocess.DEVNULL)
        return folder
    import real_corpora

    try:
        return real_corpora.build(real_corpora.SOURCES[name], real_corpora.default_out())
    except (real_corpora.BuildError, OSError) as exc:
        raise SystemExit(f"jobs_timeline: cannot build the {name} corpus: {exc}") from None


def run_logged(folder: Path, jobs: int, log: Path) -> float:
    """Run the check in this process; each group's (pid, start, end, files) goes to `log`.
    Returns when it began (before importing plmsg, as a new process would)."""
    begin = time.perf_counter()
    from plmsg import cli, parallel
    from plmsg.nlp import NLP

    checked, tag, parse = parallel._check, NLP.tag, NLP.parse
    sent: dict[str, set[int]] = {"tag": set(), "parse": set()}  # this process's, since its last group

    def counting(kind, real):
        def call(self, texts, *args, **kwargs):
            sent[kind].update(hash(t) for t in texts)  # forked workers share the hash seed
            return real(self, texts, *args, **kwargs)
        return call

    def logged(tasks):
        start = time.perf_counter()
        out = checked(tasks)
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps([os.getpid(), start, time.perf_counter(), [str(t[0]) for t in tasks],
                                sorted(sent["tag"]), sorted(sent["parse"])]) + "\n")
        sent["tag"].clear()
        sent["parse"].clear()
        return out

    parallel._check = logged
    NLP.tag, NLP.parse = counting("tag", tag), counting("parse", parse)
    sys.argv = ["plmsg", "check", str(folder), "--no-cache", "--jobs", str(jobs), "--format", "json",
                "--output", os.devnull]
    try:
        cli.main()  # as the console script runs, less its last step (an exit without clean-up)
    except SystemExit:
        pass
    finally:
        parallel._check, NLP.tag, NLP.parse = checked, tag, parse
    return begin


def makespan(costs: list[float], jobs: int) -> float:
    """Groups of `costs` (one per file, in order) as `--jobs N` makes them, handed in order
    to whichever of N workers is free first."""
    from plmsg.parallel import _groups

    free = [0.0] * jobs
    for group in _groups(costs, jobs):
        heapq.heappush(free, heapq.heappop(free) + sum(group))
    return max(free)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="news")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--project", default="4,8")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="plmsg-timeline-"))
    folder = corpus_folder(args.corpus, scratch)
    log = scratch / "groups.jsonl"
    begin = run_logged(folder, args.jobs, log)
    end = time.perf_counter()
    groups = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    first, last = min(g[1] for g in groups), max(g[2] for g in groups)
    busy: dict[int, float] = {}
    per_file: list[float] = []
    texts: dict[str, dict[int, set[int]]] = {"tag": {}, "parse": {}}
    for pid, start, stop, files, tagged, parsed in sorted(groups, key=lambda g: g[1]):
        busy[pid] = busy.get(pid, 0.0) + stop - start
        texts["tag"].setdefault(pid, set()).update(tagged)
        texts["parse"].setdefault(pid, set()).update(parsed)
    order = {}
    for pid, start, stop, files, *_ in groups:
        for f in files:
            order[f] = (stop - start) / len(files)
    per_file = [order[f] for f in sorted(order)]
    work = sum(busy.values())
    serial = (first - begin) + (end - last)
    print(f"{args.corpus}: {len(per_file)} files, --jobs {args.jobs}: wall {end - begin:.2f} s")
    print(f"  serial: start-up {first - begin:.2f} s, after the last group {end - last:.2f} s")
    print("  workers busy: " + ", ".join(f"{b:.2f} s" for b in busy.values())
          + f" (groups: {len(groups)}, median {statistics.median(g[2] - g[1] for g in groups):.2f} s)")
    print(f"  work in all: {work:.2f} s; parallel part as measured: {last - first:.2f} s")
    for kind in ("tag", "parse"):
        each = [len(t) for t in texts[kind].values()]
        union = len(set().union(*texts[kind].values()))
        print(f"  sentences sent to {kind}: " + " + ".join(map(str, each))
              + f" by the workers, {union} distinct ({sum(each) - union} done twice)")
    for n in [args.jobs] + [int(x) for x in args.project.split(",") if x.strip()]:
        span = makespan(per_file, n)
        print(f"  --jobs {n}: {serial:.2f} s serial + {span:.2f} s of groups = {serial + span:.2f} s "
              f"({work / span:.2f} workers' worth busy)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
