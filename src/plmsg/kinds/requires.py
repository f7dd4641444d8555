"""requires: the draft must contain at least one cue of a kind.

A cue is a phrase from `cues`, a match of a token pattern in `patterns` (a phone
number's shape, an e-mail address), one word from each group of `together` in the same
sentence (a student word and a learning word), a sentence that opens with one of
`imperatives` (an instruction to the reader: "Register by Friday", "Sign up for a time"),
a quotation of at least `quotes` words (not one whose speaker is named by one of
`quotes_not_from`: an official's statement is not an example), or a link whose target
starts with one of `links` (mailto:, tel:). Phrases in
`exceptions` never count: "personalized learning" names the approach, it does not say
what students gain. Drafts shorter than `min_words` are not checked, and with `when` (or
`when_family`, a glossary term family plus the preferred term) only drafts that mention
one of those phrases are; drafts whose headline (or, without one, opening) names one of
`not_when` (a medication letter, an order form) are about something else and are not
checked. The finding points at the opening or the end.
"""

from __future__ import annotations

import re

from ..phrases import PatternSet, PhraseSet
from ..schema import Field, v_bool, v_choice, v_int, v_list_of, v_str, v_str_list
from ..sentences import tokens_of
from .base import Rule, speaker_context, v_token_patterns
from .grammar import acted_on


class Requires(Rule):
    scope = "document"
    default_scope = ("title", "heading", "paragraph", "list_item", "table_cell", "quote", "alt_text")
    FIELDS = {
        "cues": Field(v_str_list, (), doc="any of these phrases satisfies the rule"),
        "together": Field(v_list_of(v_str_list), (), doc="one phrase from each group, in one sentence"),
        "imperatives": Field(v_str_list, (), doc="verbs that count as a cue when a sentence (or "
                             "the words after a colon or dash) opens with them, in their base form"),
        "exceptions": Field(v_str_list, (), doc="phrases that never count as cues"),
        "links": Field(v_str_list, (), doc="link targets that count as cues (prefixes)"),
        "patterns": Field(v_token_patterns, (), doc="token patterns that count as cues (on words alone)"),
        "quotes": Field(v_int, 0, doc="a quotation of at least this many words counts (0: off)"),
        "quotes_not_from": Field(v_str_list, (), doc="a quotation whose speaker is named by one of these "
                                 "does not count"),
        "when": Field(v_str_list, (), doc="check only drafts that mention one of these"),
        "when_family": Field(v_str, None, doc="check only drafts that name a member of this "
                             "glossary term family, or the preferred term"),
        "min_words": Field(v_int, 0, doc="shorter drafts are not checked"),
        "not_when": Field(v_str_list, (), doc="drafts whose headline (or, without one, opening) names "
                          "one of these are about something else and are not checked (a medication letter)"),
        "not_when_in": Field(v_choice("headline", "opening"), "headline",
                             doc="where not_when looks: the headline (or, without one, the opening), or the "
                             "headline and first paragraph"),
        "anchor": Field(v_choice("opening", "end", "headline"), "opening", doc="where the finding points"),
        "tied": Field(v_bool, False, doc="with the spaCy model, the two `together` groups' words must be "
                      "tied in the sentence's grammar (not 'classroom teachers', not 'help us')"),
        "suggestions": Field(v_str_list, (), doc="sentences the writer could add"),
    }
    placeholders = ("suggestion",)

    def __init__(self, spec, library) -> None:
        super().__init__(spec, library)
        p = self.params
        if not (p["cues"] or p["together"] or p["links"] or p["patterns"] or p["quotes"] or p["imperatives"]):
            raise ValueError("a requires rule needs cues:, together:, imperatives:, patterns:, quotes: or links:")
        nlp = library.nlp
        self._not_from = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in p["quotes_not_from"]) + r")\b",
                                    re.I) if p["quotes_not_from"] else None
        keys = {k: "cue" for k in p["cues"]}
        for g, group in enumerate(p["together"]):
            keys.update({k: g for k in group if k not in keys})
        keys.update({k: "exception" for k in p["exceptions"]})
        self._keys = {" ".join(k.split()): v for k, v in keys.items()}
        # A cue counts as written, or a single word in the plural ("surveys"), never as a
        # past-tense verb: "we surveyed 700 teachers" and "a parent called us" report what
        # happened; they invite nobody.
        self._all = PhraseSet(nlp.tokenize, [(k, _CUE_POS[" " in k] if v == "cue" else None)
                                             for k, v in self._keys.items()], library.lexicon)
        self._groups = len(p["together"])
        self._imperatives = PhraseSet(nlp.tokenize, [(k, None) for k in p["imperatives"]], library.lexicon)
        self.pattern_set = (PatternSet(nlp.vocab, {f"pattern {i + 1}": x for i, x in enumerate(p["patterns"])})
                          if p["patterns"] else None)
        topics = list(p["when"])
        if p["when_family"]:
            family = library.glossary.family(p["when_family"])
            if family is None:
                raise ValueError(f"no term family named {p['when_family']!r} in the glossary")
            topics += [*family.members, library.preferred_term or family.default]
        self._topics = PhraseSet(nlp.tokenize, [(t, None) for t in dict.fromkeys(topics)], library.lexicon)
        self._elsewhere = PhraseSet(nlp.tokenize, [(t, None) for t in p["not_when"]], library.lexicon)

    def applies(self, ctx) -> bool:
        """Long enough, and about the approach when `when_family` says it must be."""
        return self.once_per_draft(ctx, "applies", lambda: ctx.word_count >= self.params["min_words"] and (
            not self._topics or any(self._topics.find(ctx.docs[i]) for i in range(len(ctx.draft.blocks))))
            and not (self._elsewhere and any(self._elsewhere.find(ctx.docs[i]) for i in self._about_blocks(ctx))))

    def _about_blocks(self, ctx) -> list[int]:
        """Where `not_when` looks: the headline (or, without one, the opening), or with
        `not_when_in: opening`, the headline and the first paragraph."""
        return ctx.opening if self.params["not_when_in"] == "opening" else (ctx.headline or ctx.opening)

    def satisfied(self, ctx) -> bool:
        if any(link.lower().startswith(tuple(self.params["links"])) for link in ctx.draft.links):
            return True
        for i in ctx.blocks_in(self.spec.scope):
            doc = ctx.docs[i]
            if self.pattern_set is not None and self.pattern_set.find(doc):
                return True
            if self.params["quotes"] and self._has_quote(ctx, i):
                return True
            if self.params["imperatives"] and self._has_imperative(ctx, i):
                return True
            cue, together = self._cues(ctx, i)
            if cue or any(self._tied(ctx, i, k, words) for k, words in together.items()):
                return True
        return False

    def _cues(self, ctx, block: int) -> tuple[bool, dict[int, list]]:
        """Whether the block has a cue phrase, and its sentences (by first token) that hold
        a word of every `together` group, with those words as (group, match)."""
        doc = ctx.docs[block]
        words: dict[int, list] = {}
        for m in self._all.find(doc):
            if m.start > 0 and doc[m.start - 1].text == "-" and not doc[m.start - 1].whitespace_:
                continue  # inside a hyphenated word: "one-on-one teacher time" is not "one teacher"
            kind = self._keys[m.key]
            if kind == "cue":
                return True, {}
            if kind == "exception":
                continue
            s = ctx.sentence_at(block, m.start)
            words.setdefault(s.tok_start if s else 0, []).append((kind, m))
        return False, {k: w for k, w in words.items() if self._groups and len({g for g, _ in w}) == self._groups}

    TO_PARSE = 1

    def to_parse(self, ctx) -> list:
        """The first sentence whose words `tied` asks the parser about: a draft is most
        often satisfied by it. The linter parses it with the other drafts' sentences; a
        later one, when needed, is parsed on its own (cheaper than parsing them all)."""
        if not self.params["tied"] or not ctx.nlp.has_model or not self.applies(ctx):
            return []

        def first():
            out = []
            for i in ctx.blocks_in(self.spec.scope):
                _, together = self._cues(ctx, i)
                out += [s for k in together if (s := ctx.sentence_at(i, k)) is not None]
                if len(out) >= self.TO_PARSE:
                    break
            return out[:self.TO_PARSE]

        return self.once_per_draft(ctx, "to_parse", first)

    def _tied(self, ctx, block: int, sentence_start: int, found) -> bool:
        """With `tied: true` and the spaCy model, whether the sentence's grammar ties the
        groups' words: a word of the first group that only describes another noun
        ("classroom teachers", "student devices") does not count, nor a verb of the second
        that acts on someone else ("help us", "support teachers", "build a range of ...")."""
        if not self.params["tied"] or not ctx.nlp.has_model or self._groups != 2:
            return True
        s = ctx.sentence_at(block, sentence_start)
        if s is None:
            return True
        doc = ctx.docs[block]
        parsed = ctx.parse([s])[0]
        at = {t.idx: t for t in parsed}

        def token(m):
            return at.get(doc[m.start].idx - s.start) if m.end - m.start == 1 else None

        firsts = [token(m) for g, m in found if g == 0]
        seconds = [token(m) for g, m in found if g == 1]
        people = {t.i for t in firsts if t is not None}
        gains = {t.i for t in seconds if t is not None}

        def real_person(t):
            return t is None or t.dep_ not in ("compound", "amod", "nmod") or t.head.i in people

        def own_gain(t):
            if t is None or not t.tag_.startswith("VB"):
                return True
            if t.dep_ in ("amod", "compound"):  # "projected enrollment" describes the enrollment
                return t.head.i in gains or t.head.i in people
            objects = acted_on(t)
            return not objects or any(c.i in people or c.i in gains or c.lower_ in _SELF for c in objects)

        return any(real_person(t) for t in firsts) and any(own_gain(t) for t in seconds)

    def _has_imperative(self, ctx, block: int) -> bool:
        """A sentence that opens with an instruction to the reader ("Sign up by Friday";
        "Conferences: sign up for a time"; "If you have questions, please contact Ms. Lee").
        Only the bare verb counts: "Registered students ..." and "Attending the class ..."
        describe, they don't ask."""
        doc = ctx.docs[block]
        found = self._imperatives.find(doc)
        if not found:
            return False
        table = tokens_of(doc)
        text, lower = table.text, table.lower
        starts = set()
        for s in ctx.sentences[block]:
            k = s.tok_start
            while k < s.tok_end and not text[k].isalpha():
                k += 1  # a bullet, a dash, an opening quotation mark
            starts.add(k)
            starts.update(j + 1 for j in range(s.tok_start, s.tok_end) if text[j] in _OPENERS or lower[j] == "please")
            if k < s.tok_end and lower[k] in ctx.english.conditions:
                # "If you have questions, call ...": the instruction after the opening clause
                comma = next((j for j in range(k, s.tok_end) if text[j] == ","), None)
                if comma is not None:
                    starts.add(comma + 1)
        for m in found:
            if m.start in starts and doc[m.start:m.end].text.lower() == m.key.lower():
                return True
        return False

    def _has_quote(self, ctx, block: int) -> bool:
        """A quotation long enough, from someone the rule hears (a teacher, a parent), not
        from an official or a document."""
        text = ctx.draft.blocks[block].text
        return any(len(_WORD.findall(text[a:z])) >= self.params["quotes"]
                   and not (self._not_from and self._not_from.search(speaker_context(ctx, block, (a, z))))
                   for a, z in ctx.quoted(block))

    def check(self, ctx):
        if not self.applies(ctx) or self.satisfied(ctx):
            return
        anchor = ctx.anchor(self.params["anchor"])
        if anchor is None:
            return
        yield self.finding(ctx, anchor.block, anchor.start, anchor.end,
                           suggestions=self.params["suggestions"])


_WORD = re.compile(r"\w+")
_CUE_POS = {False: "noun", True: "literal"}  # a one-word cue, a cue of several words
_SELF = {"themselves", "them", "their", "you", "your"}  # "help them", "help your child"
_OPENERS = {":", "—", "–", "--"}  # what may come before an instruction inside a sentence
