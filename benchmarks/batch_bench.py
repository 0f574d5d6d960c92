"""`marsad batch` against one `marsad extract` process on the same input: articles/s with local[1] and local[2],
the speed-up on two cores, the overhead of Spark, and the memory of the JVM and of a Python worker.

    .venv/bin/python benchmarks/batch_bench.py                      # the whole ANT corpus, two rounds
    .venv/bin/python benchmarks/batch_bench.py --limit 3000 --rounds 1
    .venv/bin/python benchmarks/batch_bench.py --rounds 1 --parts 8   # the corpus as 8 gzip files of one folder

Each round runs, one after the other so that they share the machine's state: `marsad extract INPUT --format jsonl`
(the peer: one process, reading, extracting and writing every record), then `marsad batch` with ``local[1]`` and
``local[2]`` into fresh outputs; first on the first ``--small`` articles, then on the whole input. Each batch run is
a process of its own (as `marsad batch` is), whose wall-clock time includes starting the JVM; its steps are printed
too. The marginal rate, (N - small) / (T(N) - T(small)), leaves out what a run costs whatever its size (starting
the JVM, planning, the first use of each code path). Figures are medians over the rounds.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"


def _child(master: str, source: str, out: str, partitions: int) -> None:
    """Run one batch in this process and print its figures as one JSON line."""
    started = time.perf_counter()
    from marsad.batch.job import BatchOptions, make_session, run_batch, stop_session

    conf = {"spark.ui.showConsoleProgress": "false", "spark.driver.memory": "2g"}
    spark = make_session(master, partitions, conf=conf, app_name="batch bench")
    spark.sparkContext.setLogLevel("ERROR")
    session = time.perf_counter() - started
    summary = run_batch(spark, source, out, BatchOptions(partitions=partitions))
    jvm_pid = spark.sparkContext._gateway.proc.pid  # type: ignore[union-attr]
    jvm_peak = _vm_hwm(jvm_pid)
    own = resource.getrusage(resource.RUSAGE_SELF)
    cpu = _tree_cpu(jvm_pid) + own.ru_utime + own.ru_stime
    stop_session(spark)
    print(
        json.dumps(
            {
                "session_s": session,
                "run_s": summary.seconds,
                "steps": summary.timings,
                "documents": summary.documents,
                "skipped": summary.skipped,
                "events": summary.events,
                "errors": summary.errors,
                "incidents": summary.incidents,
                "stats": summary.stats,
                "jvm_peak_mb": jvm_peak,
                "cpu_s": cpu,
                "driver_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def _tree_cpu(root: int) -> float:
    """CPU seconds of a process and all its descendants, live or exited (the JVM and the Python workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # after the command: state, ppid, ... utime (12th), stime, cutime, cstime
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = sum(int(f) for f in fields[11:15])

    def under(pid: int) -> bool:
        while pid > 1:
            if pid == root:
                return True
            pid = parents.get(pid, 0)
        return False

    return sum(t for pid, t in times.items() if under(pid)) / tick


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all processes, every core)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # less idle and iowait


def _others(busy_before: float, own_cpu: float) -> dict[str, float]:
    """What other processes took of the machine during a run: their CPU seconds, and the load average."""
    return {"others_cpu_s": max(0.0, _busy_seconds() - busy_before - own_cpu), "load": os.getloadavg()[0]}


def _vm_hwm(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _sample(limit: int, folder: Path) -> Path:
    path = folder / f"ant-{limit}.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= limit:
                break
            dst.write(line)
    return path


def _split(source: Path, parts: int, folder: Path) -> Path:
    """The lines of ``source`` dealt round-robin into ``parts`` gzip files of a new folder (a corpus as a back-fill
    holds it: many files, which Spark reads in as many tasks; one gzip file is read by one task)."""
    out = folder / f"{source.name.split('.')[0]}-{parts}-parts"
    out.mkdir()
    opener = gzip.open if source.suffix == ".gz" else open
    sinks = [gzip.open(out / f"part-{i:03d}.jsonl.gz", "wt", encoding="utf-8") for i in range(parts)]
    try:
        with opener(source, "rt", encoding="utf-8") as src:
            for i, line in enumerate(src):
                sinks[i % parts].write(line)
    finally:
        for sink in sinks:
            sink.close()
    return out


def _extract(source: Path, folder: Path) -> dict[str, Any]:
    out = folder / "extract.jsonl"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = _busy_seconds()
    started = time.perf_counter()
    proc = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "marsad"), "extract", str(source), "--format", "jsonl", "-o", str(out)],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    others = _others(busy, cpu)
    with out.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    return {
        "wall_s": wall,
        "documents": len(records),
        "events": sum(len(r["events"]) for r in records),
        "code": proc.returncode,
        "children_peak_mb": usage.ru_maxrss / 1024,
        "cpu_s": cpu,
        **others,
    }


def _batch(master: str, source: Path, folder: Path, partitions: int) -> dict[str, Any]:
    out = folder / f"batch-{master.removeprefix('local[').removesuffix(']')}"
    shutil.rmtree(out, ignore_errors=True)
    busy = _busy_seconds()
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", master, str(source), str(out), str(partitions)],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"batch {master} failed:\n{proc.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["wall_s"] = wall
    figures.update(_others(busy, figures["cpu_s"]))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=0, help="Only the first N articles (default: all).")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--small", type=int, default=300, help="Articles of the run that measures fixed costs."
    )
    parser.add_argument("--partitions", type=int, default=8, help="Extraction tasks of each batch run.")
    parser.add_argument(
        "--parts",
        type=int,
        default=0,
        help="Split each input into this many gzip files of one folder, read by every runner (default: one file).",
    )
    parser.add_argument(
        "--child", nargs=4, metavar=("MASTER", "INPUT", "OUTPUT", "PARTITIONS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        master, source, out, partitions = args.child
        _child(master, source, out, int(partitions))
        return
    if not CORPUS.exists():
        raise SystemExit(f"the corpus is not at {CORPUS}")
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        folder = Path(tmp)
        inputs = {
            "small": _sample(args.small, folder),
            "full": _sample(args.limit, folder) if args.limit else CORPUS,
        }
        if args.parts > 1:
            inputs = {size: _split(path, args.parts, folder) for size, path in inputs.items()}
        rounds: list[dict[str, dict[str, dict[str, Any]]]] = []
        for n in range(args.rounds):
            got: dict[str, dict[str, dict[str, Any]]] = {}
            for size, source in inputs.items():
                got[size] = {"extract": _extract(source, folder)}
                for master in MASTERS:
                    got[size][master] = _batch(master, source, folder, args.partitions)
            rounds.append(got)
            _report_round(n + 1, got)
        _report(rounds)


MASTERS = ("local[1]", "local[2]")
RUNNERS = ("extract", *MASTERS)


def _report_round(number: int, got: dict[str, dict[str, dict[str, Any]]]) -> None:
    for size, runs in got.items():
        ext = runs["extract"]
        print(
            f"round {number}, {size}: extract {ext['wall_s']:.1f} s, CPU {ext['cpu_s']:.1f} s "
            f"({ext['documents']} documents, {ext['events']} events); {_load(ext)}"
        )
        for master in MASTERS:
            b = runs[master]
            steps = ", ".join(f"{k} {v:.1f}" for k, v in b["steps"].items())
            print(
                f"  {master}: {b['wall_s']:.1f} s wall, CPU {b['cpu_s']:.1f} s (JVM and session {b['session_s']:.1f}, run {b['run_s']:.1f}: {steps}); "
                f"{b['documents']} new documents, {b['skipped']} repeated, {b['events']} events, {b['incidents']} incidents; "
                f"engine {b['stats'].get('engine_seconds', 0):.1f} s in the workers (CPU {b['stats'].get('engine_cpu_seconds', 0):.1f} s); peak RSS: JVM {b['jvm_peak_mb']:.0f} MB, "
                f"Python worker {b['stats'].get('max_worker_rss_mb', 0):.0f} MB, driver {b['driver_peak_mb']:.0f} MB; "
                f"{_load(b)}",
                flush=True,
            )


def _load(run: dict[str, Any]) -> str:
    return f"other processes {run['others_cpu_s']:.1f} CPU s, load average {run['load']:.1f}"


def _report(rounds: list[dict[str, dict[str, dict[str, Any]]]]) -> None:
    def median(size: str, runner: str, field: str = "wall_s") -> float:
        return statistics.median(r[size][runner][field] for r in rounds)

    n_full = rounds[0]["full"]["extract"]["documents"]
    n_small = rounds[0]["small"]["extract"]["documents"]
    wall = {r: median("full", r) for r in RUNNERS}
    fixed = {r: median("small", r) for r in RUNNERS}
    # the cost of the articles beyond the small run: start-up and per-run fixed costs cancel out
    marginal = {r: (n_full - n_small) / (wall[r] - fixed[r]) for r in RUNNERS}
    print(f"\n{n_full} articles (and {n_small} for the fixed costs), median of {len(rounds)} round(s)")
    print("| run | wall s | articles/s | small run s | marginal articles/s |")
    print("|---|---:|---:|---:|---:|")
    for r in RUNNERS:
        name = "marsad extract (one process)" if r == "extract" else f"marsad batch {r}"
        print(f"| {name} | {wall[r]:.1f} | {n_full / wall[r]:,.0f} | {fixed[r]:.1f} | {marginal[r]:,.0f} |")
    print(
        f"speed-up local[2] / local[1]: {wall['local[1]'] / wall['local[2]']:.2f}x wall, "
        f"{marginal['local[2]'] / marginal['local[1]']:.2f}x marginal"
    )
    print(
        f"overhead of local[1] over marsad extract: {wall['local[1]'] / wall['extract'] - 1:+.0%} wall, "
        f"{marginal['extract'] / marginal['local[1]'] - 1:+.0%} marginal"
    )
    cpu = {r: median("full", r, "cpu_s") for r in RUNNERS}
    cpu_small = {r: median("small", r, "cpu_s") for r in RUNNERS}
    print(
        "CPU seconds (all processes): "
        + ", ".join(f"{r} {cpu[r]:.1f} (small run {cpu_small[r]:.1f})" for r in RUNNERS)
        + f"; local[1] over extract: {cpu['local[1]'] / cpu['extract'] - 1:+.0%}, marginal "
        f"{(cpu['local[1]'] - cpu_small['local[1]']) / (cpu['extract'] - cpu_small['extract']) - 1:+.0%}"
    )


if __name__ == "__main__":
    main()
