"""Pages and feeds over HTTP, politely: robots.txt, a pause between requests to one host,
conditional GET, a download cap, and nothing but HTML pages and RSS/Atom feeds.

Redirects are followed here, hop by hop, so that every hop is checked against its site's
robots.txt and paced like a first request.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from importlib import metadata
from types import TracebackType
from typing import Literal
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ingest.readers import ReadError, decode
from newsdesk.settings import Settings

Kind = Literal["html", "feed"]
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")  # how an untyped body shows it is a feed
SNIFF_BYTES = 1024  # of an untyped body, looked at to tell a feed from a page or binary data
MAX_CRAWL_DELAY = 30.0  # seconds: a robots.txt Crawl-delay above this is capped, not obeyed whole


class FetchError(Exception):
    """A URL that could not be fetched, or was refused; the message says why in one line."""


@dataclass(frozen=True)
class Validators:
    """What a server said identifies the version it sent; sent back, it makes a GET conditional."""

    etag: str = ""
    last_modified: str = ""

    @classmethod
    def of(cls, response: httpx.Response) -> Validators:
        return cls(response.headers.get("etag", ""), response.headers.get("last-modified", ""))

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Page:
    """What one GET brought back: a page or a feed as text, or word that it has not changed."""

    url: str  # where it was found, after redirects
    kind: Kind | None  # None: not modified since the validators that were sent
    text: str
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.kind is None


def user_agent(contact: str) -> str:
    """`Newsdesk/<version> (+contact)`: names the software and, when set, who runs it."""
    try:
        version = metadata.version("newsdesk")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"Newsdesk/{version} (+{contact})" if contact else f"Newsdesk/{version} (news archive)"


@dataclass(frozen=True)
class _SiteRules:
    robots: RobotFileParser
    refusal: str = ""  # why nothing is fetched from the site this round (robots.txt unreachable)


class Fetcher:
    """One HTTP client for a command, or for a watch across its rounds. robots.txt is read once
    per site until `new_round`; the pause between requests to a host holds across rounds."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.user_agent = user_agent(settings.fetch_contact)
        self._client = httpx.Client(
            headers={"User-Agent": self.user_agent},
            timeout=httpx.Timeout(settings.fetch_timeout),
            follow_redirects=False,
        )
        self._sites: dict[str, _SiteRules] = {}
        self._delays: dict[str, float] = {}  # host -> its robots.txt Crawl-delay
        self._last_done: dict[str, float] = {}  # host -> when its last request ended

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def new_round(self) -> None:
        """Forget what robots.txt said, so the next request to each site reads it again."""
        self._sites.clear()

    def get(self, url: str, validators: Validators | None = None) -> Page:
        """A page or feed, conditionally when `validators` are given; FetchError says why not."""
        sent = validators or Validators()
        final, response, body = self._follow(url, sent.headers(), page=True)
        if response.status_code == 304:
            fresh = Validators.of(response)
            return Page(final, None, "", fresh if fresh != Validators() else sent)
        if not response.is_success:
            raise FetchError(f"GET {final}: {_status(response)}")
        mime = _mime(response)
        return Page(
            final,
            _kind(mime, body),
            _text(body, response.charset_encoding),
            Validators.of(response),
        )

    def _follow(
        self, url: str, headers: dict[str, str], *, page: bool
    ) -> tuple[str, httpx.Response, bytes]:
        """GET `url`, following redirects up to the limit; pages are checked against robots.txt
        at every hop (robots.txt itself is not)."""
        hop = url
        for _ in range(self.settings.fetch_max_redirects + 1):
            if urlsplit(hop).scheme not in ("http", "https"):
                raise FetchError(f"not an http(s) URL: {hop}")
            if page:
                self._check_robots(hop, url)
            response, body = self._request(hop, headers, page=page)
            if not response.has_redirect_location:
                return hop, response, body
            hop = urljoin(hop, response.headers["location"])
        raise FetchError(f"GET {url}: more than {self.settings.fetch_max_redirects} redirects")

    def _check_robots(self, hop: str, asked: str) -> None:
        rules = self._site_rules(hop)
        if rules.refusal:
            raise FetchError(rules.refusal)
        if not rules.robots.can_fetch(self.user_agent, hop):
            raise FetchError("disallowed by robots.txt" + ("" if hop == asked else f" ({hop})"))

    def _site_rules(self, url: str) -> _SiteRules:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._sites:
            self._sites[site] = self._read_robots(site, parts.netloc)
        return self._sites[site]

    def _read_robots(self, site: str, host: str) -> _SiteRules:
        """As RFC 9309 says: a 4xx answer means no rules; a 5xx or no answer at all means keep
        off the site for now (this round)."""
        url = f"{site}/robots.txt"
        robots = RobotFileParser(url)
        try:
            _, response, body = self._follow(url, {}, page=False)
        except FetchError as exc:
            skipped = f"robots.txt could not be read, so the site is skipped ({exc})"
            return _SiteRules(robots, skipped)
        if response.status_code >= 500:
            skipped = f"robots.txt answered {_status(response)}, so the site is skipped"
            return _SiteRules(robots, skipped)
        lines: list[str] = []  # no rules: everything allowed
        if response.is_success:
            with contextlib.suppress(ReadError):  # not text: no rules anyone could have meant
                lines = decode(body).text.splitlines()
        robots.parse(lines)
        delay = robots.crawl_delay(self.user_agent)
        if delay:
            self._delays[host] = min(float(delay), MAX_CRAWL_DELAY)
        return _SiteRules(robots)

    def _request(
        self, url: str, headers: dict[str, str], *, page: bool
    ) -> tuple[httpx.Response, bytes]:
        """One GET, after the host's pause; a successful body is read up to the size cap."""
        host = urlsplit(url).netloc
        self._pace(host)
        timeout = self.settings.fetch_timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if not response.is_success:
                    return response, b""
                if page:
                    self._check_headers(response)
                return response, self._read(response, url, time.monotonic() + timeout)
        except httpx.TimeoutException as exc:
            raise FetchError(f"GET {url}: timed out after {timeout:g} s") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchError(f"GET {url}: {_describe(exc)}") from exc
        finally:
            self._last_done[host] = time.monotonic()

    def _pace(self, host: str) -> None:
        last = self._last_done.get(host)
        if last is None:
            return
        gap = max(self.settings.fetch_host_interval, self._delays.get(host, 0.0))
        wait = last + gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _check_headers(self, response: httpx.Response) -> None:
        """Refuse, before downloading, what is neither a page nor a feed, or too big."""
        mime = _mime(response)
        if mime and mime not in HTML_TYPES and not mime.endswith("xml"):
            raise FetchError(f"refused: {mime} is not an HTML page or an RSS/Atom feed")
        length = response.headers.get("content-length", "")
        limit = self.settings.fetch_max_bytes
        if length.isdigit() and int(length) > limit:
            raise FetchError(
                f"refused: {_size(int(length))} is over the {_size(limit)} download limit"
            )

    def _read(self, response: httpx.Response, url: str, deadline: float) -> bytes:
        """The body, stopping as soon as it passes the size cap or the time limit."""
        limit = self.settings.fetch_max_bytes
        body = bytearray()
        for piece in response.iter_bytes():
            body += piece
            if len(body) > limit:
                raise FetchError(f"refused: larger than the {_size(limit)} download limit")
            if time.monotonic() > deadline:
                raise FetchError(f"GET {url}: timed out after {self.settings.fetch_timeout:g} s")
        return bytes(body)


def _status(response: httpx.Response) -> str:
    return f"{response.status_code} {response.reason_phrase}".strip()


def _mime(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _kind(mime: str, body: bytes) -> Kind:
    """HTML or a feed, by the declared type, else by the first bytes; binary data is refused."""
    head = body[:SNIFF_BYTES]
    if b"\x00" in head:
        raise FetchError("refused: binary content, not an HTML page or an RSS/Atom feed")
    if mime in HTML_TYPES:
        return "html"
    if mime or any(marker in head.lower() for marker in FEED_MARKERS):
        return "feed"  # an XML type (checked before the download) or a feed's root element
    return "html"


def _text(body: bytes, charset: str | None) -> str:
    """The declared charset, else UTF-8 or Windows-1252 as for files (ingest.readers.decode)."""
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass  # a charset Python does not know: guess as for an undeclared one
    try:
        return decode(body).text
    except ReadError as exc:
        raise FetchError(f"refused: {exc}") from exc


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB".replace(".0 MB", " MB") if n >= 1e6 else f"{n / 1e3:.0f} KB"


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"cannot connect ({text})" if isinstance(exc, httpx.ConnectError) else text


def absolute(base: str, link: str) -> str:
    """A feed item's link made absolute against the feed's own URL."""
    return urljoin(base, link.strip())
