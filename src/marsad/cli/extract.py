"""`marsad extract`: articles in, one contract record per document out (JSON, JSON Lines or CSV)."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer

from marsad.cli.common import check_published, maybe_terminal, plain_line
from marsad.cli.interrupt import interruptible
from marsad.errors import Failure, InputError, MarsadError, WorkersFailing
from marsad.export.cells import SafeDictWriter
from marsad.ingest.context import input_context
from marsad.ingest.context import where as _where
from marsad.ingest.paths import display, os_problem
from marsad.model import DocumentRecord, InputDocument

if TYPE_CHECKING:
    from marsad.extract.pipeline import Extractor
    from marsad.ingest.workers import Workers

log = logging.getLogger(__name__)

CSV_COLUMNS = [
    "doc_id",
    "event_id",
    "event_type",
    "sub_event_type",
    "actor1_id",
    "actor1_name",
    "actor2_id",
    "actor2_name",
    "location",
    "admin1",
    "admin2",
    "admin3",
    "pcode",
    "latitude",
    "longitude",
    "geo_precision",
    "date_start",
    "date_end",
    "date_precision",
    "fatalities",
    "quantities",
    "attribution",
    "modality",
    "confidence",
    "evidence",
]


def _csv_rows(record: DocumentRecord) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for e in record.events:
        loc = e.location
        rows.append(
            {
                "doc_id": record.doc_id,
                "event_id": e.id,
                "event_type": e.event_type,
                "sub_event_type": e.sub_event_type,
                "actor1_id": e.actor1.id if e.actor1 else "",
                "actor1_name": e.actor1.name if e.actor1 else "",
                "actor2_id": e.actor2.id if e.actor2 else "",
                "actor2_name": e.actor2.name if e.actor2 else "",
                "location": loc.name if loc else "",
                "admin1": loc.admin1 if loc else "",
                "admin2": loc.admin2 if loc else "",
                "admin3": loc.admin3 if loc else "",
                "pcode": loc.pcode if loc else "",
                "latitude": loc.latitude if loc else "",
                "longitude": loc.longitude if loc else "",
                "geo_precision": loc.geo_precision if loc else "",
                "date_start": e.date.start or "",
                "date_end": e.date.end or "",
                "date_precision": e.date.precision,
                "fatalities": e.fatalities,
                "quantities": "; ".join(
                    f"{q.qualifier} {q.value if q.value is not None else ''} {q.unit}".replace("  ", " ")
                    for q in e.quantities
                ),
                "attribution": e.attribution.name if e.attribution else "",
                "modality": e.modality,
                "confidence": e.confidence,
                "evidence": " | ".join(s.text for s in e.evidence),
            }
        )
    return rows


class _Writer:
    """Writes records as they come: JSON Lines, CSV, or JSON (one object for one document, else an array, both
    streamed), so that memory does not grow with the number of documents."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self.first: str | None = None
        self.count = 0
        self.csv: SafeDictWriter | None = None
        if fmt == "csv":
            self.csv = SafeDictWriter(out, fieldnames=CSV_COLUMNS)
            self.csv.writeheader()

    def write(self, record: DocumentRecord) -> None:
        """Write one record; a :class:`UnicodeEncodeError` (text that is no Unicode) leaves the output as it was."""
        contract = record.to_contract()
        line = json.dumps(contract, ensure_ascii=False)
        line.encode("utf-8")  # the whole record must encode before any of it is written
        if self.fmt == "jsonl":
            self.out.write(line + "\n")
        elif self.csv is not None:
            self.csv.writerows(_csv_rows(record))
        else:
            pretty = json.dumps(contract, ensure_ascii=False, indent=2)
            if self.count == 0:
                self.first = pretty
            else:
                if self.count == 1:
                    self.out.write("[\n" + _indent(self.first or ""))
                self.out.write(",\n" + _indent(pretty))
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            if self.count == 0:
                self.out.write("[]\n")
            elif self.count == 1:
                self.out.write((self.first or "") + "\n")
            else:
                self.out.write("\n]\n")
        self.out.flush()


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))




def _extract(extractor: Extractor, item: InputDocument, explain: bool, note: Callable[[str], None]) -> DocumentRecord:
    if explain:
        record, explanation = extractor.explain(
            item.text, published=item.published, doc_id=item.doc_id, outlet=item.outlet, title=item.title
        )
        note(explanation.render())
        return record
    return extractor.extract(
        item.text, published=item.published, doc_id=item.doc_id, outlet=item.outlet, title=item.title
    )


def run_extract(
    paths: list[str],
    *,
    published: str | None,
    doc_id: str | None,
    outlet: str | None,
    fmt: str,
    out: TextIO,
    err: TextIO,
    explain: bool = False,
    progress: bool = True,
    jobs: int = 1,
) -> int:
    """Extract every document of ``paths`` into ``out``; report bad inputs, and why a document gave no event,
    on ``err``; close with a summary, always; return the exit code (0; 1 when a document failed; 128 + the
    signal when interrupted). A failure of any kind on one document is that document's: the batch goes on.
    ``jobs`` > 1: the documents are extracted in that many worker processes (not with ``explain``), the records
    written in input order as from one process."""
    from marsad.cli.common import no_tick, progress_bar, ticked, ticker
    from marsad.extract.pipeline import Extractor
    from marsad.ingest.empty import explain_empty, warn_undated
    from marsad.ingest.readers import estimate_total, read_documents

    started = time.perf_counter()
    total = estimate_total(paths)
    many = total is None or total > 1
    # forked before a progress bar's thread runs, and before anything is written (a child must not inherit
    # buffered output); a single document, and standard input (each record written as soon as its article has come
    # in, not once the workers' tasks are full), are extracted here
    workers = _start_workers(jobs) if jobs > 1 and many and not explain and "-" not in paths else None
    extractor = Extractor.default()
    writer = _Writer(out, fmt)
    failed = done = events = empty = 0
    # one line per empty document when there are few, or on --verbose; else a count in the summary
    tell_empty = not explain and (not many or log.isEnabledFor(logging.INFO))
    bar: Any = None
    if progress and many and not explain and maybe_terminal(err):  # a bar may show: rich draws it and the notes
        from rich.console import Console

        console = Console(file=err, stderr=err is sys.stderr, highlight=False, soft_wrap=True, emoji=False)
        bar = progress_bar("extract", console, enabled=True)

        def note(message: str) -> None:
            console.print(message, markup=False)

    else:  # no bar: the notes are plain lines, and rich is not imported (0.03 s of the start-up)

        def note(message: str) -> None:
            err.write(plain_line(message))

    items = warn_undated(
        read_documents(paths, published=published, doc_id=doc_id, outlet=outlet, stdin=sys.stdin),
        lambda message: note(f"marsad extract: warning: {message}"),
    )
    stopped: KeyboardInterrupt | None = None
    gave_up: MarsadError | None = None
    cannot_write: OSError | None = None
    try:
        with bar if bar is not None else nullcontext():
            tick = ticker(bar, bar.add_task("extract", total=total, rate="")) if bar is not None else no_tick
            read = ticked(items, tick)
            if workers is not None:
                from marsad.ingest.workers import extract_in_order

                outcomes = extract_in_order(read, workers)
            else:
                outcomes = _in_process(read, extractor, explain, note, 1 if "-" in paths else READ_AHEAD)
            for item, outcome in outcomes:
                if isinstance(item, InputError):
                    failed += 1
                    note(f"marsad extract: skipped {item}")
                    continue
                where = _where(item)
                if outcome is None or isinstance(outcome, Failure):
                    failed += 1
                    note(f"marsad extract: skipped {where}: {outcome}")
                    continue
                record = outcome
                try:
                    writer.write(record)
                except UnicodeEncodeError as exc:
                    failed += 1
                    note(f"marsad extract: skipped {where}: the record holds text that is not Unicode ({exc.reason})")
                    continue
                except BrokenPipeError:  # the reader went away: the command ends quietly
                    raise
                except OSError as exc:  # a full disk, a device error: no later record can be written either
                    failed += 1
                    cannot_write = exc
                    break
                done += 1
                events += len(record.events)
                if not record.events:
                    empty += 1
                    if tell_empty:
                        note(f"marsad extract: {where}: no events: {explain_empty(item)}")
    except KeyboardInterrupt as exc:
        stopped = exc
    except WorkersFailing as exc:  # what was written stays; the rest of the input is not read
        gave_up = exc
    finally:
        if workers is not None:
            workers.close(kill=True)
    try:
        writer.close()
    except BrokenPipeError:
        raise
    except OSError as exc:
        cannot_write = cannot_write or exc
    seconds = time.perf_counter() - started
    rate = (done + failed) / seconds if seconds else 0.0
    summary = f"marsad extract: {done} document(s), {events} event(s), {failed} failed; {seconds:.1f} s ({rate:.1f} docs/s)"
    if empty and many:
        summary += f"; {empty} document(s) gave no events" + ("" if tell_empty else " (--verbose says why)")
    if stopped is not None:
        note(f"marsad extract: interrupted by {getattr(stopped, 'signal_name', 'SIGINT')}")
    if gave_up is not None:
        note(f"marsad extract: error: {gave_up}")
    if cannot_write is not None:
        note(f"marsad extract: error: cannot write the output ({cannot_write.strerror or cannot_write}); stopped")
    note(summary)
    if stopped is not None:
        return int(getattr(stopped, "exit_code", 130))
    return 1 if failed or gave_up is not None or cannot_write is not None else 0


def _start_workers(jobs: int) -> Workers:
    """``jobs`` worker processes, forked now (before a progress bar's thread runs) once this process has loaded
    Marsad's engine, which they share (the engine `marsad extract` runs: not ``$MARSAD_EXTRACTOR``'s)."""
    from marsad.extract.pipeline import Extractor
    from marsad.ingest.workers import Workers

    Extractor.default().extract("قصف على حلب")  # (resources loaded, patterns compiled: paid once, here)
    return Workers(jobs, "marsad:extract", fork=True).start()


#: Inputs read ahead of the extraction in one process: reading and extracting in turns, document by document,
#: made each evict the other's data from the processor's caches (the engine's automata and tables, the reader's):
#: 12 % of `marsad extract`'s time on corpus articles (docs/performance.md). Standard input is read one document at
#: a time, so that a record is written as soon as its article has come in.
READ_AHEAD = 64


def _in_process(
    items: Iterable[InputDocument | InputError],
    extractor: Extractor,
    explain: bool,
    note: Callable[[str], None],
    ahead: int = READ_AHEAD,
) -> Iterator[tuple[InputDocument | InputError, DocumentRecord | Failure | None]]:
    """Each item with its record (or the failure that is that document's alone), extracted in this process,
    ``ahead`` items read at a time."""
    source = iter(items)
    while chunk := list(islice(source, ahead)):
        for item in chunk:
            if isinstance(item, InputError):
                yield item, None
                continue
            outcome: DocumentRecord | Failure
            try:
                with input_context(_where(item)):
                    outcome = _extract(extractor, item, explain, note)
            except Exception as exc:  # the engine's failure on one document is that document's, not the batch's
                log.debug("extraction failed", exc_info=True)
                outcome = Failure.of(exc)
            yield item, outcome


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_command(
        paths: list[str] = typer.Argument(
            ..., help="Files (.txt, .jsonl, .html, .xml), folders, or - for stdin."
        ),
        published: str | None = typer.Option(
            None, "--published", callback=check_published, help="Publication date YYYY-MM-DD."
        ),
        doc_id: str | None = typer.Option(None, "--doc-id", help="Document id (single-article inputs)."),
        outlet: str | None = typer.Option(None, "--outlet", help="Name of the publishing outlet."),
        fmt: str = typer.Option("json", "--format", help="json, jsonl or csv."),
        output: Path | None = typer.Option(
            None, "--output", "-o", metavar="FILE", help="Write here instead of standard output (- for it)."
        ),
        explain: bool = typer.Option(
            False,
            "--explain",
            help="Print on standard error, for each document, where each event was born, merged, retyped, kept or "
            "dropped, and every event word that made no event, with the rule that decided.",
        ),
        progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on a terminal."),
        jobs: int = typer.Option(
            1,
            "--jobs",
            "-j",
            min=1,
            help="Extract in this many worker processes (the records in input order, as from one); not with --explain "
            "nor standard input.",
        ),
    ) -> None:
        """Extract structured events from Arabic news articles (one record per document, CONTRACT.md shape)."""
        if fmt not in {"json", "jsonl", "csv"}:
            raise typer.BadParameter("--format must be json, jsonl or csv")

        def run(out: TextIO) -> int:
            return run_extract(
                paths, published=published, doc_id=doc_id, outlet=outlet, fmt=fmt, out=out, err=sys.stderr,
                explain=explain, progress=progress, jobs=jobs,
            )  # fmt: skip

        with interruptible():
            try:
                if output is None or str(output) == "-":
                    code = run(sys.stdout)
                else:
                    try:
                        fh = output.open("w", encoding="utf-8", newline="")
                    except OSError as exc:
                        sys.stderr.write(f"marsad extract: cannot write {display(output)}: {os_problem(exc)}\n")
                        raise typer.Exit(2) from None
                    code = 1
                    try:
                        code = run(fh)
                    finally:
                        try:
                            fh.close()
                        except OSError as exc:  # the last of the output did not go to disk (full, failing)
                            sys.stderr.write(f"marsad extract: cannot write {display(output)}: {exc.strerror or exc}\n")
                            code = code or 1
            except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe: not an error
                sys.stderr.close()
                raise typer.Exit(0) from None
        raise typer.Exit(code)
