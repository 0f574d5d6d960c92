"""Hand-built records for store, export and CLI tests, and a tiny stand-in extraction engine.

The stand-in (:func:`fake_extract`) is not Marsad's engine: it finds a few keywords and places so that tests of
the store can run without the real extractor. Tests select it through ``MARSAD_EXTRACTOR=store.factories:fake_extract``
with ``tests/`` on ``PYTHONPATH``.
"""

from __future__ import annotations

from typing import Any

from marsad.errors import Failure
from marsad.model import (
    ActorRef,
    Attribution,
    DocumentRecord,
    Event,
    EventDate,
    InputDocument,
    Location,
    Quantity,
    Span,
)

ENGINE_VERSION = "0.0.1-test"

ACTORS = {
    "SYR_GOV_MIL": ("Military Forces of Syria", "قوات النظام"),
    "HTS": ("Hayat Tahrir al-Sham", "هيئة تحرير الشام"),
    "SDF": ("Syrian Democratic Forces", "قسد"),
    "ISIS": ("Islamic State", "داعش"),
    "CIVILIANS": ("Civilians", "مدنيين"),
    "RUS_MIL": ("Military Forces of Russia", "الطيران الروسي"),
}

PLACES: dict[str, dict[str, Any]] = {
    "كفرنبل": {
        "name": "Kafr Nabl",
        "country": "Syria",
        "admin1": "Idleb",
        "admin2": "Maarrat An Nu'man",
        "admin3": "Kafr Nobol",
        "pcode": "C3924",
        "latitude": 35.614,
        "longitude": 36.561,
        "geo_precision": 1,
    },
    "حزارين": {
        "name": "Hazarin",
        "country": "Syria",
        "admin1": "Idleb",
        "admin2": "Maarrat An Nu'man",
        "admin3": "Kafr Nobol",
        "pcode": "C3931",
        "latitude": 35.591,
        "longitude": 36.531,
        "geo_precision": 1,
    },
    "الحسكة": {
        "name": "Al-Hasakeh",
        "country": "Syria",
        "admin1": "Al-Hasakeh",
        "admin2": "Al-Hasakeh",
        "admin3": "Al-Hasakeh",
        "pcode": "C4364",
        "latitude": 36.50,
        "longitude": 40.75,
        "geo_precision": 1,
    },
    "حلب": {
        "name": "Aleppo",
        "country": "Syria",
        "admin1": "Aleppo",
        "admin2": "Jebel Saman",
        "admin3": "Jebel Saman",
        "pcode": "C1007",
        "latitude": 36.20,
        "longitude": 37.16,
        "geo_precision": 1,
    },
}


def location(ar: str) -> Location:
    return Location(name_ar=ar, text=ar, **PLACES[ar])


def actor(actor_id: str) -> ActorRef:
    name, text = ACTORS[actor_id]
    return ActorRef(id=actor_id, name=name, text=text)


def make_event(
    doc_id: str,
    n: int = 1,
    *,
    event_type: str = "Explosions/Remote violence",
    sub_event_type: str = "Shelling/artillery/missile attack",
    place: str | None = "كفرنبل",
    day: str | None = "2022-03-01",
    actor1: str | None = "SYR_GOV_MIL",
    actor2: str | None = "CIVILIANS",
    fatalities: int = 0,
    text: str = "قصف مدفعي على كفرنبل",
    start: int = 0,
    attribution: str | None = None,
) -> Event:
    quantities = (
        [Quantity(value=fatalities, unit="fatalities", qualifier="exact", text=f"{fatalities} قتلى")]
        if fatalities
        else []
    )
    return Event(
        id=f"{doc_id}:{n}",
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor(actor1) if actor1 else None,
        actor2=actor(actor2) if actor2 else None,
        location=location(place) if place else None,
        date=EventDate(
            start=day, end=day, precision="day" if day else "unknown", text="اليوم" if day else None
        ),
        quantities=quantities,
        fatalities=fatalities,
        attribution=Attribution(name=attribution, text=attribution) if attribution else None,
        modality="claimed" if attribution else "asserted",
        evidence=[Span(start=start, end=start + len(text), text=text)],
        confidence=0.8,
    )


def make_doc(
    doc_id: str, text: str, *, outlet: str | None = "SANA", published: str | None = "2022-03-01"
) -> InputDocument:
    return InputDocument(doc_id=doc_id, text=text, outlet=outlet, published=published, source=f"{doc_id}.txt")


def make_record(doc: InputDocument, events: list[Event]) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc.doc_id, published=doc.published, title=doc.title, outlet=doc.outlet, events=events
    )


def fake_extract(
    text: str, *, published: str | None = None, doc_id: str | None = None, outlet: str | None = None
) -> DocumentRecord:
    """A stand-in engine: one shelling event per known place named after the word قصف."""
    doc_id = doc_id or "doc"
    events: list[Event] = []
    if "قصف" in text:
        for place in PLACES:
            at = text.find(place)
            if at < 0:
                continue
            actor1 = "RUS_MIL" if "الروسي" in text else "SYR_GOV_MIL"
            events.append(
                make_event(
                    doc_id,
                    len(events) + 1,
                    place=place,
                    day=published,
                    actor1=actor1,
                    text=text[at : at + len(place)],
                    start=at,
                    fatalities=text.count("قتيل"),
                )
            )
    return DocumentRecord(doc_id=doc_id, published=published, outlet=outlet, events=events)


def slow_extract(
    text: str, *, published: str | None = None, doc_id: str | None = None, outlet: str | None = None
) -> DocumentRecord:
    """:func:`fake_extract` taking a tenth of a second, so that a run can be interrupted in its middle."""
    import time

    time.sleep(0.1)
    return fake_extract(text, published=published, doc_id=doc_id, outlet=outlet)


def hostile_extract(
    text: str, *, published: str | None = None, doc_id: str | None = None, outlet: str | None = None
) -> DocumentRecord:
    """:func:`fake_extract`, except on a text asking for trouble: «يموت» kills the process that extracts it (as
    the kernel's out-of-memory killer would), «خطأ» raises, «ضخم» reports a figure no column holds."""
    import os
    import signal

    if "يموت" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "خطأ" in text:
        raise RuntimeError("the engine tripped on this text")
    record = fake_extract(text, published=published, doc_id=doc_id, outlet=outlet)
    if "ضخم" in text and record.events:
        record.events[0].fatalities = 10**28
    return record


def dying_extract(
    text: str, *, published: str | None = None, doc_id: str | None = None, outlet: str | None = None
) -> DocumentRecord:
    """An engine whose process dies on every text except one asking to live («يعيش»), as workers do that the
    kernel's out-of-memory killer takes one after the other."""
    import os
    import signal

    if "يعيش" not in text:
        os.kill(os.getpid(), signal.SIGKILL)
    return fake_extract(text, published=published, doc_id=doc_id, outlet=outlet)


def doomed_documents(docs: list[InputDocument]) -> list[DocumentRecord | Failure]:
    """What a worker of `marsad extract --jobs N` runs, with :func:`fake_extract` for the engine: «يموت» kills the
    process, «خطأ» fails that document alone, «كله» (anywhere in the batch) kills the process unless the text says
    «يعيش»."""
    import os
    import signal

    out: list[DocumentRecord | Failure] = []
    for doc in docs:
        if "يموت" in doc.text or ("كله" in doc.text and "يعيش" not in doc.text):
            os.kill(os.getpid(), signal.SIGKILL)
        if "خطأ" in doc.text:
            out.append(Failure.of(RuntimeError("the engine tripped on this text")))
            continue
        out.append(fake_extract(doc.text, published=doc.published, doc_id=doc.doc_id, outlet=doc.outlet))
    return out
