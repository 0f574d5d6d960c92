"""Filter values as users type them: Arabic or any spelling the gazetteer knows, any case; unknown ones are errors
that list the valid values."""

from __future__ import annotations

import pytest

from marsad.errors import UnknownValue
from marsad.store.filters import EventFilter
from marsad.store.names import resolve_filter
from marsad.store.query import iter_events
from marsad.store.store import EventStore

from .factories import make_doc, make_event, make_record


@pytest.fixture
def filled(store: EventStore) -> EventStore:
    for doc_id, place, outlet in (("a", "كفرنبل", "SANA"), ("b", "حلب", "Enab Baladi"), ("c", "الحسكة", "SANA")):
        doc = make_doc(doc_id, f"قصف على {place}", outlet=outlet)
        store.save(doc, make_record(doc, [make_event(doc_id, place=place)]), "0.1.0")
    return store


def docs(store: EventStore, f: EventFilter) -> set[str]:
    return {row.doc_id for row in iter_events(store, resolve_filter(f, store))}


def test_provinces_match_in_arabic_and_in_every_spelling(filled: EventStore) -> None:
    for spelling in ("إدلب", "ادلب", "Idlib", "idleb", "IDLEB"):
        assert docs(filled, EventFilter(admin1=(spelling,))) == {"a"}, spelling
    assert docs(filled, EventFilter(admin1=("حلب", "Hasakah"))) == {"b", "c"}
    assert docs(filled, EventFilter(countries=("سوريا",))) == {"a", "b", "c"}


def test_a_known_place_the_store_lacks_selects_nothing_without_error(filled: EventStore) -> None:
    assert docs(filled, EventFilter(admin1=("نينوى",))) == set()


def test_unknown_place_is_an_error_listing_the_stores_provinces(filled: EventStore) -> None:
    with pytest.raises(UnknownValue) as raised:
        resolve_filter(EventFilter(admin1=("Narnia",)), filled)
    assert raised.value.option == "--admin1" and {"Idleb", "Aleppo", "Al-Hasakeh"} <= set(raised.value.valid)
    # a town is not a province: the message says what the gazetteer knows it as
    with pytest.raises(UnknownValue, match="the gazetteer knows it as the town"):
        resolve_filter(EventFilter(admin1=("كفرنبل",)), filled)


def test_types_in_any_case_and_unknown_types_listed(filled: EventStore) -> None:
    got = resolve_filter(EventFilter(types=("battles", "AIR/DRONE STRIKE")), filled)
    assert got.types == ("Battles", "Air/drone strike")
    with pytest.raises(UnknownValue) as raised:
        resolve_filter(EventFilter(types=("Fights",)), filled)
    assert "Battles" in raised.value.valid and "Humanitarian" in raised.value.valid


def test_actors_by_id_english_or_arabic_and_outlets_by_case(filled: EventStore) -> None:
    assert docs(filled, EventFilter(actors=("قوات النظام",))) == {"a", "b", "c"}
    assert docs(filled, EventFilter(outlets=("sana",))) == {"a", "c"}
    with pytest.raises(UnknownValue, match="Enab Baladi"):
        resolve_filter(EventFilter(outlets=("Al-Nowhere",)), filled)
    with pytest.raises(UnknownValue):
        resolve_filter(EventFilter(actors=("Nobody at all",)), filled)
