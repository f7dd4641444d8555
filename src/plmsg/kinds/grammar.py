"""Claims as grammar: parts of a sentence that make a claim when they occur together.

A rule names its parts as `slots` (token patterns, which may use `$lists`), and says in
`claims` which parts make a claim together:

    slots:
      outcome:  [[{LEMMA: {IN: $outcome}}]]
      everyone: [[{LOWER: {IN: [every, each]}}, {LEMMA: {IN: $learner}}]]
    claims:
      - together: [outcome, everyone]   # in the same clause, in any order
        future: true                    # and said as a promise (will, shall, ensure)

`together` parts must sit in one clause of the parse (the words between, the order, the
tense and the voice do not matter), or follow each other with only small words between
("best for my high flyers", which the parser may split). `near` parts must be tied to the first part by one
link of the parse (its subject, its object, the noun it describes, or through a
preposition); `unless_near` parts excuse the claim when so tied ("a disruptive
*student*"); an `under` part must govern the first part's clause from above ("we
guarantee that every child ..."). The first part's clause, and every clause above it, decide whether the
claim is made at all: a word from `hedges` there ("we hope", "our goal is", "may"), a
negation ("we will not"), or a question mark at the end of the sentence means it is not.
`future: true` asks for a promise (will, shall, ensure, guarantee); `past: false` leaves
alone what is told as past ("she reached a 3 by May").
"""

from __future__ import annotations

from ..english import shipped
from ..lexicon import Lexicon
from ..phrases import Match, expand_hyphens
from ..schema import Field, v_bool, v_str_list, validate_fields
from .base import PhraseRule, v_patterns


def v_slots(value, path, loc):
    """name: [token patterns] (a single token mapping is a pattern of one token)."""
    if not isinstance(value, dict) or not value:
        raise loc.error(path, "expected a mapping of slot name: [token patterns]")
    out = {}
    for name, patterns in value.items():
        if not isinstance(name, str) or not name:
            raise loc.error(path, f"a slot name is a word (got {name!r})")
        if not isinstance(patterns, list) or not patterns:
            raise loc.error(path + (name,), "expected a list of token patterns")
        patterns = [[p] if isinstance(p, dict) else p for p in patterns]
        out[name] = v_patterns(patterns, path + (name,), loc)
    return out


def v_claims(value, path, loc):
    if not isinstance(value, list) or not value:
        raise loc.error(path, "expected a list of claims ({together: [slot, ...]})")
    slots = loc.data.get("slots") if isinstance(loc.data, dict) else None
    extension = isinstance(loc.data, dict) and "extends" in loc.data
    fields = {"together": Field(_v_slot_names, required=True), "near": Field(_v_slot_names, ()),
              "unless_near": Field(_v_slot_names, ()), "under": Field(_v_slot_names, ()),
              "future": Field(v_bool, False), "past": Field(v_bool, True)}
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise loc.error(path + (i,), "expected {together: [slot, ...]}")
        claim = validate_fields(fields, item, path + (i,), loc, "a claim")
        for key in ("together", "near", "unless_near", "under"):
            for k, name in enumerate(claim[key]):
                if not extension and (not isinstance(slots, dict) or name not in slots):
                    known = ", ".join(slots) if isinstance(slots, dict) else "none defined"
                    raise loc.error(path + (i, key, k), f"unknown slot {name!r} (slots: {known})")
        out.append(claim)
    return tuple(out)


def _v_slot_names(value, path, loc):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise loc.error(path, "expected a slot name or a list of slot names")
    return tuple(value)


GRAMMAR_FIELDS = {
    "slots": Field(v_slots, {}, doc="named parts of a claim: token patterns (with $lists)"),
    "claims": Field(v_claims, (), doc="which slots make a claim together, in one clause"),
    "hedges": Field(v_str_list, (), doc="words above a claim in the parse that make it no claim (hope, goal, may)"),
}


# Dependency labels that start a clause of their own.
_CLAUSES = {"ROOT", "ccomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis", "pcomp"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_NOBODY = {"nobody", "nothing", "none", "noone"}


def clause_of(token):
    """The head of the clause a token belongs to."""
    while token.dep_ not in _CLAUSES and token.head.i != token.i:
        if token.dep_ == "conj" and token.tag_.startswith(("VB", "MD")) and any(c.dep_ in _SUBJECTS for c in token.children):
            break  # "..., and every student will ...": a clause of its own
        token = token.head
    return token


def governors(token):
    """The token and every token above it in the parse."""
    yield token
    while token.head.i != token.i:
        token = token.head
        yield token


def tied(a, b) -> bool:
    """One link of the parse between two tokens, or two through a preposition."""
    if a.head.i == b.i or b.head.i == a.i:
        return True
    for x, y in ((a, b), (b, a)):
        if y.head.head.i == x.i and y.head.dep_ in ("prep", "agent", "dative"):
            return True
    return False


def acted_on(verb) -> list:
    """What a verb acts on, or helps along: its object ("support teachers"); the doer of
    the action it helps with ("help us keep our promise", "help students learn"); the
    object of that action when it follows as a bare verb with no doer named ("help build
    it", but not "learning to plan their week", where the learner plans); and, in a
    relative clause, the noun it describes ("everything we need"). Empty for a verb that
    acts on nothing ("students learn")."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp"):
            doers = [g for g in c.children if g.dep_ == "nsubj"]
            bare = not any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            out += doers or [g for g in c.children if g.dep_ == "dobj" and bare]
    if verb.dep_ == "relcl" and not out:
        out.append(verb.head)
    return out


class Grammar:
    """Compiled slots and claims for one rule."""

    def __init__(self, vocab, slots, claims, hedges, lexicon: Lexicon) -> None:
        from spacy.matcher import Matcher

        all_inflections = self._all_inflections = lexicon.all_inflections
        self._matcher = Matcher(vocab, validate=True)
        self.claims = claims
        # a hedge in any of its forms: "hope", "hoped", "hopes", "goals"
        self._hedges = {f.lower() for h in hedges for f in (h, *all_inflections(h.lower()))}
        self._form_sets: dict[tuple[str, ...], frozenset[str]] = {}
        # the forms of the shipped promise words, looked up now: they ship with the rules'
        # word knowledge, so checking a draft never loads lemminflect for them
        self._promises: dict[int, frozenset[str]] = {}
        self._promise_words(shipped())
        self._forms(("make",))
        self._anchor_words: dict[str, list | None] = {}
        self._needs_lemmas = False
        for name, patterns in slots.items():
            variants = [_lemmas_as_forms(v, all_inflections) for p in patterns for v in expand_hyphens(list(p))]
            self._needs_lemmas = self._needs_lemmas or any(
                k.upper() in ("LEMMA", "POS", "MORPH") for v in variants for tok in v for k in tok)
            self._matcher.add(name, variants)
            self._anchor_words[name] = _slot_words(patterns, all_inflections, lexicon.zipf)
        self._ids = {vocab.strings[name]: name for name in slots}
        # A word every claim's first part needs: a sentence with none is skipped at once.
        firsts = [self._anchor_words[c["together"][0]] for c in claims]
        self._gate: frozenset[str] | None = None if any(f is None for f in firsts) else frozenset().union(
            *(pattern[0] for f in firsts for pattern in f))
        # each claim's slots' required words, in the order may_match tries them
        self._claim_needs = [(bool(c["future"]), [self._anchor_words[s] for s in c["together"] + c["near"] + c["under"]])
                             for c in claims]

    @property
    def needs_lemmas(self) -> bool:
        """Whether a slot still asks for lemmas or coarse parts of speech."""
        return self._needs_lemmas

    def may_match(self, words, english) -> bool:
        """Whether a sentence with these (lower-cased) words could hold a claim (and, for a
        promise, a word that makes one: will, ensure, ...)."""
        if self._gate is not None and self._gate.isdisjoint(words):
            return False
        promise = self._promise_words(english)
        for future, needs in self._claim_needs:
            if future and promise.isdisjoint(words):
                continue
            for need in needs:
                if not _holds(need, words):
                    break
            else:
                return True
        return False

    def _promise_words(self, english) -> frozenset[str]:
        """Words one of which a promise holds: will, shall, going (to), (make) sure, and
        the forms of ensure, guarantee ..."""
        key = id(english)
        if key not in self._promises:
            self._promises[key] = frozenset(english.future) | {"going", "sure"} | self._forms(english.certainty)
        return self._promises[key]

    def find(self, doc, english) -> list[tuple[int, int, str]]:
        """(start token, end token, "claim N") for each claim made in a parsed sentence;
        `english` has the words that make a sentence a promise (will, ensure)."""
        if doc.text.rstrip(" \"'”’)»").endswith("?"):
            return []  # a question raises a claim; it does not make one
        spans: dict[str, list] = {}
        for match_id, s, e in self._matcher(doc):
            spans.setdefault(self._ids[match_id], []).append(doc[s:e])
        out = []
        for k, claim in enumerate(self.claims):
            first, *rest = claim["together"]
            for a in spans.get(first, ()):
                head = a.root
                clause = clause_of(head)
                parts = [a]
                for slot in rest:
                    b = next((b for b in spans.get(slot, ()) if (b.end <= a.start or a.end <= b.start)
                              and (clause_of(b.root).i == clause.i or _adjacent(doc, a, b))), None)
                    if b is None:
                        break
                    parts.append(b)
                else:
                    near = [next((b for b in spans.get(slot, ()) if tied(head, b.root)), None)
                            for slot in claim["near"]]
                    if any(b is None for b in near):
                        continue
                    above = {t.i for t in governors(clause)} - {clause.i}
                    over = [next((b for b in spans.get(slot, ()) if b.root.i in above), None) for slot in claim["under"]]
                    if any(b is None for b in over):
                        continue
                    if any(tied(head, b.root) for slot in claim["unless_near"] for b in spans.get(slot, ())):
                        continue
                    if claim["future"] and not self._promised(head, english):
                        continue
                    if not claim["past"] and self._past(head):
                        continue
                    parts += near + over
                    if self._hedged(head) or self._negated(a, parts):
                        continue
                    out.append((min(p.start for p in parts), max(p.end for p in parts), f"claim {k + 1}"))
        return _longest(out)

    def _forms(self, words) -> frozenset[str]:
        """The words in all their forms ("ensure", "ensures", "ensured", ...), remembered."""
        key = tuple(sorted(words))
        if key not in self._form_sets:
            self._form_sets[key] = frozenset(f.lower() for w in words for f in (w, *self._all_inflections(w)))
        return self._form_sets[key]

    def _promised(self, token, english) -> bool:
        """Said as a promise: will or shall, "is going to", or under ensure / guarantee."""
        for t in governors(token):
            if t.lower_ in self._forms(english.certainty) or (t.lower_ in self._forms(("make",)) and any(
                    c.lower_ == "sure" for c in t.children)):
                return True
            if any(c.dep_ == "aux" and c.lower_ in english.future for c in t.children):
                return True
            if t.lower_ == "going" and any(c.dep_ == "xcomp" for c in t.children):
                return True
        return False

    @staticmethod
    def _past(token) -> bool:
        """Told as what happened: "she reached a 3 by May", "scores have risen"."""
        clause = clause_of(token)
        if any(c.dep_ == "aux" and c.lower_ in ("have", "has", "had", "'ve", "'d") for c in clause.children):
            return True
        return clause.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in clause.children)

    def _hedged(self, token) -> bool:
        for t in governors(token):
            if t.lower_ in self._hedges:
                return True
            for c in t.children:
                # "may", "hopefully", "if"; a subject only after "is": "our goal is ..."
                # (not "this plan will ...")
                if (c.dep_ in ("aux", "auxpass", "advmod", "mark", "npadvmod")
                        or (c.dep_ in _SUBJECTS and t.lower_ in _BE)) and c.lower_ in self._hedges:
                    return True
        return False

    @staticmethod
    def _negated(span, parts) -> bool:
        """A negation on the claim's words or above them ("we will not", "nobody can
        promise"), not one that is part of the claim ("no child will fall behind")."""
        inside = {t.i for p in parts for t in p}
        for t in list(span) + list(governors(span.root))[1:]:
            for c in t.children:
                if c.i in inside:
                    continue
                if c.dep_ == "neg":
                    return True
                if c.dep_ in _SUBJECTS and (c.lower_ in _NOBODY or (
                        c.lower_ == "one" and any(d.lower_ == "no" for d in c.children))):
                    return True
        return False


# What may stand between two parts that follow each other in one phrase ("best for my high
# flyers"), where the parser may have put them in different clauses.
_LINKING = {"IN", "DT", "PDT", "PRP", "PRP$", "WP", "WP$", "TO", "RP", "POS"}  # prepositions, determiners ...
_BE = {"is", "are", "was", "were", "be", "been", "'s", "'re"}


def _adjacent(doc, a, b) -> bool:
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return hi - lo <= 3 and all(t.tag_ in _LINKING for t in doc[lo:hi])


def _lemmas_as_forms(pattern: list, all_inflections) -> list:
    """A lemma listed in a slot stands for all its forms: {LEMMA: {IN: [master]}} matches
    "master", "mastered", "Mastering" as {LOWER: {IN: [...]}} does. Matching the words'
    forms needs no lemmatizer over the parsed sentence (a third of the parse's cost)."""
    out = []
    for tok in pattern:
        tok = dict(tok)
        value = next((tok[k] for k in tok if k.upper() == "LEMMA"), None)
        has_lower = any(k.upper() == "LOWER" for k in tok)
        words = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
        if isinstance(words, list) and not has_lower and set(value if isinstance(value, dict) else {"IN"}) == {"IN"}:
            forms = {str(w).lower() for w in words}
            for w in words:
                forms.update(f.lower() for f in all_inflections(str(w).lower()))
            tok = {k: v for k, v in tok.items() if k.upper() != "LEMMA"}
            tok["LOWER"] = {"IN": sorted(forms)}
        out.append(tok)
    return out


def _longest(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Claims that overlap or touch are one claim ("every student reaches" + "grade level
    by spring"): one span over both."""
    out: list[tuple[int, int, str]] = []
    for s, e, key in sorted(set(found)):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]), out[-1][2])
        else:
            out.append((s, e, key))
    return out


def _slot_words(patterns, all_inflections, zipf) -> list[list[frozenset[str]]] | None:
    """What a sentence must hold for a slot to match in it: for each pattern, the words of
    each of its required tokens (lower-cased, with their inflections for lemmas), the
    least common first; None when some pattern has no required word."""
    out = []
    for pattern in patterns:
        options: list[frozenset[str]] = []
        for tok in pattern:
            if tok.get("OP") in ("?", "*", "!"):
                continue
            found: set[str] = set()
            for attr, value in tok.items():
                if attr.upper() not in ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA"):
                    continue
                values = [value] if isinstance(value, str) else value.get("IN", []) if isinstance(value, dict) else []
                for v in values:
                    v = str(v).lower()
                    found.add(v)
                    found.update(w for w in v.split("-") if w)  # the tokenizer splits hyphens
                    if attr.upper() == "LEMMA":
                        found.update(all_inflections(v))
            if found:
                options.append(frozenset(found))
        if not options:
            return None
        out.append(sorted(options, key=lambda o: max(zipf(w) for w in o)))
    return out


def _holds(needs: list[list[frozenset[str]]] | None, words) -> bool:
    """Whether a sentence's words hold every required word of one of a slot's patterns.
    (Loops, not generators: this runs for every sentence and claim.)"""
    if needs is None:
        return True
    for pattern in needs:
        for n in pattern:
            if n.isdisjoint(words):
                break
        else:
            return True
    return False


class GrammarRule(PhraseRule):
    """A phrase rule that also finds claims over the parse (`slots` and `claims`)."""

    FIELDS = {**PhraseRule.FIELDS, **GRAMMAR_FIELDS}

    def __init__(self, spec, library) -> None:
        super().__init__(spec, library)
        p = self.params
        if p["claims"] and not p["slots"]:
            raise ValueError("claims: needs slots:")
        self._grammar = Grammar(library.nlp.vocab, p["slots"], p["claims"], p["hedges"], library.lexicon) \
            if p["claims"] else None

    @property
    def has_phrases(self) -> bool:
        """Whether the rule also finds fixed phrases, which need no parse."""
        return False

    @property
    def needs_model(self) -> bool:
        return self._grammar is not None and not self.has_phrases

    @property
    def partly_needs_model(self) -> bool:
        return self._grammar is not None

    def to_parse(self, ctx) -> list:
        return self._claim_sentences(ctx)

    def _claim_sentences(self, ctx) -> list:
        if self._grammar is None or not ctx.nlp.has_model:
            return []
        return self.once_per_draft(ctx, "claims to parse", lambda: [
            s for i in ctx.blocks_in(self.spec.scope) for s, words in zip(ctx.sentences[i], ctx.sentence_words(i))
            if self._grammar.may_match(words, ctx.english)])

    def grammar_matches(self, ctx, block: int) -> list:
        if self._grammar is None:
            return []
        return self.once_per_draft(ctx, "claims", lambda: self._claims(ctx)).get(block, [])

    def _claims(self, ctx) -> dict[int, list[Match]]:
        sentences = self._claim_sentences(ctx)
        out: dict[int, list[Match]] = {}
        if not sentences:
            return out
        for sent, doc in zip(sentences, ctx.parse(sentences, lemmas=self._grammar.needs_lemmas)):
            block_doc = ctx.docs[sent.block]
            for s, e, key in self._grammar.find(doc, ctx.english):
                span = block_doc.char_span(sent.start + doc[s].idx, sent.start + doc[e - 1].idx + len(doc[e - 1]),
                                           alignment_mode="expand")
                if span is not None:
                    out.setdefault(sent.block, []).append(Match(key, span.start, span.end, "claim"))
        return out
