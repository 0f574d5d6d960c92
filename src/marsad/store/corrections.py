"""An analyst's corrections of cross-article merging, kept in the store so that they outlive re-extraction and
re-merging.

``marsad incident split|detach|merge`` pin the events they touch: events pinned with the same label are one
incident, events pinned with different labels are never merged. A pin names its event by the article and the
event's first evidence span (offsets and words), not by the event's row: when the article is extracted again
(a newer engine, a corrected text) the pin finds the new event that tells the same words and holds it where the
analyst put it. Merging (:func:`marsad.store.merge.assign`) asks :func:`placement` before it matches anything:

- a pinned event joins the incident holding its label, whatever the matching rules say;
- it never joins an incident holding another label;
- events nobody pinned merge by the rules as before (a new report may still join a corrected incident).

:func:`remerge` rebuilds every incident from the events, in the order they were stored, with the pins kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from marsad.store.schema import Event, Incident, IncidentMember, IncidentPin
from marsad.store.store import EventStore

#: The reason a member row gives when a pin, not the matching rules, put the event in its incident.
PINNED_REASON = "kept here by an analyst"


@dataclass(frozen=True)
class Placement:
    """Where the pins allow an event to go: ``forced`` incident (when its label already has one), else the
    ``candidates`` it may match."""

    forced: int | None
    candidates: list[int]
    reason: str = PINNED_REASON


def _now() -> datetime:
    return datetime.now(UTC)


def _score(pin: IncidentPin, event: Event) -> int:
    """How well ``event`` tells the words ``pin`` was anchored on (0: not at all)."""
    best = 0
    for span in event.evidence:
        if (span.start, span.end) == (pin.anchor_start, pin.anchor_end):
            best = max(best, 3)
        elif span.start < pin.anchor_end and pin.anchor_start < span.end:
            best = max(best, 2)
        elif pin.anchor_text and (pin.anchor_text in span.text or span.text in pin.anchor_text):
            best = max(best, 1)
    return best + 1 if best and event.sub_event_type == pin.sub_event_type else best


def pin_for(session: Session, event: Event) -> IncidentPin | None:
    """The pin of ``event``: the one linked to it, else the best unlinked pin of its article anchored on its words
    (which is linked to it from now on)."""
    pins = list(session.scalars(select(IncidentPin).where(IncidentPin.document_id == event.document_id)))
    if not pins:
        return None
    for pin in pins:
        if pin.event_id == event.id:
            return pin
    scored = [(_score(p, event), p) for p in pins if p.event_id is None]
    scored = [(s, p) for s, p in scored if s > 0]
    if not scored:
        return None
    best = max(scored, key=lambda sp: (sp[0], -sp[1].id))[1]
    best.event_id = event.id
    session.flush()
    return best


def _incidents_of_labels(session: Session, labels: Sequence[str], but: int) -> dict[int, set[str]]:
    rows = session.execute(
        select(IncidentMember.incident_id, IncidentPin.label)
        .join(IncidentPin, IncidentPin.event_id == IncidentMember.event_id)
        .where(IncidentPin.label.in_(list(labels)), IncidentMember.event_id != but)
    )
    out: dict[int, set[str]] = {}
    for incident_id, label in rows:
        out.setdefault(incident_id, set()).add(label)
    return out


def placement(session: Session, event: Event, candidates: list[int]) -> Placement:
    """Where ``event`` may go, given the pins (see the module doc)."""
    pin = pin_for(session, event)
    if pin is None:
        return Placement(None, candidates)
    same = _incidents_of_labels(session, [pin.label], event.id)
    if same:
        return Placement(min(same), [], f"{PINNED_REASON} ({pin.note})")
    if not candidates:
        return Placement(None, [])
    labelled = session.execute(
        select(IncidentMember.incident_id)
        .join(IncidentPin, IncidentPin.event_id == IncidentMember.event_id)
        .where(IncidentMember.incident_id.in_(candidates), IncidentPin.label != pin.label)
    )
    held_apart = {row[0] for row in labelled}
    return Placement(None, [c for c in candidates if c not in held_apart])


# --------------------------------------------------------------------------------------------- corrections


def _new_label() -> str:
    return uuid.uuid4().hex[:16]


def _pin(session: Session, event: Event, label: str, note: str) -> None:
    pin = session.scalars(select(IncidentPin).where(IncidentPin.event_id == event.id)).first()
    if pin is None:
        anchor = min(event.evidence, key=lambda s: s.start, default=None)
        pin = IncidentPin(
            document_id=event.document_id,
            event_id=event.id,
            event_key=event.event_key,
            sub_event_type=event.sub_event_type,
            anchor_start=anchor.start if anchor else 0,
            anchor_end=anchor.end if anchor else 0,
            anchor_text=anchor.text if anchor else "",
            created_at=_now(),
            note=note,
            label=label,
        )
        session.add(pin)
    else:
        pin.label, pin.note = label, note
    session.flush()


def _incident(session: Session, incident_id: int) -> Incident:
    found = session.get(Incident, incident_id)
    if found is None:
        raise KeyError(f"no incident {incident_id}")
    return found


def _members(session: Session, incident_id: int) -> list[Event]:
    return list(
        session.scalars(
            select(Event)
            .join(IncidentMember, IncidentMember.event_id == Event.id)
            .where(IncidentMember.incident_id == incident_id)
            .order_by(Event.id)
        )
    )


def _label_of(session: Session, events: Sequence[Event]) -> str | None:
    ids = [e.id for e in events]
    return session.scalars(
        select(IncidentPin.label).where(IncidentPin.event_id.in_(ids)).order_by(IncidentPin.id)
    ).first()


def detach(store: EventStore, event_id: int) -> int:
    """Take one report out of its incident, for good: it gets an incident of its own, and it is never merged
    with the reports it leaves. Returns the new incident's id."""
    from marsad.store import merge

    with store.session() as s, s.begin():
        event = s.get(Event, event_id)
        if event is None:
            raise KeyError(f"no event {event_id}")
        when = f"{_now():%Y-%m-%d}"
        if event.membership is not None:
            rest = [e for e in _members(s, event.membership.incident_id) if e.id != event.id]
            kept = _label_of(s, rest) or _new_label()
            for other in rest:
                _pin(s, other, kept, f"event {event_id} detached on {when}")
        _pin(s, event, _new_label(), f"detached from its incident on {when}")
        return merge.detach_event(s, event_id)


def split(store: EventStore, incident_id: int) -> list[int]:
    """Undo an incident for good: every report gets an incident of its own (the first report keeps this one)
    and none of them is merged with another again. Returns the new incidents' ids."""
    from marsad.store import merge

    with store.session() as s, s.begin():
        _incident(s, incident_id)
        when = f"{_now():%Y-%m-%d}"
        for event in _members(s, incident_id):
            _pin(s, event, _new_label(), f"incident {incident_id} split on {when}")
        return merge.split_incident(s, incident_id)


def merge_incidents(store: EventStore, target_id: int, others: Sequence[int]) -> int:
    """Make ``others`` part of incident ``target_id`` for good (their reports are one event); returns the
    number of reports moved."""
    from marsad.store import merge

    with store.session() as s, s.begin():
        target = _incident(s, target_id)
        sources = [_incident(s, i) for i in dict.fromkeys(others) if i != target_id]
        events = _members(s, target_id) + [e for inc in sources for e in _members(s, inc.id)]
        label = _label_of(s, _members(s, target_id)) or _new_label()
        note = f"merged into incident {target_id} on {_now():%Y-%m-%d}"
        old = {p.label for p in s.scalars(select(IncidentPin).where(IncidentPin.event_id.in_([e.id for e in events])))}
        for event in events:
            _pin(s, event, label, note)
        # a label that now means this incident means it wherever its events are (a pin of a report no longer
        # extracted keeps waiting for its event under the new label)
        for pin in s.scalars(select(IncidentPin).where(IncidentPin.label.in_(sorted(old - {label})))):
            pin.label = label
        moved = 0
        for source in sources:
            for member in list(source.members):
                member.incident = target
                member.reason = f"{PINNED_REASON} ({note})"
                member.added_at = _now()
                moved += 1
            s.flush()
            merge.refresh(s, source)
        merge.refresh(s, target)
        return moved


def remerge(store: EventStore) -> int:
    """Rebuild every incident from the stored events, oldest first, with the analysts' pins kept; returns the
    number of incidents."""
    from marsad.store import merge

    with store.session() as s, s.begin():
        s.execute(delete(IncidentMember))
        s.execute(delete(Incident))
        s.expire_all()
        for event_id in list(s.scalars(select(Event.id).order_by(Event.id))):
            event = s.get(Event, event_id)
            if event is not None:
                merge.assign(s, event)
        return int(s.scalar(select(func.count(Incident.id))) or 0)
