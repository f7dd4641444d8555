"""What every rule kind shares: the compiled rule and making its findings, phrase rules'
exceptions and quotations, and validating token patterns."""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ..context import DraftContext
from ..model import PROSE_KINDS, Finding, Fix, Severity
from ..phrases import PhraseSet, leftmost_longest
from ..schema import Field, render_message, v_bool, v_str_list
from ..spec import RuleSpec
from ..wording import with_article
from .wordlists import resolve


# -- rules ----------------------------------------------------------------------------------------
class Rule:
    """A compiled rule. Subclasses set FIELDS and implement `check`."""

    FIELDS: Mapping[str, Field] = {}
    scope = "span"  # or "document"
    default_scope: tuple[str, ...] = PROSE_KINDS
    placeholders: tuple[str, ...] = ("match", "suggestion")

    def __init__(self, spec: RuleSpec, library) -> None:
        self.spec = spec
        self.lexicon = library.lexicon  # the word knowledge of the run the rule is compiled for
        # `$name` list references, replaced by the lists' words (see kinds.wordlists)
        lists = spec.params.get("lists") or {}
        self.params = {k: v if k == "lists" else resolve(v, lists) for k, v in spec.params.items()}

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def needs_model(self) -> bool:
        """Whether the rule cannot run at all without the spaCy model."""
        return False

    @property
    def partly_needs_model(self) -> bool:
        """Whether part of what the rule checks needs the spaCy model."""
        return self.needs_model

    @property
    def fixable(self) -> bool:
        return self.fix_safety == "safe"

    @property
    def fix_safety(self) -> str:
        """safe: --fix applies it; unsafe: only with --unsafe-fixes; none: advice only."""
        return "none"

    def check(self, ctx: "DraftContext") -> Iterable[Finding]:
        raise NotImplementedError

    def once_per_draft(self, ctx: "DraftContext", name: str, compute):
        """compute(), once per draft for this rule: for what two of its passes both need."""
        key = (id(self), name)
        if key not in ctx.memo:
            ctx.memo[key] = compute()
        return ctx.memo[key]

    def to_tag(self, ctx: "DraftContext") -> list:
        """The sentences `to_parse` will ask the tagger about, to decide which of them are
        worth the parser. The linter tags those of a group of drafts in one batch first."""
        return []

    def to_parse(self, ctx: "DraftContext") -> list:
        """The sentences `check` will ask the parser for. Checking many drafts, the linter
        parses those of a group of drafts in one batch first (spaCy is much faster on one
        batch of hundreds of sentences than on a few at a time)."""
        return []

    def facts(self, ctx: "DraftContext") -> Mapping[str, Any]:
        """What the rule learned about the draft that a summary of many drafts needs (the
        names of the approach it uses, say). Kept with the result, and in the cache."""
        return {}

    def applies(self, ctx: "DraftContext") -> bool:
        """Whether the rule looks at this draft at all. A rule that passes a draft over (too
        short to judge, or not about what the rule is for) says so here, so the scorecard
        reports its principle as not checked rather than met."""
        return True

    # -- making findings -----------------------------------------------------------------
    def finding(self, ctx: "DraftContext", block: int, start: int, end: int, *,
                values: Mapping[str, Any] | None = None, suggestions: Iterable[str] = (),
                replacement: str | None = None, applicability: str = "safe",
                message: str | None = None, replaces: bool = False,
                severity: Severity | None = None) -> Finding:
        b = ctx.draft.blocks[block]
        s, e = b.source_span(start, end)
        source = ctx.draft.source
        suggestions = tuple(dict.fromkeys(suggestions))
        values = {"match": b.text[start:end], "suggestion": suggestions[0] if suggestions else "",
                  **(values or {})}
        fix = None
        # A rewrite is applied only where the source is exactly the prose (no markup inside),
        # and only where it cannot change what the draft says (see DraftContext.may_rewrite).
        if replacement is not None and source[s:e] == b.text[start:end] \
                and ctx.may_rewrite(block, start, end, replacement):
            fix_start, replacement = with_article(b.text, start, s, replacement)
            fix = Fix(fix_start, e, replacement, applicability)
        return Finding(
            rule=self.spec.id,
            severity=severity or ctx.severity_of(self.spec),
            scope=self.scope,
            message=render_message(message or self.spec.message, values),
            start=s,
            end=e,
            text=source[s:e],
            suggestions=suggestions,
            fix=fix,
            replaces=replaces and source[s:e] == b.text[start:end],
        )



# -- phrase rules: existence, substitution and consistency share matching and context --------
def v_patterns(value, path, loc):
    """spaCy Matcher token patterns: a list of patterns, each a list of token dicts."""
    if not isinstance(value, list):
        raise loc.error(path, "expected a list of token patterns")
    out = []
    for i, pattern in enumerate(value):
        if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
            raise loc.error(path + (i,), "a token pattern is a list of token attribute mappings")
        if _uses(pattern, ("REGEX", "FUZZY")):
            # A regular expression in a rule file could backtrack for minutes on one long
            # token; list the words (IN: [...]) instead.
            raise loc.error(path + (i,), "REGEX and FUZZY are not allowed in plmsg patterns; list the "
                            "words with IN: [...] instead")
        if _uses(pattern, ("ENT_TYPE", "ENT_IOB", "ENT_ID")):
            raise loc.error(path + (i,), "ENT_TYPE never matches: plmsg does not load spaCy's entity "
                            "recognizer; list the words instead")
        for k, token in enumerate(pattern):
            for attr, spec in token.items():
                words = spec.get("IN", ()) if isinstance(spec, dict) else [spec]
                if attr.upper() in _WORD_ATTRS and isinstance(words, list) and any(isinstance(w, bool) for w in words):
                    raise loc.error(path + (i, k, attr), "a word here was read by YAML as true or false "
                                    "(on, off, yes, no): put it in quotes, \"on\"")
        out.append(pattern)
    return tuple(out)


_WORD_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "LEMMA"}
# What only the tagger, parser or lemmatizer set: a pattern matched on the tokenizer's
# output alone (`patterns:` of existence, substitution and requires) can never use them.
_MODEL_ATTRS = ("POS", "TAG", "DEP", "LEMMA", "MORPH", "SENT_START", "IS_SENT_START")


def v_token_patterns(value, path, loc):
    """Token patterns matched on the tokenizer's output alone: words and their shapes, no
    part of speech, lemma or parse."""
    patterns = v_patterns(value, path, loc)
    for i, pattern in enumerate(patterns):
        for k, token in enumerate(pattern):
            for attr in token:
                if isinstance(attr, str) and attr.upper() in _MODEL_ATTRS:
                    raise loc.error(path + (i, k, attr), f"{attr} needs the parser, and these patterns run on "
                                    "words alone: list the word's forms with LOWER: {IN: [...]}, or write "
                                    "slots: and claims: (or a rule of kind pattern)")
    return patterns


def _uses(value, keys: tuple[str, ...]) -> bool:
    if isinstance(value, dict):
        return any((isinstance(k, str) and k.upper().startswith(keys)) or _uses(v, keys) for k, v in value.items())
    if isinstance(value, list):
        return any(_uses(v, keys) for v in value)
    return False


SPAN_FIELDS = {
    "exceptions": Field(v_str_list, (), doc="phrases that contain a match and make it fine"),
    "unless": Field(v_str_list, (), doc="words earlier in the same sentence that make a match fine"),
    "negation": Field(v_bool, False, doc="skip a match that follows a negation"),
    "skip_quoted": Field(v_bool, False, doc="skip matches inside quotation marks or block quotes"),
    "skip_names": Field(v_bool, False, doc="skip matches inside a proper name or a title written in "
                        "capitals inside a sentence (a book, a program, an organisation)"),
    "own_voices": Field(v_str_list, (), doc="with skip_quoted: speakers whose quotes are the "
                        "writer's own claims (superintendent, principal) and are checked"),
    "doubt": Field(v_str_list, (), doc="with own_voices: words that mark a quote as doubt, not a claim"),
    "skip_questions": Field(v_bool, False, doc="skip matches in a question: an FAQ that raises a myth "
                            "(\"Is this only for gifted students?\") does not claim it"),
}


class PhraseRule(Rule):
    """Finds phrases (and token patterns) in scoped blocks, minus the context that excuses them."""

    FIELDS = SPAN_FIELDS
    default_scope = ("title", "heading", "paragraph", "list_item", "table_cell", "alt_text", "quote")

    def __init__(self, spec: RuleSpec, library) -> None:
        super().__init__(spec, library)
        nlp = library.nlp
        self._exceptions = PhraseSet(nlp.tokenize, [(p, None) for p in self.params["exceptions"]], library.lexicon)
        self._unless = PhraseSet(nlp.tokenize, [(p, "phrase") for p in self.params["unless"]], library.lexicon)
        self._voices = _word_regex(self.params["own_voices"])
        self._doubt = _word_regex(self.params["doubt"])

    def _quote_is_own_claim(self, ctx: "DraftContext", block: int, quote: tuple[int, int]) -> bool:
        """A quote from the district's own people is its claim; a critic's is not. Who is
        speaking is read from the sentence that holds the quote, outside the quotation
        marks ("Our superintendent said, ..."), or, when the quote is a sentence of its own,
        from the sentence just before it, which introduces it. Other sentences of the
        paragraph may quote someone else."""
        if self._voices is None:
            return False
        around = speaker_context(ctx, block, quote)
        return bool(self._voices.search(around)) and not (self._doubt and self._doubt.search(around))

    def grammar_matches(self, ctx: "DraftContext", block: int) -> list:
        """Matches found over the parse (see kinds.grammar), as block token spans."""
        return []

    def matches(self, ctx: "DraftContext", finder, claims: bool = True) -> Iterable[tuple[int, Any, int, int]]:
        """(block, match, start char, end char) for each match that context does not excuse;
        with `claims`, the claims found over the parse too."""
        for i in ctx.blocks_in(self.spec.scope):
            doc = ctx.docs[i]
            found = finder(doc)
            more = self.grammar_matches(ctx, i) if claims else None
            if more:
                # A claim that runs straight on from one of the rule's phrases is the same
                # claim: one finding ("will ensure every student | reaches grade level by
                # spring"), not two.
                found = leftmost_longest(found + [m for m in more if not any(
                    m.start == f.end or f.start == m.end for f in found)])
            if not found:
                continue
            exempt = [(m.start, m.end) for m in self._exceptions.find(doc)] if self._exceptions else []
            unless = [m.start for m in self._unless.find(doc)] if self._unless else []
            for m in found:
                if any(a <= m.start and m.end <= z for a, z in exempt):
                    continue
                start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])
                if self.params["skip_quoted"]:
                    quote = ctx.quote_around(i, start, end)
                    if quote and not self._quote_is_own_claim(ctx, i, quote):
                        continue
                if self.params["negation"] and ctx.negated(i, m.start):
                    continue
                if self.params["skip_questions"] and ctx.in_question(i, m.start):
                    continue
                if self.params["skip_names"] and ctx.in_name(i, m.start, m.end):
                    continue
                if unless:
                    s = ctx.sentence_at(i, m.start)
                    lo = s.tok_start if s else 0
                    if any(lo <= u < m.start for u in unless):
                        continue
                yield i, m, start, end


def speaker_context(ctx: "DraftContext", block: int, quote: tuple[int, int]) -> str:
    """The words around a quote that say who is speaking: its sentence (or sentences, when
    the quote spans several) minus the quoted words. When those name no one (the quote is a
    sentence of its own, or only "she said"), the sentence before it, which introduces the
    speaker, is added: 'Our principal put it this way. "..."', '... Dr. Lee. "...," she said.'"""
    text = ctx.draft.blocks[block].text
    sentences = ctx.sentences[block]
    # The quoted words, without their marks: an opening mark can end up at the end of the
    # sentence before ('in May. "' | 'It will ...," one father said.').
    inner = (quote[0] + 1, quote[1] - 1) if quote[1] - quote[0] > 2 else quote
    holding = [k for k, s in enumerate(sentences) if s.start < inner[1] and inner[0] < s.end]
    if not holding:
        return text[:quote[0]] + " " + text[quote[1]:]
    first, last = sentences[holding[0]], sentences[holding[-1]]
    around = text[min(first.start, quote[0]):quote[0]] + " " + text[quote[1]:max(last.end, quote[1])]
    if holding[0] > 0 and all(w.lower() in ctx.english.attribution for w in _WORDS.findall(around)):
        before = sentences[holding[0] - 1]
        around = text[before.start:before.end] + " " + around
    return around


_WORDS = re.compile(r"[^\W\d_]+")


def _word_regex(words) -> "re.Pattern | None":
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                      + r")\b", re.I)
