"""opening: what the headline and first paragraph are about.

Two vocabularies are counted in the opening: the `topic` the opening should not lead
with (devices, apps, platforms) and the `focus` it should lead with (students,
teachers, learning). Headline words count `headline_weight` times. The rule fires when
the topic outweighs the focus; words for people (`people`: student, child) count half,
since almost every opening names them, whatever it is about. A topic word is excused by nearby `unless_near` words in
the same sentence ("tablet" next to "nurse" or "medication" is medicine), and phrases in
`exceptions` are not counted at all.
"""

from __future__ import annotations

from ..phrases import PhraseSet
from .base import Field, Rule, v_num, v_str_list


class Opening(Rule):
    scope = "document"
    default_scope = ("title", "heading", "paragraph", "list_item", "quote")
    FIELDS = {
        "topic": Field(v_str_list, required=True, doc="what the opening should not lead with"),
        "focus": Field(v_str_list, required=True, doc="what it should lead with"),
        "people": Field(v_str_list, (), doc="words for students and families, which almost every "
                        "opening has: they count for the focus at half weight"),
        "exceptions": Field(v_str_list, (), doc="phrases counted as neither"),
        "unless_near": Field(v_str_list, (), doc="words in the same sentence that excuse a topic word"),
        "headline_weight": Field(v_num, 2.0, doc="how much more a headline word counts"),
        "min_topic": Field(v_num, 2.0, doc="the weighted topic count that can fire the rule"),
        "suggestions": Field(v_str_list, (), doc="ways to rewrite the opening"),
    }
    placeholders = ("match", "suggestion")

    def __init__(self, spec, library) -> None:
        super().__init__(spec, library)
        nlp = library.nlp
        p = self.params
        # One matcher for both lists, so the longest phrase wins: "learning platform" is
        # a platform, not learning.
        self._keys = {k: "topic" for k in p["topic"]}
        self._keys.update({k: "focus" for k in p["focus"]})
        self._keys.update({k: "people" for k in p["people"]})
        self._keys.update({k: "exception" for k in p["exceptions"]})
        self._all = PhraseSet(nlp.tokenize, [(k, None) for k in self._keys])
        self._near = PhraseSet(nlp.tokenize, [(k, None) for k in p["unless_near"]])

    def check(self, ctx):
        topic = focus = 0.0
        first_topic = None
        headline = set(ctx.headline)
        for i in ctx.opening:
            if i not in ctx.blocks_in(self.spec.scope):
                continue
            doc = ctx.docs[i]
            weight = self.params["headline_weight"] if i in headline else 1.0
            near = [m.start for m in self._near.find(doc)] if self._near else []
            for m in self._all.find(doc):
                kind = self._keys[" ".join(m.key.split())]
                if kind == "topic":
                    s = ctx.sentence_at(i, m.start)
                    if near and s and any(s.tok_start <= n < s.tok_end for n in near):
                        continue
                    topic += weight
                    if first_topic is None:
                        first_topic = (i, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
                elif kind == "focus":
                    focus += weight
                elif kind == "people":
                    focus += weight / 2
        if first_topic is None or topic < self.params["min_topic"] or topic <= focus:
            return
        i, start, end = first_topic
        yield self.finding(ctx, i, start, end, suggestions=self.params["suggestions"])


RULE = Opening
