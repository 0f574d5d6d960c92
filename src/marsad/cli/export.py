"""`marsad export`: the store's events (or merged incidents) as ACLED CSV, GeoJSON, JSON Lines or Parquet."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import IO, Annotated

import typer

from marsad.cli import common
from marsad.errors import MarsadError
from marsad.export.dating import HISTORICAL_DAYS
from marsad.store.filters import EventFilter

#: Formats that are not text: written to a file or a pipe, never to a terminal.
BINARY_FORMATS = ("parquet",)


@common.with_filters
def export_command(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="acled-csv, geojson, jsonl or parquet.")
    ] = "acled-csv",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Output file; - or nothing for standard output."),
    ] = None,
    db: common.Db = None,
    incidents: Annotated[
        bool, typer.Option("--incidents", help="One row per merged incident, not per event.")
    ] = False,
    acled_only: Annotated[
        bool,
        typer.Option(
            "--acled-only",
            help="Only ACLED's event types: leave out Marsad's Humanitarian type (Displacement, Return, "
            "Humanitarian aid), which ACLED does not have.",
        ),
    ] = False,
    with_arabic: Annotated[
        bool,
        typer.Option(
            "--with-arabic",
            help="ACLED CSV: add the Arabic place name, the actors' Arabic words and the evidence quote.",
        ),
    ] = False,
    historical: Annotated[
        bool,
        typer.Option(
            "--historical",
            help=f"Keep events dated over {HISTORICAL_DAYS} days before their article (history it recalls, "
            "left out by default), tagged historical.",
        ),
    ] = False,
    *,
    wanted: EventFilter,
) -> None:
    """Export stored events (every row dated: the article's date, else its dateline's or publication date)."""
    from marsad.export.acled import lexicon_inter
    from marsad.export.writers import FORMATS, export

    if fmt not in FORMATS:
        common.fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    to_stdout = output in (None, "-")
    if to_stdout and fmt in BINARY_FORMATS and common.stdout_is_terminal():
        common.fail(f"{fmt} is a binary format: give -o FILE, or redirect standard output to a file or a pipe")
    err = common.err_console()
    with common.open_store(db, must_exist=True) as store:
        filters = common.resolve(wanted, store)
        if acled_only:
            filters = replace(filters, exclude_types=("Humanitarian",))

        def write(out: IO[bytes]) -> None:
            written = export(
                store, fmt, out, filters, incidents=incidents, inter=lexicon_inter,
                with_arabic=with_arabic, keep_historical=historical,
            )  # fmt: skip
            unit = "incident" if incidents else "event"
            where = "" if to_stdout else f" to {output}"
            err.print(f"exported {written.rows} {unit}(s) as {fmt}{where}")
            if written.historical:
                err.print(
                    f"left out {written.historical} {unit}(s) dated over {HISTORICAL_DAYS} days before their article "
                    "(history, not news; --historical keeps them)"
                )

        try:
            if to_stdout:
                write(sys.stdout.buffer)
                sys.stdout.flush()
            else:
                with Path(str(output)).open("wb") as fh:
                    write(fh)
        except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe: not an error
            sys.stderr.close()
            raise typer.Exit(0) from None
        except (MarsadError, OSError) as exc:
            common.fail(str(exc))


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("export")(export_command)
