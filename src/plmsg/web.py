"""Fetching web pages politely, for `plmsg check URL`.

httpx does the HTTP. Around it, what a good citizen on a district's server does:
- robots.txt is read once per site (the standard library's parser) and obeyed for the
  user agent `plmsg` and for `*`, its Crawl-delay included;
- the user agent names plmsg, its version, and a contact from config (`web: {contact}`);
- requests to one host start at most once a second (configurable), a few at a time, and
  a `Retry-After` is honoured;
- connect and read time out; at most 5 redirects, a loop is an error; a body over 10 MB
  is cut off and refused; only http and https, and only HTML is read as a page;
- 429 and 5xx are retried with backoff (a few times), a 4xx never;
- ETag and Last-Modified are kept with the page's text in the cache folder, so an
  unchanged page costs one small conditional request (and its findings come from the
  result cache).
Each failure is a FetchError whose message says in a few words what went wrong.
"""

from __future__ import annotations

import email.utils
import re
import sqlite3
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from . import __version__
from .files import InputError, decode

AGENT = "plmsg"
MAX_BYTES = 10 * 2**20
MAX_REDIRECTS = 5
RETRIES = 3
PAGE_TYPES = ("text/html", "application/xhtml+xml")
# Documents a site links to, read by plmsg's Word and PDF readers (by their suffix).
DOCUMENT_TYPES = {"application/pdf": ".pdf",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class FetchError(Exception):
    """A page that could not be fetched; the message says why in a few words."""


def is_url(name: str) -> bool:
    """An address rather than a file name (http:, https:, or any other scheme to refuse)."""
    return bool(_URL.match(name)) and not re.match(r"^[A-Za-z]:[\\/]", name)  # not C:\ on Windows


def shown(url: str) -> str:
    """The address as reports write it: without a user name or password."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def section_of(url: str) -> str:
    """The part of a site a page is in, for a site summary: the first folder of its path
    ("/news" for /news/2026/board.html; "/" for a page at the top)."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return "/" + segments[0] if len(segments) > 1 else "/"


@dataclass(frozen=True)
class Page:
    url: str  # where it was found, after redirects
    text: str  # the page's HTML ("" for a document)
    unchanged: bool = False  # a 304: the stored text, as checked last time
    document: str | None = None  # ".pdf" or ".docx" for a document the site links to
    data: bytes = b""  # a document's bytes


class Fetcher:
    """One run's HTTP client, robots.txt rules, per-host pacing and conditional store."""

    def __init__(self, store: Path | None = None, contact: str | None = None, interval: float = 1.0,
                 in_flight: int = 2, connect_timeout: float = 10.0, read_timeout: float = 30.0,
                 max_bytes: int = MAX_BYTES, transport=None) -> None:
        import httpx

        self.httpx = httpx
        self.agent = f"{AGENT}/{__version__}" + (f" (+{contact})" if contact else "")
        self.client = httpx.Client(headers={"User-Agent": self.agent, "Accept": "text/html,*/*;q=0.1"},
                                   timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
                                   follow_redirects=False, transport=transport)
        self.interval = interval
        self.in_flight = in_flight
        self.max_bytes = max_bytes
        self._robots: dict[str, RobotFileParser | None] = {}
        self._hosts: dict[str, tuple[threading.Lock, threading.Semaphore]] = {}
        self._last: dict[str, float] = {}
        self._delays: dict[str, float] = {}  # a site's robots.txt Crawl-delay, by host
        self._lock = threading.Lock()
        self.store = _Store(store) if store is not None else None
        self.requests = 0  # made this run, for the report and the tests

    def close(self) -> None:
        self.client.close()
        if self.store is not None:
            self.store.close()

    # -- a page ------------------------------------------------------------------------------
    def fetch(self, url: str, documents: bool = False) -> Page:
        """The page at `url` (with `documents`, also a PDF or Word document), or FetchError."""
        stored = self.store.get(url) if self.store is not None else None
        headers = {}
        if stored:
            if stored["etag"]:
                headers["If-None-Match"] = stored["etag"]
            if stored["modified"]:
                headers["If-Modified-Since"] = stored["modified"]
        final, status, head, body = self._follow(url, headers)
        if status == 304 and stored:
            return Page(stored["final"], stored["text"], unchanged=True)
        if status != 200:
            raise FetchError(f"HTTP {status}" + (" (expected 200)" if status < 400 else ""))
        ctype = head.get("content-type", "")
        kind = ctype.split(";")[0].strip().lower()
        if documents and kind in DOCUMENT_TYPES:
            return Page(final, "", document=DOCUMENT_TYPES[kind], data=body)
        if kind not in PAGE_TYPES:
            raise FetchError(f"is {kind or 'of no stated type'}, not a web page")
        text = _decoded(body, ctype)
        if self.store is not None:
            self.store.put(url, head.get("etag"), head.get("last-modified"), final, text)
        return Page(final, text)

    def fetch_raw(self, url: str) -> bytes:
        """The body at `url` whatever its type (a sitemap), or FetchError."""
        _, status, _, body = self._follow(url, {})
        if status != 200:
            raise FetchError(f"HTTP {status}")
        return body

    def sitemaps(self, origin: str) -> list[str]:
        """The sitemaps the site's robots.txt names."""
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        return list(rules.site_maps() or []) if rules is not None else []

    def _follow(self, url: str, headers: dict) -> tuple[str, int, dict, bytes]:
        """GET `url`, following redirects by hand (each hop checked against robots.txt and
        the schemes plmsg reads); the final address, status, headers and body."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"only http and https addresses are read, not {parts.scheme}:")
        if not parts.hostname:
            raise FetchError("has no host name")
        seen = [url]
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._allowed(current)
            status, head, body = self._get(current, headers if current == url else {})
            if status not in (301, 302, 303, 307, 308):
                return current, status, head, body
            target = head.get("location")
            if not target:
                raise FetchError(f"redirect ({status}) without a Location")
            current = urljoin(current, target)
            if current in seen:
                raise FetchError(f"redirects in a loop ({' -> '.join(shown(u) for u in seen + [current])})")
            seen.append(current)
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchError(f"redirects to {shown(current)}, which is not http or https")
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _get(self, url: str, headers: dict) -> tuple[int, dict, bytes]:
        httpx = self.httpx
        host = urlsplit(url).netloc.lower()
        for attempt in range(RETRIES + 1):
            with self._host(host):
                try:
                    self.requests += 1
                    with self.client.stream("GET", url, headers=headers) as response:
                        head = {k.lower(): v for k, v in response.headers.items()}
                        status = response.status_code
                        length = head.get("content-length", "")
                        if length.isdigit() and int(length) > self.max_bytes:
                            raise FetchError(f"is {int(length) / 2**20:.1f} MB, over the "
                                             f"{self.max_bytes / 2**20:.0f} MB limit for a page")
                        body = bytearray()
                        if status == 200:
                            for chunk in response.iter_bytes():
                                body += chunk
                                if len(body) > self.max_bytes:
                                    raise FetchError(f"is over the {self.max_bytes / 2**20:.0f} MB limit for a page")
                except httpx.TimeoutException:
                    raise FetchError("timed out") from None
                except httpx.ConnectError as exc:
                    raise FetchError(_connect_error(exc)) from None
                except httpx.TooManyRedirects:  # pragma: no cover - redirects are followed here
                    raise FetchError("too many redirects") from None
                except httpx.HTTPError as exc:
                    raise FetchError(f"{type(exc).__name__}: {exc}") from None
            if (status == 429 or status >= 500) and attempt < RETRIES:
                time.sleep(_retry_after(head.get("retry-after"), attempt))
                continue
            return status, head, bytes(body)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- politeness --------------------------------------------------------------------------
    def _host(self, host: str):
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = (threading.Lock(), threading.Semaphore(self.in_flight))
            pace, slots = self._hosts[host]
        return _Slot(self, host, pace, slots)

    def _allowed(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        if rules is not None and not rules.can_fetch(AGENT, url):
            raise FetchError("is disallowed by the site's robots.txt")

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        try:
            status, _, body = self._get(origin + "/robots.txt", {})
        except FetchError:
            return None  # no answer: no rules (the page's own fetch will say what is wrong)
        rules = RobotFileParser(origin + "/robots.txt")
        if status in (401, 403):
            rules.disallow_all = True
        elif status >= 400:
            rules.allow_all = True
        else:
            rules.parse(body.decode("utf-8", "replace").splitlines())
            delay = rules.crawl_delay(AGENT)
            if delay:
                host = urlsplit(origin).netloc.lower()
                self._delays[host] = min(float(delay), 60.0)
        return rules

    def gap(self, host: str) -> float:
        return max(self.interval, self._delays.get(host, 0.0))


class _Slot:
    """One request to a host: a free slot of its in-flight limit, and its pace."""

    def __init__(self, fetcher: Fetcher, host: str, pace: threading.Lock, slots: threading.Semaphore) -> None:
        self.fetcher, self.host, self.pace, self.slots = fetcher, host, pace, slots

    def __enter__(self):
        self.slots.acquire()
        with self.pace:  # requests to one host start at least `gap` seconds apart
            last = self.fetcher._last.get(self.host)
            if last is not None:
                wait = last + self.fetcher.gap(self.host) - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            self.fetcher._last[self.host] = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        self.slots.release()


def _retry_after(value: str | None, attempt: int) -> float:
    """Seconds to wait before retrying: the server's Retry-After (capped), else 1, 2, 4 s."""
    if value:
        if value.strip().isdigit():
            return min(float(value.strip()), 60.0)
        when = email.utils.parsedate_to_datetime(value) if "," in value else None
        if when is not None:
            return max(0.0, min(when.timestamp() - time.time(), 60.0))
    return float(2 ** attempt)


def _connect_error(exc) -> str:
    text = str(exc)
    low = text.lower()
    if "ssl" in low or "certificate" in low or "tls" in low:
        return (f"TLS error ({text}); plmsg checks certificates and has no option to skip that: fix the "
                "site's certificate, or check a saved copy of the page")
    if "name or service not known" in low or "nodename nor servname" in low or "getaddrinfo" in low \
            or "name resolution" in low or "no address associated" in low:
        return "the host name could not be found (DNS)"
    if "refused" in low:
        return "the connection was refused"
    return f"could not connect ({text})"


def _decoded(body: bytes, ctype: str) -> str:
    """The page's text: the charset from the header, else from a <meta>, else UTF-8 (or
    Windows-1252 when it is not UTF-8)."""
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", ctype, re.I)
    charset = m.group(1) if m else None
    if charset is None:
        meta = _META_CHARSET.search(body[:4096])
        charset = meta.group(1).decode("ascii", "replace") if meta else None
    if charset:
        try:
            return body.decode(charset, errors="replace").lstrip("\ufeff")
        except LookupError:
            pass  # a charset Python does not know: read it as below
    try:
        return decode(body).text
    except InputError:
        return body.decode("utf-8", errors="replace")


class _Store:
    """ETag, Last-Modified and the text of each page fetched, in SQLite beside the cache."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.lock = threading.Lock()
        try:
            self.db = sqlite3.connect(folder / "web.sqlite", timeout=30, check_same_thread=False,
                                      isolation_level=None)
            self.db.execute("CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, etag TEXT, modified TEXT, "
                            "final TEXT NOT NULL, text BLOB NOT NULL)")
        except sqlite3.DatabaseError:
            self.db = None  # a damaged store only costs full downloads; it is left as it is

    def get(self, url: str) -> dict | None:
        if self.db is None:
            return None
        with self.lock:
            try:
                row = self.db.execute("SELECT etag, modified, final, text FROM pages WHERE url = ?", (url,)).fetchone()
            except sqlite3.DatabaseError:
                return None
        if row is None or not (row[0] or row[1]):
            return None
        try:
            text = zlib.decompress(row[3]).decode("utf-8", "surrogatepass")
        except (zlib.error, UnicodeDecodeError):
            return None
        return {"etag": row[0], "modified": row[1], "final": row[2], "text": text}

    def put(self, url: str, etag: str | None, modified: str | None, final: str, text: str) -> None:
        if self.db is None or not (etag or modified):
            return
        data = zlib.compress(text.encode("utf-8", "surrogatepass"), 6)
        with self.lock:
            try:
                self.db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?)", (url, etag, modified, final, data))
            except sqlite3.DatabaseError:
                pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
