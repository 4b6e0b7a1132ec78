"""Saved or fetched article pages to drafts: the body, and what the page says about itself.

The body is trafilatura's extraction (tables kept: results, standings and polls are facts),
less the furniture it lets through (teaser lists, "[VIDEO]" links, newsletter and contact lines),
or the page's JSON-LD `articleBody` where the visible extraction is much shorter (a paywalled
page whose text sits only in its structured data).

Metadata comes from the most deliberate source first:
- publication date: JSON-LD `datePublished`, `article:published_time` and its kin, then
  htmldate's search for the original date; never `dateModified`, which goes to `updated_at`;
- authors: JSON-LD `author` (people, not organisations), `author` meta tags, then the byline
  trafilatura found; never the outlet, a wire service, a desk or a job title ("AP Auto Writer");
- title: the page's visible headline (its first `h1` that shares words with the headline its
  metadata gives: a logo or section `h1` does not), else JSON-LD `headline`, `og:title` or
  `<title>`, less any site suffix ("Headline | Outlet");
- outlet: `og:site_name` less any tagline ("Outlet | The best news"), or the JSON-LD publisher
  where it spells the same name out ("WSJ", "The Wall Street Journal"), else the domain.
Measured on labelled pages in tests/data/pages (see README, "Real pages in").
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from ingest.models import ArticleDraft

ARTICLE_TYPES = frozenset(
    "Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle"
    " BackgroundNewsArticle ReviewNewsArticle BlogPosting LiveBlogPosting Report"
    " TechArticle ScholarlyArticle SocialMediaPosting".split()
)
# Meta tags naming the publication date, in order of trust; htmldate searches further.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "date",
)
UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
SITE_META = ("og:site_name", "application-name", "twitter:site")
BODY_RATIO = 1.5  # JSON-LD articleBody replaces an extraction with under 1/1.5 of its words
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|/)\s+")

# Furniture trafilatura keeps: a teaser heading and the "- link" lines under it, links tagged
# "[VIDEO]", and short calls to action or contact lines ("Email X at ...", "Sign up for ...").
_TEASER = re.compile(
    r"^(?:related(?: (?:stories|articles|coverage|content|links|reading))?|read more|see more"
    r"|more on this|also read|read also|recommended(?: for you)?|don'?t miss|more from \w+"
    r"|trending(?: now)?|most popular|watch|listen)\s*(?::|\||$)",
    re.IGNORECASE,
)
_TAGGED_LINK = re.compile(r"\[[A-Z][A-Z ]{2,}\]\s*\|?\s*$")  # "Plague fears grow [VIDEO]"
_CALL_TO_ACTION = re.compile(
    r"\b(?:sign up|subscribe|newsletters?|delivered to your inbox|click here|have a tip"
    r"|follow (?:us|him|her|them|me) (?:on|at|@)|(?:e-?mail|reach|contact) \w+(?: \w+)? at"
    r"|may be reached)\b",
    re.IGNORECASE,
)
_FURNITURE_LINES = frozenset(
    "advertisement tags comments share print email related".split()
    + ["share this", "don't miss", "read more", "most popular"]
)
CALL_TO_ACTION_WORDS = 40  # a longer line that says "subscribe" is about subscriptions
LIST_MARKS = ("- ", "• ", "* ")


@dataclass(frozen=True)
class PageFacts:
    """What a page declares about itself in JSON-LD and meta tags ("" where it is silent)."""

    headline: str = ""  # the visible one (h1) where found, else the metadata's
    published: str = ""
    updated: str = ""
    authors: tuple[str, ...] = ()
    outlet: str = ""
    url: str = ""
    body: str = ""  # JSON-LD articleBody (or the microdata one's paragraphs), as text


def read_page(html: str, origin: str, url: str = "") -> ArticleDraft | None:
    """The article on a page, or None when the page holds no article text."""
    import trafilatura

    facts = page_facts(html)
    doc = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    extracted = doc if isinstance(doc, trafilatura.settings.Document) else None
    body = drop_furniture((extracted.text if extracted else "") or "")
    if facts.body and len(facts.body.split()) > BODY_RATIO * len(body.split()):
        body = drop_furniture(facts.body)
    if not body.strip():
        return None
    page_url = facts.url or (extracted.url if extracted else "") or url
    outlet = facts.outlet or _outlet_name((extracted.sitename if extracted else "") or "")
    outlet = outlet or _domain(page_url)
    title = strip_site_suffix(
        facts.headline or (extracted.title if extracted else "") or "", outlet, page_url
    )
    return ArticleDraft(
        body=body,
        title=title,
        source=outlet,
        author=", ".join(_authors(facts, extracted, outlet)),
        url=page_url,
        published_at=facts.published or _original_date(html, page_url),
        updated_at=facts.updated,
        category=", ".join((extracted.categories if extracted else None) or []),
        origin=origin,
    )


def drop_furniture(text: str) -> str:
    """The body less teaser blocks, tagged links and short calls to action (see module doc)."""
    kept: list[str] = []
    in_teasers = False
    for line in text.split("\n"):
        stripped = line.strip()
        if (
            _TEASER.match(stripped)
            or _TAGGED_LINK.search(stripped)
            or stripped.lower().strip(" :.|") in _FURNITURE_LINES
        ):
            in_teasers = True  # the list of links that follows goes too
            continue
        if in_teasers and stripped.startswith(LIST_MARKS):
            continue
        in_teasers = False
        if len(stripped.split()) <= CALL_TO_ACTION_WORDS and _CALL_TO_ACTION.search(stripped):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def strip_site_suffix(title: str, outlet: str, url: str = "") -> str:
    """ "Headline | Outlet | Nov 19, 2019" and "Headline - Outlet" read "Headline": trailing
    parts that name the outlet (or the domain) go, with any part after them."""
    parts = TITLE_SEPARATORS.split(unescape(title).strip())
    names = {_squash(outlet), _squash(_domain(url)), _squash(_domain(url).split(".")[0])} - {""}
    for i in range(len(parts) - 1, 0, -1):
        part = _squash(parts[i])
        if part and any(part in name or name in part for name in names):
            return " - ".join(parts[:i]) if i > 1 else parts[0]
    return unescape(title).strip()


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _domain(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def page_facts(html: str) -> PageFacts:
    """JSON-LD first (the article object, not the site's), meta tags for what it leaves out."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return PageFacts()
    meta = _meta(root)
    article = next((d for d in _json_ld(root) if _types(d) & ARTICLE_TYPES), {})
    publisher = article.get("publisher")
    outlet = _outlet(meta.get("og:site_name", ""), _text(publisher) if publisher else "")
    titles = [_text(article.get("headline")), meta.get("og:title", ""), _title_tag(root)]
    canonical = root.xpath('//link[@rel="canonical"]/@href')
    return PageFacts(
        headline=_visible_headline(root, [t for t in titles if t], outlet)
        or next((unescape(t) for t in titles if t), ""),
        published=_text(article.get("datePublished")) or _first(meta, PUBLISHED_META),
        updated=_text(article.get("dateModified")) or _first(meta, UPDATED_META),
        authors=_people(article.get("author")) or _meta_authors(meta),
        outlet=outlet or _outlet_name(meta.get("application-name", "")),
        url=(str(canonical[0]).strip() if canonical else "") or meta.get("og:url", ""),
        body=_text(article.get("articleBody")) or _microdata_body(root),
    )


def _title_tag(root: Any) -> str:
    found = root.find(".//title")
    return " ".join(found.text_content().split()) if found is not None else ""


HEADLINE_OVERLAP = 0.25  # of an h1's words that the metadata's headlines must share


def _visible_headline(root: Any, titles: list[str], outlet: str) -> str:
    """The first h1 of 3+ words that shares words with the metadata's headlines (an h1 holding
    a logo or a section name shares none); with no metadata headline, the first h1 of 3+ words."""
    known = {w for t in titles for w in _words(t)}
    for node in root.iter("h1"):
        text = " ".join(node.text_content().split())
        words = _words(text)
        if len(words) < 3 or _squash(text) == _squash(outlet):
            continue
        if not known or len(words & known) >= HEADLINE_OVERLAP * len(words):
            return text
    return ""


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", unescape(text).lower()) if len(w) > 2}


def _outlet(site_name: str, publisher: str) -> str:
    """og:site_name less any tagline, or the publisher's name where it spells the same outlet
    out: "WSJ" and "NYTimes" are written in full by their publisher names, while a publisher
    that is another company ("Associated Press" on a local paper's page) is left alone."""
    site, full = _outlet_name(site_name), _outlet_name(publisher)
    if site and full and len(full) > len(site) and _abbreviates(_squash(site), _squash(full)):
        return full
    return site or full


def _outlet_name(name: str) -> str:
    """A site's name without its tagline ("LinkNaija | Nigeria's news platform"); "" for a URL."""
    name = TITLE_SEPARATORS.split(unescape(name).strip())[0].strip()
    return "" if name.startswith(("http://", "https://", "www.")) else name


def _abbreviates(short: str, full: str) -> bool:
    """Whether `short` is `full` with letters left out, from the same first letter ("wsj" of
    "wallstreetjournal", "sputnikint" of "sputnikinternational")."""
    if not short or not full or short[0] != full[0]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)


def _microdata_body(root: Any) -> str:
    """The paragraphs of the element marked `itemprop="articleBody"`, one per line."""
    for node in root.xpath('//*[@itemprop="articleBody"]'):
        paragraphs = [" ".join(p.text_content().split()) for p in node.iter("p")]
        text = "\n".join(p for p in paragraphs if p)
        if text:
            return text
    return ""


def _meta(root: Any) -> dict[str, str]:
    """name/property/itemprop -> content, lower-cased keys, the first of each kept."""
    found: dict[str, str] = {}
    for node in root.iter("meta"):
        key = node.get("property") or node.get("name") or node.get("itemprop") or ""
        content = (node.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), content)
    for node in root.iter("time"):  # <time itemprop="datePublished" datetime="...">
        key, value = (node.get("itemprop") or "").lower(), node.get("datetime") or ""
        if key in ("datepublished", "datemodified") and value:
            found.setdefault(key, value.strip())
    return found


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[k] for k in keys if meta.get(k)), "")


def _json_ld(root: Any) -> Iterator[dict[str, Any]]:
    """Every object in the page's JSON-LD blocks, `@graph` members included."""
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    return {str(k) for k in kind} if isinstance(kind, list) else {str(kind)}


def _text(value: object) -> str:
    """A JSON-LD value as plain text (HTML in articleBody and headline stripped)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    text = unescape(str(value or "").strip())
    if "<" in text and ">" in text:
        import lxml.html

        try:
            text = lxml.html.fromstring(f"<div>{text}</div>").text_content()
        except (ValueError, lxml.etree.ParserError):
            text = re.sub(r"<[^>]+>", " ", text)
    return text.strip()


def _people(value: object) -> tuple[str, ...]:
    """Author names from JSON-LD: people by name, organisations left out."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            if _types(item) & {"Organization", "NewsMediaOrganization", "Corporation"}:
                continue
            item = item.get("name")
        name = _text(item)
        if name and not name.startswith("http"):
            names.append(name)
    return tuple(dict.fromkeys(names))


def _meta_authors(meta: dict[str, str]) -> tuple[str, ...]:
    value = _first(meta, AUTHOR_META)
    if not value or value.startswith(("http", "@")):
        return ()
    return (value,)


def _authors(facts: PageFacts, extracted: Any, outlet: str) -> list[str]:
    """The page's people, else the byline trafilatura found, each cleaned by `person`."""
    names = list(facts.authors) or ((extracted.author if extracted else "") or "").split(";")
    people = (person(piece, outlet) for name in names for piece in _BYLINE_PARTS.split(name))
    return list(dict.fromkeys(p for p in people if p))


# A byline holds several names and credits: "Amy Roe | Metro Media for metro.com",
# "Finian Cunningham. Sputnik International", "Jo Doe, Al Roe". Initials ("Troy L. Smith") stay.
_BYLINE_PARTS = re.compile(r"\s*[|,;]\s*|\s+(?:-|–|—|and|for)\s+|(?<=\w{3})\.\s+")
# Words that make a byline part a credit, not a person: wires, desks, outlets and job titles.
NOT_PEOPLE = frozenset(
    """reuters ap afp upi bloomberg associated press staff bureau desk team newsroom service
    services wire agency media news network magazine international times post journal herald
    tribune daily editor editors editorial writer writers reporter correspondent columnist
    contributor contributors admin administrator webmaster""".split()
)
PARTICLES = frozenset("de da di del la le van von der den bin al y".split())


def person(name: str, outlet: str = "") -> str:
    """A byline part as a person's name ("By TOM ROE" reads "Tom Roe"), or "" where it is a
    credit: the outlet, a wire or desk, a job title ("AP Auto Writer"), a domain, a handle, or
    words not written as a name ("the Syrian defense ministry")."""
    name = re.sub(r"^by\s+", "", " ".join(name.split()), flags=re.IGNORECASE).strip(" .:")
    words = name.split()
    if not words or any(ch.isdigit() or ch in "@/" for ch in name) or "." in words[-1]:
        return ""
    if name.isupper() and len(words) > 1:
        name, words = name.title(), name.title().split()
    if not all(w[0].isupper() or w.lower() in PARTICLES for w in words) or words[0] == "The":
        return ""
    if {w.lower().strip(".") for w in words} & NOT_PEOPLE:
        return ""
    if len(words) == 1 and (name.isupper() or len(name) < 4):
        return ""  # "KWCH", "Rmb": an account, not a name
    outlets = {_squash(outlet), _squash(outlet.removeprefix("The "))} - {""}
    return "" if any(o in _squash(name) for o in outlets) else name


def _original_date(html: str, url: str) -> str:
    """htmldate's search for the original publication date (its URL included), or ""."""
    from htmldate import find_date

    try:
        with warnings.catch_warnings():  # dateutil warns of time zone names it can't place
            warnings.simplefilter("ignore")
            found = find_date(html, url=url or None, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return ""
    return found or ""
