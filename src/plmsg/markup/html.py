"""HTML → prose blocks, with exact offsets across tags and character references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..model import Block, Directive, Draft
from .blocks import BlockBuilder, decode_entity, parse_directive

# Content that is never prose.
_SKIP = {"script", "style", "code", "pre", "noscript", "template", "svg", "math", "textarea",
         "select", "kbd", "samp", "var", "iframe", "object"}
# Elements that start and end a run of prose.
_BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd", "blockquote",
    "figcaption", "caption", "title", "div", "section", "article", "main", "header",
    "footer", "nav", "aside", "ul", "ol", "dl", "table", "tr", "thead", "tbody", "tfoot",
    "form", "fieldset", "legend", "address", "figure", "hr", "body", "head", "html",
    "details", "summary", "label", "button", "option",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


@dataclass
class Fragment:
    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)


def read_html(path: str, source: str) -> Draft:
    fragment = read_html_fragment(source, 0, len(source))
    return Draft(path=path, source=source, format="html", blocks=tuple(fragment.blocks),
                 links=tuple(fragment.links), directives=tuple(fragment.directives))


def read_html_fragment(source: str, start: int, end: int) -> Fragment:
    parser = _ProseParser(source, start)
    parser.feed(source[start:end])
    parser.close()
    parser.flush()
    return parser.fragment


class _ProseParser(HTMLParser):
    def __init__(self, source: str, base: int) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.base = base
        self.fragment = Fragment()
        self.stack: list[str] = []
        self.skip_depth = 0
        self.builder: BlockBuilder | None = None
        # HTMLParser reports (line, column) counting "\n" only; map that back to offsets.
        self._nl = [0]
        self._nl_text_end = base

    # -- positions -------------------------------------------------------------------------
    def _offset(self) -> int:
        line, col = self.getpos()
        while len(self._nl) < line:
            nxt = self.source.find("\n", self._nl_text_end)
            self._nl.append(nxt + 1 - self.base)
            self._nl_text_end = nxt + 1
        return self.base + self._nl[line - 1] + col

    # -- blocks ----------------------------------------------------------------------------
    def _kind(self) -> tuple[str, int]:
        for tag in reversed(self.stack):
            if tag == "title":
                return "title", 1
            if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                return "heading", int(tag[1])
            if tag in ("li", "dt", "dd"):
                return "list_item", 0
            if tag in ("td", "th"):
                return "table_cell", 0
            if tag == "blockquote":
                return "quote", 0
        return "paragraph", 0

    def flush(self) -> None:
        if self.builder is not None:
            block = self.builder.build()
            if block:
                self.fragment.blocks.append(block)
            self.builder = None

    def _current(self) -> BlockBuilder:
        if self.builder is None:
            kind, level = self._kind()
            self.builder = BlockBuilder(kind, level)
        return self.builder

    # -- declarations ----------------------------------------------------------------------
    def parse_html_declaration(self, i: int) -> int:
        # The standard library raises AssertionError on a malformed "<!...>" such as
        # "<![[[" or "<!DOCTYPE x [", after moving its position. Browsers read those as a
        # bogus comment up to the next ">" (or the end): so do we, from where it started.
        position = self.getpos()
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            self.lineno, self.offset = position
            close = self.rawdata.find(">", i)
            return close + 1 if close >= 0 else len(self.rawdata)

    # -- events ----------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        at = self._offset()
        if tag in _BLOCKS:
            self.flush()
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.fragment.links.append(href)
        if tag == "img" and not self.skip_depth:
            self._alt_text(at)
        elif tag == "br" and self.builder is not None:
            self.builder.separator(at)
        if tag not in _VOID:
            self.stack.append(tag)
            if tag in _SKIP:
                self.skip_depth += 1
                if self.builder is not None:
                    self.builder.separator(at)

    def handle_startendtag(self, tag: str, attrs) -> None:
        at = self._offset()
        if tag in _BLOCKS:
            self.flush()
        if tag == "img" and not self.skip_depth:
            self._alt_text(at)
        elif tag == "br" and self.builder is not None:
            self.builder.separator(at)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return  # a stray end tag closes nothing
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag == tag:
                break
        if tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skip_depth or not data:
            return
        at = self._offset()
        if not data.strip() and self.builder is None:
            return
        self._current().verbatim(self.source, at, at + len(data))

    def _reference(self, raw_len_without_amp: int) -> None:
        if self.skip_depth:
            return
        at = self._offset()
        end = at + 1 + raw_len_without_amp
        if end < len(self.source) and self.source[end] == ";":
            end += 1
        raw = self.source[at:end]
        self._current().replaced(decode_entity(raw if raw.endswith(";") else raw + ";"), at, end)

    def handle_entityref(self, name: str) -> None:
        self._reference(len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(len(name) + 1)

    def handle_comment(self, data: str) -> None:
        at = self._offset()
        end = at + len(data) + 7
        d = parse_directive(data, at, end)
        if d:
            self.fragment.directives.append(d)

    def _alt_text(self, tag_start: int) -> None:
        raw = self.get_starttag_text() or ""
        m = _ALT.search(raw)
        if not m:
            return
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        start = tag_start + m.start(group)
        end = tag_start + m.end(group)
        if self.source[start:end] != m.group(group):
            return  # the tag text does not line up with the source: skip, never guess
        builder = BlockBuilder("alt_text")
        builder.with_entities(self.source, start, end)
        block = builder.build()
        if block:
            self.fragment.blocks.append(block)
