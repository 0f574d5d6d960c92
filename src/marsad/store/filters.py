"""One typed filter over stored events, shared by the exports, ``marsad stats``, the CLI and the HTTP API.

>>> EventFilter(since=date(2018, 1, 1), types=("Battles", "Air/drone strike"), admin1=("Idleb",))  # doctest: +SKIP

Every field narrows the selection (fields combine with AND); a tuple field matches any of its values (OR).
String matches are case-insensitive. Dates bound the event's start date, so undated events drop out as soon as
``since`` or ``until`` is given. :func:`apply_filter` turns a filter into SQL conditions on any ``select`` that
has :class:`~marsad.store.schema.Event` in its FROM clause; every value travels as a bound parameter.

``text`` is the free-text search: it is normalised with the engine's normaliser
(:func:`marsad.text.normalize.normalize_str`) and looked for in the event's place names (English and Arabic,
admin units), its actors' names and words in the article, its attribution, and the words of its evidence spans.
The stored columns are normalised in SQL by the normaliser's own table (the folds of Arabic letters and the
common diacritics, see :func:`normalized_sql`), so ``الرقة`` finds ``الرقه`` and ``أعزاز`` finds ``اعزاز``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, exists, false, func, literal, or_, select
from sqlalchemy.orm import Session

from marsad.store.schema import AttributionRow, Document, Event, EventActor, EvidenceSpan, IncidentMember

_Q = TypeVar("_Q", bound=Select)
#: An actor in one event in 20 or more is "common": a filter on it walks the events in order rather than
#: collecting all of the actor's events first (1 ms instead of 50-90 ms for a page among 30,000 events).
COMMON_ACTOR_SHARE = 20


@dataclass(frozen=True)
class BBox:
    """A longitude/latitude box, ``west,south,east,north`` in degrees (WGS 84). ``west > east`` crosses the
    antimeridian."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        values = (self.west, self.south, self.east, self.north)
        if not all(math.isfinite(v) for v in values):
            raise ValueError("bbox values must be finite numbers")
        if not (-180 <= self.west <= 180 and -180 <= self.east <= 180):
            raise ValueError("bbox longitudes must lie between -180 and 180")
        if not (-90 <= self.south <= 90 and -90 <= self.north <= 90):
            raise ValueError("bbox latitudes must lie between -90 and 90")
        if self.south > self.north:
            raise ValueError("bbox south must not be greater than north")

    @classmethod
    def parse(cls, value: str) -> BBox:
        """``"west,south,east,north"`` → :class:`BBox`; a :class:`ValueError` says what is wrong."""
        parts = [p.strip() for p in value.split(",")]
        if len(parts) != 4:
            raise ValueError(f"bbox {value!r} must be four numbers: west,south,east,north")
        try:
            west, south, east, north = (float(p) for p in parts)
        except ValueError:
            raise ValueError(f"bbox {value!r} must be four numbers: west,south,east,north") from None
        return cls(west, south, east, north)


@dataclass(frozen=True)
class EventFilter:
    """Which stored events to select; the empty filter selects every event."""

    since: date | None = None
    until: date | None = None
    #: event types or sub-types
    types: tuple[str, ...] = ()
    #: sub-types only (with ``types`` given too, an event must match both)
    sub_types: tuple[str, ...] = ()
    #: event types left out (``marsad export --acled-only`` leaves out the type ACLED does not have)
    exclude_types: tuple[str, ...] = ()
    #: actor ids or English names, in any role (actor1, actor2, associated)
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    admin2: tuple[str, ...] = ()
    #: OCHA p-codes; a code also selects every place under it (``SY07`` selects ``SY0700``, ``C3924`` ...)
    pcodes: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    bbox: BBox | None = None
    text: str | None = None
    incident: int | None = None
    #: documents, by their ``doc_id`` or by their store id (digits)
    documents: tuple[str, ...] = ()
    min_fatalities: int | None = None
    ingested_since: datetime | None = None
    #: the store's own spellings of the values above (see :class:`Vocabulary`): with it, matches are exact and
    #: served by the indexes; without it, they compare lower-cased values (same result, slower on big stores)
    vocabulary: Vocabulary | None = field(default=None, compare=False, repr=False)

    def without_dates(self) -> EventFilter:
        """The same filter with no date bounds (what a timeline shows around a selected range)."""
        return replace(self, since=None, until=None)

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, ()) for f in fields(self) if f.name != "vocabulary")


@dataclass(frozen=True)
class Vocabulary:
    """The spellings the store holds of the values filters compare case-insensitively, keyed by their lower
    case (actors by lower-cased id and English name, giving ids). Built by :func:`load_vocabulary`; a filter
    carrying one asks for ``column IN (stored spellings)``, which the store's indexes answer, instead of
    ``lower(column) IN (...)``, which reads every row."""

    types: Mapping[str, tuple[str, ...]]
    sub_types: Mapping[str, tuple[str, ...]]
    countries: Mapping[str, tuple[str, ...]]
    admin1: Mapping[str, tuple[str, ...]]
    outlets: Mapping[str, tuple[str, ...]]
    actors: Mapping[str, tuple[str, ...]]
    #: events per actor id, and events in all: how a filter on actors is best run (see :func:`_categories`)
    actor_events: Mapping[str, int] = field(default_factory=dict)
    events: int = 0

    @staticmethod
    def spellings(table: Mapping[str, tuple[str, ...]], values: Iterable[str]) -> list[str]:
        return sorted({stored for v in values for stored in table.get(v.lower(), ())})


def _by_lower(pairs: Iterable[tuple[Any, Any]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {}
    for key, value in pairs:
        if key:
            out.setdefault(str(key).lower(), set()).add(str(value))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def load_vocabulary(session: Session) -> Vocabulary:
    """The store's spellings of event types, sub-types, countries, provinces, outlets and actors."""
    types = session.execute(select(Event.event_type, Event.sub_event_type).distinct()).all()
    actors = session.execute(select(EventActor.actor_id, EventActor.name).distinct()).all()
    per_actor = session.execute(
        select(EventActor.actor_id, func.count(func.distinct(EventActor.event_id))).group_by(
            EventActor.actor_id
        )
    )
    return Vocabulary(
        types=_by_lower((t, t) for t, _ in types),
        sub_types=_by_lower((st, st) for _, st in types),
        countries=_by_lower((c, c) for (c,) in session.execute(select(Event.country).distinct())),
        admin1=_by_lower((a, a) for (a,) in session.execute(select(Event.admin1).distinct())),
        outlets=_by_lower((o, o) for (o,) in session.execute(select(Document.outlet).distinct())),
        actors=_by_lower([(i, i) for i, _ in actors] + [(n, i) for i, n in actors]),
        actor_events={str(i): int(n) for i, n in per_actor},
        events=int(session.scalar(select(func.count(Event.id))) or 0),
    )


def _lowered(values: Iterable[str]) -> list[str]:
    return [v.lower() for v in values if v]


def _any_equal(column: Any, values: tuple[str, ...]) -> ColumnElement[bool]:
    return func.lower(column).in_(_lowered(values))


def apply_filter(query: _Q, f: EventFilter) -> _Q:
    """``query`` narrowed to the events ``f`` selects (``query`` must select from ``events``)."""
    if f.since is not None:
        query = query.where(Event.date_start >= f.since)
    if f.until is not None:
        query = query.where(Event.date_start <= f.until)
    if f.types or f.sub_types or f.actors or f.countries or f.admin1:
        query = query.where(*_categories(f))
    if f.exclude_types:
        query = query.where(Event.event_type.not_in(list(f.exclude_types)))
    if f.admin2:
        query = query.where(_any_equal(Event.admin2, f.admin2))
    if f.pcodes:
        query = query.where(or_(*(Event.pcode.startswith(p, autoescape=True) for p in f.pcodes if p)))
    if f.bbox is not None:
        query = query.where(_in_bbox(f.bbox))
    if f.min_fatalities is not None:
        query = query.where(Event.fatalities >= f.min_fatalities)
    if f.incident is not None:
        query = query.where(
            Event.id.in_(select(IncidentMember.event_id).where(IncidentMember.incident_id == f.incident))
        )
    if f.outlets or f.documents or f.ingested_since is not None:
        query = query.where(Event.document_id.in_(_documents(f)))
    if f.text:
        query = query.where(_text_match(f.text))
    return query


def _categories(f: EventFilter) -> list[ColumnElement[bool]]:
    """Conditions on types, sub-types, actors, countries and provinces: exact through the filter's vocabulary
    when it has one, else on lower-cased values."""
    out: list[ColumnElement[bool]] = []
    vocab = f.vocabulary
    if vocab is None:
        if f.types:
            wanted = _lowered(f.types)
            out.append(
                or_(func.lower(Event.event_type).in_(wanted), func.lower(Event.sub_event_type).in_(wanted))
            )
        if f.sub_types:
            out.append(_any_equal(Event.sub_event_type, f.sub_types))
        if f.actors:
            wanted = _lowered(f.actors)
            ids: Any = select(EventActor.event_id).where(
                or_(func.lower(EventActor.actor_id).in_(wanted), func.lower(EventActor.name).in_(wanted))
            )
            out.append(Event.id.in_(ids))
        for column, values in ((Event.country, f.countries), (Event.admin1, f.admin1)):
            if values:
                out.append(_any_equal(column, values))
        return out
    if f.types:
        kinds, subs = vocab.spellings(vocab.types, f.types), vocab.spellings(vocab.sub_types, f.types)
        either = [
            _exact(col, vals)
            for col, vals in ((Event.event_type, kinds), (Event.sub_event_type, subs))
            if vals
        ]
        out.append(or_(*either) if either else false())
    if f.sub_types:
        out.append(_exact(Event.sub_event_type, vocab.spellings(vocab.sub_types, f.sub_types)))
    if f.actors:
        actor_ids = vocab.spellings(vocab.actors, f.actors)
        share = sum(vocab.actor_events.get(i, 0) for i in actor_ids)
        if not actor_ids:
            out.append(false())
        elif share * COMMON_ACTOR_SHARE >= vocab.events:
            # a common actor: walking events in date order and testing each finds a page after a few rows
            out.append(exists().where(EventActor.event_id == Event.id, EventActor.actor_id.in_(actor_ids)))
        else:
            # a rare one: its events are few, start from them
            out.append(Event.id.in_(select(EventActor.event_id).where(EventActor.actor_id.in_(actor_ids))))
    for column, table, values in (
        (Event.country, vocab.countries, f.countries),
        (Event.admin1, vocab.admin1, f.admin1),
    ):
        if values:
            out.append(_exact(column, vocab.spellings(table, values)))
    return out


def _exact(column: Any, spellings: list[str]) -> ColumnElement[bool]:
    """``column IN spellings``; nothing matches a value the store does not hold."""
    return column.in_(spellings) if spellings else false()


def _in_bbox(box: BBox) -> ColumnElement[bool]:
    lat = Event.latitude.between(box.south, box.north)
    if box.west <= box.east:
        return lat & Event.longitude.between(box.west, box.east)
    return lat & or_(Event.longitude >= box.west, Event.longitude <= box.east)


def _documents(f: EventFilter) -> Select[Any]:
    docs = select(Document.id)
    if f.outlets:
        if f.vocabulary is not None:
            docs = docs.where(
                _exact(Document.outlet, f.vocabulary.spellings(f.vocabulary.outlets, f.outlets))
            )
        else:
            docs = docs.where(_any_equal(Document.outlet, f.outlets))
    if f.documents:
        ids = [int(d) for d in f.documents if d.isdigit()]
        by_name = Document.doc_id.in_(list(f.documents))
        docs = docs.where(or_(by_name, Document.id.in_(ids)) if ids else by_name)
    if f.ingested_since is not None:
        docs = docs.where(Document.ingested_at >= f.ingested_since)
    return docs


# --------------------------------------------------------------------------------------------- text search

#: Characters the SQL side folds: the normaliser's Arabic letter folds and the diacritics news text carries.
#: (The rest of its table, Quranic marks and presentation forms, is vanishingly rare in stored news and would
#: make every search expression several times longer.)
_SQL_FOLDS = "أإآٱىئةؤکی"
_SQL_DELETES = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640\u0670"


@lru_cache(maxsize=1)
def _sql_table() -> tuple[tuple[str, str], ...]:
    from marsad.text.normalize import normalize_str

    pairs = [(ch, normalize_str(ch)) for ch in _SQL_FOLDS]
    pairs += [(ch, "") for ch in _SQL_DELETES]
    return tuple(pairs)


def normalized_sql(column: Any) -> ColumnElement[str]:
    """``column`` folded in SQL as the normaliser folds it (``replace()`` works on SQLite and PostgreSQL)."""
    expr: Any = func.lower(func.coalesce(column, literal("")))
    for old, new in _sql_table():
        expr = func.replace(expr, literal(old), literal(new))
    return expr


def search_term(text: str) -> str:
    """The normalised form of a search string, whitespace runs collapsed."""
    from marsad.text.normalize import normalize_str

    return " ".join(normalize_str(text).split())


def _text_match(text: str) -> ColumnElement[bool]:
    term = search_term(text)

    def has(column: Any) -> ColumnElement[bool]:
        return normalized_sql(column).contains(term, autoescape=True)

    own = [
        has(c)
        for c in (Event.location_name, Event.location_name_ar, Event.admin1, Event.admin2, Event.admin3)
    ]
    actors = select(EventActor.event_id).where(or_(has(EventActor.name), has(EventActor.text)))
    sources = select(AttributionRow.event_id).where(or_(has(AttributionRow.name), has(AttributionRow.text)))
    spans = select(EvidenceSpan.event_id).where(has(EvidenceSpan.text))
    return or_(*own, Event.id.in_(actors), Event.id.in_(sources), Event.id.in_(spans))
