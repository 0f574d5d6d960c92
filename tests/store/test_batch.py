"""Saving in batches (:mod:`marsad.store.batch`): a batch leaves the store exactly as saving its documents one by
one does (new texts, new versions, aliases, repeats, re-extractions, pinned incidents), and a document that fails
loses nothing else of its batch; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import text

from marsad.errors import StoreError
from marsad.model import InputDocument
from marsad.store import corrections
from marsad.store.batch import Finished, Outcome, save_batch
from marsad.store.store import EventStore, SaveResult, content_hash

from .conftest import PG_URL, reset_postgres
from .factories import make_doc, make_event, make_record

SHELLING = "قصف مدفعي على كفرنبل\nقتل مدنيان اليوم في قصف مدفعي استهدف بلدة كفرنبل جنوبي إدلب."
REPORT = "قصف على كفرنبل\nقصف صاروخي يستهدف كفرنبل ويوقع جرحى."
CORRECTED = SHELLING.replace("قتل مدنيان", "قتل ثلاثة مدنيين")
ALEPPO = "قصف على حلب\nقصف على أحياء مدينة حلب دون إصابات."
QUIET = "افتتاح معرض الكتاب في دمشق بمشاركة عشرات دور النشر العربية."


def finished(doc: InputDocument, *events: Any, known: bool = False, replace: bool = False) -> Finished:
    contract = None if known else make_record(doc, list(events)).to_contract()
    return Finished(doc, content_hash(doc.text), contract, replace)


def save_one(store: EventStore, item: Finished, version: str) -> Outcome:
    """What the ingest loop did before batches: one transaction per document."""
    try:
        if item.contract is None:
            return store.recognise(item.doc)
        return store.save(item.doc, item.contract, version, replace=item.replace)
    except StoreError as exc:
        return exc


def state(store: EventStore) -> dict[str, Any]:
    """The store's content without ids and times."""
    with store.session() as s:
        docs = s.execute(text("SELECT id, content_hash, doc_id, outlet, version, n_events, engine_version FROM documents")).all()  # fmt: skip
        hash_of = {r[0]: r[1] for r in docs}
        events = s.execute(text("SELECT id, document_id, seq, record FROM events")).all()
        key_of = {r[0]: (hash_of[r[1]], r[2]) for r in events}
        members: dict[int, list[Any]] = defaultdict(list)
        for incident, event, reason in s.execute(text("SELECT incident_id, event_id, reason FROM incident_members")):
            members[incident].append((key_of[event], reason))
        incidents = {r[0]: tuple(str(v) for v in r[1:]) for r in s.execute(text(
            "SELECT id, event_type, pcode, admin1, admin3, n_events, n_documents, date_start, date_end FROM incidents"
        ))}  # fmt: skip
        versions = s.execute(text("SELECT d.content_hash, v.version, v.content_hash, v.n_events FROM document_versions v JOIN documents d ON d.id = v.document_id")).all()  # fmt: skip
        retired = s.execute(text("SELECT seq, event_key, incident_id IS NULL, merge_reason FROM retired_events")).all()
        aliases = s.execute(text("SELECT d.content_hash, a.doc_id, a.url FROM document_aliases a JOIN documents d ON d.id = a.document_id")).all()  # fmt: skip
        pins = s.execute(text("SELECT label, event_id IS NULL, anchor_start FROM incident_pins")).all()

    def record(value: Any) -> str:
        return json.dumps(json.loads(value) if isinstance(value, str) else value, sort_keys=True)

    return {
        "documents": sorted(tuple(r[1:]) for r in docs),
        "events": sorted((key_of[r[0]], record(r[3])) for r in events),
        "incidents": sorted((sorted(m), incidents[i]) for i, m in members.items()),
        "versions": sorted(tuple(r) for r in versions),
        "retired": sorted(tuple(r) for r in retired),
        "aliases": sorted(tuple(str(v) for v in r) for r in aliases),
        "pins": len(pins),
        "pinned events": sum(1 for p in pins if not p[1]),
    }


@pytest.fixture
def fresh(store_url: str) -> Iterator[Callable[[], EventStore]]:
    """Opens an empty store at ``store_url`` each time it is called (the one opened before is closed)."""
    opened: list[EventStore] = []

    def open_empty() -> EventStore:
        for old in opened:
            old.close()
        if store_url == PG_URL:
            reset_postgres(store_url)
        else:
            from marsad.store.db import sqlite_file

            path = sqlite_file(store_url)
            assert path is not None
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        opened.append(EventStore.open(store_url))
        return opened[-1]

    yield open_empty
    for old in opened:
        old.close()


def first_run(store: EventStore) -> None:
    """Two reports of one shelling (one incident) and one of Aleppo, stored by engine 0.1.0; then an analyst
    splits the shelling's incident (pins)."""
    for doc, events in (
        (make_doc("sana-1", SHELLING), [make_event("sana-1")]),
        (make_doc("enab-7", REPORT, outlet="Enab Baladi"), [make_event("enab-7", actor2=None)]),
        (make_doc("halab-2", ALEPPO), [make_event("halab-2", place="حلب")]),
    ):
        store.save(doc, make_record(doc, events), "0.1.0")
    (incident,) = [i for i, n in store.session().execute(text("SELECT id, n_events FROM incidents")) if n == 2]
    corrections.split(store, incident)


def mixed_batch() -> list[Finished]:
    """New texts, a new version, aliases, repeats, a re-extraction, a record the store refuses, and texts that
    meet an earlier document of the same batch."""
    copy = make_doc("copy-9", SHELLING, outlet="Other")
    return [
        finished(make_doc("enab-7", REPORT, outlet="Enab Baladi"), known=True),  # stored: skipped
        finished(copy, known=True),  # stored under another id: an alias
        finished(make_doc("halab-2", ALEPPO), make_event("halab-2", place="حلب", fatalities=1), replace=True),
        finished(make_doc("new-1", REPORT + " تحديث"), make_event("new-1", actor2=None)),  # joins an incident
        finished(make_doc("quiet", QUIET)),  # no event
        finished(make_doc("x" * 600, QUIET + " مرة"), make_event("x")),  # doc_id too wide: refused alone
        finished(make_doc("sana-1", CORRECTED), make_event("sana-1", fatalities=3)),  # a new version (pinned)
        finished(make_doc("quiet-2", QUIET)),  # the text of "quiet", met in the same batch: an alias
        finished(make_doc("new-2", "قصف على الحسكة\nقصف على مدينة الحسكة."), make_event("new-2", place="الحسكة")),
        finished(make_doc("new-2", "قصف على الحسكة\nقصف جديد على مدينة الحسكة."), make_event("new-2", place="الحسكة")),
        finished(make_doc("sana-1", SHELLING), make_event("sana-1")),  # the older text again: skipped
    ]


def test_a_mixed_batch_leaves_the_store_that_saving_one_by_one_leaves(fresh: Callable[[], EventStore]) -> None:
    store = fresh()
    first_run(store)
    one_by_one = [save_one(store, item, "0.2.0") for item in mixed_batch()]
    expected = state(store)

    store = fresh()
    first_run(store)
    batched = save_batch(store, mixed_batch(), "0.2.0")
    assert state(store) == expected

    def kind(outcome: Outcome) -> str:
        return outcome.status if isinstance(outcome, SaveResult) else type(outcome).__name__

    kinds = [kind(o) for o in batched]
    assert kinds == [kind(o) for o in one_by_one]
    assert {"skipped", "alias", "replaced", "ingested", "updated", "StoreError"} <= set(kinds)
    assert [o.document_id for o in batched if isinstance(o, SaveResult)] == [
        o.document_id for o in one_by_one if isinstance(o, SaveResult)
    ]
    assert expected["versions"] and expected["aliases"] and expected["pinned events"]


def test_a_failure_in_one_document_never_loses_the_rest_of_its_batch(store: EventStore) -> None:
    good = [make_doc(f"good-{i}", f"{REPORT} رقم {i}") for i in range(3)]
    broken = make_doc("broken", ALEPPO)
    bad_record = make_record(broken, [make_event("broken", place="حلب")]).to_contract()
    del bad_record["events"][0]["event_type"]  # the database cannot take it: the batch is rolled back
    items = [
        finished(good[0], make_event("good-0", actor2=None)),
        Finished(broken, content_hash(broken.text), bad_record),
        finished(good[1], make_event("good-1", actor2=None)),
        finished(make_doc("wide", QUIET, outlet="o" * 300)),  # refused before the batch starts
        finished(good[2]),
    ]
    outcomes = save_batch(store, items, "0.1.0")
    assert [type(o).__name__ for o in outcomes] == ["SaveResult", "KeyError", "SaveResult", "StoreError", "SaveResult"]
    assert store.counts() == {"documents": 3, "events": 2, "incidents": 1}
    assert "outlet has 300 characters" in str(outcomes[3])


def test_a_batch_written_twice_stores_nothing_twice(store: EventStore) -> None:
    items = [finished(make_doc(f"d-{i}", f"{REPORT} رقم {i}"), make_event(f"d-{i}", actor2=None)) for i in range(4)]
    first = save_batch(store, items, "0.1.0")
    again = save_batch(store, items, "0.1.0")  # a re-run after a crash that came after the commit
    assert [o.status for o in first if isinstance(o, SaveResult)] == ["ingested"] * 4
    assert [o.status for o in again if isinstance(o, SaveResult)] == ["skipped"] * 4
    assert store.counts() == {"documents": 4, "events": 4, "incidents": 1}
