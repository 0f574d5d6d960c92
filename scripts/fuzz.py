"""Fuzz run: mutated fragments of real news through the readers and through ``marsad.extract``.

    .venv/bin/python scripts/fuzz.py [--n 100000] [--seed 13] [--jobs 2] [--keep DIR]

Each input is one to three paragraphs of an article of the benchmark corpus (``../shared/data/corpus``; articles
with event words first) after one to four mutations of ``tests/mutations.py``: digits (Arabic-Indic, Persian,
absurdly long), tatweel, diacritics, control characters, bidi marks, presentation forms, NFD, extreme dates and
numbers, cuts and repeats, lone surrogates; its publication date is a real one, a placeholder (0001-01-01,
9999-12-31) or none. Every input goes as a JSON line through the reader (a document or an input error, never an
exception) and, as it is, through ``marsad.extract``: no exception, every evidence span inside the text and
verbatim, every record serialisable. Prints the figures (``docs/reliability.md``); with ``--keep``, writes the
first failing inputs there to reproduce them. Exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import sys
import time
from collections import Counter
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from mutations import PUBLISHED, check_record, mutate  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
EVENT_WORDS = ("قصف", "مقتل", "اشتباك", "غارة", "انفجار", "اعتقال", "مظاهرة", "نزوح", "هجوم", "قتلى")
BATCH = 500

_fragments: list[str] = []


def load_fragments(corpus: Path, articles: int) -> list[str]:
    """Paragraph runs of real articles: those with event words, and one in five of the others."""
    out: list[str] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= articles:
                break
            art = json.loads(line)
            if not any(w in art["text"] for w in EVENT_WORDS) and i % 5:
                continue
            paragraphs = [p for p in art["text"].split("\n") if p.strip()]
            for at in range(0, len(paragraphs), 3):
                out.append("\n".join([art["title"], *paragraphs[at : at + 3]])[:3000])
    return out


def _init(fragments: list[str]) -> None:
    import logging

    global _fragments
    _fragments = fragments
    logging.disable(logging.WARNING)  # the warnings about placeholder dates and absurd counts are expected


def _stdin(data: bytes) -> io.StringIO:
    """A standard input whose bytes are ``data``."""

    class Stdin(io.StringIO):
        buffer = io.BytesIO(data)

    return Stdin()


def run_batch(job: tuple[int, int, int]) -> tuple[Counter[str], list[dict[str, object]]]:
    """Fuzz ``size`` inputs from ``start``; the counters and the failing inputs."""
    import marsad
    from marsad.errors import InputError
    from marsad.ingest.readers import read_documents

    start, size, seed = job
    counts: Counter[str] = Counter()
    failures: list[dict[str, object]] = []
    inputs = []
    for i in range(start, start + size):
        rng = random.Random(seed * 1_000_003 + i)
        text = mutate(rng, rng.choice(_fragments))
        published = rng.choice([*PUBLISHED, f"{rng.randint(1, 9999):04d}-{rng.randint(1, 12):02d}-01"])
        inputs.append((i, text, published))
    lines = "\n".join(json.dumps({"id": f"fuzz-{i}", "text": t, "published": p}) for i, t, p in inputs)
    try:
        for item in read_documents(["-"], stdin=_stdin(lines.encode("ascii"))):
            counts["reader: error " + type(item).__name__ if isinstance(item, InputError) else "reader: document"] += 1
    except Exception as exc:
        counts["reader: crash"] += 1
        failures.append({"stage": "reader", "batch": start, "error": repr(exc)})
    for i, text, published in inputs:
        counts["inputs"] += 1
        try:
            record = marsad.extract(text, published=published, doc_id=f"fuzz-{i}")
            json.dumps(record.to_contract(), ensure_ascii=False)
        except Exception as exc:
            counts["extract: crash"] += 1
            failures.append({"stage": "extract", "i": i, "error": repr(exc), "text": text, "published": published})
            continue
        counts["extract: records"] += 1
        counts["extract: events"] += len(record.events)
        counts["extract: spans"] += sum(len(e.evidence) for e in record.events)
        for problem in check_record(text, record):
            kind = "invalid offsets" if "outside" in problem else "non-verbatim spans"
            counts[f"extract: {kind}"] += 1
            failures.append({"stage": kind, "i": i, "problem": problem, "text": text, "published": published})
    return counts, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="inputs (default 100,000)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--articles", type=int, default=4000, help="corpus articles to take fragments from")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep", type=Path, help="write the first failing inputs here")
    args = parser.parse_args()
    fragments = load_fragments(args.corpus, args.articles)
    started = time.perf_counter()
    totals: Counter[str] = Counter()
    failures: list[dict[str, object]] = []
    jobs = [(start, min(BATCH, args.n - start), args.seed) for start in range(0, args.n, BATCH)]
    with get_context("spawn").Pool(args.jobs, initializer=_init, initargs=(fragments,)) as pool:
        for done, (counts, failed) in enumerate(pool.imap_unordered(run_batch, jobs), start=1):
            totals.update(counts)
            failures.extend(failed[: max(0, 20 - len(failures))])
            if done % 20 == 0:
                print(f"  {totals['inputs']:,} inputs, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(f"fuzz: {totals['inputs']:,} inputs from {len(fragments):,} fragments of {args.articles:,} corpus articles, "
          f"seed {args.seed}, {args.jobs} processes, {seconds:.0f} s ({totals['inputs'] / seconds:.0f} inputs/s)")  # fmt: skip
    for key in sorted(totals):
        if key != "inputs":
            print(f"  {key}: {totals[key]:,}")
    for key in ("reader: crash", "extract: crash", "extract: invalid offsets", "extract: non-verbatim spans"):
        print(f"  {key}: {totals[key]:,}")
    if args.keep and failures:
        args.keep.mkdir(parents=True, exist_ok=True)
        with (args.keep / "failures.jsonl").open("w", encoding="utf-8") as fh:
            for f in failures:
                fh.write(json.dumps(f) + "\n")
    bad = sum(totals[k] for k in ("reader: crash", "extract: crash", "extract: invalid offsets", "extract: non-verbatim spans"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
