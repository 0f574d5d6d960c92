"""The read API over a store filled from the dev articles: every filter selects exactly the events it should
(checked against the full listing), pagination serves every event once, bad parameters are 422s."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.export.acled import ACLED_COLUMNS
from marsad.text.normalize import normalize_str


@pytest.fixture(scope="module")
def every(client: TestClient) -> list[dict[str, Any]]:
    """Every event, paged by id seven at a time."""
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"sort": "id", "limit": 7}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/api/events", params=params).json()
        out += page["events"]
        cursor = page["next_cursor"]
        if cursor is None:
            return out


def ids(client: TestClient, **params: Any) -> set[int]:
    response = client.get("/api/events", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next_cursor"] is None
    return {e["event_id"] for e in body["events"]}


def test_pages_serve_every_event_once(client: TestClient, every: list[dict[str, Any]]) -> None:
    keys = [e["event_id"] for e in every]
    assert len(keys) == len(set(keys)) == client.get("/api/stats").json()["total"] > 20
    assert keys == sorted(keys)


@pytest.mark.parametrize("sort", ["date", "-date", "-id"])
def test_sorted_pages_follow_their_order(client: TestClient, every: list[dict[str, Any]], sort: str) -> None:
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get(
            "/api/events", params={"sort": sort, "limit": 9, **({"cursor": cursor} if cursor else {})}
        )
        seen += page.json()["events"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert sorted(e["event_id"] for e in seen) == sorted(e["event_id"] for e in every)
    if sort == "-id":
        assert [e["event_id"] for e in seen] == sorted((e["event_id"] for e in seen), reverse=True)
        return
    days = [e["date"]["start"] for e in seen]
    dated = [d for d in days if d]
    assert days[: len(dated)] == dated, "undated events come last"
    assert dated == sorted(dated, reverse=sort == "-date")


def test_an_event_carries_the_contract_fields_and_its_document(every: list[dict[str, Any]]) -> None:
    ev = every[0]
    for key in (
        "id",
        "event_type",
        "sub_event_type",
        "location",
        "date",
        "evidence",
        "confidence",
        "modality",
    ):
        assert key in ev
    assert ev["doc_id"] and ev["document_id"] and ev["incident_id"] and ev["outlet"]


def _most_common(values: list[Any]) -> Any:
    return Counter(v for v in values if v).most_common(1)[0][0]


def test_type_matches_type_or_sub_type_and_repeats_as_any(
    client: TestClient, every: list[dict[str, Any]]
) -> None:
    kind = _most_common([e["event_type"] for e in every])
    sub = _most_common([e["sub_event_type"] for e in every if e["event_type"] != kind])
    assert ids(client, type=kind) == {e["event_id"] for e in every if e["event_type"] == kind}
    assert ids(client, type=sub.upper()) == {e["event_id"] for e in every if e["sub_event_type"] == sub}
    both = {e["event_id"] for e in every if e["event_type"] == kind or e["sub_event_type"] == sub}
    assert ids(client, type=[kind, sub]) == both
    assert ids(client, sub_type=sub) == {e["event_id"] for e in every if e["sub_event_type"] == sub}
    assert ids(client, type=kind, sub_type=sub) == set()


def test_actor_matches_id_or_name_in_any_role(client: TestClient, every: list[dict[str, Any]]) -> None:
    def actors(e: dict[str, Any]) -> list[dict[str, Any]]:
        return [a for a in (e["actor1"], e["actor2"], *e["assoc_actors"]) if a]

    actor = _most_common([a["id"] for e in every for a in actors(e)])
    name = next(a["name"] for e in every for a in actors(e) if a["id"] == actor)
    wanted = {e["event_id"] for e in every if any(a["id"] == actor for a in actors(e))}
    assert ids(client, actor=actor) == wanted
    assert ids(client, actor=name.lower()) == wanted


def test_place_filters(client: TestClient, every: list[dict[str, Any]]) -> None:
    located = [e for e in every if e["location"]]
    for key, param in (("admin1", "admin1"), ("admin2", "admin2"), ("country", "country")):
        value = _most_common([e["location"][key] for e in located])
        assert ids(client, **{param: value}) == {
            e["event_id"] for e in located if e["location"][key] == value
        }
    pcode = _most_common([e["location"]["pcode"] for e in located])
    prefix = pcode[:4]
    assert ids(client, pcode=prefix) == {
        e["event_id"] for e in located if (e["location"]["pcode"] or "").startswith(prefix)
    }
    assert ids(client, pcode=pcode) >= {e["event_id"] for e in located if e["location"]["pcode"] == pcode}


def test_bbox_selects_the_events_inside(client: TestClient, every: list[dict[str, Any]]) -> None:
    box = (35.5, 32.0, 38.0, 37.0)
    inside = {
        e["event_id"]
        for e in every
        if e["location"]
        and e["location"]["latitude"] is not None
        and box[0] <= e["location"]["longitude"] <= box[2]
        and box[1] <= e["location"]["latitude"] <= box[3]
    }
    assert inside and ids(client, bbox=",".join(map(str, box))) == inside


def test_dates_bound_the_start_day(client: TestClient, every: list[dict[str, Any]]) -> None:
    days = sorted(e["date"]["start"] for e in every if e["date"]["start"])
    since, until = days[len(days) // 4], days[3 * len(days) // 4]
    assert ids(client, since=since, until=until) == {
        e["event_id"] for e in every if e["date"]["start"] and since <= e["date"]["start"] <= until
    }
    assert ids(client, since=since) == {e["event_id"] for e in every if (e["date"]["start"] or "") >= since}


def test_text_search_is_normalised_like_the_engine(client: TestClient, every: list[dict[str, Any]]) -> None:
    # an Arabic place name written with its hamza or ta marbuta is found written without them, and vice versa
    names = [e["location"]["name_ar"] for e in every if e["location"]]
    folded = next(n for n in names if normalize_str(n) != n)
    plain = normalize_str(folded)
    found = ids(client, q=plain)
    assert {e["event_id"] for e in every if e["location"] and e["location"]["name_ar"] == folded} <= found
    assert ids(client, q=folded) == found
    # English actor names, case-insensitively
    actor = next(e["actor1"] for e in every if e["actor1"])
    assert {e["event_id"] for e in every if e["actor1"] and e["actor1"]["id"] == actor["id"]} <= ids(
        client, q=actor["name"].upper()
    )
    # and the words of the evidence
    words = every[0]["evidence"][0]["text"].split()[:3]
    assert every[0]["event_id"] in ids(client, q=" ".join(words))
    assert ids(client, q="كلمة-لا-ترد-في-أي-مقال") == set()


def test_document_incident_outlet_and_fatality_filters(
    client: TestClient, every: list[dict[str, Any]]
) -> None:
    ev = every[-1]
    assert ids(client, doc=ev["doc_id"]) == {e["event_id"] for e in every if e["doc_id"] == ev["doc_id"]}
    assert ids(client, doc=str(ev["document_id"])) == ids(client, doc=ev["doc_id"])
    assert ids(client, incident=ev["incident_id"]) == {
        e["event_id"] for e in every if e["incident_id"] == ev["incident_id"]
    }
    assert ids(client, outlet=ev["outlet"].upper()) == {
        e["event_id"] for e in every if e["outlet"] == ev["outlet"]
    }
    most = max(e["fatalities"] for e in every)
    assert most > 0 and ids(client, min_fatalities=most) == {
        e["event_id"] for e in every if e["fatalities"] == most
    }


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"since": "2018-13-01"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"since": "2020-01-02", "until": "2020-01-01"}, "until"),
        ({"bbox": "35,32,38"}, "bbox"),
        ({"bbox": "35,32,38,north"}, "bbox"),
        ({"bbox": "35,95,38,96"}, "bbox"),
        ({"bbox": "35,37,38,32"}, "bbox"),
        ({"bbox": "nan,32,38,37"}, "bbox"),
        ({"limit": 1001}, "limit"),
        ({"limit": 0}, "limit"),
        ({"sort": "random"}, "sort"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"incident": -3}, "incident"),
        ({"min_fatalities": "many"}, "min_fatalities"),
        ({"q": "ق" * 201}, "q"),
        ({"type": ["Battles"] * 51}, "type"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(
    client: TestClient, params: dict[str, Any], name: str
) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert any(name in err["loc"] for err in detail), detail
    assert all(err["msg"] for err in detail)


def test_a_cursor_is_tied_to_its_sort(client: TestClient) -> None:
    cursor = client.get("/api/events", params={"sort": "id", "limit": 2}).json()["next_cursor"]
    response = client.get("/api/events", params={"sort": "-date", "cursor": cursor})
    assert response.status_code == 422 and "sort=id" in response.text


def test_one_event_locates_its_fields_in_the_article(client: TestClient, every: list[dict[str, Any]]) -> None:
    ev = next(e for e in every if e["actor1"] and e["location"])
    detail = client.get(f"/api/events/{ev['event_id']}").json()
    text = client.get(f"/api/documents/{ev['document_id']}").json()["text"]
    spans = {s["field"]: s for s in detail["field_spans"]}
    assert {"evidence", "actor1", "location"} <= set(spans)
    for span in detail["field_spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
    assert normalize_str(spans["actor1"]["text"]) == normalize_str(ev["actor1"]["text"])
    assert detail["title"] and detail["event_id"] == ev["event_id"]


def test_a_document_gives_its_text_and_each_events_spans(
    client: TestClient, every: list[dict[str, Any]]
) -> None:
    ev = every[0]
    doc = client.get(f"/api/documents/{ev['document_id']}").json()
    assert doc["doc_id"] == ev["doc_id"] and doc["outlet"] == ev["outlet"] and doc["published"]
    assert {e["event_id"] for e in doc["events"]} == {
        e["event_id"] for e in every if e["doc_id"] == ev["doc_id"]
    }
    for e in doc["events"]:
        for span in e["evidence"]:
            assert doc["text"][span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize("path", ["/api/events/999999", "/api/documents/999999", "/api/incidents/999999"])
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and "999999" in response.json()["detail"]


def test_ids_must_be_numbers(client: TestClient) -> None:
    assert client.get("/api/events/abc").status_code == 422


def test_incidents_list_and_detail(client: TestClient, every: list[dict[str, Any]]) -> None:
    page = client.get("/api/incidents", params={"limit": 5}).json()
    assert len(page["incidents"]) == 5 and page["next_cursor"]
    following = client.get("/api/incidents", params={"limit": 5, "cursor": page["next_cursor"]}).json()
    first_ids = [i["incident_id"] for i in page["incidents"]]
    assert max(i["incident_id"] for i in following["incidents"]) < min(first_ids)
    detail = client.get(f"/api/incidents/{first_ids[0]}").json()
    assert detail["members"] and all(m["event"]["incident_id"] == first_ids[0] for m in detail["members"])
    kind = every[0]["event_type"]
    typed = client.get("/api/incidents", params={"type": kind, "limit": 1000}).json()["incidents"]
    assert typed and all(i["event_type"] == kind for i in typed)


def test_stats_count_the_filtered_events(client: TestClient, every: list[dict[str, Any]]) -> None:
    stats = client.get("/api/stats").json()
    assert stats["total"] == len(every)
    for key in ("by_type", "by_sub_type", "by_month", "by_admin1"):
        assert sum(c["count"] for c in stats[key]) == len(every)
    by_type = {c["key"]: c["count"] for c in stats["by_type"]}
    assert by_type == Counter(e["event_type"] for e in every)
    assert stats["by_actor"][0]["label"]
    kind = every[0]["event_type"]
    assert client.get("/api/stats", params={"type": kind}).json()["total"] == by_type[kind]


def test_timeline_counts_dated_events_by_type(client: TestClient, every: list[dict[str, Any]]) -> None:
    for bucket in ("day", "week", "month"):
        body = client.get("/api/timeline", params={"bucket": bucket}).json()
        assert body["bucket"] == bucket
        assert sum(sum(b["counts"].values()) for b in body["buckets"]) == sum(
            1 for e in every if e["date"]["start"]
        )
    assert client.get("/api/timeline").json()["bucket"] in ("day", "week", "month")


def test_facets_list_the_filter_values(client: TestClient, every: list[dict[str, Any]]) -> None:
    facets = client.get("/api/facets").json()
    assert facets["total"] == len(every)
    assert {c["key"] for c in facets["types"]} == {e["event_type"] for e in every}
    assert {c["key"] for c in facets["outlets"]} == {e["outlet"] for e in every}


def test_geojson_has_the_export_feature_shape(client: TestClient, every: list[dict[str, Any]]) -> None:
    kind = every[0]["event_type"]
    response = client.get("/api/events.geojson", params={"type": kind})
    assert response.headers["content-type"].startswith("application/geo+json")
    body = json.loads(response.content)
    wanted = {e["event_id"] for e in every if e["event_type"] == kind}
    assert {f["properties"]["event_id"] for f in body["features"]} == wanted
    feature = body["features"][0]
    assert set(ACLED_COLUMNS) <= set(feature["properties"]) and feature["geometry"]["type"] == "Point"
    limited = json.loads(client.get("/api/events.geojson", params={"limit": 3, "sort": "-date"}).content)
    assert len(limited["features"]) == 3


def test_export_streams_every_format(client: TestClient, every: list[dict[str, Any]]) -> None:
    kind = every[0]["event_type"]
    n = sum(1 for e in every if e["event_type"] == kind)
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export", params={"type": kind}).text)))
    assert len(rows) == n and list(rows[0]) == list(ACLED_COLUMNS)
    lines = client.get("/api/export", params={"type": kind, "format": "jsonl"}).text.splitlines()
    assert len(lines) == n and json.loads(lines[0])["event_type"] == kind
    geo = client.get("/api/export", params={"format": "geojson"})
    assert len(json.loads(geo.content)["features"]) == len(every)
    parquet = client.get("/api/export", params={"format": "parquet", "incidents": True})
    assert "attachment" in parquet.headers["content-disposition"]
    import pyarrow.parquet as pq

    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == client.get("/api/stats").json()["total"]
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_health(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["store"].startswith("sqlite:///")


def test_responses_have_the_shape_of_their_declared_models(client: TestClient, every: list[dict[str, Any]]) -> None:
    from marsad.api import models

    ev = every[0]
    checks = {
        "/api/events?limit=5": models.EventPage,
        f"/api/events/{ev['event_id']}": models.EventDetail,
        f"/api/documents/{ev['document_id']}": models.DocumentOut,
        "/api/incidents?limit=5": models.IncidentPage,
        f"/api/incidents/{ev['incident_id']}": models.IncidentDetail,
        "/api/stats": models.StatsOut,
        "/api/timeline": models.TimelineOut,
        "/api/facets": models.FacetsOut,
        "/healthz": models.Health,
    }
    for path, model in checks.items():
        body = client.get(path).json()
        parsed = model.model_validate(body)
        assert parsed.model_dump(mode="json") == body, path


def test_openapi_schema_is_valid_and_docs_load_nothing_from_outside(client: TestClient) -> None:
    from openapi_spec_validator import validate

    schema = client.get("/openapi.json").json()
    validate(schema)
    for path in ("/api/events", "/api/events/{event_id}", "/api/events.geojson", "/api/documents/{document_id}",
                 "/api/incidents", "/api/stats", "/api/export", "/api/extract", "/api/documents", "/healthz"):  # fmt: skip
        assert path in schema["paths"], path
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "http" not in docs.split("<body")[1]


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/events", "/static/app.css", "/api/events/999999", "/docs"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_no_cors_unless_asked(client: TestClient, dev_store_file: Any) -> None:
    headers = {"Origin": "https://dashboard.example"}
    assert "access-control-allow-origin" not in client.get("/api/events", headers=headers).headers
    from marsad.api.app import create_app
    from marsad.api.services import Settings

    app = create_app(Settings(db=str(dev_store_file), cors_origins=("https://dashboard.example",)))
    with TestClient(app) as allowed:
        response = allowed.get("/api/events", headers=headers)
        assert response.headers["access-control-allow-origin"] == "https://dashboard.example"
        other = allowed.get("/api/events", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
