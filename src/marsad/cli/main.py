"""The ``marsad`` command: one thin module per sub-command, each registering itself on the Typer app."""

from __future__ import annotations

import logging

import typer

from marsad.cli import export as export_cmd
from marsad.cli import extract as extract_cmd
from marsad.cli import ingest as ingest_cmd
from marsad.cli import places as places_cmd
from marsad.cli import serve as serve_cmd
from marsad.cli import stats as stats_cmd

app = typer.Typer(
    name="marsad",
    help="Marsad: Arabic news in, structured, geolocated, source-attributed event records out.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging detail.")) -> None:
    from marsad.ingest.context import configure_logging

    configure_logging(logging.DEBUG if verbose else logging.WARNING)


for _module in (extract_cmd, ingest_cmd, export_cmd, stats_cmd, places_cmd, serve_cmd):
    _module.register(app)
