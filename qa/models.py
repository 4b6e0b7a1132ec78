"""The one `Answer` type every edge (CLI, HTTP, Slack, evals) shares."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    n: int
    article_id: str
    title: str = ""
    source: str = ""
    url: str = ""
    published_at: str = ""
    quote: str
    start: int
    end: int
    score: float = 0.0


class Answer(BaseModel):
    answer: str
    abstained: bool
    mode: str = "extractive"
    lead: str = Field(
        default="",
        description="The short answer the text leads with (a name, a date, an amount, Yes or No),"
        " without its full stop; empty where the answer is a quoted passage or an abstention.",
    )
    citations: list[Citation] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    retrieved: list[str] = Field(default_factory=list, description="Chunk ids, best first.")
    evidence_score: float = Field(
        default=0.0, description="How well the best evidence sentence fits the question."
    )


class Turn(BaseModel):
    role: str  # "user" or "assistant"
    content: str
