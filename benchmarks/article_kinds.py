"""Where the engine's time goes, by what each corpus article turns out to be: how far the engine goes in it.

    .venv/bin/python benchmarks/article_kinds.py                 # all 31,517 articles (about a minute)
    .venv/bin/python benchmarks/article_kinds.py --limit 5000

Each article is extracted as ``marsad.extract`` does it, with the document state (``build_state``) and the
candidate stage timed apart; then, untimed, the article is put in one row of the table by where the engine stops:

- no event word (the first pass finds none);
- event words, but no place name the gazetteer finds;
- places found, but none kept more precise than a country (``Gazetteer.only_countries``; or after the filters
  and the resolution, or when the only event words are times of day, "فجر السبت");
- a document state built, and no event kept;
- at least one event kept.

Printed: articles, seconds of each stage, µs an article, and each row's share of the engine's time. No peer is
timed here (``throughput.py`` does that): the table says which articles a speed change must reach. The corpus
(``../shared/data/corpus/ant-2018.jsonl.gz``) is read only here.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import CORPUS, articles

ROWS = (
    "no event word",
    "event words, no place name found",
    "places, none kept more precise than a country",
    "a document state, no event kept",
    "at least one event kept",
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles (default: all)")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help=f"JSON Lines (.gz) corpus (default: {CORPUS})")
    args = ap.parse_args(argv)

    from functools import partial

    from marsad.extract.document import build_state, first_pass_names
    from marsad.extract.pipeline import Extractor
    from marsad.lexicon.first_pass import GROUPS
    from marsad.text.normalize import normalize

    ex = Extractor.default()
    first_pass = ex.first_pass
    assert first_pass is not None  # (the default extractor finds event words and place names in one pass)
    ex.extract("قصف مدفعي على بلدة كفرنبل بريف إدلب الجنوبي", published="2020-01-01")  # (loads, untimed)
    gc.freeze()
    count = [0] * len(ROWS)
    state_s = [0.0] * len(ROWS)
    cand_s = [0.0] * len(ROWS)
    clock = time.perf_counter
    for a in articles(args.corpus, args.limit):
        t0 = clock()
        state = build_state(
            a.text,
            doc_id=a.doc_id,
            outlet=a.outlet,
            published=_date(a.published),
            lexicon=ex.lexicon,
            gazetteer=ex.gazetteer,
            require_places=not ex.settings.keep_unplaced,
            first_pass=first_pass,
        )
        t1 = clock()
        kept = ex._candidates(state)
        t2 = clock()
        if kept:
            row = 4
        elif state.triggers:
            row = 3
        else:
            text = normalize(a.text).text
            marks: list[tuple[int, str]] = []
            groups = first_pass.find_groups(text, GROUPS, marks)
            if not groups[0]:
                row = 0
            elif not ex.gazetteer.find_mentions(text, names=(groups[1], marks, partial(first_pass_names, first_pass))):
                row = 1
            else:
                row = 2
        count[row] += 1
        state_s[row] += t1 - t0
        cand_s[row] += t2 - t1
    total = sum(state_s) + sum(cand_s)
    n = sum(count)
    print(f"{n:,} articles of {args.corpus.name}; engine {total:.2f} s ({1e6 * total / max(n, 1):.0f} µs an article)")
    print("| articles | count | state s | candidates s | µs an article | share of the time |")
    print("|---|---:|---:|---:|---:|---:|")
    for i, name in enumerate(ROWS):
        spent = state_s[i] + cand_s[i]
        each = 1e6 * spent / count[i] if count[i] else 0.0
        share = 100 * spent / total if total else 0.0
        print(f"| {name} | {count[i]:,} | {state_s[i]:.2f} | {cand_s[i]:.2f} | {each:.0f} | {share:.0f} % |")
    return 0


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


if __name__ == "__main__":
    raise SystemExit(main())
