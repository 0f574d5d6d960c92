"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when ``MARSAD_TEST_PG_URL`` is set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.store.db import drop_store
from marsad.store.store import EventStore

PG_URL = os.environ.get("MARSAD_TEST_PG_URL")


def reset_postgres(url: str) -> None:
    """Drop every table of the test database so each test starts from an empty, unmigrated store."""
    drop_store(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    if not PG_URL:
        pytest.skip("MARSAD_TEST_PG_URL is not set (run scripts/ci_postgres.sh)")
    reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:
    opened = EventStore.open(store_url)
    yield opened
    opened.close()
