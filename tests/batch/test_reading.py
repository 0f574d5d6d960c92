"""The batch job reads its inputs as `marsad extract` does: same documents, ids, line numbers and errors, even
when Spark splits a file across tasks; tables (Parquet) with the JSON Lines fields; incident blocks."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession

from marsad.batch.incidents import place_blocks
from marsad.batch.reading import GLOBS, ReadOptions, _kinds_in_folder, kinds_of_names, read_input
from marsad.batch.stats import StatsParam
from marsad.errors import InputError
from marsad.ingest.readers import read_documents
from marsad.store.store import content_hash

SENTENCES = [
    "قصف مدفعي على بلدة كفرنبل بريف إدلب الجنوبي",
    "اشتباكات عنيفة بين قوات النظام وهيئة تحرير الشام في ريف حماة",
    "غارات جوية روسية على مدينة جسر الشغور",
]


@pytest.fixture
def small_splits(spark: SparkSession) -> Iterator[None]:
    """Spark splits files into blocks of about 2 KB (so a small file is read by several tasks)."""
    key = "spark.sql.files.maxPartitionBytes"
    before = spark.conf.get(key)
    spark.conf.set(key, "2048")
    yield
    spark.conf.set(key, str(before))


def parsed(spark: SparkSession, path: Path, options: ReadOptions | None = None) -> list[Any]:
    stats = spark.sparkContext.accumulator({}, StatsParam())
    return read_input(spark, str(path), options or ReadOptions(), stats).collect()


def wire_lines(n: int = 60, start: int = 0) -> list[str]:
    """JSON lines of documents, with blank lines (which count but give nothing) and one malformed line."""
    lines = []
    for i in range(start, start + n):
        if i % 17 == 5:
            lines.append("")
        elif i % 60 == 37:
            lines.append('{"text": "قصف على')
        else:
            record: dict[str, Any] = {"text": f"{SENTENCES[i % 3]} ({i})", "published": "2022-03-01"}
            if i % 4 == 0:
                record["id"] = f"with-id-{i}"
            lines.append(json.dumps(record, ensure_ascii=False))
    return lines


def as_extract_reads(paths: list[Path]) -> set[tuple[Any, ...]]:
    """``(doc id, line, text, error stage)`` of the documents and errors `marsad extract` reads in ``paths``."""
    want = set()
    for item in read_documents([str(p) for p in paths]):
        if isinstance(item, InputError):
            want.add((None, item.line, None, "read"))
        else:
            want.add((item.doc_id, item.line, item.text, None))
    return want


def test_lines_are_numbered_as_marsad_extract_numbers_them_when_a_file_is_split(
    spark: SparkSession, tmp_path: Path, small_splits: None
) -> None:
    source = tmp_path / "wire.jsonl"
    source.write_text("\n".join(wire_lines()) + "\n", encoding="utf-8")
    stats = spark.sparkContext.accumulator({}, StatsParam())
    frame = read_input(spark, str(source), ReadOptions(), stats)
    assert frame.rdd.getNumPartitions() > 2  # really split
    got = {(r.doc_id, r.line, r.text, r.error_stage) for r in frame.collect()}
    assert got == as_extract_reads([source])
    assert ("wire-2", 2, f"{SENTENCES[1]} (1)", None) in got and (None, 38, None, "read") in got


@pytest.mark.parametrize("partitions", [None, 4])
def test_gzip_files_read_by_one_task_are_numbered_as_marsad_extract_numbers_them(
    spark: SparkSession, tmp_path: Path, partitions: int | None
) -> None:
    """Several gzip files packed into one task, whose lines are counted as it reads them (no first pass), then
    parsed there or spread over the cores first."""
    sources = []
    for n, name in enumerate(("a.jsonl.gz", "b.jsonl.gz", "c.ndjson.gz")):
        sources.append(tmp_path / name)
        with gzip.open(sources[-1], "wt", encoding="utf-8") as fh:
            fh.write("\n".join(wire_lines(40 + n, start=20 * n)) + "\n")
    settings = {
        "spark.sql.files.maxPartitionBytes": "1048576",
        "spark.sql.files.openCostInBytes": "0",
        "spark.sql.files.minPartitionNum": "1",
    }
    before = {key: spark.conf.get(key) for key in settings}
    for key, value in settings.items():
        spark.conf.set(key, value)
    try:
        stats = spark.sparkContext.accumulator({}, StatsParam())
        assert spark.read.text(str(tmp_path)).rdd.getNumPartitions() == 1
        frame = read_input(spark, str(tmp_path), ReadOptions(), stats, partitions)
        got = {(r.doc_id, r.line, r.text, r.error_stage) for r in frame.collect()}
    finally:
        for key, value in before.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)
    assert got == as_extract_reads(sources)
    assert ("b-19", 19, f"{SENTENCES[38 % 3]} (38)", None) in got
    assert stats.value["documents_read"] == sum(1 for row in got if row[3] is None)


def test_a_table_with_the_json_lines_fields_reads_like_json_lines(
    spark: SparkSession, tmp_path: Path
) -> None:
    rows = [
        {"id": "a", "title": "عاجل", "text": SENTENCES[0], "published": "2022-03-01", "outlet": "SANA"},
        {
            "id": None,
            "title": None,
            "text": SENTENCES[1],
            "published": "Tue, 01 Mar 2022 10:00:00 GMT",
            "outlet": None,
        },
        {
            "id": "c",
            "title": None,
            "text": "Only English here, nothing Arabic.",
            "published": None,
            "outlet": None,
        },
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "news.parquet")
    (tmp_path / "news.jsonl").write_text(
        "".join(json.dumps({k: v for k, v in r.items() if v is not None}) + "\n" for r in rows),
        encoding="utf-8",
    )
    from_table = parsed(spark, tmp_path / "news.parquet", ReadOptions(outlet="Wire"))
    from_lines = parsed(spark, tmp_path / "news.jsonl", ReadOptions(outlet="Wire"))
    fields = ("doc_id", "text", "title", "published", "outlet", "line", "error_stage")
    assert {tuple(getattr(r, f) for f in fields) for r in from_table} == {
        tuple(getattr(r, f) for f in fields) for r in from_lines
    }
    docs = {r.doc_id: r for r in from_table if r.error_stage is None}
    assert set(docs) == {"a", "news-2"}
    assert docs["a"].text == "عاجل\n" + SENTENCES[0] and docs["a"].outlet == "SANA"
    assert docs["news-2"].published.isoformat() == "2022-03-01" and docs["news-2"].outlet == "Wire"
    assert docs["a"].content_hash == content_hash(docs["a"].text)


def test_a_folder_mixes_text_html_and_json_lines_and_dates_select_documents(
    spark: SparkSession, tmp_path: Path
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "one.txt").write_text(f"عنوان\n{SENTENCES[0]}", encoding="utf-8")
    (tmp_path / "sub" / "page.html").write_text(
        f"<html><head><title>خبر</title></head><body><p>{SENTENCES[1]}</p></body></html>", encoding="utf-8"
    )
    (tmp_path / "sub" / "lines.jsonl").write_text(
        json.dumps({"id": "old", "text": SENTENCES[2], "published": "2021-05-01"}) + "\n"
        + json.dumps({"id": "new", "text": SENTENCES[0], "published": "2022-03-01"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    from datetime import date

    rows = parsed(spark, tmp_path, ReadOptions(published="2022-02-01", since=date(2022, 1, 1)))
    assert sorted(r.doc_id for r in rows) == ["new", "one", "page"]
    assert all(r.error_stage is None for r in rows)


def test_one_listing_finds_the_kinds_of_a_folder_as_their_globs_do(spark: SparkSession, tmp_path: Path) -> None:
    """The kinds of a folder come from one listing, matched by suffix as each kind's glob matches names (case
    and all); Spark's listing leaves out hidden and ``_``-prefixed files."""
    (tmp_path / "sub").mkdir()
    for name in ("sub/a.jsonl.gz", "b.HTML", "_c.parquet", ".d.txt", "e.md", "sub/f.rss"):
        (tmp_path / name).write_bytes(b"x")
    assert _kinds_in_folder(spark, str(tmp_path)) == ["jsonl", "file"]
    assert kinds_of_names(["x.parquet", "y.ndjson", "z.TXT"]) == ["jsonl", "parquet"]
    assert kinds_of_names(["a.txt"]) == ["file"] and kinds_of_names([]) == []
    for kind, glob in GLOBS.items():  # each kind's glob lists the files of that kind, and of no other
        found = spark.read.format("binaryFile").option("recursiveFileLookup", "true")
        found = found.option("pathGlobFilter", glob).load(str(tmp_path)).inputFiles() if kind != "parquet" else []
        assert all(kinds_of_names([f.rsplit("/", 1)[-1]]) == [kind] for f in found)


def test_place_blocks_join_keys_that_share_an_admin1_or_a_pcode() -> None:
    shelling = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    keys = [
        (*shelling, "Idleb", "C3924"),
        (*shelling, "Idleb", None),
        (*shelling, None, "C3924"),  # the same p-code without its admin1 still meets Idleb's events
        (*shelling, "Aleppo", "C1007"),
        ("Battles", "Armed clash", "Idleb", "C3924"),
    ]
    blocks = place_blocks(keys)
    assert blocks[keys[0]] == blocks[keys[1]] == blocks[keys[2]]
    assert len({blocks[keys[0]], blocks[keys[3]], blocks[keys[4]]}) == 3


def test_the_place_key_of_a_flattened_event_is_its_type_admin1_and_pcode() -> None:
    from marsad.batch.records import flatten_event, place_key

    event = {
        "id": "doc:1",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "location": {"name": "إدلب", "country": "Syria", "admin1": "Idleb", "pcode": "C3924"},
    }
    assert place_key(flatten_event(event, 1)) == (event["event_type"], event["sub_event_type"], "Idleb", "C3924")
    assert place_key(flatten_event({**event, "location": None}, 2))[2:] == (None, None)
