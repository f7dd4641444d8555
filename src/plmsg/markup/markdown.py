"""Markdown (CommonMark + tables, with YAML front matter) → prose blocks.

markdown-it gives block structure with line ranges and inline tokens in source order.
Each inline piece is found in the source from a cursor that only moves forward, inside
its own block's lines, so offsets are exact even inside emphasis, links and entities.
"""

from __future__ import annotations

from functools import lru_cache
import re

from ..model import Block, Directive, Draft, LineIndex
from ..yamlio import ConfigError, load_yaml, scalar_span
from .blocks import BlockBuilder, MarkupError, parse_directive
from .html import read_html_fragment

_FRONT_MATTER = re.compile(
    r"\A(\ufeff?)---[ \t]*(?:\r\n|\r|\n)(.*?)(?:\r\n|\r|\n)(?:---|\.\.\.)[ \t]*(?=\r\n|\r|\n|\Z)",
    re.S,
)
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


@lru_cache(maxsize=1)
def _parser():
    """One parser per process: building it (its rule chains) cost as much as parsing a
    page. Each `parse` keeps its state apart, so it is reused."""
    from markdown_it import MarkdownIt  # 60 ms to import: only when a Markdown draft is read

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    md.disable("text_join")  # keep entities and escapes as their own tokens
    return md


def read_markdown(path: str, source: str) -> Draft:
    meta: dict = {}
    blocks: list[Block] = []
    text = source
    fm = _FRONT_MATTER.match(source)
    if fm:
        body_start = fm.start(2)
        first_line = source.count("\n", 0, body_start) + 1
        try:
            located = load_yaml(fm.group(2), path, line_offset=first_line - 1)
        except ConfigError as exc:
            raise MarkupError(f"front matter: {exc.detail}", exc.line) from None
        if located.data is not None and not isinstance(located.data, dict):
            raise MarkupError("front matter must be a mapping of keys to values", first_line)
        meta = located.data or {}
        title = meta.get("title")
        if isinstance(title, str) and title.strip():
            span = scalar_span(fm.group(2), ("title",))
            if span and fm.group(2)[span[0] : span[1]] == title:
                builder = BlockBuilder("title", 1)
                builder.verbatim(source, body_start + span[0], body_start + span[1])
                block = builder.build()
                if block:
                    blocks.append(block)
        # Blank the front matter (keeping line breaks) so lines stay where they were.
        text = "".join(c if c in "\r\n" else " " for c in source[: fm.end()]) + source[fm.end() :]
    reader = _MarkdownReader(path, source, text.replace("\0", "\ufffd"))
    reader.read()
    return Draft(
        path=path,
        source=source,
        format="markdown",
        blocks=tuple(sorted(blocks + reader.blocks, key=lambda b: b.source_span(0, 1)[0])),
        meta=meta,
        links=tuple(reader.links),
        directives=tuple(reader.directives),
    )


class _MarkdownReader:
    def __init__(self, path: str, source: str, text: str) -> None:
        self.path = path
        self.source = source
        self.text = text  # same length as source; front matter blanked, NULs replaced
        self.line_starts = LineIndex(source).starts
        self.blocks: list[Block] = []
        self.links: list[str] = []
        self.directives: list[Directive] = []

    def line_offset(self, line: int) -> int:
        """Offset where a 0-based markdown-it line starts (or the end of the text)."""
        return self.line_starts[line] if line < len(self.line_starts) else len(self.text)

    def read(self) -> None:
        tokens = _parser().parse(self.text)
        kinds: list[str] = []  # enclosing containers
        row_map = None
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            t = tok.type
            if t.endswith("_open"):
                kinds.append(t[:-5])
                if t == "tr_open":
                    row_map = tok.map
                if t == "heading_open":
                    level = int(tok.tag[1:])
                    self._inline(tokens[i + 1], "heading", level, tok.map)
                    i += 1
            elif t.endswith("_close"):
                if kinds:
                    kinds.pop()
            elif t == "inline":
                if "th" in kinds[-1:] or "td" in kinds[-1:]:
                    self._inline(tok, "table_cell", 0, row_map)
                else:
                    kind = "list_item" if "list_item" in kinds else "paragraph"
                    if "blockquote" in kinds:
                        kind = "quote"
                    self._inline(tok, kind, 0, tok.map)
            elif t == "html_block" and tok.map:
                self._html_block(tok.map)
            i += 1

    def _html_block(self, line_map: list[int]) -> None:

        start = self.line_offset(line_map[0])
        end = self.line_offset(line_map[1])
        fragment = read_html_fragment(self.source, start, end)
        self.blocks.extend(fragment.blocks)
        self.links.extend(fragment.links)
        self.directives.extend(fragment.directives)

    def _inline(self, inline, kind: str, level: int, line_map) -> None:
        if not line_map:
            return
        start = self.line_offset(line_map[0])
        limit = self.line_offset(line_map[1])
        walker = _InlineWalker(self, start, limit)
        builder = BlockBuilder(kind, level)
        walker.walk(inline.children or [], builder)
        block = builder.build()
        if block:
            self.blocks.append(block)


class _InlineWalker:
    """Aligns inline tokens with the source, moving a cursor forward only."""

    def __init__(self, reader: _MarkdownReader, start: int, limit: int) -> None:
        self.reader = reader
        self.text = reader.text
        self.cursor = start
        self.limit = limit

    def find(self, piece: str) -> int:
        return self.text.find(piece, self.cursor, self.limit) if piece else -1

    def walk(self, children, builder: BlockBuilder) -> None:
        autolink = False
        for tok in children:
            t = tok.type
            if t == "text":
                if autolink:
                    continue  # the URL of <https://...> is not prose
                at = self.find(tok.content)
                if at < 0:
                    continue  # never guess an offset: drop the piece instead
                builder.verbatim(self.reader.source, at, at + len(tok.content))
                self.cursor = at + len(tok.content)
            elif t == "text_special":
                at = self.find(tok.markup)
                if at < 0:
                    continue
                builder.replaced(tok.content, at, at + len(tok.markup))
                self.cursor = at + len(tok.markup)
            elif t in ("softbreak", "hardbreak"):
                builder.separator(self.cursor)
            elif t == "code_inline":
                self._skip_code(tok.markup)
                builder.separator(self.cursor)
            elif t == "html_inline":
                at = self.find(tok.content)
                if at >= 0:
                    self.cursor = at + len(tok.content)
                    m = _COMMENT.fullmatch(tok.content)
                    if m:
                        d = parse_directive(m.group(1), at, self.cursor)
                        if d:
                            self.reader.directives.append(d)
            elif t == "link_open":
                href = tok.attrGet("href")
                if href:
                    self.reader.links.append(str(href))
                autolink = tok.markup == "autolink"
                if not autolink:
                    at = self.find("[")
                    if at >= 0:
                        self.cursor = at + 1
            elif t == "link_close":
                if autolink:
                    at = self.find(">")
                    if at >= 0:
                        self.cursor = at + 1
                    autolink = False
                else:
                    self._skip_destination()
            elif t == "image":
                at = self.find("![")
                if at >= 0:
                    self.cursor = at + 2
                alt = BlockBuilder("alt_text")
                self.walk(tok.children or [], alt)
                self._skip_destination()
                block = alt.build()
                if block:
                    self.reader.blocks.append(block)
            # em/strong/s open and close: their markers are simply not prose.

    def _skip_code(self, marker: str) -> None:
        at = self.find(marker)
        if at < 0:
            return
        pos = at + len(marker)
        while True:
            close = self.text.find(marker, pos, self.limit)
            if close < 0:
                self.cursor = at + len(marker)
                return
            run_end = close
            while run_end < self.limit and self.text[run_end] == "`":
                run_end += 1
            if run_end - close == len(marker):
                self.cursor = run_end
                return
            pos = run_end

    def _skip_destination(self) -> None:
        """Move past ``](url "title")``, ``][ref]`` or ``]`` after a link's text."""
        text, pos = self.text, self.cursor
        close = text.find("]", pos, self.limit)
        if close < 0:
            return
        pos = close + 1
        if pos < self.limit and text[pos] == "(":
            depth = 0
            quote = None
            while pos < self.limit:
                c = text[pos]
                if quote:
                    if c == quote:
                        quote = None
                elif c in "\"'" and depth == 1 and text[pos - 1].isspace():
                    quote = c
                elif c == "\\":
                    pos += 1
                elif c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                    if depth == 0:
                        pos += 1
                        break
                pos += 1
        elif pos < self.limit and text[pos] == "[":
            end = text.find("]", pos, self.limit)
            if end >= 0:
                pos = end + 1
        self.cursor = pos
