"""The rows one stored document writes: its ``documents`` values, and its events with their actors, spans,
quantities and attribution, inserted through SQLAlchemy Core (one prepared statement per table, executed for
all the rows of a document or of a batch at once) and then merged into incidents one by one, in order."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from marsad.model import InputDocument
from marsad.store import merge
from marsad.store.schema import (
    AttributionRow,
    Event,
    EventActor,
    EvidenceSpan,
    Incident,
    IncidentMember,
    IncidentPin,
    QuantityRow,
)

EVENTS = cast(Table, Event.__table__)
ACTORS = cast(Table, EventActor.__table__)
SPANS = cast(Table, EvidenceSpan.__table__)
QUANTITIES = cast(Table, QuantityRow.__table__)
ATTRIBUTIONS = cast(Table, AttributionRow.__table__)
INCIDENTS = cast(Table, Incident.__table__)
MEMBERS = cast(Table, IncidentMember.__table__)
PINS = cast(Table, IncidentPin.__table__)
#: The child tables of an event in the order they are written.
CHILD_TABLES = (ACTORS, SPANS, QUANTITIES, ATTRIBUTIONS)

Child = tuple[Table, dict[str, Any]]


def parse_date(value: Any) -> date | None:
    """A date from an ISO string (only its first 10 characters are read); ``None`` when absent or invalid."""
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def document_values(doc: InputDocument, contract: dict[str, Any], version: str, now: datetime) -> dict[str, Any]:
    """The columns of ``documents`` that come from the input and its record (not its identity or version)."""
    return {
        "doc_id": doc.doc_id,
        "outlet": doc.outlet or contract.get("outlet"),
        "url": doc.url,
        "published": parse_date(doc.published or contract.get("published")),
        "title": doc.title or contract.get("title"),
        "text": doc.text,
        "language": contract.get("language") or "ar",
        "engine_version": version,
        "source": doc.source,
        "n_events": len(contract.get("events") or []),
        "extracted_at": now,
    }


def event_rows(document_id: int, seq: int, ev: dict[str, Any]) -> tuple[dict[str, Any], list[Child]]:
    """The ``events`` values of one contract event, and its child rows (without their ``event_id``)."""
    loc = ev.get("location") or {}
    when = ev.get("date") or {}
    a1 = ev.get("actor1") or {}
    a2 = ev.get("actor2") or {}
    start = parse_date(when.get("start"))
    values = {
        "document_id": document_id,
        "seq": seq,
        "event_key": str(ev.get("id") or f"{document_id}:{seq}"),
        "event_type": ev["event_type"],
        "sub_event_type": ev["sub_event_type"],
        "actor1_id": a1.get("id"),
        "actor1_name": a1.get("name"),
        "actor2_id": a2.get("id"),
        "actor2_name": a2.get("name"),
        "location_name": loc.get("name"),
        "location_name_ar": loc.get("name_ar"),
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "admin2": loc.get("admin2"),
        "admin3": loc.get("admin3"),
        "pcode": loc.get("pcode"),
        "latitude": loc.get("latitude"),
        "longitude": loc.get("longitude"),
        "geo_precision": loc.get("geo_precision"),
        "date_start": start,
        "date_end": parse_date(when.get("end")) or start,
        "date_precision": when.get("precision") or "unknown",
        "fatalities": int(ev.get("fatalities") or 0),
        "modality": ev.get("modality") or "asserted",
        "confidence": float(ev.get("confidence") or 0.0),
        "record": ev,
    }
    children: list[Child] = []
    for role, actor in (("actor1", a1), ("actor2", a2)):
        if actor.get("id"):
            children.append((ACTORS, _actor(role, actor)))
    for actor in ev.get("assoc_actors") or []:
        children.append((ACTORS, _actor("assoc", actor)))
    for span in ev.get("evidence") or []:
        children.append((SPANS, {"start": span["start"], "end": span["end"], "text": span["text"]}))
    for q in ev.get("quantities") or []:
        children.append(
            (QUANTITIES, {"value": q.get("value"), "unit": q["unit"], "qualifier": q["qualifier"], "text": q["text"]})
        )
    if ev.get("attribution"):
        children.append((ATTRIBUTIONS, {"name": ev["attribution"]["name"], "text": ev["attribution"]["text"]}))
    return values, children


def _actor(role: str, actor: dict[str, Any]) -> dict[str, Any]:
    return {"role": role, "actor_id": actor["id"], "name": actor["name"], "text": actor["text"]}


def write_events(s: Session, document_id: int, events: list[dict[str, Any]], now: datetime) -> list[int]:
    """Insert a document's events and their child rows (one executemany per table), then merge each event into
    its incident in order; returns the events' ids.

    Merging is :func:`marsad.store.merge.assign` done with Core statements (:func:`_assign`): the same candidates
    and the same choice, the incident's summary computed in memory (:func:`marsad.store.merge.summarize`, what
    :func:`marsad.store.merge.refresh` computes in SQL). A document an analyst pinned events of goes through
    :func:`marsad.store.merge.assign` itself, which applies the pins."""
    if not events:
        return []
    built = [event_rows(document_id, seq, ev) for seq, ev in enumerate(events, 1)]
    ids = list(s.execute(_statements().insert_events, [values for values, _ in built]).scalars())
    per_table: dict[Table, list[dict[str, Any]]] = defaultdict(list)
    for event_id, (_, children) in zip(ids, built, strict=True):
        for table, child in children:
            per_table[table].append({**child, "event_id": event_id})
    for table in CHILD_TABLES:
        if per_table[table]:
            s.execute(insert(table), per_table[table])
    pinned = s.scalar(_statements().pinned, {"document_id": document_id}) is not None
    for event_id, (values, _) in zip(ids, built, strict=True):
        if pinned:
            event = s.get(Event, event_id)
            assert event is not None  # inserted just above, in this transaction
            merge.assign(s, event)
        else:
            _assign(s, _facts(event_id, values), now)
    if not pinned:  # incidents written by Core: what the session holds of them is stale
        _expire_incidents(s)
    return ids


def write_batch_events(s: Session, documents: list[tuple[int, list[dict[str, Any]]]], now: datetime) -> None:
    """:func:`write_events` for the new documents of a batch at once (``documents``: each one's id and events, in
    input order; ids the store gave them just now, so that no event is stored for them yet): every event inserted
    with one ``executemany`` (no ``RETURNING``: on SQLite that is one statement per row), their ids read back in
    the order they were inserted (one query), each child table with one ``executemany``, the analysts' pins asked
    for once; then each event merged into its incident in input order, as :func:`write_events` merges them one
    document after the other (a merge reads the incidents and the events already merged, not the events inserted
    ahead of it). The same rows and ids as :func:`write_events` called document by document."""
    built = [
        (document_id, event_rows(document_id, seq, ev))
        for document_id, events in documents
        for seq, ev in enumerate(events, 1)
    ]
    if not built:
        return
    done = _statements()
    s.execute(insert(EVENTS), [values for _, (values, _) in built])
    owners = sorted({document_id for document_id, _ in built})
    ids = list(s.scalars(done.batch_event_ids, {"documents": owners}))
    if len(ids) != len(built):  # cannot happen: the documents are the batch's own, inserted just now
        raise RuntimeError(f"{len(built)} events inserted, {len(ids)} read back")
    per_table: dict[Table, list[dict[str, Any]]] = defaultdict(list)
    for event_id, (_, (_, children)) in zip(ids, built, strict=True):
        for table, child in children:
            per_table[table].append({**child, "event_id": event_id})
    for table in CHILD_TABLES:
        if per_table[table]:
            s.execute(insert(table), per_table[table])
    pinned = set(s.scalars(done.batch_pinned, {"documents": owners}))
    stale = False  # incidents written by Core since the session last read them
    for event_id, (document_id, (values, _)) in zip(ids, built, strict=True):
        if document_id in pinned:
            if stale:
                _expire_incidents(s)
                stale = False
            event = s.get(Event, event_id)
            assert event is not None  # inserted just above, in this transaction
            merge.assign(s, event)
        else:
            _assign(s, _facts(event_id, values), now)
            stale = True
    if stale:
        _expire_incidents(s)


def _expire_incidents(s: Session) -> None:
    """Incidents written by Core statements: what the session holds of them is stale."""
    for held in list(s.identity_map.values()):
        if isinstance(held, Incident):
            s.expire(held)


def _facts(event_id: int, values: dict[str, Any]) -> merge.Facts:
    return merge.Facts(
        event_id=event_id,
        document_id=values["document_id"],
        event_type=values["event_type"],
        sub_event_type=values["sub_event_type"],
        pcode=values["pcode"],
        admin1=values["admin1"],
        admin2=values["admin2"],
        admin3=values["admin3"],
        location_name=values["location_name"],
        geo_precision=values["geo_precision"],
        start=values["date_start"],
        end=values["date_end"] or values["date_start"],
        actors=frozenset(a for a in (values["actor1_id"], values["actor2_id"]) if a),
    )


def _assign(s: Session, facts: merge.Facts, now: datetime) -> None:
    """:func:`marsad.store.merge.assign` of an event no analyst pinned, in Core statements."""
    candidates = merge.candidate_incidents(s, facts)
    members: dict[int, list[merge.Facts]] = defaultdict(list)
    done = _statements()
    if candidates:
        rows = s.execute(done.members, {"incidents": candidates, "event_id": facts.event_id})
        for row in rows:
            members[row[0]].append(merge.facts_from_row(row[1:]))
    best = merge.best_incident(facts, ((i, members.get(i, [])) for i in candidates))
    if best is None:
        summary = asdict(merge.summarize([facts]))
        incident_id = s.execute(done.insert_incident, {**summary, "created_at": now, "updated_at": now}).scalar_one()
        reason = merge.SEED_REASON
    else:
        incident_id, reason = best
        summary = asdict(merge.summarize([*members[incident_id], facts]))
        s.execute(done.update_incident, {**summary, "updated_at": now, "incident_id": incident_id})
    member = {"incident_id": incident_id, "event_id": facts.event_id, "reason": reason, "added_at": now}
    s.execute(done.insert_member, member)


@dataclass(frozen=True)
class _Statements:
    """The statements a stored event runs, built once and executed with each event's values (SQLAlchemy
    compiles each once and the database prepares it once; building them again for every event cost more than
    running them)."""

    insert_events: Any
    pinned: Any
    members: Any
    insert_incident: Any
    update_incident: Any
    insert_member: Any
    batch_event_ids: Any
    batch_pinned: Any


@cache
def _statements() -> _Statements:
    return _Statements(
        insert_events=insert(EVENTS).returning(EVENTS.c.id, sort_by_parameter_order=True),
        pinned=select(PINS.c.id).where(PINS.c.document_id == bindparam("document_id")).limit(1),
        members=select(MEMBERS.c.incident_id, *merge.FACT_COLUMNS)
        .join(EVENTS, EVENTS.c.id == MEMBERS.c.event_id)
        .where(
            MEMBERS.c.incident_id.in_(bindparam("incidents", expanding=True)),
            EVENTS.c.id != bindparam("event_id"),
        )
        .order_by(MEMBERS.c.incident_id, EVENTS.c.id),
        insert_incident=insert(INCIDENTS).returning(INCIDENTS.c.id),
        update_incident=update(INCIDENTS).where(INCIDENTS.c.id == bindparam("incident_id")),
        insert_member=insert(MEMBERS),
        batch_event_ids=select(EVENTS.c.id)
        .where(EVENTS.c.document_id.in_(bindparam("documents", expanding=True)))
        .order_by(EVENTS.c.id),
        batch_pinned=select(PINS.c.document_id).where(PINS.c.document_id.in_(bindparam("documents", expanding=True))),
    )
