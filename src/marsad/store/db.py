"""Opening the event store: database URL resolution, engine set-up (SQLite WAL, PostgreSQL) and migrations.

The database is chosen, first match wins, by the ``--db`` option, the ``MARSAD_DB`` environment variable, or
``marsad.db`` in the current directory. A value without ``://`` is a SQLite file path; PostgreSQL is reached
with ``postgresql+psycopg://user:password@host:port/database``.

SQLite runs in WAL mode with ``synchronous=FULL`` (a committed document survives a crash of the process or of
the machine), foreign keys on, a 30 s busy timeout so that a reader never blocks an ingest, and reads through
memory-mapped I/O.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError

from marsad.errors import NoStore, StoreError

log = logging.getLogger(__name__)

DEFAULT_DB = "marsad.db"
ENV_VAR = "MARSAD_DB"
MIGRATIONS = Path(__file__).with_name("migrations")
#: Reads through memory-mapped I/O (address space, not memory): a query that visits many rows, such as a filtered
#: page of the API, runs 3-5x faster than through read() calls. Writes are unchanged (WAL).
SQLITE_MMAP_BYTES = 1 << 30
#: The databases the store runs on, as a user would write their URLs.
SUPPORTED = "a SQLite path, sqlite:///PATH or postgresql+psycopg://user:password@host:port/database"


def resolve_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for ``db`` (a URL or a SQLite path), else ``$MARSAD_DB``, else ``./marsad.db``."""
    value = db or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


# Switching a new database to WAL takes its lock without SQLite's busy handler: a second process opening the same
# new store while the first migrates it got "database is locked" at once (one run in 15 of two ingests started
# together). The switch is retried for as long as the busy timeout would have waited.
WAL_RETRY_SECONDS = 30.0
WAL_RETRY_PAUSE = 0.05


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout=30000")
        _wal(cursor)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    finally:
        cursor.close()


def _wal(cursor: Any) -> None:
    """Put the database in WAL mode (a no-op when it already is), retrying while another process holds its lock."""
    deadline = time.monotonic() + WAL_RETRY_SECONDS
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(WAL_RETRY_PAUSE)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the store's connection settings (no connection is opened yet)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"database URL {url!r} is not valid ({exc}); use {SUPPORTED}") from exc
    backend = parsed.get_backend_name()
    shown = parsed.render_as_string(hide_password=True)
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"database URL {shown}: {backend} is not supported; use {SUPPORTED}")
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            if not folder.is_dir():
                raise StoreError(f"database {parsed.database}: folder {folder} does not exist")
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:  # postgresql:// asks for psycopg2, which is not installed
        raise StoreError(f"database URL {shown}: driver not available ({exc}); use {SUPPORTED}") from exc


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (``None`` for other databases and for SQLite in memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def is_new(url: str) -> bool:
    """Whether ``url`` is a SQLite store that does not exist yet (no file, or an empty one): opening it creates
    it, and it holds nothing stored before. ``False`` for PostgreSQL and for SQLite in memory."""
    try:
        path = sqlite_file(url)
    except ArgumentError:  # opening it says what is wrong
        return False
    try:
        return path is not None and (not path.exists() or path.stat().st_size == 0)
    except OSError:
        return False


def require_store(url: str) -> None:
    """Raise :class:`~marsad.errors.NoStore` unless ``url`` holds a Marsad store, creating nothing: a SQLite file
    must exist, and any database must have been migrated at least once."""
    try:
        path = sqlite_file(url)
    except ArgumentError as exc:
        raise StoreError(f"database URL {url!r} is not valid ({exc}); use {SUPPORTED}") from exc
    if path is not None and not path.is_file():
        raise NoStore(str(path))
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    except DatabaseError as exc:
        raise StoreError(f"cannot open the store {engine.url.render_as_string(hide_password=True)}: {exc.orig}") from exc
    finally:
        engine.dispose()
    if revision is None:
        raise NoStore(engine.url.render_as_string(hide_password=True))


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration's revision id."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:
        raise StoreError("the store has no migrations")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (a no-op when it is already there).

    Processes that open a new store at the same moment migrate one at a time: the migration runs in one
    transaction that first takes the database's write lock (SQLite's ``BEGIN IMMEDIATE``; on PostgreSQL a
    transaction-scoped advisory lock), and each process checks the revision again once it holds the lock."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    safe_url = engine.url.render_as_string(hide_password=True)
    try:
        if current_revision(engine) == head_revision():
            return
        with engine.connect() as conn:
            _lock_schema(conn)
            if MigrationContext.configure(conn).get_current_revision() != head_revision():
                log.info("migrating %s to %s", safe_url, head_revision())
                config = _alembic_config()
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
            conn.commit()
    except DatabaseError as exc:
        raise StoreError(f"cannot open the store {safe_url}: {exc.orig}") from exc


def drop_store(url: str) -> None:
    """Drop every table of the store at ``url``, leaving an empty, unmigrated database (tests and benchmarks)."""
    from marsad.store.schema import Base

    engine = make_engine(url)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


#: The key of the PostgreSQL advisory lock that serialises migrations (any constant; "marsad" in ASCII).
_MIGRATION_LOCK = 0x6D6172736164


def _lock_schema(conn: Connection) -> None:
    """Hold the database's schema lock until the transaction ends (waiting for another migrating process)."""
    backend = conn.engine.url.get_backend_name()
    if backend == "sqlite":
        # pysqlite opens no transaction before DDL: begin one ourselves, taking the write lock at once
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif backend == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
