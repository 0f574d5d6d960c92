"""The values of a filter over stored events, without SQL: what the command line and the API build before a store is
opened (importing :mod:`marsad.store.filters` loads SQLAlchemy, a fifth of a command's start-up). Re-exported by
:mod:`marsad.store.filters`, which turns a filter into SQL conditions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime


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
