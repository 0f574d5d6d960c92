"""How the extraction tests run the engine: the whole engine (``run``) or every candidate its rules make, whatever
its confidence (``run_all``, for tests of those rules alone); ``kinds`` lists a record's (type, sub-type) pairs."""

from __future__ import annotations

import marsad
from marsad.extract.pipeline import Extractor, Settings
from marsad.model import DocumentRecord

PUBLISHED = "2021-03-14"  # a Sunday


def run(text: str, published: str | None = PUBLISHED) -> DocumentRecord:
    return marsad.extract(text, published=published, doc_id="t", outlet="Test Outlet")


def run_all(text: str, published: str | None = PUBLISHED) -> DocumentRecord:
    default = Extractor.default()
    extractor = Extractor(default.lexicon, default.gazetteer, default.rules, Settings(keep_all=True))
    return extractor.extract(text, published=published, doc_id="t", outlet="Test Outlet")


def kinds(rec: DocumentRecord) -> list[tuple[str, str]]:
    return [(e.event_type, e.sub_event_type) for e in rec.events]
