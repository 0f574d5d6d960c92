"""Query parameters of the API, validated into an :class:`~marsad.store.filters.EventFilter`.

A bad value (a date that is not ``YYYY-MM-DD``, a malformed ``bbox``, a limit over the maximum, a cursor this
server did not issue) is a 422 whose ``detail`` names the parameter and says what is wrong, in FastAPI's
validation-error shape. The web page uses the same names in its URL, so a shared link is an API query too.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator

from marsad.store.filters import BBox, EventFilter

MAX_LIMIT = 1000
MAX_VALUES = 50
MAX_TEXT = 200


def bad_param(name: str, message: str, value: Any = None) -> RequestValidationError:
    """A 422 for query parameter ``name`` in FastAPI's error shape."""
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", name), "msg": message, "input": value}]
    )


def _bbox(value: str | None) -> str | None:
    if value is not None:
        BBox.parse(value)  # raises ValueError with the reason, which FastAPI reports as a 422
    return value


def _values(values: list[str] | None) -> list[str] | None:
    if values is not None and len(values) > MAX_VALUES:
        raise ValueError(f"at most {MAX_VALUES} values")
    return values


Many = Annotated[list[str] | None, AfterValidator(_values)]


def event_filter(
    since: Annotated[
        dt.date | None, Query(description="Events starting on or after this day (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        dt.date | None, Query(description="Events starting on or before this day (YYYY-MM-DD).")
    ] = None,
    type: Annotated[Many, Query(description="Event type or sub-type; repeat for any of several.")] = None,
    sub_type: Annotated[Many, Query(description="Sub-event type; repeat for any of several.")] = None,
    actor: Annotated[Many, Query(description="Actor id or English name, in any role.")] = None,
    country: Annotated[Many, Query()] = None,
    admin1: Annotated[Many, Query(description="Province / governorate (admin1).")] = None,
    admin2: Annotated[Many, Query(description="District (admin2).")] = None,
    pcode: Annotated[Many, Query(description="OCHA p-code; a code also selects the places under it.")] = None,
    outlet: Annotated[Many, Query()] = None,
    bbox: Annotated[
        str | None,
        AfterValidator(_bbox),
        Query(description="west,south,east,north in degrees.", examples=["35.5,32.3,42.4,37.3"]),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_TEXT,
            description="Text in the place names, actor names and words, attribution and evidence (Arabic "
            "normalised as the engine normalises).",
        ),
    ] = None,
    incident: Annotated[int | None, Query(ge=1, description="Events of this incident.")] = None,
    doc: Annotated[Many, Query(description="Events of this document (its doc_id or its store id).")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0)] = None,
    ingested_since: Annotated[
        dt.datetime | None, Query(description="Documents stored since (ISO 8601).")
    ] = None,
) -> EventFilter:
    if since is not None and until is not None and since > until:
        raise bad_param("until", f"until ({until}) is before since ({since})", str(until))
    return EventFilter(
        since=since,
        until=until,
        types=tuple(type or ()),
        sub_types=tuple(sub_type or ()),
        actors=tuple(actor or ()),
        countries=tuple(country or ()),
        admin1=tuple(admin1 or ()),
        admin2=tuple(admin2 or ()),
        pcodes=tuple(pcode or ()),
        outlets=tuple(outlet or ()),
        bbox=BBox.parse(bbox) if bbox else None,
        text=q.strip() or None if q else None,
        incident=incident,
        documents=tuple(doc or ()),
        min_fatalities=min_fatalities,
        ingested_since=ingested_since,
    )
