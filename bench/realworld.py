"""plmsg on real pages nobody on this project wrote: precision per rule, judged by hand.

    python bench/realworld.py                      # the per-rule table and the totals
    python bench/realworld.py --list-unjudged      # also each finding or rewrite still to judge
    python bench/realworld.py --plmsg PATH --realworld DIR

The pages, the judgments of plmsg 0.1.0's findings and the scorer live outside this
repository (`../shared/realworld/` beside the checkout, or --realworld, or
$PLMSG_REALWORLD): the pages are third-party text and never enter the repository. This
script runs that folder's `score.py` on the current build (it runs plmsg on every page),
takes its verdict for each finding, and adds the verdicts in `realworld-judgments.yaml`
here for findings and rewrites that are new since that judging. That file holds no text
from the pages: page name, rule, offsets, a digest of the rewrite, the verdict and a
reason in our own words.

What it prints, per rule: findings, true and false positives (judged there or here), the
findings still unjudged, and precision over the judged ones; then the totals the project
tracks, with the official scorer's own last line beside them:
- precision, and `semantic` (without readability and sentence-length);
- bad safe fixes: fixes plain `--fix` would apply on a finding judged wrong, or whose
  rewrite was judged bad;
- concrete rewrites (a replacement placed in the text: `replaces` in the JSON report, or
  for builds before it, a rule of kind substitution or consistency) judged good and bad,
  and those unjudged;
- the pages that would fail CI at the default `--fail-on warning`.
It is not part of the test suite: it needs the folder above, which users of this
repository don't have. It exits 1 when a finding or rewrite is unjudged, so a number is
never quoted over part of the findings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
JUDGMENTS = HERE / "realworld-judgments.yaml"
MECHANICAL = {"readability", "sentence-length"}
DOC_RULES = {"readability", "two-way", "show-dont-tell", "student-learning", "tech-first"}
REWRITE_KINDS = {"substitution", "consistency"}

# score.py --verbose: "  PAGE RULE START-END = TP (exact)" / "... = FP (overlap with A-B)"
_MATCHED = re.compile(r"^  (\S+) (\S+) (-?\d+|None)-(-?\d+|None) = (TP|FP) \((exact|overlap with (-?\d+)-(-?\d+))\)$")
# "  - PAGE RULE 'miss text' (finding START-END)"
_CAUGHT = re.compile(r"^  - (\S+) (\S+) .* \(finding (-?\d+|None)-(-?\d+|None)\)$")


def digest(text: str) -> str:
    """A rewrite named without its words (they may hold the page's)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def rewrite_of(g: dict) -> str | None:
    """The concrete rewrite a finding places in the text: its fix, else its first option."""
    if g.get("fix"):
        f = g["fix"]
        return f"{f['start']}:{f['end']}:{f['replacement']}"
    if g.get("suggestions"):
        return f"{g['start']}:{g['end']}:{g['suggestions'][0]}"
    return None


def find_plmsg(given: str | None) -> str:
    if given:
        return str(Path(given).resolve())
    beside = Path(sys.executable).with_name("plmsg")
    if beside.exists():
        return str(beside)
    found = shutil.which("plmsg")
    if not found:
        sys.exit("realworld: no plmsg found: pass --plmsg PATH, or run with the Python that has plmsg installed")
    return found


def find_realworld(given: str | None) -> Path:
    folder = Path(given or os.environ.get("PLMSG_REALWORLD") or ROOT.parent / "shared" / "realworld")
    if not (folder / "score.py").exists() or not (folder / "judgments.json").exists():
        sys.exit(f"realworld: no score.py and judgments.json in {folder}: pass --realworld DIR")
    return folder


def load_ours() -> tuple[dict, dict, set]:
    """Our verdicts on findings and rewrites new since judgments.json, and the rewrites
    plmsg 0.1.0 offered where judgments.json judged them (page, rule, digest): a rewrite
    that has changed since is judged again, not inherited."""
    data = yaml.safe_load(JUDGMENTS.read_text(encoding="utf-8")) or {}
    findings, rewrites = {}, {}
    for n, j in enumerate(data.get("findings") or []):
        if j.get("verdict") not in ("TP", "FP") or not j.get("reason"):
            sys.exit(f"{JUDGMENTS.name}: finding {n + 1}: needs verdict TP or FP and a reason")
        key = (j["page"], j["rule"]) if j["rule"] in DOC_RULES else (j["page"], j["rule"], j["start"], j["end"])
        findings[key] = j
    for n, j in enumerate(data.get("rewrites") or []):
        if j.get("verdict") not in ("good", "bad") or not j.get("reason"):
            sys.exit(f"{JUDGMENTS.name}: rewrite {n + 1}: needs verdict good or bad and a reason")
        rewrites[(j["page"], j["rule"], j["digest"])] = j
    baseline = {(j["page"], j["rule"], j["digest"]) for j in data.get("baseline_rewrites") or []}
    return findings, rewrites, baseline


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plmsg", help="the plmsg executable (default: the one beside this Python, else on PATH)")
    ap.add_argument("--realworld", help="the realworld folder (default: ../shared/realworld beside the checkout)")
    ap.add_argument("--list-unjudged", action="store_true", help="list what still needs a verdict, with its text")
    ap.add_argument("--show", metavar="RULE", action="append", default=[],
                    help="list each finding of RULE with its verdict and the judge's reason")
    args = ap.parse_args()
    plmsg, folder = find_plmsg(args.plmsg), find_realworld(args.realworld)
    judged = json.loads((folder / "judgments.json").read_text(encoding="utf-8"))
    ours, our_rewrites, baseline = load_ours()
    kinds = {r["id"]: r["kind"] for r in json.loads(subprocess.run(
        [plmsg, "rules", "--all", "--format", "json"], capture_output=True, text=True, check=True).stdout)}

    with tempfile.TemporaryDirectory(prefix="plmsg-realworld-") as keep:
        proc = subprocess.run([sys.executable, str(folder / "score.py"), plmsg, "--verbose", "--keep", keep],
                              capture_output=True, text=True)
        if proc.returncode not in (0, 1) or "realworld:" not in proc.stdout:
            sys.exit(f"realworld: score.py failed (exit {proc.returncode}): {proc.stderr.strip()[-400:]}")
        reports = {p.name[:-5] + ".md": json.loads(p.read_text(encoding="utf-8")) for p in Path(keep).glob("*.json")}

    # Each finding plmsg made, keyed as score.py prints it, with the verdict it gave.
    verdicts: dict[tuple, tuple[str, str]] = {}  # key → (verdict, where it came from)
    matched_to: dict[tuple, tuple[int, int] | None] = {}
    for line in proc.stdout.splitlines():
        m = _MATCHED.match(line)
        if m:
            key = (m[1], m[2], m[3], m[4])
            verdicts[key] = (m[5], "judged")
            matched_to[key] = (int(m[7]), int(m[8])) if m[7] else (int(m[3]), int(m[4]))
            continue
        m = _CAUGHT.match(line)
        if m and line.startswith("  - ") and "(finding " in line:
            verdicts[(m[1], m[2], m[3], m[4])] = ("TP", "miss caught")

    rows: dict[str, Counter] = defaultdict(Counter)
    bad_safe, unjudged, rewrites = [], [], Counter()
    failing = 0
    for page, report in sorted(reports.items()):
        diags = [g for f in report.get("files", []) for g in f.get("diagnostics", [])]
        failing += any(g["severity"] in ("warning", "error") for g in diags)
        old = judged.get(page, {}).get("findings", [])
        for g in diags:
            rule = g["rule"]
            key = (page, rule, str(g.get("start")), str(g.get("end")))
            verdict, origin = verdicts.get(key, (None, None))
            old_j = None
            if origin == "judged":
                span = matched_to[key]
                old_j = next((h for h in old if h["rule"] == rule and (h["start"], h["end"]) == span), None)
                if old_j is None and (rule in DOC_RULES or g.get("scope") == "document"):
                    old_j = next((h for h in old if h["rule"] == rule), None)
            if verdict is None:
                ours_key = (page, rule) if rule in DOC_RULES else (page, rule, g["start"], g["end"])
                if ours_key in ours:
                    verdict, origin = ours[ours_key]["verdict"], "ours"
            row = rows[rule]
            row["findings"] += 1
            if verdict is None:
                row["unjudged"] += 1
                unjudged.append(("finding", page, g))
            else:
                row[verdict] += 1
                row["new " + verdict] += origin == "ours"
            # The rewrite: judged with the finding (if it is the very rewrite judged then), or here.
            concrete = g["replaces"] if "replaces" in g else kinds.get(rule) in REWRITE_KINDS
            rewrite = rewrite_of(g) if concrete else None
            quality = None
            if rewrite is not None:
                d = digest(rewrite)
                mine = our_rewrites.get((page, rule, d))
                if mine:
                    quality = mine["verdict"]
                elif old_j is not None and old_j.get("rewrite") and (page, rule, d) in baseline:
                    quality = old_j["rewrite"]
                if quality is None:
                    rewrites["unjudged"] += 1
                    unjudged.append(("rewrite", page, g))
                else:
                    rewrites[quality] += 1
            if rule in args.show:
                why = old_j["reason"] if old_j else (ours.get((page, rule) if rule in DOC_RULES else
                                                              (page, rule, g["start"], g["end"]), {}).get("reason", ""))
                print(f"  {verdict or '?':<2} {quality or '-':<4} {page} {rule} {g['start']}-{g['end']} "
                      f"{g.get('text', '')[:50]!r} | {why[:110]}")
            if g.get("fix") and (verdict == "FP" or quality == "bad"):
                bad_safe.append((page, g))

    print(f"{'rule':<18} {'findings':>8} {'TP':>5} {'FP':>5} {'(new TP/FP)':>12} {'unjudged':>9} {'precision':>10}")
    total = Counter()
    for rule in sorted(rows, key=lambda r: -rows[r]["findings"]):
        r = rows[rule]
        total.update(r)
        judged_n = r["TP"] + r["FP"]
        prec = f"{r['TP'] / judged_n:.2f}" if judged_n else "n/a"
        new = f"{r['new TP']}/{r['new FP']}"
        print(f"{rule:<18} {r['findings']:>8} {r['TP']:>5} {r['FP']:>5} {new:>12} "
              f"{r['unjudged']:>9} {prec:>10}")
    sem = Counter()
    for rule, r in rows.items():
        if rule not in MECHANICAL:
            sem.update(r)
    n, s = total["TP"] + total["FP"], sem["TP"] + sem["FP"]
    print(f"{'all':<18} {total['findings']:>8} {total['TP']:>5} {total['FP']:>5} "
          f"{str(total['new TP']) + '/' + str(total['new FP']):>12} {total['unjudged']:>9} "
          f"{(total['TP'] / n if n else 0):>10.3f}")
    good, bad = rewrites["good"], rewrites["bad"]
    print(f"\nprecision {total['TP'] / n if n else 0:.3f}, semantic {sem['TP'] / s if s else 0:.3f} "
          f"({n} judged: {n - total['new TP'] - total['new FP']} in judgments.json, "
          f"{total['new TP'] + total['new FP']} here; {total['unjudged']} unjudged)")
    print(f"concrete rewrites: {good} good, {bad} bad ({bad / (good + bad) if good + bad else 0:.1%} bad), "
          f"{rewrites['unjudged']} unjudged")
    print(f"bad safe fixes: {len(bad_safe)}")
    for page, g in bad_safe:
        print(f"  - {page} {g['rule']} {g['start']}-{g['end']}")
    print(f"pages failing at --fail-on warning: {failing} of {len(reports)}")
    print("score.py: " + next(l for l in reversed(proc.stdout.splitlines()) if l.startswith("realworld:")))
    if unjudged:
        print(f"\n{len(unjudged)} to judge (add them to {JUDGMENTS.relative_to(ROOT)})")
        if args.list_unjudged:
            for what, page, g in unjudged:
                extra = ""
                if what == "rewrite":
                    extra = f" -> {rewrite_of(g).split(':', 2)[2]!r} digest {digest(rewrite_of(g))}"
                print(f"  {what:<8} {page} {g['rule']} {g['start']}-{g['end']} {g.get('text', '')[:70]!r}{extra}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
