"""Operations routes: liveness, readiness, Prometheus metrics and the chat page."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from newsdesk.api.errors import error_response
from newsdesk.api.runtime import Runtime
from newsdesk.errors import NewsdeskError

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
log = logging.getLogger("newsdesk.api")
router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The store answers and the embedding model is loaded")
def readyz(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    try:
        runtime.check_ready()
    except NewsdeskError as exc:
        return error_response(503, exc.code, str(exc))
    except Exception as exc:  # not ready for any reason is a 503, not a 500: say why
        log.warning("not ready: %s", exc, exc_info=True)
        return error_response(503, "not_ready", f"not ready: {exc}")
    problem = request.app.state.slack.problem()  # None when Slack is unconfigured or answering
    if problem:
        return error_response(503, "slack_unavailable", problem)
    return JSONResponse({"status": "ready"})


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics(request: Request) -> Response:
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)


@router.get("/docs", include_in_schema=False)
def docs() -> HTMLResponse:
    """Swagger UI from the swagger-ui-bundle package: /docs works on a machine with no internet."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="Newsdesk API",
        swagger_js_url="/docs-assets/swagger-ui-bundle.js",
        swagger_css_url="/docs-assets/swagger-ui.css",
        swagger_favicon_url="/docs-assets/favicon-32x32.png",
    )


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})
