"""The ``marsad`` command: one thin module per sub-command, each registering itself on the Typer app."""

from __future__ import annotations

import atexit
import gc
import logging

import typer

from marsad.cli import batch as batch_cmd
from marsad.cli import export as export_cmd
from marsad.cli import extract as extract_cmd
from marsad.cli import incident as incident_cmd
from marsad.cli import ingest as ingest_cmd
from marsad.cli import places as places_cmd
from marsad.cli import serve as serve_cmd
from marsad.cli import show as show_cmd
from marsad.cli import stats as stats_cmd
from marsad.cli.helptext import MarsadGroup

app = typer.Typer(
    name="marsad",
    help="Marsad: Arabic news in, structured, geolocated, source-attributed event records out.",
    no_args_is_help=True,
    add_completion=False,
    cls=MarsadGroup,
)


def _version(value: bool) -> None:
    if value:
        import marsad

        typer.echo(f"marsad {marsad.__version__} (engine {marsad.ENGINE_VERSION})")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging detail."),
    config: str | None = typer.Option(
        None, "--config", help="Configuration file (default: $MARSAD_CONFIG, marsad.toml or pyproject.toml \\[tool.marsad])."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    from marsad.cli.common import fail
    from marsad.cli.config import find_config
    from marsad.errors import ConfigError
    from marsad.ingest.context import configure_logging

    configure_logging(logging.DEBUG if verbose else logging.WARNING)
    # At exit the interpreter runs full collections over every object still alive: with the compiled resources
    # (about a million objects) they took 0.5-1.0 s of each command on the loaded VM, more than the work of a short
    # input. Frozen objects are left to reference counting (exit handlers, files and stores close as before).
    atexit.unregister(gc.freeze)  # (once per process, however often a test calls the app)
    atexit.register(gc.freeze)
    try:
        found = find_config(explicit=config)
    except ConfigError as exc:
        fail(str(exc))
    if found is not None:
        defaults = found.default_map()
        for command, values in (ctx.default_map or {}).items():  # defaults given by the caller win
            defaults.setdefault(command, {}).update(values)
        ctx.default_map = defaults


for _module in (
    extract_cmd, ingest_cmd, export_cmd, stats_cmd, show_cmd, incident_cmd, places_cmd, serve_cmd, batch_cmd
):
    _module.register(app)
