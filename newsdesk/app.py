"""The web service: `create_app(settings) -> FastAPI`, and `serve` to run it under uvicorn.

Routes live in `newsdesk.api.*`; this module only assembles them around one `Runtime` (model,
store, answering chain built once per process) and runs the server.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from swagger_ui_bundle import swagger_ui_path

from ingest.embedding import Embedder
from ingest.store import Store
from newsdesk.api import answers, articles, deps, openai_compat, ops
from newsdesk.api.errors import install_error_handlers
from newsdesk.api.metrics import Metrics
from newsdesk.api.middleware import AccessMiddleware, BodyLimitMiddleware
from newsdesk.api.runtime import Runtime
from newsdesk.api.settings import WebSettings
from newsdesk.settings import Settings
from newsdesk.slack import SlackEndpoint, SlackSettings
from qa.service import QAService

__all__ = ["WebSettings", "app_from_env", "create_app", "serve"]

SETTINGS_ENV = "NEWSDESK_SERVE_SETTINGS_JSON"  # hands `serve`'s settings to worker processes
WEB_SETTINGS_ENV = "NEWSDESK_SERVE_WEB_SETTINGS_JSON"
log = logging.getLogger("newsdesk.api")


def create_app(
    settings: Settings,
    web: WebSettings | None = None,
    *,
    slack: SlackSettings | None = None,
    embedder: Embedder | None = None,
    store: Store | None = None,
    service: QAService | None = None,
) -> FastAPI:
    """The app over one store; `web=None` reads the web settings from `NEWSDESK_*` variables.

    `embedder`, `store` and `service` are the swap points tests use; by default they are built
    once, at start-up (or on the first request when the lifespan does not run).
    """
    web = web if web is not None else WebSettings()
    runtime = Runtime(settings, embedder=embedder, store=store, service=service)
    slack_endpoint = SlackEndpoint(slack or SlackSettings(), runtime.service)  # no Slack call yet

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            await run_in_threadpool(runtime.check_ready)
        except Exception as exc:  # serve anyway: /readyz says why, and a later request retries
            log.warning("not ready at start-up: %s", exc)
        yield
        runtime.close()
        slack_endpoint.close()

    app = FastAPI(
        title="Newsdesk",
        summary="Question answering over news articles with quote-level citations.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by ops.docs from local files: no CDN offline
    )
    app.state.runtime = runtime
    app.state.web = web
    app.state.metrics = Metrics()
    app.state.started = int(time.time())
    install_error_handlers(app)
    _add_routes(app)
    app.state.slack = slack_endpoint
    app.include_router(slack_endpoint.router)  # not behind the API key: Slack signs its requests
    _add_middleware(app, web)
    return app


def _add_routes(app: FastAPI) -> None:
    keyed = [Depends(deps.require_key)]
    app.include_router(ops.router)
    for router in (answers.router, openai_compat.router, articles.router):
        app.include_router(router, dependencies=keyed)
    app.mount("/static", StaticFiles(directory=ops.STATIC_DIR), name="static")
    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")


def _add_middleware(app: FastAPI, web: WebSettings) -> None:
    """Added innermost first: access log and metrics see every response, 413s and CORS too."""
    app.add_middleware(
        BodyLimitMiddleware, json_limit=web.max_json_bytes, upload_limit=web.max_upload_bytes
    )
    if web.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=web.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(AccessMiddleware, metrics=app.state.metrics)


def configure_logging() -> None:
    """Access lines as bare JSON on stderr; other service logs with level and logger name."""
    access = logging.getLogger("newsdesk.access")
    if not access.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access.addHandler(handler)
        access.setLevel(logging.INFO)
        access.propagate = False
    api = logging.getLogger("newsdesk.api")
    if not api.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        api.addHandler(handler)
        api.setLevel(logging.INFO)
        api.propagate = False


def app_from_env() -> FastAPI:
    """The uvicorn factory for `--workers N`: each worker rebuilds the app `serve` was given."""
    configure_logging()
    raw, web_raw = os.environ.get(SETTINGS_ENV), os.environ.get(WEB_SETTINGS_ENV)
    settings = Settings.model_validate_json(raw) if raw else Settings()
    web = WebSettings.model_validate_json(web_raw) if web_raw else WebSettings()
    return create_app(settings, web)


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    web: WebSettings | None = None,
) -> None:
    """Print the URL and serve until Ctrl-C; several workers each build their own runtime."""
    import uvicorn

    configure_logging()
    web = web if web is not None else WebSettings()
    shown = f"[{host}]" if ":" in host else host
    print(f"Newsdesk is serving on http://{shown}:{port}/ (API docs at /docs; Ctrl-C stops)")
    sys.stdout.flush()
    common = {"host": host, "port": port, "access_log": False, "log_level": "warning"}
    if workers <= 1:
        uvicorn.run(create_app(settings, web), **common)  # type: ignore[arg-type]
        return
    os.environ[SETTINGS_ENV] = settings.model_dump_json()
    os.environ[WEB_SETTINGS_ENV] = web.model_dump_json()
    uvicorn.run("newsdesk.app:app_from_env", factory=True, workers=workers, **common)  # type: ignore[arg-type]
