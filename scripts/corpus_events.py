#!/usr/bin/env python3
"""The engine's events over corpus articles, and the difference between two such runs.

    python scripts/corpus_events.py run OUT.jsonl [--limit 5000] [--category news]   # extract, one record a line
    python scripts/corpus_events.py diff BEFORE.jsonl AFTER.jsonl [--sample 30]      # what a change did

``run`` extracts the first ``--limit`` articles of the corpus (title line and text, as the JSON Lines reader
composes them), leaving out the ``check`` split of eval/ant so that no rule is judged on it; ``diff`` counts the
events gained and lost (by type) and prints a random sample of each with its evidence, so that a change is read
on articles no gold file covers. Comparing two commits: check out each, ``run``, then ``diff``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gold import compose, corpus_records, split_of

NEWS = {"middleEast", "internationalNews"}


def run(out: Path, limit: int, category: str) -> int:
    from marsad.extract.pipeline import Extractor

    extractor = Extractor.default()
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for cid, rec in corpus_records().items():
            if split_of(cid) == "check" or (category == "news" and rec.get("category") not in NEWS):
                continue
            record = extractor.extract(
                compose(rec), published=str(rec.get("published") or "")[:10] or None, doc_id=cid,
                outlet=str(rec.get("outlet") or ""), title=str(rec.get("title") or "") or None,
            )
            fh.write(json.dumps(record.to_contract(), ensure_ascii=False) + "\n")
            n += 1
            if n >= limit:
                break
    print(f"{n} articles extracted into {out}", file=sys.stderr)
    return 0


def _key(e: dict[str, Any]) -> tuple[str, str, str, str]:
    loc = (e.get("location") or {}).get("name") or "-"
    a1 = (e.get("actor1") or {}).get("id") or "-"
    return e["event_type"], e["sub_event_type"], loc, a1


def _show(doc: str, e: dict[str, Any]) -> str:
    ev = " | ".join(s["text"][:90] for s in e.get("evidence", [])[:2])
    t, st, loc, a1 = _key(e)
    return f"  {doc}: {t}/{st} {a1} at {loc}: «{ev}»"


def diff(before: Path, after: Path, sample: int) -> int:
    def load(p: Path) -> dict[str, list[dict[str, Any]]]:
        return {d["doc_id"]: d["events"] for d in map(json.loads, p.read_text(encoding="utf-8").splitlines())}

    b, a = load(before), load(after)
    gained: list[tuple[str, dict[str, Any]]] = []
    lost: list[tuple[str, dict[str, Any]]] = []
    for doc in sorted(set(a) | set(b)):
        kb = Counter(_key(e) for e in b.get(doc, []))
        ka = Counter(_key(e) for e in a.get(doc, []))
        for e in a.get(doc, []):
            if ka[_key(e)] > kb[_key(e)]:
                gained.append((doc, e))
                ka[_key(e)] -= 1
        for e in b.get(doc, []):
            if kb[_key(e)] > Counter(_key(x) for x in a.get(doc, []))[_key(e)]:
                lost.append((doc, e))
                kb[_key(e)] -= 1
    nb, na = sum(map(len, b.values())), sum(map(len, a.values()))
    print(f"events: {nb} -> {na} over {len(a)} articles; {len(gained)} gained, {len(lost)} lost")
    for name, items in (("gained", gained), ("lost", lost)):
        by_type = Counter(e["event_type"] for _, e in items)
        print(f"{name} by type: {dict(by_type.most_common())}")
        rng = random.Random(1)
        for doc, e in rng.sample(items, min(sample, len(items))):
            print(_show(doc, e))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("out", type=Path)
    r.add_argument("--limit", type=int, default=5000)
    r.add_argument("--category", choices=("news", "all"), default="news")
    d = sub.add_parser("diff")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("--sample", type=int, default=30)
    a = ap.parse_args(argv)
    if a.cmd == "run":
        return run(a.out, a.limit, a.category)
    return diff(a.before, a.after, a.sample)


if __name__ == "__main__":
    sys.exit(main())
