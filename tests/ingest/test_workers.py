"""`marsad extract --jobs N`'s workers (:mod:`marsad.ingest.workers`): the records come back in input order, as
extracted in one process; a document that kills its worker fails alone; workers that die on every document stop
the run after three."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.errors import Failure, InputError, MalformedLine, WorkersFailing
from marsad.extract.pipeline import Extractor
from marsad.ingest import workers as workers_module
from marsad.ingest.workers import Workers, extract_in_order
from marsad.model import DocumentRecord, InputDocument

TESTS = Path(__file__).resolve().parents[1]

ARTICLES = [
    "قصف مدفعي على كفرنبل\nقتيل في قصف مدفعي استهدف بلدة كفرنبل جنوبي إدلب.",
    "افتتاح معرض الكتاب في دمشق بمشاركة عشرات دور النشر.",
    "غارات جوية على مدينة إدلب\nقتل ثلاثة مدنيين في غارات جوية على مدينة إدلب اليوم.",
    "قصف صاروخي يستهدف حي الشيخ مقصود في حلب ويوقع جرحى.",
    "اعتقلت قوات الأمن عشرة أشخاص في مدينة درعا.",
]


def _doc(i: int, text: str) -> InputDocument:
    return InputDocument(doc_id=f"d{i}", text=text, published="2022-03-01", source="in.jsonl", line=i + 1)


def _items(texts: list[str], bad_at: int | None = None) -> list[InputDocument | InputError]:
    items: list[InputDocument | InputError] = [_doc(i, t) for i, t in enumerate(texts)]
    if bad_at is not None:
        items.insert(bad_at, MalformedLine("in.jsonl", 99, "invalid JSON"))
    return items


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Workers]:
    monkeypatch.syspath_prepend(str(TESTS))  # (a pool rebuilt after a death is spawned: it imports the stand-in)
    pool = Workers(2, None, fork=True).start()
    yield pool
    pool.close(kill=True)


def _ids(outcomes: list[tuple[InputDocument | InputError, DocumentRecord | Failure | None]]) -> list[str]:
    return [item.doc_id if isinstance(item, InputDocument) else "error" for item, _ in outcomes]


def test_records_in_input_order_as_from_one_process(workers: Workers) -> None:
    items = _items(ARTICLES * 3, bad_at=4)  # 16 inputs in tasks of 2: eight tasks, four in flight
    got = list(extract_in_order(items, workers, chunk=2))
    assert [item for item, _ in got] == items
    engine = Extractor.default()
    for item, outcome in got:
        if isinstance(item, InputError):
            assert outcome is None
            continue
        assert isinstance(outcome, DocumentRecord)
        alone = engine.extract(item.text, published=item.published, doc_id=item.doc_id, title=item.title)
        assert outcome.to_contract() == alone.to_contract()
    assert sum(len(r.events) for _, r in got if isinstance(r, DocumentRecord)) >= 6  # real events, not empties


def test_a_document_that_kills_its_worker_fails_alone(workers: Workers) -> None:
    texts = [f"قصف على حلب {i}" for i in range(9)]
    texts[3] = "قصف على حلب يموت"
    texts[6] = "قصف على حلب خطأ"
    from store.factories import doomed_documents

    got = list(extract_in_order(_items(texts, bad_at=5), workers, chunk=2, extraction=doomed_documents))
    assert _ids(got) == ["d0", "d1", "d2", "d3", "d4", "error", "d5", "d6", "d7", "d8"]
    failures = {item.doc_id: str(o) for item, o in got if isinstance(o, Failure) and isinstance(item, InputDocument)}
    assert set(failures) == {"d3", "d6"}
    assert "the extraction process died while reading this document" in failures["d3"]
    assert failures["d6"] == "extraction failed (RuntimeError: the engine tripped on this text)"
    kept = [o for item, o in got if isinstance(item, InputDocument) and item.doc_id not in failures]
    assert len(kept) == 7 and all(isinstance(o, DocumentRecord) for o in kept)


def test_workers_that_die_on_every_document_stop_after_three(workers: Workers) -> None:
    texts = ["قصف على حلب يعيش"] + [f"قصف على حلب كله {i}" for i in range(10)]
    from store.factories import doomed_documents

    got: list[tuple[InputDocument | InputError, DocumentRecord | Failure | None]] = []
    with pytest.raises(WorkersFailing, match="died on 3 documents in a row"):
        for pair in extract_in_order(_items(texts), workers, chunk=2, extraction=doomed_documents):
            got.append(pair)
    # the first task («يعيش» with a doomed one) died whole: taken again alone, the first lives, three die
    assert _ids(got) == ["d0", "d1", "d2", "d3"]
    assert isinstance(got[0][1], DocumentRecord)
    assert all(isinstance(o, Failure) for _, o in got[1:])
    assert workers_module.WORKER_DEATHS_IN_A_ROW == 3


def test_an_interrupt_ends_the_pool_whatever_a_killed_worker_was_writing() -> None:
    """A worker killed while it wrote its records leaves half a message in the results' pipe; the pool's own thread
    must not wait for the rest (this process would wait for that thread at its exit: `marsad extract --jobs 2`
    stopped by Ctrl-C hung so, now and then). Half a message is written here as a killed worker leaves it."""
    import os
    import struct

    workers = Workers(1, None, fork=True)
    assert workers.call(abs, -1).result(timeout=60) == 1  # (the pool and its thread running)
    pool = workers._pool
    assert pool is not None
    thread = pool._executor_manager_thread  # type: ignore[attr-defined]
    writer = pool._result_queue._writer  # type: ignore[attr-defined]
    os.write(writer.fileno(), struct.pack("!i", 1000) + b"half a record")
    workers.close(kill=True)
    thread.join(timeout=20)
    assert not thread.is_alive()
