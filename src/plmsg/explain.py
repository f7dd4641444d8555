"""What `plmsg explain RULE` says about a rule, gathered once for the terminal
(`plmsg explain`) and for the editor (hover text from `plmsg lsp`)."""

from __future__ import annotations

from dataclasses import dataclass


FIX_SAFETY = {
    "safe": "safe: where there is one rewrite, --fix applies it (the `fix` field in JSON output; the "
            "preferred quick fix in an editor); several options are shown for the writer to choose "
            "(plmsg review).",
    "unsafe": "unsafe: a single rewrite may change the meaning, so only --fix --unsafe-fixes applies it "
              "(an editor offers it, never as the preferred fix); otherwise the rewrites are suggestions "
              "(plmsg review).",
}
NO_FIX = "suggestions only; the writer decides."


@dataclass(frozen=True)
class Explanation:
    id: str
    summary: str
    principle: str | None
    why: str
    bad: tuple[tuple[str, str | None], ...]  # (example, better)
    good: tuple[str, ...]
    applies_to: str
    details: str  # kind, severity, scope, source
    fix: str
    needs_model: bool


def explanation(linter, rule_id: str, source_name=str) -> Explanation | None:
    """The explanation of an active rule, or None when there is no such rule."""
    rule = next((r for r in linter.rules if r.id == rule_id), None)
    if rule is None:
        return None
    spec = rule.spec
    principle = next((p.title for p in linter.principles if spec.id in p.rules), None)
    left_out = [p.name for p in linter.profiles.values() if spec.id in p.ignore]
    audiences = "all audiences" if len(spec.audiences) == 5 else ", ".join(spec.audiences)
    if left_out:
        audiences += f" (the {', '.join(left_out)} profile{'s' if len(left_out) > 1 else ''} leave it out)"
    return Explanation(
        id=spec.id, summary=spec.summary, principle=principle, why=" ".join(spec.explain.split()),
        bad=tuple((one_line(e.text), one_line(e.better) if e.better else None) for e in spec.bad),
        good=tuple(one_line(e.text) for e in spec.good), applies_to=audiences,
        details=f"Kind: {spec.kind}; severity: {spec.severity.value}; scope: {rule.scope}; "
                f"source: {source_name(spec.source)}.",
        fix=FIX_SAFETY.get(rule.fix_safety, NO_FIX), needs_model=rule.needs_model)


def one_line(text: str) -> str:
    """An example that runs over several lines, on one."""
    return " / ".join(line.strip() for line in text.strip().splitlines() if line.strip())


def markdown(e: Explanation, examples: int = 3) -> str:
    """The explanation as Markdown (editor hover): the first few bad → better examples."""
    out = [f"**{e.id}**: {e.summary}"]
    if e.principle:
        out.append(f"Principle: *{e.principle}*")
    out.append(f"**Why it matters.** {e.why}")
    if e.bad:
        lines = ["**Bad → better**", ""]
        for text, better in e.bad[:examples]:
            lines.append(f"- ✗ {text}" + ("  " if better else ""))  # two spaces: a line break
            if better:
                lines.append(f"  ✓ {better}")
        out.append("\n".join(lines))
    out.append(f"Fix: {e.fix}")
    return "\n\n".join(out)
