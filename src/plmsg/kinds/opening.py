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
"""

from __future__ import annotations

from ..phrases import PhraseSet
from .base import Field, Rule, v_num, v_str, v_str_list


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
        self._all = PhraseSet(nlp.tokenize, [(k, None) for k in self._keys])
        self._near = PhraseSet(nlp.tokenize, [(k, None) for k in p["unless_near"]])
        topics = {" ".join(k.split()).lower() for k in p["topic"]}
        self._senses: dict[str, set[str]] = {}  # context word → the topic words it excuses
        for word, context in p["senses"].items():
            if word.lower() not in topics:
                raise ValueError(f"senses: {word!r} is not one of the topic words")
            for c in context:
                self._senses.setdefault(" ".join(c.split()), set()).add(word.lower())
        self._sense_words = PhraseSet(nlp.tokenize, [(k, None) for k in self._senses])

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

    def check(self, ctx):
        topic = focus = 0.0
        first_topic = None
        seen: set[str] = set()  # the other kinds of word the opening has
        headline = set(ctx.headline)
        scoped = set(ctx.blocks_in(self.spec.scope))
        # A question (an FAQ's heading, the list of questions it opens with) is the reader's,
        # not the writer's lead: it counts once, and a list of them is an index, not a lead.
        blocks = ctx.draft.blocks
        asked = {i for i in ctx.opening if blocks[i].text.rstrip().endswith("?")}
        opening = [i for i in ctx.opening if i in scoped and not (i in asked and blocks[i].kind == "list_item")]
        other_sense = self._other_senses(ctx, opening)
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
                    topic += weight
                    if first_topic is None:
                        first_topic = (i, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
                elif kind == "focus":
                    focus += weight
                elif kind == "people":
                    focus += weight / 2
                else:
                    seen.add(kind)
        if first_topic is None or topic < self.params["min_topic"] or topic <= focus:
            return
        if "announces" not in seen and ("logistics" in seen or self._logistics_after(ctx, opening)):
            return  # a notice about picking up, returning or paying for a device is about the device
        i, start, end = first_topic
        yield self.finding(ctx, i, start, end, suggestions=self.params["suggestions"])


RULE = Opening
