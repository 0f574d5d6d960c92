"""Instructions the engine executes on corpus articles, counted by callgrind: a figure that the other work of a
shared machine does not move, for comparing two versions of the engine.

    .venv/bin/python benchmarks/instructions.py                          # this tree, 1,000 articles
    .venv/bin/python benchmarks/instructions.py /tmp/old/src . --limit 1000
    # each argument: a directory to import Marsad from (a `git archive REV src` export), or . for this tree

On a 2-core VM shared with other sessions, wall-clock and even CPU-time rates of one run move by a factor of two
between minutes (docs/performance.md), far more than a change of a few per cent. The number of instructions that
valgrind's callgrind counts is the same from one run to the next (with ``PYTHONHASHSEED=0``, and the resource cache
off so that every version builds its automata the same way). It counts work, not time: memory stalls (a large
automaton that does not stay in the cache) are not in it, so the timed benchmark (``throughput.py``, versions taking
turns) stays the measure of speed, and this one says which way a change moves the work and by how much.

What is counted: ``Extractor.default().extract(...)`` on the first ``--limit`` corpus articles, as throughput.py
calls it, after a warm-up on the first 100 (resources loaded, patterns compiled); instrumentation is switched on
for the extraction loop only (``callgrind_control -i on``), so start-up and corpus reading are not counted.
Needs valgrind (Debian package ``valgrind``); prints a message and exits 2 without it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# the child: load, warm up, count the extraction loop only
_CHILD = """
import os, subprocess, sys
sys.path.insert(0, {bench!r})
from throughput import CORPUS, articles
from marsad.extract.pipeline import Extractor
extractor = Extractor.default()
docs = list(articles(CORPUS, {limit}))
for a in docs[:100]:
    extractor.extract(a.text, published=a.published, doc_id=a.doc_id, outlet=a.outlet, title=a.title)
subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], capture_output=True, check=False)
for a in docs:
    extractor.extract(a.text, published=a.published, doc_id=a.doc_id, outlet=a.outlet, title=a.title)
subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], capture_output=True, check=False)
"""


def count(src: str, limit: int) -> int:
    """Instructions of the extraction loop with Marsad imported from ``src`` (``.``: this tree)."""
    env = dict(os.environ, PYTHONHASHSEED="0", MARSAD_CACHE_DIR="off")
    if src != ".":
        env["PYTHONPATH"] = str(Path(src).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        child = _CHILD.format(bench=str(ROOT / "benchmarks"), limit=limit)
        proc = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={tmp}/callgrind.out",
                sys.executable,
                "-c",
                child,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind run of {src} failed:\n{proc.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="*", default=["."], help="directories to import Marsad from; . = this tree")
    ap.add_argument("--limit", type=int, default=1000, help="articles counted (default 1000)")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("valgrind is not installed (apt-get install valgrind): nothing counted", file=sys.stderr)
        return 2
    print(f"instructions of Extractor.extract on the first {args.limit:,} corpus articles (callgrind)")
    first: int | None = None
    for src in args.sources:
        n = count(src, args.limit)
        first = first or n
        print(f"  {src:<50} {n:>15,}  {n / args.limit:>12,.0f} per article  {n / first:6.3f}x the first")
    return 0


if __name__ == "__main__":
    sys.exit(main())
