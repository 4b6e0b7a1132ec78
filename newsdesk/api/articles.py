"""`/v1/articles`: list (paged, filtered), show, add (JSON or an upload of any format), delete."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ingest.models import Article, Filters, IngestReport
from ingest.pipeline import ingest_paths
from ingest.readers import SUPPORTED_SUFFIXES
from newsdesk.api import deps
from newsdesk.api.errors import error_body
from newsdesk.api.runtime import Runtime
from newsdesk.api.schemas import (
    ARTICLE_EXAMPLE,
    ArticleFull,
    ArticleIn,
    ArticleList,
    ArticleMeta,
    Deleted,
    ErrorBody,
    IngestResult,
    iso,
)
from newsdesk.errors import InputError, NotFound

router = APIRouter(tags=["articles"])
MAX_UPLOAD_FILES = 20
Upload = tuple[str, bytes]  # (the client's file name, its content)


def select(articles: Sequence[Article], source: str, since: str, until: str) -> list[Article]:
    """The store's filter rules: outlet case-insensitive, dates inclusive, undated never match."""
    key = source.strip().lower()
    out = []
    for a in articles:
        day = a.published_at[:10]
        if key and a.source.strip().lower() != key:
            continue
        if (since or until) and not day:
            continue
        if (since and day < since) or (until and day > until):
            continue
        out.append(a)
    return out


@router.get("/v1/articles", response_model=ArticleList, summary="Stored articles, newest first")
def list_articles(
    runtime: deps.RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    source: Annotated[str, Query(max_length=200, description="Only this outlet")] = "",
    since: Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    until: Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
) -> ArticleList:
    Filters(source=source, since=iso(since), until=iso(until))  # an empty range is a 422
    chosen = select(runtime.store().articles(), source, iso(since), iso(until))
    page = chosen[offset : offset + limit]
    return ArticleList(articles=[ArticleMeta(**a.metadata()) for a in page], total=len(chosen))


@router.get(
    "/v1/articles/{article_id:path}",
    response_model=ArticleFull,
    responses={404: {"model": ErrorBody}},
    summary="One article with the text citation offsets index into",
)
def get_article(article_id: str, runtime: deps.RuntimeDep) -> ArticleFull:
    article = runtime.store().article(article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id!r}")
    return ArticleFull(**article.metadata(), text=article.text)


@router.delete(
    "/v1/articles/{article_id:path}",
    response_model=Deleted,
    responses={404: {"model": ErrorBody}},
    summary="Remove an article and its chunks from both indexes",
)
def delete_article(article_id: str, runtime: deps.RuntimeDep) -> Deleted:
    with runtime.writing() as store:
        deleted = store.delete([article_id])
    if not deleted:
        raise NotFound(f"no article with id {article_id!r}")
    return Deleted(deleted=deleted)


_ARTICLE = ArticleIn.model_json_schema()
_CREATE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"oneOf": [_ARTICLE, {"type": "array", "items": _ARTICLE}]},
                "example": ARTICLE_EXAMPLE,
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                },
                "encoding": {"file": {"contentType": "application/octet-stream"}},
            },
        },
    }
}


@router.post(
    "/v1/articles",
    status_code=201,
    response_model=IngestResult,
    responses={
        200: {"model": IngestResult, "description": "Nothing new: everything was unchanged"},
        413: {"model": ErrorBody},
        415: {"model": ErrorBody},
        422: {"model": ErrorBody},
    },
    openapi_extra=_CREATE_BODY,
    summary="Add articles: a JSON article (or list), or uploaded files in any ingest format",
)
async def create_articles(request: Request) -> JSONResponse:
    uploads = await _read_uploads(request)
    runtime: Runtime = deps.runtime(request)
    report = await run_in_threadpool(_ingest, runtime, uploads)
    body = report.as_json()
    if report.error:  # a backend died part-way: the counts say what was stored
        error = error_body("backend_unavailable", report.error)
        return JSONResponse({**error, "report": body}, status_code=503)
    if report.added or report.updated:
        return JSONResponse(body, status_code=201)
    if report.failed and not report.unchanged:
        first = report.failed[0]
        message = f"nothing was ingested: {first['path']}: {first['error']}"
        return JSONResponse({**error_body("ingest_failed", message), "report": body}, 422)
    return JSONResponse(body, status_code=200)


async def _read_uploads(request: Request) -> list[Upload]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        return [("request.json", await request.body())]
    if ctype != "multipart/form-data":
        raise _Unsupported(f"send application/json or multipart/form-data, not {ctype!r}")
    async with request.form(max_files=MAX_UPLOAD_FILES, max_fields=20) as form:
        files = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
        if not files:
            raise InputError("the upload has no file part")
        return [(f.filename or "upload.txt", await f.read()) for f in files]


class _Unsupported(InputError):
    status = 415
    code = "unsupported_media_type"


def _ingest(runtime: Runtime, uploads: Sequence[Upload]) -> IngestReport:
    """Each upload becomes a file under a temp dir (its suffix picks the reader); errors name it."""
    refused: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-upload-") as tmp:
        names: dict[str, str] = {}
        for i, (name, data) in enumerate(uploads):
            suffix = Path(name).suffix.lower()
            if suffix not in SUPPORTED_SUFFIXES:
                refused.append({"path": name, "error": f"unsupported format {suffix!r}"})
                continue
            stem = re.sub(r"[^\w.-]", "_", Path(name).stem)[:60] or "upload"
            path = Path(tmp) / f"{i:03d}-{stem}{suffix}"
            path.write_bytes(data)
            names[str(path)] = Path(name).name
        report = IngestReport()
        if names:
            with runtime.writing(create=True) as store:
                report = ingest_paths([Path(p) for p in names], store)
    report.failed[:0] = refused
    for entry in (*report.failed, *report.warnings):
        entry["path"] = _client_name(entry.get("path", ""), names)
    return report


def _client_name(path: str, names: dict[str, str]) -> str:
    """Report files as the client named them, never by their temp path."""
    for tmp_path, name in names.items():
        path = path.replace(tmp_path, name)
    return path
