"""pattern: grammar-aware rules written as spaCy patterns.

`patterns` are Matcher token patterns; `dependency` patterns are for the
DependencyMatcher. Patterns that use the model's layers (POS, TAG, DEP, LEMMA, MORPH)
run on parsed sentences, and only on sentences that contain one of the patterns'
literal words, so the parser is spent where a match is possible.
"""

from __future__ import annotations

from ..phrases import PatternSet, leftmost_longest
from ..schema import Field, v_bool, v_str_list
from ..sentences import tokens_of
from .base import PhraseRule, Rule, v_patterns


def _literals(patterns) -> set[str] | None:
    """Lower-cased words every match must contain one of; None if a pattern has none."""
    words: set[str] = set()
    for pattern in patterns:
        found = set()
        for tok in pattern:
            spec = tok.get("RIGHT_ATTRS", tok)
            for attr, value in spec.items():
                if attr.upper() in ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA"):
                    if isinstance(value, str):
                        found.add(value.lower())
                    elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                        found.update(str(v).lower() for v in value["IN"])
        if not found:
            return None
        words |= found
    return words


class Pattern(Rule):
    default_scope = PhraseRule.default_scope
    FIELDS = {
        "skip_quoted": Field(v_bool, False, doc="skip matches inside quotation marks or block quotes"),
        "patterns": Field(v_patterns, (), doc="spaCy Matcher token patterns"),
        "dependency": Field(v_patterns, (), doc="spaCy DependencyMatcher patterns"),
        "suggestions": Field(v_str_list, (), doc="what to write instead"),
    }

    def __init__(self, spec, library) -> None:
        super().__init__(spec, library)
        p = self.params
        if not p["patterns"] and not p["dependency"]:
            raise ValueError("a pattern rule needs patterns: or dependency:")
        vocab = library.nlp.vocab  # loads spaCy (see nlp.import_spacy)
        from spacy.matcher import DependencyMatcher, Matcher

        self._matcher = Matcher(vocab, validate=True)
        for i, pattern in enumerate(p["patterns"]):
            self._matcher.add(f"p{i}", [list(pattern)])
        self._dep = DependencyMatcher(vocab, validate=True) if p["dependency"] else None
        for i, pattern in enumerate(p["dependency"]):
            self._dep.add(f"d{i}", [list(pattern)])
        self._needs = bool(self._dep) or PatternSet.needs_model(p["patterns"])
        literals = _literals(list(p["patterns"]) + list(p["dependency"]))
        if literals is not None:
            for w in list(literals):
                literals |= set(library.lexicon.all_inflections(w))
        self._literals = literals

    @property
    def needs_model(self) -> bool:
        return self._needs

    def _spans(self, doc) -> list[tuple[int, int]]:
        spans = [(s, e) for _, s, e in self._matcher(doc)]
        if self._dep is not None:
            for _, ids in self._dep(doc):
                spans.append((min(ids), max(ids) + 1))
        return leftmost_longest(spans, span=lambda x: x)

    def check(self, ctx):
        scoped = ctx.blocks_in(self.spec.scope)
        if not self._needs:
            for i in scoped:
                doc = ctx.docs[i]
                for s, e in self._spans(doc):
                    yield from self._emit(ctx, i, doc, s, e, 0)
            return
        sentences = self.to_parse(ctx)
        for sent, doc in zip(sentences, ctx.parse(sentences, lemmas=True)):
            for s, e in self._spans(doc):
                yield from self._emit(ctx, sent.block, doc, s, e, sent.start)

    def to_parse(self, ctx) -> list:
        if not self._needs:
            return []
        return self.once_per_draft(ctx, "to_parse", lambda: [
            s for i in ctx.blocks_in(self.spec.scope) for s in ctx.sentences[i]
            if self._literals is None
            or not self._literals.isdisjoint(tokens_of(ctx.docs[i]).lower[s.tok_start:s.tok_end])])

    def _emit(self, ctx, block, doc, s, e, offset):
        start, end = offset + doc[s].idx, offset + doc[e - 1].idx + len(doc[e - 1])
        if self.params["skip_quoted"] and ctx.is_quoted(block, start, end):
            return
        yield self.finding(ctx, block, start, end, suggestions=self.params["suggestions"])
