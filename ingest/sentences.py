"""Sentence spans with exact character offsets (pure; no model, no download)."""

from __future__ import annotations

import re

# Words that end with a period without ending a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen gov sen rep col lt sgt capt cmdr adm pres supt
    inc ltd co corp plc llc bros dept univ assn est approx vs etc al fig no nos vol jan feb
    mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m""".split()
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9À-Ý]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")  # letters with dots between them


def _is_abbreviation(text: str, dot_end: int) -> bool:
    match = _WORD_BEFORE.search(text[max(0, dot_end - 12) : dot_end])
    if not match:
        return False
    word = match.group(1).lower()
    if _INITIALS.fullmatch(word):  # "S.C.", "N.Y.", "D.C.": "COLUMBIA, S.C. (AP) — ..."
        return True
    return word in _ABBREVIATIONS or len(word) == 1  # initials: "J. Smith"


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        cut = match.end()
        if not _NEXT_START.match(text, cut, end):
            continue
        if text[match.start()] == "." and _is_abbreviation(text, match.start() + 1):
            continue
        spans.append((cursor, cut))
        cursor = cut
    spans.append((cursor, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of `text`; line breaks always end a sentence."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        for start, end in _split_line(text, line.start(), line.end()):
            start, end = _trim(text, start, end)
            if start < end:
                spans.append((start, end))
    return spans
