"""Cross-article merging: reports of one real-world event by different documents become one incident.

Two events are reports of the same incident when all of these hold:

- same ``event_type`` and ``sub_event_type``;
- same place: the same p-code, or the same sub-district (admin1, admin2 and admin3 all equal), or (when the
  gazetteer gave no p-code) the same place name at place precision in the same admin1;
- dates within a day of each other (both must be dated);
- compatible actors: the set of known actor ids (actor1, actor2) of one is contained in the other's, so an
  unnamed side is compatible with a named one, but two different named perpetrators are not;
- they come from different documents.

An event joins an incident only when it matches *every* member (no chaining of loosely similar reports), and
the incident may not already have a member from the same document. Every event has exactly one membership row,
which records why it joined (``first report`` for the event that seeded the incident); :func:`split_incident`
and :func:`detach_event` undo merges. An analyst's corrections (:mod:`marsad.store.corrections`) override
these rules and survive re-extraction and re-merging.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Date, Select, bindparam, distinct, func, or_, select
from sqlalchemy.orm import Session

from marsad.store.schema import Event, Incident, IncidentMember

log = logging.getLogger(__name__)

MAX_DAYS_APART = 1
SEED_REASON = "first report"
K = TypeVar("K")


@dataclass(frozen=True)
class Facts:
    """What merging compares of an event."""

    event_id: int
    document_id: int
    event_type: str
    sub_event_type: str
    pcode: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    location_name: str | None
    geo_precision: int | None
    start: date | None
    end: date | None
    actors: frozenset[str]

    @classmethod
    def of(cls, ev: Event) -> Facts:
        actors = frozenset(a for a in (ev.actor1_id, ev.actor2_id) if a)
        return cls(
            event_id=ev.id,
            document_id=ev.document_id,
            event_type=ev.event_type,
            sub_event_type=ev.sub_event_type,
            pcode=ev.pcode,
            admin1=ev.admin1,
            admin2=ev.admin2,
            admin3=ev.admin3,
            location_name=ev.location_name,
            geo_precision=ev.geo_precision,
            start=ev.date_start,
            end=ev.date_end or ev.date_start,
            actors=actors,
        )


def same_place(a: Facts, b: Facts) -> str | None:
    """Why ``a`` and ``b`` are at the same place, or ``None``."""
    if a.pcode and b.pcode:
        if a.pcode == b.pcode:
            return f"same place ({a.pcode})"
        # different p-codes may still share a sub-district
    if a.admin3 and (a.admin1, a.admin2, a.admin3) == (b.admin1, b.admin2, b.admin3):
        return f"same sub-district ({a.admin3})"
    if (
        not (a.pcode and b.pcode)
        and a.location_name
        and a.admin1
        and a.geo_precision == 1
        and b.geo_precision == 1
        and (a.location_name, a.admin1) == (b.location_name, b.admin1)
    ):
        return f"same place name ({a.location_name}, {a.admin1})"
    return None


def days_apart(a: Facts, b: Facts) -> int | None:
    """Days between the two date ranges (0 when they overlap), ``None`` when either is undated."""
    if a.start is None or b.start is None:
        return None
    a_end, b_end = a.end or a.start, b.end or b.start
    if a_end < b.start:
        return (b.start - a_end).days
    if b_end < a.start:
        return (a.start - b_end).days
    return 0


def actors_compatible(a: Facts, b: Facts) -> bool:
    return a.actors <= b.actors or b.actors <= a.actors


def match(a: Facts, b: Facts) -> str | None:
    """The reason ``a`` and ``b`` report the same incident, or ``None`` when they do not."""
    if a.document_id == b.document_id:
        return None
    if (a.event_type, a.sub_event_type) != (b.event_type, b.sub_event_type):
        return None
    place = same_place(a, b)
    if place is None:
        return None
    gap = days_apart(a, b)
    if gap is None or gap > MAX_DAYS_APART:
        return None
    if not actors_compatible(a, b):
        return None
    actors = "actors " + (", ".join(sorted(a.actors | b.actors)) or "unnamed")
    when = "same day" if gap == 0 else f"{gap} day apart"
    return f"{a.event_type} / {a.sub_event_type}; {place}; {when}; {actors}"


def can_merge(facts: Facts) -> bool:
    """Whether ``facts`` can join any incident at all: it is dated and placed finely enough to compare."""
    return facts.start is not None and bool(
        facts.pcode or facts.admin3 or (facts.location_name and facts.admin1)
    )


def best_incident(facts: Facts, groups: Iterable[tuple[K, Sequence[Facts]]]) -> tuple[K, str] | None:
    """The incident ``facts`` joins and why, or ``None`` for an incident of its own.

    ``groups`` are the candidate incidents with their members, oldest incident first: the event joins the
    largest one whose every member it matches and that holds no report from its own document (the oldest of
    equally large ones); the reason is its match with the first member given.
    """
    best: tuple[int, K, str] | None = None
    for key, group in groups:
        if not group or any(m.document_id == facts.document_id for m in group):
            continue
        reasons = [match(facts, m) for m in group]
        if any(r is None for r in reasons):
            continue
        if best is None or len(group) > best[0]:
            best = (len(group), key, str(reasons[0]))
    return None if best is None else (best[1], best[2])


def lead_order(facts: Facts) -> tuple[int, bool, int]:
    """The order in which an incident's members lend it their type and place (the first wins): the most
    precise place, then one with a p-code, then the oldest event (the ``ORDER BY`` of :func:`refresh`)."""
    precision = facts.geo_precision if facts.geo_precision is not None else 9
    return (precision, facts.pcode is None, facts.event_id)


@dataclass(frozen=True)
class IncidentSummary:
    """The columns of an incident that :func:`refresh` computes from its members."""

    event_type: str
    sub_event_type: str
    pcode: str | None
    admin1: str | None
    admin3: str | None
    n_events: int
    n_documents: int
    date_start: date | None
    date_end: date | None


def summarize(members: Sequence[Facts]) -> IncidentSummary:
    """What :func:`refresh` writes for an incident of these members, computed in memory."""
    lead = min(members, key=lead_order)
    starts = [m.start for m in members if m.start is not None]
    ends = [m.end or m.start for m in members if (m.end or m.start) is not None]
    return IncidentSummary(
        event_type=lead.event_type,
        sub_event_type=lead.sub_event_type,
        pcode=lead.pcode,
        admin1=lead.admin1,
        admin3=lead.admin3,
        n_events=len(members),
        n_documents=len({m.document_id for m in members}),
        date_start=min(starts, default=None),
        date_end=max((e for e in ends if e is not None), default=None),
    )


def cluster(events: Iterable[Facts]) -> Iterator[tuple[Facts, int, str]]:
    """The store's merge run in memory over ``events`` in the order given (the order they would be saved):
    ``(event, incident number, reason)`` per event, incidents numbered from 0 in order of creation.

    The candidates of an event are the incidents with a member at the same p-code or in the same admin1 in a
    week its dates (widened by the window) touch: a superset of those it can match, found without scanning
    every incident of a province; :func:`best_incident` decides, as :func:`assign` does in the store.
    """
    incidents: list[list[Facts]] = []
    index: dict[tuple[str, str | None, int], list[int]] = defaultdict(list)
    for facts in events:
        keys = _index_keys(facts) if can_merge(facts) else []
        found = sorted({i for key in keys for i in index.get(key, ())})
        chosen = best_incident(facts, ((i, incidents[i]) for i in found)) if found else None
        if chosen is None:
            number, reason = len(incidents), SEED_REASON
            incidents.append([])
        else:
            number, reason = chosen
        incidents[number].append(facts)
        for key in keys:
            if number not in index[key]:
                index[key].append(number)
        yield facts, number, reason


def _index_keys(facts: Facts) -> list[tuple[str, str | None, int]]:
    assert facts.start is not None
    window = timedelta(days=MAX_DAYS_APART)
    first = (facts.start - window).toordinal() // 7
    last = ((facts.end or facts.start) + window).toordinal() // 7
    # every way to be at the same place implies the same p-code or the same admin1 (see same_place)
    places: list[tuple[str, str | None]] = [("admin1", facts.admin1)]
    if facts.pcode:
        places.append(("pcode", facts.pcode))
    return [(kind, value, week) for kind, value in places for week in range(first, last + 1)]


def _now() -> datetime:
    return datetime.now(UTC)


FACT_COLUMNS = (
    Event.id,
    Event.document_id,
    Event.event_type,
    Event.sub_event_type,
    Event.pcode,
    Event.admin1,
    Event.admin2,
    Event.admin3,
    Event.location_name,
    Event.geo_precision,
    Event.date_start,
    Event.date_end,
    Event.actor1_id,
    Event.actor2_id,
)


def facts_from_row(row: Any) -> Facts:
    return Facts(
        event_id=row[0],
        document_id=row[1],
        event_type=row[2],
        sub_event_type=row[3],
        pcode=row[4],
        admin1=row[5],
        admin2=row[6],
        admin3=row[7],
        location_name=row[8],
        geo_precision=row[9],
        start=row[10],
        end=row[11] or row[10],
        actors=frozenset(a for a in (row[12], row[13]) if a),
    )


def assign(session: Session, event: Event) -> IncidentMember:
    """Put a freshly flushed ``event`` into the best matching incident, or into a new one of its own."""
    from marsad.store.corrections import placement

    facts = Facts.of(event)
    members: dict[int, list[Facts]] = defaultdict(list)
    pinned = placement(session, event, candidate_incidents(session, facts))  # an analyst's corrections come first
    candidates = pinned.candidates
    if candidates:
        rows = session.execute(
            select(IncidentMember.incident_id, *FACT_COLUMNS)
            .join(Event, Event.id == IncidentMember.event_id)
            .where(IncidentMember.incident_id.in_(candidates), Event.id != event.id)
            .order_by(IncidentMember.incident_id, Event.id)
        )
        for row in rows:
            members[row[0]].append(facts_from_row(row[1:]))
    best = best_incident(facts, ((i, members.get(i, [])) for i in candidates))
    if best is None and pinned.forced is not None:
        best = (pinned.forced, pinned.reason)
    now = _now()
    if best is None:
        incident = Incident(
            event_type=event.event_type,
            sub_event_type=event.sub_event_type,
            created_at=now,
            updated_at=now,
        )
        session.add(incident)
        reason = SEED_REASON
    else:
        found = session.get(Incident, best[0])
        assert found is not None
        incident, reason = found, best[1]
        log.debug("event %s joins incident %s: %s", event.id, incident.id, reason)
    member = IncidentMember(incident=incident, event=event, reason=reason, added_at=now)
    session.add(member)
    session.flush()
    refresh(session, incident)
    return member


def candidate_incidents(session: Session, facts: Facts) -> list[int]:
    """The incidents ``facts`` could join by type, dates and place (:func:`best_incident` then checks every
    member), oldest first."""
    if not can_merge(facts):
        return []
    assert facts.start is not None
    end = facts.end or facts.start
    params = {
        "event_type": facts.event_type,
        "sub_event_type": facts.sub_event_type,
        "last": _shift(end, MAX_DAYS_APART),
        "first": _shift(facts.start, -MAX_DAYS_APART),
        # a place condition whose value is NULL matches nothing, as a condition left out
        "admin3": facts.admin3 or None,
        "pcode": facts.pcode or None,
        "admin1": facts.admin1 if facts.location_name and facts.admin1 else None,
    }
    return list(session.scalars(_candidates_query(), params))


@cache
def _candidates_query() -> Select[Any]:
    """The statement of :func:`candidate_incidents`, built once (an event's merge runs it with its values)."""
    return (
        select(Incident.id)
        .where(
            Incident.event_type == bindparam("event_type"),
            Incident.sub_event_type == bindparam("sub_event_type"),
            Incident.date_start.is_not(None),
            Incident.date_start <= bindparam("last", type_=Date),
            Incident.date_end >= bindparam("first", type_=Date),
            or_(
                Incident.admin3 == bindparam("admin3"),
                Incident.pcode == bindparam("pcode"),
                Incident.admin1 == bindparam("admin1"),
            ),
        )
        .order_by(Incident.id)
    )


def _shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, stopping at the ends of the calendar (an event dated 9999-12-31)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def refresh(session: Session, incident: Incident) -> None:
    """Recompute an incident's summary columns from its members (deleting it when it has none)."""
    session.flush()
    in_incident = (IncidentMember.event_id == Event.id, IncidentMember.incident_id == incident.id)
    agg = session.execute(
        select(
            func.count(Event.id),
            func.count(distinct(Event.document_id)),
            func.min(Event.date_start),
            func.max(func.coalesce(Event.date_end, Event.date_start)),
        ).where(*in_incident)
    ).one()
    if agg[0] == 0:
        session.delete(incident)
        return
    best = session.execute(
        select(Event.event_type, Event.sub_event_type, Event.pcode, Event.admin1, Event.admin3)
        .where(*in_incident)
        .order_by(func.coalesce(Event.geo_precision, 9), Event.pcode.is_(None), Event.id)
        .limit(1)
    ).one()
    incident.event_type, incident.sub_event_type = best[0], best[1]
    incident.pcode, incident.admin1, incident.admin3 = best[2], best[3], best[4]
    incident.n_events, incident.n_documents = int(agg[0]), int(agg[1])
    incident.date_start, incident.date_end = agg[2], agg[3]
    incident.updated_at = _now()


def remove_event(session: Session, event: Event) -> None:
    """Take ``event`` out of its incident before the event is deleted (the incident is refreshed or dropped)."""
    member = event.membership
    if member is None:
        return
    incident = member.incident
    session.delete(member)
    session.flush()
    refresh(session, incident)


def detach_event(session: Session, event_id: int) -> int:
    """Undo one merge: move the event into an incident of its own; returns the new incident's id."""
    event = session.get(Event, event_id)
    if event is None:
        raise KeyError(f"no event {event_id}")
    remove_event(session, event)
    now = _now()
    incident = Incident(
        event_type=event.event_type, sub_event_type=event.sub_event_type, created_at=now, updated_at=now
    )
    session.add(
        IncidentMember(incident=incident, event=event, reason=f"detached at {now:%Y-%m-%d}", added_at=now)
    )
    session.flush()
    refresh(session, incident)
    return incident.id


def split_incident(session: Session, incident_id: int) -> list[int]:
    """Undo an incident: every member but the first report gets an incident of its own; returns their ids."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise KeyError(f"no incident {incident_id}")
    ids = sorted(m.event_id for m in incident.members)
    seeds = [m.event_id for m in incident.members if m.reason == SEED_REASON]
    keep = seeds[0] if seeds else ids[0]
    others = [i for i in ids if i != keep]
    return [detach_event(session, event_id) for event_id in others]
