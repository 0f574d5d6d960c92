"""Response and request bodies of the HTTP API (pydantic). Field names are stable: clients may rely on them.

An API event is the contract's event (``../shared/CONTRACT.md``, :class:`marsad.model.Event`) with what the
store knows beside it: its store id (``event_id``, the key of ``/api/events/{event_id}``), its document (``document_id``,
``doc_id``, ``outlet``, ``published``) and its incident (``incident_id``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from marsad import model


class FieldSpan(BaseModel):
    """Where the words of one field of an event are in the article: ``field`` is ``evidence``, ``actor1``,
    ``actor2``, ``assoc_actors.N``, ``location``, ``date``, ``quantities.N``, ``attribution`` or ``framing.N``;
    ``start``/``end`` are character offsets (Python ``str`` indices, end exclusive) into the document text."""

    field: str
    start: int
    end: int
    text: str


class ApiEvent(model.Event):
    model_config = ConfigDict(extra="forbid")

    event_id: int = Field(description="Store id of the event (the key of /api/events/{event_id}).")
    document_id: int = Field(description="Store id of the event's document (the key of /api/documents/{id}).")
    doc_id: str = Field(description="The document's own id (the contract's doc_id).")
    outlet: str | None = None
    published: dt.date | None = None
    incident_id: int | None = Field(None, description="The cross-article incident the event belongs to.")


class EventDetail(ApiEvent):
    title: str | None = None
    url: str | None = None
    merge_reason: str | None = Field(None, description="Why the event joined its incident.")
    field_spans: list[FieldSpan] = Field(default_factory=list)


class EventPage(BaseModel):
    events: list[ApiEvent]
    next_cursor: str | None = Field(
        None, description="Pass as cursor= for the next page; null on the last page."
    )
    sort: str
    limit: int


class DocumentEvent(ApiEvent):
    field_spans: list[FieldSpan] = Field(default_factory=list)


class DocumentOut(BaseModel):
    document_id: int
    doc_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    language: str
    engine_version: str
    ingested_at: dt.datetime
    text: str
    events: list[DocumentEvent]


class IncidentSummary(BaseModel):
    incident_id: int
    event_type: str
    sub_event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    pcode: str | None
    admin1: str | None
    admin3: str | None
    n_events: int
    n_documents: int


class IncidentMemberOut(BaseModel):
    reason: str | None
    event: ApiEvent


class IncidentDetail(IncidentSummary):
    members: list[IncidentMemberOut]


class IncidentPage(BaseModel):
    incidents: list[IncidentSummary]
    next_cursor: str | None = None
    limit: int


class CountOut(BaseModel):
    key: str
    count: int
    label: str | None = Field(None, description="A readable name for the key (actors: the English name).")


class StatsOut(BaseModel):
    total: int
    by_type: list[CountOut]
    by_sub_type: list[CountOut]
    by_month: list[CountOut]
    by_admin1: list[CountOut]
    by_actor: list[CountOut]


class TimelineBucket(BaseModel):
    start: dt.date
    counts: dict[str, int]


class TimelineOut(BaseModel):
    bucket: Literal["day", "week", "month"]
    types: list[str]
    buckets: list[TimelineBucket]


class SubTypeCount(BaseModel):
    event_type: str
    sub_event_type: str
    count: int


class FacetsOut(BaseModel):
    total: int
    first_day: dt.date | None
    last_day: dt.date | None
    types: list[CountOut]
    sub_types: list[SubTypeCount]
    admin1: list[CountOut]
    outlets: list[CountOut]
    actors: list[CountOut]


class ArticleIn(BaseModel):
    """One article to extract (``POST /api/extract``) or to store (``POST /api/documents``)."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="The article text (Arabic); offsets of the result point into it.")
    title: str | None = None
    published: str | None = Field(
        None, description="Publication date, YYYY-MM-DD; relative dates resolve against it."
    )
    outlet: str | None = None
    id: str | None = Field(None, description="The document id (default: 'pasted').")


class ExtractedEvent(model.Event):
    field_spans: list[FieldSpan] = Field(default_factory=list)


class ExtractOut(BaseModel):
    """The contract's document record (nothing stored), each event with the spans of its fields."""

    schema_version: str
    doc_id: str
    language: str
    published: str | None
    title: str | None
    outlet: str | None
    events: list[ExtractedEvent]


class IngestOut(BaseModel):
    ingested: int
    replaced: int
    skipped: int
    failed: list[str] = Field(description="One message per refused article, naming its line.")
    events: int
    document_ids: list[int]


class Health(BaseModel):
    status: Literal["ok"]
    store: str


class ErrorOut(BaseModel):
    detail: str
