"""Plain text → prose blocks: paragraphs split on blank lines, list lines, a headline.

An email's ``Subject:`` line and a short first line without end punctuation are the
headline; short unpunctuated lines standing alone are headings.
"""

from __future__ import annotations

import re

from ..model import Draft
from .blocks import BlockBuilder

_NL = r"(?:\r\n|\r(?!\n)|\n)"
_PARAGRAPH = re.compile(rf"{_NL}[ \t]*{_NL}(?:[ \t]*{_NL})*")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*•–]|\d{1,3}[.)])[ \t]+")
_SUBJECT = re.compile(r"[ \t]*Subject:[ \t]*", re.I)
_END_PUNCT = tuple(".!?:;,\"')”’")


def read_text(path: str, source: str) -> Draft:
    blocks = []
    start = 1 if source.startswith("\ufeff") else 0
    paragraphs = []
    for m in _PARAGRAPH.finditer(source, start):
        paragraphs.append((start, m.start()))
        start = m.end()
    paragraphs.append((start, len(source)))

    first = True
    for p_start, p_end in paragraphs:
        lines = [(m.start(), m.start() + len(m.group().rstrip("\r\n")))
                 for m in _LINE.finditer(source, p_start, p_end) if m.group()]
        lines = [(a, b) for a, b in lines if source[a:b].strip()]
        if not lines:
            continue
        if first:
            subject = _SUBJECT.match(source, lines[0][0], lines[0][1])
            if subject:
                blocks += _build("title", source, [(subject.end(), lines[0][1])], level=1)
                lines = lines[1:]
                if not lines:
                    continue
        if len(lines) == 1 and _looks_like_heading(source[lines[0][0] : lines[0][1]]):
            blocks += _build("heading", source, lines, level=1 if first else 2)
            first = False
            continue
        first = False
        if any(_LIST_MARKER.match(source, a, b) for a, b in lines):
            blocks += _list_items(source, lines)
        else:
            blocks += _build("paragraph", source, lines)
    return Draft(path=path, source=source, format="text", blocks=tuple(blocks))


def _looks_like_heading(line: str) -> bool:
    text = line.strip()
    return 0 < len(text.split()) <= 12 and not text.endswith(_END_PUNCT) and not _LIST_MARKER.match(line)


def _list_items(source: str, lines):
    """Each marked line starts an item; unmarked lines continue the item above."""
    items: list[list[tuple[int, int]]] = []
    for a, b in lines:
        marker = _LIST_MARKER.match(source, a, b)
        if marker:
            items.append([(marker.end(), b)])
        elif items:
            items[-1].append((a, b))
        else:
            items.append([(a, b)])
    blocks = []
    for item in items:
        blocks += _build("list_item", source, item)
    return blocks


def _build(kind: str, source: str, lines, level: int = 0):
    builder = BlockBuilder(kind, level)
    for i, (a, b) in enumerate(lines):
        if i:
            builder.separator(a)
        builder.verbatim(source, a, b)
    block = builder.build()
    return [block] if block else []
