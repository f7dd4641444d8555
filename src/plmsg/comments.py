"""--annotate: a reviewed copy of a Word document, each finding a Word comment on the
words it is about. The original is never modified."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .files import DOCUMENT_FACTOR, InputError, read_bytes, replacing
from .markup import MarkupError
from .markup.word import comment_on, extract, open_word, save
from .model import FileResult
from .spec import Principle

AUTHOR = "plmsg"


class AnnotateError(Exception):
    """The reviewed copy cannot be written; the message says why in a few words."""


def review_copy_path(path: Path) -> Path:
    """letter.docx → letter.plmsg.docx, beside it."""
    return path.with_name(f"{path.stem}.plmsg{path.suffix}")


def comment_text(finding, principles: Sequence[Principle]) -> str:
    lines = [f"{finding.message} ({finding.rule})"]
    if finding.suggestions:
        label = "Rewrite" if finding.replaces else "Try"
        lines.append(f"{label}: " + " | ".join(f"“{s}”" if finding.replaces else s for s in finding.suggestions[:3]))
    principle = next((p for p in principles if finding.rule in p.rules), None)
    if principle is not None:
        lines.append(f"Principle: {principle.title}")
    return "\n".join(lines)


def write_review_copy(path: Path, result: FileResult, principles: Sequence[Principle], max_mb: int) -> Path:
    """Write `result`'s findings as comments into a copy of the Word document at `path`."""
    try:
        data = read_bytes(path, max_mb * DOCUMENT_FACTOR, what=f"a document ({DOCUMENT_FACTOR} × max_draft_mb)")
        document = open_word(data, str(path), max_mb)
    except (InputError, MarkupError) as exc:
        raise AnnotateError(str(exc)) from None
    found = extract(document)
    if found.source() != result.source:
        raise AnnotateError("the document changed while it was checked; run plmsg again")
    if not found.paras:
        raise AnnotateError("the document has no paragraph to comment on")
    whole = ((found.paras[0], 0), (found.paras[0], len(found.paras[0].text)))
    for f in sorted(result.findings, key=lambda f: (f.start, f.end)):
        start, end = found.place(f.start), found.place(f.end)
        if start is None or end is None:
            start, end = whole  # in the title, which lives in the document's properties
        elif f.end <= f.start:
            start, end = (start[0], 0), (start[0], len(start[0].text))  # on its paragraph
        comment_on(document, start, end, comment_text(f, principles))
    target = review_copy_path(path)
    try:
        with replacing(target, binary=True, sync=True) as out:
            out.write(save(document))
    except OSError as exc:
        raise AnnotateError(f"cannot write {target.name}: {exc.strerror or exc}") from None
    return target
