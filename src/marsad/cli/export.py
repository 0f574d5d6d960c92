"""`marsad export`: the store's events (or merged incidents) as ACLED CSV, GeoJSON, JSON Lines or Parquet."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from marsad.errors import MarsadError


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from exc


def export_command(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="acled-csv, geojson, jsonl or parquet.")
    ] = "acled-csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output file (default: standard output).")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store URL or SQLite path (default: $MARSAD_DB or ./marsad.db)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Events on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Events on or before this date (YYYY-MM-DD).")
    ] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Event type or sub-type.")] = None,
    admin1: Annotated[str | None, typer.Option("--admin1", help="Province (admin1).")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor id or English name.")] = None,
    incidents: Annotated[
        bool, typer.Option("--incidents", help="One row per merged incident, not per event.")
    ] = False,
) -> None:
    """Export stored events."""
    from marsad.export.writers import FORMATS, export
    from marsad.lexicon.resources import load_actor_lexicon
    from marsad.store.query import Filters
    from marsad.store.store import EventStore

    actors = load_actor_lexicon().by_id()

    def inter(actor_id: str) -> int | None:
        """ACLED's inter code from the actor lexicon (every actor the engine knows, not only the canonical ids)."""
        entry = actors.get(actor_id)
        return entry.inter if entry is not None else None

    err = Console(stderr=True, soft_wrap=True)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r}: choose one of {', '.join(FORMATS)}", param_hint="--format")
    filters = Filters(
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        types=(event_type,) if event_type else (),
        admin1=(admin1,) if admin1 else (),
        actors=(actor,) if actor else (),
    )
    try:
        with EventStore.open(db) as store:
            if output is None:
                count = export(store, fmt, sys.stdout.buffer, filters, incidents=incidents, inter=inter)
                sys.stdout.flush()
            else:
                with output.open("wb") as fh:
                    count = export(store, fmt, fh, filters, incidents=incidents, inter=inter)
    except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe: not an error
        sys.stderr.close()
        raise typer.Exit(0) from None
    except (MarsadError, OSError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    err.print(
        f"exported {count} {'incident' if incidents else 'event'}(s) as {fmt}"
        + (f" to {output}" if output else "")
    )


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("export")(export_command)
