"""ACLED's conventions in the exports: disorder types, country-bound actor names, cited sources and their reach,
the ACLED-only switch, historical events left out, and the Arabic and evidence columns."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from marsad.export.acled import ACLED_COLUMNS, ARABIC_COLUMNS, actor_name, disorder_type, source_scale
from marsad.export.writers import Written, export
from marsad.model import EVENT_TYPES
from marsad.store.filters import EventFilter
from marsad.store.store import EventStore
from store.factories import make_doc, make_event, make_record


def add(store: EventStore, doc_id: str, outlet: str, text: str, **kwargs: object) -> None:
    doc = make_doc(doc_id, text, outlet=outlet)
    store.save(doc, make_record(doc, [make_event(doc_id, text=text, **kwargs)]), "0.1.0")  # type: ignore[arg-type]


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore.open(str(tmp_path / "x.db")) as store:
        add(store, "sohr", "Sky News Arabia", "قصف مدفعي على كفرنبل", attribution="SOHR", fatalities=3)
        add(store, "quiet", "BBC Arabic", "قصف على حلب", place="حلب", attribution="Security source")
        add(store, "own", "CNN Arabic", "قصف على حزارين", place="حزارين", attribution="CNN", day="2022-03-05")
        add(store, "aid", "SANA", "قافلة مساعدات إلى الحسكة", event_type="Humanitarian",
            sub_event_type="Humanitarian aid", place="الحسكة", actor1=None, actor2="CIVILIANS")  # fmt: skip
        add(store, "old", "SANA", "في ذكرى قصف كفرنبل عام 1983", day="1983-04-18")
        yield store


def run(store: EventStore, fmt: str, f: EventFilter | None = None, **kw: bool) -> tuple[bytes, Written]:
    out = io.BytesIO()
    written = export(store, fmt, out, f, **kw)
    return out.getvalue(), written


def rows(store: EventStore, f: EventFilter | None = None, **kw: bool) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run(store, "acled-csv", f, **kw)[0].decode())))


def test_disorder_types_follow_the_codebook() -> None:
    assert disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert disorder_type("Riots", "Mob violence") == "Political violence"
    assert disorder_type("Protests", "Excessive force against protesters") == "Political violence; Demonstrations"
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    for kind in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        assert all(disorder_type(kind, sub) == "Political violence" for sub in EVENT_TYPES[kind])


def test_actors_without_a_country_take_the_events() -> None:
    assert actor_name({"id": "CIVILIANS", "name": "Civilians"}, "Syria") == "Civilians (Syria)"
    assert actor_name({"id": "PROTESTERS", "name": "Protesters"}, "Iraq") == "Protesters (Iraq)"
    assert actor_name({"id": "UNIDENTIFIED", "name": "Unidentified armed group"}, "Syria") == (
        "Unidentified Armed Group (Syria)"
    )
    assert actor_name({"id": "SDF", "name": "Syrian Democratic Forces"}, "Syria") == "Syrian Democratic Forces"
    assert actor_name({"id": "CIVILIANS", "name": "Civilians"}, None) == "Civilians"


def test_source_lists_the_cited_source_then_the_outlet_with_both_reaches(filled: EventStore) -> None:
    by_doc = {r["location"]: r for r in rows(filled)}
    cited = by_doc["Kafr Nabl"]
    assert cited["source"] == "SOHR; Sky News Arabia" and cited["source_scale"] == "Regional-Other"
    assert cited["actor2"] == "Civilians (Syria)"
    # an unnamed source is the outlet's own: only the outlet is listed
    quiet = by_doc["Aleppo"]
    assert quiet["source"] == "BBC Arabic" and quiet["source_scale"] == "International"
    # an outlet citing itself under its short name is listed once, by the outlet's name
    assert by_doc["Hazarin"]["source"] == "CNN Arabic"
    assert source_scale(["Activists", "Al-Watan"]) == "National-New media"


def test_acled_only_leaves_out_the_humanitarian_type(filled: EventStore) -> None:
    assert "Humanitarian" in {r["event_type"] for r in rows(filled)}
    acled = rows(filled, EventFilter(exclude_types=("Humanitarian",)))
    assert acled and "Humanitarian" not in {r["event_type"] for r in acled}


def test_history_is_left_out_unless_kept(filled: EventStore) -> None:
    _, written = run(filled, "acled-csv")
    assert written == Written(rows=4, historical=1)
    kept = rows(filled, keep_historical=True)
    old = next(r for r in kept if r["event_date"] == "1983-04-18")
    assert "historical" in old["tags"]
    assert all(r["event_date"] for r in kept)


def test_arabic_columns_in_csv_only_when_asked(filled: EventStore) -> None:
    plain = rows(filled)
    assert tuple(plain[0]) == ACLED_COLUMNS
    arabic = rows(filled, with_arabic=True)
    assert tuple(arabic[0]) == ACLED_COLUMNS + ARABIC_COLUMNS
    shelled = next(r for r in arabic if r["location"] == "Kafr Nabl")
    assert shelled["location_ar"] == "كفرنبل" and shelled["actor1_ar"] == "قوات النظام"
    assert shelled["evidence"] == "قصف مدفعي على كفرنبل"


def test_geojson_and_parquet_carry_the_evidence_arabic_names_and_dates(filled: EventStore, tmp_path: Path) -> None:
    features = json.loads(run(filled, "geojson")[0])["features"]
    props = next(f["properties"] for f in features if f["properties"]["location"] == "Kafr Nabl")
    assert props["evidence"] == "قصف مدفعي على كفرنبل" and props["location_ar"] == "كفرنبل"
    assert props["date_source"] == "article"
    path = tmp_path / "e.parquet"
    path.write_bytes(run(filled, "parquet")[0])
    table = pq.read_table(path)
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("historical").type == pa.bool_()
    assert date(2022, 3, 1) in table.column("event_date").to_pylist()
    assert "كفرنبل" in table.column("location_ar").to_pylist()


def test_jsonl_rows_say_the_export_date(filled: EventStore) -> None:
    lines = [json.loads(x) for x in run(filled, "jsonl")[0].splitlines()]
    assert all(x["event_date"] and x["date_source"] in ("article", "publication") for x in lines)


def test_an_incident_row_takes_the_earliest_date_any_report_gives(filled: EventStore) -> None:
    doc = make_doc("late", "قصف على كفرنبل", outlet="Enab Baladi", published="2022-03-02")
    filled.save(doc, make_record(doc, [make_event("late", text="قصف على كفرنبل", day="2022-03-02")]), "0.1.0")
    merged = next(r for r in rows(filled, incidents=True) if r["location"] == "Kafr Nabl")
    assert merged["event_date"] == "2022-03-01" and "Enab Baladi" in merged["source"]
