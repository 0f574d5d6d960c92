"""Gazetteer benchmark: load time and memory, find_mentions and resolve_all speed, lookups per second, and
the accuracy of the place-expression table (tests/geo/place_table.tsv).

    .venv/bin/python benchmarks/geo_bench.py [--articles 1000] [--corpus ../shared/data/corpus/ant-2018.jsonl.gz]

Prints one line per figure. The corpus is read only here (never at run time).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
    )
    ap.add_argument("--top", type=int, default=0, help="print the N most frequent matched names")
    args = ap.parse_args()

    from marsad.text.normalize import normalize

    base = rss_mb()
    t0 = time.perf_counter()
    from marsad.geo import default_gazetteer

    gaz = default_gazetteer()
    load_s = time.perf_counter() - t0
    print(
        f"load: {load_s * 1000:.0f} ms, {len(gaz):,} places, RSS +{rss_mb() - base:.0f} MB (max RSS {rss_mb():.0f} MB)"
    )

    texts: list[str] = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 7:
                continue
            texts.append(normalize(json.loads(line)["text"]).text)
            if len(texts) >= args.articles:
                break
    chars = sum(map(len, texts))
    # the peer, measured in the same run: the lexicon's scan for event words over the same texts (the rest of the
    # engine's per-article work); the ratio of the two is comparable across runs and machines
    from marsad.lexicon.compiled import default_lexicon

    lexicon = default_lexicon()
    lexicon.scan_triggers(texts[0])
    t0 = time.perf_counter()
    for t in texts:
        lexicon.scan_triggers(t)
        lexicon.scan_context(t)
    peer = time.perf_counter() - t0
    print(f"peer (lexicon scan of the same texts): {peer * 1000 / len(texts):.3f} ms/article")
    gaz.find_mentions(texts[0])
    t0 = time.perf_counter()
    found = [gaz.find_mentions(t) for t in texts]
    dt = time.perf_counter() - t0
    n_m = sum(len(f) for f in found)
    print(
        f"find_mentions: {len(texts)} articles, {chars / len(texts):.0f} chars avg, "
        f"{dt * 1000 / len(texts):.3f} ms/article, {dt * 1e6 / chars * 1500:.0f} us per 1,500 chars, "
        f"{n_m / len(texts):.2f} mentions/article, {dt / peer:.2f}x the peer"
    )
    t0 = time.perf_counter()
    for f in found:
        gaz.resolve_all(f)
    dt = time.perf_counter() - t0
    print(f"resolve_all: {dt * 1000 / len(texts):.3f} ms/article, {n_m / dt:,.0f} mentions/s")
    queries = [
        "الحسكة",
        "ريف دير الزور الشرقي",
        "مخيم الهول",
        "Khan Yunis",
        "Al-Hasakeh",
        "الموصل",
        "حي غويران",
    ]
    for q in queries:  # the first call builds the query indexes
        gaz.lookup(q)
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 1.0:
        for q in queries:
            gaz.lookup(q)
            n += 1
    print(f"lookup: {n / (time.perf_counter() - t0):,.0f} lookups/s")

    sys.path.insert(0, str(ROOT / "tests" / "geo"))
    from table import load_table, score  # type: ignore[import-not-found]

    cases = load_table()
    place_acc, full_acc, _ = score(gaz, cases)
    print(f"table: {len(cases)} expressions, place {place_acc:.1%}, place+precision {full_acc:.1%}")
    if args.top:
        norm_counts: Counter[str] = Counter()
        for t, f in zip(texts, found, strict=True):
            for m in f:
                norm_counts[("?" if not m.candidates else "") + t[m.head_start : m.head_end]] += 1
        for name, c in norm_counts.most_common(args.top):
            print(f"  {c:5d} {name}")


if __name__ == "__main__":
    main()
