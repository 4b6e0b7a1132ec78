"""Text clean-up, boilerplate removal, date normalisation and stable ids (pure functions)."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import UTC, datetime
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


def clean_text(raw: str) -> str:
    """Normalise unicode and whitespace, drop boilerplate lines, keep paragraph breaks."""
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
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
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value))).strip()


def normalise_date(value: str) -> str:
    """ISO 8601 from the usual news formats; "" when unknown or unparseable (never a guess)."""
    value = value.strip()
    if not value:
        return ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.strptime(value, "%Y-%m-%d").date().isoformat()
        except ValueError:
            return ""
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)  # RSS (RFC 822)
        except (TypeError, ValueError, IndexError):
            parsed = _parse_loose(value)
    if parsed is None:
        return ""
    if ":" not in value and parsed.hour == parsed.minute == parsed.second == 0:
        return parsed.date().isoformat()  # a date alone: don't invent a time of day
    return parsed.isoformat()


def _parse_loose(value: str) -> datetime | None:
    from dateutil import parser as date_parser  # installed with trafilatura's htmldate

    try:
        return date_parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None


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
    content_hash = _digest(json.dumps([text, fields], sort_keys=True), 32)
    return Article(id=art_id, text=text, content_hash=content_hash, **fields)
