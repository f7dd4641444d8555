"""consistency: one name for one thing.

A term family (from the glossary, or listed in the rule) names the same idea several
ways. The preferred name comes from config (`preferred_term`), else the family's
default; every other member is flagged and rewritten to the preferred one. The rewrite
is safe, except for members in `unsafe`, which also name something other than the
approach ("blended learning" is also a course format that mixes online and in-person
classes): their rewrite is applied only with --unsafe-fixes.
"""

from __future__ import annotations

from ..phrases import PhraseSet
from .base import Field, PhraseRule, match_case, v_str, v_str_list


class Consistency(PhraseRule):
    FIELDS = {
        **PhraseRule.FIELDS,
        "family": Field(v_str, None, doc="name of a term family in the glossary"),
        "members": Field(v_str_list, (), doc="the names, if not taken from the glossary"),
        "preferred": Field(v_str, None, doc="the name to use (default: config preferred_term)"),
        "unsafe": Field(v_str_list, (), doc="members that also name something else, so that "
                        "rewriting them may change the meaning: their fix is unsafe"),
    }
    placeholders = ("match", "suggestion", "preferred")

    def __init__(self, spec, library) -> None:
        super().__init__(spec, library)
        members = list(self.params["members"])
        default = None
        if self.params["family"]:
            family = library.glossary.family(self.params["family"])
            if family is None:
                raise ValueError(f"no term family named {self.params['family']!r} in the glossary")
            members += family.members
            default = family.default
        preferred = self.params["preferred"] or library.preferred_term or default
        if not members or not preferred:
            raise ValueError("a consistency rule needs members (or a glossary family) and a preferred term")
        self.preferred = " ".join(preferred.split())
        variants = [m for m in dict.fromkeys(" ".join(m.split()) for m in members)
                    if m.lower() != self.preferred.lower()]
        nlp = library.nlp
        self._variants = PhraseSet(nlp.tokenize, [(v, None) for v in variants])
        self._preferred = PhraseSet(nlp.tokenize, [(self.preferred, None)])
        self._unsafe = {" ".join(m.split()).lower() for m in self.params["unsafe"]}
        unknown = self._unsafe - {m.lower() for m in variants} - {self.preferred.lower()}
        if unknown:
            raise ValueError(f"unsafe: {', '.join(sorted(unknown))} is not a member of the family")

    @property
    def fix_safety(self) -> str:
        return "safe"

    def _find(self, doc):
        # A variant inside a longer use of the preferred term is not a variant.
        preferred = [(m.start, m.end) for m in self._preferred.find(doc)]
        return [m for m in self._variants.find(doc)
                if not any(a <= m.start and m.end <= z for a, z in preferred)]

    def check(self, ctx):
        for block, m, start, end in self.matches(ctx, self._find):
            matched = ctx.draft.blocks[block].text[start:end]
            rewrite = match_case(matched, self.preferred)
            safety = "unsafe" if m.key.lower() in self._unsafe else "safe"
            yield self.finding(ctx, block, start, end, suggestions=(rewrite,), replacement=rewrite, replaces=True,
                               applicability=safety, values={"preferred": self.preferred})


RULE = Consistency
