"""An analyst's corrections of merging (split, detach, merge) are kept: they survive re-extraction of the
articles and a rebuild of every incident."""

from __future__ import annotations

from sqlalchemy import select

from marsad.store.corrections import detach, merge_incidents, remerge, split
from marsad.store.schema import Event, IncidentMember
from marsad.store.store import EventStore

from .factories import make_doc, make_event, make_record

REPORTS = {
    "sana-1": ("SANA", "قصف مدفعي على بلدة كفرنبل أسفر عن مقتل مدنيين اثنين.", {}),
    "enab-1": ("Enab Baladi", "قتل مدنيان بقصف لقوات النظام على كفرنبل جنوبي إدلب.", {"day": "2022-03-02"}),
    "sohr-1": ("SOHR", "المرصد: قصف صاروخي يستهدف حزارين وكفرنبل.", {"place": "حزارين", "actor1": None}),
    "baladi-1": ("Baladi News", "قصف مدفعي يطال كفرنبل ويوقع ضحايا.", {}),
}


def save(store: EventStore, doc_id: str, version: str = "0.1.0", **extra: object) -> None:
    outlet, text, kwargs = REPORTS[doc_id]
    doc = make_doc(doc_id, text, outlet=outlet)
    event = make_event(doc_id, text=text[:20], start=0, **{**kwargs, **extra})  # type: ignore[arg-type]
    store.save(doc, make_record(doc, [event]), version, replace=version != "0.1.0")


def groups(store: EventStore) -> list[set[str]]:
    """The incidents as sets of the articles reporting them."""
    with store.session() as s:
        rows = s.execute(
            select(IncidentMember.incident_id, Event.event_key).join(Event, Event.id == IncidentMember.event_id)
        ).all()
    found: dict[int, set[str]] = {}
    for incident_id, key in rows:
        found.setdefault(incident_id, set()).add(key.split(":")[0])
    return sorted(found.values(), key=lambda g: sorted(g))


def event_id(store: EventStore, doc_id: str) -> int:
    with store.session() as s:
        return int(s.scalar(select(Event.id).where(Event.event_key == f"{doc_id}:1")) or 0)


def incident_of(store: EventStore, doc_id: str) -> int:
    with store.session() as s:
        return int(
            s.scalar(select(IncidentMember.incident_id).where(IncidentMember.event_id == event_id(store, doc_id)))
            or 0
        )


def test_a_split_incident_stays_split_after_reextraction_and_remerge(store: EventStore) -> None:
    for doc_id in ("sana-1", "enab-1", "sohr-1"):
        save(store, doc_id)
    assert groups(store) == [{"enab-1", "sana-1", "sohr-1"}]
    split(store, incident_of(store, "sana-1"))
    apart = [{"enab-1"}, {"sana-1"}, {"sohr-1"}]
    assert groups(store) == apart
    save(store, "enab-1", version="0.2.0")  # a newer engine re-extracts one article: its event is new
    assert groups(store) == apart
    remerge(store)
    assert groups(store) == apart


def test_a_detached_report_stays_out_and_the_rest_stay_together(store: EventStore) -> None:
    for doc_id in ("sana-1", "enab-1", "sohr-1"):
        save(store, doc_id)
    detach(store, event_id(store, "sohr-1"))
    expected = [{"enab-1", "sana-1"}, {"sohr-1"}]
    assert groups(store) == expected
    save(store, "sohr-1", version="0.2.0")
    save(store, "sana-1", version="0.2.0")
    assert groups(store) == expected
    remerge(store)
    assert groups(store) == expected
    save(store, "baladi-1")  # a new report nobody pinned still merges by the rules
    assert groups(store) == [{"baladi-1", "enab-1", "sana-1"}, {"sohr-1"}]


def test_merged_incidents_stay_merged(store: EventStore) -> None:
    save(store, "sana-1")
    save(store, "enab-1", day="2022-03-09")  # a week apart: the rules keep them apart
    assert groups(store) == [{"enab-1"}, {"sana-1"}]
    merge_incidents(store, incident_of(store, "sana-1"), [incident_of(store, "enab-1")])
    assert groups(store) == [{"enab-1", "sana-1"}]
    save(store, "enab-1", version="0.2.0", day="2022-03-09")
    remerge(store)
    assert groups(store) == [{"enab-1", "sana-1"}]
