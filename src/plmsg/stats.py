"""Readability figures per draft and per paragraph, the way Hemingway shows them.

The formulas are textstat's, computed over the draft's prose sentences only (headings,
code and markup left out), each sentence ending with a mark so that textstat counts
sentences as plmsg does.
"""

from __future__ import annotations

from typing import Any
import math

from .context import DraftContext
from .kinds.sentence import could_be_passive, passive_verbs
from .lexicon import Lexicon
from .model import PROSE_KINDS, LineIndex
from .readability import prose_for_metrics
from .sentences import tokens_of

WORDS_PER_MINUTE = 238  # average adult silent reading speed for non-fiction
HARD, VERY_HARD = 10.0, 14.0  # sentence grades Hemingway-style editors highlight
# Hemingway's way with the passive: count every sentence that has one, against a budget
# (here one sentence in ten), rather than flag each. The passive-voice rule flags only the
# passives that hide an actor the reader is owed; this counts them all.
PASSIVE_SHARE = 0.1
FORMULAS = {
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "gunning_fog": "Gunning fog",
    "smog_index": "SMOG",
    "coleman_liau_index": "Coleman-Liau",
    "automated_readability_index": "Automated readability",
    "dale_chall_readability_score": "Dale-Chall",
}


def draft_stats(ctx: DraftContext, lexicon: Lexicon, limit: float | None = None, top: int = 5) -> dict[str, Any]:
    import textstat  # as it comes, for the formulas plmsg does not compute itself

    lines = LineIndex(ctx.draft.source)
    sentences = []
    for s in ctx.prose_sentences:
        grade = float(textstat.flesch_kincaid_grade(prose_for_metrics([s.text]))) if s.words else 0.0
        start, _ = ctx.draft.blocks[s.block].source_span(s.start, s.end)
        sentences.append({"line": lines.position(start)[0], "words": s.words, "grade": round(grade, 1),
                          "text": s.text})
    words = sum(s["words"] for s in sentences)
    text = prose_for_metrics(s["text"] for s in sentences)
    grades = {key: round(float(getattr(textstat, key)(text)), 1) if words else 0.0 for key in FORMULAS}
    paragraphs = []
    for i in ctx.blocks_in(PROSE_KINDS):
        sents = ctx.sentences[i]
        n = sum(s.words for s in sents)
        if not n:
            continue
        start, _ = ctx.draft.blocks[i].source_span(0, 1)
        grade = float(textstat.flesch_kincaid_grade(prose_for_metrics(s.text for s in sents)))
        paragraphs.append({"line": lines.position(start)[0], "words": n, "sentences": len(sents),
                           "grade": round(grade, 1), "starts": " ".join(ctx.draft.blocks[i].text.split()[:8])})
    hardest = sorted((s for s in sentences if s["words"] >= 8), key=lambda s: (-s["grade"], -s["words"]))[:top]
    return {
        "path": ctx.draft.path,
        "audience": ctx.audience,
        "limit": limit,
        "words": words,
        "sentences": len(sentences),
        "paragraphs": len(paragraphs),
        "reading_time_minutes": round(words / WORDS_PER_MINUTE, 1),
        "reading_ease": round(float(textstat.flesch_reading_ease(text)), 1) if words else 0.0,
        "grades": grades,
        "passive_sentences": passive_sentences(ctx, lexicon),
        "passive_budget": math.ceil(PASSIVE_SHARE * len(sentences)),
        "hard_sentences": sum(1 for s in sentences if HARD <= s["grade"] < VERY_HARD),
        "very_hard_sentences": sum(1 for s in sentences if s["grade"] >= VERY_HARD),
        "hardest": hardest,
        "by_paragraph": paragraphs,
    }


def passive_sentences(ctx: DraftContext, lexicon: Lexicon) -> int | None:
    """How many prose sentences have a passive (None without the spaCy model)."""
    if not ctx.nlp.has_model:
        return None
    candidates = [s for s in ctx.prose_sentences
                  if could_be_passive(lexicon, tokens_of(ctx.docs[s.block]).lower[s.tok_start:s.tok_end])]
    return sum(1 for doc in ctx.parse(candidates) if any(v.tag_ == "VBN" for v in passive_verbs(doc)))
