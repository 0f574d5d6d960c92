"""The shared event filter and the keyset pages, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from marsad.store import browse
from marsad.store.filters import BBox, EventFilter, load_vocabulary, search_term
from marsad.store.query import iter_events
from marsad.store.store import EventStore

from .factories import make_doc, make_event, make_record


def add(store: EventStore, doc_id: str, outlet: str, text: str, **kwargs: object) -> None:
    doc = make_doc(doc_id, text, outlet=outlet)
    store.save(doc, make_record(doc, [make_event(doc_id, text=text, **kwargs)]), "0.1.0")  # type: ignore[arg-type]


@pytest.fixture
def filled(store: EventStore) -> EventStore:
    add(store, "sana", "SANA", "قصف مدفعي على كفرنبل", fatalities=3, attribution="SANA")
    add(store, "enab", "Enab Baladi", "قتيلان بقصف على كفرنبل", fatalities=2, day="2022-03-02")
    add(
        store, "aleppo", "SANA", "اشتباكات بين قسد وداعش قرب حلب",
        event_type="Battles", sub_event_type="Armed clash", place="حلب", actor1="SDF", actor2="ISIS", day="2022-04-10",
    )  # fmt: skip
    add(store, "hasakah", "North Press", "اعتقالات في الحسكة", event_type="Strategic developments",
        sub_event_type="Arrests", place="الحسكة", actor1="SDF", actor2=None, day="2022-05-20")  # fmt: skip
    add(store, "nowhere", "SANA", "اعتقالات دون مكان", event_type="Strategic developments",
        sub_event_type="Arrests", place=None, day=None, actor2=None)  # fmt: skip
    return store


def docs(store: EventStore, f: EventFilter) -> set[str]:
    return {row.doc_id for row in iter_events(store, f)}


def test_each_field_narrows_and_tuples_mean_any(filled: EventStore) -> None:
    assert docs(filled, EventFilter()) == {"sana", "enab", "aleppo", "hasakah", "nowhere"}
    assert docs(filled, EventFilter(types=("battles", "ARRESTS"))) == {"aleppo", "hasakah", "nowhere"}
    assert docs(filled, EventFilter(types=("Strategic developments",), sub_types=("arrests",))) == {
        "hasakah",
        "nowhere",
    }
    assert docs(filled, EventFilter(actors=("sdf",))) == {"aleppo", "hasakah"}
    assert docs(filled, EventFilter(actors=("islamic state", "Civilians"))) == {"aleppo", "sana", "enab"}
    assert docs(filled, EventFilter(admin1=("idleb", "aleppo"))) == {"sana", "enab", "aleppo"}
    assert docs(filled, EventFilter(admin2=("Jebel Saman",), countries=("syria",))) == {"aleppo"}
    assert docs(filled, EventFilter(outlets=("sana",))) == {"sana", "aleppo", "nowhere"}
    assert docs(filled, EventFilter(min_fatalities=3)) == {"sana"}
    assert docs(filled, EventFilter(since=date(2022, 3, 2), until=date(2022, 4, 30))) == {"enab", "aleppo"}
    assert docs(filled, EventFilter(documents=("enab", "aleppo"), outlets=("SANA",))) == {"aleppo"}
    assert docs(filled, EventFilter(ingested_since=datetime.now(UTC) + timedelta(days=1))) == set()


def test_pcodes_select_the_places_under_them(filled: EventStore) -> None:
    assert docs(filled, EventFilter(pcodes=("C39",))) == {"sana", "enab"}
    assert docs(filled, EventFilter(pcodes=("C1007", "C4364"))) == {"aleppo", "hasakah"}
    assert docs(filled, EventFilter(pcodes=("C%",))) == set(), "a wildcard in a p-code is a character"


def test_bbox_selects_inside_and_may_cross_the_antimeridian(filled: EventStore) -> None:
    assert docs(filled, EventFilter(bbox=BBox(36.0, 35.0, 37.0, 36.0))) == {"sana", "enab"}
    assert docs(filled, EventFilter(bbox=BBox(36.0, 35.0, 41.0, 37.0))) == {
        "sana",
        "enab",
        "aleppo",
        "hasakah",
    }
    assert docs(filled, EventFilter(bbox=BBox(170.0, 35.0, 37.5, 36.5))) == {"sana", "enab", "aleppo"}


@pytest.mark.parametrize("value", ["36,35,37", "a,b,c,d", "36,35,37,95", "36,37,37,35", "inf,1,2,3"])
def test_a_malformed_bbox_says_why(value: str) -> None:
    with pytest.raises(ValueError, match="bbox"):
        BBox.parse(value)


def test_text_search_folds_arabic_like_the_engine(filled: EventStore) -> None:
    assert search_term("  الحسكـــة  ") == "الحسكه"
    assert docs(filled, EventFilter(text="الحسكه")) == {"hasakah"}  # place and evidence hold الحسكة
    assert docs(filled, EventFilter(text="هيئة تحرير")) == set()
    assert docs(filled, EventFilter(text="قسد")) == {"aleppo", "hasakah"}  # actor words
    assert docs(filled, EventFilter(text="kafr NABL")) == {"sana", "enab"}  # English place name
    assert docs(filled, EventFilter(text="sana")) == {"sana"}  # attribution
    assert docs(filled, EventFilter(text="100%")) == set()


def test_keyset_pages_cover_every_event_in_order(filled: EventStore) -> None:
    for sort in browse.SORTS:
        seen: list[int] = []
        after = None
        while True:
            page = browse.page_events(filled, EventFilter(), sort=sort, limit=2, after=after)
            seen += [r.event_pk for r in page.rows]
            if page.next_cursor is None:
                break
            after = browse.Cursor.decode(page.next_cursor, sort)
        assert len(seen) == len(set(seen)) == 5, sort
        rows = [browse.get_event(filled, pk) for pk in seen]
        days = [r.record["date"]["start"] for r in rows if r]
        assert days[-1] is None or sort in ("id", "-id")
        if sort in ("date", "-date"):
            assert days[:-1] == sorted(days[:-1], reverse=sort == "-date")


def test_a_cursor_from_another_sort_or_forged_is_refused() -> None:
    token = browse.Cursor("date", date(2022, 1, 1), 3).encode()
    assert browse.Cursor.decode(token, "date").last_id == 3
    with pytest.raises(ValueError, match="sort=date"):
        browse.Cursor.decode(token, "-id")
    with pytest.raises(ValueError, match="not a cursor"):
        browse.Cursor.decode("eyJub3QiOiJhIGN1cnNvciJ9", "date")


def test_timeline_buckets_and_facets(filled: EventStore) -> None:
    bucket, rows = browse.timeline(filled, EventFilter(), "month")
    assert bucket == "month" and sum(n for _, _, n in rows) == 4
    assert {d for d, _, _ in rows} == {date(2022, 3, 1), date(2022, 4, 1), date(2022, 5, 1)}
    _, weeks = browse.timeline(filled, EventFilter(types=("Battles",)), "week")
    assert weeks == [(date(2022, 4, 4), "Battles", 1)]
    facets = browse.facets(filled)
    assert facets.total == 5 and facets.first_day == date(2022, 3, 1) and facets.last_day == date(2022, 5, 20)
    assert {c.key: c.count for c in facets.outlets} == {"SANA": 3, "Enab Baladi": 1, "North Press": 1}
    assert {c.key for c in facets.actors} >= {"SDF", "ISIS", "SYR_GOV_MIL"}


@pytest.mark.parametrize(
    "f",
    [
        EventFilter(types=("battles", "ARRESTS")),
        EventFilter(types=("Strategic developments",), sub_types=("arrests",)),
        EventFilter(actors=("sdf", "military forces of syria")),
        EventFilter(admin1=("IDLEB",), countries=("syria",)),
        EventFilter(outlets=("sana", "north press")),
        EventFilter(types=("no such type",)),
        EventFilter(actors=("nobody",), admin1=("Aleppo",)),
        EventFilter(outlets=("unknown outlet",)),
    ],
)
def test_the_vocabulary_gives_the_same_events_through_the_indexes(filled: EventStore, f: EventFilter) -> None:
    with filled.session() as s:
        vocabulary = load_vocabulary(s)
    assert docs(filled, replace(f, vocabulary=vocabulary)) == docs(filled, f)
    assert replace(f, vocabulary=vocabulary) == f  # the vocabulary is not part of what a filter asks


def test_raw_records_are_the_stored_json(filled: EventStore) -> None:
    import json

    ids, _ = browse.page_keys(filled, EventFilter(), sort="id", limit=10)
    raw = browse.raw_events_by_id(filled, ids)
    assert [r.event_id for r in raw] == ids
    for r in raw:
        row = browse.get_event(filled, r.event_id)
        assert row is not None and json.loads(r.record_json) == row.record
        assert (r.doc_id, r.outlet, r.incident_id) == (row.doc_id, row.outlet, row.incident_id)


def test_a_common_actor_and_a_rare_one_select_the_same_as_without_counts(filled: EventStore) -> None:
    with filled.session() as s:
        vocabulary = load_vocabulary(s)
    assert vocabulary.actor_events["SDF"] == 2 and vocabulary.events == 5
    common = replace(vocabulary, events=2)  # SDF in every event: walked in date order
    rare = replace(vocabulary, events=10_000)  # SDF rare: started from its events
    for v in (common, rare):
        assert docs(filled, EventFilter(actors=("sdf",), vocabulary=v)) == {"aleppo", "hasakah"}
