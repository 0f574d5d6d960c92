#!/usr/bin/env python3
"""Fit the weights of the decision stage (src/marsad/resources/decisions.yaml) on annotated articles.

    python scripts/train_decisions.py [--sets tune,dev-wide,dev] [--l2 1.0] [--write]

Every record the engine would produce with no threshold (the hard filters still apply) is an example: 1 when the
shared scorer pairs it with a required gold event, 0 when it matches nothing (a duplicate of a found event counts
0: the threshold should drop it), left out when it only matches an optional one. A logistic regression with an L2
penalty (batch gradient descent, standard library only) fits one weight per feature of ``decide.FEATURES``; the
threshold ``keep_at`` is the one that maximises strict F1 over the same articles. The ``check`` split of eval/ant
is never used: judge the result there with ``scripts/evaluate.py``. ``--write`` rewrites decisions.yaml's
``bias``, ``features``, ``keep_at`` and ``trained`` (its header and filters are kept).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate as ev

from marsad.extract.decide import FEATURES
from marsad.extract.pipeline import Extractor, Settings

DECISIONS = Path(__file__).resolve().parents[1] / "src" / "marsad" / "resources" / "decisions.yaml"


def examples(set_names: list[str]) -> tuple[list[tuple[dict[str, bool], int]], int, list[str], dict[str, int]]:
    """(features, label) of every record of the sets, the number of required gold events, each example's document
    and each document's number of required events."""
    scorer = ev.load_scorer()
    reg = ev.registry(scorer)
    default = Extractor.default()
    extractor = Extractor(default.lexicon, default.gazetteer, default.rules, Settings(keep_all=True))
    out: list[tuple[dict[str, bool], int]] = []
    docs: list[str] = []
    per_doc: dict[str, int] = {}
    required = 0
    for name in set_names:
        if name == "check":
            raise SystemExit("the check split is never trained on")
        gs = ev.load_set(name, scorer)
        for doc_id, g in gs.docs.items():
            record, expl = extractor.explain(g["_text"], published=g.get("published"), doc_id=doc_id, outlet=g.get("outlet"))
            evs = record.to_contract()["events"]
            req = [x for x in g["events"] if not x.get("optional")]
            opt = [x for x in g["events"] if x.get("optional")]
            required += len(req)
            per_doc[doc_id] = len(req)

            def weight(gi: int, pi: int, req: list[Any] = req, evs: list[Any] = evs, g: Any = g) -> int:
                if not scorer.compatible(reg, evs[pi], req[gi]):
                    return 0
                return 1000 + sum(scorer.slot_checks(reg, g["_text"], evs[pi], req[gi]).values())

            used = set(scorer.best_pairing(len(req), len(evs), weight).values())
            for pi, feats in enumerate(expl.features):
                if pi in used:
                    out.append((feats, 1))
                    docs.append(doc_id)
                elif not any(scorer.compatible(reg, evs[pi], o) for o in opt):
                    out.append((feats, 0))
                    docs.append(doc_id)
    return out, required, docs, per_doc


def cross_validated(
    data: list[tuple[dict[str, bool], int]], docs: list[str], per_doc: dict[str, int], names: list[str], l2: float, k: int = 5
) -> float:
    """Strict F1 of the model fitted without each fold of documents, on that fold (folds by a hash of the id)."""
    tp = fp = required = 0
    for fold in range(k):
        def held(d: str, fold: int = fold) -> bool:
            return int(hashlib.sha256(d.encode()).hexdigest()[:8], 16) % k == fold
        train = [x for x, d in zip(data, docs, strict=True) if not held(d)]
        test = [x for x, d in zip(data, docs, strict=True) if held(d)]
        bias, weights = fit(train, names, l2, steps=1500)
        train_required = sum(n for d, n in per_doc.items() if not held(d))
        _, keep_at = best_threshold(train, bias, weights, train_required)
        for f, y in test:
            p = 1.0 / (1.0 + math.exp(-(bias + sum(w for n, w in weights.items() if f[n]))))
            if p >= keep_at:
                tp += y
                fp += 1 - y
        required += sum(n for d, n in per_doc.items() if held(d))
    return 2 * tp / (2 * tp + fp + (required - tp)) if required else 0.0


def fit(data: list[tuple[dict[str, bool], int]], names: list[str], l2: float, steps: int = 3000) -> tuple[float, dict[str, float]]:
    """Logistic regression by batch gradient descent; the bias is not penalised."""
    xs = [[1.0 if f[n] else 0.0 for n in names] for f, _ in data]
    ys = [y for _, y in data]
    w = [0.0] * len(names)
    b = 0.0
    rate = 0.5
    n = len(xs)
    for _ in range(steps):
        gw = [0.0] * len(names)
        gb = 0.0
        for x, y in zip(xs, ys, strict=True):
            z = b + sum(wi * xi for wi, xi in zip(w, x, strict=True))
            p = 1.0 / (1.0 + math.exp(-z))
            d = p - y
            gb += d
            for i, xi in enumerate(x):
                if xi:
                    gw[i] += d
        b -= rate * gb / n
        w = [wi - rate * (g / n + l2 * wi / n) for wi, g in zip(w, gw, strict=True)]
    return b, dict(zip(names, w, strict=True))


def best_threshold(data: list[tuple[dict[str, bool], int]], bias: float, weights: dict[str, float], required: int) -> tuple[float, float]:
    scored = sorted(
        ((1.0 / (1.0 + math.exp(-(bias + sum(w for n, w in weights.items() if f[n])))), y) for f, y in data),
        reverse=True,
    )
    best = (0.0, 0.5)
    tp = fp = 0
    for p, y in scored:
        tp += y
        fp += 1 - y
        f1 = 2 * tp / (2 * tp + fp + (required - tp)) if required else 0.0
        if f1 > best[0]:
            best = (f1, p)
    return best


def write(bias: float, weights: dict[str, float], keep_at: float, note: str) -> None:
    text = DECISIONS.read_text(encoding="utf-8")
    head = text[: text.index("\nbias:")]
    lines = [f"bias: {bias:.3f}", "features:"]
    lines += [f"  {n}: {w:.3f}" for n, w in weights.items()]
    lines += [f"keep_at: {keep_at:.3f}", f"trained: {json.dumps(note)}"]
    DECISIONS.write_text(head + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="tune,dev-wide,dev")
    ap.add_argument("--l2", type=float, default=20.0, help="L2 penalty (20: the best of 1-80 by cross-validation)")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--exclude", default="", help="features left out of the model (comma-separated)")
    ap.add_argument("--cv", action="store_true", help="also report 5-fold cross-validated F1 (folds of documents)")
    a = ap.parse_args(argv)
    sets = [s for s in a.sets.split(",") if s]
    data, required, docs, per_doc = examples(sets)
    left_out = {x for x in a.exclude.split(",") if x}
    names = [n for n in FEATURES if n not in left_out]
    bias, weights = fit(data, names, a.l2)
    f1, keep_at = best_threshold(data, bias, weights, required)
    positives = sum(y for _, y in data)
    print(f"{len(data)} examples ({positives} found events, {len(data) - positives} false), {required} required gold events")
    for n, w in sorted(weights.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {n:<28} {w:+.3f}")
    print(f"bias {bias:+.3f}; best keep_at {keep_at:.3f}: strict F1 {f1:.3f} on the training articles")
    if a.cv:
        print(f"5-fold cross-validated strict F1 (folds of documents): {cross_validated(data, docs, per_doc, names, a.l2):.3f}")
    if a.write:
        note = (
            f"scripts/train_decisions.py --sets {a.sets} --l2 {a.l2} on {date.today().isoformat()}: {len(data)} examples, "
            f"F1 {f1:.3f} on them"
        )
        write(bias, weights, keep_at, re.sub(r"\s+", " ", note))
        print(f"wrote {DECISIONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
