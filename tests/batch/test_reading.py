"""The batch job reads its inputs as `marsad extract` does: same documents, ids, line numbers and errors, even
when Spark splits a file across tasks; tables (Parquet) with the JSON Lines fields; incident blocks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession

from marsad.batch.incidents import place_blocks
from marsad.batch.reading import ReadOptions, read_input
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


def test_lines_are_numbered_as_marsad_extract_numbers_them_when_a_file_is_split(
    spark: SparkSession, tmp_path: Path, small_splits: None
) -> None:
    lines = []
    for i in range(60):
        if i % 17 == 5:
            lines.append("")  # blank lines count but give nothing
        elif i == 37:
            lines.append('{"text": "قصف على')  # malformed
        else:
            record: dict[str, Any] = {"text": f"{SENTENCES[i % 3]} ({i})", "published": "2022-03-01"}
            if i % 4 == 0:
                record["id"] = f"with-id-{i}"
            lines.append(json.dumps(record, ensure_ascii=False))
    source = tmp_path / "wire.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stats = spark.sparkContext.accumulator({}, StatsParam())
    frame = read_input(spark, str(source), ReadOptions(), stats)
    assert frame.rdd.getNumPartitions() > 2  # really split
    got = {(r.doc_id, r.line, r.text, r.error_stage) for r in frame.collect()}
    want = set()
    for item in read_documents([str(source)]):
        if isinstance(item, InputError):
            want.add((None, item.line, None, "read"))
        else:
            want.add((item.doc_id, item.line, item.text, None))
    assert got == want
    assert ("wire-2", 2, f"{SENTENCES[1]} (1)", None) in got and (None, 38, None, "read") in got


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
