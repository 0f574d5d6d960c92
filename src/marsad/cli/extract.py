"""`marsad extract`: articles in, one contract record per document out (JSON, JSON Lines or CSV)."""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from pathlib import Path
from typing import TextIO

import typer

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
) -> int:
    """Extract every document of ``paths`` into ``out``; report bad inputs on ``err``; return the exit code."""
    from marsad.extract.pipeline import Extractor
    from marsad.ingest.readers import read_documents

    extractor = Extractor.default()
    writer = _Writer(out, fmt)
    failed = done = 0
    for item in read_documents(paths, published=published, doc_id=doc_id, outlet=outlet, stdin=sys.stdin):
        if isinstance(item, InputError):
            failed += 1
            err.write(f"marsad extract: skipped {item}\n")
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
                err.write(explanation.render() + "\n")
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
            err.write(f"marsad extract: skipped {item.source}: {exc}\n")
            continue
        writer.write(record)
        done += 1
    writer.close()
    if failed:
        err.write(f"marsad extract: {done} document(s) extracted, {failed} failed\n")
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_command(
        paths: list[str] = typer.Argument(
            ..., help="Files (.txt, .jsonl, .html, .xml), folders, or - for stdin."
        ),
        published: str | None = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
        doc_id: str | None = typer.Option(None, "--doc-id", help="Document id (single-article inputs)."),
        outlet: str | None = typer.Option(None, "--outlet", help="Name of the publishing outlet."),
        fmt: str = typer.Option("json", "--format", help="json, jsonl or csv."),
        output: Path | None = typer.Option(
            None, "--output", "-o", help="Write here instead of standard output."
        ),
        explain: bool = typer.Option(
            False,
            "--explain",
            help="Print on standard error, for each document, where each event was born, merged, retyped, kept or "
            "dropped, and every event word that made no event, with the rule that decided.",
        ),
    ) -> None:
        """Extract structured events from Arabic news articles (one record per document, CONTRACT.md shape)."""
        if fmt not in {"json", "jsonl", "csv"}:
            raise typer.BadParameter("--format must be json, jsonl or csv")
        if output is not None:
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
            )
            if isinstance(buf, io.StringIO):
                sys.stdout.write(buf.getvalue())
        raise typer.Exit(code)
