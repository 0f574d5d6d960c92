"""How extraction time grows with the length of one document: the curve from 10 KB to 1 MB and its exponent.

    .venv/bin/python benchmarks/scaling.py                       # 10 KB ... 1 MB, and a 200,000-character sentence
    .venv/bin/python benchmarks/scaling.py --sizes 10000,100000 --sentence 50000

Figures printed (no assertions; docs/performance.md records them):

- for each size, one document made of consecutive news articles of the corpus joined by blank lines, timed as
  one call of ``Extractor.extract``, against its peer in the same run: the same articles extracted one by one
  (the sum of their times). The two sides alternate ``--repeat`` times and the best of each is kept. A linear
  engine keeps the ratio near 1 at every size;
- the exponent ``k`` of ``time ~ size^k`` fitted by least squares on the logarithms of the one-document times
  (1 is linear, 2 quadratic);
- one sentence without punctuation: the same articles with every sentence mark and line break replaced by a
  space, cut at ``--sentence`` characters (the worst case of the stages that work per sentence).

The corpus (``../shared/data/corpus/ant-2018.jsonl.gz``) is read as ``benchmarks/throughput.py`` reads it; the
resources are loaded (with a warm-up article) before anything is timed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
NEWS = {"middleEast", "internationalNews"}
SIZES = (10_000, 30_000, 100_000, 300_000, 1_000_000)
# sentence marks and line breaks (what the segmenter cuts at), replaced by spaces for the one-sentence case
_SENTENCE_MARKS = re.compile(r"[.!?؟؛;:\n\r\u06d4…]+")


def news_texts(path: Path) -> Iterator[str]:
    """The texts of the corpus's news articles, in file order (title line, then the body)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if obj.get("category") not in NEWS:
                continue
            text = (obj.get("text") or "").replace("\r\n", "\n")
            title = (obj.get("title") or "").strip()
            if title and not text.lstrip().startswith(title):
                text = f"{title}\n{text}"
            if text.strip():
                yield text


def parts_of(texts: Iterator[str], size: int) -> list[str]:
    """Consecutive articles until their joined length reaches ``size`` characters."""
    out: list[str] = []
    total = 0
    for t in texts:
        out.append(t)
        total += len(t) + 2
        if total >= size:
            break
    return out


def fit_exponent(points: list[tuple[int, float]]) -> float:
    """The slope of log(time) against log(size), by least squares."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-9)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="document sizes in characters")
    ap.add_argument("--sentence", type=int, default=200_000, help="length of the unpunctuated sentence (0: skip)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=2, help="rounds of both sides; the best time of each is kept")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    from marsad.extract.pipeline import Extractor

    extractor = Extractor.default()
    t0 = time.perf_counter()
    extractor.extract(next(news_texts(args.corpus)), published="2018-06-01")
    print(f"resources loaded in {time.perf_counter() - t0:.2f} s (not timed below)\n")

    def timed(text: str) -> tuple[float, int]:
        t = time.perf_counter()
        record = extractor.extract(text, published="2018-06-01", doc_id="scaling")
        return time.perf_counter() - t, len(record.events)

    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"{'size (chars)':>12} {'articles':>8} {'one document':>13} {'one by one':>11} {'ratio':>6} "
          f"{'events (one doc / parts)':>25}")
    points: list[tuple[int, float]] = []
    for size in sizes:
        parts = parts_of(news_texts(args.corpus), size)
        doc = "\n\n".join(parts)
        one = each = float("inf")
        for _ in range(args.repeat):  # the two sides alternate; the best of each is kept (a shared VM drifts)
            took, n_one = timed(doc)
            one = min(one, took)
            total = 0.0
            n_each = 0
            for p in parts:
                s, n = timed(p)
                total += s
                n_each += n
            each = min(each, total)
        points.append((len(doc), one))
        print(f"{len(doc):>12,} {len(parts):>8,} {one:>12.3f}s {each:>10.3f}s {one / each:>5.2f}x "
              f"{n_one:>12} / {n_each:<10}")
    if len(points) >= 2:
        print(f"\nexponent of time ~ size^k, fitted on the one-document times: k = {fit_exponent(points):.2f}")
    if args.sentence:
        flat = " ".join(" ".join(_SENTENCE_MARKS.sub(" ", t).split()) for t in parts_of(
            news_texts(args.corpus), args.sentence * 2))[: args.sentence]
        took, n = timed(flat)
        print(f"one sentence of {len(flat):,} characters without punctuation: {took:.3f} s ({n} events)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
