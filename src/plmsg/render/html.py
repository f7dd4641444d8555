"""A self-contained HTML report for people who don't live in a terminal.

One file, no network requests: each draft is shown with its findings highlighted in
place; hovering shows the message, clicking shows it with the suggested rewrites; each
draft has its scorecard, and the top of the page sums up the whole run. Every piece of
draft text is escaped, so a draft that contains markup shows it as text.
"""

from __future__ import annotations

from html import escape

from ..scorecard import site_summary
from . import located, summary

_RANK = {"suggestion": 1, "warning": 2, "error": 3}

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header,main{max-width:1100px;margin:0 auto;padding:16px 24px}
h1{font-size:22px;margin:8px 0} h2{font-size:18px;margin:0 0 4px} h3{font-size:15px;margin:16px 0 6px}
.totals span{display:inline-block;margin-right:14px}
table{border-collapse:collapse;background:#fff;margin:8px 0}
th,td{border:1px solid #d8dce3;padding:4px 8px;text-align:left;vertical-align:top}
section.draft{background:#fff;border:1px solid #d8dce3;border-radius:8px;margin:18px 0;padding:16px}
.meta{color:#5b6475;font-size:13px}
.source{white-space:pre-wrap;font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,monospace;background:#fbfbfc;
 border:1px solid #e3e6eb;border-radius:6px;padding:12px;overflow-wrap:anywhere}
mark{cursor:pointer;border-radius:3px;padding:0 1px}
mark.sev-suggestion{background:#dbeafe} mark.sev-warning{background:#fde68a} mark.sev-error{background:#fecaca}
mark.active{outline:2px solid #1d4ed8}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(260px,2fr);gap:16px}
ol.findings{margin:0;padding-left:20px} ol.findings li{margin:6px 0;cursor:pointer}
ol.findings li.active{background:#eef2ff}
.badge{font-size:12px;border-radius:10px;padding:1px 7px;margin-right:4px;color:#fff}
.badge.suggestion{background:#2563eb} .badge.warning{background:#b45309} .badge.error{background:#b91c1c}
.detail{position:sticky;top:8px;background:#eef2ff;border:1px solid #c7d2fe;border-radius:6px;padding:10px;
 margin-bottom:10px;min-height:40px}
.detail .rule{font-weight:600}
.met{color:#166534} .notmet{color:#b91c1c} .muted{color:#5b6475}
.error{color:#b91c1c;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:12px} .charts figure{margin:0} .charts figcaption{font-size:13px}
"""

JS = """
document.addEventListener('click', function (event) {
  var el = event.target.closest('[data-finding]');
  if (!el) return;
  var section = el.closest('section.draft');
  var ids = el.getAttribute('data-finding').split(' ');
  section.querySelectorAll('.active').forEach(function (n) { n.classList.remove('active'); });
  var detail = section.querySelector('.detail');
  detail.textContent = '';
  ids.forEach(function (id) {
    section.querySelectorAll('[data-finding~="' + id + '"]').forEach(function (n) { n.classList.add('active'); });
    var item = section.querySelector('li[data-finding="' + id + '"]');
    if (!item) return;
    var block = document.createElement('div');
    block.className = 'finding-detail';
    var rule = document.createElement('div');
    rule.className = 'rule';
    rule.textContent = item.getAttribute('data-rule') + ' (' + item.getAttribute('data-severity') + ')';
    var msg = document.createElement('div');
    msg.textContent = item.getAttribute('data-message');
    block.appendChild(rule);
    block.appendChild(msg);
    var tries = JSON.parse(item.getAttribute('data-suggestions'));
    tries.forEach(function (s) {
      var t = document.createElement('div');
      t.textContent = 'Try: ' + s;
      block.appendChild(t);
    });
    detail.appendChild(block);
  });
  var mark = section.querySelector('mark[data-finding~="' + ids[0] + '"]');
  if (mark && el.tagName === 'LI') mark.scrollIntoView({block: 'center'});
});
"""


def render(report, out) -> None:
    s = summary(report.files)
    parts = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>plmsg report</title>", f"<style>{CSS}</style></head><body>"]
    parts.append("<header><h1>plmsg report</h1>")
    sev = ", ".join(f"{n} {k}" for k, n in s["by_severity"].items()) or "none"
    parts.append(f'<p class="totals"><span><b>{s["files"]}</b> files</span><span><b>{s["diagnostics"]}'
                 f"</b> findings ({escape(sev)})</span><span>plmsg {escape(report.version)}</span></p>")
    cards = [report.scorecard(r) for r in report.files if not r.error]
    rows = site_summary(cards)
    if rows:
        parts.append('<table class="site"><caption>Which principles the drafts miss most</caption>'
                     "<tr><th>principle</th><th>files not meeting it</th><th>most common rule</th></tr>")
        for r in rows:
            top = max(r["by_rule"].items(), key=lambda kv: kv[1])[0] if r["by_rule"] else ""
            parts.append(f"<tr><td>{escape(r['title'])}</td><td>{r['files_not_met']} of {r['files_checked']}"
                         f"</td><td>{escape(top)}</td></tr>")
        parts.append("</table>")
    if report.history and len(report.history["runs"]) > 1:
        parts.append(_trend(report.history))
    if len(s["names"]) > 1:
        listed = ", ".join(f"{escape(name)} ({n})" for name, n in s["names"].items())
        parts.append(f'<p class="names">The drafts call the approach {len(s["names"])} different names '
                     f"(drafts using each): {listed}. Pick one and use it everywhere.</p>")
    parts.append("</header><main>")
    for n, result in enumerate(report.files):
        parts.append(_draft(report, result, n))
    parts.append(f"</main><script>{JS}</script></body></html>")
    out.write("\n".join(parts))
    out.write("\n")


def _trend(history: dict) -> str:
    """Each principle's share of drafts missing it, run by run, as a small line chart."""
    runs = history["runs"]
    out = [f'<section class="trend"><h2>Over time</h2><p class="muted">Share of drafts that miss each '
           f'principle, over the {len(runs)} recorded runs from {escape(runs[0]["at"][:10])} to '
           f'{escape(runs[-1]["at"][:10])} (lower is better).</p><div class="charts">']
    ids = [r["id"] for r in runs]
    w, h, pad = 180, 48, 4
    for entry in history["principles"]:
        points = [(ids.index(pt["run"]), pt["share"]) for pt in entry["points"] if pt["share"] is not None]
        if not points:
            continue
        step = (w - 2 * pad) / max(1, len(runs) - 1)
        coords = " ".join(f"{pad + i * step:.1f},{pad + (1 - share) * (h - 2 * pad):.1f}" for i, share in points)
        first, last = points[0][1], points[-1][1]
        label = (f"{entry['title']}: {first:.0%} of drafts missed it in the first run, {last:.0%} in the "
                 f"latest")
        out.append(f'<figure><svg role="img" aria-label="{escape(label)}" width="{w}" height="{h}" '
                   f'viewBox="0 0 {w} {h}"><title>{escape(label)}</title>'
                   f'<rect x="0" y="0" width="{w}" height="{h}" fill="#fff" stroke="#d8dce3"/>'
                   f'<polyline fill="none" stroke="#1d4ed8" stroke-width="2" points="{coords}"/></svg>'
                   f'<figcaption>{escape(entry["title"])}: {first:.0%} → {last:.0%}</figcaption></figure>')
    out.append("</div></section>")
    return "".join(out)


def _draft(report, result, n: int) -> str:
    if result.error:
        return (f'<section class="draft"><h2>{escape(result.path)}</h2>'
                f'<p class="error">{escape(result.error)}</p></section>')
    stats = result.stats or {}
    out = [f'<section class="draft" id="draft-{n}"><h2>{escape(result.path)}</h2>',
           f'<p class="meta">audience: {escape(str(result.audience))} · {stats.get("words", 0)} words · '
           f'grade {stats.get("grade", 0)} · {len(result.findings)} findings</p>']
    out.append(_scorecard(report.scorecard(result)))
    out.append('<div class="layout"><div>')
    out.append(f'<div class="source">{_highlighted(result)}</div></div><div>')
    out.append('<div class="detail">Click a highlight or a finding to see what to change.</div>')
    if result.findings:
        out.append('<ol class="findings">')
        for i, at in enumerate(located(result)):
            f = at.finding
            where = (f"paragraph {at.where['paragraph']}" if "paragraph" in at.where else
                     f"page {at.where['page']}, line {at.where['page_line']}" if "page" in at.where else
                     f"line {at.line}")
            sev = f.severity.value
            suggestions = escape(_json(list(f.suggestions)))
            out.append(f'<li data-finding="f{i}" data-rule="{escape(f.rule)}" data-severity="{sev}" '
                       f'data-message="{escape(f.message)}" data-suggestions="{suggestions}">'
                       f'<span class="badge {sev}">{sev}</span><b>{escape(f.rule)}</b> '
                       f'<span class="muted">{where}</span><br>{escape(f.message)}</li>')
        out.append("</ol>")
    else:
        out.append('<p class="met">No findings.</p>')
    out.append("</div></div></section>")
    return "".join(out)


def _scorecard(card: list[dict]) -> str:
    items = []
    for e in card:
        if e["status"] == "met":
            items.append(f'<li class="met">✓ {escape(e["title"])}</li>')
        elif e["status"] == "not met":
            rules = sorted({f["rule"] for f in e["findings"]})
            items.append(f'<li class="notmet">✗ {escape(e["title"])} '
                         f'<span class="muted">({escape(", ".join(rules))})</span></li>')
        else:
            note = e.get("note") or e["status"]
            items.append(f'<li class="muted">– {escape(e["title"])} ({escape(note)})</li>')
    return '<h3>Scorecard</h3><ul class="scorecard">' + "".join(items) + "</ul>"


def _highlighted(result) -> str:
    """The source with each finding's span wrapped in a <mark>; overlaps split into pieces."""
    source = result.source or ""
    spans = [(f.start, f.end, i, f.severity.value) for i, f in enumerate(result.findings) if f.end > f.start]
    points = sorted({0, len(source), *(p for s in spans for p in s[:2])})
    pieces = []
    for a, z in zip(points, points[1:]):
        covering = [s for s in spans if s[0] <= a and z <= s[1]]
        text = escape(source[a:z])
        if not covering:
            pieces.append(text)
            continue
        worst = max(covering, key=lambda s: _RANK[s[3]])[3]
        ids = " ".join(f"f{s[2]}" for s in covering)  # ids are unique within a draft's section
        titles = escape(" | ".join(result.findings[s[2]].message for s in covering))
        pieces.append(f'<mark class="sev-{worst}" data-finding="{ids}" title="{titles}">{text}</mark>')
    return "".join(pieces)


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
