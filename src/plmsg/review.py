"""Interactive review: walk a writer through each suggested rewrite in a draft.

For each finding whose suggestions are drop-in rewrites, show the line before and
after, and let the writer accept the first option, pick another, type their own, skip,
or quit and save what they accepted so far. Accepted edits are applied together at the
end, with the same atomic write as --fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .files import InputError, read_source, write_atomic
from .fixes import apply_edits
from .kinds.base import with_article
from .model import Finding, Fix, LineIndex

HELP = "[a]ccept, [1-{n}] choose, [s]kip, [e]dit, [q]uit and save"


@dataclass(frozen=True)
class Reviewed:
    path: str
    accepted: int = 0
    skipped: int = 0
    written: bool = False
    error: str | None = None


def _line_of(source: str, lines: LineIndex, f: Finding) -> tuple[str, int, int]:
    """The finding's line, and where the finding sits in it."""
    line, col = lines.position(f.start)
    start = lines.starts[line - 1]
    end = lines.starts[line] if line < len(lines.starts) else len(source)
    text = source[start:end].rstrip("\r\n")
    a = f.start - start
    return text, a, min(len(text), a + (f.end - f.start))


def review_file(linter, path: Path, display: str, audience: str | None,
                ask: Callable[[str], str], say: Callable[[str], None]) -> Reviewed:
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
    accepted: list[Fix] = []
    skipped = 0
    for n, f in enumerate(candidates, 1):
        if any(e.start < f.end and f.start < e.end for e in accepted):
            continue  # an accepted rewrite already covers this text
        options = list(f.suggestions)
        text, a, z = _line_of(source, lines, f)
        line = lines.position(f.start)[0]
        say(f"\n[{n}/{len(candidates)}] {display}:{line} {f.rule}: {f.message}")
        say(f"  before: {text.strip()}")
        say(f"  after:  {(text[:a] + options[0] + text[z:]).strip()}")
        if len(options) > 1:
            say("  options: " + "  ".join(f"{i}) {o}" for i, o in enumerate(options, 1)))
        while True:
            answer = ask(HELP.format(n=len(options))).strip().lower() or "a"
            if answer in ("a", "accept", "y", "yes"):
                choice = options[0]
            elif answer.isdigit() and 1 <= int(answer) <= len(options):
                choice = options[int(answer) - 1]
            elif answer in ("e", "edit"):
                choice = ask("  replace with")
            elif answer in ("s", "skip", "n", "no"):
                choice = None
            elif answer in ("q", "quit"):
                return _save(path, display, original, accepted, skipped, say)
            else:
                say("  please answer a, s, e, q or an option number")
                continue
            break
        if choice is None:
            skipped += 1
            continue
        start, replacement = with_article(source, f.start, f.start, choice)  # "an" → "a" if needed
        accepted.append(Fix(start, f.end, replacement))
    return _save(path, display, original, accepted, skipped, say)


def _save(path, display, original, accepted, skipped, say) -> Reviewed:
    edits = sorted(accepted, key=lambda e: e.start)
    try:
        written = write_atomic(Path(path), original, apply_edits(original.text, edits)) if edits else False
    except OSError as exc:
        return Reviewed(display, error=f"{display}: cannot write ({exc.strerror or exc}); the file is unchanged")
    say(f"{display}: {len(edits)} rewrite{'s' if len(edits) != 1 else ''} accepted, {skipped} skipped"
        + ("; saved." if written else "."))
    return Reviewed(display, len(edits), skipped, written)
