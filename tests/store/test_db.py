"""Database URLs: unsupported ones are one clear error; reading a store that is not there creates nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import NoStore, StoreError
from marsad.store.db import make_engine, require_store
from marsad.store.store import EventStore


@pytest.mark.parametrize("url", ["mysql://user:secret@host/db", "oracle://u:p@h/x", "mssql+pyodbc://u:p@h/x"])
def test_unsupported_databases_are_named_with_the_supported_ones(url: str) -> None:
    with pytest.raises(StoreError) as raised:
        make_engine(url)
    message = str(raised.value)
    assert "is not supported" in message and "postgresql+psycopg://" in message and "SQLite" in message
    assert "secret" not in message


def test_a_malformed_url_names_the_supported_ones() -> None:
    with pytest.raises(StoreError, match="postgresql\\+psycopg"):
        make_engine("not a url://")


def test_a_missing_sqlite_store_is_reported_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    with pytest.raises(NoStore, match=str(path)):
        require_store(f"sqlite:///{path}")
    assert not path.exists()


def test_an_empty_database_is_no_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(NoStore):
        require_store(f"sqlite:///{path}")


def test_an_existing_store_passes(store_url: str) -> None:
    EventStore.open(store_url).close()
    require_store(store_url)


def test_a_new_store_opens_while_another_process_holds_its_lock(tmp_path: Path) -> None:
    # switching a new database to WAL takes its lock without SQLite's busy handler: the second opener waits
    import sqlite3
    import threading

    from marsad.store.db import make_engine

    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE t (x INTEGER)")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        release.join()
        engine.dispose()
        holder.close()
