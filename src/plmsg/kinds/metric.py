"""metric: a readability formula against a per-audience limit.

The score is textstat's, computed over the draft's prose sentences (headings and
markup left out). A draft too short for a stable score (`min_words`) is not checked.
The finding points at the hardest paragraph, where a rewrite helps most. A draft only a
little over its limit (`warn_over`) gets a suggestion, so CI fails for the ones that are
much too hard, not for a nudge.
"""

from __future__ import annotations

from ..model import PROSE_KINDS, Severity
from ..schema import Field, v_audience_map, v_choice, v_int, v_num, v_str_list
from .base import Rule


class Metric(Rule):
    scope = "document"
    default_scope = PROSE_KINDS
    FIELDS = {
        "metric": Field(v_choice("flesch_kincaid_grade"), "flesch_kincaid_grade",
                        doc="the readability formula"),
        "max_grade": Field(v_audience_map, None, doc="the highest grade allowed, per audience "
                           "(default: the audience profile's max_grade)"),
        "min_words": Field(v_int, 50, doc="shorter drafts are not scored"),
        "warn_over": Field(v_num, None, doc="a draft at most this many grades over its limit gets "
                           "a suggestion, not the rule's severity (unless config sets the severity)"),
        "suggestions": Field(v_str_list, (), doc="how to bring the grade down"),
    }
    placeholders = ("grade", "limit", "audience", "suggestion")

    def applies(self, ctx) -> bool:
        words = sum(s.words for i in ctx.blocks_in(self.spec.scope) for s in ctx.sentences[i])
        return words >= self.params["min_words"]

    def check(self, ctx):
        limits = self.params["max_grade"] or {}
        limit = limits.get(ctx.audience)
        if limit is None and ctx.profile is not None:
            limit = ctx.profile.max_grade
        if limit is None:
            return
        if not self.applies(ctx):
            return
        blocks = ctx.blocks_in(self.spec.scope)
        sentences = [s for i in blocks for s in ctx.sentences[i]]
        if blocks == ctx.blocks_in(PROSE_KINDS):
            grade = ctx.readability["grade"]  # the same figure the JSON stats report
        else:
            grade = ctx.scores(sentences)["grade"]
        if grade <= limit:
            return
        hardest, worst = None, -1.0
        for i in blocks:
            if sum(s.words for s in ctx.sentences[i]) < 12:
                continue
            g = ctx.scores(ctx.sentences[i])["grade"]
            if g > worst:
                hardest, worst = i, g
        anchor = ctx.anchor("opening") if hardest is None else None
        if hardest is not None:
            s = ctx.sentences[hardest][0]
            block, start, end = hardest, s.start, s.end
        elif anchor is not None:
            block, start, end = anchor.block, anchor.start, anchor.end
        else:
            return
        near = self.params["warn_over"] is not None and grade <= limit + self.params["warn_over"] \
            and not ctx.severity_set_for(self.spec.id)
        yield self.finding(ctx, block, start, end, suggestions=self.params["suggestions"],
                           values={"grade": f"{grade:g}", "limit": f"{limit:g}", "audience": ctx.audience},
                           severity=Severity.SUGGESTION if near else None)
