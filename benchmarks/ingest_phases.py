"""Where the wall time of `marsad ingest --jobs N` goes: every phase timed in the parent and in its workers.

    .venv/bin/python benchmarks/ingest_phases.py [--n 3000] [--jobs 1,2] [--rounds 3] [--src DIR ...]

Each run is a fresh `marsad ingest` process of the first ``--n`` corpus articles into a fresh SQLite store, with
the ingest loop's functions wrapped (in the run's own process: this script is its driver) to write a timestamp
(``CLOCK_MONOTONIC``, one clock for every process) and the process's CPU seconds as each begins and ends: the
engine's load (``warm_up``), the store's opening, every task of a worker (``prepare_many``), every batch's commit
(``save_batch``) and the loop (``ingest``). Printed per run: the engine's load, the fork, the wait from the
fork to the first task (the store's opening was in it), the tasks (their count, from the first to the last
result), how far apart the workers' last results came, the tail (the last result to the end of the loop, the
last commit in it), the command's figure (its own seconds, from the engine's load to the end of the loop) and
the CPU seconds of the parent and of each worker. ``--src`` runs the ``src/`` of other commits (each a copy with
its native build, or ``build/compare/<commit>/src``), alternated within each round; the load average is printed
beside each run: on a shared machine read the phases of one round side by side.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def drive(out: str, argv: list[str]) -> None:
    """Run `marsad ARGV` in this process with the ingest loop's phases written to ``out``."""
    import multiprocessing.util

    import marsad.ingest.pipeline as pipeline
    import marsad.ingest.work as work
    import marsad.store.batch as batch
    import marsad.store.store as store

    def mark(what: str) -> None:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {time.monotonic():.4f} {_cpu():.3f} {what}\n")

    def timed(name: str, fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            mark(f"enter {name}")
            try:
                return fn(*args, **kwargs)
            finally:
                mark(f"exit {name}")

        return wrapper

    # the worker's task by its own name, so that it pickles as before (the pool sends it by reference)
    work.prepare_many = pipeline.prepare_many = timed("task", work.prepare_many)  # type: ignore[assignment]
    pipeline.warm_up = timed("engine", work.warm_up)
    pipeline.save_batch = timed("commit", batch.save_batch)
    pipeline.ingest = timed("loop", pipeline.ingest)
    opener = store.EventStore.open.__func__  # type: ignore[attr-defined]
    store.EventStore.open = classmethod(timed("store", opener))  # type: ignore[assignment,method-assign]
    parent = os.getpid()
    exiting = multiprocessing.util._exit_function  # type: ignore[attr-defined]

    def worker_exit(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            mark("end")
        return exiting(*args, **kwargs)

    multiprocessing.util._exit_function = worker_exit  # type: ignore[attr-defined]
    mark("start")
    from marsad.cli.main import app

    sys.argv = ["marsad", *argv]
    try:
        app()
    finally:
        mark("end")


def phases(path: Path) -> dict[str, Any]:
    """The phases of one run, from the marks its processes wrote."""
    marks = [line.split(None, 3) for line in path.read_text(encoding="utf-8").splitlines()]
    parent = marks[0][0]
    t0 = float(marks[0][1])

    def at(pid: str, what: str, last: bool = False) -> float:
        found = [float(t) - t0 for p, t, _, w in marks if p == pid and w == what]
        return found[-1] if last else found[0]

    def cpu(pid: str) -> float:
        return max(float(c) for p, _, c, _ in marks if p == pid)

    workers = sorted({p for p, _, _, w in marks if p != parent and w == "enter task"})
    loop_end = at(parent, "exit loop")
    out: dict[str, Any] = {"tasks": sum(1 for *_, w in marks if w == "enter task")}
    if workers:
        begin = at(parent, "enter engine")
        firsts = [at(w, "enter task") for w in workers]
        lasts = [at(w, "exit task", last=True) for w in workers]
        out.update(
            engine=at(parent, "exit engine") - begin,
            wait=min(firsts) - at(parent, "exit engine"),
            run=max(lasts) - min(firsts),
            apart=max(lasts) - min(lasts),
            tail=loop_end - max(lasts),
            figure=loop_end - begin,
            workers=[round(cpu(w), 2) for w in workers],
        )
    else:
        begin = at(parent, "enter loop")
        out.update(run=loop_end - begin, figure=loop_end - begin, workers=[])
    out["store"] = at(parent, "exit store") - at(parent, "enter store")
    out["last_commit"] = loop_end - at(parent, "enter commit", last=True)
    out["parent"] = round(cpu(parent), 2)
    return out


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--drive":
        drive(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=3000, help="corpus articles (default 3,000)")
    parser.add_argument("--jobs", default="1,2", help="--jobs values (default 1,2)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--src", action="append", help="the src/ of another code (repeat to compare several)")
    args = parser.parse_args()
    codes = args.src or [str(ROOT / "src")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = folder / "sample.jsonl"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= args.n:
                    break
                dst.write(line)
        for round_ in range(1, args.rounds + 1):
            for code in codes if round_ % 2 else codes[::-1]:  # alternated: neither code always runs first
                for jobs in (int(j) for j in args.jobs.split(",")):
                    marks, db = folder / "marks.txt", folder / "phases.db"
                    for stale in (marks, db, Path(f"{db}-wal"), Path(f"{db}-shm")):
                        stale.unlink(missing_ok=True)
                    env = {**os.environ, "PYTHONPATH": code}
                    cmd = [sys.executable, __file__, "--drive", str(marks), "ingest", str(sample), "--db", str(db),
                           "--jobs", str(jobs), "--no-progress"]  # fmt: skip
                    load = os.getloadavg()[0]
                    subprocess.run(cmd, check=True, capture_output=True, env=env)
                    p = phases(marks)
                    steps = (f"engine {p['engine']:.3f} s, wait for the first task {p['wait']:.3f} s, "
                             if "engine" in p else "")  # fmt: skip
                    print(f"round {round_} {code} --jobs {jobs} (load {load:.1f}): {steps}store opened in "
                          f"{p['store']:.3f} s, {p['tasks']} tasks in {p['run']:.3f} s"
                          + (f" (last results {p['apart']:.3f} s apart), tail {p['tail']:.3f} s" if "tail" in p else "")
                          + f", last commit {p['last_commit']:.3f} s; figure {p['figure']:.3f} s; "
                          f"CPU parent {p['parent']} s, workers {p['workers']}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
