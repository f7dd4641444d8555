"""The command line: flags → settings → linter → renderer → exit code."""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import replace
from enum import Enum
from types import SimpleNamespace
from pathlib import Path
from typing import List, Optional

import click
import typer

from . import __version__
from .baseline import BaselineError, filter_known, load_baseline, write_baseline
from .discovery import DiscoveryError, Skipped, changed_since, expand, in_shard, parse_shard
from .files import InputError, decode, replacing
from .model import FileResult, Severity, at_least
from .render import Report, render
from .render.json import entry_text
from .web import is_url
from .yamlio import ConfigError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Lint drafts about personalized learning: plain words, honest claims, students first.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Format(str, Enum):
    auto = "auto"
    text = "text"
    concise = "concise"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    html = "html"


class Level(str, Enum):
    suggestion = "suggestion"
    warning = "warning"
    error = "error"


class FailOn(str, Enum):
    suggestion = "suggestion"
    warning = "warning"
    error = "error"
    never = "never"


class Audience(str, Enum):
    families = "families"
    staff = "staff"
    community = "community"
    board = "board"
    media = "media"


def _fail(message: str) -> "typer.Exit":
    sys.stderr.write(f"plmsg: error: {message}\n")
    return typer.Exit(EXIT_USAGE)


def _split(values: Optional[List[str]]) -> list[str]:
    return [v.strip() for raw in values or [] for v in raw.split(",") if v.strip()]


def make_nlp():
    """The process's NLP context (tests swap in one shared, already-loaded context)."""
    from .nlp import NLP

    return NLP()


def _linter(config: Optional[Path], select=None, ignore=(), report_unused: bool = False, cache: bool = False,
            annotate=None):
    """The run's Linter. With the cache on, the rules compile only when a file misses it."""
    from .linter import Linter
    from .settings import load_settings

    try:
        settings = load_settings(config)
        store = None
        if cache:
            from .cache import Cache

            store = Cache(settings.cache_folder())
        return Linter(settings, nlp=make_nlp(), select=select or None, ignore=ignore,
                      report_unused_suppressions=report_unused, cache=store, compile_rules=store is None,
                      annotate=annotate)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"plmsg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """plmsg: a linter for school-district messages about personalized learning."""


@app.command()
def check(
    paths: List[str] = typer.Argument(None, help="Files or folders to check; - reads stdin."),
    format: Format = typer.Option(Format.auto, "--format", "-f",
                                  help="auto: github under GitHub Actions, text on a terminal, "
                                       "concise otherwise."),
    audience: Optional[Audience] = typer.Option(None, help="Who the drafts are for."),
    config: Optional[Path] = typer.Option(None, help="Config file (default: .plmsg.yaml or "
                                          "\\[tool.plmsg] in pyproject.toml, found upward)."),
    select: Optional[List[str]] = typer.Option(None, help="Rule ids or tags to run (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, help="Rule ids or tags to skip (comma-separated)."),
    min_severity: Level = typer.Option(Level.suggestion, help="Hide findings below this level."),
    fail_on: FailOn = typer.Option(FailOn.warning, help="Exit 1 when a finding at or above this exists."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to a file."),
    stdin_filename: Optional[str] = typer.Option(None, help="Name (and so format) for stdin."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Findings only: no scorecard or summary."),
    no_color: bool = typer.Option(False, "--no-color", help="No colour, even on a terminal."),
    fix: bool = typer.Option(False, "--fix", help="Apply safe rewrites in place."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes",
                                      help="With --fix or --diff, also apply rewrites that may change meaning."),
    diff: bool = typer.Option(False, "--diff", help="Print the rewrites as a unified diff; change nothing."),
    report_unused_suppressions: bool = typer.Option(
        False, "--report-unused-suppressions", help="List plmsg-disable comments that suppressed nothing."),
    interactive: bool = typer.Option(False, "--interactive", "-i",
                                     help="With --fix, review each rewrite: accept, choose, edit, skip or quit."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="Globs of files to skip (repeatable)."),
    changed_since: Optional[str] = typer.Option(None, "--changed-since", metavar="REF",
                                                help="Only check drafts changed since this git ref."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Report only findings not in this baseline."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline",
                                                  help="Record the current findings as the baseline."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="Processes to check files with (0: one per core)."),
    shard: Optional[str] = typer.Option(None, "--shard", metavar="K/N",
                                        help="Check only the K-th of N stable slices of the files (CI matrices)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Don't read or write the cache (results and start-up data)."),
    allow_empty: bool = typer.Option(False, "--allow-empty",
                                     help="Exit 0 when no draft is found to check (a commit of excluded files)."),
    fail_on_fetch_error: bool = typer.Option(False, "--fail-on-fetch-error",
                                             help="Exit 2 when a web page cannot be fetched (by default the "
                                                  "report lists it and --fail-on counts findings only)."),
    record: bool = typer.Option(False, "--record",
                                help="Add this run's site summary to the history beside the cache (see plmsg trend)."),
    annotate: bool = typer.Option(False, "--annotate",
                                  help="For each Word document, write NAME.plmsg.docx beside it with each "
                                       "finding as a comment (the original is not changed)."),
) -> None:
    """Check drafts and report what to change, with a suggested rewrite for each finding."""
    flags = SimpleNamespace(**locals())  # the options above, by name
    _check_flags(flags)
    # With the JSON report, each file's entry is rendered where it is checked (see Linter).
    entries = format is Format.json and not (output is None and sys.stdout.isatty())
    linter = _linter(config, _split(select), _split(ignore), report_unused_suppressions,
                     cache=not no_cache and not (fix or diff), annotate=entry_text if entries else None)
    chosen = audience.value if audience else None
    targets = _targets(flags, linter)
    if interactive:  # the same files and rules as the check would have, one rewrite at a time
        raise typer.Exit(_review_files(linter, targets, chosen))
    known = _known(baseline)
    results, fixed = _check_targets(flags, linter, targets, chosen)
    linter.save_word_knowledge()
    recorded = _record(flags, linter, results) if record or linter.settings.record else None
    results, notices = _after_check(flags, linter, results, fixed, known)
    if recorded:
        notices.append(recorded)
    if annotate:
        results, said = _annotate(linter, targets, results)
        notices += said
    fmt = _format_of(format, output)
    _finish_run(flags, fmt, linter, results, notices, recorded, fail_on, fail_on_fetch_error, no_color)


def _finish_run(flags, fmt: str, linter, results, notices, recorded, fail_on, fail_on_fetch_error: bool,
                no_color: bool) -> None:
    """The report of a check or crawl, written; then its exit code (2 when --record failed)."""
    color = flags.output is None and sys.stdout.isatty() and not no_color and "NO_COLOR" not in os.environ
    _emit(flags, fmt, Report(files=results, color=color, version=__version__,
                             notices=[] if flags.quiet or fmt != "text" else notices, principles=linter.principles,
                             quiet=flags.quiet, rules=linter.rules if fmt == "sarif" else (),
                             history=_history_for_report(linter) if fmt == "html" else None,
                             grade_limits={a: p.max_grade for a, p in linter.profiles.items()}), notices)
    code = _exit_code(results, fail_on, fmt, fail_on_fetch_error)
    raise typer.Exit(EXIT_USAGE if recorded is False else code)


def _record(flags, linter, results):
    """--record: this run's site summary into the history. A line saying so; or False, with
    the reason on stderr, when it could not be recorded (the run then exits 2)."""
    from .history import HistoryError, history_path, record

    if flags.shard or flags.changed_since:
        raise _fail("--record keeps the whole site's summary: run it without --shard or --changed-since")
    path = history_path(linter.settings.cache_folder())
    try:
        run = record(path, results, linter.principles, root=linter.settings.root)
    except HistoryError as exc:
        sys.stderr.write(f"plmsg: not recorded: {exc}\n")
        return False
    return f"plmsg: recorded run {run.id} ({run.drafts} drafts) in {path}; see 'plmsg trend'."


def _history_for_report(linter):
    """The trend for the HTML report when a history exists (a damaged one is only said)."""
    from .history import HistoryError, history_path, load, trend

    try:
        runs = load(history_path(linter.settings.cache_folder()))
    except HistoryError as exc:
        sys.stderr.write(f"plmsg: the report has no trend: {exc}\n")
        return None
    return trend(runs) if len(runs) > 1 else None


def _check_flags(flags) -> None:
    """Refuse flags that cannot go together."""
    if not flags.paths:
        raise _fail("give at least one file or folder to check (or - for stdin)")
    if flags.unsafe_fixes and not (flags.fix or flags.diff):
        raise _fail("--unsafe-fixes works with --fix or --diff")
    if flags.fix and flags.diff:
        raise _fail("choose --fix (write the rewrites) or --diff (show them), not both")
    if flags.interactive and not flags.fix:
        raise _fail("--interactive works with --fix (or use 'plmsg review FILE')")


def _targets(flags, linter) -> list:
    """(display name, path) of each draft to check: the paths expanded, then --shard and
    --changed-since applied."""
    skipped = Skipped()
    targets = list(expand(flags.paths, linter.settings, _split(flags.exclude), skipped))
    for name in skipped.named_excluded:
        sys.stderr.write(f"plmsg: {name} is excluded by config (exclude:) or --exclude: not checked.\n")
    if not targets:
        where = " ".join(flags.paths)
        sys.stderr.write(f"plmsg: no drafts to check in {where}: {skipped.summary()}.\n")
        if not flags.allow_empty:
            raise typer.Exit(EXIT_USAGE)
    if flags.shard:
        try:
            k, n = parse_shard(flags.shard)
        except ValueError as exc:
            raise _fail(f"--shard: {exc}") from None
        targets = [(name, p) for name, p in targets if name == "-" or in_shard(name, k, n)]
    if flags.changed_since:
        try:
            recent = changed_since(flags.changed_since)
        except DiscoveryError as exc:
            raise _fail(str(exc)) from None
        targets = [(n, p) for n, p in targets if n == "-" or (p is not None and p.resolve() in recent)]
    return targets


def _known(baseline: Optional[Path]):
    if not baseline:
        return None
    try:
        return load_baseline(baseline)
    except BaselineError as exc:
        raise _fail(str(exc)) from None


def _check_targets(flags, linter, targets, chosen) -> tuple[list, list]:
    """The results of every target, in order (and the outcome of each fix). With the cache
    on, rules compile on the first miss: their errors surface here."""
    results: list[FileResult] = []
    fixed: list = []
    terminal = fmt_is_terminal(flags.format, flags.output)
    rewriting = flags.fix or flags.diff
    from .fixes import fix_file
    from .parallel import WorkerFailed, check_parallel

    if rewriting and any(is_url(n) for n, _ in targets):
        raise _fail("--fix and --diff rewrite files; a web page is changed in the site's editor, not by plmsg")
    fetcher = _fetcher(flags, linter) if any(is_url(n) for n, _ in targets) else None
    try:
        workers = flags.jobs or os.cpu_count() or 1
        files = [(n, p) for n, p in targets if n != "-" and not is_url(n)]
        if workers > 1 and len(files) > 1 and not rewriting:
            try:  # results come back in the order of the files
                results.extend(_progress_over(check_parallel(linter, [(p, n, chosen) for n, p in files], workers),
                                              len(files), terminal))
            except WorkerFailed as exc:
                raise _fail(str(exc)) from None
            targets = [(n, p) for n, p in targets if n == "-" or is_url(n)]
        # checked in order, a group of drafts at a time (their sentences parsed in one batch)
        checked = iter(()) if rewriting else linter.check_files(
            (p, n, chosen) for n, p in targets if n != "-" and not is_url(n))
        for name, path in _progress(targets, enabled=terminal):
            if name == "-":
                results.append(_check_stdin(flags, linter, chosen))
            elif is_url(name):
                results.append(_check_url(linter, fetcher, name, chosen))
            elif rewriting:
                outcome = fix_file(linter, path, name, chosen, flags.unsafe_fixes, write=flags.fix)
                fixed.append(outcome)
                results.append(outcome.result)
            else:
                results.append(next(checked))
        if flags.diff:
            raise typer.Exit(_print_diffs(fixed, results))
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    finally:
        if fetcher is not None:
            fetcher.close()
    return results, fixed


def _fetcher(flags, linter):
    """The run's HTTP client: config `web:`, and ETags kept beside the cache (not with --no-cache)."""
    from .web import Fetcher

    web = linter.settings.web
    store = None if flags.no_cache else linter.settings.cache_folder()
    return Fetcher(store=store, contact=web.get("contact"), interval=web.get("interval", 1.0),
                   in_flight=web.get("in_flight", 2), read_timeout=web.get("timeout", 30.0))


def _check_url(linter, fetcher, url: str, chosen) -> FileResult:
    """A live page: fetched politely, then checked like an HTML file under its address (the
    address shown without a user name or password). A page that cannot be fetched is an
    error entry of its own kind (see --fail-on-fetch-error)."""
    from .web import FetchError, shown

    display = shown(url)
    try:
        page = fetcher.fetch(url)
    except FetchError as exc:
        return FileResult(display, error=f"{display}: {exc}", fetch_failed=True)
    return linter.check_page(display, page.text, audience=chosen)


def _check_stdin(flags, linter, chosen) -> FileResult:
    display = flags.stdin_filename or "<stdin>"
    try:
        text = decode(sys.stdin.buffer.read()).text
    except (InputError, OSError) as exc:
        return FileResult(display, error=f"{display}: {exc}")
    if flags.fix or flags.diff:
        raise typer.Exit(_fix_stdin(linter, display, text, chosen, flags.unsafe_fixes, flags.diff))
    return linter.check_source(display, text, audience=chosen)


def _after_check(flags, linter, results, fixed, known) -> tuple[list, list[str]]:
    """--min-severity, --write-baseline and --baseline applied; and the notices to show."""
    level = Severity(flags.min_severity.value)
    results = [_at_least(r, level) for r in results]
    if flags.write_baseline:
        try:
            count = write_baseline(flags.write_baseline, results)
        except OSError as exc:
            raise _fail(f"cannot write {flags.write_baseline}: {exc.strerror or exc}") from None
        sys.stderr.write(f"plmsg: wrote {count} finding{'s' if count != 1 else ''} to {flags.write_baseline}.\n")
    hidden = 0
    if known is not None:
        results, hidden = filter_known(results, known)
    notices = [n for r in results for n in r.notes]
    if hidden:
        notices.append(f"plmsg: {hidden} finding{'s' if hidden != 1 else ''} already in the baseline "
                       f"{flags.baseline} not shown.")
    notices += _fix_notices(fixed, results) if flags.fix else []
    notice = linter.model_notice()
    if notice:
        notices.append(notice)
    return results, notices


def _format_of(format: "Format", output: Optional[Path]) -> str:
    """auto: github under GitHub Actions, text on a terminal, concise otherwise."""
    if format.value != "auto":
        return format.value
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "text" if output is None and sys.stdout.isatty() else "concise"


def _emit(flags, fmt: str, report, notices: list[str]) -> None:
    """Write the report (notices go to stderr unless the text report shows them)."""
    if fmt != "text" or flags.quiet:
        for n in notices:
            sys.stderr.write(n + "\n")
    try:
        if flags.output:
            with replacing(flags.output) as out:
                render(fmt, report, out)
        else:
            render(fmt, report, sys.stdout)
    except BrokenPipeError:  # the reader went away (| head): stop writing, keep the exit code
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError as exc:
        raise _fail(f"cannot write {flags.output or 'the report'}: {exc.strerror or exc}") from None


def _exit_code(results, fail_on: "FailOn", fmt: str, fetch_errors_fail: bool = False) -> int:
    """2 for a file that could not be read (a page that could not be fetched only with
    --fail-on-fetch-error), 1 for findings at --fail-on, else 0."""
    if any(r.error for r in results):
        for r in results:
            if r.error and fmt not in ("text", "concise", "github"):
                sys.stderr.write(f"plmsg: error: {r.error}\n")
    if any(r.error and (fetch_errors_fail or not r.fetch_failed) for r in results):
        return EXIT_USAGE
    if fail_on is not FailOn.never and any(at_least(r.findings, Severity(fail_on.value)) for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


def _at_least(result, level):
    """The result without its findings below `level` (the same object when none are)."""
    kept = at_least(result.findings, level)
    return result if len(kept) == len(result.findings) else result.with_findings(kept)


def fmt_is_terminal(format, output) -> bool:
    """A progress bar only for people: output on a terminal, in the text format."""
    return output is None and sys.stderr.isatty() and format in (Format.auto, Format.text) \
        and os.environ.get("GITHUB_ACTIONS") != "true"


def _progress(targets, enabled: bool):
    yield from _progress_over(iter(targets), len(targets), enabled)


def _progress_over(items, total: int, enabled: bool):
    if not enabled or total < 20:
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("Checking drafts", total=total)
        for item in items:
            yield item
            bar.advance(task)


def _annotate(linter, targets, results) -> tuple[list, list[str]]:
    """--annotate: a reviewed copy of each Word document; a file it cannot annotate gets one
    line saying so (a PDF, an e-mail, a text draft), and a copy it cannot write an error."""
    from .comments import AnnotateError, write_review_copy

    paths = dict(targets)
    notes, out = [], []
    for result in results:
        path = paths.get(result.path)
        if result.error or path is None:
            out.append(result)
            continue
        if Path(result.path).suffix.lower() != ".docx":
            notes.append(f"plmsg: {result.path}: --annotate writes Word comments, so only a .docx gets a "
                         "reviewed copy; nothing was written for it")
            out.append(result)
            continue
        try:
            written = write_review_copy(Path(path), result, linter.principles, linter.settings.max_draft_mb)
        except AnnotateError as exc:
            out.append(replace(result, error=f"{result.path}: --annotate: {exc}"))
            continue
        count = len(result.findings)
        notes.append(f"plmsg: wrote {written.name} beside {result.path}, with {count} "
                     f"comment{'s' if count != 1 else ''}.")
        out.append(result)
    return out, notes


def _fix_notices(fixed, results) -> list[str]:
    """One line on what --fix did, and one per file it would not touch."""
    applied = sum(f.applied for f in fixed)
    files = sum(1 for f in fixed if f.written)
    review = sum(1 for r in results for d in r.findings)
    lines = [f"plmsg: applied {applied} fix{'es' if applied != 1 else ''} in {files} "
             f"file{'s' if files != 1 else ''}; {review} finding{'s' if review != 1 else ''} left for review."]
    lines += [f"plmsg: {f.result.path}: not fixed: {f.problem}" for f in fixed if f.problem]
    for f in fixed:
        if f.skipped:
            reasons: dict[str, int] = {}
            for why in f.skipped:
                reasons[why] = reasons.get(why, 0) + 1
            told = "; ".join(f"{why}{f' (×{n})' if n > 1 else ''}" for why, n in reasons.items())
            lines.append(f"plmsg: {f.result.path}: skipped {len(f.skipped)} fix{'es' if len(f.skipped) != 1 else ''}: {told}")
    return lines


def _print_diffs(fixed, results) -> int:
    from .fixes import unified_diff

    changes = 0
    for f in fixed:
        if f.after != f.before:
            sys.stdout.write(unified_diff(f.result.path, f.before, f.after))
            changes += f.applied
        if f.problem:
            sys.stderr.write(f"plmsg: {f.result.path}: not fixed: {f.problem}\n")
    errors = [r.error for r in results if r.error]
    for e in errors:
        sys.stderr.write(f"plmsg: error: {e}\n")
    sys.stderr.write(f"plmsg: {changes} fix{'es' if changes != 1 else ''} would be applied; "
                     f"nothing was written.\n")
    return EXIT_USAGE if errors else (EXIT_FINDINGS if changes else EXIT_OK)


def _fix_stdin(linter, display: str, text: str, audience, unsafe: bool, diff: bool) -> int:
    """stdin with --fix prints the fixed draft; with --diff, the diff."""
    from .fixes import fix_text, unified_diff

    outcome = fix_text(text, lambda t: linter.check_source(display, t, audience=audience).findings, unsafe)
    if outcome.problem:
        sys.stderr.write(f"plmsg: {display}: not fixed: {outcome.problem}\n")
    sys.stdout.write(unified_diff(display, text, outcome.text) if diff else outcome.text)
    remaining = linter.check_source(display, outcome.text, audience=audience)
    if remaining.error:
        sys.stderr.write(f"plmsg: error: {remaining.error}\n")
        return EXIT_USAGE
    sys.stderr.write(f"plmsg: applied {outcome.applied} fix{'es' if outcome.applied != 1 else ''}; "
                     f"{len(remaining.findings)} finding{'s' if len(remaining.findings) != 1 else ''} "
                     f"left for review.\n")
    return EXIT_FINDINGS if (diff and outcome.applied) or remaining.findings else EXIT_OK


@app.command()
def review(
    paths: List[str] = typer.Argument(..., help="Draft files or folders to review."),
    audience: Optional[Audience] = typer.Option(None, help="Who the drafts are for."),
    config: Optional[Path] = typer.Option(None, help="Config file."),
) -> None:
    """Walk through each suggested rewrite: accept, choose another, edit, skip, or quit and save."""
    raise typer.Exit(_review(paths, audience, config))


def _review(paths, audience, config) -> int:

    linter = _linter(config)
    return _review_files(linter, list(expand(paths, linter.settings)), audience.value if audience else None)


def _review_files(linter, targets, audience: Optional[str]) -> int:
    from .review import review_file

    if any(name == "-" for name, _ in targets):
        raise _fail("review needs files: it writes the accepted rewrites back")
    errors = 0
    for name, path in targets:
        done = review_file(linter, path, name, audience,
                           ask=lambda text: click.prompt(text, default="", show_default=False),
                           say=click.echo)
        if done.error:
            errors += 1
            sys.stderr.write(f"plmsg: error: {done.error}\n")
    return EXIT_USAGE if errors else EXIT_OK


@app.command()
def rules(
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
    config: Optional[Path] = typer.Option(None, help="Config file (to include a district's rules)."),
    all_rules: bool = typer.Option(False, "--all", help="Also list rules that config turns off."),
    test: bool = typer.Option(False, "--test", help="Run each rule's examples: every bad one must fire, "
                              "every better and good one must not (exit 1 if one fails)."),
) -> None:
    """List the active rules: id, kind, severity, scope, audiences, fixable, source."""
    import json

    if format not in ("text", "json"):
        raise _fail(f"unknown format {format!r} for rules (choose text or json)")
    linter = _linter(config)
    shown = [r for r in linter.rules if all_rules or any(r in linter.active_rules(a) for a in linter.profiles)]
    if test:
        raise typer.Exit(_test_rules(linter, [r.id for r in shown], format))
    by_id = {s.spec.id: s for s in linter.sources}
    rows = []
    for r in shown:
        active = [a for a in linter.profiles if r in linter.active_rules(a)]
        files = by_id[r.id].files
        rows.append({
            "id": r.id, "kind": r.spec.kind, "severity": r.spec.severity.value, "scope": r.scope,
            "audiences": active, "fixable": r.fixable, "fix": r.fix_safety, "needs_model": r.needs_model,
            "tags": list(r.spec.tags), "summary": r.spec.summary, "source": _display_source(files[0]),
            "extended_by": [_display_source(f) for f in files[1:]],
        })
    if format == "json":
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from .render.commands import rules_table  # rich, only when a table is printed

    rules_table(rows)


def _test_rules(linter, ids: list[str], format: str) -> int:
    """`plmsg rules --test`: each rule's examples, as its files write them (see check_examples)."""
    import json
    from dataclasses import asdict

    from .english import shipped as shipped_english
    from .linter import Library
    from .loader import data_dir, load_glossary
    from .examples import check_examples

    s = linter.settings
    libraries = {  # plmsg's own glossary and term for its own files; the district's for its files
        True: Library(load_glossary(data_dir() / "glossary.yaml"), linter.nlp, shipped_english(), linter.lexicon,
                      None, {}, None),
        False: replace(linter.library, options={}),
    }
    chosen = set(ids)
    try:
        report = check_examples([src for src in linter.sources if src.spec.id in chosen], libraries,
                                linter.nlp, linter.profiles, s.audience)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    if format == "json":
        typer.echo(json.dumps({"rules": report.rules, "examples": report.examples,
                               "skipped": list(report.skipped),
                               "failures": [{**asdict(f), "path": _display_source(f.path)}
                                            for f in report.failures]}, indent=2, ensure_ascii=False))
    else:
        from .render.commands import examples_report

        typer.echo(examples_report(report, _display_source))
    return EXIT_FINDINGS if report.failures else EXIT_OK


SUGGESTED_TERM = "personalized learning"  # what `plmsg init` offers as the district's term
INIT_TEMPLATE = """\
# plmsg configuration. plmsg finds this file in the folder you run it from or any folder
# above it. Every key is optional; `plmsg explain` says what each rule checks.

# Who most drafts here are for: families, staff, community, board or media. A file can
# say otherwise in its front matter (plmsg: {{audience: staff}}), and `overrides` below
# can set it by folder.
audience: {audience}

# The one name your district uses for the approach. Other names (individualized,
# student-centered, competency-based learning, ...) are flagged and rewritten to it.
# Without this key, any one name is fine and only a draft that mixes names is flagged.
preferred_term: {preferred_term}

# Rules to turn off, by id or tag (see `plmsg rules`).
ignore: {ignore}

# Make a rule stricter or gentler: suggestion, warning or error.
# severity:
#   sentence-length: suggestion

# Adjust a rule's single values (an option never replaces a list such as tokens:
# to add phrases to a rule, write a rule file with `extends: RULE-ID`). Examples:
# options:
#   sentence-length: {{max_words: 25}}
#   readability: {{max_grade: {{families: 7}}}}

# Your own rule files and glossary, in the same YAML format as plmsg's built-in ones
# (paths relative to this file). A rule file with
# `extends: hype` adds to the built-in hype rule; `plmsg rules --test` runs the examples.
rule_paths: {rule_paths}
glossary: {glossary}

# Files to skip, and audiences by folder.
# exclude: ["archive/**"]
# overrides:
#   - {{files: ["board/**"], audience: board}}

# Web pages are read within <main>, [role=main] or <article> when they have one, and
# never in navigation, banners, footers or sidebars. CSS selectors change that:
# html:
#   content: "#page-content"
#   skip: [nav, aside, ".alert-banner"]

# Keep each check's site summary, for `plmsg trend` (or pass --record).
# record: true
"""


def can_ask() -> bool:
    """Whether a person is there to answer questions (stdin is a terminal)."""
    return sys.stdin.isatty()


def _flow(values: list[str]) -> str:
    import json

    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


@app.command()
def init(
    audience: Optional[Audience] = typer.Option(None, help="Default audience for drafts."),
    preferred_term: Optional[str] = typer.Option(None, help="The district's name for the approach."),
    ignore: Optional[List[str]] = typer.Option(None, help="Rules or tags to turn off (comma-separated)."),
    rule_path: Optional[List[str]] = typer.Option(None, "--rule-path", help="A folder of your own rules."),
    glossary: Optional[List[str]] = typer.Option(None, help="Your own glossary file."),
    output: Path = typer.Option(Path(".plmsg.yaml"), "--output", "-o", help="Where to write the file."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    no_input: bool = typer.Option(False, "--no-input", help="Never ask; use flags and defaults."),
) -> None:
    """Write a commented .plmsg.yaml (asks for the audience and term on a terminal)."""
    from .settings import DEFAULT_AUDIENCE

    if output.exists() and not force:
        raise _fail(f"{output} already exists; use --force to overwrite it")
    from .linter import Linter
    from .settings import Settings

    builtin = Linter(Settings(), nlp=make_nlp())
    known = {r.id for r in builtin.rules} | {t for r in builtin.rules for t in r.spec.tags}
    for value in _split(ignore):
        if value not in known:
            raise _fail(f"--ignore: unknown rule or tag {value!r} (see 'plmsg rules')")
    ask = can_ask() and not no_input
    chosen = audience.value if audience else None
    if chosen is None:
        chosen = (click.prompt("Who are most drafts for (families, staff, community, board, media)?",
                               default=DEFAULT_AUDIENCE, type=click.Choice([a.value for a in Audience]))
                  if ask else DEFAULT_AUDIENCE)
    term = preferred_term or (click.prompt("Your district's name for the approach",
                                           default=SUGGESTED_TERM) if ask else SUGGESTED_TERM)
    text = INIT_TEMPLATE.format(audience=chosen, preferred_term=_flow([term])[1:-1],
                                ignore=_flow(_split(ignore)), rule_paths=_flow(rule_path or []),
                                glossary=_flow(glossary or []))
    from .settings import load_settings

    made = _make_style_paths(output.parent, rule_path or [], glossary or [])
    tmp = output.with_name(output.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        load_settings(tmp)  # what we write must load
        os.replace(tmp, output)
    except ConfigError as exc:
        tmp.unlink(missing_ok=True)
        raise _fail(str(exc).replace(str(tmp), str(output))) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _fail(f"cannot write {output}: {exc.strerror or exc}") from None
    typer.echo(f"Wrote {output} (audience: {chosen}, preferred term: {term}).")
    for line in made:
        typer.echo(line)


GLOSSARY_TEMPLATE = """\
# Your district's own glossary. Entries are added to plmsg's; an entry with the same term
# as one of plmsg's replaces it. The first plain rewrite must fit in the term's place in a
# sentence ("update their PLP" -> "update their learning plan"): --fix puts it there.
jargon: []
#  - {term: PLP, acronym: Personal Learning Plan, pos: noun, plain: [learning plan]}
"""


def _make_style_paths(base: Path, rule_paths: list[str], glossaries: list[str]) -> list[str]:
    """Create the rule folders and glossary files a new config names, so that it loads (and
    every later command works) before the district has written a rule. Says what it made."""
    made = []
    try:
        for p in rule_paths:
            folder = base / p
            if folder.exists():
                continue
            if folder.suffix in (".yaml", ".yml"):
                raise _fail(f"--rule-path: {p} does not exist (give a folder, or a rule file that exists)")
            folder.mkdir(parents=True)
            made.append(f"Created {p}/ for your rule files (see 'Writing rules' in the README).")
        for p in glossaries:
            path = base / p
            if path.exists():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(GLOSSARY_TEMPLATE, encoding="utf-8")
            made.append(f"Created {p}, an empty glossary to add your terms to.")
    except OSError as exc:
        raise _fail(f"cannot create {exc.filename or 'a style folder'}: {exc.strerror or exc}") from None
    return made


@app.command()
def crawl(
    url: str = typer.Argument(..., help="The site's address (its home page, or a section's)."),
    format: Format = typer.Option(Format.auto, "--format", "-f", help="As for check."),
    audience: Optional[Audience] = typer.Option(None, help="Who the pages are for."),
    config: Optional[Path] = typer.Option(None, help="Config file (as for check)."),
    select: Optional[List[str]] = typer.Option(None, help="Rule ids or tags to run (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, help="Rule ids or tags to skip (comma-separated)."),
    min_severity: Level = typer.Option(Level.suggestion, help="Hide findings below this level."),
    fail_on: FailOn = typer.Option(FailOn.warning, help="Exit 1 when a finding at or above this exists."),
    fail_on_fetch_error: bool = typer.Option(False, "--fail-on-fetch-error",
                                             help="Exit 2 when a page cannot be fetched."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to a file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Findings only: no scorecard or summary."),
    no_color: bool = typer.Option(False, "--no-color", help="No colour, even on a terminal."),
    max_pages: int = typer.Option(500, "--max-pages", min=1, help="Check at most this many pages."),
    depth: int = typer.Option(5, "--depth", min=0, help="Links followed from the start page, at most (without a sitemap)."),
    include: Optional[List[str]] = typer.Option(None, "--include", help="Only pages whose path matches (a glob "
                                                "such as /news/**, or re:REGEX; repeatable)."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="Skip pages whose path matches (repeatable)."),
    allow_host: Optional[List[str]] = typer.Option(None, "--allow-host", help="Another host the site's pages are on."),
    shard: Optional[str] = typer.Option(None, "--shard", metavar="K/N", help="Check only the K-th of N stable "
                                        "slices of the pages found (CI matrices)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Don't read or write the cache (results, ETags)."),
    record: bool = typer.Option(False, "--record", help="Add this crawl's site summary to the history (plmsg trend)."),
) -> None:
    """Check a live site: pages from its sitemaps, or found by following its links."""
    from .crawl import Crawl, check_pattern, pages

    if not is_url(url) or not url.lower().startswith(("http://", "https://")):
        raise _fail(f"{url}: give the site's http or https address")
    for pattern in [*(include or []), *(exclude or [])]:
        problem = check_pattern(pattern)
        if problem:
            raise _fail(f"--include/--exclude: {problem}")
    k_n = None
    if shard:
        try:
            k_n = parse_shard(shard)
        except ValueError as exc:
            raise _fail(f"--shard: {exc}") from None
    entries = format is Format.json and not (output is None and sys.stdout.isatty())
    linter = _linter(config, _split(select), _split(ignore), cache=not no_cache,
                     annotate=entry_text if entries else None)
    chosen = audience.value if audience else None
    flags = SimpleNamespace(no_cache=no_cache, min_severity=min_severity, write_baseline=None, baseline=None,
                            fix=False, quiet=quiet, output=output, shard=shard, changed_since=None)
    fetcher = _fetcher(flags, linter)
    job = Crawl(url, max_pages=max_pages, depth=depth, include=tuple(include or ()), exclude=tuple(exclude or ()),
                hosts=tuple(allow_host or ()), shard=k_n)
    results: list[FileResult] = []
    try:
        for address, page in _crawl_progress(pages(job, fetcher), job, fmt_is_terminal(format, output)):
            results.append(_checked_page(linter, address, page, chosen))
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    finally:
        fetcher.close()
    linter.save_word_knowledge()
    recorded = _record(flags, linter, results) if record or linter.settings.record else None
    results, notices = _after_check(flags, linter, results, [], None)
    notices = ([recorded] if recorded else []) + job.notes + [f"plmsg: {job.discovered} pages found, {job.fetched} fetched, {len(results)} checked "
                           f"({fetcher.requests} requests)."] + notices
    fmt = _format_of(format, output)
    _finish_run(flags, fmt, linter, results, notices, recorded, fail_on, fail_on_fetch_error, no_color)


def _checked_page(linter, address: str, page, chosen) -> FileResult:
    """A crawled page checked, a linked PDF or Word document read as one, or its fetch error."""
    from .markup import MarkupError, read_document
    from .web import FetchError, shown

    display = shown(address)
    if isinstance(page, FetchError):
        return FileResult(display, error=f"{display}: {page}", fetch_failed=True)
    if page.document:
        try:
            draft = read_document(f"document{page.document}", page.data, linter.settings.max_draft_mb)
        except MarkupError as exc:
            return FileResult(display, error=f"{display}: {exc}")
        return linter.check_draft(replace(draft, path=display), audience=chosen)
    return linter.check_page(display, page.text, audience=chosen)


def _crawl_progress(items, job, enabled: bool):
    """A line on a terminal while a crawl runs: pages found, fetched, checked."""
    if not enabled:
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress, TextColumn

    with Progress(TextColumn("{task.description}"), transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("Crawling")
        for checked, item in enumerate(items, 1):
            yield item
            bar.update(task, description=f"Crawling: {job.discovered} found · {job.fetched} fetched · "
                                         f"{checked} checked")


@app.command()
def trend(
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
    config: Optional[Path] = typer.Option(None, help="Config file (the history is kept beside its cache)."),
) -> None:
    """How each principle has moved across the runs recorded with check --record."""
    import json

    from .history import HistoryError, history_path, load
    from .history import trend as trend_of
    from .render.commands import trend_table
    from .settings import load_settings

    if format not in ("text", "json"):
        raise _fail(f"unknown format {format!r} for trend (choose text or json)")
    try:
        settings = load_settings(config)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    path = history_path(settings.cache_folder())
    try:
        runs = load(path)
    except HistoryError as exc:
        raise _fail(str(exc)) from None
    if not runs:
        sys.stderr.write(f"plmsg: no history yet ({path} does not exist). Start one with "
                         "'plmsg check --record SITE' (or record: true in .plmsg.yaml); each run adds a point.\n")
    data = trend_of(runs)
    if format == "json":
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif runs:
        trend_table(data)


@app.command()
def stats(
    paths: List[str] = typer.Argument(..., help="Files or folders."),
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
    audience: Optional[Audience] = typer.Option(None, help="Who the drafts are for (sets the grade limit)."),
    config: Optional[Path] = typer.Option(None, help="Config file."),
) -> None:
    """Readability per draft and per paragraph: grade levels, reading ease and time, hardest sentences."""
    import json

    from .context import DraftContext
    from .markup import MarkupError
    from .render.commands import stats_tables
    from .stats import draft_stats

    if format not in ("text", "json"):
        raise _fail(f"unknown format {format!r} for stats (choose text or json)")
    linter = _linter(config)
    reports, errors = [], []
    for name, path in expand(paths, linter.settings):
        try:
            draft = linter.read(Path(path), name)
        except (InputError, MarkupError) as exc:
            errors.append(f"{name}: {exc}")
            continue
        who = linter.settings.audience_for(name, draft.meta, audience.value if audience else None)
        ctx = DraftContext(draft, who, linter.nlp, profile=linter.profiles[who], english=linter.english)
        reports.append(draft_stats(ctx, linter.lexicon, limit=linter.profiles[who].max_grade))
    if format == "json":
        typer.echo(json.dumps({"files": reports, "errors": errors}, indent=2, ensure_ascii=False))
    else:
        stats_tables(reports)
    for e in errors:
        sys.stderr.write(f"plmsg: error: {e}\n")
    raise typer.Exit(EXIT_USAGE if errors else EXIT_OK)


def _display_source(source: str) -> str:
    """A built-in rule file as builtin:rules/NAME; a district's relative to the working folder."""
    from .loader import data_dir

    path = Path(source)
    try:
        inside = path.resolve().relative_to(data_dir().resolve())
        if inside.parts[:1] == ("rules",):
            return "builtin:" + inside.as_posix()
    except (ValueError, OSError):
        pass
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return source


@app.command()
def lsp() -> None:
    """Run the language server over stdio, for editors: findings as you write, quick fixes, hover."""
    try:
        from .lsp import serve
    except ModuleNotFoundError as exc:
        if exc.name not in ("pygls", "lsprotocol"):
            raise
        raise _fail(str(exc)) from None
    serve()


@app.command()
def explain(
    rule: Optional[str] = typer.Argument(None, help="A rule id (omit to list the principles)."),
    config: Optional[Path] = typer.Option(None, help="Config file (to include a district's rules)."),
) -> None:
    """Why a rule matters, what it flags, and bad → better examples."""
    from .render.commands import explanation_text, principles_text

    linter = _linter(config)
    by_id = {r.id: r for r in linter.rules}
    if rule is None:
        typer.echo(principles_text(linter.principles, set(by_id), [r.id for r in linter.rules]))
        return
    from .explain import explanation

    files = next((src.files for src in linter.sources if src.spec.id == rule), ())
    e = explanation(linter, rule, lambda _: " + ".join(_display_source(f) for f in files))
    if e is None:
        raise _fail(f"unknown rule {rule!r} (see 'plmsg rules')")
    typer.echo(explanation_text(e))


def main() -> None:
    """The console script: a bug shows as one line and exit code 2, never as a traceback
    (set PLMSG_DEBUG=1 to see it), so a crash can't pass for "findings" (exit 1)."""
    # One BLAS thread per process: --jobs is how plmsg uses more cores, and a BLAS thread
    # pool would compete with the workers (and is not safe across their fork). numpy's
    # BLAS is OpenBLAS in its wheels, MKL or Accelerate in some other builds.
    for name in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
        os.environ.setdefault(name, "1")
    # A check allocates millions of small objects and frees nearly all of them by reference
    # counting. At the cycle collector's default pace (a pass every 700 allocations, and now
    # and then over the whole heap, model included) it took 1.2 s of a 15 s run over 1,200
    # drafts; at this pace, 0.15 s, with the same peak memory.
    gc.set_threshold(100_000, 50, 100)
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("plmsg: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("PLMSG_DEBUG"):
            raise
        sys.stderr.write(f"plmsg: internal error: {type(exc).__name__}: {exc} (this is a bug in plmsg; "
                         "please report it, with the output of the same command run with PLMSG_DEBUG=1)\n")
        sys.exit(EXIT_USAGE)


def run() -> None:
    """The console script and `python -m plmsg`: `main`, then an exit that skips tearing
    the interpreter down. Freeing a run's heap object by object (spaCy's model, the parsed
    sentences) takes about 0.3 s, a sixth of a one-file check, and nothing needs it: the
    report and every file plmsg writes are complete and closed by then. The output streams
    are flushed first; if that fails (a reader that went away), the exit is the usual one."""
    try:
        main()
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except (OSError, ValueError):
                raise done from None
            os._exit(done.code or 0)
        raise
