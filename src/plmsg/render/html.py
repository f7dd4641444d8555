"""A self-contained HTML report for people who don't live in a terminal.

One file, no network requests, every piece of draft text escaped (a draft that contains
markup shows it as text). The top of the page sums up the run: the principles the drafts
miss most as a bar chart, the trend over recorded runs, and, for more than one draft, an
index of the drafts (grade against the audience's limit, findings, principles missed),
sortable and filterable by principle and rule. Each draft is kept in a `<template>` and
drawn only when it is opened, so a site of a thousand drafts opens as fast as its index.

A draft shows its text with each finding highlighted, its scorecard and its findings.
Highlights and findings are buttons: reached with Tab, opened with Enter or a click,
which shows the message and the rewrites in a live region. Long lists of findings come in
pages. The page reflows down to phone width, meets WCAG 2.1 AA contrast, and prints as a
plain document.
"""

from __future__ import annotations

import json
from html import escape

from ..scorecard import site_summary
from ..web import is_url
from . import located, summary

_RANK = {"suggestion": 1, "warning": 2, "error": 3}
PAGE = 100  # findings shown at once in a draft's list; "Show more" reveals the next page

CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header,main{max-width:1100px;margin:0 auto;padding:16px 24px}
h1{font-size:22px;margin:8px 0} h2{font-size:18px;margin:0 0 4px;overflow-wrap:anywhere} h3{font-size:15px;margin:16px 0 6px}
a{color:#1d4ed8}
.totals span{display:inline-block;margin-right:14px}
.scroll{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;background:#fff;margin:8px 0}
th,td{border:1px solid #d8dce3;padding:4px 8px;text-align:left;vertical-align:top}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
section.draft{background:#fff;border:1px solid #d8dce3;border-radius:8px;margin:18px 0;padding:16px}
.meta{color:#4b5565;font-size:13px}
.source{white-space:pre-wrap;font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,monospace;background:#fbfbfc;
 border:1px solid #e3e6eb;border-radius:6px;padding:12px;overflow-wrap:anywhere}
mark{cursor:pointer;border-radius:3px;padding:0 1px;color:#1d2330}
mark.sev-suggestion{background:#dbeafe} mark.sev-warning{background:#fde68a} mark.sev-error{background:#fecaca}
mark.active{outline:2px solid #1d4ed8}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(260px,2fr);gap:16px}
ol.findings{margin:0;padding-left:22px} ol.findings li{margin:6px 0}
button.finding{font:inherit;text-align:left;background:none;border:1px solid transparent;border-radius:4px;
 padding:2px 4px;cursor:pointer;color:inherit;width:100%}
button.finding.active,button.finding:hover{background:#eef2ff;border-color:#c7d2fe}
button.more{font:inherit;margin:8px 0;padding:4px 10px;border:1px solid #1d4ed8;border-radius:4px;background:#fff;
 color:#1d4ed8;cursor:pointer}
.badge{font-size:12px;border-radius:10px;padding:1px 7px;margin-right:4px;color:#fff}
.badge.suggestion{background:#1d4ed8} .badge.warning{background:#92400e} .badge.error{background:#b91c1c}
.detail{position:sticky;top:8px;background:#eef2ff;border:1px solid #c7d2fe;border-radius:6px;padding:10px;
 margin-bottom:10px;min-height:40px}
.detail .rule{font-weight:600}
.met{color:#166534} .notmet{color:#b91c1c} .muted{color:#4b5565}
.error{color:#b91c1c;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:12px} .charts figure{margin:0} .charts figcaption{font-size:13px}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0}
.filters select{font:inherit;max-width:100%}
svg text{font:12px system-ui,sans-serif;fill:#1d2330}
.back{display:inline-block;margin-bottom:8px}
@media (max-width:700px){
 header,main{padding:10px 12px}
 .layout{grid-template-columns:minmax(0,1fr)}
 .detail{position:static}
 .source{font-size:13px;padding:8px}
 section.draft{padding:10px}
 table.index td:nth-child(2),table.index th:nth-child(2){display:none}
}
@media print{
 body{background:#fff;font-size:11pt}
 .detail,.filters,button.more,.back,script{display:none}
 .layout{display:block}
 section.draft{border:0;break-before:page;padding:0}
 mark{background:none;text-decoration:underline;text-decoration-thickness:2px}
 ol.findings li[hidden]{display:list-item}
 button.finding{border:0;padding:0}
 a{color:inherit;text-decoration:none}
}
"""

JS = r"""
(function () {
  var view = document.getElementById('view');
  var index = document.getElementById('index');
  function show(section) {
    if (!view) return;
    view.textContent = '';
    if (!section) { if (index) index.hidden = false; return; }
    var tpl = document.getElementById('t-' + section);
    if (!tpl) { if (index) index.hidden = false; return; }
    view.appendChild(tpl.content.cloneNode(true));
    if (index) index.hidden = true;
    var heading = view.querySelector('h2');
    if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
  }
  function route() {
    var m = /^#(draft-\d+)$/.exec(location.hash);
    show(m ? m[1] : null);
  }
  if (view) { window.addEventListener('hashchange', route); route(); }

  function open(el) {
    var section = el.closest('section.draft');
    var ids = el.getAttribute('data-finding').split(' ');
    section.querySelectorAll('.active').forEach(function (n) { n.classList.remove('active'); });
    var detail = section.querySelector('.detail');
    detail.textContent = '';
    ids.forEach(function (id) {
      section.querySelectorAll('[data-finding~="' + id + '"]').forEach(function (n) { n.classList.add('active'); });
      var item = section.querySelector('button.finding[data-finding="' + id + '"]');
      if (!item) return;
      var block = document.createElement('div');
      var rule = document.createElement('div');
      rule.className = 'rule';
      rule.textContent = item.getAttribute('data-rule') + ' (' + item.getAttribute('data-severity') + ')';
      var msg = document.createElement('div');
      msg.textContent = item.getAttribute('data-message');
      block.appendChild(rule);
      block.appendChild(msg);
      JSON.parse(item.getAttribute('data-suggestions')).forEach(function (s) {
        var t = document.createElement('div');
        t.textContent = 'Try: ' + s;
        block.appendChild(t);
      });
      detail.appendChild(block);
    });
    if (el.tagName === 'BUTTON') {
      var mark = section.querySelector('mark[data-finding~="' + ids[0] + '"]');
      if (mark) mark.scrollIntoView({block: 'center'});
    }
  }
  document.addEventListener('click', function (event) {
    var more = event.target.closest('button.more');
    if (more) {
      var list = more.previousElementSibling, shown = 0;
      list.querySelectorAll('li[hidden]').forEach(function (li) {
        if (shown < 100) { li.hidden = false; shown++; }
      });
      if (!list.querySelector('li[hidden]')) more.remove();
      return;
    }
    var sort = event.target.closest('th button[data-sort]');
    if (sort) { sortBy(sort); return; }
    var el = event.target.closest('[data-finding]');
    if (el) open(el);
  });
  document.addEventListener('keydown', function (event) {
    if ((event.key === 'Enter' || event.key === ' ') && event.target.matches('mark[data-finding]')) {
      event.preventDefault();
      open(event.target);
    }
  });

  function sortBy(button) {
    var table = button.closest('table'), body = table.tBodies[0];
    var col = +button.getAttribute('data-sort'), numeric = button.hasAttribute('data-numeric');
    var th = button.closest('th');
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute('data-value'), y = b.cells[col].getAttribute('data-value');
      var c = numeric ? (+x) - (+y) : x.localeCompare(y);
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function filter() {
    var p = document.getElementById('by-principle'), r = document.getElementById('by-rule');
    if (!p || !r) return;
    var shown = 0;
    document.querySelectorAll('table.index tbody tr').forEach(function (row) {
      var ok = (!p.value || (' ' + row.getAttribute('data-principles') + ' ').indexOf(' ' + p.value + ' ') >= 0) &&
               (!r.value || (' ' + row.getAttribute('data-rules') + ' ').indexOf(' ' + r.value + ' ') >= 0);
      row.hidden = !ok;
      if (ok) shown++;
    });
    var count = document.getElementById('shown');
    if (count) count.textContent = shown + ' shown';
  }
  document.addEventListener('change', function (event) {
    if (event.target.matches('#by-principle, #by-rule')) filter();
  });
})();
"""


def render(report, out) -> None:
    s = summary(report.files)
    many = len(report.files) > 1
    parts = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>plmsg report</title>", f"<style>{CSS}</style></head><body>"]
    parts.append('<header><h1>plmsg report</h1>')
    sev = ", ".join(f"{n} {k}" for k, n in s["by_severity"].items()) or "none"
    parts.append(f'<p class="totals"><span><b>{s["files"]}</b> files</span><span><b>{s["diagnostics"]}'
                 f"</b> findings ({escape(sev)})</span><span>plmsg {escape(report.version)}</span></p>")
    parts.append("</header><main>")
    cards = {id(r): report.scorecard(r) for r in report.files if not r.error}
    parts.append('<div id="index">' if many else "<div>")
    rows = site_summary(list(cards.values()))
    if rows:
        parts.append(_misses_chart(rows))
    if report.history and len(report.history["runs"]) > 1:
        parts.append(_trend(report.history))
    if len(s["names"]) > 1:
        listed = ", ".join(f"{escape(name)} ({n})" for name, n in s["names"].items())
        parts.append(f'<p class="names">The drafts call the approach {len(s["names"])} different names '
                     f"(drafts using each): {listed}. Pick one and use it everywhere.</p>")
    if s.get("sections") and len(s["sections"]) > 1:
        parts.append('<section><h2>By section of the site</h2><div class="scroll"><table class="sections"><thead><tr>'
                     '<th scope="col">section</th><th scope="col">pages</th><th scope="col">not fetched</th>'
                     '<th scope="col">with findings</th><th scope="col">findings</th></tr></thead><tbody>')
        for section, r in s["sections"].items():
            parts.append(f"<tr><td>{escape(section)}</td><td>{r['pages']}</td><td>{r['failed']}</td>"
                         f"<td>{r['with_findings']}</td><td>{r['findings']}</td></tr>")
        parts.append("</tbody></table></div></section>")
    if many:
        parts.append(_index(report, cards))
        parts.append("</div>")
        parts.append('<div id="view" aria-live="polite"></div>')
        for n, result in enumerate(report.files):  # drawn when opened (#draft-N)
            parts.append(f'<template id="t-draft-{n}">'
                         f'<a class="back" href="#">← All drafts</a>{_draft(report, result, n, cards)}</template>')
    else:
        parts.append("</div>")
        for n, result in enumerate(report.files):
            parts.append(_draft(report, result, n, cards))
    parts.append(f"</main><script>{JS}</script></body></html>")
    out.write("\n".join(parts))
    out.write("\n")


def _misses_chart(rows: list[dict]) -> str:
    """Which principles the drafts miss most: a horizontal bar per principle, and the same
    numbers as a table for screen readers and for copying."""
    w, bar_h, label_w = 640, 22, 250
    h = bar_h * len(rows) + 8
    most = max(r["files_checked"] for r in rows) or 1
    bars = []
    for i, r in enumerate(rows):
        y = 4 + i * bar_h
        share = r["files_not_met"] / r["files_checked"] if r["files_checked"] else 0
        length = (w - label_w - 90) * r["files_not_met"] / most
        bars.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(_short(r["title"], 36))}</text>'
                    f'<rect x="{label_w}" y="{y + 3}" width="{max(length, 1):.1f}" height="{bar_h - 8}" fill="#b91c1c"/>'
                    f'<text x="{label_w + max(length, 1) + 6:.1f}" y="{y + 15}">{r["files_not_met"]} of '
                    f'{r["files_checked"]} ({share:.0%})</text>')
    table = ['<table class="site"><caption>Which principles the drafts miss most</caption><thead><tr>'
             "<th scope=\"col\">principle</th><th scope=\"col\">files not meeting it</th>"
             "<th scope=\"col\">most common rule</th></tr></thead><tbody>"]
    for r in rows:
        top = max(r["by_rule"].items(), key=lambda kv: kv[1])[0] if r["by_rule"] else ""
        table.append(f"<tr><td>{escape(r['title'])}</td><td>{r['files_not_met']} of {r['files_checked']}"
                     f"</td><td>{escape(top)}</td></tr>")
    table.append("</tbody></table>")
    return ('<section class="misses"><h2>Which principles the drafts miss most</h2>'
            f'<div class="scroll"><svg role="img" aria-label="Bar chart: drafts not meeting each principle, most '
            f'first (the table below has the numbers)" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            f'style="max-width:100%;height:auto">{"".join(bars)}</svg></div>'
            f'<details><summary>As a table</summary><div class="scroll">{"".join(table)}</div></details></section>')


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _index(report, cards: dict) -> str:
    """The drafts as a table: sortable by any column, filterable by principle and rule."""
    principles = {p.id: p.title for p in report.principles}
    rules = sorted({f.rule for r in report.files for f in r.findings})
    out = ['<section class="index-section"><h2>Drafts</h2><div class="filters">'
           '<label>Principle missed <select id="by-principle"><option value="">any</option>']
    out += [f'<option value="{escape(pid)}">{escape(title)}</option>' for pid, title in principles.items()]
    out.append('</select></label><label>Rule <select id="by-rule"><option value="">any</option>')
    out += [f'<option value="{escape(r)}">{escape(r)}</option>' for r in rules]
    out.append(f'</select></label><span id="shown" aria-live="polite">{len(report.files)} shown</span></div>')
    out.append('<div class="scroll"><table class="index"><caption class="muted">Select a column heading to '
               'sort; open a draft to see its findings.</caption><thead><tr>')
    for i, (name, numeric) in enumerate((("draft", False), ("audience", False), ("grade", True),
                                         ("findings", True), ("principles missed", False))):
        attr = " data-numeric" if numeric else ""
        out.append(f'<th scope="col"><button type="button" data-sort="{i}"{attr}>{name}</button></th>')
    out.append("</tr></thead><tbody>")
    for n, result in enumerate(report.files):
        card = cards.get(id(result), [])
        missed = [e for e in card if e["status"] == "not met"]
        grade = (result.stats or {}).get("grade") if not result.error else None
        limit = report.grade_limits.get(result.audience) if report.grade_limits else None
        link = f'<a href="#draft-{n}">{escape(result.path)}</a>'
        if result.error:
            cells = (f'<td data-value="{escape(result.path)}">{link}</td><td data-value=""></td>'
                     f'<td data-value="-1"></td><td data-value="-1" class="error">error</td>'
                     f'<td data-value="">{escape(_short(result.error, 120))}</td>')
        else:
            cells = (f'<td data-value="{escape(result.path)}">{link}</td>'
                     f'<td data-value="{escape(str(result.audience))}">{escape(str(result.audience))}</td>'
                     f'<td data-value="{grade if grade is not None else -1}">{_grade_bar(grade, limit)}</td>'
                     f'<td data-value="{len(result.findings)}">{len(result.findings)}</td>'
                     f'<td data-value="{len(missed)}">{escape(", ".join(e["title"] for e in missed)) or "none"}</td>')
        out.append(f'<tr data-principles="{escape(" ".join(e["principle"] for e in missed))}" '
                   f'data-rules="{escape(" ".join(sorted({f.rule for f in result.findings})))}">{cells}</tr>')
    out.append("</tbody></table></div></section>")
    return "".join(out)


def _grade_bar(grade, limit) -> str:
    """A draft's reading grade as a bar, with its audience's limit as a line across it."""
    if grade is None:
        return ""
    top = 16.0
    w, h = 90, 14
    x = min(grade, top) / top * w
    over = limit is not None and grade > limit
    label = f"grade {grade:g}" + (f", over the limit of {limit:g}" if over else
                                  f", within the limit of {limit:g}" if limit is not None else "")
    line = (f'<line x1="{min(limit, top) / top * w:.1f}" x2="{min(limit, top) / top * w:.1f}" y1="0" y2="{h}" '
            f'stroke="#1d2330" stroke-width="2"/>') if limit is not None else ""
    return (f'<svg role="img" aria-label="{escape(label)}" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
            f'<rect x="0" y="2" width="{w}" height="{h - 4}" fill="#e5e7eb"/>'
            f'<rect x="0" y="2" width="{x:.1f}" height="{h - 4}" fill="{"#b91c1c" if over else "#166534"}"/>{line}'
            f'</svg> {grade:g}')


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


def _draft(report, result, n: int, cards: dict) -> str:
    if result.error:
        return (f'<section class="draft" id="draft-{n}"><h2>{escape(result.path)}</h2>'
                f'<p class="error">{escape(result.error)}</p></section>')
    stats = result.stats or {}
    limit = report.grade_limits.get(result.audience) if report.grade_limits else None
    title = escape(result.path)
    if is_url(result.path):  # a live page: a link to it (following it is the reader's choice)
        title = f'<a href="{escape(result.path)}" rel="noopener noreferrer">{title}</a>'
    out = [f'<section class="draft" id="draft-{n}" aria-labelledby="h-draft-{n}">'
           f'<h2 id="h-draft-{n}">{title}</h2>',
           f'<p class="meta">audience: {escape(str(result.audience))} · {stats.get("words", 0)} words · '
           f'{_grade_bar(stats.get("grade"), limit) if stats.get("words") else "grade –"} · '
           f'{len(result.findings)} findings</p>']
    out.append(_scorecard(cards.get(id(result), [])))
    out.append('<div class="layout"><div>')
    out.append(f'<div class="source" aria-label="The draft, with each finding highlighted">{_highlighted(result)}'
               f'</div></div><div>')
    out.append('<div class="detail" role="region" aria-live="polite" aria-label="Finding details">Select a '
               'highlight or a finding (or press Enter on it) to see what to change.</div>')
    if result.findings:
        out.append(f'<h3 id="f-draft-{n}">Findings</h3><ol class="findings" aria-labelledby="f-draft-{n}">')
        for i, at in enumerate(located(result)):
            f = at.finding
            where = (f"paragraph {at.where['paragraph']}" if "paragraph" in at.where else
                     f"page {at.where['page']}, line {at.where['page_line']}" if "page" in at.where else
                     f"line {at.line}")
            sev = f.severity.value
            suggestions = escape(json.dumps(list(f.suggestions), ensure_ascii=False))
            hidden = " hidden" if i >= PAGE else ""
            out.append(f'<li{hidden}><button type="button" class="finding" data-finding="f{i}" '
                       f'data-rule="{escape(f.rule)}" data-severity="{sev}" data-message="{escape(f.message)}" '
                       f'data-suggestions="{suggestions}"><span class="badge {sev}">{sev}</span><b>'
                       f'{escape(f.rule)}</b> <span class="muted">{where}</span><br>{escape(f.message)}'
                       f'</button></li>')
        out.append("</ol>")
        if len(result.findings) > PAGE:
            out.append(f'<button type="button" class="more">Show more findings '
                       f'({len(result.findings) - PAGE} more)</button>')
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
    """The source with each finding's span wrapped in a <mark>; overlaps split into pieces.
    Each mark is a button for the keyboard: focusable, named by its words (what a reader
    sees), and described by its findings' messages (its title)."""
    source = result.source or ""
    spans = [(f.start, f.end, i, f.severity.value) for i, f in enumerate(result.findings) if f.end > f.start]
    points = sorted({0, len(source), *(p for s in spans for p in s[:2])})
    pieces = []
    opened: set[int] = set()
    for a, z in zip(points, points[1:]):
        covering = [s for s in spans if s[0] <= a and z <= s[1]]
        text = escape(source[a:z])
        if not covering:
            pieces.append(text)
            continue
        worst = max(covering, key=lambda s: _RANK[s[3]])[3]
        ids = " ".join(f"f{s[2]}" for s in covering)  # ids are unique within a draft's section
        titles = escape(" | ".join(f"{result.findings[s[2]].rule}: {result.findings[s[2]].message}" for s in covering))
        # one tab stop per finding: on the first piece of its span only
        first = any(s[2] not in opened for s in covering)
        opened.update(s[2] for s in covering)
        focus = ' tabindex="0" role="button"' if first else ""
        pieces.append(f'<mark class="sev-{worst}" data-finding="{ids}" title="{titles}"{focus}>{text}</mark>')
    return "".join(pieces)
