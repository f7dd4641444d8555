"""The nouns of plmsg: drafts, prose blocks, findings and rewrites.

Everything here is frozen: a finding is made whole, once, by the rule that found it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import lru_cache
from itertools import accumulate
from typing import Any, Iterable, Mapping


class Severity(str, Enum):
    SUGGESTION = "suggestion"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (choose from {choices})") from None


_SEVERITY_RANK = {Severity.SUGGESTION: 1, Severity.WARNING: 2, Severity.ERROR: 3}
SEVERITY_OF = {s.value: s for s in Severity}  # Severity(value) without the Enum machinery

AUDIENCES = ("families", "staff", "community", "board", "media")

# Kinds of prose block a markup reader produces. Rules choose among them with `scope`.
BLOCK_KINDS = ("title", "heading", "paragraph", "list_item", "table_cell", "alt_text", "quote")
# the blocks that hold running prose (not titles, headings or alt text)
PROSE_KINDS = ("paragraph", "list_item", "table_cell", "quote")


class OffsetMap:
    """Maps each character of extracted prose back to its span in the source file.

    Markup is not prose: an entity like ``&amp;`` is one prose character for five source
    characters, emphasis markers vanish, a soft line break becomes a space. Keeping a
    start and an end per prose character makes the mapping exact in every such case.
    They are kept as runs, not per character: in a verbatim run the i-th character is
    source character ``start + i``; in a replaced run every character stands for the
    whole source span.
    """

    __slots__ = ("_at", "_runs", "_len")

    def __init__(self) -> None:
        self._at: list[int] = []  # the prose offset where each run begins
        self._runs: list[tuple[int, int, bool]] = []  # (source start, source end, verbatim)
        self._len = 0

    def _add(self, length: int, start: int, end: int, verbatim: bool) -> None:
        if length <= 0:
            return
        if self._runs:
            last_start, last_end, last_verbatim = self._runs[-1]
            if verbatim and last_verbatim and last_end == start:  # one run, as if never split
                self._runs[-1] = (last_start, end, True)
                self._len += length
                return
        self._at.append(self._len)
        self._runs.append((start, end, verbatim))
        self._len += length

    def add_verbatim(self, source_start: int, length: int) -> None:
        self._add(length, source_start, source_start + length, True)

    def add_replaced(self, prose_length: int, source_start: int, source_end: int) -> None:
        """Prose characters that stand for a whole source span (an entity, an escape)."""
        self._add(prose_length, source_start, source_end, False)

    def _span(self, i: int) -> tuple[int, int]:
        """The source span of prose character i."""
        k = bisect.bisect_right(self._at, i) - 1
        start, end, verbatim = self._runs[k]
        if verbatim:
            start += i - self._at[k]
            return start, start + 1
        return start, end

    def slice(self, start: int, end: int) -> "OffsetMap":
        """The map of prose characters start to end (0 <= start <= end <= len)."""
        part = OffsetMap()
        if end <= start:
            return part
        first = bisect.bisect_right(self._at, start) - 1
        for k in range(first, len(self._runs)):
            at = self._at[k]
            if at >= end:
                break
            length = (self._at[k + 1] if k + 1 < len(self._at) else self._len) - at
            lo, hi = max(start, at), min(end, at + length)
            source_start, source_end, verbatim = self._runs[k]
            if verbatim:
                part._add(hi - lo, source_start + lo - at, source_start + hi - at, True)
            else:
                part._add(hi - lo, source_start, source_end, False)
        return part

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            pos = self._span(start)[0] if start < self._len else self._span(self._len - 1)[1]
            return pos, pos
        return self._span(start)[0], self._span(end - 1)[1]

    def __len__(self) -> int:
        return self._len


@dataclass(frozen=True)
class Block:
    """A run of prose with its kind and a map back into the source."""

    kind: str
    text: str
    offsets: OffsetMap = field(compare=False, repr=False)
    level: int = 0  # heading level, when kind is heading/headline

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.to_source(start, end)


@dataclass(frozen=True)
class Directive:
    """An in-document comment that turns rules off (``<!-- plmsg-disable ... -->``)."""

    action: str  # disable | enable | disable-next-line | disable-file
    rules: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class HtmlScope:
    """Which parts of a web page are the page's own prose, as CSS selector lists: `content`
    (read only within these, when the page has them) and `skip` (never read). None means
    plmsg's default for that key."""

    content: tuple[str, ...] | None = None
    skip: tuple[str, ...] | None = None

    def merged(self, later: "HtmlScope") -> "HtmlScope":
        return HtmlScope(later.content if later.content is not None else self.content,
                         later.skip if later.skip is not None else self.skip)


@dataclass(frozen=True)
class Places:
    """Where a draft's text came from in a document, for people to find a finding: the
    offset of the extracted text where each paragraph (a Word document) or page (a PDF)
    begins. A span before the first is in the title."""

    unit: str  # paragraph | page
    starts: tuple[int, ...]

    def locate(self, source: str, offset: int) -> dict[str, int]:
        """{"paragraph": n} or {"page": n, "page_line": n}, 1-based; {} before the first."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k < 0:
            return {}
        if self.unit == "page":  # lines with text: the blank ones were put between paragraphs
            before = source[self.starts[k]:offset].split("\n")[:-1]
            return {"page": k + 1, "page_line": sum(1 for line in before if line.strip()) + 1}
        return {"paragraph": k + 1}

    def label(self, source: str, offset: int, column: int) -> str:
        """How a person finds it: "¶12:5" (paragraph 12, character 5), "p2 l7:5"."""
        where = self.locate(source, offset)
        if "paragraph" in where:
            return f"¶{where['paragraph']}:{column}"
        if "page" in where:
            return f"p{where['page']} l{where['page_line']}:{column}"
        return f"title:{column}"


@dataclass(frozen=True)
class Draft:
    path: str
    source: str
    format: str  # markdown | html | text | docx | pdf | email
    blocks: tuple[Block, ...]
    meta: Mapping[str, object] = field(default_factory=dict)  # front matter
    links: tuple[str, ...] = ()  # link targets (href), for cues such as mailto:
    directives: tuple[Directive, ...] = ()
    places: Places | None = None  # for text taken out of a document: its paragraphs or pages


@dataclass(frozen=True)
class Fix:
    """A rewrite as an edit of the source. `safe`: one unambiguous rewrite, applied by
    --fix; `unsafe`: it may change the meaning, applied only with --unsafe-fixes."""

    start: int
    end: int
    replacement: str
    applicability: str = "safe"  # safe | unsafe

    @property
    def safe(self) -> bool:
        return self.applicability == "safe"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    scope: str  # span | document
    message: str
    start: int
    end: int
    text: str
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    replaces: bool = False  # the suggestions are drop-in rewrites of `text`, not advice

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.rule, self.message)


_NEWLINE = re.compile(r"\r\n|\r|\n")


def line_index(source: str) -> "LineIndex":
    """The LineIndex of a source, shared by the passes over one file (rules, scorecard,
    renderer) instead of each scanning it again."""
    return _line_index(source)


class LineIndex:
    """1-based line and column for character offsets, for every newline style."""

    def __init__(self, source: str) -> None:
        if "\r" in source:
            self._starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
        else:  # "\n" only (the usual case): the line lengths, summed in C
            ends = list(accumulate(map(len, source.split("\n")), initial=0))
            self._starts = [end + k for k, end in enumerate(ends[:-1])]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    @property
    def starts(self) -> list[int]:
        """Offset where each line starts (0-based line numbers)."""
        return self._starts


@lru_cache(maxsize=8)
def _line_index(source: str) -> LineIndex:
    return LineIndex(source)


def at_least(findings: Iterable[Finding], level: Severity) -> list[Finding]:
    """The findings at or above a severity."""
    return [f for f in findings if f.severity.rank >= level.rank]


@dataclass(frozen=True)
class FileResult:
    path: str
    audience: str | None = None
    stats: Mapping[str, Any] | None = None
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    source: str | None = field(default=None, repr=False, compare=False)
    rules_run: tuple[str, ...] = ()  # the rules that looked at the draft (see Rule.applies)
    facts: Mapping[str, Any] = field(default_factory=dict)  # what rules learned, for a site summary
    notes: tuple[str, ...] = ()  # about suppression comments
    # The file's JSON report entry, rendered where it was checked (see `Linter.annotate`).
    entry: str | None = field(default=None, repr=False, compare=False)
    places: Places | None = field(default=None, repr=False, compare=False)  # a document's paragraphs or pages
    fetch_failed: bool = False  # the error is a page that could not be fetched (see --fail-on-fetch-error)

    def with_entry(self, text: str) -> "FileResult":
        """A copy holding its rendered JSON report entry."""
        return replace(self, entry=text)

    def with_findings(self, findings: Iterable[Finding]) -> "FileResult":
        """A copy with only these findings (and no entry rendered for the others)."""
        return replace(self, findings=tuple(findings), entry=None)
