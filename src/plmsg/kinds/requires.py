"""requires: the draft must contain at least one cue of a kind.

A cue is a phrase from `cues`, or one word from each group of `together` in the same
sentence (a student word and a learning word), or a link whose target starts with one
of `links` (mailto:, tel:). Phrases in `exceptions` never count: "personalized
learning" names the approach, it does not say what students gain. Drafts shorter than
`min_words` are not checked. The finding points at the opening or the end.
"""

from __future__ import annotations

from ..phrases import PhraseSet
from .base import Field, Rule, v_choice, v_int, v_list_of, v_str_list


class Requires(Rule):
    scope = "document"
    default_scope = ("title", "heading", "paragraph", "list_item", "table_cell", "quote", "alt_text")
    FIELDS = {
        "cues": Field(v_str_list, (), doc="any of these phrases satisfies the rule"),
        "together": Field(v_list_of(v_str_list), (), doc="one phrase from each group, in one sentence"),
        "exceptions": Field(v_str_list, (), doc="phrases that never count as cues"),
        "links": Field(v_str_list, (), doc="link targets that count as cues (prefixes)"),
        "min_words": Field(v_int, 0, doc="shorter drafts are not checked"),
        "anchor": Field(v_choice("opening", "end", "headline"), "opening", doc="where the finding points"),
        "suggestions": Field(v_str_list, (), doc="sentences the writer could add"),
    }
    placeholders = ("suggestion",)

    def __init__(self, spec, library) -> None:
        super().__init__(spec, library)
        p = self.params
        if not (p["cues"] or p["together"] or p["links"]):
            raise ValueError("a requires rule needs cues:, together: or links:")
        nlp = library.nlp
        keys = {k: "cue" for k in p["cues"]}
        for g, group in enumerate(p["together"]):
            keys.update({k: g for k in group if k not in keys})
        keys.update({k: "exception" for k in p["exceptions"]})
        self._keys = {" ".join(k.split()): v for k, v in keys.items()}
        self._all = PhraseSet(nlp.vocab, nlp.tokenize, [(k, None) for k in self._keys])
        self._groups = len(p["together"])

    def satisfied(self, ctx) -> bool:
        if any(link.lower().startswith(tuple(self.params["links"])) for link in ctx.draft.links):
            return True
        for i in ctx.blocks_in(self.spec.scope):
            doc = ctx.docs[i]
            found = self._all.find(doc)
            if not found:
                continue
            per_sentence: dict[int, set] = {}
            for m in found:
                kind = self._keys[m.key]
                if kind == "cue":
                    return True
                if kind == "exception":
                    continue
                s = ctx.sentence_at(i, m.start)
                per_sentence.setdefault(s.tok_start if s else 0, set()).add(kind)
            if self._groups and any(len(kinds) == self._groups for kinds in per_sentence.values()):
                return True
        return False

    def check(self, ctx):
        if ctx.word_count < self.params["min_words"] or self.satisfied(ctx):
            return
        anchor = ctx.anchor(self.params["anchor"])
        if anchor is None:
            return
        yield self.finding(ctx, anchor.block, anchor.start, anchor.end,
                           suggestions=self.params["suggestions"])


RULE = Requires
