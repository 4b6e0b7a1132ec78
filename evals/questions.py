"""Question-set records (the format of shared/benchmarks/*/questions.*.jsonl)."""

from __future__ import annotations

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


def load_questions(path: Path) -> list[EvalQuestion]:
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
    if not questions:
        raise ValueError(f"{path}: no questions")
    return questions
