"""How fast a site's HTML report opens in a browser: the index of 1,000 drafts.

    python bench/report_open.py [--docs 1000] [--runs 3]

Builds the benchmark corpus (bench/build_corpus.py), writes its HTML report with plmsg,
then opens the report in headless Chromium (Playwright, with the system's chromium when
there is one) and times, from navigation to each, the first paint of the index (its
table rows all in the page) and the load event; then opening one draft from the index.
Medians of the runs; a measurement, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SystemExit("report_open: needs the playwright package (pip install -e '.[test]')") from None
    with tempfile.TemporaryDirectory(prefix="plmsg-report-") as work:
        corpus, report = Path(work) / "corpus", Path(work) / "report.html"
        subprocess.run([sys.executable, str(ROOT / "bench" / "build_corpus.py"), "--out", str(corpus),
                        "--docs", str(args.docs)], check=True, stdout=subprocess.DEVNULL)
        code = subprocess.call([sys.executable, "-m", "plmsg", "check", str(corpus), "--format", "html",
                                "--output", str(report), "--jobs", "2", "--no-cache"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if code not in (0, 1):
            raise SystemExit(f"report_open: plmsg exited with {code}")
        size = report.stat().st_size
        index, loaded, draft = [], [], []
        with sync_playwright() as p:
            executable = shutil.which("chromium") or None
            browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                start = time.perf_counter()
                page.goto(report.as_uri(), wait_until="commit")
                page.wait_for_function(f"document.querySelectorAll('table.index tbody tr').length === {args.docs}")
                index.append(time.perf_counter() - start)
                page.wait_for_load_state("load")
                loaded.append(time.perf_counter() - start)
                start = time.perf_counter()
                page.locator("table.index a").nth(args.docs // 2).click()
                page.wait_for_selector("#view section.draft")
                draft.append(time.perf_counter() - start)
                page.close()
            browser.close()
    print(f"{args.docs} drafts, report {size / 2**20:.1f} MB, {args.runs} runs (median seconds)")
    print(f"index shown: {statistics.median(index):.2f}  load event: {statistics.median(loaded):.2f}  "
          f"a draft opened from the index: {statistics.median(draft):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
