#!/usr/bin/env python3
"""Score Marsad on a folder of gold files: strict and relaxed event F1 and slot accuracies.

    python scripts/evaluate.py [GOLD_DIR ...] [--scorer ../shared/eval/score.py] [--pred-out FILE] [--verbose]

Each gold file `<doc_id>.gold.json` names its article (`text_file`) and its publication date and outlet; the
articles are extracted with `marsad.extract` and the shared scorer compares the result with the gold.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import marsad

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "dev"
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("marsad_eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(gold_dirs: list[Path]) -> list[dict[str, object]]:
    out = []
    for d in gold_dirs:
        for g in sorted(d.glob("*.gold.json")):
            gold = json.loads(g.read_text(encoding="utf-8"))
            text = (g.parent / gold["text_file"]).read_text(encoding="utf-8")
            record = marsad.extract(
                text, published=gold.get("published"), doc_id=gold["doc_id"], outlet=gold.get("outlet")
            )
            out.append(record.to_contract())
    return out


def evaluate(gold_dirs: list[Path], scorer_path: Path) -> dict[str, object]:
    """The scorer's result dict (event_f1, relaxed_f1, precision, recall, slots, per_doc)."""
    scorer = load_scorer(scorer_path)
    preds = predict(gold_dirs)
    with tempfile.TemporaryDirectory() as tmp:
        pred_file = Path(tmp) / "pred.jsonl"
        pred_file.write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8"
        )
        registry = scorer.Registry(scorer_path.parent / "actors.json")
        golds = scorer.load_gold([str(d) for d in gold_dirs])
        by_id = {p["doc_id"]: p for p in preds}
        result: dict[str, object] = scorer.score(golds, by_id, registry)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="*", type=Path, default=[DEFAULT_GOLD])
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--pred-out", type=Path, help="also write the predictions (JSON Lines) here")
    ap.add_argument("--verbose", action="store_true", help="per-document counts, misses and spurious events")
    a = ap.parse_args(argv)
    if a.pred_out:
        preds = predict(a.gold)
        a.pred_out.write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8"
        )
    res = evaluate(a.gold, a.scorer)
    if a.verbose:
        for d in res["per_doc"]:  # type: ignore[union-attr]
            print(
                f"{d['doc_id']}: tp={d['tp']} fp={d['fp']} fn={d['fn']} missed={d['missed']} spurious={d['spurious']}"
            )
    for k, v in res["slots"].items():  # type: ignore[union-attr]
        print(f"slot {k}: {v['accuracy']:.2f} of {v['n']}")
    print(f"relaxed_f1={res['relaxed_f1']:.3f}")
    print(
        f"event_f1={res['event_f1']:.3f} precision={res['precision']:.3f} recall={res['recall']:.3f} "
        f"documents={res['documents']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
