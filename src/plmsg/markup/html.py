"""HTML → prose blocks, with exact offsets across tags and character references.

A web page is read for its own prose, not its site's template: by default only within
`<main>`, `[role=main]` or `<article>` when the page has one, and never inside navigation,
banners, footers, sidebars or elements hidden from readers (`HtmlScope` and config `html:`
change which). The selectors are matched by soupsieve, a full CSS selector engine, over
Beautiful Soup's tree; both it and this reader parse with the standard library's parser,
so an element is known here by the line and column of its start tag.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from ..model import Block, Directive, Draft, HtmlScope
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


# The page's own content, when it marks it.
CONTENT = ("main", "[role=main]", "article")
# The site's template: navigation, banner, footer, sidebars. A header or footer inside an
# article, main or section belongs to it (as in ARIA, where only the page's own are landmarks).
_OWNERS = "article, main, section, aside, nav, [role=main]"
SKIP = ("nav", "aside", "[role=navigation]", "[role=banner]", "[role=contentinfo]", "[role=complementary]",
        "[role=search]", f"header:not(:is({_OWNERS}) header)", f"footer:not(:is({_OWNERS}) footer)")
# Never prose a reader sees, whatever the config says.
HIDDEN = ("[hidden]", '[aria-hidden="true" i]', '[style*="display:none" i]', '[style*="display: none" i]',
          '[style*="visibility:hidden" i]', '[style*="visibility: hidden" i]')

_IN, _OUT = 1, 2  # an element whose prose is read (content), or is not (skip)
# A page without any of these cannot match a default selector: it is read without
# building Beautiful Soup's tree (a page of plain paragraphs, a fragment).
_DEFAULT_CUES = ("<main", "<article", "<nav", "<aside", "<header", "<footer", "role", "hidden", "display")


@lru_cache(maxsize=64)
def _compiled(selectors: tuple[str, ...]):
    import soupsieve  # with Beautiful Soup, only when a page has something to match

    return soupsieve.compile(", ".join(selectors))


def _marks(source: str, scope: HtmlScope) -> tuple[dict[tuple[int, int], int], bool]:
    """The start tags (line, column) whose elements are content or skipped, and whether the
    page has content elements (then nothing outside them is read)."""
    if scope == HtmlScope():
        lowered = source.lower()
        if not any(cue in lowered for cue in _DEFAULT_CUES):
            return {}, False
    content = scope.content if scope.content is not None else CONTENT
    skip = (scope.skip if scope.skip is not None else SKIP) + HIDDEN
    from bs4 import BeautifulSoup

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "looks like a URL/filename": it is a page
            soup = BeautifulSoup(source, "html.parser")
    except Exception:  # noqa: BLE001 - markup Beautiful Soup rejects (a broken "<!" declaration)
        return {}, False  # is read whole, as before scopes: more prose, never less
    marks = {(t.sourceline, t.sourcepos): _OUT for t in _compiled(skip).select(soup)}
    inside = _compiled(content).select(soup) if content else []
    for t in inside:
        marks.setdefault((t.sourceline, t.sourcepos), _IN)
    return marks, bool(inside)


@dataclass
class Fragment:
    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)


def read_html(path: str, source: str, scope: HtmlScope | None = None) -> Draft:
    """A web page's own prose (see the module's docstring for which parts that is)."""
    fragment = read_html_fragment(source, 0, len(source), scope or HtmlScope())
    return Draft(path=path, source=source, format="html", blocks=tuple(fragment.blocks),
                 links=tuple(fragment.links), directives=tuple(fragment.directives))


def read_html_fragment(source: str, start: int, end: int, scope: HtmlScope | None = None) -> Fragment:
    """The prose of `source[start:end]`; with a `scope`, of the page's own content only
    (HTML inside Markdown is read whole)."""
    parser = _ProseParser(source, start)
    if scope is not None:  # positions count from `start`, for this and for the parser alike
        parser.marks, parser.restricted = _marks(source[start:end], scope)
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
        # elements known by their start tag's (line, column) as content or skipped
        self.marks: dict[tuple[int, int], int] = {}
        self.restricted = False  # the page has content elements: read only inside them
        self.inside = 0  # content elements open
        self.roles: list[int] = []  # per open element: 0, _IN or _OUT
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
    @property
    def _silent(self) -> bool:
        """Prose here is not read: skipped content, or outside the page's own content."""
        return bool(self.skip_depth) or (self.restricted and not self.inside)

    def handle_starttag(self, tag: str, attrs) -> None:
        role = self.marks.get(self.getpos(), 0) if self.marks else 0
        at = self._offset()
        if tag in _BLOCKS or role:
            self.flush()
        if tag == "a" and not self._silent and role != _OUT:
            href = dict(attrs).get("href")
            if href:
                self.fragment.links.append(href)
        if tag == "img" and not self._silent and role != _OUT:
            self._alt_text(at)
        elif tag == "br" and self.builder is not None:
            self.builder.separator(at)
        if tag not in _VOID:
            self.stack.append(tag)
            self.roles.append(role)
            if tag in _SKIP or role == _OUT:
                self.skip_depth += 1
                if self.builder is not None:
                    self.builder.separator(at)
            elif role == _IN:
                self.inside += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        role = self.marks.get(self.getpos(), 0) if self.marks else 0
        at = self._offset()
        if tag in _BLOCKS:
            self.flush()
        if tag == "img" and not self._silent and role != _OUT:
            self._alt_text(at)
        elif tag == "br" and self.builder is not None:
            self.builder.separator(at)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return  # a stray end tag closes nothing
        closed_role = 0
        while self.stack:
            open_tag = self.stack.pop()
            role = self.roles.pop()
            if open_tag in _SKIP or role == _OUT:
                self.skip_depth -= 1
            elif role == _IN:
                self.inside -= 1
            closed_role |= role
            if open_tag == tag:
                break
        if tag in _BLOCKS or closed_role:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self._silent or not data:
            return
        at = self._offset()
        if not data.strip() and self.builder is None:
            return
        self._current().verbatim(self.source, at, at + len(data))

    def _reference(self, raw_len_without_amp: int) -> None:
        if self._silent:
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
