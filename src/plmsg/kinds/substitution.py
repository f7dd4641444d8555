"""substitution: a phrase has a plainer rewrite.

Rewrites keep the form and capitals of what they replace ("Leveraging" → "Using"). A
phrase with exactly one rewrite is a safe fix when the rule allows fixes; with several,
the rewrites are suggestions. With `explained: true`, a term explained in the same
sentence (a parenthesis, a dash, "which means") or an acronym defined at first use is
not flagged. With `glossary: jargon`, the swaps come from the glossary.
"""

from __future__ import annotations

import re
from functools import cached_property

from ..lexicon import is_acronym
from ..model import AUDIENCES
from ..phrases import Match, PatternSet, PhraseSet, doc_words
from ..sentences import occurrences, tokens_of
from ..schema import Field, v_bool, v_choice, v_list_of, v_num, v_str, v_str_list, v_swap, validate_fields
from ..wording import inflect_like, is_plural_of, match_case, prepare_inflections
from .base import v_token_patterns
from .grammar import GrammarRule

# A question that asks what the term is, which the text after it answers: "What is a
# standards-based report card?"
_ASKED = re.compile(r"\b(?:what|who)\s+(?:is|are|was|were|'s|does|do)\s+(?:an?\s+|the\s+|our\s+)?[\"“‘']?$", re.I)
_DETERMINERS = {"a", "an", "the", "our", "this", "these", "that", "those", "each", "every", "your"}
# After "These skills", "This": the verbs of a gloss.
_GLOSS_VERBS = {"include", "includes", "are", "is", "means", "mean", "cover", "covers"}
# The words that explain a term, define it or point back to it are English data
# (english.yaml): "which means", "stands for", "what teachers call", "this".


def _v_rewrite_patterns(value, path, loc):
    """[{pattern: [token dicts], rewrites: [...]}]: grammar-shaped phrases and their rewrites."""
    if not isinstance(value, list):
        raise loc.error(path, "expected a list of {pattern: [...], rewrites: [...]}")
    out = []
    fields = {"pattern": Field(lambda v, p, l: v_token_patterns([v], p, l)[0], required=True),
              "rewrites": Field(v_str_list, ())}
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise loc.error(path + (i,), "expected {pattern: [...], rewrites: [...]}")
        out.append(validate_fields(fields, item, path + (i,), loc, "a rewrite pattern"))
    return tuple(out)


class Substitution(GrammarRule):
    FIELDS = {
        **GrammarRule.FIELDS,
        "swap": Field(v_swap, {}, doc="phrase: rewrite, or phrase: [rewrites]"),
        "patterns": Field(_v_rewrite_patterns, (), doc="token patterns with their rewrites"),
        "suggestions": Field(v_str_list, (), doc="advice for a claim found over the parse (no rewrite)"),
        "glossary": Field(v_choice("jargon"), None, doc="take the swaps from the glossary"),
        "explained": Field(v_bool, False, doc="skip terms explained in the same sentence"),
        "fix": Field(v_choice("safe", "unsafe", "none"), "none",
                     doc="how safe a single rewrite is to apply automatically"),
        "acronyms": Field(v_list_of(v_choice(*AUDIENCES)), (),
                          doc="audiences for whom any acronym the draft never spells out is flagged, "
                          "whether or not it has a rewrite"),
        "known_acronyms": Field(v_str_list, (), doc="acronyms every reader knows (TV, PTA, STEM)"),
        "rare_words": Field(v_list_of(v_choice(*AUDIENCES)), (),
                            doc="audiences for whom a rare abstract word the draft never explains is flagged "
                            "(rare: below rare_below on the Zipf scale of everyday English)"),
        "rare_below": Field(v_num, 3.0, doc="how rare a word must be (Zipf frequency) to be flagged"),
        "rare_endings": Field(v_str_list, (), doc="the endings of the abstract words looked up (-ency, -ive)"),
        "rare_message": Field(v_str, "'{match}' is a word many readers won't know, and this draft never explains "
                              "it. Explain it the first time, or say it in plain words.",
                              doc="the message for a rare word"),
        "acronym_message": Field(v_str, "'{match}' is an acronym many readers won't know, and this draft never "
                                 "spells it out. Spell it out the first time, or say it in plain words.",
                                 doc="the message for an acronym with no rewrite"),
    }
    placeholders = ("match", "suggestion", "expansion")

    def __init__(self, spec, library) -> None:
        super().__init__(spec, library)
        self._swaps: dict[str, tuple[str, ...]] = {}
        self._pos: dict[str, str | None] = {}
        self._expansions: dict[str, str] = {}
        self._not_near: dict[str, set[str]] = {}
        self._audiences: dict[str, tuple[str, ...]] = {}
        self._plurals: dict[str, tuple[str, ...]] = {}
        if self.params["glossary"] == "jargon":
            for entry in library.glossary.jargon:
                self._swaps[entry.term] = entry.plain
                self._pos[entry.term] = entry.pos
                if entry.acronym:
                    self._expansions[entry.term] = entry.acronym
                if len(entry.audiences) < 5:
                    self._audiences[entry.term] = entry.audiences
                if entry.plural:
                    self._plurals[entry.term] = entry.plural
                if entry.not_near:
                    self._not_near[entry.term] = {" ".join(w.lower().split()) for w in entry.not_near}
        self._swaps.update(self.params["swap"])
        if not self._swaps and not self.params["patterns"]:
            raise ValueError("a substitution rule needs swap:, patterns: or glossary: jargon")
        nlp = library.nlp
        self._phrases = PhraseSet(nlp.tokenize, [(k, self._pos.get(k)) for k in self._swaps], library.lexicon)
        near = sorted({w for words in self._not_near.values() for w in words})
        self._near = PhraseSet(nlp.tokenize, [(w, None) for w in near], library.lexicon)
        patterns = {f"pattern {i + 1}": p["pattern"] for i, p in enumerate(self.params["patterns"])}
        self.pattern_set = PatternSet(nlp.vocab, patterns) if patterns else None
        for base, rewrites in self._swaps.items():
            for rewrite in rewrites:
                prepare_inflections(self.lexicon, base, rewrite, self._pos.get(base))
        # a pattern's rewrites, by the name its matches carry
        self._pattern_rewrites = {f"pattern {i + 1}": p["rewrites"] for i, p in enumerate(self.params["patterns"])}
        # A word of seven letters or more with one of the endings, lower-case or capitalised,
        # not part of a hyphenated word.
        endings = "|".join(re.escape(e) for e in sorted(self.params["rare_endings"], key=len, reverse=True))
        self._rare = re.compile(rf"(?<![\w-])[A-Za-z][a-z]{{3,}}(?:{endings})(?![\w-])") if endings else None

    @property
    def has_phrases(self) -> bool:
        return bool(self._swaps or self._pattern_rewrites)

    @property
    def needs_model(self) -> bool:
        return super().needs_model or PatternSet.needs_model(p["pattern"] for p in self.params["patterns"])

    def _find(self, doc):
        # `_found` asks twice of a rule with claims (its phrases, then with the claims)
        key = ("plmsg_found", id(self))
        if key not in doc.user_data:
            doc.user_data[key] = self._phrases_and_patterns(doc)
        return list(doc.user_data[key])

    def _phrases_and_patterns(self, doc):
        found = self._phrases.find(doc) if self._phrases else []
        if self.pattern_set is not None:
            taken = [(m.start, m.end) for m in found]
            found += [m for m in self.pattern_set.find(doc)
                      if not any(a < m.end and m.start < z for a, z in taken)]
        return sorted(found, key=lambda m: m.start)

    def _ordinary_sense(self, ctx, block: int, m) -> bool:
        """A glossary `not_near` word in the same sentence: the literal sense of the term."""
        words = self._not_near.get(m.key)
        if not words:
            return False
        s = ctx.sentence_at(block, m.start)
        lo, hi = (s.tok_start, s.tok_end) if s else (0, len(ctx.docs[block]))
        return any(n.key.lower() in words and lo <= n.start < hi for n in self._near.find(ctx.docs[block]))

    @property
    def fix_safety(self) -> str:
        return self.params["fix"]

    def _found(self, ctx, claims: bool = True) -> list:
        """The matches context does not excuse; without `claims`, the phrases alone (which
        need no parse). A rule without claims finds its phrases once a draft."""
        claims = claims and self._grammar is not None
        return self.once_per_draft(ctx, "found" if claims else "phrases found", lambda: [
            (block, m, start, end) for block, m, start, end in self.matches(ctx, self._find, claims)
            if not self._ordinary_sense(ctx, block, m)
            and ctx.audience in self._audiences.get(m.key, (ctx.audience,))])

    def _attributive(self, ctx, block: int, m):
        """For a noun or adjective term with a rewrite of several words, followed by a word
        that may be a noun ("data-driven decisions", not "stakeholders met"): the sentence
        the tagger must read to tell, else None."""
        base = m.key
        if self._pos.get(base) not in ("noun", "adjective") or not any(" " in r for r in self._swaps.get(base, ())):
            return None
        doc = ctx.docs[block]
        after = doc[m.end] if m.end < len(doc) else None
        if after is None or not after.is_alpha or after.is_stop:
            return None
        return ctx.sentence_at(block, m.end)

    def to_tag(self, ctx) -> list:
        """The sentences whose tags tell whether a term modifies the word after it: the
        tagger alone reads them, not the parser."""
        if not ctx.nlp.has_model:
            return []
        return super().to_tag(ctx) + self.once_per_draft(ctx, "to_tag", lambda: [
            s for block, m, _, _ in self._found(ctx, claims=False)
            if (s := self._attributive(ctx, block, m)) is not None])

    def _modifies_next(self, ctx, block: int, m) -> bool:
        """Whether the term modifies the word after it, which a rewrite of several words
        cannot do ("data-driven decisions"). Without the tagger, assume it may."""
        s = self._attributive(ctx, block, m)
        if s is None:
            return False
        if not ctx.nlp.has_model:
            return True
        at = ctx.docs[block][m.end].idx - s.start
        return any(t.idx == at and t.tag_ in ("NN", "NNS", "NNP", "NNPS", "JJ", "VBG") for t in ctx.tag([s])[0])

    def check(self, ctx):
        found = self._found(ctx)
        explained = self._explained_terms(ctx, found) if self.params["explained"] else {}
        headline_kinds = ("title", "heading")
        for block, m, start, end in found:
            text = ctx.draft.blocks[block].text
            matched = text[start:end]
            base = m.key
            if m.source == "pattern":
                yield self.finding(ctx, block, start, end, suggestions=self._pattern_rewrites[base], replaces=True)
                continue
            if m.source == "claim":  # found over the parse: advice, not a rewrite
                yield self.finding(ctx, block, start, end, suggestions=self.params["suggestions"])
                continue
            if base in explained:
                where = explained[base]
                # The explanation itself, the uses after it, and a headline (which has no
                # room to explain) over a body that explains the term.
                if (block, start) >= where or ctx.draft.blocks[block].kind in headline_kinds:
                    continue
            if self.params["explained"] and self._excused(ctx, block, m):
                continue
            plurals = self._plurals.get(base)
            if plurals and is_plural_of(self.lexicon, base, matched):
                rewrites = plurals
            else:
                rewrites = tuple(inflect_like(self.lexicon, base, matched, r, self._pos.get(base)) for r in self._swaps[base])
            if ctx.draft.blocks[block].kind in headline_kinds or ctx.opens_sentence(block, m.start) \
                    or is_acronym(base) or " " not in matched:
                # the capitals of what it replaces; not those of "a Theory of Action" inside a
                # sentence, which the rewrite would turn into a name
                rewrites = tuple(match_case(matched, r) for r in rewrites)
            if len(matched) > 1 and matched.isupper() and not is_acronym(base):
                rewrites = tuple(r.upper() for r in rewrites)  # a word in an all-capitals heading
            adverb = matched.lower().endswith("ly") and not base.lower().endswith("ly")
            # A rewrite is offered in place only where it reads right there; otherwise the
            # rewrites are options for the writer to work in.
            fits = rewrites and _fits(ctx.docs[block], m, rewrites[0], self._pos.get(base)) \
                and not (" " in rewrites[0] and self._modifies_next(ctx, block, m))
            # One rewrite is an edit (safe or unsafe, as the rule says); several are options
            # shown to the writer, none applied.
            one = fits and len(rewrites) == 1 and self.params["fix"] != "none" and not adverb
            replacement = rewrites[0] if one else None
            yield self.finding(ctx, block, start, end, suggestions=rewrites, replacement=replacement,
                               applicability=self.params["fix"], replaces=bool(fits),
                               values={"expansion": self._expansions.get(base, "")})
        if ctx.audience in self.params["acronyms"]:
            yield from self._unexplained_acronyms(ctx, {m.key for _, m, _, _ in found})
        if ctx.audience in self.params["rare_words"]:
            yield from self._rare_words(ctx, found)

    def _rare_words(self, ctx, found):
        """Abstract words rare in everyday English that the draft uses without explaining
        them ("competencies", "summative"): the first use of each, with no rewrite. Not in
        a proper name or title, in quotation marks, a headline, or anywhere the glossary
        already flags; not when the draft explains the word, or points back to what it
        just said ("these competencies")."""
        if self._rare is None:
            return
        taken = {(b, m.start) for b, m, _, _ in found}
        seen: set[str] = set()
        explained: set[str] = set()
        candidates = []
        for i in ctx.blocks_in(self.spec.scope):
            doc = ctx.docs[i]
            text = ctx.draft.blocks[i].text
            for hit in self._rare.finditer(text):
                span = doc.char_span(hit.start(), hit.end())
                if span is None or len(span) != 1:
                    continue
                t = span[0]
                word = t.lower_
                if not (t.text.islower() or ctx.opens_sentence(i, t.i)) or (i, t.i) in taken:
                    continue
                m = Match(word, t.i, t.i + 1)
                # explained at any of its uses, or by the sentence after it ("... the deeper
                # learning competencies. These skills include ...")
                if self._explained(ctx, text, t.idx, t.idx + len(t.text)) or self._asked_or_defined(ctx, i, m) \
                        or self._glossed_next(ctx, i, t.i):
                    explained.add(word)
                if word in seen or word in explained or self.lexicon.zipf(word) >= self.params["rare_below"]:
                    continue
                seen.add(word)
                if ctx.draft.blocks[i].kind in ("title", "heading") or self._excused(ctx, i, m) \
                        or ctx.is_quoted(i, t.idx, t.idx + len(t.text)):
                    continue
                candidates.append((i, t.idx, t.idx + len(t.text), word))
        for block, start, end, word in candidates:
            if word not in explained:
                yield self.finding(ctx, block, start, end, message=self.params["rare_message"],
                                   suggestions=(f"Explain it the first time: '{word} ([what it means in "
                                                "everyday words])', or use everyday words.",))

    @staticmethod
    def _glossed_next(ctx, block: int, token: int) -> bool:
        """The sentence after the term's opens by pointing back to it and saying what it
        is: "These skills include ...", "This means ..."."""
        sentences = ctx.sentences[block]
        k = next((n for n, s in enumerate(sentences) if s.tok_start <= token < s.tok_end), None)
        if k is None or k + 1 >= len(sentences):
            return False
        words = sentences[k + 1].text.lower().split()[:4]
        return bool(words) and words[0] in ctx.english.back_references and any(
            w in _GLOSS_VERBS for w in words[1:])

    def _explained_terms(self, ctx, found) -> dict[str, tuple[int, int]]:
        """Where each term is first explained (or, for an acronym, defined) in the draft."""
        out: dict[str, tuple[int, int]] = {}
        for block, m, start, end in found:
            base = m.key
            if base in out or m.source != "phrase":
                continue
            text = ctx.draft.blocks[block].text
            if (is_acronym(base) and self._defines(ctx, block, m, base)) or \
                    self._explained(ctx, text, start, end, is_acronym(base)) or self._asked_or_defined(ctx, block, m):
                out[base] = (block, start)
        return out

    @staticmethod
    def _asked_or_defined(ctx, block: int, m) -> bool:
        """An FAQ question about the term ("What is a standards-based report card?"), or a
        sentence that opens with the term and says what it is or does ("Flexible pacing
        lets students ...")."""
        text = ctx.draft.blocks[block].text
        doc = ctx.docs[block]
        start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])
        s = ctx.sentence_at(block, m.start)
        if s is None:
            return False
        if _ASKED.search(text[s.start:start]) and text[end:s.end].rstrip().endswith("?"):
            return True
        k = s.tok_start
        while k < m.start and (not doc[k].is_alpha or doc[k].lower_ in _DETERMINERS):
            k += 1
        return k == m.start and bool(ctx.english.defines.match(text, end))

    def _excused(self, ctx, block: int, m) -> bool:
        """Context that makes a term fine where it stands: it points back to what was just
        said ("this gradual release"); it is part of a proper name written in capitals
        inside a sentence ("the Massachusetts Edtech Consortium"); or it spells out the
        acronym it follows ("PBIS (Positive Behavioral Interventions and Supports)")."""
        doc = ctx.docs[block]
        if m.start > 0 and doc[m.start - 1].lower_ in ctx.english.back_references:
            return True
        if m.start > 1 and doc[m.start - 1].text == "(" and is_acronym(doc[m.start - 2].text):
            return True
        return ctx.in_name(block, m.start, m.end)

    @cached_property
    def _known_acronyms(self) -> frozenset[str]:
        return frozenset(self.params["known_acronyms"]) | {a for a in self._swaps if is_acronym(a)}

    def _unexplained_acronyms(self, ctx, flagged: set[str]):
        """Acronyms the draft never spells out, whatever they are: "the ARD team"."""
        known = self._known_acronyms
        uses: dict[str, list[tuple[int, int, int]]] = {}
        spelled: set[str] = set()
        for i in ctx.blocks_in(self.spec.scope):
            doc = ctx.docs[i]
            # Only a word in capitals ("ARD", plural "IEPs") can be an acronym: find the
            # distinct words in capitals, then where they occur, and make a spaCy Token
            # only there.
            words = tokens_of(doc).text
            caps = [w for w in doc_words(doc, exact=True) if w.isupper() or w[:-1].isupper()]
            for k in sorted(k for w in caps for k in occurrences(words, w)):
                t = doc[k]
                word = t.text[:-1] if t.text.endswith("s") and t.text[:-1].isupper() else t.text
                if not (2 <= len(word) <= 7 and word.isalpha() and word.isupper()) or word in known \
                        or _ROMAN.fullmatch(word) or doc.vocab[t.lower_].is_stop:
                    continue  # "MUST do, MAY do": a word in capitals for emphasis
                nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
                prev = doc[t.i - 1] if t.i > 0 else None
                if (nxt is not None and nxt.text == "(") or (prev is not None and prev.text == "("):
                    spelled.add(word)  # "ARD (Admission, Review and Dismissal)", "(ARD)"
                    continue
                said = nxt is not None and nxt.lower_ in ("stands", "means")  # "ARD stands for ..."
                named = nxt is not None and nxt.text == "," and t.i + 3 < len(doc) and \
                    all(x.is_title for x in doc[t.i + 2:t.i + 4])  # "AASA, The School Superintendents ..."
                alias = t.i >= 2 and doc[t.i - 1].lower_ == "or" and doc[t.i - 2].text == ","  # "..., or PLP"
                if said or named or alias:
                    spelled.add(word)
                    continue
                if prev is not None and prev.text == "-" and t.i >= 2:
                    prev = doc[t.i - 2]  # "PICK-UP": one word in capitals
                if nxt is not None and nxt.text == "-" and t.i + 2 < len(doc):
                    nxt = doc[t.i + 2]
                if any(x is not None and (_CAPS_WORD.fullmatch(x.text) or _CODE.fullmatch(x.text))
                       for x in (prev, nxt)):
                    continue  # a line in capitals ("PICK UP"), a model name ("CTL J2")
                if prev is not None and prev.is_title and not ctx.opens_sentence(i, prev.i):
                    continue  # the end of a proper name: "Prairie Ridge CUSD"
                uses.setdefault(word, []).append((i, t.idx, t.idx + len(t.text)))
        for word, places in uses.items():
            if word in spelled or word in flagged:
                continue
            block, start, end = places[0]
            yield self.finding(ctx, block, start, end, message=self.params["acronym_message"],
                               suggestions=(f"Spell it out the first time: '[what {word} stands for] ({word})'.",))

    @staticmethod
    def _explained(ctx, text: str, start: int, end: int, acronym: bool = False) -> bool:
        """A gloss right after the term ("scaffolding (short steps ...)", "MTSS, which
        means ...") or a cue right before it ("what teachers call 'scaffolding'")."""
        after = ctx.english.explained_right_after.match(text, end)
        if after and not (acronym and after.group().lstrip().startswith(":")):
            return True  # "PD: reading conferences" is a label, not a definition of PD
        before = text[max(0, start - 40):start].rstrip(" \"'“‘")
        return bool(ctx.english.explained_right_before.search(before))

    def _defines(self, ctx, block: int, m, acronym: str) -> bool:
        """"Multi-Tiered System of Supports (MTSS)" or "MTSS (Multi-Tiered System of Supports)"."""
        doc = ctx.docs[block]
        if m.end < len(doc) and doc[m.end].text == "(":
            return True
        if not (m.start > 0 and doc[m.start - 1].text == "(" and m.end < len(doc) and doc[m.end].text == ")"):
            return False
        if m.start >= 3 and all(t.is_alpha for t in doc[m.start - 3:m.start - 1]):
            return True  # "federal pandemic relief (ESSER)": the words before say what it is
        letters = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
        letters = "".join(c for c in letters if c.isalpha()).lower()
        expansion = self._expansions.get(acronym, "").lower().replace("-", " ")
        before = " ".join(doc[:m.start - 1].text.lower().replace("-", " ").split())
        if expansion and before.endswith(" ".join(expansion.split())):
            return True
        words = ["".join(c for c in t.text if c.isalpha()) for t in doc[:m.start - 1] if t.lower_ not in _SMALL]
        words = [w for w in words if w]
        return "".join(w[0] for w in words[-len(letters):]).lower() == letters if letters else False


_SMALL = {"of", "and", "for", "the", "a", "an", "in", "to", "on"}
_ROMAN = re.compile(r"[IVXLC]+")
_CAPS_WORD = re.compile(r"[A-Z]{2,}")
_CODE = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9-]+")


def _fits(doc, m, rewrite: str, pos: str | None) -> bool:
    """Whether a rewrite reads right in the match's place:
    - not inside a hyphenated word ("High-leverage");
    - no word of it repeated just around it ("... taking charge of their learning for
      their learning");
    - for a noun or an adjective, a rewrite that opens with "a" or "the" does not land
      after a noun that modified the term ("student a say in ..."). (A phrase without a
      part of speech, such as "will ensure every student", is written to fit before what
      follows it.) An adjective used as a noun ("the value added") takes no adjective.
    Whether a rewrite of several words would have to modify the next word ("guided by
    student results decisions") takes the tagger: see `_modifies_next`."""
    before = doc[m.start - 1] if m.start > 0 else None
    after = doc[m.end] if m.end < len(doc) else None
    if (before is not None and before.text == "-") or (after is not None and after.text == "-"):
        return False
    words = rewrite.lower().split()
    near = {t.lower_ for t in doc[max(0, m.start - 3):m.start]} | {t.lower_ for t in doc[m.end:m.end + 5]}
    if any(w in near for w in words if len(w) > 3 and w.isalpha()):
        return False
    if pos not in ("noun", "adjective"):
        return True
    if pos == "adjective" and before is not None and before.lower_ in _DETERMINERS and \
            (after is None or not after.is_alpha or after.is_stop):
        return False  # an adjective used as a noun: "the value added through ..." is no place for "extra"
    if words and words[0] in ("a", "an", "the") and before is not None and before.is_alpha and not before.is_stop:
        return False
    return True
