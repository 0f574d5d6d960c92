"""`marsad extract`: articles in, one contract record per document out (JSON, JSON Lines or CSV)."""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
import time
from pathlib import Path
from typing import TextIO

import typer
from rich.console import Console

from marsad.cli.common import check_published
from marsad.errors import InputError, MarsadError
from marsad.model import DocumentRecord

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
    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self.records: list[dict[str, object]] = []
        self.csv: csv.DictWriter[str] | None = None
        if fmt == "csv":
            self.csv = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
            self.csv.writeheader()

    def write(self, record: DocumentRecord) -> None:
        if self.fmt == "jsonl":
            self.out.write(json.dumps(record.to_contract(), ensure_ascii=False) + "\n")
        elif self.csv is not None:
            self.csv.writerows(_csv_rows(record))
        else:
            self.records.append(record.to_contract())

    def close(self) -> None:
        if self.fmt == "json":
            data: object = self.records[0] if len(self.records) == 1 else self.records
            self.out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        self.out.flush()


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
) -> int:
    """Extract every document of ``paths`` into ``out``; report bad inputs, and why a document gave no event,
    on ``err``; close with a summary; return the exit code."""
    from marsad.cli.common import progress_bar, ticked, ticker
    from marsad.extract.pipeline import Extractor
    from marsad.ingest.empty import explain_empty, warn_undated
    from marsad.ingest.pipeline import estimate_total
    from marsad.ingest.readers import read_documents

    started = time.perf_counter()
    extractor = Extractor.default()
    writer = _Writer(out, fmt)
    failed = done = events = empty = 0
    total = estimate_total(paths)
    many = total is None or total > 1
    # one line per empty document when there are few, or on --verbose; else a count in the summary
    tell_empty = not explain and (not many or log.isEnabledFor(logging.INFO))
    console = Console(file=err, stderr=err is sys.stderr, highlight=False, soft_wrap=True)
    bar = progress_bar("extract", console, enabled=progress and many and not explain)

    def note(message: str) -> None:
        console.print(message, markup=False)

    items = warn_undated(
        read_documents(paths, published=published, doc_id=doc_id, outlet=outlet, stdin=sys.stdin),
        lambda message: note(f"marsad extract: warning: {message}"),
    )
    with bar:
        tick = ticker(bar, bar.add_task("extract", total=total, rate=""))
        for item in ticked(items, tick):
            if isinstance(item, InputError):
                failed += 1
                note(f"marsad extract: skipped {item}")
                continue
            try:
                if explain:
                    record, explanation = extractor.explain(
                        item.text,
                        published=item.published,
                        doc_id=item.doc_id,
                        outlet=item.outlet,
                        title=item.title,
                    )
                    note(explanation.render())
                else:
                    record = extractor.extract(
                        item.text,
                        published=item.published,
                        doc_id=item.doc_id,
                        outlet=item.outlet,
                        title=item.title,
                    )
            except MarsadError as exc:
                failed += 1
                note(f"marsad extract: skipped {item.source}: {exc}")
                continue
            writer.write(record)
            done += 1
            events += len(record.events)
            if not record.events:
                empty += 1
                if tell_empty:
                    note(f"marsad extract: {item.source} ({item.doc_id}): no events: {explain_empty(item)}")
    writer.close()
    seconds = time.perf_counter() - started
    rate = (done + failed) / seconds if seconds else 0.0
    summary = f"marsad extract: {done} document(s), {events} event(s), {failed} failed; {seconds:.1f} s ({rate:.1f} docs/s)"
    if empty and many:
        summary += f"; {empty} document(s) gave no events" + ("" if tell_empty else " (--verbose says why)")
    note(summary)
    return 1 if failed else 0


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
    ) -> None:
        """Extract structured events from Arabic news articles (one record per document, CONTRACT.md shape)."""
        if fmt not in {"json", "jsonl", "csv"}:
            raise typer.BadParameter("--format must be json, jsonl or csv")
        if output is not None and str(output) != "-":
            with output.open("w", encoding="utf-8", newline="") as fh:
                code = run_extract(
                    paths,
                    published=published,
                    doc_id=doc_id,
                    outlet=outlet,
                    fmt=fmt,
                    out=fh,
                    err=sys.stderr,
                    explain=explain,
                    progress=progress,
                )
        else:
            buf: TextIO = io.StringIO() if fmt == "csv" else sys.stdout
            code = run_extract(
                paths,
                published=published,
                doc_id=doc_id,
                outlet=outlet,
                fmt=fmt,
                out=buf,
                err=sys.stderr,
                explain=explain,
                progress=progress,
            )
            if isinstance(buf, io.StringIO):
                sys.stdout.write(buf.getvalue())
        raise typer.Exit(code)
