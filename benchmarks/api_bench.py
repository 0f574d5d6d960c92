"""Load on `marsad serve`: requests/s and latency of /api/events (filtered pages of 100) and of a month of
/api/events.geojson, over a store of 100,000+ events, server on loopback with 2 workers.

    .venv/bin/python benchmarks/api_bench.py                      # build (once) the store, then measure
    .venv/bin/python benchmarks/api_bench.py --events 200000 --seconds 20 --concurrency 16

The store is synthesised from real records: the engine extracts the first ``--articles`` articles of the corpus
(``../shared/data/corpus/ant-2018.jsonl.gz``), and each extracted document is stored again and again as a new
document (its events moved by a few days each time, so they spread over two years) until ``--events`` events
are stored. It is written with bulk inserts (the rows :class:`EventStore` would write, one incident per event)
and kept in ``build/bench/`` for the next run (``--rebuild`` makes it anew).

The load is an asyncio HTTP/1.1 client with ``--concurrency`` keep-alive connections, each sending its next
request as soon as the last one is answered, for ``--seconds`` per scenario (bounded in time and count; loopback
only). The client runs on the same 2 cores as the server, so the figures are a floor. Peers measured in the same
run: ``/healthz`` (the HTTP stack and a trivial query: the server's ceiling) and the same pages queried in
process without HTTP (the store's share of the time).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
BUILD = ROOT / "build" / "bench"
SPREAD_DAYS = 730  # copies of the corpus's events are spread over two years
MAX_REQUESTS = 200_000  # per scenario, whatever --seconds says


# --------------------------------------------------------------------------------------------- the store


def extract_corpus(n_articles: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """``(article, contract record)`` of the corpus articles in which the engine finds events."""
    import marsad

    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n_articles:
                break
            art = json.loads(line)
            text = f"{art['title']}\n{art['text']}"
            record = marsad.extract(
                text, published=art.get("published"), doc_id=art["id"], outlet=art.get("outlet")
            )
            if record.events:
                out.append(({**art, "text": text}, record.to_contract()))
    return out


def _shift(day: str | None, days: int) -> str | None:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat() if day else None


def build_store(path: Path, n_events: int, n_articles: int, seed: int = 7) -> int:
    """Write a store of at least ``n_events`` events to ``path`` (SQLite); returns the event count."""
    from sqlalchemy import insert

    from marsad.store.schema import (
        AttributionRow,
        Document,
        Event,
        EventActor,
        EvidenceSpan,
        Incident,
        IncidentMember,
        QuantityRow,
    )
    from marsad.store.store import EventStore

    started = time.perf_counter()
    source = extract_corpus(n_articles)
    per_copy = sum(len(rec["events"]) for _, rec in source)
    print(f"  {len(source)} corpus articles with {per_copy} events ({time.perf_counter() - started:.1f} s)")
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    now = datetime.now(UTC)
    tables: dict[Any, list[dict[str, Any]]] = {
        t: []
        for t in (
            Document,
            Event,
            EventActor,
            EvidenceSpan,
            QuantityRow,
            AttributionRow,
            Incident,
            IncidentMember,
        )
    }
    children = (
        (EventActor, "actors"),
        (EvidenceSpan, "evidence"),
        (QuantityRow, "quantities"),
        (AttributionRow, "attributions"),
    )
    ids = {t: 0 for t in tables}

    def row_of(obj: Any, table: Any) -> dict[str, Any]:
        ids[table] += 1
        values = {c.key: getattr(obj, c.key) for c in table.__table__.columns if c.key != "id"}
        return {**values, "id": ids[table]}

    with EventStore.open(str(path)) as store:

        def flush() -> None:
            with store.engine.begin() as conn:
                for table, rows in tables.items():
                    if rows:
                        conn.execute(insert(table), rows)
                        rows.clear()

        copy = 0
        while ids[Event] < n_events:
            offset = rng.randrange(SPREAD_DAYS)
            for art, record in source:
                doc_pk = ids[Document] + 1
                events = []
                for ev in record["events"]:
                    when = ev.get("date") or {}
                    moved = {
                        **ev,
                        "date": {
                            **when,
                            "start": _shift(when.get("start"), offset),
                            "end": _shift(when.get("end"), offset),
                        },
                    }
                    events.append(moved)
                published = _shift(art.get("published"), offset)
                doc = Document(
                    content_hash=hashlib.sha256(f"{copy}:{art['id']}".encode()).hexdigest(),
                    doc_id=f"{art['id']}-{copy}",
                    outlet=art.get("outlet"),
                    url=art.get("url"),
                    published=date.fromisoformat(published) if published else None,
                    title=art.get("title"),
                    text=art["text"],
                    language="ar",
                    engine_version="bench",
                    source="api_bench",
                    n_events=len(events),
                    ingested_at=now,
                    extracted_at=now,
                )
                tables[Document].append(row_of(doc, Document))
                for seq, ev in enumerate(events, 1):
                    event = EventStore._event_row(doc_pk, seq, ev)
                    tables[Event].append(row_of(event, Event))
                    event_pk = ids[Event]
                    for table, attr in children:
                        for child in getattr(event, attr):
                            child.event_id = event_pk
                            tables[table].append(row_of(child, table))
                    incident = Incident(
                        event_type=event.event_type, sub_event_type=event.sub_event_type, date_start=event.date_start,
                        date_end=event.date_end, pcode=event.pcode, admin1=event.admin1, admin3=event.admin3,
                        n_events=1, n_documents=1, created_at=now, updated_at=now,
                    )  # fmt: skip
                    tables[Incident].append(row_of(incident, Incident))
                    member = IncidentMember(
                        incident_id=ids[Incident], event_id=event_pk, reason="first report", added_at=now
                    )
                    tables[IncidentMember].append(row_of(member, IncidentMember))
            copy += 1
            if copy % 10 == 0:
                flush()
        flush()
    print(f"  store: {ids[Event]:,} events in {ids[Document]:,} documents, {path.stat().st_size / 1e6:.0f} MB "
          f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
    return ids[Event]


# --------------------------------------------------------------------------------------------- the client


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    bytes: int = 0

    def line(self) -> str:
        lat = sorted(self.latencies)
        if not lat:
            return f"| {self.name} | 0 | – | – | – | {self.errors} |"
        p50 = lat[len(lat) // 2] * 1000
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
        rate = len(lat) / self.seconds
        return (
            f"| {self.name} | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {max(lat) * 1000:.0f} | {self.errors} "
            f"| {len(lat):,} | {self.bytes / len(lat) / 1024:.1f} |"
        )


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
        return status, len(body)
    size = 0  # chunked
    while True:
        length = int((await reader.readline()).strip(), 16)
        if length == 0:
            await reader.readline()
            return status, size
        size += len(await reader.readexactly(length + 2)) - 2


async def _connection(
    host: str, port: int, paths: list[str], result: Result, stop_at: float, budget: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        i = random.randrange(len(paths))
        while time.perf_counter() < stop_at and budget[0] > 0:
            budget[0] -= 1
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode())
            status, size = await _read_response(reader)
            elapsed = time.perf_counter() - t0
            if status == 200:
                result.latencies.append(elapsed)
                result.bytes += size
            else:
                result.errors += 1
    except (OSError, asyncio.IncompleteReadError, ValueError):
        result.errors += 1
    finally:
        writer.close()


async def load(name: str, host: str, port: int, paths: list[str], seconds: float, concurrency: int) -> Result:
    result = Result(name)
    budget = [MAX_REQUESTS]
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(
        *(_connection(host, port, paths, result, stop_at, budget) for _ in range(concurrency))
    )
    result.seconds = time.perf_counter() - started
    return result


# --------------------------------------------------------------------------------------------- the run


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def filtered_pages(base: str, stats: dict[str, Any], rng: random.Random) -> list[str]:
    """Realistic filtered queries: a type, a province, a month, an actor, and combinations; pages of 100."""
    types = [c["key"] for c in stats["by_type"][:5]]
    provinces = [c["key"] for c in stats["by_admin1"][:8] if c["key"] != "unknown"]
    months = [c["key"] for c in stats["by_month"] if c["key"] != "unknown"]
    actors = [c["key"] for c in stats["by_actor"][:8]]
    paths = []
    for _ in range(400):
        month = rng.choice(months)
        first = date.fromisoformat(month + "-01")
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        choice = rng.randrange(5)
        params: dict[str, Any] = {"limit": 100}
        if choice == 0:
            params["type"] = rng.choice(types)
        elif choice == 1:
            params["admin1"] = rng.choice(provinces)
        elif choice == 2:
            params.update(since=first.isoformat(), until=last.isoformat())
        elif choice == 3:
            params.update(type=rng.choice(types), admin1=rng.choice(provinces))
        else:
            params.update(actor=rng.choice(actors), since=first.isoformat())
        paths.append(f"{base}?{urlencode(params)}")
    return paths


def in_process(db: Path, paths: list[str], n: int) -> float:
    """Median ms of the same filtered pages built without HTTP (what the handler does: SQL and the body)."""
    from dataclasses import replace
    from urllib.parse import parse_qs, urlsplit

    from marsad.api.convert import event_page_json
    from marsad.api.params import event_filter
    from marsad.store import browse
    from marsad.store.filters import load_vocabulary
    from marsad.store.store import EventStore

    times = []
    with EventStore.open(str(db)) as store:
        with store.session() as s:
            vocabulary = load_vocabulary(s)
        for path in paths[:n]:
            q = {k: v for k, v in parse_qs(urlsplit(path).query).items()}
            f = event_filter(
                since=date.fromisoformat(q["since"][0]) if "since" in q else None,
                until=date.fromisoformat(q["until"][0]) if "until" in q else None,
                type=q.get("type"), admin1=q.get("admin1"), actor=q.get("actor"),
            )  # fmt: skip
            f = replace(f, vocabulary=vocabulary)
            t0 = time.perf_counter()
            ids, cursor = browse.page_keys(store, f, limit=100)
            event_page_json(browse.raw_events_by_id(store, ids), cursor, "-date", 100)
            times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=6000, help="corpus articles the events come from")
    parser.add_argument("--seconds", type=float, default=15.0, help="load per scenario")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    BUILD.mkdir(parents=True, exist_ok=True)
    db = BUILD / f"api_{args.events}.db"
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}")
    if args.rebuild or not db.exists():
        print(f"building {db.relative_to(ROOT)}")
        build_store(db, args.events, args.articles)

    port = free_port()
    host = "127.0.0.1"
    env = {**os.environ, "MARSAD_API_TOKEN": ""}
    server = subprocess.Popen(
        [sys.executable, "-m", "marsad", "serve", "--db", str(db), "--host", host, "--port", str(port),
         "--workers", str(args.workers), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    base = f"http://{host}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(f"{base}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        stats = get(f"{base}/api/stats")
        print(f"server: {args.workers} workers on {base}; store of {stats['total']:,} events")
        rng = random.Random(11)
        pages = filtered_pages("/api/events", stats, rng)
        for path in pages[:20]:  # warm every worker's caches and the page cache
            get(base + path)

        results = []
        for name, paths in (
            ("`/healthz` (peer: HTTP stack + trivial query)", ["/healthz"]),
            ("`/api/events` filtered, `limit=100`", pages),
            ("`/api/events` unfiltered, `limit=100`", ["/api/events?limit=100"]),
        ):
            results.append(asyncio.run(load(name, host, port, paths, args.seconds, args.concurrency)))

        months = [c for c in stats["by_month"] if c["key"] != "unknown"]
        busiest = max(months, key=lambda c: c["count"])
        first = date.fromisoformat(busiest["key"] + "-01")
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        month_path = f"/api/events.geojson?since={first}&until={last}"
        geo = asyncio.run(
            load(
                f"`/api/events.geojson` of a month ({busiest['count']:,} events), 1 client",
                host,
                port,
                [month_path],
                args.seconds,
                1,
            )
        )
        geo4 = asyncio.run(load("the same, 4 clients", host, port, [month_path], args.seconds, 4))
        results += [geo, geo4]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print()
    print(f"load: {args.concurrency} keep-alive connections, {args.seconds:.0f} s per scenario")
    print("| scenario | requests/s | p50 ms | p99 ms | max ms | errors | requests | KB/response |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(r.line())
    print()
    print(
        f"in process, no HTTP: a filtered page of 100 takes {in_process(db, pages, 200):.1f} ms (median of 200)"
    )


if __name__ == "__main__":
    main()
