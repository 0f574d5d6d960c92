#!/usr/bin/env python3
"""Corpus evidence for a rule: how often a frame occurs over the 31k-article corpus, and a random sample of its hits.

    python scripts/frames.py 'توغل(?:ت|وا)? (?:قوة|قوات|دورية)' 'نسف(?:ت)? (?:منزل|منازل|مبنى)' [--sample 12] [--seed 1]
    python scripts/frames.py --normalised 'عاد(?:ت|وا)? [^ ]+ (?:عائله|عائلات|نازح)'   # patterns over normalised text

Each pattern is a regular expression searched in every article (title line and text, as Marsad reads them); the
script prints the number of hits and of articles, then a random sample of hits in context, so that a frame's
precision can be read before it becomes a trigger, a cue or an actor form. The figures behind the resources'
headers and docs/quality.md come from this script. Articles of the ``check`` split of eval/ant are left out, so
that no rule is written from them.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gold import compose, corpus_records, split_of

from marsad.text.normalize import normalize_str

CONTEXT = 70


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("patterns", nargs="+")
    ap.add_argument("--sample", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--normalised", action="store_true", help="search Marsad's normalised text")
    a = ap.parse_args(argv)
    rows = corpus_records()
    checked = set()
    sample_file = Path(__file__).resolve().parents[1] / "eval" / "ant" / "sample.tsv"
    if sample_file.exists():
        checked = {
            line.split("\t")[0]
            for line in sample_file.read_text(encoding="utf-8").splitlines()[1:]
            if split_of(line.split("\t")[0]) == "check"
        }
    texts = []
    for cid, rec in rows.items():
        if cid in checked:
            continue
        text = compose(rec)
        texts.append((cid, normalize_str(text) if a.normalised else text))
    for pattern in a.patterns:
        rx = regex.compile(pattern)
        hits: list[tuple[str, str]] = []
        docs = 0
        for cid, text in texts:
            found = False
            for m in rx.finditer(text):
                found = True
                ctx = text[max(0, m.start() - CONTEXT) : m.end() + CONTEXT].replace("\n", " ¶ ")
                hits.append((cid, ctx))
            docs += found
        print(f"== {pattern}: {len(hits)} hits in {docs} articles")
        rng = random.Random(a.seed)
        for cid, ctx in rng.sample(hits, min(a.sample, len(hits))):
            print(f"   {cid:<34} {ctx}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
