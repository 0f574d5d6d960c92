"""`marsad stats`: what the store holds, counted by event type, admin1 and month."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from marsad.errors import MarsadError


def stats_command(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store URL or SQLite path (default: $MARSAD_DB or ./marsad.db)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Counts of documents, events and incidents; events by type, admin1 and month; older versions kept."""
    from marsad.store.query import stats
    from marsad.store.store import EventStore

    out = Console()
    try:
        with EventStore.open(db) as store:
            totals = store.counts()
            history = store.history_counts()
            counts = stats(store)
    except MarsadError as exc:
        Console(stderr=True, soft_wrap=True).print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if as_json:
        payload = {"totals": totals, "history": history, **{f"by_{k}": dict(v) for k, v in counts.items()}}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    out.print(f"{totals['documents']} documents, {totals['events']} events, {totals['incidents']} incidents")
    if any(history.values()):
        out.print(
            f"kept for audit: {history['versions']} older versions of articles with {history['retired_events']} "
            f"retired events (counted nowhere); {history['aliases']} aliases (a stored text met under another id)"
        )
    for key, title in (("type", "event type"), ("admin1", "admin1"), ("month", "month")):
        table = Table(title=f"events by {title}")
        table.add_column(title)
        table.add_column("events", justify="right")
        for name, n in counts[key]:
            table.add_row(name, str(n))
        out.print(table)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("stats")(stats_command)
