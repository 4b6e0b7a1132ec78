"""Question-set records (the format of shared/benchmarks/*/questions.*.jsonl)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from qa.models import Turn


class Evidence(BaseModel):
    article_id: str
    fact: str = ""


class EvalQuestion(BaseModel):
    id: str
    question: str
    answers: list[str] = Field(default_factory=list)
    answerable: bool = True
    evidence: list[Evidence] = Field(default_factory=list)
    question_type: str = ""
    history: list[Turn] = Field(default_factory=list)


def half_of(question_id: str) -> str:
    """ "a" or "b": a fixed split by id (a hash, so neither half is a range of easy ids).

    Develop on one half and check on the other: a change is kept only if it holds on both."""
    return "ab"[hashlib.sha256(question_id.encode("utf-8")).digest()[0] % 2]


def load_questions(path: Path, half: str = "") -> list[EvalQuestion]:
    """Every question of the file, or only those of one `half_of` split ("a" or "b")."""
    questions = [q for q in _read_questions(path) if not half or half_of(q.id) == half]
    if not questions:
        raise ValueError(f"{path}: no questions" + (f" in half {half!r}" if half else ""))
    return questions


def _read_questions(path: Path) -> list[EvalQuestion]:
    """Every question of a JSONL file; a bad line is an error naming its number."""
    questions = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            questions.append(EvalQuestion.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            raise ValueError(f"{path}:{lineno}: bad question line: {first}") from exc
    return questions
