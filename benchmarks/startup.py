"""Start-up of `marsad extract` on a two-line article, with the resource cache and without it, in one run.

    .venv/bin/python benchmarks/startup.py              # 7 rounds
    .venv/bin/python benchmarks/startup.py --rounds 15
    .venv/bin/python benchmarks/startup.py --before build/compare/<commit>/src   # and an older code, alternated

Each round runs, one after the other: ``python -c pass`` (the floor), ``marsad extract two.txt`` with the cache
warm (its own directory, filled once before the rounds), the same with ``MARSAD_CACHE_DIR=off`` (everything
compiled, as before the cache), and one process that times the phases inside (imports, the cache key, the
lexicon, the gazetteer, the first extraction). Wall and CPU seconds (of the child, from ``getrusage``) are
printed as the best and the median of the rounds, and the fewest page faults, with the load average: the VM is
shared, so compare the lines of one run. ``--before SRC`` adds, in each round, ``marsad extract`` run from another
``src`` directory (for example one exported by ``scripts/compare_events.py`` under ``build/compare/``); ``--script``
adds the ``marsad`` console script beside ``python -m marsad``. No assertion: the figures go to
docs/performance.md.

Both source trees are byte-compiled first (``compileall``, which writes even where ``PYTHONDONTWRITEBYTECODE`` is
set, as it is in these sessions' shells): a module whose ``.pyc`` is missing or older than its source is compiled
at every run and never written, which added 0.08 s of CPU to a two-line command (0.29 -> 0.37 s best).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = "قصف مدفعي على بلدة كفرنبل بريف إدلب الجنوبي\nقتل ثلاثة مدنيين في قصف على مدينة حلب\n"

PHASES = """
import json, sys, time
t0 = time.perf_counter()
import marsad.cli.main, marsad.cli.extract  # (the command's module is imported when it runs)
t1 = time.perf_counter()
import marsad.cli.common, marsad.extract.pipeline, marsad.ingest.readers
t2 = time.perf_counter()
from marsad.cache import default_cache
default_cache().key
t3 = time.perf_counter()
from marsad.lexicon.compiled import default_lexicon
default_lexicon()
t4 = time.perf_counter()
from marsad.geo import default_gazetteer
default_gazetteer()
t5 = time.perf_counter()
marsad.extract.pipeline.Extractor.default().extract(open(sys.argv[1], encoding="utf-8").read(), published="2018-01-02")
t6 = time.perf_counter()
print(json.dumps({"CLI imports": t1 - t0, "engine imports": t2 - t1, "cache key": t3 - t2, "lexicon": t4 - t3,
                  "gazetteer": t5 - t4, "first extraction": t6 - t5}))
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str, int]:
    """Wall and CPU seconds of one child process, its standard output and its page faults (minor: memory it
    touched for the first time, about 2-3 us of system time each on this VM)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out, after.ru_minflt - before.ru_minflt


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--before", type=Path, default=None, help="a src directory of older code to time as well")
    ap.add_argument("--script", action="store_true", help="time the marsad console script as well")
    args = ap.parse_args(argv)
    marsad = [sys.executable, "-m", "marsad"]
    for src in (Path(__file__).resolve().parents[1] / "src", args.before):
        if src is not None:
            compileall.compile_dir(src, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        two = Path(tmp) / "two.txt"
        two.write_text(ARTICLE, encoding="utf-8")
        warm = dict(os.environ, MARSAD_CACHE_DIR=str(Path(tmp) / "cache"))
        cold = dict(os.environ, MARSAD_CACHE_DIR="off")
        subprocess.run([*marsad, "extract", str(two)], env=warm, capture_output=True, check=False)  # fills it
        commands = [
            ("python -c pass", [sys.executable, "-c", "pass"], warm),
            ("marsad extract, cache warm", [*marsad, "extract", str(two)], warm),
            ("marsad extract, no cache", [*marsad, "extract", str(two)], cold),
        ]
        if args.script:
            script = Path(sys.executable).with_name("marsad")
            commands.append(("marsad extract, console script", [str(script), "extract", str(two)], warm))
        if args.before is not None:
            before = dict(warm, PYTHONPATH=str(args.before.resolve()))
            commands.append((f"marsad extract, {args.before}", [*marsad, "extract", str(two)], before))
            # (its own copies in the cache when its code differs from this tree's: filled before the rounds)
            subprocess.run([*marsad, "extract", str(two)], env=before, capture_output=True, check=False)
        runs: dict[str, list[tuple[float, float, int]]] = {}
        phases: dict[str, list[float]] = {}
        load = [os.getloadavg()[0]]
        for _ in range(args.rounds):
            for name, cmd, env in commands:
                wall, cpu, _, faults = timed(cmd, env)
                runs.setdefault(name, []).append((wall, cpu, faults))
            _, _, out, _ = timed([sys.executable, "-c", PHASES, str(two)], warm)
            for phase, seconds in json.loads(out).items():
                phases.setdefault(phase, []).append(seconds)
            load.append(os.getloadavg()[0])
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; load average {min(load):.1f}-{max(load):.1f}; "
          f"{args.rounds} rounds")
    width = max(map(len, runs))
    print(f"{'':{width}} {'wall best':>9} {'median':>7} {'CPU best':>9} {'median':>7} {'faults':>7}")
    for name, values in runs.items():
        walls, cpus = [w for w, _, _ in values], [c for _, c, _ in values]
        print(f"{name:{width}} {min(walls):9.3f} {statistics.median(walls):7.3f} {min(cpus):9.3f} "
              f"{statistics.median(cpus):7.3f} {min(f for _, _, f in values):7d}")
    print("phases inside one process, cache warm (wall s, best / median):")
    for phase, values in phases.items():
        print(f"  {phase:30} {min(values):.3f} / {statistics.median(values):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
