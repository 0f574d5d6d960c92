"""`marsad batch` in local mode: the same events as `marsad extract`, errors as rows, re-runs that only add, the
store's incidents, and `marsad ingest --from-batch`. Everything is compared with the engine's output of this run."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession
from sqlalchemy import select
from typer.testing import CliRunner

import marsad
from marsad.batch.job import TABLES, BatchOptions, BatchSummary, read_table, run_batch
from marsad.batch.records import contract_event
from marsad.cli.main import app
from marsad.ingest.pipeline import ingest
from marsad.ingest.readers import MAX_MARKUP_BYTES, read_documents
from marsad.store.schema import Document, Event, Incident, IncidentMember
from marsad.store.store import EventStore, content_hash

from .engines import BREAKING_ID

SHELLING = "قصف مدفعي لقوات النظام على بلدة كفرنبل بريف إدلب الجنوبي أمس أسفر عن مقتل مدنيين اثنين."


def events_by_doc(spark: SparkSession, out: Path) -> dict[str, list[dict[str, Any]]]:
    """The contract events of a batch output, rebuilt from its rows, by doc id in rank order."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = read_table(spark, str(out), "events").collect()
    for row in sorted(rows, key=lambda r: (r.doc_id, r.seq)):
        found[row.doc_id].append(contract_event(row.asDict(recursive=True)))
    return found


def table_rows(spark: SparkSession, out: Path, name: str) -> list[str]:
    rows = read_table(spark, str(out), name).collect()
    return sorted(json.dumps(r.asDict(recursive=True), default=str, sort_keys=True) for r in rows)


def test_the_events_of_the_dev_articles_equal_those_of_marsad_extract(
    spark: SparkSession, dev_batch: tuple[Path, BatchSummary], dev_extracted: dict[str, dict[str, Any]]
) -> None:
    out, summary = dev_batch
    assert summary.errors == 0 and summary.documents == len(dev_extracted) == 17
    found = events_by_doc(spark, out)
    assert set(found) <= set(dev_extracted)
    for doc_id, record in dev_extracted.items():
        assert found.get(doc_id, []) == record["events"], doc_id
    assert summary.events == sum(len(r["events"]) for r in dev_extracted.values()) > 0


def test_documents_carry_their_text_hash_and_engine_version(
    spark: SparkSession, dev_batch: tuple[Path, BatchSummary], dev_dir: Path
) -> None:
    out, summary = dev_batch
    docs = read_table(spark, str(out), "documents").collect()
    assert sorted(d.doc_id for d in docs) == sorted(p.stem for p in dev_dir.glob("*.txt"))
    for doc in docs:
        assert doc.text == (dev_dir / f"{doc.doc_id}.txt").read_text(encoding="utf-8")
        assert doc.content_hash == content_hash(doc.text)
        assert (doc.engine_version, doc.run) == (marsad.ENGINE_VERSION, summary.run)
    months = {p.name for p in (out / "events").glob("event_month=*")}
    countries = {p.name for p in (out / "events").glob("event_month=*/country=*")}
    assert "event_month=2022-01" in months and "country=Syria" in countries
    # a local master writes no Hadoop checksum file beside each table file
    assert list(out.rglob("*.parquet")) and not list(out.rglob("*.crc"))


def test_a_rerun_adds_nothing_and_a_larger_input_only_adds(
    spark: SparkSession, dev_batch: tuple[Path, BatchSummary], dev_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(dev_batch[0], out)
    before = {name: table_rows(spark, out, name) for name in TABLES}
    again = run_batch(spark, str(dev_dir), str(out))
    assert (again.documents, again.events, again.errors, again.skipped) == (0, 0, 0, 17)
    assert {name: table_rows(spark, out, name) for name in TABLES} == before

    grown_input = tmp_path / "in"
    shutil.copytree(dev_dir, grown_input)
    (grown_input / "new.jsonl").write_text(
        json.dumps({"id": "new-1", "text": SHELLING, "published": "2022-03-02", "outlet": "SANA"}) + "\n",
        encoding="utf-8",
    )
    grown = run_batch(spark, str(grown_input), str(out))
    assert (grown.documents, grown.skipped, grown.run) == (1, 17, 2)
    after = {name: table_rows(spark, out, name) for name in ("documents", "events", "errors")}
    for name in ("documents", "events", "errors"):
        assert set(before[name]) <= set(after[name])
    assert len(after["documents"]) == 18
    assert (
        events_by_doc(spark, out)["new-1"]
        == marsad.extract(SHELLING, published="2022-03-02", doc_id="new-1", outlet="SANA").to_contract()[
            "events"
        ]
    )


def test_the_python_workers_started_ahead_are_those_the_extraction_uses(
    spark: SparkSession, dev_batch: tuple[Path, BatchSummary]
) -> None:
    """A local run starts its Python workers from a thread while it plans (an RDD job); the SQL tasks of the
    extraction reuse them: the JVM has one worker daemon, not one for each kind of job."""
    gateway = spark.sparkContext._gateway.proc  # type: ignore[union-attr]
    daemons = [
        pid
        for pid in (int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit())
        if _parent(pid) == gateway.pid and b"marsad.batch.daemon" in _command(pid)
    ]
    assert len(daemons) == 1


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _command(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_a_content_read_by_several_tasks_is_kept_once_as_its_first_document(
    spark: SparkSession, tmp_path: Path
) -> None:
    """Each file is read by a task of its own, which extracts what it reads: the same text in both files is kept
    once, as the document first by source, then line (the store's first), whatever task read it first."""
    source = tmp_path / "in"
    source.mkdir()

    def line(doc_id: str, text: str) -> str:
        return json.dumps({"id": doc_id, "text": text, "published": "2022-03-02"}, ensure_ascii=False)

    other = "دمشق\n" + SHELLING
    (source / "a.jsonl").write_text(line("a-1", other) + "\n" + line("a-2", SHELLING) + "\n", encoding="utf-8")
    (source / "b.jsonl").write_text(line("b-1", SHELLING) + "\n" + line("b-2", other) + "\n", encoding="utf-8")
    assert spark.read.text(str(source)).rdd.getNumPartitions() == 2
    out = tmp_path / "out"
    summary = run_batch(spark, str(source), str(out), BatchOptions(partitions=2))
    assert (summary.documents, summary.skipped, summary.errors) == (2, 2, 0)
    docs = read_table(spark, str(out), "documents").collect()
    assert sorted((d.doc_id, d.line) for d in docs) == [("a-1", 1), ("a-2", 2)]
    events = events_by_doc(spark, out)
    assert set(events) == {"a-1", "a-2"}
    assert events["a-2"] == marsad.extract(SHELLING, published="2022-03-02", doc_id="a-2").to_contract()["events"]


def test_bad_records_become_error_rows_and_the_rest_succeed(
    spark: SparkSession, dev_dir: Path, tmp_path: Path
) -> None:
    # the stand-in engine (tests/batch/engines.py) goes to the workers as the package it is in the tests
    bundle = tmp_path / "engines.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.write(Path(__file__).with_name("__init__.py"), "batch/__init__.py")
        zf.write(Path(__file__).with_name("engines.py"), "batch/engines.py")
    spark.sparkContext.addPyFile(str(bundle))
    article = (dev_dir / "cnn-2018-09-09-idlib-air-strikes.txt").read_text(encoding="utf-8")
    lines = [
        json.dumps({"id": "good-1", "text": article, "published": "2018-09-09"}, ensure_ascii=False),
        '{"id": "broken", "text": "قصف على',
        json.dumps({"id": "english", "text": "Shelling hit the town of Kafr Nabl yesterday."}),
        json.dumps({"id": BREAKING_ID, "text": SHELLING}, ensure_ascii=False),
        json.dumps(
            {"id": "good-2", "text": "دمشق\n" + SHELLING, "published": "2022-03-02"}, ensure_ascii=False
        ),
    ]
    source = tmp_path / "bad.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch(spark, str(source), str(out), BatchOptions(engine="batch.engines:extract_or_break"))
    assert (summary.documents, summary.errors) == (2, 3)
    docs = read_table(spark, str(out), "documents").collect()
    assert sorted(d.doc_id for d in docs) == ["good-1", "good-2"]
    errors = {(e.stage, e.line): e for e in read_table(spark, str(out), "errors").collect()}
    assert set(errors) == {("read", 2), ("read", 3), ("extract", 4)}
    assert "bad.jsonl:2" in errors["read", 2].message and "malformed JSON" in errors["read", 2].message
    assert "not Arabic" in errors["read", 3].message
    assert errors["extract", 4].doc_id == BREAKING_ID
    assert "the engine broke on purpose" in errors["extract", 4].message
    again = run_batch(spark, str(source), str(out), BatchOptions(engine="batch.engines:extract_or_break"))
    assert again.documents == 0 and read_table(spark, str(out), "errors").count() == 3


def test_a_file_too_large_to_read_is_an_error_row_and_a_run_without_errors_writes_none(
    spark: SparkSession, tmp_path: Path
) -> None:
    """A file over the size any reader takes is never read but counted as a read error, so that its row is
    written (a run whose tasks report no error skips the errors table, which then reads as empty)."""
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(SHELLING, encoding="utf-8")
    out = tmp_path / "out"
    clean = run_batch(spark, str(source), str(out), BatchOptions(partitions=2))
    assert (clean.documents, clean.errors) == (1, 0)
    assert not (out / "errors").exists() and read_table(spark, str(out), "errors").count() == 0
    with open(source / "huge.txt", "wb") as f:
        f.truncate(MAX_MARKUP_BYTES + 1)
    (source / "b.txt").write_text("دمشق\n" + SHELLING, encoding="utf-8")
    again = run_batch(spark, str(source), str(out), BatchOptions(partitions=2))
    assert (again.documents, again.errors, again.skipped) == (1, 1, 1)
    (error,) = read_table(spark, str(out), "errors").collect()
    assert error.stage == "read" and error.source.endswith("huge.txt") and error.run == 2
    assert again.error_samples == [error.message]


def test_the_counts_of_a_run_that_adds_to_an_output_are_exact(spark: SparkSession, tmp_path: Path) -> None:
    """Into an output with documents, the input is parsed, joined with the known contents and extracted once:
    writing the documents table drops Spark's cache of the results (their plan reads that table), so no query
    over the results may follow it (each would parse and extract the input again, and count it again)."""
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(SHELLING, encoding="utf-8")
    out = tmp_path / "out"
    run_batch(spark, str(source), str(out), BatchOptions(partitions=2))
    (source / "b.txt").write_text("دمشق\n" + SHELLING, encoding="utf-8")
    (source / "c.txt").write_text("Shelling hit the town of Kafr Nabl yesterday.", encoding="utf-8")
    grown = run_batch(spark, str(source), str(out), BatchOptions(partitions=2))
    assert (grown.documents, grown.skipped, grown.errors, grown.run) == (1, 1, 1, 2)
    assert {k: v for k, v in grown.stats.items() if k in ("documents_read", "read_errors", "extracted")} == {
        "documents_read": 2,
        "read_errors": 1,
        "extracted": 1,
    }
    assert len(grown.error_samples) == 1 and "c.txt" in grown.error_samples[0]


def _news(dev_dir: Path, path: Path) -> None:
    """The dev articles with their date and outlet, each followed by a retelling (another outlet's copy with a
    lead line of its own), so that reports of one event by different documents exist to be merged."""
    lines = []
    for gold in sorted(dev_dir.glob("*.gold.json")):
        meta = json.loads(gold.read_text(encoding="utf-8"))
        doc_id = gold.name.removesuffix(".gold.json")
        text = (dev_dir / f"{doc_id}.txt").read_text(encoding="utf-8")
        base = {"published": meta.get("published"), "outlet": meta.get("outlet")}
        lines.append({"id": doc_id, "text": text, **base})
        lines.append(
            {
                **base,
                "id": f"{doc_id}-retold",
                "text": "نقلا عن وسائل إعلام محلية\n" + text,
                "outlet": "Other",
            }
        )
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")


def _store_incidents(store: EventStore) -> dict[frozenset[tuple[str, int]], tuple[Any, ...]]:
    """Incidents of a store by their members (doc id, rank), with the members' reasons and the summary."""
    members: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    with store.session() as s:
        rows = s.execute(
            select(IncidentMember.incident_id, Document.doc_id, Event.seq, IncidentMember.reason)
            .join(Event, Event.id == IncidentMember.event_id)
            .join(Document, Document.id == Event.document_id)
        )
        for incident_id, doc_id, seq, reason in rows:
            members[incident_id].append((doc_id, seq, reason))
        found = {}
        for inc in s.scalars(select(Incident)):
            group = members[inc.id]
            summary = (inc.event_type, inc.sub_event_type, inc.pcode, inc.admin1, inc.admin3, inc.n_events,
                       inc.n_documents, inc.date_start, inc.date_end)  # fmt: skip
            found[frozenset((d, q) for d, q, _ in group)] = (sorted(group), summary)
    return found


def _batch_incidents(spark: SparkSession, out: Path) -> dict[frozenset[tuple[str, int]], tuple[Any, ...]]:
    members: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for m in read_table(spark, str(out), "incident_members").collect():
        members[m.incident_id].append((m.doc_id, m.seq, m.reason))
    found = {}
    for inc in read_table(spark, str(out), "incidents").collect():
        group = members[inc.incident_id]
        summary = (inc.event_type, inc.sub_event_type, inc.pcode, inc.admin1, inc.admin3, inc.n_events,
                   inc.n_documents, inc.date_start, inc.date_end)  # fmt: skip
        found[frozenset((d, q) for d, q, _ in group)] = (sorted(group), summary)
    return found


def test_incidents_equal_the_stores_and_the_output_loads_into_a_store(
    spark: SparkSession, dev_dir: Path, tmp_path: Path
) -> None:
    news = tmp_path / "news.jsonl"
    _news(dev_dir, news)
    out = tmp_path / "out"
    summary = run_batch(spark, str(news), str(out))
    assert summary.errors == 0 and summary.documents == 34
    batch = _batch_incidents(spark, out)
    assert summary.incidents == len(batch) < summary.events
    assert any(len(members) > 1 for members in batch)

    with EventStore.open(f"sqlite:///{tmp_path / 'ingested.db'}") as store:
        result = ingest(store, read_documents([str(news)]))
        assert result.ingested == 34 and not result.failed
        assert _store_incidents(store) == batch
        ingested = {d: store.document_events(pk) for pk, d, _ in store.iter_documents()}

    loaded_db = tmp_path / "loaded.db"
    cli = CliRunner().invoke(
        app, ["ingest", "--from-batch", str(out), "--db", str(loaded_db), "--no-progress"]
    )
    assert cli.exit_code == 0, cli.stderr
    assert "ingested 34" in cli.stderr
    with EventStore.open(str(loaded_db)) as store:
        assert _store_incidents(store) == batch
        assert {d: store.document_events(pk) for pk, d, _ in store.iter_documents()} == ingested
        docs = {d: store.load_document(pk) for pk, d, _ in store.iter_documents()}
    assert docs["cnn-2018-09-09-idlib-air-strikes"].published == "2018-09-09"
    again = CliRunner().invoke(
        app, ["ingest", "--from-batch", str(out), "--db", str(loaded_db), "--no-progress"]
    )
    assert again.exit_code == 0 and "skipped 34" in again.stderr
