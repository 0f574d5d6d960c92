"""What the commands share: one-line errors, opening the store, the filter options, consoles sized to the terminal.

Every command that reports an error prints one line, ``error: ...``, on standard error and exits 2 (bad usage,
no store, an unsupported database); commands that read the store never create one.
"""

from __future__ import annotations

import functools
import inspect
import io
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from marsad.errors import MarsadError

if TYPE_CHECKING:
    from rich.console import Console

    from marsad.store.filter_spec import EventFilter
    from marsad.store.store import EventStore

_T = TypeVar("_T")
#: Width of tables written to a file or a pipe, where no terminal wraps them.
PIPE_WIDTH = 200


# rich is imported where a console is made (0.03 s of CPU: `marsad extract` on a pipe needs none)
def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` on standard error and exit with ``code``."""
    from rich.markup import escape

    err_console().print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(code)


# what rich's console strips from a line it prints (bell, backspace, vertical tab, form feed, carriage return)
_CONTROL_STRIP = dict.fromkeys((7, 8, 11, 12, 13))


def plain_line(message: str) -> str:
    """``message`` as the line rich's console prints to a file without markup, highlighting, wrapping or emoji
    codes: the control codes that move the cursor dropped (a tab, which rich expands by the width of the cells
    before it, is left to rich)."""
    if "\t" in message:
        from rich.console import Console

        out = io.StringIO()
        Console(file=out, highlight=False, soft_wrap=True, emoji=False).print(message, markup=False)
        return out.getvalue()
    return message.translate(_CONTROL_STRIP) + "\n"


def maybe_terminal(stream: Any) -> bool:
    """Whether rich may take ``stream`` for a terminal (a tty, or the environment says to treat it as one)."""
    if os.environ.get("TTY_COMPATIBLE") == "1" or os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:  # closed
        return False


def out_console() -> Console:
    """A console for human tables on standard output: the terminal's width (or ``$COLUMNS``), else
    :data:`PIPE_WIDTH` in a pipe."""
    from rich.console import Console

    sized = stdout_is_terminal() or os.environ.get("COLUMNS", "").isdigit()
    return Console(file=sys.stdout, width=None if sized else PIPE_WIDTH)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


#: The gazetteer kinds of the places a table row names, by the column it is in.
_KINDS = {"country": ("country",), "admin1": ("governorate", "region"), "admin2": ("district", "governorate")}


@lru_cache(maxsize=512)
def arabic_place_name(name: str, level: str | None = None) -> str:
    """The gazetteer's Arabic name of a place the store names in English (``""`` when it has none)."""
    from marsad.geo import default_gazetteer

    if not name or name == "unknown":
        return ""
    found = [p for p in default_gazetteer().lookup(name) if p.name == name]
    kinds = _KINDS.get(level or "", ())
    best = next((p for p in found if p.kind in kinds), found[0] if found else None)
    return best.name_ar if best is not None else ""


@contextmanager
def open_store(db: str | None, *, must_exist: bool) -> Iterator[EventStore]:
    """The store at ``db``; with ``must_exist`` one that is not there is an error, and nothing is created."""
    from marsad.store.db import require_store, resolve_url
    from marsad.store.store import EventStore

    try:
        url = resolve_url(db)
        if must_exist:
            require_store(url)
        store = EventStore.open(url)
    except MarsadError as exc:
        fail(str(exc))
    with store:
        yield store


def check_published(value: str | None) -> str | None:
    """``--published``: a day (YYYY-MM-DD), or a usage error (exit 2) naming what is wrong."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def progress_bar(label: str, console: Console, *, enabled: bool) -> Any:
    """The progress bar of a batch of documents on ``console`` (off when disabled or not a terminal)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=not (enabled and console.is_terminal),
    )


# how often the rate shown beside the bar is computed again (rich's speed sums up to 1,000 samples: once per
# document, that was 8 % of `marsad extract`'s time under cProfile)
RATE_EVERY_S = 0.5


def ticker(bar: Any, task: Any) -> Callable[[int], None]:
    """A function advancing ``task`` of ``bar`` by n documents and showing the rate (nothing when the bar is
    off: not a terminal, or disabled)."""
    if getattr(bar, "disable", False):
        return no_tick
    shown = [0.0]

    def tick(n: int) -> None:
        bar.advance(task, n)
        now = time.monotonic()
        if now - shown[0] >= RATE_EVERY_S:
            shown[0] = now
            speed = bar.tasks[task].speed
            bar.update(task, rate=f"{speed:.1f} docs/s" if speed else "")

    return tick


def no_tick(n: int) -> None:
    """The ticker of a progress bar that is off."""


def ticked(items: Iterable[_T], tick: Callable[[int], None]) -> Iterator[_T]:
    """``items``, ticking once as each is done with (when the next one is asked for)."""
    for item in items:
        yield item
        tick(1)


# --------------------------------------------------------------------------------------------- filter options

Db = Annotated[
    str | None,
    typer.Option("--db", metavar="URL", help="Store URL or SQLite path (default: $MARSAD_DB, marsad.toml, or ./marsad.db)."),
]
Since = Annotated[str | None, typer.Option("--since", metavar="DATE", help="Events on or after this day (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option("--until", metavar="DATE", help="Events on or before this day (YYYY-MM-DD).")]
Types = Annotated[
    list[str] | None,
    typer.Option("--type", help="Event type or sub-type (repeat for any of several)."),
]
Countries = Annotated[
    list[str] | None, typer.Option("--country", help="Country, in English or Arabic (repeatable).")
]
Admin1 = Annotated[
    list[str] | None,
    typer.Option("--admin1", help="Province, any spelling the gazetteer knows: إدلب, Idlib, Idleb (repeatable)."),
]
Admin2 = Annotated[list[str] | None, typer.Option("--admin2", help="District, any spelling (repeatable).")]
Actors = Annotated[
    list[str] | None,
    typer.Option("--actor", help="Actor id, English name or Arabic name, in any role (repeatable)."),
]
Outlets = Annotated[list[str] | None, typer.Option("--outlet", help="Publishing outlet (repeatable).")]
Bbox = Annotated[
    str | None, typer.Option("--bbox", metavar="W,S,E,N", help="west,south,east,north in degrees, e.g. 35.5,32.3,42.4,37.3.")
]
MinFatalities = Annotated[
    int | None, typer.Option("--min-fatalities", min=0, metavar="N", help="Events reporting at least this many killed.")
]
IngestedSince = Annotated[
    str | None,
    typer.Option(
        "--ingested-since",
        metavar="DATE",
        help="Events of articles stored since this day or time (ISO 8601): incremental exports.",
    ),
]


#: The filter options every reading command takes, by parameter name (``--type`` is ``event_type``).
FILTER_OPTIONS: dict[str, Any] = {
    "since": Since, "until": Until, "event_type": Types, "country": Countries, "admin1": Admin1,
    "admin2": Admin2, "actor": Actors, "outlet": Outlets, "bbox": Bbox, "min_fatalities": MinFatalities,
    "ingested_since": IngestedSince,
}  # fmt: skip


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` the filter options (:data:`FILTER_OPTIONS`) after its own; it receives them as one
    ``wanted: EventFilter`` (what the user typed, to :func:`resolve` against the store)."""
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "wanted"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, kind in FILTER_OPTIONS.items()
    ]

    @functools.wraps(command)
    def run(**kwargs: Any) -> None:
        given = {name: kwargs.pop(name, None) for name in FILTER_OPTIONS}
        wanted = build_filter(
            since=given["since"], until=given["until"], types=given["event_type"], countries=given["country"],
            admin1=given["admin1"], admin2=given["admin2"], actors=given["actor"], outlets=given["outlet"],
            bbox=given["bbox"], min_fatalities=given["min_fatalities"], ingested_since=given["ingested_since"],
        )  # fmt: skip
        command(**kwargs, wanted=wanted)

    run.__signature__ = inspect.Signature([*own, *added])  # type: ignore[attr-defined]
    return run


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date (YYYY-MM-DD)")


def _moment(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date or time (ISO 8601, e.g. 2024-05-01 or 2024-05-01T12:00)")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def build_filter(
    *,
    since: str | None = None,
    until: str | None = None,
    types: list[str] | None = None,
    countries: list[str] | None = None,
    admin1: list[str] | None = None,
    admin2: list[str] | None = None,
    actors: list[str] | None = None,
    outlets: list[str] | None = None,
    bbox: str | None = None,
    min_fatalities: int | None = None,
    ingested_since: str | None = None,
) -> EventFilter:
    """The filter of the command-line options, as the user typed them (see :func:`resolve`)."""
    from marsad.store.filter_spec import BBox, EventFilter  # (here: `marsad extract` has no filter, 2-3 ms)

    first, last = _day(since, "--since"), _day(until, "--until")
    if first and last and first > last:
        fail(f"--until {last} is before --since {first}")
    try:
        box = BBox.parse(bbox) if bbox else None
    except ValueError as exc:
        fail(f"--bbox: {exc}")
    return EventFilter(
        since=first,
        until=last,
        types=tuple(types or ()),
        countries=tuple(countries or ()),
        admin1=tuple(admin1 or ()),
        admin2=tuple(admin2 or ()),
        actors=tuple(actors or ()),
        outlets=tuple(outlets or ()),
        bbox=box,
        min_fatalities=min_fatalities,
        ingested_since=_moment(ingested_since, "--ingested-since"),
    )


def resolve(f: EventFilter, store: EventStore) -> EventFilter:
    """``f`` with the store's names for what the user typed; an unknown value is a one-line error listing the
    valid ones."""
    from marsad.store.names import resolve_filter

    try:
        return resolve_filter(f, store)
    except MarsadError as exc:
        fail(str(exc))
