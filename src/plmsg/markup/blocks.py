"""What the markup readers share: building prose blocks with exact offsets, decoding HTML
character references, reading plmsg's suppression comments, and the error they raise."""

from __future__ import annotations

from html import unescape as _unescape
import re

from ..model import Block, Directive, OffsetMap

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
TEXT_FORMATS = MARKDOWN_SUFFIXES + HTML_SUFFIXES + TEXT_SUFFIXES  # read as text, and rewritten as text
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".eml")  # read from their bytes by their own readers
SUFFIXES = TEXT_FORMATS + DOCUMENT_SUFFIXES


class MarkupError(Exception):
    """The file cannot be read as prose (for example, its front matter is broken)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


# A whitespace run other than one plain space (which is kept as it is): a line break, a
# tab, a no-break space, several spaces.
_FOLDED_SPACE = re.compile(r"(?! (?!\s))\s+")


class BlockBuilder:
    """Collects prose pieces and their source spans for one block.

    Whitespace runs are folded into one space (as a browser or a reader would see them),
    and that space maps to the whole run, so phrase matching works across line wraps.
    """

    def __init__(self, kind: str, level: int = 0) -> None:
        self.kind = kind
        self.level = level
        self._parts: list[str] = []
        self._offsets = OffsetMap()

    def verbatim(self, source: str, start: int, end: int) -> None:
        pos = start
        for m in _FOLDED_SPACE.finditer(source, start, end):
            if m.start() > pos:
                self._parts.append(source[pos : m.start()])
                self._offsets.add_verbatim(pos, m.start() - pos)
            self._parts.append(" ")
            self._offsets.add_replaced(1, m.start(), m.end())
            pos = m.end()
        if end > pos:
            self._parts.append(source[pos:end])
            self._offsets.add_verbatim(pos, end - pos)

    def replaced(self, text: str, start: int, end: int) -> None:
        """Prose that stands for a source span of another shape (an entity, an escape)."""
        if text:
            self._parts.append(text)
            self._offsets.add_replaced(len(text), start, end)

    def separator(self, at: int) -> None:
        """A space that stands for markup between words (a line break, a tag)."""
        self._parts.append(" ")
        self._offsets.add_replaced(1, at, at)

    def with_entities(self, source: str, start: int, end: int) -> None:
        """Verbatim text in which HTML character references are decoded."""
        pos = start
        for m in ENTITY.finditer(source, start, end):
            if m.start() > pos:
                self.verbatim(source, pos, m.start())
            self.replaced(decode_entity(m.group()), m.start(), m.end())
            pos = m.end()
        if end > pos:
            self.verbatim(source, pos, end)

    def build(self) -> Block | None:
        text = "".join(self._parts)
        left = len(text) - len(text.lstrip())
        right = len(text.rstrip())
        if right <= left:
            return None
        offsets = self._offsets.slice(left, right)
        return Block(kind=self.kind, text=text[left:right], offsets=offsets, level=self.level)


ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")


def decode_entity(ref: str) -> str:
    decoded = _unescape(ref)
    # A no-break space is a space to a reader; "&foo;" that names nothing stays as written.
    return " " if decoded.isspace() else decoded


_DIRECTIVE = re.compile(
    r"^\s*plmsg-(disable-next-line|disable-file|disable|enable)(?:\s+(.*?))?\s*$", re.S
)


def parse_directive(comment: str, start: int, end: int) -> Directive | None:
    """Reads ``plmsg-disable a,b`` and friends from a comment's inner text."""
    m = _DIRECTIVE.match(comment)
    if not m:
        return None
    rules = tuple(r for r in re.split(r"[\s,]+", m.group(2) or "") if r)
    return Directive(action=m.group(1), rules=rules, start=start, end=end)
