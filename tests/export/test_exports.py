"""Exports: ACLED CSV columns and codes, GeoJSON, JSON Lines, Parquet, filters and incidents."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from marsad.export.acled import ACLED_COLUMNS, inter_code, interaction, source_scale, write_notes
from marsad.export.writers import export
from marsad.store.query import Filters, stats
from marsad.store.store import EventStore
from store.factories import make_doc, make_event, make_record


def add(store: EventStore, doc_id: str, outlet: str, text: str, **kwargs: object) -> None:
    doc = make_doc(doc_id, text, outlet=outlet)
    store.save(doc, make_record(doc, [make_event(doc_id, **kwargs)]), "0.1.0")  # type: ignore[arg-type]


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore.open(str(tmp_path / "x.db")) as store:
        add(store, "sana", "SANA", "قصف مدفعي على كفرنبل", fatalities=3, attribution="SANA")
        add(store, "enab", "Enab Baladi", "قتيلان بقصف على كفرنبل", fatalities=2)
        add(store, "reuters", "Reuters", "قصف على بلدة كفرنبل في إدلب")
        add(
            store, "aleppo", "SANA", "اشتباكات بين قسد وداعش قرب حلب",
            event_type="Battles", sub_event_type="Armed clash", place="حلب", actor1="SDF", actor2="ISIS",
            day="2022-04-10",
        )  # fmt: skip
        add(store, "nowhere", "SANA", "اعتقالات دون مكان", event_type="Strategic developments",
            sub_event_type="Arrests", place=None, day=None, actor2=None)  # fmt: skip
        yield store


def run(store: EventStore, fmt: str, filters: Filters | None = None, incidents: bool = False) -> bytes:
    out = io.BytesIO()
    export(store, fmt, out, filters, incidents=incidents)
    return out.getvalue()


def test_acled_csv_has_acled_columns_and_codes(filled: EventStore) -> None:
    rows = list(csv.DictReader(io.StringIO(run(filled, "acled-csv").decode())))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    assert len(rows) == 5
    shelling = next(r for r in rows if r["fatalities"] == "3")
    assert shelling["event_id_cnty"].startswith("SYR") and shelling["iso"] == "760"
    assert (shelling["inter1"], shelling["inter2"], shelling["interaction"]) == ("1", "7", "17")
    assert shelling["civilian_targeting"] == "Civilian targeting"
    assert shelling["disorder_type"] == "Political violence" and shelling["time_precision"] == "1"
    assert (
        shelling["admin1"] == "Idleb"
        and shelling["location"] == "Kafr Nabl"
        and shelling["geo_precision"] == "1"
    )
    assert shelling["source"] == "SANA" and shelling["source_scale"] == "National"
    assert shelling["actor2"] == "Civilians (Syria)"
    assert "Military Forces of Syria shelled Civilians in Kafr Nabl" in shelling["notes"]
    assert "claimed" in shelling["tags"]
    battle = next(r for r in rows if r["event_type"] == "Battles")
    assert battle["interaction"] == "22" and battle["civilian_targeting"] == ""
    undated = next(r for r in rows if r["sub_event_type"] == "Arrests")
    # no date in the article: the publication date, told in the lead, so within its week
    assert undated["event_date"] == "2022-03-01" and undated["year"] == "2022"
    assert undated["time_precision"] == "2" and "date source=publication" in undated["tags"]
    assert undated["latitude"] == ""


def test_filters(filled: EventStore) -> None:
    def count(**kw: object) -> int:
        return len(run(filled, "jsonl", Filters(**kw)).splitlines())  # type: ignore[arg-type]

    from datetime import date

    assert count(types=("battles",)) == 1 and count(types=("Armed clash",)) == 1
    assert count(types=("battles", "arrests")) == 2
    assert count(admin1=("idleb",)) == 3
    assert count(actors=("ISIS",)) == 1 and count(actors=("military forces of syria",)) == 4
    assert count(since=date(2022, 4, 1)) == 1
    assert count(until=date(2022, 3, 31)) == 3


def test_jsonl_keeps_the_contract_event_and_its_document(filled: EventStore) -> None:
    first = json.loads(run(filled, "jsonl").splitlines()[0])
    assert first["event_type"] and first["evidence"][0]["text"]
    assert first["doc_id"] == "sana" and first["outlet"] == "SANA" and first["incident_id"] is not None


def test_geojson_feature_collection(filled: EventStore) -> None:
    data = json.loads(run(filled, "geojson"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 5
    located = [f for f in data["features"] if f["geometry"]]
    assert len(located) == 4
    lon, lat = located[0]["geometry"]["coordinates"]
    assert (lat, lon) == (located[0]["properties"]["latitude"], located[0]["properties"]["longitude"])
    assert any(f["geometry"] is None for f in data["features"])


def test_parquet(filled: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "e.parquet"
    path.write_bytes(run(filled, "parquet"))
    table = pq.read_table(path)
    assert table.num_rows == 5 and set(ACLED_COLUMNS) <= set(table.column_names)
    assert sorted(table.column("fatalities").to_pylist()) == [0, 0, 0, 2, 3]


def test_empty_parquet_still_has_the_schema(tmp_path: Path) -> None:
    with EventStore.open(str(tmp_path / "empty.db")) as store:
        path = tmp_path / "e.parquet"
        path.write_bytes(run(store, "parquet"))
        assert pq.read_table(path).num_rows == 0


def test_incidents_merge_sources_with_conservative_fatalities(filled: EventStore) -> None:
    rows = list(csv.DictReader(io.StringIO(run(filled, "acled-csv", incidents=True).decode())))
    assert len(rows) == 3
    merged = next(r for r in rows if r["admin1"] == "Idleb")
    assert merged["source"] == "Enab Baladi; Reuters; SANA"  # SANA, cited and an outlet, is listed once
    assert merged["source_scale"] == "National-International"
    assert merged["fatalities"] == "2"  # lowest figure reported
    assert "Merged from 3 reports" in merged["notes"]
    lines = [json.loads(x) for x in run(filled, "jsonl", incidents=True).splitlines()]
    big = next(x for x in lines if len(x["events"]) == 3)
    assert big["events"][0]["merge_reason"] == "first report"


def test_stats(filled: EventStore) -> None:
    got = stats(filled)
    assert dict(got["type"])["Explosions/Remote violence"] == 3
    assert dict(got["admin1"]) == {"Idleb": 3, "Aleppo": 1, "unknown": 1}
    assert dict(got["country"]) == {"Syria": 4, "unknown": 1}
    assert dict(got["month"]) == {"2022-03": 3, "2022-04": 1, "unknown": 1}


def test_inter_code_is_injectable() -> None:
    assert inter_code("SYR_GOV_MIL") == 1 and inter_code("CIVILIANS") == 7 and inter_code(None) is None
    assert inter_code("X", {"X": 4}) == 4
    assert inter_code("X", lambda actor_id: 6 if actor_id == "X" else None) == 6
    assert interaction(7, 1) == 17 and interaction(6, None) == 60 and interaction(None, None) is None
    assert source_scale(["Unknown outlet"]) == "Other"


def test_notes_are_english_and_name_the_place() -> None:
    ev = make_event("d", fatalities=4, attribution="SOHR").model_dump(mode="json")
    notes = write_notes(ev)
    assert notes.startswith("On 1 March 2022, Military Forces of Syria shelled Civilians in Kafr Nabl")
    assert "4 killed" in notes and "Claimed by SOHR" in notes
    assert not any("\u0600" <= ch <= "\u06ff" for ch in notes)
