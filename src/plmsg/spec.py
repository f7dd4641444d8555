"""The nouns of the rule catalogue: rule specs and their examples, the glossary, audience
profiles and principles. Plain frozen data, read by every layer above; it imports nothing
from plmsg but the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .model import AUDIENCES, Severity


@dataclass(frozen=True)
class Example:
    text: str
    audience: str | None = None
    format: str = "markdown"
    better: str | None = None  # for a bad example: the rewrite, which must pass
    preferred_term: str | None = None  # the district's term the example is written for
    fixed: str | None = None  # for a bad example: the text after `--fix`, exactly


@dataclass(frozen=True)
class RuleSpec:
    id: str
    kind: str
    severity: Severity
    message: str
    explain: str
    summary: str
    audiences: tuple[str, ...]
    tags: tuple[str, ...]
    scope: tuple[str, ...]
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    params: Mapping[str, Any]
    source: str
    line: int = 0


# -- glossary ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class JargonEntry:
    term: str
    plain: tuple[str, ...]
    pos: str | None = None
    acronym: str | None = None
    note: str | None = None
    not_near: tuple[str, ...] = ()
    audiences: tuple[str, ...] = AUDIENCES
    plural: tuple[str, ...] = ()  # the rewrites for the plural term, where inflecting reads wrong


@dataclass(frozen=True)
class TermFamily:
    name: str
    default: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    jargon: tuple[JargonEntry, ...] = ()
    families: tuple[TermFamily, ...] = ()

    def family(self, name: str) -> TermFamily | None:
        return next((f for f in self.families if f.name == name), None)

    def merged(self, other: "Glossary") -> "Glossary":
        """A district's entries replace built-in ones with the same term or family name."""
        terms = {e.term.lower(): e for e in self.jargon}
        terms.update({e.term.lower(): e for e in other.jargon})
        families = {f.name: f for f in self.families}
        families.update({f.name: f for f in other.families})
        return Glossary(tuple(terms.values()), tuple(families.values()))


# -- audience profiles and principles ------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """How drafts for one audience are checked."""

    name: str
    summary: str
    max_grade: float
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)


@dataclass(frozen=True)
class Principle:
    id: str
    title: str
    summary: str
    rules: tuple[str, ...]
