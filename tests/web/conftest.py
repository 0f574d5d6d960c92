"""Browser fixtures: `marsad serve`'s app on a loopback port (uvicorn in a thread) over the dev store plus hostile
re-reports, and Debian's Chromium driven by Playwright through its executable path (no browser download).

Every page a test opens is watched: a console error (a Content-Security-Policy violation is one), an uncaught
exception, a dialog (``alert``), or a request to any host but the test server fails the test.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from hostile import as_jsonl, hostile_versions

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "browser-test-token"


@dataclass
class Live:
    url: str
    store_path: Path

    def api(self, path: str, **params: Any) -> Any:
        query = urllib.parse.urlencode(params, doseq=True)
        with urllib.request.urlopen(
            f"{self.url}{path}{'?' + query if query else ''}", timeout=30
        ) as response:
            return json.loads(response.read())


@pytest.fixture(scope="session")
def live(dev_store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    import uvicorn

    from marsad.api.app import create_app
    from marsad.api.services import Settings
    from marsad.ingest.pipeline import ingest
    from marsad.ingest.readers import read_jsonl_bytes
    from marsad.store import browse
    from marsad.store.filters import EventFilter
    from marsad.store.store import EventStore

    path = tmp_path_factory.mktemp("live") / "store.db"
    shutil.copy(dev_store_file, path)
    with EventStore.open(str(path)) as store:
        # hostile re-reports of three located, dated articles (they merge with the originals' incidents)
        rows = browse.page_events(store, EventFilter(), sort="id", limit=1000).rows
        doc_ids = list(
            dict.fromkeys(
                r.document_pk for r in rows if r.record.get("location") and r.record["date"]["start"]
            )
        )
        originals = []
        for pk in doc_ids[:3]:
            doc = browse.get_document(store, pk)
            assert doc is not None
            originals.append(
                {"text": doc.text, "published": doc.published.isoformat() if doc.published else None}
            )
        summary = ingest(
            store, list(read_jsonl_bytes(as_jsonl(hostile_versions(originals)), "hostile.jsonl"))
        )
        assert summary.ingested == 3, summary

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(Settings(db=str(path), api_token=TOKEN))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield Live(f"http://127.0.0.1:{port}", path)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM} (.ci/run installs Debian's chromium)")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set MARSAD_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    # Playwright gives every launch a fresh temporary profile (its own --user-data-dir)
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that it must not: console errors, uncaught exceptions, dialogs, requests elsewhere."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Any, live: Live) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(15_000)
    watch = Watch()

    def route(r: Any) -> None:
        if r.request.url.startswith(live.url + "/") or r.request.url.startswith("data:"):
            r.continue_()
        else:
            watch.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    opened = context.new_page()
    opened.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: watch.errors.append(f"uncaught: {e}"))

    def dialog(d: Any) -> None:
        watch.dialogs.append(d.message)
        d.dismiss()

    opened.on("dialog", dialog)
    opened.watch = watch
    yield opened
    context.close()
    assert not watch.dialogs, f"a dialog opened: {watch.dialogs}"
    assert not watch.outside, f"requests left the server: {watch.outside}"
    assert not watch.errors, f"console errors: {watch.errors}"
