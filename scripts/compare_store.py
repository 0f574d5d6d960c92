#!/usr/bin/env python3
"""Compare the store that `marsad ingest` leaves between two commits: documents, versions, aliases, events,
retired events, incidents and their members (ids and times aside), with ``--jobs 1`` and ``--jobs 2``.

    .venv/bin/python scripts/compare_store.py BEFORE [AFTER] [--n 3000] [--jobs 1,2] [--db-url URL]

``BEFORE`` and ``AFTER`` are git revisions or ``.`` for the working tree (the default ``AFTER``); each runs from
its own exported ``src/`` (as ``scripts/compare_events.py`` does) with the same virtual environment. The input is
the first ``--n`` articles of the corpus (every field of the line), then a file of new versions, copies under
other ids and exact repeats of the articles that name events (``scripts/kill_test.py``'s changes), then the whole
input again (everything skipped). Each side ingests it into a fresh store (SQLite, or the PostgreSQL database of
``--db-url``, emptied before each run); the state of each store (``kill_test.state``) is compared with BEFORE's
``--jobs 1`` store and every differing item is counted and shown. Exit code 0 when every store is the same.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from compare_events import _source_of  # noqa: E402  (a sibling script)
from kill_test import CORPUS, EVENT_WORDS, changes, integrity, state  # noqa: E402

from marsad.store.db import drop_store  # noqa: E402


def make_input(folder: Path, n: int) -> list[Path]:
    articles: list[dict[str, Any]] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            articles.append(json.loads(line))
            if len(articles) >= n:
                break
    first = folder / "a-articles.jsonl"
    first.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    named = [a for a in articles if any(w in a["text"] for w in EVENT_WORDS)][: max(3, n // 10)]
    second = folder / "b-changes.jsonl"
    second.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in changes(named)), encoding="utf-8")
    return [first, second]


def ingest(src: Path, url: str, inputs: list[Path], jobs: int) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-c", "from marsad.cli.main import app; app()", "ingest"]
    started = time.perf_counter()
    summaries = []
    for files in (inputs, inputs[:1]):  # everything, then the articles again (all skipped)
        run = subprocess.run([*cmd, *map(str, files), "--db", url, "--jobs", str(jobs), "--no-progress"],
                             capture_output=True, text=True, env=env)  # fmt: skip
        if run.returncode != 0:
            raise SystemExit(f"ingest failed ({src}, --jobs {jobs}):\n{run.stderr[-3000:]}")
        summaries.append(run.stderr.strip().splitlines()[-1])
    return time.perf_counter() - started, " | ".join(summaries)


def differences(reference: dict[str, Any], other: dict[str, Any]) -> dict[str, tuple[int, int, list[Any]]]:
    """Per table: items only in the reference, only in the other, and a few of them."""
    out = {}
    for table, rows in reference.items():
        a = {json.dumps(r, default=str, ensure_ascii=False) for r in rows}
        b = {json.dumps(r, default=str, ensure_ascii=False) for r in other[table]}
        if a != b or len(rows) != len(other[table]):
            out[table] = (len(a - b), len(b - a), [e[:300] for e in sorted(a - b)[:2] + sorted(b - a)[:2]])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after", nargs="?", default=".")
    parser.add_argument("--n", type=int, default=3000, help="corpus articles (default 3,000)")
    parser.add_argument("--jobs", default="1,2", help="the --jobs values to run (default 1,2)")
    parser.add_argument("--db-url", help="a PostgreSQL URL to run on (emptied before each run) instead of SQLite")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="marsad-compare-store-"))
    inputs = make_input(work, args.n)
    reference: dict[str, Any] | None = None
    failed = 0
    for side, rev in enumerate((args.before, args.after)):
        label, src = _source_of(rev)
        for jobs in (int(j) for j in args.jobs.split(",")):
            if args.db_url:
                drop_store(args.db_url)
                url = args.db_url
            else:
                url = f"sqlite:///{work / f'side{side}-jobs{jobs}.db'}"
            seconds, summary = ingest(src, url, inputs, jobs)
            current = state(url)
            problems = integrity(url)
            sizes = ", ".join(f"{len(v)} {k}" for k, v in current.items())
            print(f"{label} --jobs {jobs}: {seconds:.1f} s; {sizes}\n  {summary}")
            if problems:
                failed += 1
                print(f"  integrity: {problems}")
            if reference is None:
                reference = current
                continue
            diff = differences(reference, current)
            failed += bool(diff)
            for table, (gone, new, examples) in diff.items():
                print(f"  {table}: {gone} only in the reference, {new} only here; e.g. {examples}")
            if not diff:
                print("  same store as the reference")
    print(f"compare store: {'no difference' if not failed else f'{failed} store(s) differ'} ({work})")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
