"""Applying rewrites: choose edits, apply them, re-lint, repeat, within bounds.

The loop is sqlfluff's: apply the non-overlapping edits of one pass, lint the result
again, and stop when a pass has nothing left to apply. If the text comes back to a state
it was in before (two rules rewriting each other), or the pass limit is reached, the
original text is kept and the reason reported: a file is never left half-fixed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from pathlib import Path

from .files import DOCUMENT_FACTOR, InputError, read_bytes, read_source, replacing, rewrite_refusal, write_atomic
from .linter import read_document_file
from .markup import MarkupError
from .markup.word import apply_edit, edit_refusal, extract, open_word, save
from .model import FileResult, Finding, Fix


MAX_PASSES = 10


@dataclass(frozen=True)
class FixOutcome:
    text: str  # the fixed text, or the original when the loop gave up
    applied: int  # edits applied (0 when the loop gave up)
    passes: int
    problem: str | None = None  # why the original was kept


def choose_edits(findings: Sequence[Finding], unsafe: bool = False) -> list[Fix]:
    """The edits of one pass: applicable, in order, none overlapping another."""
    edits = sorted((f.fix for f in findings if f.fix and (f.fix.safe or unsafe)),
                   key=lambda e: (e.start, e.end))
    chosen: list[Fix] = []
    for edit in edits:
        if chosen and edit.start < chosen[-1].end:
            continue  # overlaps the previous edit: the next pass will see it again
        if chosen and edit.start == chosen[-1].start:
            continue
        chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: Sequence[Fix]) -> str:
    out, pos = [], 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def fix_text(text: str, lint: Callable[[str], Sequence[Finding]], unsafe: bool = False,
             max_passes: int = MAX_PASSES) -> FixOutcome:
    """Lint, apply a pass of edits, and lint again until nothing changes."""
    seen = {text}
    current, applied = text, 0
    for n in range(1, max_passes + 1):
        edits = choose_edits(lint(current), unsafe)
        if not edits:
            return FixOutcome(current, applied, n - 1)
        following = apply_edits(current, edits)
        if following in seen:
            return FixOutcome(text, 0, n, "the rewrites undo each other (oscillation); nothing was changed")
        seen.add(following)
        current, applied = following, applied + len(edits)
    if choose_edits(lint(current), unsafe):
        return FixOutcome(text, 0, max_passes,
                          f"still rewriting after {max_passes} passes; nothing was changed")
    return FixOutcome(current, applied, max_passes)


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


@dataclass(frozen=True)
class FileFix:
    """What --fix or --diff did to one file."""

    result: object  # the FileResult of the text as it now stands
    applied: int = 0
    before: str = ""
    after: str = ""
    written: bool = False
    problem: str | None = None  # why nothing was changed, when something should have been
    skipped: tuple[str, ...] = ()  # why each rewrite that was left out was (a Word document's)


def fix_file(linter, path, display: str, audience: str | None, unsafe: bool, write: bool) -> FileFix:
    """Fix one draft file in place (or only compute the fixed text, for --diff)."""
    suffix = Path(display).suffix.lower()
    if suffix == ".docx":
        return fix_word_file(linter, path, display, audience, unsafe, write)
    if suffix in (".pdf", ".eml"):  # checked as usual, never rewritten
        try:
            result = linter.check_draft(read_document_file(Path(path), display, linter.settings.max_draft_mb), audience)
        except (InputError, MarkupError) as exc:
            return FileFix(FileResult(display, error=f"{display}: {exc}"))
        what = "a PDF" if suffix == ".pdf" else "a saved e-mail"
        problem = (f"plmsg cannot change {what}; make the rewrites in the document it came from"
                   if choose_edits(result.findings, unsafe) else None)
        return FileFix(result, before=result.source or "", after=result.source or "", problem=problem)
    try:
        original = read_source(Path(path), linter.settings.max_draft_mb)
    except InputError as exc:
        return FileFix(FileResult(display, error=f"{display}: {exc}"))
    note = (f"plmsg: {display} {original.note}.",) if original.note else ()  # read as Windows-1252
    first = linter.check_source(display, original.text, audience=audience)
    first = replace(first, notes=note + first.notes)
    if first.error or not choose_edits(first.findings, unsafe):
        return FileFix(first, before=original.text, after=original.text)

    def lint(text: str):
        return linter.check_source(display, text, audience=audience).findings

    outcome = fix_text(original.text, lint, unsafe)
    if outcome.problem:
        return FileFix(first, before=original.text, after=original.text, problem=outcome.problem)
    char = original.unwritable(outcome.text)
    if char is not None:  # a rewrite holds a character the file's encoding (Windows-1252) cannot
        return FileFix(first, before=original.text, after=original.text,
                       problem=f"the rewrites hold {char!r}, which {original.codec} cannot write; nothing was changed")
    final = linter.check_source(display, outcome.text, audience=audience)
    final = replace(final, notes=note + final.notes)
    if not write:
        return FileFix(final, outcome.applied, original.text, outcome.text)
    refusal = rewrite_refusal(Path(path))
    if refusal:
        return FileFix(first, before=original.text, after=original.text, problem=refusal)
    try:
        written = write_atomic(Path(path), original, outcome.text)
    except OSError as exc:
        error = f"{display}: cannot write the fixed draft ({exc.strerror or exc}); the file is unchanged"
        return FileFix(FileResult(display, error=error), before=original.text, after=original.text)
    return FileFix(final, outcome.applied, original.text, outcome.text, written=written)


def fix_word_file(linter, path, display: str, audience: str | None, unsafe: bool, write: bool) -> FileFix:
    """--fix on a Word document: each rewrite is made inside the run that holds the words,
    in that run's formatting. A rewrite that would span runs formatted differently, a tab
    or break, a tracked change or two paragraphs is left out, and the reason counted."""
    max_mb = linter.settings.max_draft_mb
    try:
        data = read_bytes(Path(path), max_mb * DOCUMENT_FACTOR, what=f"a document ({DOCUMENT_FACTOR} × max_draft_mb)")
        document = open_word(data, display, max_mb)
    except (InputError, MarkupError) as exc:
        return FileFix(FileResult(display, error=f"{display}: {exc}"))
    found = extract(document)
    before = found.source()
    first = linter.check_draft(found.draft(display), audience)
    if first.error or not choose_edits(first.findings, unsafe):
        return FileFix(first, before=before, after=before)
    refused: dict[tuple, str] = {}  # (paragraph, words, rewrite) → why it was left out
    seen, current, applied = {before}, first, 0
    for _ in range(MAX_PASSES):
        source = found.source()
        wanted = [f for f in current.findings
                  if f.fix and _key(found, source, f.fix) not in refused]
        edits = choose_edits(wanted, unsafe)
        if not edits:
            break
        for edit in reversed(edits):  # right to left: the offsets before each edit still hold
            where, why = found.place(edit.start), None
            end = found.place(edit.end)
            if where is None or end is None:
                why = "it is in the document's properties, not its text"
            elif end[0] is not where[0]:
                why = "it spans two paragraphs"
            else:
                why = edit_refusal(where[0], where[1], end[1], edit.replacement)
            if why:
                refused[_key(found, source, edit)] = why
                continue
            apply_edit(where[0], where[1], end[1], edit.replacement)
            applied += 1
        after = found.source()
        if after in seen and after != source:
            return FileFix(first, before=before, after=before,
                           problem="the rewrites undo each other (oscillation); nothing was changed")
        seen.add(after)
        current = linter.check_draft(found.draft(display), audience)
    else:
        return FileFix(first, before=before, after=before,
                       problem=f"still rewriting after {MAX_PASSES} passes; nothing was changed")
    after = found.source()
    skipped = tuple(refused.values())
    if not write or after == before:
        return FileFix(current, applied, before, after, skipped=skipped)
    refusal = rewrite_refusal(Path(path))
    if refusal:
        return FileFix(first, before=before, after=before, problem=refusal)
    try:
        with replacing(Path(path), binary=True, sync=True) as out:
            out.write(save(document))
    except OSError as exc:
        error = f"{display}: cannot write the fixed document ({exc.strerror or exc}); the file is unchanged"
        return FileFix(FileResult(display, error=error), before=before, after=before)
    return FileFix(current, applied, before, after, written=True, skipped=skipped)


def _key(found, source: str, edit: Fix) -> tuple:
    where = found.place(edit.start)
    return (id(where[0]) if where else None, source[edit.start:edit.end], edit.replacement)
