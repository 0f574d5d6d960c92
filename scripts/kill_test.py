"""Kill test: ``marsad ingest`` killed (SIGKILL) or stopped (SIGTERM) at random moments, with ``--jobs 1`` and
``--jobs 2``, then run again to the end.

    .venv/bin/python scripts/kill_test.py [--trials 5] [--n 1000] [--seed 7] [--db-url URL]

The input is ``--n`` articles of the benchmark corpus that name events, followed by a file of corrected texts of
some of them (new versions), copies under other ids (aliases) and exact repeats. A clean run gives the reference
state. Each trial starts an ingest in a fresh store (SQLite, or the PostgreSQL database of ``--db-url``, emptied),
signals it after a random delay, and checks: no process of its session is left; a SIGTERM ends it with exit code
143 and its summary, never a traceback; the store passes its integrity checks (SQLite's integrity and
foreign-key checks; for both, every event in exactly one incident and every incident's counts true); then a
second run completes and the store holds no duplicate and is identical to the reference (documents, versions,
aliases, events, retired events, incidents and their members, ids and times aside). Prints one line per kind of
trial (``docs/reliability.md``) and exits 1 when any check failed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import text

from marsad.store.db import drop_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
EVENT_WORDS = ("قصف", "مقتل", "اشتباك", "غارة", "انفجار", "اعتقال", "مظاهرة", "نزوح")


def make_input(folder: Path, n: int, corpus: Path) -> None:
    """``a-articles.jsonl`` (articles naming events) and ``b-changes.jsonl`` (versions, aliases, repeats)."""
    articles: list[dict[str, Any]] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            if any(w in art["text"] for w in EVENT_WORDS):
                articles.append({k: art[k] for k in ("id", "title", "text", "published", "url", "outlet")})
                if len(articles) >= n:
                    break
    with (folder / "a-articles.jsonl").open("w", encoding="utf-8") as out:
        for art in articles:
            out.write(json.dumps(art, ensure_ascii=False) + "\n")
    with (folder / "b-changes.jsonl").open("w", encoding="utf-8") as out:
        for item in changes(articles[: max(3, n // 10)]):
            out.write(json.dumps(item, ensure_ascii=False) + "\n")


def changes(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New versions of ``articles``, copies under other ids (aliases) and exact repeats, in turn."""
    out: list[dict[str, Any]] = []
    for i, art in enumerate(articles):
        changed = dict(art, text=art["text"] + "\nوأفادت مصادر محلية بمقتل شخصين في قصف مدفعي على بلدة كفرنبل أمس.")
        copy = dict(art, id=f"copy-{art['id']}", url=None)
        # a new version; a new version, then the old text under another id and again (both skipped); a copy
        out.extend([(changed,), (changed, copy, art), (copy, art)][i % 3])
    return out


def marsad(*args: str) -> list[str]:
    return [sys.executable, "-c", "from marsad.cli.main import app; app()", *args]




def session_alive(sid: int) -> list[int]:
    """Processes of the session ``sid`` (the ingest, its workers, multiprocessing's resource tracker)."""
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getsid(int(entry)) == sid:
                    alive.append(int(entry))
            except (ProcessLookupError, PermissionError):
                continue
    return alive


def state(url: str) -> dict[str, Any]:
    """The store's content without ids and times: what two equal runs must agree on."""
    from marsad.store.db import make_engine

    engine = make_engine(url)
    with engine.connect() as c:
        docs = c.execute(text("SELECT id, content_hash, doc_id, outlet, version, identity, url_hash, n_events FROM documents")).all()  # fmt: skip
        hash_of = {r[0]: r[1] for r in docs}
        events = c.execute(text("SELECT id, document_id, seq, record FROM events")).all()
        key_of = {r[0]: (hash_of[r[1]], r[2]) for r in events}
        members: dict[int, list[tuple[Any, str]]] = defaultdict(list)
        for incident, event, reason in c.execute(text("SELECT incident_id, event_id, reason FROM incident_members")):
            members[incident].append((key_of[event], reason))
        incidents = {r[0]: r[1:] for r in c.execute(text(
            "SELECT id, event_type, sub_event_type, pcode, admin1, n_events, n_documents, date_start, date_end FROM incidents"
        ))}  # fmt: skip
        versions = c.execute(text("SELECT v.id, d.content_hash, v.version, v.content_hash, v.doc_id, v.n_events FROM document_versions v JOIN documents d ON d.id = v.document_id")).all()  # fmt: skip
        version_hash = {r[0]: r[3] for r in versions}
        retired = c.execute(text("SELECT version_id, seq, record, merge_reason FROM retired_events")).all()
        aliases = c.execute(text("SELECT d.content_hash, a.doc_id, a.outlet, a.url FROM document_aliases a JOIN documents d ON d.id = a.document_id")).all()  # fmt: skip
    engine.dispose()

    def record(value: Any) -> str:
        return json.dumps(json.loads(value) if isinstance(value, str) else value, sort_keys=True, ensure_ascii=False)

    return {
        "documents": sorted(tuple(r[1:]) for r in docs),
        "events": sorted((key_of[r[0]], record(r[3])) for r in events),
        "incidents": sorted((sorted(m), tuple(str(v) for v in incidents[i])) for i, m in members.items()),
        "versions": sorted(tuple(r[1:]) for r in versions),
        "retired": sorted((version_hash[r[0]], r[1], record(r[2]), r[3]) for r in retired),
        "aliases": sorted(tuple(str(v) for v in r) for r in aliases),
    }


def integrity(url: str) -> list[str]:
    """What is wrong with the store, beyond what its constraints already refuse."""
    from marsad.store.db import make_engine

    problems: list[str] = []
    engine = make_engine(url)
    with engine.connect() as c:
        if engine.url.get_backend_name() == "sqlite":
            result = c.execute(text("PRAGMA integrity_check")).scalar()
            if result != "ok":
                problems.append(f"integrity_check: {result}")
            if c.execute(text("PRAGMA foreign_key_check")).first() is not None:
                problems.append("foreign_key_check: a row points nowhere")
        checks = {
            "an event in no incident": "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM incident_members m WHERE m.event_id = e.id)",
            "an incident with wrong counts": "SELECT count(*) FROM incidents i WHERE n_events <> (SELECT count(*) FROM incident_members m WHERE m.incident_id = i.id)",
            "a document with wrong n_events": "SELECT count(*) FROM documents d WHERE n_events <> (SELECT count(*) FROM events e WHERE e.document_id = d.id)",
            "duplicate content": "SELECT count(*) - count(DISTINCT content_hash) FROM documents",
            "duplicate (document, seq)": "SELECT count(*) FROM (SELECT document_id, seq FROM events GROUP BY document_id, seq HAVING count(*) > 1) x",
            "duplicate given id": "SELECT count(*) FROM (SELECT identity FROM documents WHERE identity IS NOT NULL GROUP BY identity HAVING count(*) > 1) x",
        }  # fmt: skip
        for name, query in checks.items():
            if c.execute(text(query)).scalar():
                problems.append(name)
    engine.dispose()
    return problems


def run_trial(cmd: list[str], env: dict[str, str], sig: int, delay: float, url: str) -> dict[str, Any]:
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:  # not a pipe: an orphan holding it blocks nothing
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, text=True, env=env,
                                start_new_session=True)  # fmt: skip
        time.sleep(delay)
        proc.send_signal(sig)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        deadline = time.monotonic() + 10
        while session_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = session_alive(proc.pid)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        err.seek(0)
        message = err.read()
    try:
        stored = len(state(url)["documents"])
    except Exception:  # killed before the schema was made
        stored = 0
    return {"code": proc.returncode, "err": message, "left": len(left), "stored": stored}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=5, help="trials per signal and --jobs (default 5)")
    parser.add_argument("--n", type=int, default=1000, help="articles in the input (default 1,000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db-url", help="a PostgreSQL URL to test on (emptied before each run) instead of SQLite")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="marsad-kill-"))
    inputs = work / "in"
    inputs.mkdir()
    make_input(inputs, args.n, args.corpus)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    def url_for(name: str) -> str:
        if args.db_url:
            drop_store(args.db_url)
            return args.db_url
        return f"sqlite:///{work / name}"

    reference: dict[str, Any] = {}
    clean_seconds: dict[str, float] = {}
    for jobs in ("1", "2"):  # clean runs: the reference, and how long a run takes (signals fall within it)
        url = url_for(f"clean-{jobs}.db")
        started = time.perf_counter()
        clean = subprocess.run(marsad("ingest", str(inputs), "--db", url, "--jobs", jobs, "--no-progress"),
                               capture_output=True, text=True, env=env)  # fmt: skip
        clean_seconds[jobs] = time.perf_counter() - started
        if clean.returncode != 0:
            print(clean.stderr)
            return 1
        reference.setdefault("state", state(url))
        if state(url) != reference["state"]:
            print(f"kill test: a clean run with --jobs {jobs} differs from one with --jobs 1")
            return 1
    reference = reference["state"]
    print(f"kill test: {args.n} articles + {sum(1 for _ in (inputs / 'b-changes.jsonl').open())} changed, copied or "
          f"repeated; clean runs {clean_seconds['1']:.1f} s (--jobs 1), {clean_seconds['2']:.1f} s (--jobs 2): "
          f"{len(reference['documents'])} documents, "
          f"{len(reference['events'])} events, {len(reference['incidents'])} incidents, "
          f"{len(reference['versions'])} older versions, {len(reference['aliases'])} aliases; "
          f"store {'PostgreSQL' if args.db_url else 'SQLite'}")  # fmt: skip
    failed = 0
    for jobs in ("1", "2"):
        for sig in (signal.SIGKILL, signal.SIGTERM):
            rows: list[dict[str, Any]] = []
            for trial in range(args.trials):
                url = url_for(f"trial-{jobs}-{sig.name}-{trial}.db")
                cmd = marsad("ingest", str(inputs), "--db", url, "--jobs", jobs, "--no-progress")
                delay = rng.uniform(0.3, clean_seconds[jobs] * 1.05)
                row = run_trial(cmd, env, sig, delay, url)
                row["delay"] = delay
                row["integrity"] = integrity(url) if row["stored"] else []
                rerun = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
                row["rerun"] = rerun.returncode
                row["integrity"] += integrity(url)
                row["same"] = state(url) == reference
                row["traceback"] = "Traceback" in row["err"] or "Traceback" in rerun.stderr
                row["summary"] = "interrupted by SIGTERM" in row["err"]
                rows.append(row)
            bad = [
                r for r in rows
                if r["left"] or r["integrity"] or r["rerun"] != 0 or not r["same"] or r["traceback"]
                or (sig == signal.SIGTERM and r["code"] == 143 and not r["summary"])
            ]  # fmt: skip
            failed += len(bad)
            delays = ", ".join(f"{r['delay']:.1f}" for r in rows)
            stored = ", ".join(str(r["stored"]) for r in rows)
            codes = ", ".join(f"{c}×{sum(1 for r in rows if r['code'] == c)}" for c in sorted({r["code"] for r in rows}))
            print(
                f"  --jobs {jobs} {sig.name}: {len(rows)} trials, signalled after "
                f"{delays} s with {stored} documents stored; exit codes {codes}; summaries "
                f"{sum(r['summary'] for r in rows)}; processes left {sum(r['left'] for r in rows)}; tracebacks "
                f"{sum(r['traceback'] for r in rows)}; integrity failures {sum(bool(r['integrity']) for r in rows)}; "
                f"re-runs failed {sum(r['rerun'] != 0 for r in rows)}; final state different {sum(not r['same'] for r in rows)}"
            )  # fmt: skip
            for r in bad:
                print(f"    failed: {json.dumps({k: v for k, v in r.items() if k != 'err'})}\n{r['err'][-2000:]}")
    print(f"kill test: {'all checks passed' if not failed else f'{failed} trial(s) failed'} ({work})")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
