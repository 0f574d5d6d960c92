"""The ``marsad`` command: one thin module per sub-command, each registering itself on the Typer app."""

from __future__ import annotations

import atexit
import gc
import importlib
import logging
import sys
from typing import Any

import typer

from marsad.cli.helptext import MarsadGroup

#: The sub-commands in the order ``marsad --help`` lists them (a group such as ``incident`` after the commands,
#: as Typer lists them), each registered by ``marsad.cli.<name>.register``. A command's module is imported when
#: the command runs (or the help lists it), so that ``marsad extract`` does not import the store's, the API's, the
#: tables' or Spark's commands (0.01-0.02 s of its start-up).
COMMANDS = ("extract", "ingest", "export", "stats", "show", "places", "serve", "batch", "incident")
#: The packages whose module-level caches (``functools.lru_cache``) hold the compiled resources: plain data,
#: automata and patterns, nothing to close or flush.
RESOURCE_PACKAGES = ("marsad.text", "marsad.lexicon", "marsad.geo", "marsad.extract")


class _LazyCommands(MarsadGroup):
    """The top-level group: each sub-command built from its module on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module = importlib.import_module(f"marsad.cli.{cmd_name}")
            registry = typer.Typer()
            module.register(registry)
            self.commands[cmd_name] = typer.main.get_group(registry).commands[cmd_name]
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in COMMANDS:  # not a command: Typer's "Did you mean ..." looks at all of them
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="marsad",
    help="Marsad: Arabic news in, structured, geolocated, source-attributed event records out.",
    no_args_is_help=True,
    add_completion=False,
    cls=_LazyCommands,
)


def _at_exit() -> None:
    """What a command does as the interpreter exits, before it clears its modules.

    The interpreter runs full collections over every object still alive: with the compiled resources (about a
    million objects) they took 0.5-1.0 s of each command on the loaded VM, more than the work of a short input, so
    everything alive is frozen (left to reference counting; exit handlers, files and stores close as before). Then,
    clearing each module, it frees what the module's caches hold one object at a time: the gazetteer and the
    lexicon, 80-90 M instructions (4-5 %) of a two-line ``marsad extract`` (whether it happened depended on what
    else still referred to them at exit). The resource modules' caches are kept in a frozen cycle, which no
    collection examines, so nothing frees them one by one: their memory goes back with the process's."""
    kept: list[Any] = [
        value
        for name, module in list(sys.modules.items())
        if name.startswith(RESOURCE_PACKAGES) and module is not None
        for value in list(vars(module).values())
        if hasattr(type(value), "cache_info")  # (an lru_cache; asked of the type: a lazy pattern would compile)
    ]
    kept.append(kept)
    gc.freeze()


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
    atexit.unregister(_at_exit)  # (once per process, however often a test calls the app)
    atexit.register(_at_exit)
    try:
        found = find_config(explicit=config)
    except ConfigError as exc:
        fail(str(exc))
    if found is not None:
        defaults = found.default_map()
        for command, values in (ctx.default_map or {}).items():  # defaults given by the caller win
            defaults.setdefault(command, {}).update(values)
        ctx.default_map = defaults
