"""The ASGI application of ``marsad serve``: the JSON API (:mod:`marsad.api.routes`, :mod:`marsad.api.writes`),
the analyst's web view (:mod:`marsad.web`), its static files, and the OpenAPI schema with a docs page that loads
nothing from outside this server.

>>> app = create_app(Settings(db="marsad.db"))          # doctest: +SKIP

Creating the app does no I/O: the store is opened when the server starts (the lifespan) and closed when it stops.
``app_from_env`` is the factory uvicorn's worker processes call (settings from ``MARSAD_*`` variables).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

import marsad
from marsad.api import routes, writes
from marsad.api.security import BodyLimit, SecurityHeaders
from marsad.api.services import Services, Settings
from marsad.errors import StoreError
from marsad.store.db import ENV_VAR
from marsad.store.store import EventStore

log = logging.getLogger(__name__)

DESCRIPTION = """Events extracted from Arabic news, each field pointing into its article.

Lists take the same filters (`since`, `until`, `type`, `sub_type`, `actor`, `country`, `admin1`, `admin2`,
`pcode`, `outlet`, `bbox`, `q`, `incident`, `doc`, `min_fatalities`, `ingested_since`); repeat a parameter to
select any of several values. Writes (`POST /api/documents`) need `Authorization: Bearer <MARSAD_API_TOKEN>`."""


def create_app(settings: Settings | None = None, store: EventStore | None = None) -> FastAPI:
    """The application over ``store`` (opened from ``settings.db`` at start-up when not given)."""
    from marsad.web import routes as web_routes
    from marsad.web.assets import STATIC_DIR

    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store or EventStore.open(settings.db)
        app.state.services = Services(opened, settings)
        try:
            yield
        finally:
            if store is None:
                opened.close()

    app = FastAPI(
        title="Marsad",
        version=marsad.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.include_router(routes.router)
    app.include_router(writes.router)
    app.include_router(web_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.exception_handler(StoreError)
    async def store_unavailable(_request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return JSONResponse({"detail": "the event store is not available"}, status_code=503)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """The app with settings from the environment (``MARSAD_DB``, ``MARSAD_API_TOKEN``, ``MARSAD_CORS_ORIGINS``,
    ``MARSAD_MAX_BODY``): the factory ``marsad serve`` hands to uvicorn."""
    return create_app(Settings.from_env(os.environ.get(ENV_VAR)))
