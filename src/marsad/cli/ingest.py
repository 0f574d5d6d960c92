"""`marsad ingest`: extract articles into the event store (idempotent, saved in batches of one transaction)."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from marsad.cli import common
from marsad.cli.interrupt import interruptible
from marsad.errors import MarsadError

if TYPE_CHECKING:
    from marsad.ingest.pipeline import Workers


def _beside(english: str | None, arabic: str | None) -> str:
    """English with the article's Arabic words beside it."""
    if arabic and arabic != english:
        return f"{english or ''} [dim]{arabic}[/]".strip()
    return english or ""


def _events_table(rows: list[tuple[str, dict[str, Any]]]) -> Table:
    table = Table(title=f"{len(rows)} event(s)", show_lines=False)
    # long ids and sub-types (Shelling/artillery/missile attack) fold; the other cells wrap between words
    for name in ("doc", "#", "event", "actor 1", "actor 2", "place", "date", "fat.", "source"):
        table.add_column(
            name, no_wrap=name in ("#", "date", "fat."), overflow="fold" if name in ("doc", "event") else "ellipsis"
        )
    for doc_id, ev in rows:
        loc = ev.get("location") or {}
        place = _beside(loc.get("name"), loc.get("name_ar")) + (f", {loc['admin1']}" if loc.get("admin1") else "")
        a1, a2 = ev.get("actor1") or {}, ev.get("actor2") or {}
        table.add_row(
            doc_id,
            str(ev.get("id", "")).rsplit(":", 1)[-1],
            ev.get("sub_event_type", ""),  # names its type (Other: Strategic developments)
            _beside(a1.get("name"), a1.get("text")),
            _beside(a2.get("name"), a2.get("text")),
            place,
            (ev.get("date") or {}).get("start") or "",
            str(ev.get("fatalities", 0)),
            (ev.get("attribution") or {}).get("name", ""),
        )
    return table


def ingest_command(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, folders (recursive) or - for standard input.")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store URL or SQLite path (default: $MARSAD_DB or ./marsad.db)."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Extraction worker processes.")] = 1,
    reextract: Annotated[
        bool,
        typer.Option(
            "--reextract",
            help="Re-run documents stored by an older engine (all of them when no PATH is given).",
        ),
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(
            "--published", callback=common.check_published, help="Publication date for inputs without one."
        ),
    ] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet for inputs without one.")] = None,
    max_chars: Annotated[
        int, typer.Option("--max-chars", help="Refuse documents longer than this.")
    ] = 200_000,
    show: Annotated[
        bool, typer.Option("--show", help="Print the events of the documents of this run as a table.")
    ] = False,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Show a progress bar on a terminal.")
    ] = True,
    from_batch: Annotated[
        str | None,
        typer.Option(
            "--from-batch",
            metavar="OUTPUT",
            help="Load the documents and events of a `marsad batch` output instead (no extraction).",
        ),
    ] = None,
) -> None:
    """Extract events from articles and store them (same content is skipped; a changed text of a stored article
    replaces its events, the older version kept)."""
    err = Console(stderr=True, soft_wrap=True)
    if from_batch is not None and (paths or reextract):
        err.print("[red]error:[/] --from-batch loads a batch output: give no PATH and no --reextract with it")
        raise typer.Exit(2)
    if not paths and not reextract and from_batch is None:
        err.print("[red]error:[/] give at least one PATH (or --reextract alone to refresh the whole store)")
        raise typer.Exit(2)
    try:
        with interruptible(), _started_workers(jobs, from_batch, db) as (workers, created):
            code = _run(
                paths, db, jobs, reextract, published, outlet, max_chars, show, progress, from_batch, err, workers,
                created,
            )  # fmt: skip
    except KeyboardInterrupt as exc:  # a signal outside the loop (opening the store, the --show table)
        err.print(f"interrupted by {getattr(exc, 'signal_name', 'SIGINT')}", highlight=False)
        raise typer.Exit(getattr(exc, "exit_code", 130)) from None
    if code:
        raise typer.Exit(code)


@contextmanager
def _started_workers(
    jobs: int, from_batch: str | None, db: str | None
) -> Iterator[tuple[Workers | None, Callable[[], bool] | None]]:
    """The worker processes of a run with ``jobs`` > 1, started first: forked now, before any thread runs and once
    this process has loaded the engine, they have the engine and the modules imported here without loading them
    again. A new SQLite store is created meanwhile by a child process (:func:`~marsad.ingest.pipeline.create_aside`,
    forked before the engine loads; the function yielded with the workers waits for it). The run closes the
    workers; leaving this closes those of a run that never started."""
    from marsad.ingest.pipeline import Workers, create_aside  # and the readers, the store, SQLAlchemy
    from marsad.store.db import is_new, resolve_url

    workers = Workers(jobs, None, fork=True) if jobs > 1 and from_batch is None else None
    url = resolve_url(db)
    created = create_aside(url) if workers is not None and is_new(url) else None
    if workers is not None:
        workers.start()
    try:
        yield workers, created
    finally:
        if workers is not None:
            workers.close(kill=True)


def _run(
    paths: list[str] | None,
    db: str | None,
    jobs: int,
    reextract: bool,
    published: str | None,
    outlet: str | None,
    max_chars: int,
    show: bool,
    progress: bool,
    from_batch: str | None,
    err: Console,
    workers: Workers | None,
    created: Callable[[], bool] | None,
) -> int:
    from marsad.ingest.empty import undated_message
    from marsad.ingest.pipeline import (
        estimate_total,
        ingest,
        ingest_batch_output,
        load_extractor,
        stored_outdated,
    )
    from marsad.ingest.readers import read_inputs
    from marsad.store.db import is_new, resolve_url
    from marsad.store.store import EventStore

    new_store = created is not None or is_new(resolve_url(db))
    try:  # a store created aside is at the newest schema: opened without asking (nor importing Alembic)
        store = EventStore.open(db, upgrade=not (created is not None and created()))
    except MarsadError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    with store:
        items: Any
        try:
            _, version = load_extractor()
        except (ImportError, AttributeError) as exc:
            err.print(f"[red]error:[/] the extraction engine is not available ({escape(str(exc))})")
            raise typer.Exit(2) from exc
        bar = common.progress_bar("ingest", err, enabled=progress)
        if from_batch is not None:
            items, total = [], None
        elif paths:
            items = read_inputs(paths, published=published, outlet=outlet, max_chars=max_chars)
            # counted for a bar that is shown only (reading the input once more: 9-27 ms for 3,000 articles)
            total = None if bar.disable else estimate_total(paths)
        else:
            outdated = list(stored_outdated(store, version))
            items, total = outdated, len(outdated)
        with bar:
            tick = common.ticker(bar, bar.add_task("ingest", total=total, rate=""))
            try:
                if from_batch is not None:
                    summary = ingest_batch_output(store, from_batch, progress=tick)
                else:
                    summary = ingest(
                        store,
                        items,
                        jobs=jobs,
                        reextract=reextract,
                        progress=tick,
                        workers=workers,
                        undated=lambda doc: err.print(f"[yellow]warning:[/] {escape(undated_message(doc))}"),
                        new_store=new_store,
                    )
            except MarsadError as exc:
                err.print(f"[red]error:[/] {escape(str(exc))}")
                raise typer.Exit(2) from exc
        rate = summary.processed / summary.seconds if summary.seconds else 0.0
        if summary.interrupted:
            err.print(f"interrupted by {summary.interrupted}: what is stored stays; run again to go on", markup=False)
        if summary.stopped:
            err.print(f"[red]error:[/] {escape(summary.stopped)}", highlight=False)
        err.print(
            f"ingested {summary.ingested}, updated {summary.updated} (new versions), re-extracted "
            f"{summary.replaced}, skipped {summary.skipped} (already stored), aliases {summary.aliased}, "
            f"failed {summary.n_failed}; {summary.events} events; "
            f"{summary.seconds:.1f} s ({rate:.1f} docs/s) into {store.url}",
            highlight=False,
            markup=False,
        )
        for reason in summary.failed[:50]:
            err.print(f"  [yellow]failed[/] {escape(reason)}", highlight=False)
        if summary.n_failed > 50:
            err.print(f"  ... and {summary.n_failed - 50} more")
        if show:
            rows: list[tuple[str, dict[str, Any]]] = []
            for document_id in dict.fromkeys(summary.document_ids):
                doc = store.load_document(document_id)
                rows.extend((doc.doc_id, ev) for ev in store.document_events(document_id))
            common.out_console().print(_events_table(rows))
    if summary.interrupted:
        return 128 + int(getattr(signal.Signals, summary.interrupted, signal.SIGINT))
    return 1 if summary.n_failed else 0


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("ingest")(ingest_command)
