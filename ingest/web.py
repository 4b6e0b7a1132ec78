"""Web pages and feeds into the store: fetch (conditionally), read, ingest, remember.

A feed's items are fetched as article pages; an item's summary from the feed is stored only
while its page cannot be had, and the page is tried again on the next round. What was stored
before is never replaced by less: a stored page whose fetch fails stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.fetch import Fetcher, FetchError, Page, Validators, absolute
from ingest.models import ArticleDraft, IngestReport
from ingest.normalize import normalise
from ingest.pipeline import ingest_drafts
from ingest.readers import ReadError, read_feed, read_html
from ingest.store import Store
from ingest.webstate import FeedState, PageState, WebState

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# Pages stored per write while a feed's items are still being fetched: with a polite second
# between requests to one host, a 200-item feed takes minutes to fetch, and its first pages are
# answerable after one batch rather than after the last page.
WRITE_PAGES = 16
FEED_FIELDS = ("title", "source", "author", "published_at", "category")  # a page's gaps filled


def is_url(source: str) -> bool:
    """Whether a command-line source is a URL (anything with a scheme) rather than a path."""
    return bool(_URL.match(source))


def ingest_sources(
    paths: Sequence[Path],
    urls: Sequence[str],
    store: Store,
    *,
    fetcher: Fetcher | None = None,
    state: WebState | None = None,
    progress: bool = False,
) -> IngestReport:
    """Fetch the URLs (pages or feeds) and ingest them, WRITE_PAGES at a time and the files with
    the last ones, remembering what was stored so the next fetch is conditional. Fetching holds
    no store lock; each write takes it for as long as it stores its batch."""
    report = IngestReport()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(store.settings)
    own_state = state is None
    state = state or WebState(Path(store.settings.store))
    try:

        def write(visit: _Visit, final: bool) -> None:
            chosen = paths if final else ()
            ingest_drafts(visit.drafts, store, report, paths=chosen, progress=progress)
            _remember(visit, state, store, report, final)
            visit.drafts.clear()
            visit.pages.clear()

        visit = _Visit(fetcher, state, store, report, write)
        for url in dict.fromkeys(urls):
            visit.source(url)
        write(visit, final=True)
    finally:
        if own_fetcher:
            fetcher.close()
        if own_state:
            state.close()
    return report


@dataclass
class _Visit:
    """One pass over the URLs: the drafts to ingest, and what to remember once they are stored."""

    fetcher: Fetcher
    state: WebState
    store: Store
    report: IngestReport
    write: Callable[[_Visit, bool], None]  # stores the drafts so far (True: the last time)
    drafts: list[ArticleDraft] = field(default_factory=list)
    pages: dict[str, PageState] = field(default_factory=dict)
    feeds: dict[str, FeedState] = field(default_factory=dict)
    superseded: dict[str, str] = field(default_factory=dict)  # link -> summary article replaced

    def source(self, url: str) -> None:
        """A URL from the command line: a feed or a page, known from an earlier round or not."""
        feed, known = self.state.feed(url), self._stored_page(url)
        sent = feed.validators if feed else known.validators if known else None
        try:
            page = self.fetcher.get(url, sent)
        except FetchError as exc:
            self._fail(url, str(exc))
            return
        if page.not_modified and feed:
            self._revisit_feed(feed, page.validators)
        elif page.not_modified:
            self.report.unchanged += 1
        elif page.kind == "feed":
            self._read_feed(url, page)
        else:
            try:
                self._take(url, read_html(page.text, url, page.url), page.validators)
            except ReadError as exc:
                self._fail(url, str(exc))

    def _read_feed(self, url: str, page: Page) -> None:
        try:
            entries = read_feed(page.text, url)
        except ReadError as exc:
            self._fail(url, str(exc))
            return
        before = self.state.feed(url)
        items: dict[str, ArticleDraft] = {}
        for entry in entries:
            if entry.url:
                link = absolute(page.url, entry.url)
                items.setdefault(link, replace(entry, url=link, origin=link))
            else:
                self.drafts.append(entry)  # no page to fetch: the feed's text is the article
        retry: dict[str, str] = {}
        for link, entry in items.items():
            self._item(link, entry, before.retry.get(link, "") if before else "", retry)
        self.feeds[url] = FeedState(url, page.validators, tuple(items), retry)

    def _revisit_feed(self, feed: FeedState, validators: Validators) -> None:
        """An unchanged feed: only items to try again, or whose article is gone, are fetched."""
        retry: dict[str, str] = {}
        for link in feed.items:
            if link in feed.retry or self._stored_page(link) is None:
                self._item(link, None, feed.retry.get(link, ""), retry)
            else:
                self.report.unchanged += 1
        self.feeds[feed.url] = FeedState(feed.url, validators, feed.items, retry)

    def _item(
        self, link: str, entry: ArticleDraft | None, summary_id: str, retry: dict[str, str]
    ) -> None:
        """A feed item's page; `entry` is its feed item (None when the feed was unchanged)."""
        known = self._stored_page(link)
        try:
            page = self.fetcher.get(link, known.validators if known else None)
            if page.not_modified:
                self.report.unchanged += 1
                return
            if page.kind != "html":
                raise ReadError("the item links to a feed, not an article page")
            draft = read_html(page.text, link, page.url)
        except (FetchError, ReadError) as exc:
            self._item_failed(link, str(exc), entry, summary_id, known is not None, retry)
            return
        if entry is not None:
            draft = replace(
                draft, **{f: getattr(entry, f) for f in FEED_FIELDS if not getattr(draft, f)}
            )
        stored = self._take(link, draft, page.validators)
        if summary_id and summary_id != stored:
            self.superseded[link] = summary_id
        if len(self.drafts) >= WRITE_PAGES:
            self.write(self, False)

    def _item_failed(
        self,
        link: str,
        error: str,
        entry: ArticleDraft | None,
        summary_id: str,
        page_stored: bool,
        retry: dict[str, str],
    ) -> None:
        """A stored page stays as it is; otherwise the feed's summary stands in for the page."""
        later = "the page is tried again next round"
        if page_stored or not ((entry and entry.body.strip()) or summary_id):
            self._fail(link, error)
            retry[link] = ""
        elif entry is not None and entry.body.strip():
            self.drafts.append(entry)
            retry[link] = _article_id(entry)
            self._warn(link, f"{error}; stored the feed's summary instead, {later}")
        else:
            retry[link] = summary_id
            self._warn(link, f"{error}; the feed's summary stays stored, {later}")

    def _take(self, url: str, draft: ArticleDraft, validators: Validators) -> str:
        """Queue a page's draft for ingest; returns the id it will be stored under."""
        draft = replace(draft, origin=url)
        self.drafts.append(draft)
        article_id = _article_id(draft)
        if article_id:
            self.pages[url] = PageState(url, validators, article_id)
        return article_id

    def _stored_page(self, url: str) -> PageState | None:
        """The page as last stored, if its article is still in the store."""
        known = self.state.page(url)
        if known is None or not self.store.catalog.hashes([known.article_id]):
            return None
        return known

    def _fail(self, path: str, error: str) -> None:
        self.report.failed.append({"path": path, "error": error})

    def _warn(self, path: str, warning: str) -> None:
        self.report.warnings.append({"path": path, "warning": warning})


def _article_id(draft: ArticleDraft) -> str:
    """The id the pipeline will give the draft; "" when it will refuse it (and report why)."""
    try:
        return normalise(draft).id
    except ValueError:
        return ""


def _remember(
    visit: _Visit, state: WebState, store: Store, report: IngestReport, final: bool
) -> None:
    """Save validators of the pages just stored; at the end of the visit also the feeds', and
    drop feed summaries that their page replaced. After a backend failure nothing more is
    saved: the next round fetches what was not stored again."""
    if report.error:
        return
    failed = {f["path"] for f in report.failed}
    pages = [p for url, p in visit.pages.items() if url not in failed]
    if not final:
        state.save(pages, [])
        return
    feeds = [
        replace(f, retry={**{i: "" for i in f.items if i in failed}, **f.retry})
        for f in visit.feeds.values()
    ]
    state.save(pages, feeds)
    gone = [
        old
        for link, old in visit.superseded.items()
        if link not in failed and not state.refers_to(old)
    ]
    if gone:
        store.delete(gone)
