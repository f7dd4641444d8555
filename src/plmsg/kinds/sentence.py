"""sentence: the length and shape of sentences.

`check: length` flags sentences of more than `max_words` words. `check: passive`
flags passive clauses whose actor is not named, found by the parser (a passive `be` or
`get` auxiliary, no `agent`). The parser runs only on sentences where a form of "be" or
"get" is followed closely by a possible past participle, the only ones that can hold
such a clause; with `owed` or `modals`, only on those that could hold a passive those
lists flag, judged first from every lemma each word could have, then from the tagger's
tags (`to_tag`, `to_parse`). Suggestions may use `{verb}` (the verb's base form, "pick up") and
`{active}` (the verb in the active voice, in the passive's own tense and modal, for a
plural or "we"/"you" subject: "can be picked up" → "can pick up", "were formed" →
"formed"). plmsg does not guess who the actor is: the writer knows.
"""

from __future__ import annotations

from functools import cached_property

from ..lexicon import Lexicon
from ..model import PROSE_KINDS
from ..schema import Field, v_choice, v_int, v_str_list
from ..sentences import tokens_of
from .base import Rule

_BE_GET = {"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "’s", "’re",
           "get", "gets", "got", "gotten", "getting"}


def irregular_participles(lexicon: Lexicon) -> frozenset[str]:
    """Past participles that don't end in -ed ("held", "written", "chosen"), from lemminflect."""
    def compute():
        from lemminflect import Inflections

        data = Inflections()._getInflDict()
        return {f.lower() for tags in data.values() for f in tags.get("VBN", ()) if not f.endswith("ed")}

    return lexicon.kept("irregular past participles", None,
                        lambda: frozenset(lexicon.word_set("irregular past participles", compute)))


def could_be_passive(lexicon: Lexicon, words: list[str]) -> bool:
    """A form of be/get followed within four words by something that may be a past
    participle. Only such sentences are worth the parser's time. `words` are lower-cased."""
    irregular = irregular_participles(lexicon)
    for i, w in enumerate(words):
        if w in _BE_GET:
            for nxt in words[i + 1:i + 5]:
                if nxt.endswith("ed") or nxt in irregular:
                    return True
    return False


def passive_verbs(doc) -> list:
    """Verbs with a passive auxiliary (a form of be or get), in order. The auxiliary is
    enough: a conjoined verb ("... or be named") shares its subject and has none of its
    own. (The parser sometimes calls a gerund "auxpass": that is not a passive.)"""
    from spacy.attrs import DEP

    auxpass = doc.vocab.strings["auxpass"]
    heads = {doc[i].head.i for i in (doc.to_array(DEP) == auxpass).nonzero()[0].tolist()
             if doc[i].lower_ in _BE_GET}
    return [doc[i] for i in sorted(heads)]


class Sentence(Rule):
    default_scope = PROSE_KINDS
    FIELDS = {
        "check": Field(v_choice("length", "passive"), required=True, doc="what to check"),
        "max_words": Field(v_int, 30, doc="longest sentence allowed (length)"),
        "exceptions": Field(v_str_list, (), doc="verbs (base form) whose passive is idiomatic"),
        "not_actors": Field(v_str_list, (), doc="nouns after 'by' that name a means or a time, "
                            "not who acts ('paid by check', 'returned by Friday')"),
        "owed": Field(v_str_list, (), doc="verbs (base form) whose actor the reader is owed in any "
                      "tense: someone who decides, approves, requires or charges. When set (or "
                      "`modals` is), only these passives are flagged"),
        "modals": Field(v_str_list, (), doc="words that make a passive say what will be done ('will', "
                        "'must', 'can', and 'being'): the reader is owed the actor of such a passive "
                        "for any verb, not only `owed` ones"),
        "statives": Field(v_str_list, (), doc="a verb and the word after it that make a state, "
                          "not an action ('design to', 'base on', 'make available')"),
        "generic_after": Field(v_str_list, (), doc="words that open a clause whose passive is "
                               "generic or conditional ('if', 'when'): not flagged"),
        "obligation": Field(v_str_list, (), doc="verbs (base form) before 'to be ...' that make it "
                            "an instruction ('forms need to be signed'); other infinitives are "
                            "not flagged ('deserve to be seen', 'a goal to be reached')"),
        "suggestions": Field(v_str_list, (), doc="how to rewrite"),
    }
    placeholders = ("match", "suggestion", "words", "max_words", "verb", "active")

    @property
    def needs_model(self) -> bool:
        return self.params["check"] == "passive"

    def check(self, ctx):
        if self.params["check"] == "length":
            yield from self._length(ctx)
        else:
            yield from self._passive(ctx)

    def _length(self, ctx):
        limit = self.params["max_words"]
        for i in ctx.blocks_in(self.spec.scope):
            for s in ctx.sentences[i]:
                if s.words > limit:
                    yield self.finding(ctx, i, s.start, s.end, suggestions=self.params["suggestions"],
                                       values={"words": s.words, "max_words": limit})

    def to_tag(self, ctx) -> list:
        if self.params["check"] != "passive":
            return []
        return self.once_per_draft(ctx, "to_tag", lambda: [
            s for i in ctx.blocks_in(self.spec.scope) for s in ctx.sentences[i]
            if self._may_flag(ctx, tokens_of(ctx.docs[i]).lower[s.tok_start:s.tok_end])])

    def to_parse(self, ctx) -> list:
        """The sentences `to_tag` found whose tags still allow a passive this rule flags."""
        candidates = self.to_tag(ctx)
        if not candidates or not self._narrowed or not ctx.nlp.knows_lemmas:
            return candidates
        return self.once_per_draft(ctx, "to_parse", lambda: [
            s for s, doc in zip(candidates, ctx.tag(candidates)) if self._tags_may_flag(ctx, doc)])

    @cached_property
    def _narrowing(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """`owed`, `modals` and `obligation`, as sets."""
        return tuple(frozenset(self.params[k]) for k in ("owed", "modals", "obligation"))

    @property
    def _narrowed(self) -> bool:
        owed, modals, _ = self._narrowing
        return bool(owed or modals)

    def _may_flag(self, ctx, words: list[str]) -> bool:
        """Whether the sentence can hold a passive this rule flags, judged from its words
        before any tagging: a form of be/get closely followed by a possible past participle
        (`could_be_passive`), and, when `owed` or `modals` narrow the rule, what
        `_may_own` asks. The lemmas are every lemma the model could give the word
        (`NLP.possible_lemmas`), so no sentence the parse would flag is left out."""
        irregular = irregular_participles(self.lexicon)
        return self._may_own(ctx, words, lambda x: x.endswith("ed") or x in irregular)

    def _tags_may_flag(self, ctx, doc) -> bool:
        """`_may_flag` again, with the tagger's word: the participle after the be/get must
        be tagged as one (VBN), as the verb of every flagged passive is."""
        from spacy.attrs import LOWER, TAG

        if not len(doc):
            return False
        strings = doc.vocab.strings
        lower, tags = doc.to_array([LOWER, TAG]).T.tolist()
        words = [strings[h] for h in lower]
        vbn = strings["VBN"]
        participles = {w for w, t in zip(words, tags) if t == vbn}
        return self._may_own(ctx, words, participles.__contains__)

    def _may_own(self, ctx, words: list[str], participle) -> bool:
        """A form of be/get with a word `participle` accepts up to four words after it, in
        a sentence that holds one of `modals`, or with an `obligation` verb up to four
        words before the be/get, or where that participle's lemma could be an `owed`
        verb. Without `owed` and `modals`, the be/get and its participle are enough."""
        owed, modals, obligation = self._narrowing
        narrowed = self._narrowed and ctx.nlp.knows_lemmas
        modal = not modals.isdisjoint(words)
        lemmas = ctx.nlp.possible_lemmas
        for i, w in enumerate(words):
            if w not in _BE_GET:
                continue
            after = [x for x in words[i + 1:i + 5] if participle(x)]
            if not after:
                continue
            if not narrowed or modal:
                return True
            if any(not obligation.isdisjoint(lemmas(x)) for x in words[max(0, i - 4):i]):
                return True  # "forms need to be signed", "need not be signed"
            if any(not owed.isdisjoint(lemmas(x)) for x in after):
                return True
        return False

    def _passive(self, ctx):
        candidates = self.to_parse(ctx)
        if not candidates:
            return
        exceptions = set(self.params["exceptions"])
        owed, modals = set(self.params["owed"]), set(self.params["modals"])
        obligation = set(self.params["obligation"])
        for s, doc in zip(candidates, ctx.parse(candidates)):
            verbs = passive_verbs(doc)
            if not verbs:
                continue
            agents, joined = [], []
            for t in doc:
                if t.dep_ == "agent":
                    agents += [o for o in t.children if o.dep_ == "pobj"]
                elif t.dep_ == "conj" and _has_subject(t):
                    joined.append(t)
            # the lemmas and coarse tags read below, and only those: each verb, its head
            # and the head's head (`_ahead`, `_not_owed`, `active_voice`), the nouns after
            # "by", and the joined words with a subject of their own (`_clause`)
            ctx.nlp.lemmatize_tokens(doc, {t for v in verbs for t in (v, v.head, v.head.head)}
                                     | set(agents) | set(joined))
            actors = {o.i for o in agents if self._names_actor(o)}
            flagged: set[int] = set()
            for verb in verbs:
                if verb.lemma_ in exceptions or verb.tag_ != "VBN":
                    continue
                if (owed or modals) and verb.lemma_ not in owed and not _ahead(verb, modals, obligation):
                    continue
                if self._not_owed(doc, verb):
                    continue
                clause = _clause(verb)
                if actors & clause:
                    continue  # the clause names who acts ("outlined in a plan written by our teachers")
                if verb.dep_ == "conj" and verb.head.i in flagged and not _has_subject(verb):
                    continue  # one finding a clause: "will be given out and collected in June"
                flagged.add(verb.i)
                first = min([c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")] + [verb.i])
                start = s.start + doc[first].idx
                end = s.start + verb.idx + len(verb)
                particle = [c.text for c in verb.children if c.dep_ == "prt"]
                base = " ".join([verb.lemma_] + particle[:1])
                active = active_voice(self.lexicon, verb, particle[:1])
                yield self.finding(
                    ctx, s.block, start, end, values={"verb": base, "active": active},
                    suggestions=tuple(x.replace("{verb}", base).replace("{active}", active)
                                      for x in self.params["suggestions"]),
                )

    def _names_actor(self, obj) -> bool:
        """Whether the noun after a "by" names who acts, not a means or a time ("paid by
        check", "returned by Friday", "by 5 p.m.")."""
        return obj.lemma_.lower() not in self._means and not obj.like_num

    @cached_property
    def _means(self) -> frozenset[str]:
        return frozenset(self.params["not_actors"])

    @cached_property
    def _statives(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for phrase in self.params["statives"]:
            verb, _, after = phrase.lower().partition(" ")
            out.setdefault(verb, set()).add(after)
        return {v: frozenset(a) for v, a in out.items()}

    def _not_owed(self, doc, verb) -> bool:
        """A passive whose actor the reader is not owed, by its grammar:
        - a state, not an action: "is designed to", "are based on", "made available";
        - a relative clause describing a noun: "the skills that are taught";
        - a clause of condition or time: "when goals are met", "if a device is lost";
        - an infinitive that is not an instruction: "deserve to be seen" (but "forms need
          to be signed" is one)."""
        after = doc[verb.i + 1].lower_ if verb.i + 1 < len(doc) else ""
        statives = self._statives.get(verb.lemma_)
        if statives and (after in statives or any(c.lower_ in statives for c in verb.children
                                                  if c.dep_ in ("prep", "oprd", "acomp", "xcomp", "aux"))):
            return True
        if verb.dep_ in ("relcl", "acl"):
            return True
        marks = {c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod") and c.i < verb.i}
        if marks & set(self.params["generic_after"]):
            return True
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            head = verb.head
            return not (verb.dep_ == "xcomp" and head.lemma_.lower() in set(self.params["obligation"]))
        return False


def _ahead(verb, modals: set[str], obligation: set[str]) -> bool:
    """A passive that says what will be done: "will be collected", "must be signed", "are
    being deployed" (`modals`), "need to be returned" (`obligation`)."""
    if verb.dep_ == "conj" and not any(c.dep_ == "aux" for c in verb.children):
        verb = verb.head  # "will be handed out and collected": the modal is the first verb's
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in modals for c in verb.children):
        return True
    # "forms need to be signed" (not "things needed to be done first": that is history)
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in obligation and verb.head.tag_ != "VBD"


def _has_subject(verb) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _clause(verb) -> set[int]:
    """The tokens of a verb's clause: its subtree, less the clauses joined to it that have
    a subject of their own ("..., and a help desk has been set up")."""
    out, todo = set(), [verb]
    while todo:
        t = todo.pop()
        out.add(t.i)
        todo.extend(c for c in t.children if not (c.dep_ == "conj" and c.pos_ != "NOUN" and _has_subject(c)))
    return out


_MODALS = {"can", "could", "will", "would", "shall", "should", "may", "might", "must", "'ll", "’ll", "ca", "wo"}
_MODAL_SPELLING = {"ca": "can", "wo": "will", "'ll": "will", "’ll": "will"}
_PAST_BE = {"was", "were", "got", "gotten"}


def active_voice(lexicon: Lexicon, verb, particle: list[str]) -> str:
    """The passive verb turned active, keeping its tense and modal, for a subject such as
    "we", "you", "teachers" or "families" (the writer fills it in): "will be held" → "will
    hold", "can be picked up" → "can pick up", "has been approved" → "have approved", "is
    being reviewed" → "are reviewing", "were formed" → "formed", "aren't sent" → "do not
    send", "needs to be signed" → "need to sign"."""
    lemma = verb.lemma_.lower()
    rest = particle
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    words = [a.lower_ for a in aux]
    negated = any(c.dep_ == "neg" for c in verb.children)
    no = ["not"] if negated else []
    modal = next((w for w in words if w in _MODALS), None)

    def form(tag: str) -> str:
        if tag == "VBD" and verb.lower_.endswith("ed"):
            return verb.lower_  # a regular verb: its past is its participle (no lookup)
        found = lexicon.inflection(lemma, tag)
        return found[0] if found else verb.lower_

    if modal:
        out = [_MODAL_SPELLING.get(modal, modal), *no, lemma]
    elif any(w in ("has", "have", "had", "'ve", "’ve") for w in words):
        had = "had" if "had" in words else "have"
        out = [had, *no, verb.lower_]
    elif "being" in words:
        be = "were" if any(w in _PAST_BE for w in words) else "are"
        out = [be, *no, form("VBG")]
    elif any(w in _PAST_BE for w in words):
        out = ["did", "not", lemma] if negated else [form("VBD")]
    elif "to" in words:
        # "needs to be signed" → "need to sign"; a bare "to be signed" → "sign"
        head = verb.head if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX") else None
        out = [head.lemma_.lower(), "to", *no, lemma] if head is not None else [*no, lemma]
    else:
        out = ["do", "not", lemma] if negated else [lemma]
    return " ".join(out + rest)
