"""Typed records of one extracted document, in the shape of the output contract (``../shared/CONTRACT.md``).

Every record serialises with :meth:`DocumentRecord.to_contract` to exactly the contract's JSON shape; fields that
the contract allows to be ``null`` are ``None`` here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
    "Humanitarian": ("Displacement", "Return", "Humanitarian aid"),
}

Unit = Literal["fatalities", "injured", "people", "households", "structures", "vehicles", "other"]
Qualifier = Literal[
    "exact", "about", "at_least", "more_than", "up_to", "several", "dozens", "hundreds", "thousands"
]
Precision = Literal["day", "week", "month", "year", "unknown"]
Modality = Literal["asserted", "claimed"]
#: Where an input's ``doc_id`` comes from: ``given`` by the input (an id field, ``--doc-id``), ``file`` made from
#: a file name, ``position`` made from a line or entry number. It decides which stored document a changed text
#: is a new version of (see :mod:`marsad.store.store`).
IdKind = Literal["given", "file", "position"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(_Record):
    """A character span into the document text as given to the extractor (end exclusive)."""

    start: int
    end: int
    text: str


class ActorRef(_Record):
    """An actor: ``id`` the canonical id (the registry's, or its nearest listed parent's), ``name`` its neutral
    name, ``text`` the article's words; ``unit``/``unit_name`` the finer unit the article names when it is
    reported under a parent (an air force under its state's military)."""

    id: str
    name: str
    text: str
    unit: str | None = None
    unit_name: str | None = None


class Location(_Record):
    name: str
    name_ar: str
    text: str
    country: str
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    pcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = Field(ge=1, le=3)


class EventDate(_Record):
    start: str | None = None
    end: str | None = None
    precision: Precision = "unknown"
    text: str | None = None


class Quantity(_Record):
    value: int | None
    unit: Unit
    qualifier: Qualifier
    text: str


class Attribution(_Record):
    name: str
    text: str


class Framing(_Record):
    text: str
    neutral: str


class Event(_Record):
    id: str
    event_type: str
    sub_event_type: str
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    assoc_actors: list[ActorRef] = Field(default_factory=list)
    location: Location | None = None
    date: EventDate = Field(default_factory=EventDate)
    quantities: list[Quantity] = Field(default_factory=list)
    fatalities: int = 0
    attribution: Attribution | None = None
    modality: Modality = "asserted"
    framing: list[Framing] = Field(default_factory=list)
    evidence: list[Span] = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)


class DocumentRecord(_Record):
    schema_version: str = SCHEMA_VERSION
    doc_id: str
    language: str = "ar"
    published: str | None = None
    title: str | None = None
    outlet: str | None = None
    events: list[Event] = Field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """The JSON-ready dict of the output contract."""
        return self.model_dump(mode="json")


class InputDocument(_Record):
    """One article handed to the engine: its text (title line first for ``.txt`` files) and metadata."""

    doc_id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    source: str = "<input>"
    line: int | None = None
    id_kind: IdKind = "given"
