"""What the commands other than `check` print on a terminal: the rules table, the stats
tables, the principles, a rule's explanation, and the rule-example report."""

from __future__ import annotations

import os
import textwrap

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..install import install_hint
from ..stats import FORMULAS


def terminal(width: int | None = None) -> Console:
    """The console the commands print to: the terminal's width (80 in a pipe, or $COLUMNS)."""
    return Console(no_color="NO_COLOR" in os.environ, highlight=False, width=width)


def rules_table(rows: list[dict], console: Console | None = None) -> None:
    """`plmsg rules` on a terminal: one row per rule, its summary wrapped, and what kind of
    rule it is folded onto a second line under the summary, so it reads at 80 columns."""
    console = console or terminal()
    table = Table(show_lines=False, header_style="bold", expand=False)
    table.add_column("rule", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("fix", no_wrap=True)
    table.add_column("what it checks", overflow="fold", ratio=1)
    for row in rows:
        aud = ("all audiences" if len(row["audiences"]) == 5 else ", ".join(row["audiences"])) or "off"
        source = " + ".join([row["source"], *row["extended_by"]]).replace("builtin:rules/", "built-in ")
        fix = {"safe": "yes", "unsafe": "unsafe"}.get(row["fix"], "no")
        about = Text(row["summary"])
        about.append(f"\n{row['kind']} · {row['scope']} · {aud} · {source}", style="dim")
        if console.width < 60:  # too narrow for columns: one rule after another
            head = Text(row["id"], style="bold")
            head.append(f"  {row['severity']} · fix: {fix}")
            console.print(head, overflow="fold")
            console.print(Padding(about, (0, 0, 1, 2)), overflow="fold")
            continue
        table.add_row(row["id"], row["severity"], fix, about)
    if table.row_count:
        console.print(table)


def examples_report(report, display_source) -> str:
    """`plmsg rules --test` as text: each failing example, then the count."""
    out = []
    for f in report.failures:
        where = display_source(f.path).replace("builtin:", "") + (f":{f.line}" if f.line else "")
        which = {"bad": "bad example", "better": "better rewrite of bad example", "good": "good example",
                 "fixed": "fixed text of bad example"}[f.side]
        out.append(f"FAIL {f.rule}: {which} {f.number} ({where})")
        shown = " / ".join(line.strip() for line in f.text.strip().splitlines() if line.strip())
        out.append(textwrap.indent(textwrap.fill(shown, 88), "    "))
        out.append(f"  expected: {f.expected}\n  got: {f.got}")
    if report.skipped:
        out.append(f"Skipped {', '.join(report.skipped)}: they need the spaCy English model.")
    failed = len(report.failures)
    out.append(f"{report.examples} example{'s' if report.examples != 1 else ''} of {report.rules} "
               f"rule{'s' if report.rules != 1 else ''}: " + (f"{failed} failed." if failed else "all pass."))
    return "\n".join(out)


def stats_tables(reports: list[dict], console: Console | None = None) -> None:
    """`plmsg stats` on a terminal: per draft, its figures, hardest sentences and paragraphs."""
    console = console or terminal()
    for r in reports:
        fk = r["grades"]["flesch_kincaid_grade"]
        over = r["limit"] is not None and fk > r["limit"]
        summary = Table(title=f"{r['path']} ({r['audience']})", title_justify="left", show_header=False)
        summary.add_column(style="bold", overflow="fold")
        summary.add_column(justify="right", overflow="fold")
        verdict = f"{fk:g}" + (f"  (over the {r['audience']} limit of {r['limit']:g})" if over else
                               f"  (limit {r['limit']:g})" if r["limit"] is not None else "")
        summary.add_row("Grade (Flesch-Kincaid)", verdict)
        for key, label in FORMULAS.items():
            if key != "flesch_kincaid_grade":
                summary.add_row(label, f"{r['grades'][key]:g}")
        summary.add_row("Reading ease", f"{r['reading_ease']:g}")
        summary.add_row("Reading time", f"{r['reading_time_minutes']:g} min")
        summary.add_row("Words / sentences / paragraphs", f"{r['words']} / {r['sentences']} / {r['paragraphs']}")
        summary.add_row("Hard / very hard sentences", f"{r['hard_sentences']} / {r['very_hard_sentences']}")
        if r["passive_sentences"] is not None:
            over = r["passive_sentences"] > r["passive_budget"]
            summary.add_row("Sentences with a passive", f"{r['passive_sentences']}" + (
                f"  (aim for {r['passive_budget']} or fewer)" if over else f"  (budget {r['passive_budget']})"))
        console.print(summary)
        if r["hardest"]:
            hard = Table(title="Hardest sentences", title_justify="left")
            for col in ("line", "grade", "words"):
                hard.add_column(col, justify="right", no_wrap=True, min_width=len(col))
            hard.add_column("sentence", overflow="fold")
            for s in r["hardest"]:
                hard.add_row(str(s["line"]), f"{s['grade']:g}", str(s["words"]), s["text"])
            console.print(hard)
        if r["by_paragraph"]:
            paras = Table(title="By paragraph", title_justify="left")
            for col in ("line", "grade", "words"):
                paras.add_column(col, justify="right", no_wrap=True, min_width=len(col))
            paras.add_column("starts with", overflow="ellipsis", no_wrap=True, min_width=8)
            for p in r["by_paragraph"]:
                paras.add_row(str(p["line"]), f"{p['grade']:g}", str(p["words"]), p["starts"] + " …")
            console.print(paras)
        console.print()


def principles_text(principles, known: set[str], rule_ids: list[str]) -> str:
    """`plmsg explain` with no rule: the principles and the rules that check each."""
    out = ["The principles of good personalized-learning messaging, and the rules that check them:", ""]
    for n, p in enumerate(principles, 1):
        out.append(f"{n:>2}. {p.title}")
        out += ["    " + line for line in textwrap.wrap(p.summary, 84)]
        rules = [r for r in p.rules if r in known]
        out.append("    rules: " + (", ".join(rules) if rules else "the audience profiles (--audience)"))
        out.append("")
    district = [r for r in rule_ids if not any(r in p.rules for p in principles)]
    if district:
        out += ["Other rules: " + ", ".join(district), ""]
    out.append("Run 'plmsg explain RULE' for why a rule matters, with examples.")
    return "\n".join(out)


def explanation_text(e) -> str:
    """`plmsg explain RULE`: why it matters, bad → better, what is not flagged, the fix."""

    def wrap(text: str, first: str = "  ") -> list[str]:
        return textwrap.wrap(text, 88, initial_indent=first, subsequent_indent=" " * len(first)) or [first]

    out = [f"{e.id}: {e.summary}", ""]
    if e.principle:
        out += [f"Principle: {e.principle}", ""]
    out += ["Why it matters"] + wrap(e.why) + [""]
    if e.bad:
        out.append("Bad → better")
        for text, better in e.bad:
            out += wrap(text, "  ✗ ")
            if better:
                out += wrap(better, "  ✓ ")
            out.append("")
    if e.good:
        out.append("Not flagged")
        for text in e.good:
            out += wrap(text, "  ✓ ")
        out.append("")
    out += [f"Applies to: {e.applies_to}.", e.details, f"Fix: {e.fix}"]
    if e.needs_model:
        out.append(f"Needs the spaCy English model ({install_hint('model')}).")
    return "\n".join(out)


SPARKS = "▁▂▃▄▅▆▇█"


def spark(shares: list[float]) -> str:
    """Shares from 0 to 1 as a row of bars (a share of 0 is the lowest bar)."""
    return "".join(SPARKS[min(len(SPARKS) - 1, int(share * len(SPARKS)))] for share in shares)


def trend_table(data: dict, console: Console | None = None) -> None:
    """`plmsg trend` on a terminal: per principle, the share of drafts that miss it, first
    and latest, the change, and every run as a bar."""
    console = console or terminal()
    runs = data["runs"]
    first, last = runs[0], runs[-1]
    console.print(f"{len(runs)} recorded run{'s' if len(runs) != 1 else ''}, {first['at'][:10]} to "
                  f"{last['at'][:10]}; latest: {last['drafts']} drafts, {last['findings']} findings"
                  + (f", median grade {last['median_grade']:g}" if last["median_grade"] is not None else "") + ".")
    table = Table(title="Share of drafts that miss each principle (lower is better)", title_justify="left",
                  header_style="bold")
    table.add_column("principle", overflow="fold", ratio=3)
    table.add_column("first", justify="right", no_wrap=True)
    table.add_column("latest", justify="right", no_wrap=True)
    table.add_column("change", justify="right", no_wrap=True)
    table.add_column("runs", overflow="fold", ratio=2)
    for entry in data["principles"]:
        shares = [pt["share"] for pt in entry["points"] if pt["share"] is not None]
        if not shares:
            continue
        change = entry["change"]
        moved = ("–" if change is None else "same" if abs(change) < 0.005 else
                 f"{'better' if change < 0 else 'worse'} {abs(change) * 100:.0f} pts")
        table.add_row(entry["title"], f"{shares[0]:.0%}", f"{shares[-1]:.0%}", moved, spark(shares))
    console.print(table)
    if data["rules_changed_at"]:
        console.print(f"The rules that ran changed at run {', '.join(map(str, data['rules_changed_at']))}: "
                      "counts on either side compare different checks.", style="dim")
