"""Values at the edges of what the store holds: dates at the ends of the calendar merge without overflow, and a
value too wide or too large for its column is refused with a message, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from marsad.errors import StoreError
from marsad.store.store import EventStore

from .factories import make_doc, make_event, make_record


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_events_at_the_ends_of_the_calendar_merge(store: EventStore, day: str) -> None:
    for doc_id in ("a", "b"):
        doc = make_doc(doc_id, f"قصف مدفعي على كفرنبل ({doc_id})")
        store.save(doc, make_record(doc, [make_event(doc_id, day=day)]), "0.1.0")
    assert store.counts() == {"documents": 2, "events": 2, "incidents": 1}


def test_too_wide_or_too_large_values_are_refused_by_name(store: EventStore) -> None:
    long_id = make_doc("x" * 600, "قصف على كفرنبل")
    with pytest.raises(StoreError, match="doc_id has 600 characters, over the store's limit of 512"):
        store.save(long_id, make_record(long_id, [make_event("x")]), "0.1.0")
    doc = make_doc("big", "قصف على كفرنبل")
    record = make_record(doc, [make_event("big", fatalities=3)]).to_contract()
    record["events"][0]["fatalities"] = 10**28
    with pytest.raises(StoreError, match="fatalities of 1e\\+28 is beyond any count"):
        store.save(doc, record, "0.1.0")
    broken = make_doc("s", "قصف على كفرنبل \ud800")
    with pytest.raises(StoreError, match="text holds a lone surrogate at character 15"):
        store.save(broken, make_record(broken, [make_event("s")]), "0.1.0")
    assert store.counts() == {"documents": 0, "events": 0, "incidents": 0}
