"""`marsad stats`: what the store holds, counted by event type, country, admin1 and month, under the same
filters as `marsad export`."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from marsad.cli import common
from marsad.store.filter_spec import EventFilter

VIEWS = {"type": "event type", "country": "country", "admin1": "admin1", "month": "month"}


@common.with_filters
def stats_command(
    db: common.Db = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    by: Annotated[
        str | None, typer.Option("--by", help="Only one view: type, country, admin1 or month.")
    ] = None,
    *,
    wanted: EventFilter,
) -> None:
    """Counts of documents, events and incidents; events by type, country, admin1 and month; older versions kept."""
    from marsad.store.query import stats

    if by is not None and by not in VIEWS:
        common.fail(f"--by {by!r}: choose one of {', '.join(VIEWS)}")
    with common.open_store(db, must_exist=True) as store:
        filters = common.resolve(wanted, store)
        totals = store.counts()
        history = store.history_counts()
        counts = stats(store, filters)
    matching = sum(n for _, n in counts["type"])
    views = [by] if by else list(VIEWS)
    if as_json:
        payload = {
            "totals": totals,
            "history": history,
            "matching_events": matching,
            **{f"by_{k}": dict(counts[k]) for k in views},
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    out = common.out_console()
    line = f"{totals['documents']} documents, {totals['events']} events, {totals['incidents']} incidents"
    if not filters.is_empty():
        line += f"; {matching} events match the filters"
    out.print(line, highlight=False)
    if any(history.values()):
        out.print(
            f"kept for audit: {history['versions']} older versions of articles with {history['retired_events']} "
            f"retired events (counted nowhere); {history['aliases']} aliases (a stored text met under another id)",
            highlight=False,
        )
    for key in views:
        title = VIEWS[key]
        table = Table(title=f"events by {title}")
        table.add_column(title)
        if key in ("country", "admin1"):
            table.add_column("عربي", justify="right")
        table.add_column("events", justify="right")
        for name, n in counts[key]:
            cells = [name]
            if key in ("country", "admin1"):
                cells.append(common.arabic_place_name(name, key))
            table.add_row(*cells, str(n))
        out.print(table)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("stats")(stats_command)
