"""Pages and feeds over real HTTP on loopback: limits, robots.txt, conditional GET, watch rounds.

The site is a real `ThreadingHTTPServer` whose pages a test changes between rounds; it records
every request with its headers. The store and the MiniLM model are real (the integration tests).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ingest.fetch import Fetcher, FetchError
from ingest.normalize import article_id
from ingest.watch import parse_every
from newsdesk.cli import main
from newsdesk.errors import InputError
from newsdesk.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
TIMEOUT_S = 1.0  # loopback answers in ms; 0.5 s once timed out on a loaded 2-core CI run
MAX_BYTES = 100_000
FAST_FETCH = {  # what every test's fetcher uses: short timeout, no pause, a small download cap
    "NEWSDESK_FETCH_TIMEOUT": str(TIMEOUT_S),
    "NEWSDESK_FETCH_HOST_INTERVAL": "0",
    "NEWSDESK_FETCH_MAX_BYTES": str(MAX_BYTES),
}
LIBRARY = [
    "The central library will open on Sundays from next month after the council approved extra"
    " funding for staff.",
    "Head librarian Ruth Okafor said weekend visits had doubled since the reading room was"
    " refurbished last spring.",
    "The new hours run from ten in the morning until four in the afternoon, and the children's"
    " section will host story readings.",
]
LIBRARY_UPDATE = (
    "Update: the council has since delayed the Sunday opening until the autumn, citing a"
    " shortage of trained staff."
)
BRIDGE = [
    "The old river bridge reopened to traffic on Monday after eight months of repairs.",
    "Engineers replaced the steel deck and strengthened the piers, the council said.",
    "A weight limit of seven tonnes will stay in place until the resurfacing is finished.",
]
MARKET = [
    "The weekly farmers market will move to the old station yard on Saturday, organisers said.",
    "Stallholders had asked for more space after the market grew to sixty traders this year.",
    "The station yard offers covered pitches and parking for two hundred cars, the council said.",
]


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0  # seconds before answering
    with_length: bool = True  # False: no Content-Length, the body ends when the connection does
    on_request: Callable[[], None] | None = None  # run as the request arrives


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    """What the loopback server serves (changeable between rounds) and every request it saw."""

    base: str = ""
    resources: dict[str, Resource] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            site.seen.append(Seen(self.path, dict(self.headers), time.monotonic()))
            # the client may hang up first (a timeout or a refused download), as it should
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer()

        def _answer(self) -> None:
            if self.path.startswith("/hop/"):  # /hop/N redirects N times, then the harbour page
                left = int(self.path.rsplit("/", 1)[1]) - 1
                self.send_response(302)
                self.send_header("Location", f"/hop/{left}" if left else "/news/harbour")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            res = site.resources.get(self.path)
            if res is None:
                self._send(404, b"<html><body>Not here.</body></html>", "text/html")
                return
            if res.on_request is not None:
                res.on_request()
            time.sleep(res.delay)
            etag, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            if (res.etag and etag == res.etag) or (
                res.last_modified and since == res.last_modified
            ):
                self.send_response(304)
                self.end_headers()
                return
            extra = {"ETag": res.etag, "Last-Modified": res.last_modified}
            self._send(200, res.body, res.content_type, res.with_length, extra)

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str,
            with_length: bool = True,
            extra: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if with_length:
                self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                if value:
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site(resources={"/robots.txt": robots("User-agent: *\nDisallow: /private/\n")})
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


@pytest.fixture
def fast_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in FAST_FETCH.items():
        monkeypatch.setenv(name, value)


def robots(text: str) -> Resource:
    return Resource(text.encode(), "text/plain")


def article_page(title: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"    <p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | Valley Gazette</title>
  <meta property="og:site_name" content="Valley Gazette">
  <meta name="author" content="Sam Reed">
  <meta property="article:published_time" content="2024-05-08T10:00:00+00:00">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/subscribe">Subscribe</a></nav>
  <article>
    <h1>{title}</h1>
{body}
  </article>
  <footer><p>© 2024 Valley Gazette. All rights reserved.</p></footer>
</body>
</html>""".encode()


def rss(site: Site, items: list[tuple[str, str, str]]) -> Resource:
    """An RSS feed of (title, path, summary) items."""
    entries = "".join(
        f"<item><title>{title}</title><link>{site.url(path)}</link>"
        f"<pubDate>Wed, 08 May 2024 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[{summary}]]></description></item>"
        for title, path, summary in items
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Valley Gazette</title><link>{site.base}/</link>{entries}</channel></rss>"
    )
    return Resource(text.encode(), "application/rss+xml", etag='"feed-1"')


def fetcher(tmp_path: Path, **overrides: Any) -> Fetcher:
    limits = {"fetch_timeout": TIMEOUT_S, "fetch_host_interval": 0, "fetch_max_bytes": MAX_BYTES}
    return Fetcher(Settings(store=tmp_path / "store", **{**limits, **overrides}))


# --- the fetcher on its own --------------------------------------------------------------------
BIG_PAGE = article_page("Long read", ["A paragraph of a very long article."] * 4000)
REFUSALS = {
    "/missing": (None, "GET {url}: 404 Not Found"),
    "/slow": (
        Resource(article_page("Slow", MARKET), delay=4 * TIMEOUT_S),
        f"GET {{url}}: timed out after {TIMEOUT_S:g} s",
    ),
    "/logo.png": (
        Resource(b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        "refused: image/png is not an HTML page or an RSS/Atom feed",
    ),
    "/blob": (Resource(b"\x89PNG\r\n\x1a\n\x00\x00" * 8, ""), "refused: binary content"),
    "/huge": (
        Resource(BIG_PAGE),
        f"refused: {len(BIG_PAGE) / 1e3:.0f} KB is over the 100 KB download limit",
    ),
    "/endless": (
        Resource(BIG_PAGE, with_length=False),
        "refused: larger than the 100 KB download limit",
    ),
    "/hop/6": (None, "GET {url}: more than 5 redirects"),
    "/private/memo": (Resource(article_page("Memo", MARKET)), "disallowed by robots.txt"),
}


@pytest.mark.parametrize("path", list(REFUSALS))
def test_a_page_that_fails_or_is_refused_says_why(tmp_path: Path, site: Site, path: str) -> None:
    resource, expected = REFUSALS[path]
    if resource is not None:
        site.resources[path] = resource
    with fetcher(tmp_path) as web, pytest.raises(FetchError) as caught:
        web.get(site.url(path))
    assert str(caught.value).startswith(expected.format(url=site.url(path)))
    if path == "/private/memo":
        assert not site.requests(path), "a disallowed page is never requested"


def test_redirects_are_followed_and_requests_name_newsdesk(tmp_path: Path, site: Site) -> None:
    site.resources["/news/harbour"] = Resource((DATA / "article.html").read_bytes())
    with fetcher(tmp_path) as web:
        page = web.get(site.url("/hop/5"))
    assert page.url == site.url("/news/harbour") and page.kind == "html"
    assert "revised pay offer" in page.text
    agents = {s.headers["User-Agent"] for s in site.seen}
    assert len(agents) == 1 and agents.pop().startswith("Newsdesk/0.1.0 (")


def test_robots_txt_is_read_once_per_site_per_round(tmp_path: Path, site: Site) -> None:
    for path in ("/a", "/b"):
        site.resources[path] = Resource(article_page(path, MARKET))
    with fetcher(tmp_path) as web:
        web.get(site.url("/a"))
        web.get(site.url("/b"))
        assert len(site.requests("/robots.txt")) == 1
        web.new_round()
        web.get(site.url("/a"))
    assert len(site.requests("/robots.txt")) == 2


def test_robots_crawl_delay_is_obeyed_and_a_site_without_an_answer_is_skipped(
    tmp_path: Path, site: Site
) -> None:
    site.resources["/a"] = Resource(article_page("A", MARKET))
    site.resources["/robots.txt"] = robots("User-agent: *\nCrawl-delay: 1\n")
    with fetcher(tmp_path) as web:
        web.get(site.url("/a"))
    robots_at, page_at = (s.at for s in site.seen)
    assert page_at - robots_at >= 0.98

    site.resources["/robots.txt"] = Resource(b"", "text/plain", delay=4 * TIMEOUT_S)
    with fetcher(tmp_path) as web, pytest.raises(FetchError, match="robots.txt could not be read"):
        web.get(site.url("/a"))


def test_requests_to_one_host_are_spaced(tmp_path: Path, site: Site) -> None:
    for path in ("/a", "/b", "/c"):
        site.resources[path] = Resource(article_page(path, MARKET))
    with fetcher(tmp_path, fetch_host_interval=0.3) as web:
        for path in ("/a", "/b", "/c"):
            web.get(site.url(path))
    times = [s.at for s in site.seen]  # robots.txt, then the three pages
    assert len(times) == 4
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.29


def test_a_second_get_with_validators_is_not_modified(tmp_path: Path, site: Site) -> None:
    lm = formatdate(usegmt=True)
    site.resources["/tagged"] = Resource(article_page("T", MARKET), etag='"v1"')
    site.resources["/dated"] = Resource(article_page("D", MARKET), last_modified=lm)
    with fetcher(tmp_path) as web:
        for path in ("/tagged", "/dated"):
            first = web.get(site.url(path))
            again = web.get(site.url(path), first.validators)
            assert not first.not_modified and again.not_modified and again.text == ""
    assert site.requests("/tagged")[1].headers["If-None-Match"] == '"v1"'
    assert site.requests("/dated")[1].headers["If-Modified-Since"] == lm


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600)])
def test_every_reads_seconds_minutes_and_hours(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["0s", "15", "2d", "1.5h", ""])
def test_every_refuses_what_is_not_an_interval(text: str) -> None:
    with pytest.raises(InputError, match="like 30s, 15m or 1h"):
        parse_every(text)


# --- the commands, with the real store and model -----------------------------------------------
def news_site(site: Site) -> None:
    """A feed of four items: a page with ETag, a page with Last-Modified, a page that is not
    there (the feed has its summary) and a page that times out (no summary)."""
    site.resources["/news/harbour"] = Resource((DATA / "article.html").read_bytes(), etag='"h1"')
    site.resources["/news/library"] = Resource(
        article_page("City library extends weekend opening hours", LIBRARY),
        last_modified="Wed, 08 May 2024 10:00:00 GMT",
    )
    site.resources["/news/slow"] = Resource(article_page("Slow", MARKET), delay=4 * TIMEOUT_S)
    site.resources["/feed.xml"] = rss(
        site,
        [
            ("Port strike ends", "/news/harbour", "Dock workers went back to work."),
            ("Library opens on Sundays", "/news/library", "The library will open on Sundays."),
            (
                "Bridge reopens after repairs",
                "/news/bridge",
                "<p>The old river bridge reopened to traffic on Monday after eight months of"
                " repairs.</p>",
            ),
            ("Slow story", "/news/slow", ""),
        ],
    )


def new_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A store made the way the contract makes one (only `ingest` creates a store)."""
    seed = tmp_path / "seed.txt"
    seed.write_text("Allotments open\nThe town's new allotments opened on Saturday.\n")
    store = str(tmp_path / "s")
    assert main(["--store", store, "ingest", str(seed)]) == 0
    capsys.readouterr()
    return store


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    out = capsys.readouterr().out
    if "watch" in argv:  # one JSON line per round
        return code, [json.loads(line) for line in out.splitlines()]
    return code, json.loads(out)


def stored(capsys: pytest.CaptureFixture[str], store: str, url: str) -> dict[str, Any]:
    code, article = run_json(capsys, "--store", store, "show", article_id("", url, ""), "--json")
    assert code == 0
    return dict(article)


@pytest.mark.integration
@pytest.mark.usefixtures("fast_fetch")
def test_ingest_takes_pages_feeds_and_files_together(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    news_site(site)
    site.resources["/news/market"] = Resource(article_page("Market moves", MARKET))
    local = tmp_path / "note.txt"
    local.write_text("Council note\nThe council meets on Thursday to set the budget.\n")
    store = str(tmp_path / "s")
    sources = [site.url("/feed.xml"), site.url("/news/market"), str(local)]
    code, report = run_json(
        capsys, "--store", store, "ingest", *sources, site.url("/private/memo"), "--json"
    )
    assert code == 1
    assert (report["added"], report["updated"], report["unchanged"]) == (5, 0, 0)
    failed = {f["path"]: f["error"] for f in report["failed"]}
    assert failed == {
        site.url("/news/slow"): f"GET {site.url('/news/slow')}: timed out after {TIMEOUT_S:g} s",
        site.url("/private/memo"): "disallowed by robots.txt",
    }
    [warning] = report["warnings"]
    assert warning["path"] == site.url("/news/bridge")
    assert warning["warning"].startswith(f"GET {site.url('/news/bridge')}: 404 Not Found")
    assert not site.requests("/private/memo")

    library = stored(capsys, store, site.url("/news/library"))
    assert "Ruth Okafor" in library["text"], "the page, not the feed's one-line summary"
    assert library["title"] == "City library extends weekend opening hours"
    assert library["source"] == "Valley Gazette" and library["url"] == site.url("/news/library")
    bridge = stored(capsys, store, site.url("/news/bridge"))
    assert bridge["text"].startswith("The old river bridge reopened"), "the feed's summary"
    harbour = stored(capsys, store, "https://harbourtimes.example/2024/03/port-strike-ends")
    assert "revised pay offer" in harbour["text"]


@pytest.mark.integration
@pytest.mark.usefixtures("fast_fetch")
def test_a_second_round_asks_conditionally_and_stores_nothing_again(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    news_site(site)
    store = new_store(tmp_path, capsys)
    watch = ["watch", site.url("/feed.xml"), "--rounds", "2", "--every", "1s", "--json"]
    code, rounds = run_json(capsys, "--store", store, *watch)
    assert code == 1, "the slow page still fails in the last round"
    first, second = rounds
    assert (first["round"], first["added"], len(first["failed"])) == (1, 3, 1)
    assert (second["added"], second["updated"], second["unchanged"], second["chunks"]) == (
        0,
        0,
        2,  # the two stored pages; the bridge and the slow page are tried again
        0,
    )
    assert [f["path"] for f in second["failed"]] == [site.url("/news/slow")]
    assert len(site.requests("/news/slow")) == 2 and len(site.requests("/news/bridge")) == 2
    feed_asks = site.requests("/feed.xml")
    assert "If-None-Match" not in feed_asks[0].headers
    assert feed_asks[1].headers["If-None-Match"] == '"feed-1"'
    assert len(site.requests("/news/harbour")) == 1, "an unchanged feed's stored pages are kept"


@pytest.mark.integration
@pytest.mark.usefixtures("fast_fetch")
def test_watch_state_survives_a_restart_and_ctrl_c_stops_it(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    news_site(site)
    store = new_store(tmp_path, capsys)
    main(["--store", store, "watch", site.url("/feed.xml"), "--rounds", "1", "--json"])
    capsys.readouterr()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "--store", store, "watch", site.url("/feed.xml")]
        + ["--every", "1h", "--json"],
        cwd=ROOT,
        env={**os.environ, **FAST_FETCH, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        round_one = json.loads(proc.stdout.readline())  # then it sleeps for an hour
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0 and "watch stopped" in err
    assert (round_one["added"], round_one["unchanged"], round_one["chunks"]) == (0, 2, 0)
    assert site.requests("/feed.xml")[-1].headers["If-None-Match"] == '"feed-1"'


@pytest.mark.integration
@pytest.mark.usefixtures("fast_fetch")
def test_a_page_changed_upstream_replaces_the_stored_article(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    news_site(site)
    store = new_store(tmp_path, capsys)
    watch = ["--store", store, "watch", site.url("/feed.xml"), "--rounds", "1", "--json"]
    run_json(capsys, *watch)

    site.resources["/news/library"] = Resource(
        article_page("City library delays Sunday opening", [LIBRARY_UPDATE, *LIBRARY]),
        last_modified="Thu, 09 May 2024 08:00:00 GMT",
    )
    site.resources["/news/bridge"] = Resource(article_page("Bridge reopens", BRIDGE))
    site.resources["/news/slow"].delay = 0
    site.resources["/feed.xml"].etag = '"feed-2"'  # the feed changed too (its item dates would)
    code, [report] = run_json(capsys, *watch)

    assert code == 0 and report["failed"] == [] and report["warnings"] == []
    assert (report["added"], report["updated"], report["unchanged"]) == (1, 2, 1)
    harbour_asks = site.requests("/news/harbour")
    assert harbour_asks[-1].headers["If-None-Match"] == '"h1"', "unchanged pages: a 304"
    library_asks = site.requests("/news/library")
    assert library_asks[-1].headers["If-Modified-Since"] == "Wed, 08 May 2024 10:00:00 GMT"
    library = stored(capsys, store, site.url("/news/library"))
    assert library["title"] == "City library delays Sunday opening"
    assert library["text"].count("delayed the Sunday opening") == 1
    bridge = stored(capsys, store, site.url("/news/bridge"))
    assert "weight limit" in bridge["text"], "the page replaced the feed's summary"
    code, articles = run_json(capsys, "--store", store, "articles", "--json")
    assert len([a for a in articles if a["url"]]) == 4  # and the seed article


@pytest.mark.integration
@pytest.mark.usefixtures("fast_fetch")
def test_a_page_stored_under_its_own_url_replaces_the_feed_summary_stood_in_for_it(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.resources["/feed.xml"] = rss(
        site, [("Port strike ends", "/news/port", "Dock workers went back to work on Thursday.")]
    )
    store = new_store(tmp_path, capsys)
    watch = ["--store", store, "watch", site.url("/feed.xml"), "--rounds", "1", "--json"]
    _, [first] = run_json(capsys, *watch)
    assert first["added"] == 1 and "404 Not Found" in first["warnings"][0]["warning"]

    # the page names its own URL (og:url), so it is stored under another id than the summary
    site.resources["/news/port"] = Resource((DATA / "article.html").read_bytes())
    code, [second] = run_json(capsys, *watch)
    assert code == 0 and second["added"] == 1 and second["warnings"] == []
    _, articles = run_json(capsys, "--store", store, "articles", "--json")
    urls = [a["url"] for a in articles if a["url"]]  # the seed article has none
    assert urls == ["https://harbourtimes.example/2024/03/port-strike-ends"]


@pytest.mark.integration
@pytest.mark.usefixtures("fast_fetch")
def test_a_long_feed_is_stored_in_batches_while_it_is_fetched(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import ingest.web

    monkeypatch.setattr(ingest.web, "WRITE_PAGES", 1)
    store = new_store(tmp_path, capsys)
    stored_before_last: list[int] = []

    def count_stored() -> None:
        with contextlib.closing(sqlite3.connect(Path(store) / "catalog.sqlite3")) as db:
            stored_before_last.append(db.execute("SELECT count(*) FROM articles").fetchone()[0])

    pages = [
        ("Library opens Sundays", LIBRARY),
        ("Bridge reopens", BRIDGE),
        ("Market moves", MARKET),
    ]
    for n, (title, text) in enumerate(pages):
        site.resources[f"/news/{n}"] = Resource(article_page(title, text))
    site.resources["/news/2"].on_request = count_stored
    site.resources["/feed.xml"] = rss(
        site, [(t, f"/news/{n}", "") for n, (t, _) in enumerate(pages)]
    )
    code, report = run_json(capsys, "--store", store, "ingest", site.url("/feed.xml"), "--json")
    assert code == 0 and report["added"] == 3
    assert stored_before_last == [3], "the seed and the first two pages, before the last one"
