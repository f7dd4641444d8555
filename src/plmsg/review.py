"""Interactive review: walk a writer through each suggested rewrite in a draft.

For each finding whose suggestions are drop-in rewrites, show the sentence before and
after (exactly as it would be saved, "a"/"an" included), and let the writer accept the
first option, pick another, type their own, skip, or quit and save what they accepted so
far. Accepted edits are applied together at the end, with the same atomic write as --fix.

Input that ends early (end of file on stdin, Ctrl-D) counts as "quit and save"; Ctrl-C
stops without writing anything. A draft that is a symbolic link is not reviewed, as --fix
does not rewrite it (`files.rewrite_refusal`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from click.exceptions import Abort

from .files import InputError, read_source, rewrite_refusal, write_atomic
from .fixes import apply_edits
from .markup import DOCUMENT_SUFFIXES
from .model import Finding, Fix, LineIndex
from .wording import with_article

HELP = "[a]ccept, [1-{n}] choose, [s]kip, [e]dit, [q]uit and save"
EDIT = "  replace with (leave empty to go back)"

# How far the before/after preview reaches on each side of the rewrite, at most: one
# sentence normally, a bounded window when the "sentence" is a whole minified page.
REACH = 80
# Where a sentence stops: end punctuation (before a space, a tag or the end), a blank
# line, or a line that starts a new block (heading, list item, quote, table row, tag).
_BREAK = re.compile(r"[.!?][\"'”’)\]]*(?=\s|<|$)"
                    r"|(?:\r\n|\r|\n)(?=[ \t]*(?:\r\n|\r|\n|[#>|<]|[-*+][ \t]|\d+[.)][ \t]))")
_EDGE_TAGS = re.compile(r"^(?:\s*<[^<>]*>)+|(?:<[^<>]*>\s*)+$")


@dataclass(frozen=True)
class Reviewed:
    path: str
    accepted: int = 0
    skipped: int = 0
    written: bool = False
    error: str | None = None


QUIT = object()  # the answer "quit and save"


class _InputEnded(Exception):
    """The writer's input ended before every rewrite was answered."""


def _asking(ask: Callable[[str], str]) -> Callable[[str], str]:
    """`ask`, with the end of input turned into _InputEnded. click.prompt reports both
    the end of input and Ctrl-C as Abort; Ctrl-C goes on as KeyboardInterrupt."""
    def answer(text: str) -> str:
        try:
            return ask(text)
        except EOFError:
            raise _InputEnded from None
        except Abort as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):
                raise KeyboardInterrupt from None
            raise _InputEnded from None
    return answer


def rewrite(source: str, f: Finding, choice: str) -> Fix:
    """The edit that puts `choice` in place of the finding, with "a"/"an" made to fit."""
    start, replacement = with_article(source, f.start, f.start, choice)
    return Fix(start, f.end, replacement)


def preview(text: str, start: int, end: int, reach: int = REACH) -> str:
    """The sentence around text[start:end] on one line: at most `reach` characters on each
    side (cut at a word and marked "…"), markup at its edges left out."""
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    begin, found = lo, False
    for m in _BREAK.finditer(text, lo):
        if m.end() > start:
            break
        begin, found = m.end(), True
    m = _BREAK.search(text, end)
    stop = (m.end() if m.group()[0] in ".!?" else m.start()) if m and m.start() < hi else hi
    head = tail = ""
    if not found and lo > 0:
        if not text[lo - 1].isspace():  # the window starts inside a word: start after it
            space = text.find(" ", lo, start)
            begin = space + 1 if space >= 0 else lo
        head = "…"
    if stop == hi < len(text):
        space = text.rfind(" ", end, hi)
        stop, tail = (space if space >= 0 else hi), "…"
    return head + " ".join(_EDGE_TAGS.sub("", text[begin:stop]).split()) + tail


def review_file(linter, path: Path, display: str, audience: str | None,
                ask: Callable[[str], str], say: Callable[[str], None]) -> Reviewed:
    refusal = rewrite_refusal(Path(path))
    if refusal:
        say(f"{display}: not reviewed: {refusal}.")
        return Reviewed(display)
    if display.lower().endswith(DOCUMENT_SUFFIXES):
        return Reviewed(display, error=f"{display}: review rewrites text drafts; for a Word document use "
                                       "'plmsg check --annotate' (comments to review in Word) or --fix")
    try:
        original = read_source(Path(path), linter.settings.max_draft_mb)
    except InputError as exc:
        return Reviewed(display, error=f"{display}: {exc}")
    result = linter.check_source(display, original.text, audience=audience)
    if result.error:
        return Reviewed(display, error=result.error)
    source = original.text
    lines = LineIndex(source)
    candidates = [f for f in result.findings if f.replaces and f.suggestions]
    if not candidates:
        say(f"{display}: no rewrites to review.")
        return Reviewed(display)
    ask = _asking(ask)
    accepted: list[Fix] = []
    skipped = 0
    try:
        for n, f in enumerate(candidates, 1):
            if any(e.start < f.end and f.start < e.end for e in accepted):
                continue  # an accepted rewrite already covers this text
            options = list(f.suggestions)
            first = rewrite(source, f, options[0])
            after = apply_edits(source, [first])  # exactly what accepting would save
            say(f"\n[{n}/{len(candidates)}] {display}:{lines.position(f.start)[0]} {f.rule}: {f.message}")
            say(f"  before: {preview(source, first.start, first.end)}")
            say(f"  after:  {preview(after, first.start, first.start + len(first.replacement))}")
            if len(options) > 1:
                say("  options: " + "  ".join(f"{i}) {o}" for i, o in enumerate(options, 1)))
            choice = _choose(options, ask, say)
            if choice is QUIT:
                break
            if choice is None:
                skipped += 1
                continue
            accepted.append(rewrite(source, f, choice))
    except _InputEnded:
        say("\n(end of input: saving the rewrites accepted so far)")
    return _save(path, display, original, accepted, skipped, say)


def _choose(options: list[str], ask: Callable[[str], str], say: Callable[[str], None]) -> str | object | None:
    """The writer's rewrite, None to skip, or QUIT."""
    while True:
        answer = ask(HELP.format(n=len(options))).strip().lower() or "a"
        if answer in ("a", "accept", "y", "yes"):
            return options[0]
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1]
        if answer in ("e", "edit"):
            own = ask(EDIT).strip()
            if own:
                return own
            continue  # an empty edit never deletes the text: ask again
        if answer in ("s", "skip", "n", "no"):
            return None
        if answer in ("q", "quit"):
            return QUIT
        say("  please answer a, s, e, q or an option number")


def _save(path, display, original, accepted, skipped, say) -> Reviewed:
    edits = sorted(accepted, key=lambda e: e.start)
    char = original.unwritable(apply_edits(original.text, edits)) if edits else None
    if char is not None:  # an edit the file's encoding (Windows-1252) cannot hold
        return Reviewed(display, error=f"{display}: the rewrites hold {char!r}, which {original.codec} cannot "
                        "write; the file is unchanged")
    try:
        written = write_atomic(Path(path), original, apply_edits(original.text, edits)) if edits else False
    except OSError as exc:
        return Reviewed(display, error=f"{display}: cannot write ({exc.strerror or exc}); the file is unchanged")
    say(f"{display}: {len(edits)} rewrite{'s' if len(edits) != 1 else ''} accepted, {skipped} skipped"
        + ("; saved." if written else "."))
    return Reviewed(display, len(edits), skipped, written)
