"""consistency: one name for one thing.

A term family (from the glossary, or listed in the rule) names the same idea several
ways. With a preferred name (config `preferred_term`, or the rule's `preferred`), every
other member is flagged and rewritten to it; the rewrite is safe, except for members in
`unsafe`, which also name something else ("adaptive learning" is also a kind of software).
Without one, a draft that sticks to one name is consistent; a draft that mixes names gets
a finding on each use of the names it uses less, with its main name as an option, never
applied by --fix alone (only the writer knows whether the two name one thing).

Some uses of a member are not the writer's choice of a name, and are never flagged or
rewritten, nor counted as mixing:
- text in quotation marks (the speaker's words);
- a proper name: the member followed by one of `name_words` ("Individualized Learning
  Plan", "the Competency-Based Education Act"), by an acronym in parentheses, or written
  with capitals in the middle of a sentence ("our Mastery-Based Learning model"), which
  is how a page writes a program's official name (such a use still tells which name the
  draft uses);
- one of coordinated names or modifiers, which the writer sets side by side as two
  things ("personalized, competency-based learning", "personalized learning and
  competency-based education");
- a name given as another's alias ("also known as", through `unless`), or used in its
  other sense ("adaptive learning software", through `exceptions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import is_acronym
from ..phrases import PhraseSet
from ..schema import Field, v_str, v_str_list
from ..wording import is_plural_noun, match_case
from .base import PhraseRule

_COORDINATORS = {",", "and", "or", "&", "/", "vs", "vs.", "versus", "nor"}
# The ending of a word that modifies "learning" or "education" as these names do.
_MODIFIER_END = re.compile(r"(?:ed|al|ive|ic|ful)$", re.I)
_LAST = ("learning", "education", "instruction")  # what these names end with


@dataclass(frozen=True)
class Use:
    block: int
    match: object
    start: int
    end: int
    name: str  # which name: the member less its last word, spelling normalised
    head: str  # its last word: learning, education, approach ...
    proper: bool  # part of a proper name or a capitalised official name: never flagged
    kind_of: bool  # describes a kind of thing ("a student-centered approach"): not a switch of names


def split_name(member: str, heads=()) -> tuple[str, str]:
    """A name as (what it says, what it names): "competency-based education" is
    ("competency based", "education"); spelling is normalised ("personalised" is
    "personalized"). A name with no such last word is all modifier: ("pathways", "")."""
    words = member.lower().replace("-", " ").split()
    head = ""
    if len(words) > 1 and (words[-1] in _LAST or words[-1] in heads):
        head = words.pop()
    key = re.sub(r"is(e|ed|ing)\b", r"iz\1", " ".join(words)).replace("centre", "center")
    return key, head


class Consistency(PhraseRule):
    FIELDS = {
        **PhraseRule.FIELDS,
        "family": Field(v_str, None, doc="name of a term family in the glossary"),
        "members": Field(v_str_list, (), doc="the names, if not taken from the glossary"),
        "preferred": Field(v_str, None, doc="the name to use (default: config preferred_term; "
                           "without either, only a draft that mixes names is flagged)"),
        "unsafe": Field(v_str_list, (), doc="members that also name something else, so that "
                        "rewriting them may change the meaning: their fix is unsafe"),
        "mixed_message": Field(v_str, "'{match}' is a second name for what this draft mostly calls "
                               "{preferred}. Use one name throughout.",
                               doc="the message when no name is preferred and a draft mixes names"),
        "name_words": Field(v_str_list, (), doc="words that, written with a capital after a member, "
                            "make it part of a proper name ('Plan', 'Act', 'Network')"),
        "heads": Field(v_str_list, (), doc="nouns that make a member's first words a name of the "
                       "approach too: with [approach], 'a competency-based approach'"),
        "also_families": Field(v_str_list, (), doc="other glossary term families whose names a draft "
                               "should not mix either (the names of a grading approach): checked for "
                               "mixing only, with the same care for names, quotes and coordination"),
    }
    placeholders = ("match", "suggestion", "preferred")

    def __init__(self, spec, library) -> None:
        super().__init__(spec, library)
        members = list(self.params["members"])
        if self.params["family"]:
            family = library.glossary.family(self.params["family"])
            if family is None:
                raise ValueError(f"no term family named {self.params['family']!r} in the glossary")
            members += family.members
        preferred = self.params["preferred"] or library.preferred_term
        if not members:
            raise ValueError("a consistency rule needs members (or a glossary family)")
        self.preferred = " ".join(preferred.split()) if preferred else None
        # A preferred name that is not a member (a district's own name: "Pathways") joins
        # the family as its preferred name.
        names = list(dict.fromkeys(" ".join(m.split()) for m in members))
        self._heads = tuple(h.lower() for h in self.params["heads"])
        names += [" ".join(m.split()[:-1] + [h]) for m in names if m.split()[-1].lower() in _LAST
                  and len(m.split()) > 1 for h in self._heads]
        names = list(dict.fromkeys(names))
        if self.preferred and self.preferred.lower() not in {m.lower() for m in names}:
            names.append(self.preferred)
        nlp = library.nlp
        self._members = PhraseSet(nlp.tokenize, [(m, None) for m in names], library.lexicon)
        self._unsafe = {" ".join(m.split()).lower() for m in self.params["unsafe"]}
        unknown = self._unsafe - {m.lower() for m in names}
        if unknown:
            raise ValueError(f"unsafe: {', '.join(sorted(unknown))} is not a member of the family")
        self._name_words = {w.lower() for w in self.params["name_words"]}
        self._others = []
        for name in self.params["also_families"]:
            other = library.glossary.family(name)
            if other is None:
                raise ValueError(f"also_families: no term family named {name!r} in the glossary")
            self._others.append(PhraseSet(nlp.tokenize, [(" ".join(m.split()), None) for m in other.members],
                                          library.lexicon))

    @property
    def fix_safety(self) -> str:
        return "safe" if self.preferred else "unsafe"

    # -- which uses are the writer's choice of a name ---------------------------------------
    def uses(self, ctx, members: PhraseSet | None = None) -> tuple[list[Use], set[frozenset[str]]]:
        """Each use of a member that names the approach (or, with `members`, the thing
        another family names; see the module's docstring), and the pairs of names the draft
        sets side by side as two things."""
        found = list(self.matches(ctx, (members or self._members).find))
        coordinated, pairs = self._coordinated(ctx, found)
        out = []
        for k, (block, m, start, end) in enumerate(found):
            doc = ctx.docs[block]
            if k in coordinated or self._acronym_name(doc, m):
                continue
            name, head = split_name(m.key, self._heads)
            out.append(Use(block, m, start, end, name, head, self._proper(ctx, block, m),
                           not self.preferred and self._description(ctx, block, m)))
        return out, pairs

    def _description(self, ctx, block: int, m) -> bool:
        """A kind of thing, not the approach's name: "a student-centered approach", "develops
        individualized learning programs" (a name before a plural noun: the tagger tells
        "programs" the noun from "means" the verb, when there is a model)."""
        doc = ctx.docs[block]
        last = doc[m.end - 1].lower_
        if last in self._heads and m.start > 0 and doc[m.start - 1].lower_ in ("a", "an"):
            return True
        s = self._before_plural(ctx, block, m)
        if s is None or not ctx.nlp.has_model:
            return False
        parsed = ctx.parse([s])[0]
        at = doc[m.end].idx - s.start
        return any(t.idx == at and t.tag_ == "NNS" for t in parsed)

    def _before_plural(self, ctx, block: int, m):
        """The sentence of a name followed by what may be a plural noun ("programs", or the
        verb "means": only the tagger can tell), or None."""
        doc = ctx.docs[block]
        nxt = doc[m.end] if m.end < len(doc) else None
        if nxt is None or not (nxt.is_alpha and nxt.is_lower and is_plural_noun(self.lexicon, nxt.text)):
            return None
        return ctx.sentence_at(block, m.end)

    def to_parse(self, ctx) -> list:
        if self.preferred or not ctx.nlp.has_model:
            return []
        return self.once_per_draft(ctx, "to_parse", lambda: [
            s for block, m, _, _ in self.matches(ctx, self._members.find)
            if (s := self._before_plural(ctx, block, m)) is not None])

    def _coordinated(self, ctx, found) -> tuple[set[int], set[frozenset[str]]]:
        """Indexes of uses set side by side with another name or modifier: "personalized,
        competency-based learning", "personalized learning and competency-based education";
        and the pairs of names so set, which the draft treats as two things."""
        out, pairs = set(), set()
        for k, (block, m, _s, _e) in enumerate(found):
            doc = ctx.docs[block]
            before = m.start - 1
            if before >= 1 and doc[before].lower_ in _COORDINATORS:
                prev = doc[before - 1]
                if prev.lower_ in _COORDINATORS and before >= 2:
                    prev = doc[before - 2]  # "personalized, and competency-based ..."
                joined = next((j for j, (b2, m2, _, _) in enumerate(found)
                               if b2 == block and m2.end in (before, before - 1)), None)
                if joined is not None:
                    out.update((k, joined))
                    pair = frozenset(split_name(x.key, self._heads)[0] for x in (m, found[joined][1]))
                    if len(pair) == 2:
                        pairs.add(pair)
                elif _MODIFIER_END.search(prev.text) and not prev.is_stop:
                    out.add(k)
        return out, pairs

    @staticmethod
    def _acronym_name(doc, m) -> bool:
        """A name with its acronym: "Individualized Learning Plan (ILP)", "ILP
        (Individualized Learning Plan)"."""
        k = m.end
        while k < len(doc) and k - m.end < 3 and doc[k].is_title:
            k += 1  # the rest of the name: "Plan", "Task Force"
        if k + 1 < len(doc) and doc[k].text == "(" and is_acronym(doc[k + 1].text):
            return True
        return m.start >= 2 and doc[m.start - 1].text == "(" and is_acronym(doc[m.start - 2].text)

    def _proper(self, ctx, block: int, m) -> bool:
        """Part of a proper name, or a capitalised official name inside a sentence."""
        doc = ctx.docs[block]
        k = m.end
        while k < len(doc) and k - m.end < 3 and doc[k].is_title and doc[k].lower_ not in self._name_words:
            k += 1  # "Competency-based Learning Advisory Committee"
        if k < len(doc) and doc[k].lower_ in self._name_words and doc[k].text[:1].isupper():
            return True
        if ctx.draft.blocks[block].kind in ("title", "heading"):
            return False  # a headline capitalises every word
        words = [t for t in doc[m.start:m.end] if t.is_alpha]
        if not words or not (words[0].text[:1].isupper() and words[-1].text[:1].isupper()):
            return False  # "Competency-based Learning" is written as a name too
        return not ctx.opens_sentence(block, m.start)  # a capital that only starts a sentence says nothing

    def facts(self, ctx):
        """The names of the approach the draft uses (the name it uses most first), for the
        site summary: drafts that are each consistent may still call it different things."""
        uses, _ = self.once_per_draft(ctx, "uses", lambda: self.uses(ctx))
        ranked = _ranked(uses)
        return {"names": [form for _, form in ranked]} if ranked else {}

    # -- findings ---------------------------------------------------------------------------
    def check(self, ctx):
        uses, pairs = self.once_per_draft(ctx, "uses", lambda: self.uses(ctx))
        if uses and self.preferred:
            yield from self._against_preferred(ctx, uses)
        elif uses:
            yield from self._mixed(ctx, uses, pairs)
        for members in self._others:
            yield from self._mixed(ctx, *self.uses(ctx, members))

    def _against_preferred(self, ctx, uses):
        name, head = split_name(self.preferred, self._heads)
        for u in uses:
            # "competency-based learning" is not the district's "competency-based education";
            # "a personalized approach" is its "personalized learning" by another noun.
            if u.proper or u.name == name and (u.head == head or u.head in self._heads):
                continue
            matched = ctx.draft.blocks[u.block].text[u.start:u.end]
            # "this individualized approach" → "this personalized approach"
            wanted = self.preferred
            if u.head in self._heads and head:
                wanted = f"{self.preferred.rsplit(' ', 1)[0]} {u.head}"
            rewrite = match_case(matched, wanted)
            safety = "unsafe" if u.match.key.lower() in self._unsafe else "safe"
            yield self.finding(ctx, u.block, u.start, u.end, suggestions=(rewrite,), replacement=rewrite,
                               replaces=True, applicability=safety, values={"preferred": self.preferred})

    def _mixed(self, ctx, uses, pairs):
        ranked = _ranked(uses)
        if len(ranked) < 2:
            return
        main, main_form = ranked[0]
        main_words = main_form.split()
        for u in uses:
            if u.proper or u.kind_of or u.name == main or frozenset((u.name, main)) in pairs:
                continue  # the main name, or one the draft sets beside it as another thing
            matched = ctx.draft.blocks[u.block].text[u.start:u.end]
            wanted = main_form
            if u.head in self._heads and len(main_words) > 1 and main_words[-1] in _LAST:
                wanted = " ".join(main_words[:-1] + [u.head])  # "this individualized approach"
            rewrite = match_case(matched, wanted)
            yield self.finding(ctx, u.block, u.start, u.end, suggestions=(rewrite,), replacement=rewrite,
                               replaces=True, applicability="unsafe", values={"preferred": main_form},
                               message=self.params["mixed_message"])


def _ranked(uses: list[Use]) -> list[tuple[str, str]]:
    """The names a draft uses, the one it uses most first (on a tie, the one it uses
    first), each with the form it writes most."""
    counts: dict[str, int] = {}
    forms: dict[str, list[str]] = {}
    for u in uses:
        counts[u.name] = counts.get(u.name, 0) + 1
        forms.setdefault(u.name, []).append(u.match.key.lower())
    order = list(counts)
    return [(n, max(dict.fromkeys(forms[n]), key=forms[n].count))
            for n in sorted(order, key=lambda n: (-counts[n], order.index(n)))]
