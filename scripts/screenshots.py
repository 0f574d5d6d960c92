#!/usr/bin/env python3
"""Take the README's screenshots of the web view (docs/img/map.png, docs/img/event.png, docs/img/paste.png).

    .venv/bin/python scripts/screenshots.py                 # a fresh store of the shared dev and dev-wide articles
    .venv/bin/python scripts/screenshots.py --db marsad.db  # an existing store

The server runs in this process on a loopback port; Debian's Chromium (``apt-get install chromium``) is driven
by Playwright through its executable path, as in the browser tests.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def fill_store(path: Path) -> None:
    from marsad.ingest.pipeline import ingest
    from marsad.ingest.readers import read_jsonl_bytes
    from marsad.store.store import EventStore

    data = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "dev_articles.py")], check=True, capture_output=True
    ).stdout
    with EventStore.open(str(path)) as store:
        summary = ingest(store, list(read_jsonl_bytes(data, "dev.jsonl")))
    print(f"store: {summary.ingested} articles, {summary.events} events")


def serve(db: Path) -> tuple[str, Any]:
    import uvicorn

    from marsad.api.app import create_app
    from marsad.api.services import Settings

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db=str(db))), log_level="warning"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server


def best_event(base: str) -> int:
    """The event whose fields are most often found in its article (the richest evidence view)."""
    import json
    import urllib.request

    with urllib.request.urlopen(f"{base}/api/events?limit=1000") as r:
        events = json.loads(r.read())["events"]
    candidates = [e for e in events if e["actor1"] and e["actor2"] and e["location"] and e["quantities"]]
    best, best_n = candidates[0]["event_id"], -1
    for ev in candidates:
        with urllib.request.urlopen(f"{base}/api/events/{ev['event_id']}") as r:
            n = len({s["field"] for s in json.loads(r.read())["field_spans"]})
        if n > best_n:
            best, best_n = ev["event_id"], n
    return int(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", type=Path, help="an existing store (default: a fresh one of the dev articles)"
    )
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "screens.db"
        if args.db is None:
            fill_store(db)
        base, server = serve(db)
        event_id = best_event(base)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 860}, device_scale_factor=1)
            page.goto(f"{base}/")
            page.wait_for_selector("body[data-state='ready']", state="attached")
            page.wait_for_timeout(800)
            page.screenshot(path=str(OUT / "map.png"))
            page.goto(f"{base}/events/{event_id}?lang=en")
            row = page.locator('#fields tr[data-field="actor1"]')
            row.hover()
            page.wait_for_timeout(200)
            page.screenshot(path=str(OUT / "event.png"))
            page.goto(f"{base}/extract?lang=en")
            page.fill(
                "#p-text", (ROOT / "examples" / "alwatan-2022-01-30-hasakah.txt").read_text(encoding="utf-8")
            )
            page.fill("#p-published", "2022-01-30")
            page.fill("#p-outlet", "Al-Watan")
            page.click("#p-submit")
            page.wait_for_selector(".result")
            page.locator(".result tr.linked").first.hover()
            page.screenshot(path=str(OUT / "paste.png"))
            browser.close()
        server.should_exit = True
    print(
        f"wrote {', '.join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob('*.png')))} (event {event_id})"
    )


if __name__ == "__main__":
    main()
