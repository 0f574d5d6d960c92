"""Cross-article merging into incidents, explainable and reversible."""

from __future__ import annotations

from sqlalchemy import select

from marsad.store.schema import Incident
from marsad.store.store import EventStore

from .factories import make_doc, make_event, make_record

REPORTS = {
    "sana-1": ("SANA", "قصف مدفعي على بلدة كفرنبل أسفر عن مقتل مدنيين اثنين."),
    "enab-1": ("Enab Baladi", "قتل مدنيان بقصف لقوات النظام على كفرنبل جنوبي إدلب."),
    "sohr-1": ("SOHR", "المرصد: قصف صاروخي يستهدف حزارين وكفرنبل ومقتل مدنيين."),
}


def save(store: EventStore, doc_id: str, outlet: str, text: str, **event_kwargs: object) -> int:
    doc = make_doc(doc_id, text, outlet=outlet)
    return store.save(doc, make_record(doc, [make_event(doc_id, **event_kwargs)]), "0.1.0").document_id  # type: ignore[arg-type]


def incidents(store: EventStore) -> list[Incident]:
    with store.session() as s:
        return list(s.scalars(select(Incident).order_by(Incident.id)))


def test_reports_of_one_event_by_several_outlets_become_one_incident(store: EventStore) -> None:
    save(store, "sana-1", *REPORTS["sana-1"], fatalities=2)
    save(store, "enab-1", *REPORTS["enab-1"], day="2022-03-02", fatalities=2)  # published next day
    save(store, "sohr-1", *REPORTS["sohr-1"], place="حزارين", actor1=None, fatalities=3)  # same sub-district
    (incident,) = incidents(store)
    assert incident.n_events == 3 and incident.n_documents == 3
    assert incident.pcode in {"C3924", "C3931"} and incident.admin3 == "Kafr Nobol"
    assert (incident.date_start.isoformat(), incident.date_end.isoformat()) == ("2022-03-01", "2022-03-02")  # type: ignore[union-attr]
    members = store.incident_members(incident.id)
    assert [m[1] for m in members] == ["sana-1", "enab-1", "sohr-1"]
    assert members[0][2] == "first report"
    assert "same place (C3924)" in members[1][2] and "1 day apart" in members[1][2]
    assert "same sub-district (Kafr Nobol)" in members[2][2]


def test_similar_events_on_different_days_stay_apart(store: EventStore) -> None:
    save(store, "a", "SANA", "قصف على كفرنبل يوم الثلاثاء", day="2022-03-01")
    save(store, "b", "SANA", "قصف جديد على كفرنبل يوم الجمعة", day="2022-03-04")
    assert [i.n_events for i in incidents(store)] == [1, 1]


def test_no_merge_across_types_places_actors_or_within_one_document(store: EventStore) -> None:
    save(store, "a", "SANA", "قصف على كفرنبل")
    save(store, "b", "SANA", "اشتباكات في كفرنبل", event_type="Battles", sub_event_type="Armed clash")
    save(store, "c", "SANA", "قصف على حلب", place="حلب")
    save(store, "d", "SANA", "قصف روسي على كفرنبل", actor1="RUS_MIL")
    save(store, "e", "SANA", "قصف بلا تاريخ على كفرنبل", day=None)
    doc = make_doc("f", "قصفان على كفرنبل في الوثيقة نفسها")
    store.save(doc, make_record(doc, [make_event("f", 1), make_event("f", 2)]), "0.1.0")
    got = incidents(store)
    # only one of f's two events may join a's incident; nothing else merges
    assert sorted(i.n_events for i in got) == [1, 1, 1, 1, 1, 2]


def test_merge_can_be_undone(store: EventStore) -> None:
    for doc_id, (outlet, text) in REPORTS.items():
        save(store, doc_id, outlet, text)
    (incident,) = incidents(store)
    new_ids = store.split_incident(incident.id)
    assert len(new_ids) == 2
    assert sorted(i.n_events for i in incidents(store)) == [1, 1, 1]
    assert all(
        reason == "first report" or reason.startswith("detached")
        for _, _, reason in [m for i in incidents(store) for m in store.incident_members(i.id)]
    )


def test_reextraction_keeps_incidents_consistent(store: EventStore) -> None:
    save(store, "sana-1", *REPORTS["sana-1"])
    save(store, "enab-1", *REPORTS["enab-1"])
    doc = make_doc("enab-1", REPORTS["enab-1"][1], outlet="Enab Baladi")
    store.save(doc, make_record(doc, [make_event("enab-1", place="حلب")]), "0.2.0", replace=True)
    assert sorted(i.n_events for i in incidents(store)) == [1, 1]


def test_the_in_memory_merge_gives_the_stores_incidents(store: EventStore) -> None:
    from marsad.store.merge import Facts, cluster, summarize
    from marsad.store.schema import Event, IncidentMember

    for doc_id, (outlet, text) in REPORTS.items():
        save(store, doc_id, outlet, text)
    save(store, "d", "SANA", "قصف روسي على كفرنبل", actor1="RUS_MIL")
    save(store, "e", "SANA", "قصف بلا تاريخ على كفرنبل", day=None)
    save(store, "g", "SANA", "قصف على حلب", place="حلب", day="2022-03-02")
    doc = make_doc("f", "قصفان على كفرنبل في الوثيقة نفسها")
    store.save(doc, make_record(doc, [make_event("f", 1), make_event("f", 2)]), "0.1.0")
    with store.session() as s:
        rows = s.execute(select(Event, IncidentMember).join(IncidentMember).order_by(Event.id)).all()
        facts = [Facts.of(ev) for ev, _ in rows]
        stored = {ev.id: (m.incident_id, m.reason) for ev, m in rows}
        summaries = {i.id: i for i in incidents(store)}
    by_number: dict[int, list[Facts]] = {}
    seen: dict[int, int] = {}
    for fact, number, reason in cluster(facts):
        incident_id, stored_reason = stored[fact.event_id]
        assert seen.setdefault(number, incident_id) == incident_id
        assert reason == stored_reason
        by_number.setdefault(number, []).append(fact)
    assert len(by_number) == len(summaries) < len(facts)
    for number, members in by_number.items():
        got, want = summarize(members), summaries[seen[number]]
        assert (got.n_events, got.n_documents, got.date_start, got.date_end) == (
            want.n_events, want.n_documents, want.date_start, want.date_end
        )  # fmt: skip
        assert (got.event_type, got.pcode, got.admin1, got.admin3) == (
            want.event_type, want.pcode, want.admin1, want.admin3
        )  # fmt: skip
