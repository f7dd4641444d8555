"""substitution: a phrase has a plainer rewrite.

Rewrites keep the form and capitals of what they replace ("Leveraging" → "Using"). A
phrase with exactly one rewrite is a safe fix when the rule allows fixes; with several,
the rewrites are suggestions. With `explained: true`, a term explained in the same
sentence (a parenthesis, a dash, "which means") or an acronym defined at first use is
not flagged. With `glossary: jargon`, the swaps come from the glossary.
"""

from __future__ import annotations

import re

from ..phrases import PatternSet, PhraseSet, is_acronym
from .base import (Field, PhraseRule, inflect_like, is_plural_of, match_case, prepare_inflections, v_bool, v_choice,
                   v_patterns, v_str_list, v_swap, validate_fields)

# "scaffolding (short steps that build up to a big task)", "MTSS — our way of ...",
# "formative assessment, which means ...", "what teachers call 'scaffolding'".
_EXPLAIN_AFTER = re.compile(
    r"(?:\s*\(|\s*[—–]|\s+--|:\s+(?=[^,;.]{8,}[.;]|[^,;.]{8,}$)|,?\s*(?:which means|meaning|that is|i\.e\.|in other words|"
    r"also called|also known as|which (?:is|are) (?:a|an|the|short|small|simple|when|where|how))\b|\s+(?:means|is when|are when|refers? to|is a way|"
    r"is an approach|is how|is what)\b)", re.I)
_EXPLAIN_BEFORE = re.compile(
    r"\b(?:called|known as|(?:what|which) (?:\w+ ){0,3}calls?|the term)(?: an?| the)?\s*$", re.I)


def _v_rewrite_patterns(value, path, loc):
    """[{pattern: [token dicts], rewrites: [...]}]: grammar-shaped phrases and their rewrites."""
    if not isinstance(value, list):
        raise loc.error(path, "expected a list of {pattern: [...], rewrites: [...]}")
    out = []
    fields = {"pattern": Field(lambda v, p, l: v_patterns([v], p, l)[0], required=True),
              "rewrites": Field(v_str_list, ())}
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise loc.error(path + (i,), "expected {pattern: [...], rewrites: [...]}")
        out.append(validate_fields(fields, item, path + (i,), loc, "a rewrite pattern"))
    return tuple(out)


class Substitution(PhraseRule):
    FIELDS = {
        **PhraseRule.FIELDS,
        "swap": Field(v_swap, {}, doc="phrase: rewrite, or phrase: [rewrites]"),
        "patterns": Field(_v_rewrite_patterns, (), doc="token patterns with their rewrites"),
        "glossary": Field(v_choice("jargon"), None, doc="take the swaps from the glossary"),
        "explained": Field(v_bool, False, doc="skip terms explained in the same sentence"),
        "fix": Field(v_choice("safe", "unsafe", "none"), "none",
                     doc="how safe a single rewrite is to apply automatically"),
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
        self._phrases = PhraseSet(nlp.tokenize, [(k, self._pos.get(k)) for k in self._swaps])
        near = sorted({w for words in self._not_near.values() for w in words})
        self._near = PhraseSet(nlp.tokenize, [(w, None) for w in near])
        patterns = {f"pattern {i + 1}": p["pattern"] for i, p in enumerate(self.params["patterns"])}
        self._patterns = PatternSet(nlp.vocab, patterns) if patterns else None
        for base, rewrites in self._swaps.items():
            for rewrite in rewrites:
                prepare_inflections(base, rewrite, self._pos.get(base))
        for i, p in enumerate(self.params["patterns"]):
            self._swaps[f"pattern {i + 1}"] = p["rewrites"]

    @property
    def needs_model(self) -> bool:
        return PatternSet.needs_model(p["pattern"] for p in self.params["patterns"])

    def _find(self, doc):
        found = self._phrases.find(doc) if self._phrases else []
        if self._patterns is not None:
            taken = [(m.start, m.end) for m in found]
            found += [m for m in self._patterns.find(doc)
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

    def check(self, ctx):
        found = [(block, m, start, end) for block, m, start, end in self.matches(ctx, self._find)
                 if not self._ordinary_sense(ctx, block, m)
                 and ctx.audience in self._audiences.get(m.key, (ctx.audience,))]
        explained = self._explained_terms(ctx, found) if self.params["explained"] else {}
        headline_kinds = ("title", "heading")
        for block, m, start, end in found:
            text = ctx.draft.blocks[block].text
            matched = text[start:end]
            base = m.key
            if base.startswith("pattern "):
                yield self.finding(ctx, block, start, end, suggestions=self._swaps[base], replaces=True)
                continue
            if base in explained:
                where = explained[base]
                # The explanation itself, a defined acronym's later uses, and a headline
                # (which has no room to explain) over a body that explains the term.
                if (block, start) == where or (is_acronym(base) and (block, start) > where) \
                        or ctx.draft.blocks[block].kind in headline_kinds:
                    continue
            plurals = self._plurals.get(base)
            if plurals and is_plural_of(base, matched):
                rewrites = tuple(match_case(matched, r) for r in plurals)
            else:
                rewrites = tuple(match_case(matched, inflect_like(base, matched, r, self._pos.get(base)))
                                 for r in self._swaps[base])
            if len(matched) > 1 and matched.isupper() and not is_acronym(base):
                rewrites = tuple(r.upper() for r in rewrites)  # a word in an all-capitals heading
            adverb = matched.lower().endswith("ly") and not base.lower().endswith("ly")
            # One rewrite is an edit (safe or unsafe, as the rule says); several are options
            # shown to the writer, none applied.
            one = len(rewrites) == 1 and self.params["fix"] != "none" and not adverb
            replacement = rewrites[0] if one else None
            yield self.finding(ctx, block, start, end, suggestions=rewrites, replacement=replacement,
                               applicability=self.params["fix"], replaces=True,
                               values={"expansion": self._expansions.get(base, "")})

    def _explained_terms(self, ctx, found) -> dict[str, tuple[int, int]]:
        """Where each term is first explained (or, for an acronym, defined) in the draft."""
        out: dict[str, tuple[int, int]] = {}
        for block, m, start, end in found:
            base = m.key
            if base in out or base.startswith("pattern "):
                continue
            text = ctx.draft.blocks[block].text
            if (is_acronym(base) and self._defines(ctx, block, m, base)) or \
                    self._explained(text, start, end, is_acronym(base)):
                out[base] = (block, start)
        return out

    @staticmethod
    def _explained(text: str, start: int, end: int, acronym: bool = False) -> bool:
        after = _EXPLAIN_AFTER.match(text, end)
        if after and not (acronym and after.group().lstrip().startswith(":")):
            return True  # "PD: reading conferences" is a label, not a definition of PD
        before = text[max(0, start - 40):start].rstrip(" \"'“‘")
        return bool(_EXPLAIN_BEFORE.search(before))

    def _defines(self, ctx, block: int, m, acronym: str) -> bool:
        """"Multi-Tiered System of Supports (MTSS)" or "MTSS (Multi-Tiered System of Supports)"."""
        doc = ctx.docs[block]
        if m.end < len(doc) and doc[m.end].text == "(":
            return True
        if not (m.start > 0 and doc[m.start - 1].text == "(" and m.end < len(doc) and doc[m.end].text == ")"):
            return False
        letters = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
        letters = "".join(c for c in letters if c.isalpha()).lower()
        expansion = self._expansions.get(acronym, "").lower()
        before = doc[:m.start - 1].text.lower().rstrip()
        if expansion and before.endswith(expansion):
            return True
        words = [t.text for t in doc[:m.start - 1] if t.is_alpha and t.lower_ not in _SMALL]
        return "".join(w[0] for w in words[-len(letters):]).lower() == letters if letters else False


_SMALL = {"of", "and", "for", "the", "a", "an", "in", "to", "on"}

RULE = Substitution
