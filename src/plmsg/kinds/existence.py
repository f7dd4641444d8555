"""existence: flag listed phrases or token patterns wherever they appear.

Phrases are inflection-aware ("disrupt" finds "disrupting"), acronyms are
case-sensitive, and context can excuse a match: an exception phrase around it, a hedge
earlier in the sentence, a negation just before it, or quotation marks.
"""

from __future__ import annotations

from ..phrases import PatternSet, PhraseSet, leftmost_longest
from ..schema import Field, v_str_list
from .base import v_token_patterns
from .grammar import GrammarRule


class Existence(GrammarRule):
    FIELDS = {
        **GrammarRule.FIELDS,
        "tokens": Field(v_str_list, (), doc="phrases to flag, in their base form"),
        "patterns": Field(v_token_patterns, (), doc="spaCy Matcher token patterns to flag (on words alone)"),
        "suggestions": Field(v_str_list, (), doc="what to write instead"),
    }

    def __init__(self, spec, library) -> None:
        super().__init__(spec, library)
        nlp = library.nlp
        if not self.params["tokens"] and not self.params["patterns"] and not self.params["claims"]:
            raise ValueError("an existence rule needs tokens:, patterns: or claims:")
        self._phrases = PhraseSet(nlp.tokenize, [(t, None) for t in self.params["tokens"]], library.lexicon)
        self.pattern_set = (PatternSet(nlp.vocab, {f"pattern {i + 1}": p for i, p in
                                                 enumerate(self.params["patterns"])})
                          if self.params["patterns"] else None)

    @property
    def has_phrases(self) -> bool:
        return bool(self.params["tokens"] or self.params["patterns"])

    @property
    def needs_model(self) -> bool:
        return super().needs_model or PatternSet.needs_model(self.params["patterns"])

    def _find(self, doc):
        found = self._phrases.find(doc) if self._phrases else []
        if self.pattern_set is not None:
            # A phrase and a pattern that match the same words are one finding: keep the
            # longer match ("overhaul how we teach" over "overhaul how").
            found = leftmost_longest(found + self.pattern_set.find(doc))
        return found

    def check(self, ctx):
        for block, _match, start, end in self.matches(ctx, self._find):
            yield self.finding(ctx, block, start, end, suggestions=self.params["suggestions"])
