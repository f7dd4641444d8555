"""opening: what the headline and first paragraph are about.

Two vocabularies are counted in the opening: the `topic` the opening should not lead
with (devices, apps, platforms) and the `focus` it should lead with (students,
teachers, learning). Headline words count `headline_weight` times. The rule fires when
the topic outweighs the focus; words for people (`people`: student, child) count half,
since almost every opening names them, whatever it is about. Phrases in `exceptions` are
not counted at all. A topic word is excused by `unless_near` words in the same sentence,
and a topic word with another meaning is excused by its `senses` words anywhere in the
headline and opening: "tablet" in an opening that says "ibuprofen" or "motion sickness"
is medicine, though the medicine word is a sentence away. An opening with a `logistics`
word is a notice whose news is the device itself (a pick-up, a repair, a loss charge), and
leading with the device is right there.

With the spaCy model, the opening's sentences that name the topic are parsed, and only
what they talk about is counted, not everything they name. A noun and the words that
describe it are one thing, technology if any of its words is: "AI tutors" and "the
adaptive math platform" are technology, not tutoring and math. A thing named only in the
description of another kind of thing is merely named: the student in "iPads for every
student", the platform in "classrooms where students work on the platform". A learning
verb that acts on something else is not learning ("everything we need", "help build it").
A logistics word counts only when it is tied to the technology ("iPad pickup", "return
the laptop"), not in "deliver a lesson". Without the model the words are counted as
written.
"""

from __future__ import annotations

from ..phrases import PhraseSet
from ..schema import Field, v_num, v_str, v_str_list
from .base import Rule
from .grammar import acted_on


def v_senses(value, path, loc):
    """{topic word: [words that show its other meaning]}."""
    if not isinstance(value, dict):
        raise loc.error(path, "expected a mapping of topic word: [context words]")
    out = {}
    for word, context in value.items():
        v_str(word, path + (word,), loc)
        out[" ".join(word.split())] = v_str_list(context, path + (word,), loc)
    return out


class Opening(Rule):
    scope = "document"
    default_scope = ("title", "heading", "paragraph", "list_item", "quote")
    FIELDS = {
        "topic": Field(v_str_list, required=True, doc="what the opening should not lead with"),
        "focus": Field(v_str_list, required=True, doc="what it should lead with"),
        "people": Field(v_str_list, (), doc="words for students and families, which almost every "
                        "opening has: they count for the focus at half weight"),
        "exceptions": Field(v_str_list, (), doc="phrases counted as neither"),
        "logistics": Field(v_str_list, (), doc="words of a notice whose news is the topic itself (a "
                           "pick-up, a repair, a loss charge): an opening, or the paragraph after "
                           "it, with one is not a finding, unless the opening `announces`"),
        "announces": Field(v_str_list, (), doc="words that announce a program rather than handle "
                           "its things (new, launch, rollout)"),
        "unless_near": Field(v_str_list, (), doc="words in the same sentence that excuse a topic word"),
        "senses": Field(v_senses, {}, doc="topic words with another meaning, each with words that, "
                        "anywhere in the headline or opening, show that meaning (tablet: [ibuprofen])"),
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
        self._keys.update({k: "logistics" for k in p["logistics"] if k not in self._keys})
        self._keys.update({k: "announces" for k in p["announces"] if k not in self._keys})
        self._all = PhraseSet(nlp.tokenize, [(k, None) for k in self._keys], library.lexicon)
        self._near = PhraseSet(nlp.tokenize, [(k, None) for k in p["unless_near"]], library.lexicon)
        topics = {" ".join(k.split()).lower() for k in p["topic"]}
        self._senses: dict[str, set[str]] = {}  # context word → the topic words it excuses
        for word, context in p["senses"].items():
            if word.lower() not in topics:
                raise ValueError(f"senses: {word!r} is not one of the topic words")
            for c in context:
                self._senses.setdefault(" ".join(c.split()), set()).add(word.lower())
        self._sense_words = PhraseSet(nlp.tokenize, [(k, None) for k in self._senses], library.lexicon)

    def _other_senses(self, ctx, blocks) -> set[str]:
        """Topic words the opening uses in another sense ("tablet" in a note about ibuprofen)."""
        if not self._senses:
            return set()
        return {w for i in blocks for m in self._sense_words.find(ctx.docs[i]) for w in self._senses[m.key]}

    def _logistics_after(self, ctx, opening: list[int]) -> bool:
        """Whether the first paragraph after the opening handles the topic's things: "Please
        read the updates below." then "Devices damaged or lost last year were replaced"."""
        after = next((i for i in ctx.blocks_in(("paragraph", "list_item")) if i > max(opening, default=-1)), None)
        return after is not None and any(self._keys[" ".join(m.key.split())] == "logistics"
                                         for m in self._all.find(ctx.docs[after]))

    def _words(self, ctx) -> list[tuple[str, int, float, object]]:
        """(kind, block, weight, match) for each word of the opening the rule counts."""
        return self.once_per_draft(ctx, "words", lambda: self._find_words(ctx))

    def _find_words(self, ctx) -> list[tuple[str, int, float, object]]:
        opening, asked = self._opening(ctx)
        headline = set(ctx.headline)
        other_sense = self._other_senses(ctx, opening)
        out = []
        for i in opening:
            doc = ctx.docs[i]
            weight = self.params["headline_weight"] if i in headline and i not in asked else 1.0
            near = [m.start for m in self._near.find(doc)] if self._near else []
            for m in self._all.find(doc):
                kind = self._keys[" ".join(m.key.split())]
                if kind == "topic":
                    if m.key.lower() in other_sense:
                        continue
                    s = ctx.sentence_at(i, m.start)
                    if near and s and any(s.tok_start <= n < s.tok_end for n in near):
                        continue
                out.append((kind, i, weight / 2 if kind == "people" else weight, m))
        return out

    def to_parse(self, ctx) -> list:
        """The opening's sentences that name the topic: what they talk about is read from
        their grammar."""
        if not ctx.nlp.has_model:
            return []
        return self.once_per_draft(ctx, "to_parse", lambda: self._to_parse(ctx))

    def _to_parse(self, ctx) -> list:
        # Reading the grammar only ever takes words away from the topic: an opening whose
        # words, counted as written, cannot fire the rule is not parsed.
        words = self._words(ctx)
        if sum(w for kind, _, w, _ in words if kind == "topic") < self.params["min_topic"]:
            return []
        return list({id(s): s for kind, i, _, m in words if (s := ctx.sentence_at(i, m.start))}.values())

    def _opening(self, ctx) -> tuple[list[int], set[int]]:
        scoped = set(ctx.blocks_in(self.spec.scope))
        # A question (an FAQ's heading, the list of questions it opens with) is the reader's,
        # not the writer's lead: it counts once, and a list of them is an index, not a lead.
        blocks = ctx.draft.blocks
        asked = {i for i in ctx.opening if blocks[i].text.rstrip().endswith("?")}
        opening = [i for i in ctx.opening if i in scoped and not (i in asked and blocks[i].kind == "list_item")]
        return opening, asked

    def _talked_about(self, ctx) -> list[tuple[str, int, float, object]] | None:
        """The counted words that name what the opening talks about, read from the
        parse: a noun and the words that describe it ("a full Chromebook cart", "the
        adaptive math platform", "AI tutors") are one thing, technology if any of its words
        is; and a thing named only inside the description of another kind of thing ("iPads
        that reach every student", "classrooms where students work on the platform") is
        merely named, not talked about. A logistics word counts only when it is tied to the
        technology ("iPad pickup", "return the laptop"), not in "deliver a lesson". None
        without the parse."""
        located = self._located(ctx)
        if located is None:
            return None
        units: dict[tuple, set[str]] = {}
        for kind, i, weight, m, tok, sent in located:
            units.setdefault((sent, _unit(tok).i), set()).add(kind)

        def category(kinds):
            return "topic" if "topic" in kinds else "focus" if kinds & {"focus", "people"} else None

        def owner(tok, sent, mine):
            """The category of the nearest thing of another category that `tok` describes."""
            for a in tok.ancestors:
                c = category(units.get((sent, a.i), set()))
                if c is not None and c != mine and a.tag_.startswith("NN"):
                    return c
            return None

        def learners(verb, sent):
            """Whether a learning verb is about learners: it acts on nothing else."""
            objects = acted_on(verb)
            return not objects or any(category(units.get((sent, _unit(o).i), set())) == "focus"
                                      for o in objects)

        out = []
        tech = {(sent, u) for (sent, u), kinds in units.items() if category(kinds) == "topic"}
        for kind, i, weight, m, tok, sent in located:
            head = _unit(tok)
            mine = category(units[(sent, head.i)])
            if kind == "logistics":
                near = [head] + list(head.ancestors)[:2] + list(head.children) + \
                    [g for c in head.children for g in c.children]
                if any((sent, _unit(t).i) in tech for t in near):
                    out.append((kind, i, weight, m))
                continue
            if kind not in ("topic", "focus", "people"):
                out.append((kind, i, weight, m))
                continue
            if category({kind}) != mine or owner(head, sent, mine) is not None:
                continue  # "math" in "the math platform"; "student" in "iPads for every student"
            if tok.tag_.startswith("VB") and kind == "focus" and not learners(tok, sent):
                continue  # "everything we need", "help build it": no learner gains
            out.append((kind, i, weight, m))
        return out

    def _located(self, ctx) -> list | None:
        """(kind, block, weight, match, its head in the parsed sentence, sentence) for each
        counted word; None without the parse."""
        sentences = self.to_parse(ctx)
        if not sentences:
            return None
        parsed = dict(zip(((s.block, s.start) for s in sentences), ctx.parse(sentences)))
        located = []
        for kind, i, weight, m in self._words(ctx):
            s = ctx.sentence_at(i, m.start)
            if s is None or (i, s.start) not in parsed:
                continue
            last = ctx.docs[i][m.end - 1]
            span = parsed[(i, s.start)].char_span(ctx.docs[i][m.start].idx - s.start,
                                                  last.idx + len(last) - s.start, alignment_mode="expand")
            if span is not None:
                located.append((kind, i, weight, m, span.root, (i, s.start)))
        return located

    def check(self, ctx):
        words = self._talked_about(ctx)
        if words is None:
            words = self._words(ctx)
        topic = sum(w for kind, _, w, _ in words if kind == "topic")
        focus = sum(w for kind, _, w, _ in words if kind in ("focus", "people"))
        seen = {kind for kind, *_ in words}
        first = next(((i, m) for kind, i, _, m in words if kind == "topic"), None)
        if first is None or topic < self.params["min_topic"] or topic <= focus:
            return
        if "announces" not in seen and ("logistics" in seen or self._logistics_after(ctx, self._opening(ctx)[0])):
            return  # a notice about picking up, returning or paying for a device is about the device
        i, m = first
        doc = ctx.docs[i]
        yield self.finding(ctx, i, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]),
                           suggestions=self.params["suggestions"])


# How a word joins the noun it describes: "Chromebook cart", "adaptive math platform",
# "AI-driven platforms", "students' laptops".
_DESCRIBES = {"compound", "amod", "nmod", "nummod", "poss", "npadvmod"}


def _unit(tok):
    """The noun a word is part of the name or description of: "Chromebook" in "a full
    Chromebook cart" is part of the cart."""
    while tok.dep_ in _DESCRIBES and tok.head.i > tok.i and tok.head.tag_[:2] in ("NN", "JJ", "VB"):
        tok = tok.head
    return tok
