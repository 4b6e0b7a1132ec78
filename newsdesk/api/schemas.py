"""Request and response bodies of the HTTP API, with the examples /docs shows."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ingest.models import Filters
from qa.models import Citation, Turn

SAMPLE_QUESTION = "Who met Trump's chief of staff?"


def _blank_is_none(value: Any) -> Any:
    """Clients send "" for an unset date; it means no bound."""
    return None if value == "" else value


Day = Annotated[date | None, BeforeValidator(_blank_is_none)]


class FiltersIn(BaseModel):
    """Only articles from this outlet, published in this date range (inclusive)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"source": "Newsdesk sample", "since": "2025-01-01"}]}
    )

    source: str = Field(default="", max_length=200)
    since: Day = Field(default=None, description="YYYY-MM-DD, inclusive")
    until: Day = Field(default=None, description="YYYY-MM-DD, inclusive")

    def to_filters(self) -> Filters:
        """The store's filters; an empty range (since after until) is an InputError there."""
        return Filters(source=self.source.strip(), since=iso(self.since), until=iso(self.until))


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class AskRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"question": SAMPLE_QUESTION},
                {
                    "question": "How many government launches has it had?",
                    "history": [
                        {"role": "user", "content": "What is Blue Origin doing?"},
                        {"role": "assistant", "content": "Courting the White House [1]."},
                    ],
                    "filters": {"source": "Newsdesk sample"},
                },
            ]
        }
    )

    question: str = Field(min_length=1, description="The question; earlier turns in `history`.")
    history: list[Message] = Field(default_factory=list)
    filters: FiltersIn = Field(default_factory=FiltersIn)

    def turns(self) -> list[Turn]:
        return [Turn(role=m.role, content=m.content) for m in self.history]


# --- OpenAI-compatible chat ------------------------------------------------------------------
class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str = ""


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text for part in self.content if part.type == "text")
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: bool = False


class ChatRequest(BaseModel):
    """OpenAI's request body; sampling fields are accepted and ignored. `filters` is ours."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "model": "newsdesk",
                    "messages": [{"role": "user", "content": SAMPLE_QUESTION}],
                    "stream": True,
                    "filters": {"since": "2025-01-01"},
                }
            ]
        },
    )

    model: str = "newsdesk"
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    stream_options: StreamOptions | None = None
    filters: FiltersIn | None = Field(
        default=None,
        description="Newsdesk extension: restrict the evidence (plain clients omit it).",
    )


class ChatChoiceMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class ChatChoice(BaseModel):
    index: int = 0
    message: ChatChoiceMessage
    finish_reason: str = "stop"
    logprobs: None = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class AnswerInfo(BaseModel):
    abstained: bool
    mode: str


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    system_fingerprint: str | None = None
    choices: list[ChatChoice]
    usage: Usage
    citations: list[Citation]
    newsdesk: AnswerInfo


class Model(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "newsdesk"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Model]


# --- articles --------------------------------------------------------------------------------
class ArticleMeta(BaseModel):
    id: str
    title: str
    source: str
    author: str
    url: str
    published_at: str
    category: str
    duplicate_of: str
    updated_at: str = Field(
        "", description="When the page says it was last changed (ISO 8601), else empty."
    )


class ArticleFull(ArticleMeta):
    text: str = Field(description="The stored text that citation offsets index into.")


class ArticleList(BaseModel):
    articles: list[ArticleMeta]
    total: int


class IngestResult(BaseModel):
    """The ingest report, as `newsdesk ingest --json` prints it."""

    added: int
    updated: int
    unchanged: int
    failed: list[dict[str, str]]
    chunks: int
    duplicates: list[dict[str, str]] = Field(default_factory=list)


class Deleted(BaseModel):
    deleted: list[str]


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail
    report: dict[str, Any] | None = None


class ArticleIn(BaseModel):
    """An article to add, in the fields of `corpus.jsonl`; only `body` is needed."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(default="", description="Default: a hash of the url, else of the text.")
    title: str = ""
    body: str = Field(min_length=1, description="The article text (`text` is accepted too).")
    source: str = Field(default="", description="The outlet.")
    author: str = ""
    url: str = ""
    published_at: str = Field(default="", description="ISO 8601, RFC 822 or a plain date.")
    category: str = ""


ARTICLE_EXAMPLE: dict[str, Any] = {
    "id": "harbour-budget",
    "title": "Council approves harbour budget",
    "source": "City Wire",
    "published_at": "2024-01-05",
    "url": "https://example.com/harbour",
    "body": "The city council approved the new harbour budget on Monday.",
}
