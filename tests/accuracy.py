"""Recall and false-positive rate per rule on the labeled drafts in tests/corpus/.

    python tests/accuracy.py            # the table
    python tests/accuracy.py --details  # plus every miss and false positive

How the numbers are counted (see tests/corpus/README.md for the label format):
- recall = expected labels matched by a finding / expected labels;
- false-positive rate = FP / (FP + TN), where FP is a finding that matches no expected or
  unsure label (or that hits a trap), and TN is a trap left alone plus, for a
  document-level rule, each draft where it rightly stays silent.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS = Path(__file__).parent / "corpus"
SCORED = ("tech-first", "jargon", "term-consistency", "oversell", "student-learning",
          "readability", "sentence-length", "passive-voice", "hype", "two-way", "all-students",
          "align-not-add", "show-dont-tell")
DOCUMENT_RULES = ("tech-first", "student-learning", "readability", "two-way", "show-dont-tell")
RECALL_FLOOR = 0.9
FP_CEILING = 0.05


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    fp: int = 0
    tn: int = 0
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def fp_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if (self.fp + self.tn) else 0.0


def drafts() -> list[tuple[Path, dict]]:
    out = []
    for labels in sorted(CORPUS.glob("*.labels.yaml")):
        stem = labels.name[: -len(".labels.yaml")]
        draft = next(p for p in CORPUS.iterdir() if p.stem == stem and not p.name.endswith(".yaml"))
        out.append((draft, yaml.safe_load(labels.read_text(encoding="utf-8"))))
    return out


def _occurrences(source: str, text: str) -> list[tuple[int, int]]:
    spans, at = [], source.find(text)
    while at >= 0:
        spans.append((at, at + len(text)))
        at = source.find(text, at + 1)
    return spans


def _matches(finding, label, source) -> bool:
    if finding.rule != label["rule"]:
        return False
    if "text" not in label:
        return True
    return any(a < finding.end and finding.start < z for a, z in _occurrences(source, label["text"]))


def evaluate(make_linter) -> dict[str, Score]:
    """make_linter(preferred_term) → a Linter; one per distinct preferred term."""
    scores = {rule: Score() for rule in SCORED}
    linters: dict[str, object] = {}
    for path, labels in drafts():
        term = labels.get("preferred_term", "personalized learning")
        if term not in linters:
            linters[term] = make_linter(term)
        result = linters[term].check_file(path, audience=labels.get("audience"))
        assert result.error is None, result.error
        source = result.source
        findings = [f for f in result.findings if f.rule in SCORED]
        expect = [l for l in labels.get("expect") or [] if l["rule"] in SCORED]
        unsure = [l for l in labels.get("unsure") or [] if l["rule"] in SCORED]
        traps = [l for l in labels.get("traps") or [] if l["rule"] in SCORED]
        for label in expect:
            s = scores[label["rule"]]
            s.expected += 1
            if any(_matches(f, label, source) for f in findings):
                s.found += 1
            else:
                s.misses.append((path.name, label.get("text", "(document)")))
        for label in traps:
            s = scores[label["rule"]]
            if any(_matches(f, label, source) for f in findings):
                s.fp += 1
                s.false_positives.append((path.name, "trap: " + label.get("text", "(document)")))
            else:
                s.tn += 1
        for f in findings:
            if any(_matches(f, l, source) for l in expect + unsure + traps):
                continue
            scores[f.rule].fp += 1
            scores[f.rule].false_positives.append((path.name, f.text))
        for rule in DOCUMENT_RULES:
            labelled = [l for l in expect + unsure + traps if l["rule"] == rule]
            if not labelled and not any(f.rule == rule for f in findings):
                scores[rule].tn += 1
    return scores


def table(scores: dict[str, Score]) -> str:
    rows = [f"{'rule':<18} {'expected':>8} {'found':>6} {'recall':>7} {'FP':>4} {'TN':>4} {'FP rate':>8}"]
    for rule, s in scores.items():
        rows.append(f"{rule:<18} {s.expected:>8} {s.found:>6} {s.recall:>7.2f} {s.fp:>4} {s.tn:>4} "
                    f"{s.fp_rate:>8.3f}")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list misses and false positives")
    args = parser.parse_args()
    from plmsg.linter import Linter
    from plmsg.nlp import NLP
    from plmsg.settings import Settings

    nlp = NLP()
    scores = evaluate(lambda term: Linter(Settings(preferred_term=term), nlp=nlp))
    n = len(drafts())
    print(f"{n} labeled drafts in {CORPUS.name}/\n")
    print(table(scores))
    if args.details:
        for rule, s in scores.items():
            for name, text in s.misses:
                print(f"MISS {rule:<17} {name}: {text}")
            for name, text in s.false_positives:
                print(f"FP   {rule:<17} {name}: {text}")
    ok = all(s.recall >= RECALL_FLOOR and s.fp_rate <= FP_CEILING for s in scores.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
