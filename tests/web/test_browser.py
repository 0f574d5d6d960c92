"""The web view in headless Chromium: the map shows the store's events, filters and the timeline narrow them,
a marker leads to the event page where the evidence and each field's words light up, a pasted article is
extracted and shown the same way, and hostile articles run nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from hostile import HOSTILE_OUTLET, HOSTILE_TITLE, IMG, SCRIPT

from .conftest import Live

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "alwatan-2022-01-30-hasakah.txt"


def open_map(page: Any, live: Live, query: str = "") -> None:
    page.goto(f"{live.url}/?lang=en{'&' + query if query else ''}")
    wait_ready(page)


def wait_ready(page: Any) -> None:
    # a selector, not wait_for_function: the page's policy forbids the eval that one would need
    page.wait_for_selector("body[data-state='ready']", state="attached")


def markers_shown(page: Any) -> int:
    return int(page.get_attribute("#map", "data-markers"))


def located(live: Live, **params: Any) -> int:
    body = live.api("/api/events.geojson", **params)
    return sum(1 for f in body["features"] if f["geometry"])


def listed_days(page: Any) -> list[str]:
    return [t.split(" · ")[0] for t in page.locator("#event-list li .sub:nth-of-type(1)").all_inner_texts()]


def test_the_map_shows_every_located_event_over_the_offline_base_map(page: Any, live: Live) -> None:
    open_map(page, live)
    assert markers_shown(page) == located(live) > 10
    assert page.locator(".ev-marker, .ev-cluster").count() > 0
    page.wait_for_selector("path.bm-country", state="attached")
    assert page.locator("path.bm-country").count() > 20 and page.locator("path.bm-province").count() > 10
    assert page.locator("#timeline canvas").count() >= 1
    total = live.api("/api/stats")["total"]
    assert page.get_attribute("#summary", "data-total") == str(total)
    assert page.locator("#event-list li").count() == min(50, total)


def test_filtering_by_type_narrows_map_list_and_url(page: Any, live: Live) -> None:
    open_map(page, live)
    kind = live.api("/api/facets")["types"][1]["key"]
    page.select_option("#f-type", kind)
    page.wait_for_url(lambda url: "type=" in url)
    wait_ready(page)
    assert markers_shown(page) == located(live, type=kind)
    slug = page.evaluate("(k) => window.Marsad.slug(k)", kind)
    swatches = page.locator("#event-list li .swatch")
    assert swatches.count() > 0
    assert all(f"t-{slug}" in c for c in swatches.evaluate_all("els => els.map(e => e.className)"))
    # the link is the view: opening it again shows the same selection
    page.goto(page.url)
    wait_ready(page)
    assert page.input_value("#f-type") == kind and markers_shown(page) == located(live, type=kind)


def test_a_date_range_narrows_map_and_list(page: Any, live: Live) -> None:
    open_map(page, live)
    days = sorted(d for d in (e["date"]["start"] for e in live.api("/api/events", limit=1000)["events"]) if d)
    since, until = days[len(days) // 3], days[2 * len(days) // 3]
    page.fill("#f-q", "")
    page.fill("#f-since", since)
    page.dispatch_event("#f-since", "change")
    page.fill("#f-until", until)
    page.dispatch_event("#f-until", "change")
    page.wait_for_url(lambda url: "since=" in url and "until=" in url)
    wait_ready(page)
    assert markers_shown(page) == located(live, since=since, until=until)
    shown = listed_days(page)
    assert shown and all(since <= d <= until for d in shown)


def test_brushing_the_timeline_sets_the_date_range(page: Any, live: Live) -> None:
    open_map(page, live)
    box = page.locator("#timeline .u-over").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=8)
    page.mouse.move(box["x"] + box["width"] * 0.99, y, steps=8)
    page.mouse.up()
    page.wait_for_url(lambda url: "since=" in url and "until=" in url)
    wait_ready(page)
    since, until = page.input_value("#f-since"), page.input_value("#f-until")
    assert since and until and since <= until
    assert markers_shown(page) == located(live, since=since, until=until)
    assert all(since <= d <= until for d in listed_days(page))
    page.click("#clear-dates")
    page.wait_for_url(lambda url: "since=" not in url)
    wait_ready(page)
    assert markers_shown(page) == located(live)


def test_a_marker_opens_its_event_page_with_the_evidence_highlighted(page: Any, live: Live) -> None:
    events = live.api("/api/events", limit=1000)["events"]
    counts = Counter(e["doc_id"] for e in events if e["location"] and e["actor1"])
    doc = min(counts, key=lambda d: (counts[d], d))  # a document with few located events: few clicks
    open_map(page, live, f"doc={doc}")
    for _ in range(12):  # zoom into clusters until a single marker shows
        if page.locator(".ev-marker").count():
            break
        page.locator(".ev-cluster").first.click()
        page.wait_for_timeout(400)
    page.locator(".ev-marker").first.click()
    page.locator(".leaflet-popup .open-event").click()
    page.wait_for_url(lambda url: "/events/" in url)
    event_id = int(page.url.split("/events/")[1].split("?")[0])
    detail = live.api(f"/api/events/{event_id}")
    assert detail["doc_id"] == doc
    evidence = page.locator("#article-text .seg.evidence")
    assert evidence.count() > 0
    spans = {s["field"]: s for s in detail["field_spans"]}
    shown = evidence.evaluate_all("els => els.map(e => e.textContent).join('')")
    assert shown == "".join(s["text"] for s in detail["field_spans"] if s["field"] == "evidence")
    # hovering a field lights exactly its words
    field = "actor1" if "actor1" in spans else "location"
    assert page.locator("#article-text .seg.lit").count() == 0
    page.hover(f'#fields tr[data-field="{field}"]')
    lit = page.locator("#article-text .seg.lit")
    assert lit.count() > 0 and "".join(lit.all_inner_texts()) == spans[field]["text"]
    assert "active" in (page.get_attribute(f'#fields tr[data-field="{field}"]', "class") or "")
    page.mouse.move(5, 5)
    assert page.locator("#article-text .seg.lit").count() == 0


def test_a_pasted_article_is_extracted_and_highlighted(page: Any, live: Live) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    page.goto(f"{live.url}/extract?lang=en")
    page.fill("#p-text", text)
    page.fill("#p-published", "2022-01-30")
    page.fill("#p-outlet", "Al-Watan")
    page.click("#p-submit")
    page.wait_for_selector(".result")
    results = page.locator(".result")
    assert results.count() >= 1
    first = results.first
    assert first.locator(".seg.evidence").count() > 0
    row = first.locator("tr.linked").first
    row.hover()
    assert first.locator(".seg.lit").count() > 0
    before = live.api("/api/stats")["total"]
    assert before == live.api("/api/stats")["total"], "nothing was stored"


def test_hostile_articles_run_nothing(page: Any, live: Live) -> None:
    hostile = live.api("/api/events", outlet=HOSTILE_OUTLET, limit=1000)["events"]
    assert hostile
    merged = next(e for e in hostile if live.api(f"/api/incidents/{e['incident_id']}")["n_documents"] > 1)
    original = next(
        m["event"]["event_id"]
        for m in live.api(f"/api/incidents/{merged['incident_id']}")["members"]
        if m["event"]["outlet"] != HOSTILE_OUTLET
    )
    for path in (f"/events/{merged['event_id']}", f"/events/{original}"):
        page.goto(f"{live.url}{path}?lang=en")
        page.wait_for_selector("#fields")
        assert page.evaluate("window.__pwned") is None
        assert page.locator('img[src="x"], svg[onload]').count() == 0
        scripts = page.locator("script[src]").evaluate_all("els => els.map(e => e.getAttribute('src'))")
        assert all(s.startswith("/static/") for s in scripts)
        assert page.locator("script:not([src]):not([type='application/json'])").count() == 0
    # the payloads are there, as text
    page.goto(f"{live.url}/events/{merged['event_id']}?lang=en")
    assert SCRIPT in page.inner_text("#article-text") and IMG in page.inner_text("#article-text")
    assert page.inner_text("#doc-title") == HOSTILE_TITLE and page.inner_text("#doc-outlet") == HOSTILE_OUTLET
    # the map, its list and a popup of a hostile report
    open_map(page, live, f"outlet={HOSTILE_OUTLET}")
    assert page.locator("#event-list li").count() == len(hostile)
    assert HOSTILE_OUTLET in page.inner_text("#event-list")
    assert page.evaluate("window.__pwned") is None and page.locator('img[src="x"]').count() == 0
    # a pasted hostile article
    page.goto(f"{live.url}/extract")
    page.fill("#p-text", f"{SCRIPT}{IMG}\n" + EXAMPLE.read_text(encoding="utf-8"))
    page.click("#p-submit")
    page.wait_for_selector(".result")
    assert page.evaluate("window.__pwned") is None and page.locator('img[src="x"]').count() == 0


def test_the_language_toggle_switches_labels_and_direction(page: Any, live: Live) -> None:
    page.goto(f"{live.url}/?type=Battles")
    wait_ready(page)
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    page.click("#lang-toggle")
    page.wait_for_url(lambda url: "lang=en" in url)
    wait_ready(page)
    assert page.get_attribute("html", "dir") == "ltr" and "Filters" in page.inner_text(".filters h2")
    assert "type=Battles" in page.url and page.input_value("#f-type") == "Battles"


def test_the_event_page_keeps_the_article_right_to_left_in_english(page: Any, live: Live) -> None:
    event_id = live.api("/api/events", limit=1)["events"][0]["event_id"]
    page.goto(f"{live.url}/events/{event_id}?lang=en")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.get_attribute(".article-box", "dir") == "rtl"


def test_the_api_docs_page_runs_under_the_policy(page: Any, live: Live) -> None:
    page.goto(f"{live.url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 10
