"""Checking many files on several cores: a process pool whose workers share one Linter.

On Linux the workers are forked from the process that built the Linter, so the rules are
compiled and the spaCy model loaded once, before the fork, and shared. Elsewhere (spawn)
each worker builds its own. Results come back in the order of the files, so output does
not depend on scheduling.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from .linter import Linter

_LINTER = None  # the worker's Linter: inherited on fork, built by _init elsewhere


class WorkerFailed(Exception):
    """A worker process died (killed, out of memory) before finishing its files."""


def _init(settings, select, ignore, report_unused, cache, annotate) -> None:
    global _LINTER
    if _LINTER is None:
        _LINTER = Linter(settings, select=select, ignore=ignore, report_unused_suppressions=report_unused,
                         cache=cache, annotate=annotate)


def _check(tasks):
    return list(_LINTER.check_files(tasks))


def _run(tasks):
    return _check(tasks)  # looked up when called, in the worker


def _groups(tasks: list, jobs: int) -> list[list]:
    """Tasks in groups a worker checks together (the sentences of a group's drafts are
    parsed in one batch). Groups are as big as the linter's own while plenty of work is
    left, then shrink, so the workers finish at about the same time."""
    groups, i = [], 0
    while i < len(tasks):
        size = max(2, min(Linter.GROUP_FILES, (len(tasks) - i) // (jobs * 3)))
        groups.append(tasks[i:i + size])
        i += size
    return groups


def check_parallel(linter, tasks: Iterable[tuple], jobs: int) -> Iterator:
    global _LINTER
    linter.compile()  # once, here: forked workers inherit the compiled rules
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    _LINTER = linter if context.get_start_method() == "fork" else None
    args = (linter.settings, list(linter.select), list(linter.cli_ignore), linter.report_unused, linter.cache,
            linter.annotate)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init, initargs=args) as pool:
            for results in pool.map(_run, _groups(list(tasks), jobs)):
                yield from results
    except BrokenProcessPool as exc:
        raise WorkerFailed("a worker process stopped before finishing (was it killed, or out of "
                           f"memory?); no file was changed: {exc}") from None
    finally:
        _LINTER = None
