"""Page metadata: title, outlet, publication date and authors, right or not, on labelled pages.

Data: tests/data/pages (40 saved pages of 40 outlets from the extraction benchmark, labelled by
reading each page; see its README.md). `newsdesk` is `ingest.readers.read_html`; `trafilatura`
is the metadata trafilatura finds by itself (`bare_extraction`, the reader before issue 12).

A title or outlet is right when it matches the label ignoring case, spacing, punctuation, a
leading "The" and a domain ending ("Sportsnet.ca" is Sportsnet); authors when the sets of names
match (no byline: empty); a date when its day matches the label, and "within a day" also counts
dates one day off, which is what a UTC timestamp of a late-evening story gives (the labels take the
local date the page shows).

Usage: python benchmarks/page_metadata.py [--json OUT] [--show]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

PAGES = Path(__file__).resolve().parents[1] / "tests" / "data" / "pages"
FIELDS = ("title", "source", "published", "published_within_a_day", "authors")
Extracted = dict[str, Any]  # title, source, published (YYYY-MM-DD or ""), authors (list)


def squash(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.strip().lower())
    text = re.sub(r"\.(com|ca|co\.uk|ru|info|net|org|br)$", "", text)
    return re.sub(r"[\W_]+", "", text)


def day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def judge(found: Extracted, label: dict[str, Any]) -> dict[str, bool]:
    got, want = day(found["published"]), day(label["published"])
    return {
        "title": squash(found["title"]) == squash(label["title"]),
        "source": squash(found["source"]) == squash(label["source"]),
        "published": got == want,
        "published_within_a_day": got == want
        or (got is not None and want is not None and abs((got - want).days) <= 1),
        "authors": {squash(a) for a in found["authors"]} == {squash(a) for a in label["authors"]},
    }


def newsdesk(html: str, url: str) -> Extracted:
    from ingest.normalize import normalise
    from ingest.readers import ReadError, read_html

    try:
        article = normalise(read_html(html, "page", url))
    except (ReadError, ValueError):
        return {"title": "", "source": "", "published": "", "authors": []}
    authors = [a.strip() for a in article.author.split(",") if a.strip()]
    return {
        "title": article.title,
        "source": article.source,
        "published": article.published_at,
        "authors": authors,
    }


def trafilatura_metadata(html: str, url: str) -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None or isinstance(doc, dict):
        return {"title": "", "source": "", "published": "", "authors": []}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {
        "title": doc.title or "",
        "source": doc.sitename or "",
        "published": doc.date or "",
        "authors": authors,
    }


def evaluate(extract: Callable[[str, str], Extracted], show: bool) -> dict[str, Any]:
    labels = json.loads((PAGES / "labels.json").read_text(encoding="utf-8"))
    right = dict.fromkeys(FIELDS, 0)
    wrong: dict[str, list[str]] = {f: [] for f in FIELDS}
    for name, label in sorted(labels.items()):
        html = gzip.decompress((PAGES / f"{name}.html.gz").read_bytes()).decode("utf-8", "replace")
        found = extract(html, label["url"])
        for field, ok in judge(found, label).items():
            right[field] += ok
            if not ok:
                key = "published" if field.startswith("published") else field
                wrong[field].append(f"{name}: {found[key]!r} (label {label[key]!r})")
    result: dict[str, Any] = {f: round(right[f] / len(labels), 3) for f in FIELDS}
    result["pages"] = len(labels)
    if show:
        result["wrong"] = wrong
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="Page metadata against hand labels.")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the JSON here")
    parser.add_argument("--show", action="store_true", help="list every wrong value")
    args = parser.parse_args()
    document = {
        "trafilatura": evaluate(trafilatura_metadata, args.show),
        "newsdesk": evaluate(newsdesk, args.show),
    }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
