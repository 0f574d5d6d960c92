"""`marsad serve`: the JSON API and the analyst's web view over the event store (FastAPI + uvicorn)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from marsad.errors import MarsadError


def serve_command(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store URL or SQLite path (default: $MARSAD_DB or ./marsad.db)."),
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Server processes.")] = 1,
    cors: Annotated[
        list[str] | None,
        typer.Option(
            "--cors", help="Allow cross-origin reads from this origin (repeatable; none by default)."
        ),
    ] = None,
    max_body: Annotated[
        int, typer.Option("--max-body", min=1024, help="Largest request body accepted, in bytes.")
    ] = 16 * 1024 * 1024,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn's log level.")] = "info",
) -> None:
    """Serve the HTTP API (/api, /docs) and the web map (/) over the store. Writes (POST /api/documents) need
    the bearer token in $MARSAD_API_TOKEN; without it the server is read-only."""
    import uvicorn
    from sqlalchemy.engine import make_url

    from marsad.api.services import ENV_CORS, ENV_MAX_BODY
    from marsad.store.db import ENV_VAR, resolve_url
    from marsad.store.store import EventStore

    err = Console(stderr=True, soft_wrap=True)
    url = resolve_url(db)
    try:
        EventStore.open(url).close()  # create or migrate once, before the workers start
    except MarsadError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    # the worker processes build the app from the environment (uvicorn's factory)
    os.environ[ENV_VAR] = url
    os.environ[ENV_CORS] = ",".join(cors or [])
    os.environ[ENV_MAX_BODY] = str(max_body)
    if not os.environ.get("MARSAD_API_TOKEN"):
        err.print("MARSAD_API_TOKEN is not set: the server is read-only (POST /api/documents answers 403)")
    shown = make_url(url).render_as_string(hide_password=True)
    err.print(f"serving {shown} on http://{host}:{port}/ (API docs: /docs)")
    uvicorn.run(
        "marsad.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("serve")(serve_command)
