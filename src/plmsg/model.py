"""The nouns of plmsg: drafts, prose blocks, findings and rewrites.

Everything here is frozen: a finding is made whole, once, by the rule that found it.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from itertools import accumulate
from typing import Mapping


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


class OffsetMap:
    """Maps each character of extracted prose back to its span in the source file.

    Markup is not prose: an entity like ``&amp;`` is one prose character for five source
    characters, emphasis markers vanish, a soft line break becomes a space. Keeping a
    start and an end per prose character makes the mapping exact in every such case.
    """

    __slots__ = ("_starts", "_ends")

    def __init__(self) -> None:
        # Four bytes per offset: drafts are far below 2 GB (files.CEILING_MB).
        self._starts = array("i")
        self._ends = array("i")

    def add_verbatim(self, source_start: int, length: int) -> None:
        self._starts.extend(range(source_start, source_start + length))
        self._ends.extend(range(source_start + 1, source_start + length + 1))

    def add_replaced(self, prose_length: int, source_start: int, source_end: int) -> None:
        """Prose characters that stand for a whole source span (an entity, an escape)."""
        self._starts.extend([source_start] * prose_length)
        self._ends.extend([source_end] * prose_length)

    def slice(self, start: int, end: int) -> "OffsetMap":
        part = OffsetMap()
        part._starts = self._starts[start:end]
        part._ends = self._ends[start:end]
        return part

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            pos = self._starts[start] if start < len(self._starts) else self._ends[-1]
            return pos, pos
        return self._starts[start], self._ends[end - 1]

    def __len__(self) -> int:
        return len(self._starts)


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
class Draft:
    path: str
    source: str
    format: str  # markdown | html | text
    blocks: tuple[Block, ...]
    meta: Mapping[str, object] = field(default_factory=dict)  # front matter
    links: tuple[str, ...] = ()  # link targets (href), for cues such as mailto:
    directives: tuple[Directive, ...] = ()


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
