"""Updated articles: a changed text of a stored article replaces its events (the old version kept for audit, its
events retired), the same text under another id is an alias; on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from marsad.export.writers import export
from marsad.model import InputDocument
from marsad.store.db import _alembic_config, current_revision, head_revision, make_engine
from marsad.store.query import stats
from marsad.store.store import EventStore, content_hash

from .conftest import PG_URL, reset_postgres
from .factories import make_doc, make_event, make_record

TEXT = "قصف مدفعي على كفرنبل\nقتل مدنيان اليوم في قصف مدفعي استهدف بلدة كفرنبل جنوبي إدلب."
CORRECTED = TEXT.replace("قتل مدنيان", "قتل ثلاثة مدنيين")
APPENDED = TEXT + "\nوأفاد ناشطون بأن القصف طال أيضا بلدة حزارين المجاورة."


def save(store: EventStore, doc: InputDocument, *events: object) -> str:
    evs = list(events) or [make_event(doc.doc_id)]
    return store.save(doc, make_record(doc, evs), "0.1.0").status  # type: ignore[arg-type]


def acled_rows(store: EventStore) -> int:
    import io

    return export(store, "acled-csv", io.BytesIO()).rows


def test_a_corrected_text_of_the_same_id_replaces_the_events_and_keeps_the_old_version(
    store: EventStore,
) -> None:
    first = make_doc("sana-1", TEXT)
    assert save(store, first, make_event("sana-1", fatalities=2)) == "ingested"
    other = make_doc("enab-7", "قصف على كفرنبل\nقصف صاروخي يستهدف كفرنبل.", outlet="Enab Baladi")
    assert save(store, other) == "ingested"  # another outlet's report of the same shelling: one incident
    assert store.counts() == {"documents": 2, "events": 2, "incidents": 1}

    fixed = make_doc("sana-1", CORRECTED)
    assert save(store, fixed, make_event("sana-1", fatalities=3)) == "updated"
    assert store.counts() == {"documents": 2, "events": 2, "incidents": 1}
    assert acled_rows(store) == 2 and sum(n for _, n in stats(store)["type"]) == 2
    (old,) = store.versions(1)
    assert old.version == 1 and old.n_events == 1 and old.content_hash == content_hash(TEXT)
    assert store.history_counts() == {"versions": 1, "retired_events": 1, "aliases": 0}
    assert [e["fatalities"] for e in store.document_events(1)] == [3]
    with store.session() as s:
        version, incident = s.execute(text("SELECT version, (SELECT count(*) FROM incidents) FROM documents WHERE id = 1")).one()
        reason = s.execute(text("SELECT merge_reason FROM retired_events")).scalar_one()
    assert version == 2 and incident == 1 and reason == "first report"


def test_an_appended_paragraph_then_the_original_again(store: EventStore) -> None:
    assert save(store, make_doc("a", TEXT)) == "ingested"
    assert save(store, make_doc("a", APPENDED), make_event("a"), make_event("a", 2, place="حزارين")) == "updated"
    assert store.counts()["events"] == 2
    # the older text read again (a re-run over an old dump) is already stored: nothing changes
    assert save(store, make_doc("a", TEXT)) == "skipped"
    known = store.lookup(content_hash(TEXT))
    assert known is not None and not known.current
    assert store.counts() == {"documents": 1, "events": 2, "incidents": 2}
    assert [v.version for v in store.versions(1)] == [1]


def test_looking_many_texts_up_at_once_finds_what_looking_each_up_finds(store: EventStore) -> None:
    assert save(store, make_doc("a", TEXT)) == "ingested"
    assert save(store, make_doc("a", APPENDED)) == "updated"
    assert save(store, make_doc("a", CORRECTED)) == "updated"  # two older versions of one article
    digests = [content_hash(t) for t in (TEXT, APPENDED, CORRECTED, "نص لم يخزن")]
    one_by_one = {d: known for d in digests if (known := store.lookup(d)) is not None}
    assert store.lookup_many(digests) == one_by_one
    assert [known.current for known in one_by_one.values()] == [False, False, True]


def test_the_same_url_is_the_same_article_unless_two_given_ids_differ(store: EventStore) -> None:
    url = "https://sana.sy/?p=1234"
    saved = InputDocument(doc_id="page", text=TEXT, url=url, source="page.html", id_kind="file")
    assert save(store, saved) == "ingested"
    title_dropped = TEXT.split("\n", 1)[1]
    assert save(store, make_doc("sana-1234", title_dropped).model_copy(update={"url": url + "#c"})) == "updated"
    assert [d for _, d, _ in store.iter_documents()] == ["sana-1234"]
    assert store.versions(1)[0].doc_id == "page"
    # a feed giving one link to entries of their own ids: two articles
    assert save(store, make_doc("sana-1235", CORRECTED).model_copy(update={"url": url})) == "ingested"


@pytest.mark.parametrize("url", ["javascript:void(0)", "https://sana.sy/", "https://sana.sy", "/news/1", "x"])
def test_a_url_that_names_no_page_identifies_nothing(store: EventStore, url: str) -> None:
    first = InputDocument(doc_id="a", text=TEXT, url=url, source="a.html", id_kind="file")
    second = InputDocument(doc_id="b", text=CORRECTED, url=url, source="b.html", id_kind="file")
    assert save(store, first) == "ingested" and save(store, second) == "ingested"


def test_ids_made_from_positions_or_other_outlets_are_other_articles(store: EventStore) -> None:
    line_3 = make_doc("batch-3", TEXT).model_copy(update={"id_kind": "position"})
    assert save(store, line_3) == "ingested"
    assert save(store, make_doc("batch-3", CORRECTED).model_copy(update={"id_kind": "position"})) == "ingested"
    assert save(store, make_doc("7", TEXT + " ١", outlet="SANA")) == "ingested"
    assert save(store, make_doc("7", TEXT + " ٢", outlet="Al-Watan")) == "ingested"
    assert store.counts()["documents"] == 4 and store.history_counts()["versions"] == 0


def test_a_file_id_is_the_file(store: EventStore, tmp_path: Path) -> None:
    def from_file(folder: str, body: str) -> InputDocument:
        path = tmp_path / folder / "report.txt"
        return InputDocument(doc_id="report", text=body, source=str(path), id_kind="file")

    assert save(store, from_file("a", TEXT)) == "ingested"
    assert save(store, from_file("b", CORRECTED)) == "ingested"  # another file of the same name
    assert save(store, from_file("a", APPENDED)) == "updated"  # the first file, edited
    assert store.counts()["documents"] == 2


def test_the_same_text_under_another_id_is_an_alias_once(store: EventStore) -> None:
    assert save(store, make_doc("afp-1", TEXT, outlet="AFP")) == "ingested"
    copy = make_doc("annahar-88", TEXT, outlet="An-Nahar").model_copy(update={"url": "https://annahar.com/88"})
    assert save(store, copy) == "alias"
    assert save(store, copy) == "skipped"
    recognised = store.recognise(copy)
    assert recognised is not None and recognised.status == "skipped"
    assert store.recognise(make_doc("new", CORRECTED)) is None
    assert store.aliases(1) == [("annahar-88", "An-Nahar", "https://annahar.com/88")]
    assert store.counts()["events"] == 1


def test_migrating_a_store_of_the_first_schema_identifies_its_documents(store_url: str) -> None:
    engine = make_engine(store_url)
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO documents (content_hash, doc_id, outlet, url, text, language, engine_version, "
                "n_events, ingested_at, extracted_at) VALUES (:h, 'sana-1', 'SANA', NULL, :t, 'ar', '0.1.0', 0, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            {"h": content_hash(TEXT), "t": TEXT},
        )
    assert current_revision(engine) == "0001"
    engine.dispose()
    with EventStore.open(store_url) as store:
        assert current_revision(store.engine) == head_revision()
        assert save(store, make_doc("sana-1", CORRECTED)) == "updated"
        assert store.counts()["documents"] == 1 and store.versions(1)[0].version == 1


def _open_store(url: str) -> str:
    try:
        with EventStore.open(url) as store:
            return str(store.counts()["documents"])
    except Exception as exc:  # reported to the parent, which fails the test with it
        return repr(exc)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_processes_opening_a_new_store_together_migrate_it_once(backend: str, tmp_path: Path) -> None:
    if backend == "postgresql":
        if not PG_URL:
            pytest.skip("MARSAD_TEST_PG_URL is not set (run scripts/ci_postgres.sh)")
        reset_postgres(PG_URL)
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path / 'race.db'}"
    with multiprocessing.get_context("spawn").Pool(6) as pool:
        results = pool.map(_open_store, [url] * 6)
    assert results == ["0"] * 6
