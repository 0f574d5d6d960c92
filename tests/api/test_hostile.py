"""Hostile input: articles whose title, outlet, id, URL and text carry script, markup and SQL payloads are stored
verbatim, served as data, rendered escaped, and leave the store intact. (The browser tests prove, in Chromium,
that nothing executes.)"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hostile import (
    HOSTILE_DOC_ID,
    HOSTILE_OUTLET,
    HOSTILE_TITLE,
    JS_URL,
    PAYLOADS,
    SQL,
    as_jsonl,
    hostile_versions,
)
from marsad.api.app import create_app
from marsad.api.services import Settings

from .conftest import TOKEN, auth


def originals(client: TestClient, n: int) -> list[dict[str, Any]]:
    events = client.get("/api/events", params={"sort": "id", "limit": 1000}).json()["events"]
    doc_ids = list(dict.fromkeys(e["document_id"] for e in events if e["location"] and e["date"]["start"]))[
        :n
    ]
    return [client.get(f"/api/documents/{d}").json() for d in doc_ids]


@pytest.fixture(scope="module")
def hostile(
    dev_store_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, Path]]:
    path = tmp_path_factory.mktemp("hostile") / "store.db"
    path.write_bytes(dev_store_file.read_bytes())
    with TestClient(create_app(Settings(db=str(path), api_token=TOKEN))) as client:
        body = as_jsonl(hostile_versions(originals(client, 3)))
        response = client.post(
            "/api/documents", content=body, headers={**auth(), "Content-Type": "application/x-ndjson"}
        )
        assert response.status_code == 200 and response.json()["ingested"] == 3, response.text
        yield client, path


def hostile_events(client: TestClient) -> list[dict[str, Any]]:
    events = client.get("/api/events", params={"outlet": HOSTILE_OUTLET, "limit": 1000}).json()["events"]
    assert events
    return events


def test_hostile_fields_are_stored_and_served_verbatim(hostile: tuple[TestClient, Path]) -> None:
    client, _ = hostile
    ev = hostile_events(client)[0]
    assert ev["outlet"] == HOSTILE_OUTLET and ev["doc_id"].startswith(HOSTILE_DOC_ID)
    doc = client.get(f"/api/documents/{ev['document_id']}").json()
    assert doc["title"] == HOSTILE_TITLE and doc["url"] == JS_URL and doc["text"].startswith(HOSTILE_TITLE)
    assert client.get("/api/events", params={"doc": ev["doc_id"]}).json()["events"]


def test_hostile_reports_merge_with_the_originals(hostile: tuple[TestClient, Path]) -> None:
    client, _ = hostile
    merged = [
        e
        for e in hostile_events(client)
        if client.get(f"/api/incidents/{e['incident_id']}").json()["n_documents"] > 1
    ]
    assert merged, "a re-report of the same events joins the original's incident"


def test_pages_escape_every_hostile_value(hostile: tuple[TestClient, Path]) -> None:
    client, _ = hostile
    ev = hostile_events(client)[0]
    incident = client.get(f"/api/incidents/{ev['incident_id']}").json()
    pages = [f"/events/{m['event']['event_id']}" for m in incident["members"]] + ["/", "/?lang=en"]
    for path in pages:
        html = client.get(path).text
        for payload in PAYLOADS[:3]:
            assert payload not in html, (path, payload)
        assert 'href="javascript:' not in html.lower()
    page = client.get(f"/events/{ev['event_id']}").text
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=" in page
    assert 'class="unsafe-url">javascript:' in page


@pytest.mark.parametrize(
    "param", ["q", "type", "actor", "admin1", "admin2", "pcode", "outlet", "doc", "country"]
)
def test_sql_payloads_in_filters_are_plain_values(hostile: tuple[TestClient, Path], param: str) -> None:
    client, path = hostile
    before = client.get("/api/stats").json()["total"]
    for payload in (SQL, "1' OR '1'='1", "%' OR 1=1 --", '"; DELETE FROM documents; --', "\\%_"):
        response = client.get("/api/events", params={param: payload})
        assert response.status_code == 200, response.text
    assert client.get("/api/stats").json()["total"] == before
    with sqlite3.connect(path) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"events", "documents", "incidents", "evidence_spans"} <= tables
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_a_text_search_for_a_payload_finds_its_words_only(hostile: tuple[TestClient, Path]) -> None:
    client, _ = hostile
    every = client.get("/api/events", params={"limit": 1000}).json()["events"]
    found = client.get("/api/events", params={"q": "1' OR '1'='1", "limit": 1000}).json()["events"]
    assert len(found) < len(every)
