"""Live pages: plmsg check URL, politely. A fixture site on 127.0.0.1; nothing else."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from plmsg.web import FetchError, Fetcher, is_url, shown

PAGE = ("<!doctype html><html><head><title>Learning | District</title></head><body>"
        "<nav><a href='/mtss'>MTSS</a> <a href='/pbis'>PBIS</a></nav>"
        "<main><h1>Learning plans</h1><p>We will leverage what each student tells us about their goals.</p></main>"
        "<footer>All rights reserved.</footer></body></html>")


def reply(handler, status, ctype, body, headers=()) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    for k, v in headers:
        handler.send_header(k, v)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class Site(BaseHTTPRequestHandler):
    hits: dict = {}
    full: dict = {}

    def log_message(self, *args):  # quiet
        pass

    def send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        reply(self, status, ctype, body, headers)

    def do_GET(self):  # noqa: N802 - the standard library's name
        path = self.path
        Site.hits[path] = Site.hits.get(path, 0) + 1
        Site.agents = getattr(Site, "agents", []) + [self.headers.get("User-Agent")]
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/page":
            if self.headers.get("If-None-Match") == '"v1"':
                return self.send(304, headers=[("ETag", '"v1"')])
            Site.full[path] = Site.full.get(path, 0) + 1
            return self.send(200, PAGE.encode(), headers=[("ETag", '"v1"')])
        if path == "/private/notes":
            return self.send(200, PAGE.encode())
        if path == "/missing":
            return self.send(404, b"gone")
        if path == "/flaky":
            return self.send(500 if Site.hits[path] == 1 else 200, PAGE.encode())
        if path == "/busy":
            return self.send(429 if Site.hits[path] == 1 else 200, PAGE.encode(), headers=[("Retry-After", "0")])
        if path.startswith("/r") and path[2:].isdigit():
            n = int(path[2:])
            return self.send(302, headers=[("Location", f"/r{n + 1}" if n < 2 else "/page")])
        if path in ("/loop1", "/loop2"):
            return self.send(302, headers=[("Location", "/loop2" if path == "/loop1" else "/loop1")])
        if path == "/far":
            return self.send(302, headers=[("Location", "/r0" if Site.hits[path] else "/r0")])
        if path == "/slow":
            time.sleep(1.5)
            return self.send(200, PAGE.encode())
        if path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(30):
                    self.wfile.write(b"<p>" + b"x" * (2**20 - 7) + b"</p>\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/latin":
            return self.send(200, "<main><p>Le café des élèves.</p></main>".encode("latin-1"),
                             "text/html; charset=iso-8859-1")
        if path == "/meta":
            return self.send(200, '<meta charset="windows-1252"><main><p>Students’ goals.</p></main>'
                             .encode("cp1252"), "text/html")
        if path == "/picture.png":
            return self.send(200, b"\x89PNG", "image/png")
        return self.send(404, b"no")


@pytest.fixture
def site():
    Site.hits, Site.full, Site.agents = {}, {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetcher(tmp_path=None, **kw):
    return Fetcher(store=tmp_path, interval=0.01, read_timeout=kw.pop("read_timeout", 0.8), contact="web@example.org",
                   **kw)


@pytest.mark.parametrize("path, outcome", [
    ("/page", "Learning plans"),
    ("/r0", "Learning plans"),  # r0 -> r1 -> r2 -> page
    ("/flaky", "Learning plans"),  # 500, then 200 on the retry
    ("/busy", "Learning plans"),  # 429 with Retry-After: 0, then 200
    ("/latin", "Le café des élèves."),
    ("/meta", "Students’ goals."),
    ("/missing", "HTTP 404"),
    ("/private/notes", "is disallowed by the site's robots.txt"),
    ("/loop1", "redirects in a loop"),
    ("/slow", "timed out"),
    ("/huge", "over the 10 MB limit for a page"),
    ("/picture.png", "is image/png, not a web page"),
])
def test_a_page_or_a_reason(site, path, outcome):
    client = fetcher()
    started = time.monotonic()
    try:
        try:
            page = client.fetch(site + path)
        except FetchError as exc:
            assert outcome in str(exc) and "\n" not in str(exc)
        else:
            assert outcome in page.text
    finally:
        client.close()
    assert time.monotonic() - started < 10
    assert all(a == f"plmsg/{__import__('plmsg').__version__} (+web@example.org)" for a in Site.agents)


def test_a_404_is_never_retried_and_robots_is_read_once(site):
    client = fetcher()
    for _ in range(3):
        with pytest.raises(FetchError):
            client.fetch(site + "/missing")
    client.close()
    assert Site.hits["/missing"] == 3 and Site.hits["/robots.txt"] == 1


def test_requests_to_a_host_are_paced(site):
    client = Fetcher(interval=0.3, read_timeout=2)
    started = time.monotonic()
    for _ in range(3):
        client.fetch(site + "/page")
    client.close()
    assert time.monotonic() - started >= 0.9  # robots.txt and three pages, 0.3 s apart


def test_an_unchanged_page_costs_one_conditional_request(site, tmp_path):
    first = fetcher(tmp_path)
    assert not first.fetch(site + "/page").unchanged
    first.close()
    again = fetcher(tmp_path)
    page = again.fetch(site + "/page")
    again.close()
    assert page.unchanged and "Learning plans" in page.text and Site.full["/page"] == 1


@pytest.mark.parametrize("error, message", [
    (httpx.ConnectError("[Errno -2] Name or service not known"), "the host name could not be found (DNS)"),
    (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
     "TLS error ([SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed); plmsg checks certificates"),
])
def test_dns_and_tls_failures_say_so(error, message):
    def fail(request):
        raise error

    client = Fetcher(interval=0.01, transport=httpx.MockTransport(fail))
    with pytest.raises(FetchError) as caught:
        client.fetch("https://district.invalid/page")
    client.close()
    assert message in str(caught.value)


def test_addresses():
    assert is_url("https://a.org/x") and is_url("ftp://a.org") and not is_url("C:\\site\\a.md")
    assert not is_url("site/a.md")
    assert shown("https://user:secret@a.org:8443/p?q=1") == "https://a.org:8443/p?q=1"


def test_check_a_url(cli, site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".plmsg.yaml").write_text("web: {interval: 0.01, timeout: 2}\n", encoding="utf-8")
    url = site + "/page"
    out = json.loads(cli("check", url, "--format", "json", "--select", "jargon").stdout)
    (entry,) = out["files"]
    assert entry["path"] == url
    (finding,) = entry["diagnostics"]  # MTSS and PBIS are in the menu: not the page's prose
    assert finding["text"] == "leverage" and PAGE[finding["start"]:finding["end"]] == "leverage"
    assert finding["line"] == 1 and finding["column"] == PAGE.index("leverage") + 1
    sarif = json.loads(cli("check", url, "--format", "sarif", "--select", "jargon").stdout)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert location == url
    page = cli("check", url, "--format", "html", "--select", "jargon").stdout
    assert f'<a href="{url}"' in page
    full = Site.full["/page"]
    again = cli("check", url, "--format", "json", "--select", "jargon")
    assert json.loads(again.stdout)["files"][0]["diagnostics"] == entry["diagnostics"]
    assert Site.full["/page"] == full  # the ETag: nothing downloaded again
    secret = site.replace("http://", "http://ann:pw@") + "/page"
    shown_path = json.loads(cli("check", secret, "--format", "json").stdout)["files"][0]["path"]
    assert "pw" not in shown_path and shown_path == url


def test_fetch_failures_are_listed_and_exit_on_request(cli, site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".plmsg.yaml").write_text("web: {interval: 0.01, timeout: 2}\n", encoding="utf-8")
    result = cli("check", site + "/missing", site + "/page", "--format", "json", "--select", "jargon",
                 "--fail-on", "never")
    assert result.exit_code == 0
    errors = [f["error"] for f in json.loads(result.stdout)["files"]]
    assert errors[0] == f"{site}/missing: HTTP 404" and errors[1] is None
    strict = cli("check", site + "/missing", "--fail-on-fetch-error", "--format", "json")
    assert strict.exit_code == 2
    other = cli("check", "ftp://example.org/a", "--format", "json")
    assert "only http and https addresses are read, not ftp:" in json.loads(other.stdout)["files"][0]["error"]
    fixing = cli("check", site + "/page", "--fix")
    assert fixing.exit_code == 2 and "site's editor" in fixing.output


def test_bad_web_config_is_one_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".plmsg.yaml").write_text("web:\n  interval: -1\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("Hello.\n", encoding="utf-8")
    result = cli("check", "a.md")
    assert result.exit_code == 2 and ".plmsg.yaml:2: web.interval: expected a number above 0" in result.output


# -- whole sites -------------------------------------------------------------------------------
import gzip  # noqa: E402

from documents import pdf  # noqa: E402


def serve(routes):
    """A fixture site: routes(path, handler) returns (status, content type, body, headers)."""

    class Handler(BaseHTTPRequestHandler):
        full: dict = {}

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            origin = f"http://{self.headers.get('Host')}"
            status, ctype, body, headers = routes(self.path, origin, self.headers)
            if status == 200:
                Handler.full[self.path] = Handler.full.get(self.path, 0) + 1
            reply(self, status, ctype, body, headers)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, Handler, f"http://127.0.0.1:{server.server_address[1]}"


def html_page(title, links=()):
    nav = "".join(f'<a href="{href}">{href}</a> ' for href in links)
    return (f"<html><body><nav>{nav} MTSS</nav><main><h1>{title}</h1><p>Students will utilize their plans "
            f"with a teacher each week.</p></main><footer>All rights reserved.</footer></body></html>").encode()


def urlset(urls):
    body = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'.encode()


def mapped_site(path, origin, headers):
    h = [("ETag", '"1"')]
    if headers.get("If-None-Match") == '"1"' and not path.endswith((".xml", ".gz", ".txt")):
        return 304, "text/html", b"", h
    if path == "/robots.txt":
        return 200, "text/plain", (f"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.02\n"
                                   f"Sitemap: {origin}/sitemap_index.xml\n").encode(), []
    if path == "/sitemap_index.xml":
        return 200, "application/xml", (
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{origin}/sitemap-pages.xml.gz</loc></sitemap>"
            f"<sitemap><loc>{origin}/sitemap-news.xml</loc></sitemap></sitemapindex>").encode(), []
    if path == "/sitemap-pages.xml.gz":
        return 200, "application/gzip", gzip.compress(urlset([
            f"{origin}/", f"{origin}/learning/plans", f"{origin}/private/staff", f"{origin}/files/handbook.pdf"])), []
    if path == "/sitemap-news.xml":
        return 200, "application/xml", urlset([f"{origin}/news/2026/fall", f"{origin}/news/2026/board"]), []
    if path == "/files/handbook.pdf":
        return 200, "application/pdf", pdf([["Handbook", "Students will utilize their plans every week."]]), []
    if path in ("/", "/learning/plans", "/news/2026/fall", "/news/2026/board", "/private/staff"):
        return 200, "text/html; charset=utf-8", html_page(path), h
    return 404, "text/html", b"no", []


@pytest.fixture
def mapped():
    server, handler, origin = serve(mapped_site)
    yield origin, handler
    server.shutdown()
    server.server_close()


def crawl_json(cli, *args):
    result = cli("crawl", *args, "--format", "json", "--select", "jargon")
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout)


def test_crawl_reads_the_sitemaps(cli, mapped, tmp_path, monkeypatch):
    origin, handler = mapped
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".plmsg.yaml").write_text("web: {interval: 0.01, timeout: 5}\n", encoding="utf-8")
    result, data = crawl_json(cli, origin + "/")
    assert result.exit_code == 1  # findings; the disallowed page is listed, not a failure of the run
    files = {f["path"].replace(origin, ""): f for f in data["files"]}
    assert set(files) == {"/", "/learning/plans", "/private/staff", "/files/handbook.pdf", "/news/2026/fall",
                          "/news/2026/board"}
    assert "disallowed by the site's robots.txt" in files["/private/staff"]["error"]
    assert [d["text"] for d in files["/learning/plans"]["diagnostics"]] == ["utilize"]  # not MTSS: the menu
    assert [d["text"] for d in files["/files/handbook.pdf"]["diagnostics"]] == ["utilize"]
    assert files["/files/handbook.pdf"]["diagnostics"][0]["page"] == 1
    assert data["summary"]["sections"]["/news"] == {"pages": 2, "failed": 0, "with_findings": 2, "findings": 2}
    assert "6 pages found, 6 fetched, 6 checked" in result.stderr
    fetched = dict(handler.full)
    again, data2 = crawl_json(cli, origin + "/")
    assert [f["diagnostics"] for f in data2["files"]] == [f["diagnostics"] for f in data["files"]]
    pages = [p for p in fetched if not p.endswith((".xml", ".gz", ".txt", ".pdf"))]
    assert all(handler.full[p] == fetched[p] for p in pages)  # unchanged pages: 304s only


def test_crawl_include_and_shards(cli, mapped, tmp_path, monkeypatch):
    origin, _ = mapped
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".plmsg.yaml").write_text("web: {interval: 0.01, timeout: 5}\n", encoding="utf-8")
    _, news = crawl_json(cli, origin + "/", "--include", "/news/**")
    assert sorted(f["path"].replace(origin, "") for f in news["files"]) == ["/news/2026/board", "/news/2026/fall"]
    halves = [crawl_json(cli, origin + "/", "--shard", f"{k}/2")[1] for k in (1, 2)]
    paths = [{f["path"] for f in h["files"]} for h in halves]
    assert not paths[0] & paths[1] and len(paths[0] | paths[1]) == 6
    bad = cli("crawl", origin + "/", "--include", "re:([")
    assert bad.exit_code == 2 and "invalid regular expression" in bad.output


def linked_site(path, origin, headers):
    if path == "/robots.txt":
        return 404, "text/plain", b"", []
    if path == "/sitemap.xml":
        return 200, "application/xml", b"this is not xml <<<", []
    if path.startswith("/self/"):
        n = int(path.split("/")[2])
        return 200, "text/html", html_page(f"Page {n}", [f"/self/{n + 1}", "/self/1", "#top", "mailto:x@y.org",
                                                          "https://elsewhere.example/"]), []
    if path == "/":
        return 200, "text/html", html_page("Home", ["/self/1", "/logo.png"]), []
    return 404, "text/html", b"no", []


def test_crawl_follows_links_when_the_sitemap_is_not_xml_and_stops_at_the_limit(cli, tmp_path, monkeypatch):
    server, handler, origin = serve(linked_site)
    try:
        monkeypatch.chdir(tmp_path)
        (tmp_path / ".plmsg.yaml").write_text("web: {interval: 0.01, timeout: 5}\n", encoding="utf-8")
        result, data = crawl_json(cli, origin + "/", "--max-pages", "8", "--depth", "50")
    finally:
        server.shutdown()
        server.server_close()
    assert len(data["files"]) == 8
    assert "sitemap " in result.stderr and "is not XML" in result.stderr and "following links" in result.stderr
    assert "stopped at 8 pages (--max-pages)" in result.stderr
    assert "/logo.png" not in handler.full and not any("elsewhere" in p for p in handler.full)


def test_a_sitemap_of_a_hundred_thousand_pages_stops_at_the_limit(cli, tmp_path, monkeypatch):
    def big(path, origin, headers):
        if path == "/robots.txt":
            return 200, "text/plain", f"Sitemap: {origin}/big.xml\n".encode(), []
        if path == "/big.xml":
            return 200, "application/xml", urlset([f"{origin}/p/{i}" for i in range(100_000)]), []
        return 200, "text/html", html_page(path), []

    server, _, origin = serve(big)
    try:
        monkeypatch.chdir(tmp_path)
        (tmp_path / ".plmsg.yaml").write_text("web: {interval: 0.01, timeout: 10}\n", encoding="utf-8")
        result, data = crawl_json(cli, origin + "/", "--max-pages", "5")
    finally:
        server.shutdown()
        server.server_close()
    assert len(data["files"]) == 5
    assert "the sitemaps list more than 120 pages; checked the first 5 (--max-pages)" in result.stderr


def test_crawl_delay_and_record(cli, mapped, tmp_path, monkeypatch):
    origin, _ = mapped
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".plmsg.yaml").write_text("web: {interval: 0.01, timeout: 5}\n", encoding="utf-8")
    result, _ = crawl_json(cli, origin + "/", "--record")
    assert "recorded run 1 (5 drafts)" in result.stderr  # the disallowed page is not a draft
    assert "plmsg check --record" not in cli("trend").stderr


def test_a_robots_crawl_delay_paces_the_host():
    def slow_site(path, origin, headers):
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: plmsg\nCrawl-delay: 1\nDisallow:\n", []
        return 200, "text/html", html_page(path), []

    server, _, origin = serve(slow_site)
    try:
        client = Fetcher(interval=0.01, read_timeout=5)
        client.fetch(origin + "/a")
        assert client.gap(origin.split("//")[1]) == 1.0
        started = time.monotonic()
        client.fetch(origin + "/b")
        assert time.monotonic() - started >= 0.9
        client.close()
    finally:
        server.shutdown()
        server.server_close()


def test_crawl_refuses_what_is_not_a_site(cli):
    result = cli("crawl", "site/")
    assert result.exit_code == 2 and "give the site's http or https address" in result.output
