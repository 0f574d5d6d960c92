"""Ingest throughput (documents/s) of `marsad ingest` over the first articles of ../shared/data/corpus/, with the
peer "reading + store alone" measured in the same run.

    .venv/bin/python benchmarks/ingest_bench.py [--n 3000] [--jobs 1,2] [--rounds 2] [--pg URL] [--src DIR]

Each round runs, one after the other and each in a fresh store and a fresh process (as a user runs it):
``marsad ingest --jobs J`` for every J of ``--jobs`` with Marsad's engine, and the peer: ``--jobs 1`` with a
stand-in engine returning no events (``--engine null``: reading, validation, the duplicate look-ups and the
store alone). The figure is the command's own (documents over the seconds of its ingest loop, engine start-up
included, as its summary prints), then a second run over the same input (every document skipped), with the CPU
seconds of the command and its workers: on a shared machine, the share of a core they got tells whether the
run could go faster at all. The load varies: read the ratios within a round (printed), and the load average
(printed before and after each round). Also printed: the engine's start-up (first extraction of a fresh process),
and the rate of an in-process ingest from its first commit to its last (start-up left out). PostgreSQL runs only with ``--pg`` (``scripts/ci_postgres.sh`` starts one). ``--src`` runs
the ``src/`` of another commit (``scripts/compare_store.py`` exports them under ``build/compare/``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
ENGINE_VERSION = "null"
_RATE = re.compile(r"ingested (\d+).*?failed (\d+); (\d+) events; ([\d.]+) s \(([\d.]+) docs/s\)")


def null_extract(
    text: str, *, published: str | None = None, doc_id: str | None = None, outlet: str | None = None
) -> Any:
    """A stand-in engine with no events (measures the store alone)."""
    from marsad.model import DocumentRecord

    return DocumentRecord(doc_id=doc_id or "doc", published=published, outlet=outlet)


def sample(n: int, folder: Path) -> Path:
    """The first ``n`` lines of the corpus, every field kept."""
    out = folder / "sample.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return out


def ingest(url: str, path: Path, jobs: int, null: bool, src: str | None) -> dict[str, Any]:
    """One `marsad ingest` into a fresh store, then the same input again; the rates its summaries print."""
    paths = [src, str(ROOT / "benchmarks"), os.environ.get("PYTHONPATH")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    if null:
        env["MARSAD_EXTRACTOR"] = "ingest_bench:null_extract"
    cmd = [sys.executable, "-m", "marsad", "ingest", str(path), "--db", url, "--jobs", str(jobs), "--no-progress"]
    out: dict[str, Any] = {}
    for label in ("first", "again"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        run = subprocess.run(cmd, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its workers, once waited for
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        found = _RATE.search(run.stderr)
        if run.returncode != 0 or found is None:
            raise SystemExit(f"ingest failed:\n{run.stderr[-2000:]}")
        if label == "first":
            out.update(documents=int(found[1]), failed=int(found[2]), events=int(found[3]))
        out[f"{label}_docs_per_s"] = float(found[5])
        out[f"{label}_wall_s"] = round(wall, 2)
        out[f"{label}_cpu_s"] = round(cpu, 2)
    return out


def engine_start(src: str | None) -> float:
    """Seconds of a fresh process's first extraction (the engine's start-up, which every run pays once, and
    each worker of ``--jobs N`` pays too)."""
    code = "import time, marsad; t = time.perf_counter(); marsad.extract('قصف على حلب'); print(time.perf_counter() - t)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)}
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout)


def steady(url: str, path: Path, jobs: int) -> float:
    """Documents/s of an in-process ingest with the engine, counted from its first commit to its last: the rate
    once the engine (and every worker) has started, which the command's figure mixes with the start-up."""
    from marsad.ingest.pipeline import ingest as run
    from marsad.ingest.readers import read_inputs
    from marsad.store.store import EventStore

    commits: list[tuple[float, int]] = []
    with EventStore.open(url) as store:  # the lines handed on unread, as `marsad ingest` does
        run(store, read_inputs([str(path)]), jobs=jobs, progress=lambda n: commits.append((time.perf_counter(), n)))
    # the workers exit on their own after a clean end (ingest does not wait for them): wait here, or their CPU time
    # is counted in the next command's RUSAGE_CHILDREN figure (seen: --jobs 1 at "244 % of a core")
    for process in multiprocessing.active_children():
        process.join()
    batches = [(t, n) for t, n in commits if n > 1]  # a tick of one is a failure, reported at once
    if len(batches) < 2:
        return float("nan")
    return sum(n for _, n in batches[1:]) / (batches[-1][0] - batches[0][0])


def fresh_url(folder: Path, name: str, pg: str | None) -> str:
    if pg:
        from marsad.store.db import drop_store

        drop_store(pg)
        return pg
    return f"sqlite:///{folder / name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=3000, help="corpus articles (default 3,000)")
    parser.add_argument("--jobs", default="1,2", help="--jobs values to run with the engine (default 1,2)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of every run (default 1)")
    parser.add_argument("--pg", help="a PostgreSQL URL to run on instead of SQLite (emptied before each run)")
    parser.add_argument("--src", help="the src/ folder of another commit to run instead of this one")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}; store "
          f"{'PostgreSQL' if args.pg else 'SQLite'}; {args.n} articles of {CORPUS.name}; code {args.src or 'src/'}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = sample(args.n, folder)
        for round_ in range(1, args.rounds + 1):
            load = os.getloadavg()[0]
            rates: dict[str, float] = {}
            for name, j, null in [*((f"engine --jobs {j}", j, False) for j in jobs), ("peer: reading + store", 1, True)]:
                result = ingest(fresh_url(folder, f"r{round_}-{name[:6]}-{j}.db", args.pg), path, j, null, args.src)
                rates[name] = result["first_docs_per_s"]
                print(f"  round {round_}: {name:<22} {result['first_docs_per_s']:>7.1f} docs/s "
                      f"({result['documents']} stored, {result['events']} events, {result['failed']} failed; "
                      f"wall {result['first_wall_s']} s, CPU {result['first_cpu_s']} s: "
                      f"{result['first_cpu_s'] / result['first_wall_s']:.0%} of a core); re-run, all skipped: {result['again_docs_per_s']:.1f} docs/s")  # fmt: skip
            start = engine_start(args.src)
            print(f"  round {round_}: engine start-up (first extraction of a fresh process) {start:.2f} s")
            if not args.src:  # in this process: this checkout's code only
                for j in jobs:
                    rate = steady(fresh_url(folder, f"r{round_}-steady-{j}.db", args.pg), path, j)
                    rates[f"steady --jobs {j}"] = rate
                    print(f"  round {round_}: engine --jobs {j}, from the first commit to the last: {rate:.1f} docs/s")
            ratios = []
            if 1 in jobs:
                base = rates["engine --jobs 1"]
                ratios += [f"--jobs {j} / --jobs 1 = {rates[f'engine --jobs {j}'] / base:.2f}" for j in jobs if j != 1]
                ratios.append(f"--jobs 1 / peer = {base / rates['peer: reading + store']:.2f}")
                ratios += [f"steady --jobs {j} / --jobs 1 = {rates[f'steady --jobs {j}'] / rates['steady --jobs 1']:.2f}"
                           for j in jobs if j != 1 and f"steady --jobs {j}" in rates]  # fmt: skip
            print(f"  round {round_}: {'; '.join(ratios)}; load average {load:.1f} before, "
                  f"{os.getloadavg()[0]:.1f} after")  # fmt: skip
            print(json.dumps({"round": round_, "rates": rates}), file=sys.stderr)


if __name__ == "__main__":  # the guard lets the worker processes of --jobs N import this module
    main()
