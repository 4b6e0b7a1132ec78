"""Text clean-up, boilerplate removal, date normalisation and stable ids (pure functions)."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from ingest.models import Article, ArticleDraft

# Site furniture that is not article text. Matched against whole, short lines only.
_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^join (the|our) .{0,60}\bcommunity\b.*$",
        r"^(image|images|photo|photos|picture|photograph|illustration)( credits?)?\s*[:|]",
        r"^(photo|image) (by|courtesy|credit)\b",
        r"^(credit|source)\s*:\s*(getty|reuters|ap|afp|shutterstock)",
        r"^(subscribe|sign up|register)( now| today| here)?\b.{0,80}$",
        r"^(click here|read more|related:|share this|follow us|share on)\b",
        r"^advertisement$",
        r"^(©|\(c\)|copyright)\s",
        r"^all rights reserved\.?$",
    )
]
_MAX_BOILERPLATE_WORDS = 16


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped.split()) > _MAX_BOILERPLATE_WORDS:
        return False
    return any(p.search(stripped) for p in _BOILERPLATE)


# Characters that never belong in stored text: C0/C1 controls (but tab and newline, which become
# whitespace), bidirectional overrides and isolates (U+202E turns "txt.exe" into "exe.txt"), and
# invisible zero-width characters. Removed before any offset is taken.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b-\u200d\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def strip_invisible(text: str) -> str:
    """NFC, Windows and old Mac line ends as newlines, control and bidi-override characters gone."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    return _INVISIBLE.sub("", text)


def clean_text(raw: str) -> str:
    """Normalise unicode and whitespace, drop boilerplate lines, keep paragraph breaks."""
    text = strip_invisible(raw).replace("\u00a0", " ")
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t\f\v]+", " ", line).strip()
        if is_boilerplate(line):
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def clean_field(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    return re.sub(r"\s+", " ", strip_invisible(str(value))).strip()


class FutureDate(ValueError):
    """A publication date later than tomorrow: a typo, not news."""


def normalise_date(value: str, now: datetime | None = None) -> str:
    """ISO 8601 from the usual news formats; "" when unknown, unparseable or partial.

    Only a full date (year, month and day) is kept: "March", "2024" or "Tuesday" stay "" rather
    than have their missing parts filled from today. Raises FutureDate past tomorrow.
    """
    value = value.strip()
    if not value:
        return ""
    parsed = _parse_date(value)
    if parsed is None:
        return ""
    _refuse_future(parsed, now or datetime.now(UTC))
    if ":" not in value and parsed.hour == parsed.minute == parsed.second == 0:
        return parsed.date().isoformat()  # a date alone: don't invent a time of day
    return parsed.isoformat()


def _parse_date(value: str) -> datetime | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            return None
    if re.fullmatch(r"\d{4}(-\d{2})?", value):
        return None  # a year or a month: fromisoformat would call it the 1st
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)  # RSS (RFC 822)
    except (TypeError, ValueError, IndexError):
        return _parse_loose(value)


# Two defaults that differ in year, month and day: a part the text lacks shows up as a difference.
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))


def _parse_loose(value: str) -> datetime | None:
    """dateutil's reading of free-form dates, only when the text names year, month and day."""
    from dateutil import parser as date_parser  # installed with trafilatura's htmldate

    try:
        first, second = (date_parser.parse(value, default=d, fuzzy=False) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    return first


def _refuse_future(parsed: datetime, now: datetime) -> None:
    moment = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if moment - now > timedelta(days=1):
        raise FutureDate(f"published_at {parsed.isoformat()} is in the future")


def date_timestamp(iso: str) -> float | None:
    """Seconds since the epoch (UTC when no zone is given), for range filters."""
    if not iso:
        return None
    parsed = datetime.fromisoformat(iso)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _digest(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def article_id(given: str, url: str, text: str) -> str:
    """The given id, else a hash of the url, else of the normalised text."""
    if given.strip():
        return re.sub(r"[^\w.:@-]+", "-", given.strip())[:128]
    if url:
        return "u-" + _digest(url.strip().rstrip("/").lower())
    return "t-" + _digest(text)


def normalise(draft: ArticleDraft) -> Article:
    """Turn a draft into a stored article; raises ValueError when no article text remains."""
    text = clean_text(draft.body)
    if not text:
        raise ValueError("no article text")
    fields = {
        "title": clean_field(draft.title),
        "source": clean_field(draft.source),
        "author": clean_field(draft.author),
        "url": clean_field(draft.url),
        "published_at": normalise_date(clean_field(draft.published_at)),
        "category": clean_field(draft.category),
    }
    art_id = article_id(clean_field(draft.id), fields["url"], text)
    updated_at = _updated(draft.updated_at, fields["published_at"])
    # hashed only when given, so that articles stored before updated_at existed stay unchanged
    hashed = {**fields, "updated_at": updated_at} if updated_at else fields
    content_hash = _digest(json.dumps([text, hashed], sort_keys=True), 32)
    return Article(id=art_id, text=text, content_hash=content_hash, updated_at=updated_at, **fields)


def _updated(value: str, published_at: str) -> str:
    """A last-modified date kept only where it reads and differs from the publication date (a
    future one is a typo, not a reason to refuse the article)."""
    try:
        updated = normalise_date(clean_field(value))
    except FutureDate:
        return ""
    return "" if updated == published_at else updated
