"""Every supported format becomes drafts with metadata from the file, never from file times."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.readers import ReadError, read_file

DATA = Path(__file__).parent / "data"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_html_main_text_and_meta_tags_without_site_furniture() -> None:
    [draft] = read_file(DATA / "article.html").drafts
    assert draft.title == "Port strike ends after three-week standoff"
    assert draft.author == "Jane Doe"
    assert draft.source == "The Harbour Times"
    assert draft.published_at.startswith("2024-03-14")
    assert "revised pay offer" in draft.body and "7 percent raise" in draft.body
    for furniture in ("Home", "Sport", "newsletter", "All rights reserved"):
        assert furniture not in draft.body


def test_rss_items_carry_feed_fields() -> None:
    drafts = read_file(DATA / "feed.xml").drafts
    assert [d.title for d in drafts] == [
        "Bridge reopens after repairs",
        "School wins robotics prize",
    ]
    first = drafts[0]
    assert first.source == "Valley Gazette"
    assert first.url == "https://valley.example/bridge-reopens"
    assert first.published_at == "Mon, 06 May 2024 09:15:00 GMT"
    assert "eight months of repairs" in first.body and "<p>" not in first.body


def test_atom_entries() -> None:
    [draft] = read_file(DATA / "atom.xml").drafts
    assert (draft.title, draft.author, draft.source) == (
        "Chipmaker opens new plant",
        "Ada Byte",
        "Tech Ledger",
    )
    assert "900 people" in draft.body


def test_markdown_front_matter_and_plain_body(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.md",
        "---\ntitle: Budget passes\nsource: City Wire\npublished_at: 2024-01-05\n---\n"
        "# Ignored heading\n\nThe **budget** passed [by vote](http://x). ![img](a.png)\n",
    )
    [draft] = read_file(path).drafts
    assert (draft.title, draft.source, draft.published_at) == (
        "Budget passes",
        "City Wire",
        "2024-01-05",
    )
    assert "The budget passed by vote." in draft.body and "http" not in draft.body


def test_plain_text_short_first_line_is_the_title(tmp_path: Path) -> None:
    [draft] = read_file(write(tmp_path, "a.txt", "Rain returns\nIt rained on Monday.\n")).drafts
    assert (draft.title, draft.body.strip()) == ("Rain returns", "It rained on Monday.")
    [draft] = read_file(write(tmp_path, "b.txt", "It rained. A lot.\nThen it stopped.")).drafts
    assert draft.title == "" and draft.published_at == ""


def test_json_object_or_list(tmp_path: Path) -> None:
    one = {"id": "x1", "title": "T", "body": "Text one.", "published_at": "2024-01-01"}
    assert read_file(write(tmp_path, "a.json", json.dumps(one))).drafts[0].id == "x1"
    many = read_file(write(tmp_path, "b.json", json.dumps([one, {**one, "id": "x2"}, 3])))
    assert [d.id for d in many.drafts] == ["x1", "x2"]
    assert many.failures and "not a JSON object" in many.failures[0][1]


def test_jsonl_reports_the_bad_line_number_and_keeps_the_rest(tmp_path: Path) -> None:
    lines = ['{"id": "a", "body": "One."}', "{broken", '{"id": "b", "body": "Two."}']
    result = read_file(write(tmp_path, "c.jsonl", "\n".join(lines)))
    assert [d.id for d in result.drafts] == ["a", "b"]
    [(where, error)] = result.failures
    assert where.endswith("c.jsonl:2") and "line 2" in error


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "", "empty file"),
        ("junk.txt", bytes(range(256)) * 8, "binary"),
        ("bad.json", '{"id": ', "malformed JSON"),
        (
            "nofeed.xml",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
            "no items",
        ),
        ("doc.pdf", "%PDF-1.4", "unsupported format '.pdf'"),
    ],
)
def test_bad_files_raise_a_clear_error(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    with pytest.raises(ReadError, match=message):
        read_file(write(tmp_path, name, content))


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_file(tmp_path / "missing.txt")
