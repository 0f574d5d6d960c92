"""Stage 7 of extraction: candidates become contract records, with every span mapped back to the original text."""

from __future__ import annotations

import bisect

from marsad.extract.actor_mentions import UNIDENTIFIED, ActorMention
from marsad.extract.candidates import Candidate
from marsad.extract.document import DocState
from marsad.extract.roles import kind_of
from marsad.geo.romanise import default_romaniser
from marsad.lexicon.compiled import FORCE_KINDS, LexEntry, Lexicon
from marsad.lexicon.matcher import Match
from marsad.model import (
    ActorRef,
    Attribution,
    Event,
    EventDate,
    Framing,
    Location,
    Quantity,
    Span,
)

# ACLED's conventions for vague fatality counts: the most conservative reading of the words.
VAGUE_FATALITIES = {"several": 3, "dozens": 12, "hundreds": 100, "thousands": 1000}
_TRIM = " \t\n،,;؛.:-\"'()«»"


def _actor(state: DocState, lexicon: Lexicon, m: ActorMention | None) -> ActorRef | None:
    if m is None:
        return None
    entry = lexicon.actors.get(m.actor_id)
    report = lexicon.report_ids.get(m.actor_id, m.actor_id)
    parent = lexicon.actors.get(report) if report != m.actor_id else None
    return ActorRef(
        id=report,
        name=parent.name if parent is not None else entry.name if entry else m.actor_id,
        text=state.norm.orig_text(m.start, m.end),
        unit=m.actor_id if parent is not None else None,
        unit_name=(entry.name if entry else m.actor_id) if parent is not None else None,
    )


def _unidentified(lexicon: Lexicon) -> ActorRef:
    """The doer of violence the article does not name (its ``text`` is empty: no words of the article)."""
    entry = lexicon.actors.get(UNIDENTIFIED)
    return ActorRef(id=UNIDENTIFIED, name=entry.name if entry else "Unidentified armed group", text="")


def _span(state: DocState, start: int, end: int) -> Span:
    o_start, o_end = state.norm.orig_span(start, end)
    raw = state.norm.original
    while o_start < o_end and raw[o_start] in _TRIM:
        o_start += 1
    while o_end > o_start and raw[o_end - 1] in _TRIM:
        o_end -= 1
    return Span(start=o_start, end=o_end, text=raw[o_start:o_end])


def fatalities(c: Candidate) -> int:
    """ACLED's single figure: the lowest precise count of the dead, else the conventional figure of a vague one."""
    exact = [q.value for q in c.quantities if q.unit == "fatalities" and q.value is not None]
    if exact:
        return min(exact)
    vague = [VAGUE_FATALITIES.get(q.qualifier, 0) for q in c.quantities if q.unit == "fatalities"]
    return min(vague) if vague else 0


def to_event(state: DocState, lexicon: Lexicon, c: Candidate, event_id: str) -> Event:
    location = None
    if c.place is not None:
        p, m = c.place.place, c.place.mention
        precision = max(1, min(3, max(p.geo_precision, m.precision)))
        name, name_ar, text = p.name, p.name_ar, state.norm.orig_text(m.start, m.end)
        if c.place.settlement is not None:
            # a settlement the gazetteer lacks, in or beside the area placed: named, at the area's point
            u = c.place.settlement
            name_ar = state.norm.orig_text(u.head_start, u.head_end).strip(" \"'«»“”")
            name = default_romaniser().romanise(name_ar) or name
            text = state.norm.orig_text(min(u.start, m.start), max(u.end, m.end))
            precision = max(2, precision)
        location = Location(
            name=name,
            name_ar=name_ar,
            text=text,
            country=p.country,
            admin1=p.admin1,
            admin2=p.admin2,
            admin3=p.admin3,
            pcode=p.pcode,
            latitude=p.latitude,
            longitude=p.longitude,
            geo_precision=precision,
        )
    when = EventDate()
    if c.date is not None and c.date.start_date is not None:
        d = c.date
        when = EventDate(
            start=d.start_date.isoformat() if d.start_date else None,
            end=(d.end_date or d.start_date).isoformat() if d.start_date else None,
            precision=d.precision if d.precision in {"day", "week", "month", "year"} else "unknown",  # type: ignore[arg-type]
            text=state.norm.orig_text(d.start, d.end),
        )
    quantities = []
    seen: set[tuple[str, int | None, str]] = set()
    for q in sorted(c.quantities, key=lambda q: q.start):
        key = (q.unit, q.value, q.qualifier)
        if key in seen:
            continue
        seen.add(key)
        quantities.append(
            Quantity.model_validate(
                {"value": q.value, "unit": q.unit, "qualifier": q.qualifier, "text": state.norm.orig_text(q.start, q.end)}
            )
        )
    if c.frame is not None:
        attribution = Attribution(name=c.frame.name, text=c.frame.text)
        modality = "claimed" if (c.frame.modality == "claimed" or c.hedged) else "asserted"
    else:
        outlet = state.outlet or "the outlet"
        attribution = Attribution(name=outlet, text=outlet)
        modality = "claimed" if c.hedged else "asserted"
    framing = _framing(state, c)
    evidence = [_span(state, s, e) for s, e in sorted(set(c.evidence))]
    evidence = [e for e in evidence if e.end > e.start] or [_span(state, c.trigger.start, c.trigger.end)]
    actor1, actor2 = _sides(lexicon, c)
    return Event(
        id=event_id,
        event_type=c.event_type,
        sub_event_type=c.sub_event_type,
        actor1=_actor(state, lexicon, actor1) or (_unidentified(lexicon) if c.unidentified_doer else None),
        actor2=_actor(state, lexicon, actor2),
        assoc_actors=[a for a in (_actor(state, lexicon, m) for m in c.assoc) if a is not None],
        location=location,
        date=when,
        quantities=quantities,
        fatalities=fatalities(c),
        attribution=attribution,
        modality=modality,  # type: ignore[arg-type]
        framing=framing,
        evidence=evidence,
        confidence=c.confidence,
    )


def _start(m: Match[LexEntry]) -> int:
    return m.start


# Who demonstrates: in a record of a protest they are actor1, and the force that intervened is actor2.
_CROWD_KINDS = frozenset({"protesters", "rioters", "civilians"})


def _sides(lexicon: Lexicon, c: Candidate) -> tuple[ActorMention | None, ActorMention | None]:
    """The record's two sides. A protest's (or a riot's) actor1 is the crowd and actor2 the force that intervened
    or fired on it (ACLED's convention, and the annotated articles': 96 of the 97 protests with a force name it
    actor2), however the sentence put them ("أطلقت قوات الأمن النار على المحتجين")."""
    a1, a2 = c.actor1, c.actor2
    if c.event_type not in ("Protests", "Riots") or a1 is None or kind_of(lexicon, a1) in _CROWD_KINDS:
        return a1, a2
    if c.event_type == "Riots" and kind_of(lexicon, a1) not in FORCE_KINDS:
        return a1, a2  # a riot's doers may be named (a party's supporters, a tribe)
    crowd = a2 if a2 is not None and kind_of(lexicon, a2) in _CROWD_KINDS else None
    return crowd, a1


def _framing(state: DocState, c: Candidate) -> list[Framing]:
    spans = sorted(set(c.evidence))
    out: list[Framing] = []
    seen: set[str] = set()
    for actor in (c.actor1, c.actor2):
        if actor is not None and actor.role_hint.startswith("loaded:"):
            text = state.norm.orig_text(actor.start, actor.end)
            if text not in seen:
                seen.add(text)
                out.append(Framing(text=text, neutral=actor.role_hint.split(":", 1)[1].split("|")[0]))
    # the framing words inside each span of evidence, found by bisection (they are in order of start), then
    # read in order
    inside: set[int] = set()
    for s, e in spans:
        lo = bisect.bisect_left(state.framing, s, key=_start)
        hi = bisect.bisect_left(state.framing, e, key=_start)
        inside.update(i for i in range(lo, hi) if state.framing[i].end <= e)
    for m in (state.framing[i] for i in sorted(inside)):
        if any(s <= m.start and m.end <= e for s, e in spans):
            text = state.norm.orig_text(m.start, m.end)
            if text not in seen:
                seen.add(text)
                out.append(Framing(text=text, neutral=m.payload.ref.split("|")[0]))
    return out
