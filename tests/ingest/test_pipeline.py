"""The ingest loop (:mod:`marsad.ingest.pipeline`) with small batches, chunks and look-ups, so that a handful of
articles crosses every boundary: new texts, new versions, aliases, repeats, a bad line and an engine failure give
the same store and the same summary with one worker process as with two, and a re-run adds nothing."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from sqlalchemy import text

from marsad.ingest import pipeline
from marsad.ingest.readers import read_documents
from marsad.store.store import EventStore

TESTS = Path(__file__).resolve().parents[1]
#: The stand-in engine: fake_extract, except that «خطأ» raises (tests/store/factories.py).
ENGINE = "store.factories:hostile_extract"

SHELLING = "قصف مدفعي على كفرنبل\nقتيل في قصف مدفعي استهدف بلدة كفرنبل جنوبي إدلب."
LINES = [
    {"id": "sana-1", "text": SHELLING, "url": "https://sana.sy/a/1"},
    {"id": "enab-7", "text": "قصف صاروخي يستهدف كفرنبل ويوقع جرحى.", "outlet": "Enab Baladi"},
    {"id": "halab-2", "text": "قصف على أحياء مدينة حلب دون إصابات."},
    {"id": "quiet", "text": "افتتاح معرض الكتاب في دمشق بمشاركة عشرات دور النشر."},
    {"id": "oops", "text": "قصف على حلب أدى إلى خطأ في المحرك."},  # the engine raises: fails alone
    {"id": "copy-9", "text": SHELLING},  # the text of sana-1 under another id: an alias
    "{not json",  # a bad line: fails alone
    {"id": "sana-1", "text": SHELLING + "\nوقتيل آخر في قصف على حزارين.", "url": "https://sana.sy/a/1"},  # new version
    {"id": "quiet", "text": "افتتاح معرض الكتاب في دمشق بمشاركة عشرات دور النشر."},  # a repeat: skipped
    {"id": "hasaka", "text": "قصف على مدينة الحسكة صباح اليوم."},
    {"id": "sana-1", "text": SHELLING, "url": "https://sana.sy/a/1"},  # the older text again: skipped
]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 3)
    monkeypatch.setattr(pipeline, "LOOKUP_CHUNK", 4)
    monkeypatch.setattr(pipeline, "WORKER_CHUNK", 2)
    monkeypatch.setattr(pipeline, "WORKER_CHUNK_MAX", 2)
    monkeypatch.setenv("PYTHONPATH", f"{TESTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    rows = [line if isinstance(line, str) else json.dumps({**line, "published": "2022-03-01"}, ensure_ascii=False)
            for line in LINES]  # fmt: skip
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def store_state(store: EventStore) -> list[object]:
    with store.session() as s:
        return [
            sorted(s.execute(text("SELECT id, content_hash, doc_id, version, n_events FROM documents")).all()),
            sorted(s.execute(text("SELECT id, document_id, seq, event_key FROM events")).all()),
            sorted(s.execute(text("SELECT incident_id, event_id, reason FROM incident_members")).all()),
            sorted(s.execute(text("SELECT document_id, version, content_hash FROM document_versions")).all()),
            sorted(s.execute(text("SELECT document_id, doc_id FROM document_aliases")).all()),
        ]


def run(url: str, path: Path, jobs: int, new_store: bool = False) -> Iterator[pipeline.Summary]:
    with EventStore.open(url) as store:
        for again in (False, True):  # the input, then the same input again
            new = new_store and not again
            yield pipeline.ingest(store, read_documents([str(path)]), jobs=jobs, extractor=ENGINE, new_store=new)
        yield store_state(store)  # type: ignore[misc]


def counts(summary: object) -> tuple[object, ...]:
    assert isinstance(summary, pipeline.Summary)
    s = summary
    return s.ingested, s.updated, s.aliased, s.skipped, s.n_failed, s.events, s.document_ids, sorted(s.failed)


@pytest.mark.usefixtures("small_batches")
def test_two_workers_leave_the_store_one_leaves(tmp_path: Path, articles: Path) -> None:
    one = list(run(f"sqlite:///{tmp_path / 'one.db'}", articles, jobs=1))
    two = list(run(f"sqlite:///{tmp_path / 'two.db'}", articles, jobs=2))
    assert two[2] == one[2]
    first, again = one[0], one[1]
    assert isinstance(first, pipeline.Summary) and isinstance(again, pipeline.Summary)
    assert (first.ingested, first.updated, first.aliased, first.skipped, first.n_failed) == (5, 1, 1, 2, 2)
    assert any("extraction failed (RuntimeError" in f for f in first.failed)
    assert any(":7" in f for f in first.failed)  # the bad line, by number
    for a, b in zip(one[:2], two[:2], strict=True):
        assert isinstance(a, pipeline.Summary) and isinstance(b, pipeline.Summary)
        assert (a.ingested, a.updated, a.aliased, a.skipped, a.n_failed, a.events, a.document_ids) == (
            b.ingested, b.updated, b.aliased, b.skipped, b.n_failed, b.events, b.document_ids,
        )  # fmt: skip
    assert (again.ingested, again.updated, again.n_failed) == (0, 0, 2)  # only the two failures again


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_into_a_new_store_looks_nothing_up_and_ends_the_same(tmp_path: Path, articles: Path, jobs: int) -> None:
    """A run into a store it created extracts every text (the repeats too) and lets the batches decide: the same
    store and the same summaries as a run that looks its texts up."""
    looked_up = list(run(f"sqlite:///{tmp_path / 'looked.db'}", articles, jobs=1))
    new = list(run(f"sqlite:///{tmp_path / 'new.db'}", articles, jobs=jobs, new_store=True))
    assert new[2] == looked_up[2]
    assert [counts(s) for s in new[:2]] == [counts(s) for s in looked_up[:2]]


def test_tasks_grow_with_a_fast_engine_and_shrink_at_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(1000))
    monkeypatch.setattr(pipeline.time, "perf_counter", lambda: next(clock) * 0.001)  # 1 ms per call
    tasks = pipeline._Tasks(iter(range(1000)), jobs=2)
    sizes, out = [], []
    while (chunk := tasks.next()) is not None:
        sizes.append(len(chunk))
        out.extend(chunk)
        tasks.finished(len(chunk))
    assert out == list(range(1000))  # every input once, in order
    assert sizes[0] == pipeline.WORKER_CHUNK and max(sizes) == pipeline.WORKER_CHUNK_MAX
    assert sizes[-1] <= pipeline.TAIL_CHUNK and sizes[-4:] == sorted(sizes[-4:], reverse=True)


def test_tasks_stay_small_with_a_slow_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(1000))
    monkeypatch.setattr(pipeline.time, "perf_counter", lambda: next(clock) * 1.0)  # a second per call
    tasks = pipeline._Tasks(iter(range(200)), jobs=2)
    sizes = []
    while (chunk := tasks.next()) is not None:
        sizes.append(len(chunk))
        tasks.finished(len(chunk))
    assert max(sizes) == pipeline.WORKER_CHUNK and sum(sizes) == 200


def test_what_was_reported_is_stored_and_a_rerun_after_an_interrupt_ends_as_a_clean_run(
    tmp_path: Path, articles: Path, small_batches: None
) -> None:
    clean = list(run(f"sqlite:///{tmp_path / 'clean.db'}", articles, jobs=1))[2]
    url = f"sqlite:///{tmp_path / 'store.db'}"
    ticks: list[int] = []

    def tick(n: int) -> None:  # an interrupt right after the second report (as Ctrl-C would)
        ticks.append(n)
        if len(ticks) == 2:
            raise KeyboardInterrupt

    with EventStore.open(url) as store:
        stopped = pipeline.ingest(store, read_documents([str(articles)]), extractor=ENGINE, progress=tick)
    assert stopped.interrupted == "SIGINT" and 0 < stopped.ingested < 5
    with EventStore.open(url) as store:
        held = {pk for pk, _, _ in store.iter_documents()}
        assert set(stopped.document_ids) <= held
        rest = pipeline.ingest(store, read_documents([str(articles)]), extractor=ENGINE)
        assert rest.interrupted is None and stopped.ingested + rest.ingested == 5
        assert store_state(store) == clean


class _FakeWorkers:
    """Workers whose tasks are done at once: a task holding «يموت» breaks the pool (as a killed worker does)."""

    jobs = 2

    def __init__(self) -> None:
        self.submitted: list[list[str]] = []

    def submit(self, items: list, settings: object) -> Future:  # type: ignore[type-arg]
        from marsad.ingest.work import Prepared

        self.submitted.append([doc.doc_id for doc in items])
        future: Future = Future()  # type: ignore[type-arg]
        if any("يموت" in doc.text for doc in items):
            future.set_exception(BrokenProcessPool("killed"))
        else:
            future.set_result([Prepared(doc, "h", (None, None), {"events": []}) for doc in items])
        return future

    def restart(self) -> None:
        pass

    def close(self, *, kill: bool, wait: bool = True) -> None:
        pass


def test_a_break_takes_again_only_the_tasks_not_finished(monkeypatch: pytest.MonkeyPatch) -> None:
    """When a worker dies, the tasks in flight that had finished keep their results (nothing extracted twice);
    the broken task's inputs are taken one at a time, and only the one that kills fails. Deaths far apart, with
    documents extracted between them, do not stop the run."""
    from marsad.ingest.work import Settings
    from marsad.model import InputDocument

    monkeypatch.setattr(pipeline, "WORKER_CHUNK", 2)
    monkeypatch.setattr(pipeline, "WORKER_CHUNK_MAX", 2)
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 3)
    texts = [f"قصف على حلب {i}" for i in range(60)]
    for i in (5, 25, 45):
        texts[i] += " يموت"
    docs = [InputDocument(doc_id=f"d{i}", text=t, source="in.jsonl", line=i + 1) for i, t in enumerate(texts)]
    finished: list[object] = []
    workers = _FakeWorkers()
    settings = Settings(None, "1", False, None)
    pipeline._run_pool(iter(docs), workers, settings, finished.append)  # type: ignore[arg-type]
    ids = [r.doc.doc_id for r in finished]  # type: ignore[attr-defined]
    assert ids == [d.doc_id for d in docs]  # in input order, each once
    failed = [r.doc.doc_id for r in finished if r.failed is not None]  # type: ignore[attr-defined]
    assert failed == ["d5", "d25", "d45"]
    alone = [ids for ids in workers.submitted if len(ids) == 1]
    assert alone == [["d4"], ["d5"], ["d24"], ["d25"], ["d44"], ["d45"]]  # only the broken tasks' inputs
