"""Marsad: Arabic news in, structured, geolocated, source-attributed event records out.

    >>> import marsad
    >>> record = marsad.extract(text, published="2022-01-30", doc_id="alwatan-1", outlet="Al-Watan")
    >>> record.to_contract()  # the JSON shape of ../shared/CONTRACT.md

Importing the package does no work: resources are compiled on the first extraction and cached.
"""

from __future__ import annotations

from datetime import date

from marsad.model import (
    ActorRef,
    Attribution,
    DocumentRecord,
    Event,
    EventDate,
    Framing,
    InputDocument,
    Location,
    Quantity,
    Span,
)

__version__ = "0.1.0"
# Stored with every document; bump when extraction output changes so `marsad ingest --reextract` re-runs it.
ENGINE_VERSION = "0.1.0"

__all__ = [
    "ENGINE_VERSION",
    "ActorRef",
    "Attribution",
    "DocumentRecord",
    "Event",
    "EventDate",
    "Framing",
    "InputDocument",
    "Location",
    "Quantity",
    "Span",
    "__version__",
    "extract",
]


def extract(
    text: str,
    *,
    published: str | date | None = None,
    doc_id: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
) -> DocumentRecord:
    """Extract the events of one Arabic article (see :func:`marsad.extract.pipeline.extract`)."""
    from marsad.extract.pipeline import extract as _extract

    return _extract(text, published=published, doc_id=doc_id, outlet=outlet, title=title)
