"""The write side: extraction without storing, and ingestion only with the bearer token, within the body limit,
with clear 4xx answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from fastapi.testclient import TestClient

from marsad.api.app import create_app
from marsad.api.services import Settings

from .conftest import TOKEN, auth

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "alwatan-2022-01-30-hasakah.txt"


def article() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def total(client: TestClient) -> int:
    return int(client.get("/api/stats").json()["total"])


def test_extract_returns_events_with_their_field_spans_and_stores_nothing(writable: TestClient) -> None:
    before = total(writable)
    text = article()
    response = writable.post(
        "/api/extract", json={"text": text, "published": "2022-01-30", "outlet": "Al-Watan"}
    )
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["schema_version"] == "1" and record["outlet"] == "Al-Watan" and record["events"]
    for ev in record["events"]:
        assert any(s["field"] == "evidence" for s in ev["field_spans"])
        for span in ev["field_spans"]:
            assert text[span["start"] : span["end"]] == span["text"]
    assert total(writable) == before


def test_extract_refuses_what_the_engine_cannot_read(client: TestClient) -> None:
    cases = {
        "": "empty",
        "This is an English text, not an Arabic one at all.": "not Arabic",
        "\x00\x01\x02\x03\x04\x05\x06" * 10: "binary",
    }
    for text, reason in cases.items():
        response = client.post("/api/extract", json={"text": text})
        assert response.status_code == 422, reason
        assert reason in response.json()["detail"], response.text
    bad_date = client.post("/api/extract", json={"text": article(), "published": "30/30/2022"})
    assert bad_date.status_code == 422 and "published" in bad_date.json()["detail"]
    missing = client.post("/api/extract", json={"title": "no text"})
    assert missing.status_code == 422 and any("text" in e["loc"] for e in missing.json()["detail"])
    not_json = client.post("/api/extract", content=b"{not json", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 422


def test_extract_refuses_a_text_over_the_character_limit(dev_store_file: Path) -> None:
    app = create_app(Settings(db=str(dev_store_file), max_chars=1000))
    with TestClient(app) as small:
        response = small.post("/api/extract", json={"text": article() * 3})
        assert response.status_code == 422 and "over the limit" in response.json()["detail"]


def test_writes_are_refused_without_the_right_token(writable: TestClient, dev_store_file: Path) -> None:
    body = {"id": "x", "text": article()}
    missing = writable.post("/api/documents", json=body)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    wrong = writable.post("/api/documents", json=body, headers=auth("test-token-7f3a9d"))
    assert wrong.status_code == 401 and "invalid_token" in wrong.headers["www-authenticate"]
    basic = writable.post("/api/documents", json=body, headers={"Authorization": f"Basic {TOKEN}"})
    assert basic.status_code == 401
    with TestClient(create_app(Settings(db=str(dev_store_file)))) as read_only:
        refused = read_only.post("/api/documents", json=body, headers=auth())
        assert refused.status_code == 403 and "MARSAD_API_TOKEN" in refused.json()["detail"]


def test_one_article_is_stored_once(writable: TestClient) -> None:
    text = article() + "\nانتهى الخبر."  # new content, same events
    before = total(writable)
    first = writable.post(
        "/api/documents", json={"id": "posted", "text": text, "published": "2022-01-30"}, headers=auth()
    )
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["ingested"] == 1 and body["events"] > 0 and not body["failed"]
    assert total(writable) == before + body["events"]
    again = writable.post("/api/documents", json={"id": "posted", "text": text}, headers=auth()).json()
    assert again["skipped"] == 1 and total(writable) == before + body["events"]
    doc = writable.get(f"/api/documents/{body['document_ids'][0]}").json()
    assert doc["doc_id"] == "posted" and doc["text"] == text


def _lines(records: list[object]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def test_a_jsonl_batch_reports_its_bad_lines_and_stores_the_rest(writable: TestClient) -> None:
    good = {"id": "batch-1", "text": article() + "\nتابعونا.", "published": "2022-01-30"}
    batch = _lines([good, {"id": "batch-2", "text": "English only, no Arabic here."}]) + b"{broken\n"
    response = writable.post(
        "/api/documents", content=batch, headers={**auth(), "Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ingested"] == 1 and len(body["failed"]) == 2
    assert ":2" in body["failed"][0] and "not Arabic" in body["failed"][0]
    assert ":3" in body["failed"][1] and "malformed JSON" in body["failed"][1]


def test_a_batch_with_nothing_storable_is_422(writable: TestClient) -> None:
    response = writable.post("/api/documents", json=[{"text": ""}, {"text": 5}], headers=auth())
    assert response.status_code == 422 and len(response.json()["failed"]) == 2


def test_bad_bodies_get_clear_4xx(writable: TestClient) -> None:
    bad_json = writable.post(
        "/api/documents", content=b"{", headers={**auth(), "Content-Type": "application/json"}
    )
    assert bad_json.status_code == 400 and "not valid JSON" in bad_json.json()["detail"]
    wrong_type = writable.post(
        "/api/documents", content=b"hello", headers={**auth(), "Content-Type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    empty = writable.post(
        "/api/documents", content=b"", headers={**auth(), "Content-Type": "application/x-ndjson"}
    )
    assert empty.status_code == 422


def test_bodies_over_the_limit_are_413(writable: TestClient) -> None:
    # the writable app's limit is 256 KiB: by Content-Length, and when the body arrives in chunks without one
    big = _lines([{"id": f"big-{i}", "text": article()} for i in range(60)])
    assert len(big) > 256 * 1024
    by_length = writable.post(
        "/api/documents", content=big, headers={**auth(), "Content-Type": "application/x-ndjson"}
    )
    assert by_length.status_code == 413 and "limit" in by_length.json()["detail"]

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 16384):
            yield big[start : start + 16384]

    streamed = writable.post(
        "/api/documents", content=chunks(), headers={**auth(), "Content-Type": "application/x-ndjson"}
    )
    assert streamed.status_code == 413
    assert (
        writable.post("/api/extract", content=big, headers={"Content-Type": "application/json"}).status_code
        == 413
    )
