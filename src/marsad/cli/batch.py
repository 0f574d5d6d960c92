"""`marsad batch`: corpus-scale extraction on Apache Spark (needs ``pip install 'marsad[batch]'``).

Also the entry point of ``spark-submit`` (``marsad/batch/__main__.py``): there the master and the resources come
from ``spark-submit`` and ``--master`` is not needed.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from marsad.cli.common import _day

DEFAULT_MASTER = "local[*]"


def batch_command(
    input_path: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="JSON Lines (.jsonl[.gz]), Parquet, or a folder of them or of .txt/.html/feed files; "
            "any path Spark reads (local, hdfs://, s3a://).",
        ),
    ],
    output_path: Annotated[
        str, typer.Argument(metavar="OUTPUT", help="Output folder (Parquet tables); a re-run only adds.")
    ],
    master: Annotated[
        str | None,
        typer.Option(
            "--master", help=f"Spark master (default {DEFAULT_MASTER}; under spark-submit, spark-submit's)."
        ),
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option("--partitions", min=1, help="Extraction tasks (default: four per core)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only documents published on or after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only documents published on or before this date.")
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date for inputs without one.")
    ] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet for inputs without one.")] = None,
) -> None:
    """Extract events from a corpus with Apache Spark into Parquet tables (documents, events, errors, incidents)."""
    err = Console(stderr=True, soft_wrap=True)
    try:
        from pyspark.errors import AnalysisException

        from marsad.batch.job import BatchOptions, make_session, run_batch, stop_session
        from marsad.batch.reading import ReadOptions
    except ImportError as exc:
        err.print(f"[red]error:[/] marsad batch needs pyspark ({exc}): pip install 'marsad[batch]'")
        raise typer.Exit(2) from exc
    from marsad.ingest.pipeline import ENV_EXTRACTOR

    read = ReadOptions(
        published=published, outlet=outlet, since=_day(since, "--since"), until=_day(until, "--until")
    )
    options = BatchOptions(read=read, partitions=partitions, engine=os.environ.get(ENV_EXTRACTOR, ""))
    under_submit = "PYSPARK_GATEWAY_PORT" in os.environ  # set by spark-submit for the Python driver
    spark = make_session(master or (None if under_submit else DEFAULT_MASTER), partitions)
    spark.sparkContext.setLogLevel("WARN")
    try:
        summary = run_batch(spark, input_path, output_path, options)
    except AnalysisException as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    finally:
        stop_session(spark)
    stats = summary.stats
    rate = (
        (summary.documents + summary.skipped + summary.errors) / summary.seconds if summary.seconds else 0.0
    )
    err.print(
        f"run {summary.run}: extracted {summary.documents} document(s), {summary.events} event(s); "
        f"skipped {summary.skipped} (already in the output or repeated); failed {summary.errors}; "
        f"{summary.incidents} incident(s); {summary.seconds:.1f} s ({rate:.0f} docs/s); "
        f"peak worker RSS {stats.get('max_worker_rss_mb', 0):.0f} MB -> {output_path}",
        highlight=False,
    )
    for message in summary.error_samples:
        err.print(f"  [yellow]failed[/] {message}", highlight=False)
    if summary.errors > len(summary.error_samples):
        err.print(f"  ... and {summary.errors - len(summary.error_samples)} more (see {output_path}/errors)")
    if summary.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("batch")(batch_command)
