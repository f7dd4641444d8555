"""The model as plmsg loads it tags and parses as spaCy's own load does; lemmas for the few
tokens a rule reads equal what the full pipeline gives them; sentences split on tokenizer
output."""

from __future__ import annotations

from pathlib import Path

import pytest

from plmsg.kinds.sentence import could_be_passive
from plmsg.markup import read_draft
from plmsg.nlp import MODEL_NAMES
from plmsg.sentences import split_sentences

CORPUS = Path(__file__).parent / "corpus"

SENTENCES = [
    "Devices can be picked up at the front office by families after school.",
    "The new schedule was approved by the board in May.",
    "Report cards will be sent home each month.",
    "Permission slips need to be signed and returned by Friday.",
    "The software was installed and the teachers were trained over the summer.",
    "Our plan has been reviewed, and it is being shared with every family.",
    "Students' goals are set by the students themselves, with help from their advisors.",
    "The lessons were focussed on reading and were taught by Ms. Alvarez.",
]


def test_the_model_on_numpy_blas_tags_and_parses_as_spacy_loads_it(nlp, linter):
    """plmsg builds the model's layers on numpy's BLAS instead of thinc's default (BLIS):
    every sentence of the labeled drafts that the parser would see gets the same tags,
    dependency labels and heads as from spaCy's own load."""
    import spacy

    nlp.blank  # loads the model
    ours = nlp.pipeline
    assert {type(ours.get_pipe(n).model.ops).__name__ for n in ("tok2vec", "tagger", "parser")} == {"NumpyOps"}
    assert not any(ours.get_pipe(n).model.ops.use_blis for n in ("tok2vec", "tagger", "parser"))
    name = next(n for n in MODEL_NAMES if spacy.util.is_package(n))
    theirs = spacy.load(name, exclude=["ner", "senter", *nlp.LEMMA_PIPES])
    assert theirs.get_pipe("tok2vec").model.ops.use_blis

    texts = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".md", ".html", ".txt"):
            for block in read_draft(path.name, path.read_text(encoding="utf-8")).blocks:
                for s in split_sentences(nlp.tokenize(block.text)):
                    if could_be_passive(linter.lexicon, [t.lower_ for t in nlp.tokenize(s.text)]):
                        texts.append(s.text)
    texts = list(dict.fromkeys(texts))
    assert len(texts) > 100

    def annotations(docs):
        return [[(t.tag_, t.dep_, t.head.i) for t in doc] for doc in docs]

    disable = list(nlp.LEMMA_PIPES)
    assert annotations(ours.pipe(texts, disable=disable)) == annotations(theirs.pipe(texts))


def test_lemmatize_tokens_matches_the_attribute_ruler_and_lemmatizer(nlp):
    """Any token, special words included ("ain't", "gonna", "let's", "'s", "is"), gets
    the POS, morphology and lemma the two components give it over the whole doc, in any
    order it is asked for, without the doc going through them."""
    nlp.blank  # loads the model
    model = nlp.pipeline
    texts = SENTENCES + [
        "It ain't what the board's gonna do, is it? Let's see what's been decided.",
        "The laptops weren't returned by anyone, and we'd rather they'd been collected.",
        "She's got to be told by us; they're being moved, aren't they?",
    ]
    compared = 0
    for text in texts:
        full, few = (next(model.pipe([text], disable=list(nlp.LEMMA_PIPES))) for _ in range(2))
        nlp.lemmatize(full)
        order = sorted(few, key=lambda t: (t.i % 3, -t.i))  # not left to right
        for k in range(0, len(order), 4):
            nlp.lemmatize_tokens(few, order[k:k + 4])
        assert not few.user_data.get("plmsg_lemmas")  # never sent through the whole pipeline
        for t, other in zip(few, full):
            assert (t.lemma_, t.pos_, str(t.morph)) == (other.lemma_, other.pos_, str(other.morph)), (text, t.text)
            compared += 1
    assert compared >= 150


@pytest.mark.parametrize("text, expected", [
    ("We met on Monday. Classes start at 8 a.m. Please arrive early!",
     ["We met on Monday.", "Classes start at 8 a.m.", "Please arrive early!"]),
    ("Dr. Rivera and Ms. Chen lead the U.S. history team. They meet at 3 p.m. Tuesday.",
     ["Dr. Rivera and Ms. Chen lead the U.S. history team.", "They meet at 3 p.m. Tuesday."]),
    ('She said, "We are ready." Then we began... Was it worth it?! Yes (mostly.) Done',
     ['She said, "We are ready."', "Then we began...", "Was it worth it?!", "Yes (mostly.)", "Done"]),
    ("Bring pencils, paper, etc. Students need them. See Fig. 2 for details.",
     ["Bring pencils, paper, etc.", "Students need them.", "See Fig. 2 for details."]),
    ("", []),
    ("   \n ", []),
])
def test_sentences_split_on_tokenizer_output(nlp, text, expected):
    sentences = split_sentences(nlp.tokenize(text))
    assert [s.text for s in sentences] == expected
    assert [s.words for s in sentences] == [sum(any(c.isalnum() for c in w) for w in e.split()) for e in expected]


def test_spacy_is_imported_without_its_command_line():
    """spaCy's command line (typer, weasel, jinja2, requests: a third of `import spacy`) is
    not imported by plmsg, and is still there, whole, for whoever imports it later."""
    import subprocess
    import sys

    probe = ("import sys\nfrom plmsg.nlp import NLP\nNLP().tokenize('Hello there.')\n"
             "print(sorted(m for m in ('spacy.cli', 'spacy.cli.info', 'weasel', 'jinja2', 'requests') "
             "if m in sys.modules))\n"
             "import spacy\nfrom spacy.cli.info import info\n"
             "print(info.__module__, spacy.info(silent=True)['spacy_version'] == spacy.__version__)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["[]", "spacy.cli.info True"]


def test_the_model_reads_its_tokenizer_whole(nlp):
    """The model is loaded without first building the language's default tokenizer (its
    own is read from disk over it): what it reads is all of spaCy's, byte for byte."""
    import spacy

    nlp.blank  # loads the model
    name = next(n for n in MODEL_NAMES if spacy.util.is_package(n))
    theirs = spacy.load(name, exclude=["ner", "senter", "tok2vec", "tagger", "parser", *nlp.LEMMA_PIPES])
    assert nlp.pipeline.config["nlp"]["tokenizer"]["@tokenizers"] != theirs.config["nlp"]["tokenizer"]["@tokenizers"]
    assert nlp.pipeline.tokenizer.to_bytes(exclude=["vocab"]) == theirs.tokenizer.to_bytes(exclude=["vocab"])
    text = "Dr. Lee's class (Grades 3-5) meets at 8:30 a.m.; e-mail help@district.org or see https://x.org/a?b=1!"
    assert [t.text for t in nlp.tokenize(text)] == [t.text for t in theirs(text)]


def _corpus_sentences(nlp) -> list[str]:
    texts = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".md", ".html", ".txt"):
            for block in read_draft(path.name, path.read_text(encoding="utf-8")).blocks:
                texts += [s.text for s in split_sentences(nlp.tokenize(block.text))]
    return list(dict.fromkeys(texts))


def test_the_lemmatizer_with_its_index_as_sets_lemmatizes_as_spacy_loads_it(nlp):
    """plmsg holds the rule lemmatizer's index of known words as sets (`_index_as_sets`):
    every lemma over the labeled drafts is the one spaCy's own load gives."""
    import spacy

    nlp.blank  # loads the model
    name = next(n for n in MODEL_NAMES if spacy.util.is_package(n))
    theirs = spacy.load(name, exclude=["ner", "senter"])
    assert isinstance(next(iter(nlp.pipeline.get_pipe("lemmatizer").lookups.get_table("lemma_index").values())),
                      frozenset)
    texts = _corpus_sentences(nlp)[:2000]
    ours = [[t.lemma_ for t in doc] for doc in nlp.pipeline.pipe(texts)]
    assert ours == [[t.lemma_ for t in doc] for doc in theirs.pipe(texts)]
    assert sum(map(len, ours)) > 20_000


def test_a_sentence_tagged_first_and_parsed_later_gets_the_same_parse(nlp, linter):
    """The passive rule tags its candidates and parses only some of them: the parser then
    reads the tok2vec output the tagging kept on each doc. Every tag, label and head is
    the same as from one pass of the whole pipeline."""
    texts = [t for t in _corpus_sentences(nlp)
             if could_be_passive(linter.lexicon, [x.lower_ for x in nlp.tokenize(t)])] + SENTENCES
    assert len(texts) > 100
    nlp.forget_parses()
    tagged = nlp.tag(texts)
    assert all(not doc.has_annotation("DEP") and doc.has_annotation("TAG") for doc in tagged)
    twice = nlp.parse(texts[::2]) + nlp.parse(texts[1::2])  # half of them untagged by now
    once = list(nlp.pipeline.pipe(texts[::2] + texts[1::2], disable=list(nlp.LEMMA_PIPES)))

    def annotations(docs):
        return [[(t.tag_, t.dep_, t.head.i) for t in doc] for doc in docs]

    assert annotations(twice) == annotations(once)


def test_possible_lemmas_hold_every_lemma_the_pipeline_gives(nlp):
    """The passive rule skips a sentence when no word in it could have an owed verb's
    lemma, so `possible_lemmas` must hold every lemma the full pipeline gives a word."""
    texts = _corpus_sentences(nlp) + SENTENCES
    checked = 0
    for doc in nlp.pipeline.pipe(texts):
        for t in doc:
            assert t.lemma_.lower() in {x.lower() for x in nlp.possible_lemmas(t.lower_)}, (t.text, t.lemma_)
            checked += 1
    assert checked > 20_000


NARROWING = """\
# Passives, and sentences that only look like them

Forms need not be signed until the spring. Forms have to be returned by Friday.
The rooms were painted over the summer, and the hallway was cleaned.
The new schedule was decided last week. Fees will then be charged to each family.
Devices are being collected in the library. Students were placed in new groups.
The plan, which families had asked about, was finally approved. We got told late.
Lunch is provided. The gym was built in 1962 and renovated in 2010.
"""


def test_the_passive_rule_flags_the_same_as_when_it_parses_every_candidate(make_linter, monkeypatch):
    """Narrowing which sentences reach the tagger (by `owed`, `modals` and `obligation`,
    over every lemma a word could have) and which reach the parser (by the tags) leaves
    out only sentences the rule could not flag: over the labeled drafts and a draft of
    near misses, the findings equal those of parsing every be/get + participle sentence."""
    from plmsg.kinds.sentence import Sentence

    linter = make_linter(select_=["passive-voice"])
    drafts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.iterdir())
              if p.suffix in (".md", ".html", ".txt")] + [("narrowing.md", NARROWING)]

    def findings():
        out = []
        for name, text in drafts:
            result = linter.check_source(name, text)
            assert result.error is None, result.error
            out.append([(f.start, f.end, f.message, f.suggestions) for f in result.findings])
        return out

    narrowed = findings()
    flagged = sum(map(len, narrowed))
    assert flagged >= 40 and narrowed[-1]  # the near-miss draft has findings too

    def every_candidate(self, ctx):
        return [s for i in ctx.blocks_in(self.spec.scope) for s in ctx.sentences[i]
                if could_be_passive(self.lexicon, [t.lower_ for t in ctx.docs[i][s.tok_start:s.tok_end]])]

    monkeypatch.setattr(Sentence, "to_tag", every_candidate)
    monkeypatch.setattr(Sentence, "to_parse", every_candidate)
    assert findings() == narrowed


def test_the_passive_rule_reads_the_same_lemmas_as_from_the_whole_pipeline(nlp, make_linter, monkeypatch):
    """The passive rule lemmatizes only the tokens it reads (`NLP.lemmatize_tokens`): its
    findings equal those when every parsed sentence goes through the attribute ruler and
    lemmatizer whole, so no finding depends on which of the two a sentence took."""
    from plmsg.nlp import NLP

    linter = make_linter(select_=["passive-voice"])
    drafts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.iterdir())
              if p.suffix in (".md", ".html", ".txt")] + [("narrowing.md", NARROWING)]

    def findings():
        nlp.forget_parses()  # no doc lemmatized by an earlier run
        return [[(f.start, f.end, f.message, f.suggestions) for f in linter.check_source(name, text).findings]
                for name, text in drafts]

    few = findings()
    assert sum(map(len, few)) >= 40
    monkeypatch.setattr(NLP, "lemmatize_tokens", lambda self, doc, tokens: self.lemmatize(doc))
    assert findings() == few
