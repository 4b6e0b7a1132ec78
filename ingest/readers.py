"""File formats to article drafts: txt, md, html, json, jsonl and RSS/Atom feeds."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.models import ArticleDraft
from ingest.pages import read_page

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".xml")
_BODY_KEYS = ("body", "text", "content", "article", "description")
_DATE_KEYS = ("published_at", "published", "date", "pubDate", "datePublished", "time")


class ReadError(Exception):
    """A file (or one record of it) that cannot become an article; the message says why."""


@dataclass(frozen=True)
class ReadResult:
    drafts: list[ArticleDraft]
    failures: list[tuple[str, str]]  # (origin, error) for records that failed inside a good file
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (origin, what was repaired)


@dataclass(frozen=True)
class DecodedText:
    text: str
    warning: str = ""


SINGLE_ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
BYTES_PER_CHAR = 4  # UTF-8's widest character: a file over max_chars * 4 bytes is too long
MARKUP_ALLOWANCE = 8  # HTML pages carry several times their text in markup


def too_long(chars: int, max_chars: int) -> str:
    return (
        f"article text is {chars:,} characters, over the limit of {max_chars:,}"
        " (NEWSDESK_MAX_ARTICLE_CHARS)"
    )


def iter_files(path: Path) -> Iterator[Path]:
    """A file, or every non-hidden file under a folder, in a stable order."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            rel = child.relative_to(path)
            if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                yield child
    else:
        yield path


def read_text(path: Path) -> DecodedText:
    try:
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise ReadError("is a directory") from exc
    except FileNotFoundError as exc:
        raise ReadError("no such file") from exc
    except PermissionError as exc:
        raise ReadError("permission denied") from exc
    except OSError as exc:
        raise ReadError(f"unreadable: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ReadError("empty file")
    if b"\x00" in data[:8192]:
        raise ReadError("binary file, not text")
    decoded = decode(data)
    text = decoded.text
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.02 * min(len(text), 8192):
        raise ReadError("binary file, not text")
    return decoded


def decode(data: bytes) -> DecodedText:
    """UTF-8 (a few bad bytes replaced, with a warning), else Windows-1252; never mojibake.

    Text holding any valid multi-byte UTF-8 sequence is UTF-8 with stray bytes, not a legacy
    encoding: decoding it whole as cp1252 would garble every accented letter ("CafÃ©").
    """
    try:
        return DecodedText(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    if any(ord(ch) > 127 and ch != "\ufffd" for ch in text):
        plural = "s" if bad != 1 else ""
        return DecodedText(text, f"{bad} invalid UTF-8 byte sequence{plural} replaced with U+FFFD")
    try:
        return DecodedText(data.decode("cp1252"), "not UTF-8: read as Windows-1252")
    except UnicodeDecodeError as exc:
        raise ReadError("not valid UTF-8 or Windows-1252 text") from exc


def read_file(path: Path, max_chars: int = 1_000_000) -> ReadResult:
    """Read one file; raises ReadError when the file as a whole is unusable."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise ReadError(f"unsupported format '{suffix or path.name}' (supported: {supported})")
    _check_size(path, suffix, max_chars)
    decoded = read_text(path)
    result = _parse(decoded.text, suffix, str(path))
    if decoded.warning:
        return ReadResult(result.drafts, result.failures, [(str(path), decoded.warning)])
    return result


def _check_size(path: Path, suffix: str, max_chars: int) -> None:
    """Refuse a one-article file too big to hold an article under the limit, before reading it."""
    if suffix not in SINGLE_ARTICLE_SUFFIXES:
        return
    allowance = MARKUP_ALLOWANCE if suffix in (".html", ".htm") else 1
    try:
        size = path.stat().st_size
    except OSError:
        return  # read_text reports it
    if size > max_chars * BYTES_PER_CHAR * allowance:
        raise ReadError(
            f"file is {size / 1e6:.1f} MB, too big for one article (the limit is"
            f" {max_chars:,} characters, NEWSDESK_MAX_ARTICLE_CHARS)"
        )


def _parse(text: str, suffix: str, origin: str) -> ReadResult:
    if suffix == ".txt":
        return ReadResult([_from_plain_text(text, origin)], [])
    if suffix in (".md", ".markdown"):
        return ReadResult([_from_markdown(text, origin)], [])
    if suffix in (".html", ".htm"):
        return ReadResult([read_html(text, origin)], [])
    if suffix == ".json":
        return _from_json(text, origin)
    if suffix == ".jsonl":
        return _from_jsonl(text, origin)
    return ReadResult(read_feed(text, origin), [])


def _from_plain_text(text: str, origin: str) -> ArticleDraft:
    """Plain text has no metadata: a short first line without end punctuation is the title."""
    first, _, rest = text.strip().partition("\n")
    if rest.strip() and len(first.split()) <= 20 and not re.search(r"[.!?:;,”\"]$", first.strip()):
        return ArticleDraft(body=rest, title=first.strip(), origin=origin)
    return ArticleDraft(body=text, origin=origin)


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, re.DOTALL)
    if not match:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ReadError(f"bad front matter: {str(exc).splitlines()[0]}") from exc
    if not isinstance(meta, dict):
        raise ReadError("front matter is not a mapping")
    return meta, text[match.end() :]


def markdown_to_text(markdown: str) -> str:
    text = re.sub(r"```[^\n]*\n(.*?)```", r"\1", markdown, flags=re.DOTALL)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    return re.sub(r"^\s*([-*_]\s*){3,}$", "", text, flags=re.MULTILINE)


def _from_markdown(text: str, origin: str) -> ArticleDraft:
    meta, body = _front_matter(text)
    title = str(meta.get("title") or "")
    if not title:
        heading = re.match(r"\A\s*#\s+(.+)\n", body)
        if heading:
            title, body = heading.group(1).strip(), body[heading.end() :]
    return _draft_from_mapping({**meta, "title": title, "body": markdown_to_text(body)}, origin)


def read_html(html: str, origin: str, url: str = "") -> ArticleDraft:
    """One article page (see `ingest.pages`); `url` is where it was fetched from (the page's
    canonical URL wins). ReadError when the page holds no article text."""
    draft = read_page(html, origin, url)
    if draft is None:
        raise ReadError("no article text found in the HTML")
    return draft


def _draft_from_mapping(record: dict[str, Any], origin: str) -> ArticleDraft:
    body = next((record[k] for k in _BODY_KEYS if isinstance(record.get(k), str)), "")
    published = next((record[k] for k in _DATE_KEYS if record.get(k)), "")
    source = record.get("source") or record.get("outlet") or record.get("site") or ""
    if isinstance(source, dict):
        source = source.get("name", "")
    return ArticleDraft(
        body=body,
        title=str(record.get("title") or ""),
        source=str(source),
        author=str(record.get("author") or record.get("authors") or ""),
        url=str(record.get("url") or record.get("link") or ""),
        published_at=str(published),
        category=str(record.get("category") or ""),
        id=str(record.get("id") or ""),
        origin=origin,
    )


def _from_json(text: str, origin: str) -> ReadResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"malformed JSON at line {exc.lineno}: {exc.msg}") from exc
    records = data if isinstance(data, list) else [data]
    drafts, failures = [], []
    for i, record in enumerate(records, start=1):
        where = f"{origin}[{i}]" if isinstance(data, list) else origin
        if isinstance(record, dict):
            drafts.append(_draft_from_mapping(record, where))
        else:
            failures.append((where, "not a JSON object"))
    if not drafts and not failures:
        raise ReadError("no articles in the JSON list")
    return ReadResult(drafts, failures)


def _from_jsonl(text: str, origin: str) -> ReadResult:
    drafts, failures = [], []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            failures.append((where, f"malformed JSON on line {lineno}: {exc.msg}"))
            continue
        if isinstance(record, dict):
            drafts.append(_draft_from_mapping(record, where))
        else:
            failures.append((where, f"line {lineno} is not a JSON object"))
    return ReadResult(drafts, failures)


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:  # lxml raises several types for broken markup
        return re.sub(r"<[^>]+>", " ", fragment)
    for node in root.iter("p", "br", "li", "h1", "h2", "h3", "h4", "div"):
        node.tail = "\n" + (node.tail or "")
    return root.text_content()


def read_feed(text: str, origin: str) -> list[ArticleDraft]:
    """An RSS/Atom feed's items, each with its summary or content as the body; ReadError when
    the text is no feed or has no items."""
    import feedparser

    feed = feedparser.parse(text)
    if not feed.entries:
        if feed.bozo and not feed.feed:
            raise ReadError(f"not an RSS/Atom feed: {feed.get('bozo_exception', 'unparseable')}")
        raise ReadError("feed has no items")
    site = feed.feed.get("title", "")
    drafts = []
    for i, entry in enumerate(feed.entries, start=1):
        content = entry.get("content") or []
        html = content[0].get("value", "") if content else entry.get("summary", "")
        drafts.append(
            ArticleDraft(
                body=_html_to_text(html),
                title=entry.get("title", ""),
                source=site,
                author=entry.get("author", ""),
                url=entry.get("link", ""),
                published_at=entry.get("published", "") or entry.get("updated", ""),
                category=", ".join(t.get("term", "") for t in entry.get("tags", []) or []),
                id=entry.get("id", "") if not entry.get("link") else "",
                origin=f"{origin}[{i}]",
            )
        )
    return drafts
