"""Option help that reads as usage: ``--since SINCE``, ``--type TYPE``, and no ``<bool>`` after a flag nor
``<list[str]>`` after a repeatable option (the help text says "repeatable")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from typer.core import TyperArgument, TyperGroup, TyperOption


def _no_type(ctx: Any) -> None:
    return None


def tidy_options(params: Iterable[Any]) -> None:
    """Give each option without a metavar its long name in capitals (a flag: none), each argument its name in
    capitals and no type."""
    for param in params:
        if isinstance(param, TyperOption) and param.metavar is None:
            if param.is_flag:
                param.metavar = ""
            else:
                long = next((o for o in param.opts if o.startswith("--")), param.opts[0])
                param.metavar = long.lstrip("-").replace("-", "_").upper()
        elif isinstance(param, TyperArgument) and param.metavar is None:
            param.metavar = str(param.name).upper()
            param.display_type_rich = _no_type  # type: ignore[method-assign]


class MarsadGroup(TyperGroup):
    """A command group whose commands' help is tidied (see :func:`tidy_options`)."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            tidy_options([*command.params, command.get_help_option(ctx)])
        return command

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        tidy_options(params)
        return params
