"""Ingest throughput (documents/s) into SQLite and PostgreSQL over a sample of ../shared/data/corpus/.

    .venv/bin/python benchmarks/ingest_bench.py --n 500 [--pg postgresql+psycopg://...] [--jobs 2] [--engine null]

Each run ingests the first ``--n`` articles of the corpus into a fresh store and reports documents per second,
end to end (reading, de-duplication check, extraction, one transaction per document, incident merging).
``--engine real`` (the default when ``marsad.extract`` exists) runs Marsad's engine; ``--engine null`` a stand-in
returning no events, which measures the store alone. A second pass over the same input measures the idempotent
skip path. PostgreSQL runs only with ``--pg`` or ``$MARSAD_TEST_PG_URL`` (``scripts/ci_postgres.sh`` starts one).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
ENGINE_VERSION = "null"


def null_extract(
    text: str, *, published: str | None = None, doc_id: str | None = None, outlet: str | None = None
) -> Any:
    """A stand-in engine with no events (measures the store alone)."""
    from marsad.model import DocumentRecord

    return DocumentRecord(doc_id=doc_id or "doc", published=published, outlet=outlet)


def sample(n: int, folder: Path) -> Path:
    out = folder / "sample.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            obj = json.loads(line)
            dst.write(
                json.dumps(
                    {"id": obj["id"], "title": obj.get("title"), "text": obj["text"]}, ensure_ascii=False
                )
                + "\n"
            )
    return out


def run(url: str, path: Path, jobs: int, extractor: str | None) -> dict[str, Any]:
    from marsad.ingest.pipeline import ingest
    from marsad.ingest.readers import read_documents
    from marsad.store.store import EventStore

    with EventStore.open(url) as store:
        first = ingest(
            store, read_documents([str(path)], published="2018-02-18"), jobs=jobs, extractor=extractor
        )
        second = ingest(
            store, read_documents([str(path)], published="2018-02-18"), jobs=jobs, extractor=extractor
        )
        counts = store.counts()
    return {
        "documents": first.ingested,
        "failed": len(first.failed),
        "events": counts["events"],
        "seconds": round(first.seconds, 2),
        "docs_per_s": round(first.processed / first.seconds, 1),
        "skip_docs_per_s": round(second.processed / second.seconds, 1),
    }


def reset_pg(url: str) -> None:
    from marsad.store.db import drop_store

    drop_store(url)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--pg", default=os.environ.get("MARSAD_TEST_PG_URL"))
    parser.add_argument("--engine", choices=("real", "null"), default=None)
    args = parser.parse_args()
    engine = args.engine
    if engine is None:
        try:
            import marsad

            engine = "real" if hasattr(marsad, "extract") else "null"
        except ImportError:
            engine = "null"
    sys.path.insert(0, str(ROOT / "benchmarks"))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "benchmarks"), os.environ.get("PYTHONPATH")])
    )
    extractor = "ingest_bench:null_extract" if engine == "null" else None
    results: dict[str, Any] = {
        "engine": engine,
        "n": args.n,
        "jobs": args.jobs,
        "machine": f"{os.cpu_count()} cores, {platform.python_version()}",
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = sample(args.n, Path(tmp))
        results["sqlite"] = run(f"sqlite:///{Path(tmp) / 'bench.db'}", path, args.jobs, extractor)
        if args.pg:
            reset_pg(args.pg)
            results["postgresql"] = run(args.pg, path, args.jobs, extractor)
            reset_pg(args.pg)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.1f} s", file=sys.stderr)
