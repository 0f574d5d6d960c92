"""`marsad incident split|detach|merge|remerge`: an analyst's corrections of cross-article merging, kept in the
store (they survive re-ingest, re-extraction and re-merging)."""

from __future__ import annotations

from typing import Annotated

import typer

from marsad.cli import common
from marsad.cli.helptext import MarsadGroup

app = typer.Typer(
    name="incident",
    help="Correct merged incidents; corrections are kept and survive re-ingest and re-merge.",
    no_args_is_help=True,
    cls=MarsadGroup,
)


def _incident_id(value: str) -> int:
    from marsad.export.detail import find_incident_id

    found = find_incident_id(value)
    if found is None:
        common.fail(f"{value!r} is not an incident id (45, or an ACLED incident id such as SYRI45)")
    return found


@app.command("split")
def split_command(
    incident: Annotated[str, typer.Argument(help="The incident to undo (45 or SYRI45).")],
    db: common.Db = None,
) -> None:
    """Give every report of an incident an incident of its own, and never merge them again."""
    from marsad.store.corrections import split

    with common.open_store(db, must_exist=True) as store:
        try:
            created = split(store, _incident_id(incident))
        except KeyError as exc:
            common.fail(str(exc.args[0]), code=1)
    common.err_console().print(
        f"incident {incident} split: {len(created) + 1} report(s) apart"
        + (f"; new incidents {', '.join(map(str, created))}" if created else "")
    )


@app.command("detach")
def detach_command(
    event: Annotated[str, typer.Argument(help="The event to take out of its incident (its store id).")],
    db: common.Db = None,
) -> None:
    """Take one report out of its incident, and never merge it with that incident's reports again."""
    from marsad.export.detail import find_event_id
    from marsad.store.corrections import detach

    with common.open_store(db, must_exist=True) as store:
        event_id = find_event_id(store, event)
        if event_id is None:
            common.fail(f"no event {event!r} in {store.url}", code=1)
        try:
            created = detach(store, event_id)
        except KeyError as exc:
            common.fail(str(exc.args[0]), code=1)
    common.err_console().print(f"event {event_id} detached into incident {created}")


@app.command("merge")
def merge_command(
    incident: Annotated[str, typer.Argument(help="The incident to keep.")],
    others: Annotated[list[str], typer.Argument(help="Incidents whose reports join it.")],
    db: common.Db = None,
) -> None:
    """Make the reports of OTHERS part of INCIDENT, for good."""
    from marsad.store.corrections import merge_incidents

    target = _incident_id(incident)
    with common.open_store(db, must_exist=True) as store:
        try:
            moved = merge_incidents(store, target, [_incident_id(o) for o in others])
        except KeyError as exc:
            common.fail(str(exc.args[0]), code=1)
    common.err_console().print(f"{moved} report(s) merged into incident {target}")


@app.command("remerge")
def remerge_command(db: common.Db = None) -> None:
    """Rebuild every incident from the stored events with the merging rules, keeping the corrections."""
    from marsad.store.corrections import remerge

    with common.open_store(db, must_exist=True) as store:
        count = remerge(store)
    common.err_console().print(f"{count} incident(s) after re-merging")


def register(root: typer.Typer) -> None:
    """Add the command group to the app."""
    root.add_typer(app)
