"""API fixtures: the app over the dev store, read-only (shared) or writable (a fresh copy per test)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.api.app import create_app
from marsad.api.services import Settings

TOKEN = "test-token-7f3a9c"


@pytest.fixture(scope="module")
def client(dev_store_file: Path) -> Iterator[TestClient]:
    """A client of the app over the dev store, with writes enabled (tests that write use ``writable``)."""
    with TestClient(create_app(Settings(db=str(dev_store_file), api_token=TOKEN))) as c:
        yield c


@pytest.fixture
def writable(dev_store_file: Path, tmp_path: Path) -> Iterator[TestClient]:
    copy = tmp_path / "store.db"
    shutil.copy(dev_store_file, copy)
    with TestClient(create_app(Settings(db=str(copy), api_token=TOKEN, max_body_bytes=256 * 1024))) as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
