"""The event store: migrations, one transaction per document, de-duplication, re-extraction, durability."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from marsad.errors import StoreError
from marsad.store.db import current_revision, head_revision, resolve_url
from marsad.store.schema import Base, Document, Event, EventActor, EvidenceSpan, QuantityRow
from marsad.store.store import EventStore, content_hash, is_older

from .factories import make_doc, make_event, make_record

TEXT = "قصف مدفعي على كفرنبل\nقتل مدنيان اليوم في قصف مدفعي استهدف بلدة كفرنبل جنوبي إدلب."


def test_migrated_schema_matches_the_models(store: EventStore) -> None:
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "events", "evidence_spans", "quantities", "attributions", "incidents"} <= tables


def test_reopening_is_a_noop(store_url: str) -> None:
    EventStore.open(store_url).close()
    with EventStore.open(store_url) as again:
        assert again.counts() == {"documents": 0, "events": 0, "incidents": 0}


def test_save_stores_every_part_of_the_record(store: EventStore) -> None:
    doc = make_doc("d1", TEXT)
    ev = make_event("d1", fatalities=2, attribution="SANA", text=TEXT[:20], start=0)
    result = store.save(doc, make_record(doc, [ev]), "0.1.0")
    assert result.status == "ingested" and result.n_events == 1
    with store.session() as s:
        stored = s.scalars(select(Document)).one()
        assert stored.text == TEXT and stored.outlet == "SANA" and stored.engine_version == "0.1.0"
        assert stored.published is not None and stored.published.isoformat() == "2022-03-01"
        event = s.scalars(select(Event)).one()
        assert (event.event_type, event.pcode, event.fatalities) == (ev.event_type, "C3924", 2)
        assert event.date_start is not None and event.date_start.isoformat() == "2022-03-01"
        assert event.record == ev.model_dump(mode="json")
        assert {a.role for a in s.scalars(select(EventActor))} == {"actor1", "actor2"}
        span = s.scalars(select(EvidenceSpan)).one()
        assert stored.text[span.start : span.end] == span.text
        assert s.scalars(select(QuantityRow)).one().value == 2
        assert event.attributions[0].name == "SANA"
    assert store.document_events(result.document_id) == [ev.model_dump(mode="json")]


def test_same_content_is_stored_once_and_another_id_recorded_as_an_alias(store: EventStore) -> None:
    doc = make_doc("d1", TEXT)
    store.save(doc, make_record(doc, [make_event("d1")]), "0.1.0")
    assert store.save(doc, make_record(doc, [make_event("d1")]), "0.1.0").status == "skipped"
    again = make_doc("other-id", TEXT.replace("\n", "  \n "))  # same content up to whitespace
    assert store.save(again, make_record(again, [make_event("other-id")]), "0.1.0").status == "alias"
    assert store.save(again, make_record(again, [make_event("other-id")]), "0.1.0").status == "skipped"
    assert store.counts()["documents"] == 1 and store.counts()["events"] == 1
    assert store.aliases(1) == [("other-id", "SANA", None)]
    assert store.lookup(content_hash(TEXT)) is not None


def test_replace_swaps_events_in_one_go(store: EventStore) -> None:
    doc = make_doc("d1", TEXT)
    store.save(doc, make_record(doc, [make_event("d1"), make_event("d1", 2, place="حلب")]), "0.1.0")
    assert store.outdated_documents("0.2.0") == [1]
    res = store.save(doc, make_record(doc, [make_event("d1", place="حزارين")]), "0.2.0", replace=True)
    assert res.status == "replaced"
    assert store.counts() == {"documents": 1, "events": 1, "incidents": 1}
    assert store.outdated_documents("0.2.0") == []
    with store.session() as s:
        assert s.scalar(select(func.count(EvidenceSpan.id))) == 1


def test_failed_transaction_leaves_nothing(store: EventStore) -> None:
    doc = make_doc("bad", TEXT)
    record = make_record(doc, [make_event("bad")]).to_contract()
    record["events"][0]["evidence"][0]["text"] = None  # violates NOT NULL in the middle of the transaction
    with pytest.raises(Exception):  # noqa: B017 - the driver's own integrity error
        store.save(doc, record, "0.1.0")
    assert store.counts() == {"documents": 0, "events": 0, "incidents": 0}


def test_version_order() -> None:
    assert is_older("0.9.0", "0.10.0")
    assert not is_older("0.10.0", "0.10.0")
    assert is_older("0.1", "0.1.1")


def test_default_url_and_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MARSAD_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_url() == f"sqlite:///{tmp_path / 'marsad.db'}"
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "x.db"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    with EventStore.open(str(tmp_path / "w.db")) as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_unopenable_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        EventStore.open(str(tmp_path / "missing-folder" / "x.db"))
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        EventStore.open(str(garbage))


def test_content_hash_collapses_every_whitespace_run_as_before() -> None:
    # the hash of the first versions (a regular expression), kept: stored hashes must not change
    import hashlib
    import re
    import unicodedata

    def before(value: str) -> str:
        canonical = re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
        return hashlib.sha256(canonical.encode("utf-8", errors="surrogatepass")).hexdigest()

    texts = [
        "  قصف\u00a0مدفعي\t\tعلى  حلب\n\n",
        "قتل\u2003جندي\u3000في\u2028درعا\u0085",
        "\x1c\x1d\x1e\x1fنص\x0b\x0cآخر\u200b",  # separators that str.isspace counts; a zero-width space it does not
        "كافّة\u0651 \ud800",  # NFC composes; a lone surrogate is hashed too
        "",
        " \n\t ",
    ]
    for value in texts:
        assert content_hash(value) == before(value)
