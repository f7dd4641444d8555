"""`plmsg crawl URL`: a whole live site, page by page.

Pages are found from the site's sitemaps (the `Sitemap:` lines of robots.txt, else
/sitemap.xml; sitemap indexes and gzipped sitemaps are followed), or else by following
links within the site from the start address, to a depth and a page limit. `--include`
and `--exclude` choose pages by their path (globs such as `/news/**`, or `re:` and a
regular expression). Fetching runs ahead of checking on a few threads, so a slow site
does not leave the parser idle; what a run could not fetch, or chose to stop at, is said.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterator, Sequence
from urllib.parse import urldefrag, urljoin, urlsplit

from .discovery import in_shard
from .settings import glob_match
from .web import FetchError, Fetcher, Page, shown

# Links to these are not pages (the documents plmsg reads are fetched as documents).
_NOT_PAGES = re.compile(r"\.(?:jpe?g|png|gif|svg|webp|ico|css|js|json|xml|zip|gz|mp[34]|mov|avi|wav|xlsx?|pptx?|"
                        r"docm?|ics|csv|txt|woff2?|ttf|eot)$", re.I)
_DOCUMENTS = re.compile(r"\.(?:pdf|docx)$", re.I)
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Crawl:
    start: str
    max_pages: int = 500
    depth: int = 5
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    hosts: Sequence[str] = ()  # hosts besides the start's
    shard: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)  # what the run should say (a sitemap that is not XML, the limit)
    discovered: int = 0
    fetched: int = 0

    def wanted(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or host not in self._hosts():
            return False
        path = parts.path or "/"
        if self.include and not any(_matches(path, p) for p in self.include):
            return False
        return not any(_matches(path, p) for p in self.exclude)

    def _hosts(self) -> set[str]:
        return {(urlsplit(self.start).hostname or "").lower(), *(h.lower() for h in self.hosts)}

    def mine(self, url: str) -> bool:
        return self.shard is None or in_shard(url, *self.shard)


def _matches(path: str, pattern: str) -> bool:
    if pattern.startswith("re:"):
        return re.search(pattern[3:], path) is not None
    return glob_match(path.lstrip("/"), pattern.lstrip("/"))


def check_pattern(pattern: str) -> str | None:
    """What is wrong with an --include/--exclude pattern, or None."""
    if pattern.startswith("re:"):
        try:
            re.compile(pattern[3:])
        except re.error as exc:
            return f"invalid regular expression {pattern[3:]!r}: {exc}"
    return None


def pages(crawl: Crawl, fetcher: Fetcher, workers: int = 4) -> Iterator[tuple[str, Page | FetchError]]:
    """(address, page or the reason it could not be fetched) for each page of the site this
    shard checks, as they arrive."""
    listed = sitemap_urls(crawl, fetcher)
    if listed is not None:
        listed, capped = listed
        chosen = [u for u in listed if crawl.wanted(u)]
        crawl.discovered = len(chosen)
        if len(chosen) > crawl.max_pages:
            crawl.notes.append(f"plmsg: the sitemaps list {'more than ' if capped else ''}{len(chosen)} pages; "
                               f"checked the first {crawl.max_pages} (--max-pages)")
            chosen = chosen[:crawl.max_pages]
        mine = [u for u in chosen if crawl.mine(u)]
        yield from _fetch_all(crawl, fetcher, mine, workers)
        return
    yield from _follow_links(crawl, fetcher, workers)


def _fetch_all(crawl: Crawl, fetcher: Fetcher, urls: list[str], workers: int):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [(u, pool.submit(_get, fetcher, u)) for u in urls]
        for url, future in futures:  # in the sitemap's order; later pages fetch meanwhile
            page = future.result()
            crawl.fetched += 1
            yield url, page


def _get(fetcher: Fetcher, url: str) -> Page | FetchError:
    try:
        return fetcher.fetch(url, documents=True)
    except FetchError as exc:
        return exc


def _follow_links(crawl: Crawl, fetcher: Fetcher, workers: int):
    start = _normal(crawl.start)
    frontier = deque([(start, 0)])
    seen = {start}
    limited = False
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future, tuple[str, int]] = {}
        while frontier or pending:
            while frontier and len(pending) < workers * 2:
                url, depth = frontier.popleft()
                pending[pool.submit(_get, fetcher, url)] = (url, depth)
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in done:
                url, depth = pending.pop(future)
                page = future.result()
                crawl.fetched += 1
                if isinstance(page, Page) and not page.document and depth < crawl.depth:
                    for link in links(page.text, page.url):
                        if link in seen or not crawl.wanted(link) or _NOT_PAGES.search(urlsplit(link).path):
                            continue
                        if len(seen) >= crawl.max_pages:
                            limited = True
                            continue
                        seen.add(link)
                        frontier.append((link, depth + 1))
                crawl.discovered = len(seen)
                if crawl.mine(url):
                    yield url, page
    if limited:
        crawl.notes.append(f"plmsg: stopped at {crawl.max_pages} pages (--max-pages); the site links to more")


def _normal(url: str) -> str:
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower(), path=parts.path or "/").geturl()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.found.append(href)
        elif tag == "base" and self.base is None:
            self.base = dict(attrs).get("href")


def links(html: str, url: str) -> list[str]:
    """The pages a page links to, absolute, without fragments, in order, once each."""
    parser = _Links()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        pass  # a broken page: the links read so far
    base = urljoin(url, parser.base) if parser.base else url
    out: dict[str, None] = {}
    for href in parser.found:
        href = href.strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
            continue
        absolute = _normal(urljoin(base, href))
        if urlsplit(absolute).scheme in ("http", "https"):
            out[absolute] = None
    return list(out)


# -- sitemaps ---------------------------------------------------------------------------------
def sitemap_urls(crawl: Crawl, fetcher: Fetcher) -> tuple[list[str], bool] | None:
    """The pages the site's sitemaps list (reading stops a little over --max-pages, and
    then says it did), or None when it has no sitemap that could be read."""
    parts = urlsplit(crawl.start)
    origin = f"{parts.scheme}://{parts.netloc}"
    maps = fetcher.sitemaps(origin) or [origin + "/sitemap.xml"]
    found: dict[str, None] = {}
    read_any = False
    queue, seen = deque(maps), set(maps)
    budget = 50  # sitemap files read at most (an index of indexes of ...)
    cap = crawl.max_pages * 4 + 100  # enough to fill --max-pages after include/exclude
    while queue and budget > 0 and len(found) < cap:
        budget -= 1
        where = queue.popleft()
        try:
            data = fetcher.fetch_raw(where)
        except FetchError as exc:
            if where not in maps[:1] or fetcher.sitemaps(origin):
                crawl.notes.append(f"plmsg: sitemap {shown(where)}: {exc}")
            continue
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data[: 50 * 2**20])
            except (OSError, EOFError) as exc:
                crawl.notes.append(f"plmsg: sitemap {shown(where)} is not valid gzip ({exc})")
                continue
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            crawl.notes.append(f"plmsg: sitemap {shown(where)} is not XML ({exc}); following links instead"
                               if not read_any else f"plmsg: sitemap {shown(where)} is not XML ({exc})")
            continue
        read_any = True
        tag = root.tag.replace(SITEMAP_NS, "")
        for loc in root.iter(f"{SITEMAP_NS}loc"):
            url = (loc.text or "").strip()
            if not url:
                continue
            if tag == "sitemapindex":
                if url not in seen:
                    seen.add(url)
                    queue.append(url)
            else:
                found[_normal(url)] = None
                if len(found) >= cap:
                    break
    if not read_any:
        return None
    return list(found), len(found) >= cap
