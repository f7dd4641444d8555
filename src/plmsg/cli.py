"""The command line: flags → settings → linter → renderer → exit code."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

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


def _linter(config: Optional[Path], select=None, ignore=()):
    from .linter import Linter
    from .settings import load_settings
    from .yamlio import ConfigError

    try:
        settings = load_settings(config)
        return Linter(settings, nlp=make_nlp(), select=select or None, ignore=ignore)
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
                                  help="auto: text on a terminal, concise otherwise."),
    audience: Optional[Audience] = typer.Option(None, help="Who the drafts are for."),
    config: Optional[Path] = typer.Option(None, help="Config file (default: .plmsg.yaml or "
                                          "[tool.plmsg] in pyproject.toml, found upward)."),
    select: Optional[List[str]] = typer.Option(None, help="Rule ids or tags to run (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, help="Rule ids or tags to skip (comma-separated)."),
    min_severity: Level = typer.Option(Level.suggestion, help="Hide findings below this level."),
    fail_on: FailOn = typer.Option(FailOn.warning, help="Exit 1 when a finding at or above this exists."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to a file."),
    stdin_filename: Optional[str] = typer.Option(None, help="Name (and so format) for stdin."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the findings, no summary."),
    no_color: bool = typer.Option(False, "--no-color", help="No colour, even on a terminal."),
) -> None:
    """Check drafts and report what to change, with a suggested rewrite for each finding."""
    from .discovery import expand
    from .linter import FileResult, at_least
    from .model import Severity
    from .nlp import MODEL_HINT
    from .render import Report, render

    if not paths:
        raise _fail("give at least one file or folder to check (or - for stdin)")
    linter = _linter(config, _split(select), _split(ignore))
    chosen = audience.value if audience else None
    results: list[FileResult] = []
    for name, path in expand(paths, linter.settings):
        if name == "-":
            display = stdin_filename or "<stdin>"
            try:
                source = sys.stdin.buffer.read()
                from .linter import InputError, decode

                text = decode(source)
            except (InputError, OSError) as exc:
                results.append(FileResult(display, error=f"{display}: {exc}"))
                continue
            results.append(linter.check_source(display, text, audience=chosen))
        else:
            results.append(linter.check_file(path, audience=chosen, display=name))

    level = Severity(min_severity.value)
    results = [FileResult(r.path, r.audience, r.stats, tuple(at_least(r.findings, level)), r.error, r.source)
               if not r.error else r for r in results]

    notices = []
    skipped = linter.skipped_for_model(linter.rules)
    if skipped:
        notices.append(f"plmsg: skipped {', '.join(skipped)}: they need the spaCy English model, "
                       f"which is not installed (install it with: {MODEL_HINT}).")
    fmt = format.value
    to_terminal = output is None and sys.stdout.isatty()
    if fmt == "auto":
        fmt = "text" if to_terminal else "concise"
    color = to_terminal and not no_color and "NO_COLOR" not in os.environ
    report = Report(files=results, color=color, version=__version__,
                    notices=[] if quiet or fmt != "text" else notices)
    if fmt != "text" or quiet:
        for n in notices:
            sys.stderr.write(n + "\n")
    try:
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as out:
                render(fmt, report, out)
        else:
            render(fmt, report, sys.stdout)
    except BrokenPipeError:  # the reader went away (| head): stop writing, keep the exit code
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError as exc:
        raise _fail(f"cannot write {output or 'the report'}: {exc.strerror or exc}") from None

    if any(r.error for r in results):
        for r in results:
            if r.error and fmt not in ("text", "concise"):
                sys.stderr.write(f"plmsg: error: {r.error}\n")
        raise typer.Exit(EXIT_USAGE)
    if fail_on is not FailOn.never:
        threshold = Severity(fail_on.value)
        if any(at_least(r.findings, threshold) for r in results):
            raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


@app.command()
def rules(
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
    config: Optional[Path] = typer.Option(None, help="Config file (to include a district's rules)."),
) -> None:
    """List every rule: id, kind, severity, scope, audiences, fixable, source."""
    import json

    if format not in ("text", "json"):
        raise _fail(f"unknown format {format!r} for rules (choose text or json)")
    linter = _linter(config)
    rows = []
    for r in linter.rules:
        rows.append({
            "id": r.id, "kind": r.spec.kind, "severity": r.spec.severity.value, "scope": r.scope,
            "audiences": list(r.spec.audiences), "fixable": r.fixable, "needs_model": r.needs_model,
            "tags": list(r.spec.tags), "summary": r.spec.summary, "source": _display_source(r.spec.source),
        })
    if format == "json":
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for col in ("id", "kind", "severity", "scope", "audiences", "fixable"):
        table.add_column(col, no_wrap=True)
    table.add_column("summary", overflow="fold", min_width=20)
    for row in rows:
        aud = "all" if len(row["audiences"]) == 5 else ", ".join(row["audiences"])
        table.add_row(row["id"], row["kind"], row["severity"], row["scope"], aud,
                      "yes" if row["fixable"] else "no", row["summary"])
    Console(no_color="NO_COLOR" in os.environ).print(table)


def _display_source(source: str) -> str:
    from .loader import data_dir

    try:
        return "builtin:" + Path(source).relative_to(data_dir()).as_posix()
    except ValueError:
        return source


@app.command()
def explain(
    rule: Optional[str] = typer.Argument(None, help="A rule id (omit to list the rules)."),
    config: Optional[Path] = typer.Option(None, help="Config file (to include a district's rules)."),
) -> None:
    """Why a rule matters, what it flags, and bad → better examples."""
    linter = _linter(config)
    by_id = {r.id: r for r in linter.rules}
    if rule is None:
        for r in linter.rules:
            typer.echo(f"{r.id:<18} {r.spec.summary}")
        typer.echo("\nRun 'plmsg explain RULE' for the why, examples, and fix safety.")
        return
    if rule not in by_id:
        raise _fail(f"unknown rule {rule!r} (see 'plmsg rules')")
    r = by_id[rule]
    spec = r.spec
    out = [f"{spec.id} ({spec.kind}, {spec.severity.value}, {r.scope})", "", spec.summary, "",
           "Why it matters", "", spec.explain, ""]
    if spec.bad:
        out += ["Would be flagged"] + [f"  ✗ {_one_line(e.text)}" for e in spec.bad] + [""]
    if spec.good:
        out += ["Would pass"] + [f"  ✓ {_one_line(e.text)}" for e in spec.good] + [""]
    audiences = "all audiences" if len(spec.audiences) == 5 else ", ".join(spec.audiences)
    out.append(f"Applies to: {audiences}.")
    out.append("Fix: " + ("a safe rewrite (the `fix` field in JSON output)." if r.fixable else
                          "suggestions only; the writer decides."))
    if r.needs_model:
        out.append("Needs the spaCy English model (pip install \"plmsg[model]\").")
    typer.echo("\n".join(out))


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines() if line.strip())


def main() -> None:
    app()
