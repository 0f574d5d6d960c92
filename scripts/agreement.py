#!/usr/bin/env python3
"""Inter-annotator agreement on the articles of eval/ant annotated twice, with the shared scorer.

    python3 scripts/agreement.py [--first eval/ant/gold] [--second eval/ant/second] [--verbose] [--json]

Each annotation in turn plays the gold and the other the prediction (its required events, in the contract's shape:
the first sub-type, actor and place it lists); the figure reported is the mean of the two directions' strict F1, as
the shared scorer (``../shared/eval/score.py``) computes it, with the registry and the project's proposals. Only
the standard library and the scorer are used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gold import ANT_DIR, article
from evaluate import load_scorer, registry


def as_prediction(gold: dict[str, Any], text: str) -> dict[str, Any]:
    """A gold file's required events as an extractor's record."""
    events = []
    for e in gold["events"]:
        if e.get("optional"):
            continue
        loc = e.get("location") or {}
        name = (loc.get("places") or [None])[0] or loc.get("admin2") or loc.get("admin1") or ""
        start = text.find(e["evidence"])
        events.append(
            {
                "event_type": e["event_type"],
                "sub_event_type": e["sub_event_type"][0],
                "actor1": {"id": e["actor1"][0]} if e.get("actor1") else None,
                "actor2": {"id": e["actor2"][0]} if e.get("actor2") else None,
                "location": {"name": name, "admin1": loc.get("admin1"), "admin2": loc.get("admin2")},
                "date": {"start": (e.get("date") or {}).get("start")},
                "quantities": e.get("quantities", []),
                "attribution": {"name": (e.get("attribution") or [""])[0]},
                "modality": e.get("modality", "asserted"),
                "evidence": [{"start": start, "end": start + len(e["evidence"]), "text": e["evidence"]}],
            }
        )
    return {"doc_id": gold["doc_id"], "events": events}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--first", type=Path, default=ANT_DIR / "gold")
    ap.add_argument("--second", type=Path, default=ANT_DIR / "second")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    scorer = load_scorer()
    reg = registry(scorer)
    pairs = []
    for f in sorted(a.second.glob("*.gold.json")):
        g1 = a.first / f.name
        if not g1.exists():
            continue
        b = json.loads(f.read_text(encoding="utf-8"))
        first = json.loads(g1.read_text(encoding="utf-8"))
        text = str(article(first["corpus_id"], first["corpus"])["document"])
        first["_text"] = b["_text"] = text
        pairs.append((first, b, text))
    results = {}
    for direction, (gi, pi) in {"first as gold": (0, 1), "second as gold": (1, 0)}.items():
        golds = {p[gi]["doc_id"]: p[gi] for p in pairs}
        preds = {p[pi]["doc_id"]: as_prediction(p[pi], p[2]) for p in pairs}
        results[direction] = scorer.score(golds, preds, reg)
    f1 = sum(r["event_f1"] for r in results.values()) / len(results)
    relaxed = sum(r["relaxed_f1"] for r in results.values()) / len(results)
    if a.json:
        print(json.dumps({"articles": len(pairs), "strict_f1": f1, "relaxed_f1": relaxed,
                          "directions": {k: {x: v[x] for x in ("event_f1", "relaxed_f1", "counts")} for k, v in results.items()}}, indent=1))
        return 0
    if a.verbose:
        for d in results["first as gold"]["per_doc"]:
            print(f"{d['doc_id']}: tp={d['tp']} fp={d['fp']} fn={d['fn']} missed={d['missed']} spurious={d['spurious']}")
    for k, r in results.items():
        c = r["counts"]
        print(f"{k}: strict F1 {r['event_f1']:.3f} (tp {c['tp']}, fp {c['fp']}, fn {c['fn']}), relaxed {r['relaxed_f1']:.3f}")
    print(f"inter-annotator agreement over {len(pairs)} articles: strict F1 {f1:.3f}, relaxed {relaxed:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
