#!/usr/bin/env python3
"""Score Marsad against gold annotations with the shared scorer, on several sets side by side.

    python scripts/evaluate.py                                  # dev, dev-wide, tune and check side by side
    python scripts/evaluate.py --sets dev-wide --by-type --by-outlet
    python scripts/evaluate.py --sets tune --errors             # every error of a set, by cause
    python scripts/evaluate.py ../shared/eval/dev --verbose     # any folder(s) of gold files
    python scripts/evaluate.py --json                           # the figures as JSON

Sets: ``dev`` and ``dev-wide`` are the shared folders; ``tune`` and ``check`` are the annotated ANT articles of
``eval/ant/gold`` split by a hash of their corpus id (``scripts/corpus_gold.py``). ``check`` is only ever
scored: its errors are counted by cause, never listed, unless ``--show-check`` is given by someone who does not
write rules. The headline figures are the shared scorer's own (``score.py``'s ``score``); the per-type, per-outlet
and error-cause figures come from the same pairing (its ``best_pairing`` over its ``compatible`` test).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_native
from corpus_gold import ANT_DIR, PROPOSED, article, split_of

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_GOLD = SHARED / "eval" / "dev"
DEFAULT_SCORER = SHARED / "eval" / "score.py"
SET_NAMES = ("dev", "dev-wide", "tune", "check")
NON_NEWS = {"economy", "sport", "culture", "technology"}
TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
    "Humanitarian",
)

Gold = dict[str, Any]
Pred = dict[str, Any]


def load_scorer(path: Path = DEFAULT_SCORER) -> ModuleType:
    spec = importlib.util.spec_from_file_location("marsad_eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class GoldSet:
    """Gold documents (each with its text under ``_text``) of one named set."""

    name: str
    docs: dict[str, Gold]
    category: dict[str, str] = field(default_factory=dict)  # corpus section of each document, where known


def corpus_gold_docs(split: str | None, gold_dir: Path = ANT_DIR / "gold") -> tuple[dict[str, Gold], dict[str, str]]:
    """The annotated corpus articles of one split (None: all), their texts read from the corpus. A gold file whose
    evidence no longer stands in its article is an error: the corpus or the annotation changed."""
    docs: dict[str, Gold] = {}
    category: dict[str, str] = {}
    for f in sorted(gold_dir.glob("*.gold.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        cid = g["corpus_id"]
        if split is not None and split_of(cid) != split:
            continue
        rec = article(cid, g["corpus"])
        text = str(rec["document"])
        for e in g["events"]:
            if e["evidence"] not in text:
                raise SystemExit(f"{f}: evidence of {e['id']} is not in the article any more: {e['evidence'][:60]!r}")
        g["_text"] = text
        docs[g["doc_id"]] = g
        category[g["doc_id"]] = str(rec.get("category") or "")
    return docs, category


def load_set(name: str, scorer: ModuleType) -> GoldSet:
    if name in {"dev", "dev-wide"}:
        return GoldSet(name, scorer.load_gold([str(SHARED / "eval" / name)]))
    if name in {"tune", "check", "ant"}:
        docs, category = corpus_gold_docs(None if name == "ant" else name)
        return GoldSet(name, docs, category)
    path = Path(name)
    return GoldSet(path.name or name, scorer.load_gold([str(path)]))


def predict(docs: dict[str, Gold], all_candidates: bool = False) -> dict[str, Pred]:
    """The engine's record of each gold document, in the contract's shape (with ``all_candidates``, every candidate
    the generation rules make, whatever its confidence: the ceiling the ranking works under)."""
    from marsad.extract.pipeline import Extractor, Settings

    extractor = Extractor.default()
    if all_candidates:
        extractor = Extractor(extractor.lexicon, extractor.gazetteer, extractor.rules, Settings(keep_all=True))
    out: dict[str, Pred] = {}
    for doc_id, g in docs.items():
        record = extractor.extract(g["_text"], published=g.get("published"), doc_id=doc_id, outlet=g.get("outlet"))
        out[doc_id] = record.to_contract()
    return out


def registry(scorer: ModuleType) -> Any:
    """The shared registry, with the actors and sources this project proposes for its corpus annotations."""
    data = json.loads((DEFAULT_SCORER.parent / "actors.json").read_text(encoding="utf-8"))
    if PROPOSED.exists():
        extra = json.loads(PROPOSED.read_text(encoding="utf-8"))
        data["actors"].update(extra.get("actors", {}))
        data["sources"].update(extra.get("sources", {}))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "actors.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return scorer.Registry(path)


# ----------------------------------------------------------------------------------------------- analysis


@dataclass
class Analysis:
    """Counts by event type and outlet, and the errors by cause, from the scorer's pairing."""

    by_type: dict[str, Counter[str]] = field(default_factory=dict)
    by_outlet: dict[str, Counter[str]] = field(default_factory=dict)
    causes: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    nonnews_docs: int = 0
    nonnews_false: int = 0


def _summary_gold(g: Gold) -> str:
    loc = g["location"]
    place = ", ".join(loc.get("places") or []) or loc.get("admin2") or loc.get("admin1") or "-"
    return (
        f"{g['event_type']}/{'|'.join(g['sub_event_type'])} actor1={g['actor1'] or '-'} at {place}"
        f" «{g['evidence'][:80]}»"
    )


def _summary_pred(e: Pred, text: str) -> str:
    loc = e.get("location") or {}
    a1 = (e.get("actor1") or {}).get("id")
    spans = e.get("evidence") or [{}]
    quote = text[spans[0].get("start", 0) : spans[0].get("end", 0)][:80]
    return f"{e.get('event_type')}/{e.get('sub_event_type')} actor1={a1} at {loc.get('name')} «{quote}»"


def _miss_cause(reg: Any, scorer: ModuleType, g: Gold, evs: list[Pred], free: Iterable[int]) -> tuple[str, int | None]:
    """Why a gold event found no partner: the nearest unpaired prediction and what it got wrong."""
    best: tuple[int, str, int | None] = (0, "missed", None)
    for pi in free:
        e = evs[pi]
        same_type = e.get("event_type") == g["event_type"]
        sub = e.get("sub_event_type") in g["sub_event_type"]
        place = scorer.location_match(e.get("location"), g["location"])
        actor = scorer.actor_match(reg, e, g)
        if same_type and place and actor and not sub:
            rank = (3, "sub-type")
        elif same_type and sub and actor and not place:
            rank = (3, "place")
        elif same_type and sub and place and not actor:
            rank = (3, "actor")
        elif place and actor and not same_type:
            rank = (2, "type")
        elif same_type and (place or actor):
            rank = (1, "several slots")
        else:
            continue
        if rank[0] > best[0]:
            best = (rank[0], rank[1], pi)
    return best[1], best[2]


def analyse(gs: GoldSet, preds: dict[str, Pred], reg: Any, scorer: ModuleType) -> Analysis:
    out = Analysis(by_type={t: Counter() for t in TYPES})
    for doc_id, g in gs.docs.items():
        evs = [e for e in preds.get(doc_id, {}).get("events", []) if isinstance(e, dict)]
        req = [x for x in g["events"] if not x.get("optional")]
        opt = [x for x in g["events"] if x.get("optional")]

        def weight(gi: int, pi: int, req: list[Gold] = req, evs: list[Pred] = evs, g: Gold = g) -> int:
            if not scorer.compatible(reg, evs[pi], req[gi]):
                return 0
            return 1000 + sum(scorer.slot_checks(reg, g["_text"], evs[pi], req[gi]).values())

        pairs = scorer.best_pairing(len(req), len(evs), weight)
        used = set(pairs.values())
        outlet = str(g.get("outlet") or "?")
        oc = out.by_outlet.setdefault(outlet, Counter())
        for gi, ge in enumerate(req):
            tc = out.by_type.setdefault(ge["event_type"], Counter())
            if gi in pairs:
                tc["tp"] += 1
                oc["tp"] += 1
            else:
                tc["fn"] += 1
                oc["fn"] += 1
        spurious = [
            pi for pi in range(len(evs)) if pi not in used and not any(scorer.compatible(reg, evs[pi], o) for o in opt)
        ]
        for pi in spurious:
            out.by_type.setdefault(str(evs[pi].get("event_type")), Counter())["fp"] += 1
            oc["fp"] += 1
        explained: set[int] = set()
        for gi, ge in enumerate(req):
            if gi in pairs:
                continue
            cause, pi = _miss_cause(reg, scorer, ge, evs, [p for p in spurious if p not in explained])
            if pi is not None:
                explained.add(pi)
            out.causes[cause] += 1
            out.errors.append(
                {"doc": doc_id, "cause": cause, "gold": _summary_gold(ge),
                 "pred": _summary_pred(evs[pi], g["_text"]) if pi is not None else None}
            )
        for pi in spurious:
            if pi in explained:
                continue
            e = evs[pi]
            twin = any(
                scorer.relaxed(reg, e, req[gi]) and e.get("event_type") == req[gi]["event_type"] for gi in pairs
            )
            cause = "duplicate" if twin else "spurious"
            out.causes[cause] += 1
            out.errors.append({"doc": doc_id, "cause": cause, "gold": None, "pred": _summary_pred(e, g["_text"])})
        if gs.category.get(doc_id) in NON_NEWS:
            out.nonnews_docs += 1
            out.nonnews_false += len(spurious)
    return out


def f1(c: Counter[str]) -> tuple[float, float, float]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ------------------------------------------------------------------------------------------------ running


def evaluate(gold_dirs: list[Path], scorer_path: Path = DEFAULT_SCORER) -> dict[str, Any]:
    """The scorer's result dict (event_f1, relaxed_f1, precision, recall, slots, per_doc) over gold folders."""
    scorer = load_scorer(scorer_path)
    docs: dict[str, Gold] = scorer.load_gold([str(d) for d in gold_dirs])
    result: dict[str, Any] = scorer.score(docs, predict(docs), registry(scorer))
    return result


def run_set(
    gs: GoldSet, scorer: ModuleType, reg: Any, all_candidates: bool = False
) -> tuple[dict[str, Any], Analysis, dict[str, Pred]]:
    preds = predict(gs.docs, all_candidates)
    return scorer.score(gs.docs, preds, reg), analyse(gs, preds, reg, scorer), preds


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))) for r in rows)


def report(results: dict[str, tuple[dict[str, Any], Analysis]], by_type: bool, by_outlet: bool) -> str:
    names = list(results)
    rows = [["set", "docs", "required", "strict F1", "P", "R", "relaxed F1", "false/100 non-news"]]
    for n in names:
        res, an = results[n]
        c = res["counts"]
        nn = f"{100 * an.nonnews_false / an.nonnews_docs:.0f} ({an.nonnews_docs})" if an.nonnews_docs else "-"
        rows.append([n, str(res["documents"]), str(c["tp"] + c["fn"]), f"{res['event_f1']:.3f}",
                     f"{res['precision']:.3f}", f"{res['recall']:.3f}", f"{res['relaxed_f1']:.3f}", nn])
    out = [_table(rows)]
    slots = sorted({k for res, _ in results.values() for k in res["slots"]})
    rows = [["slot accuracy", *names]]
    for k in slots:
        rows.append([k, *(f"{results[n][0]['slots'][k]['accuracy']:.2f} ({results[n][0]['slots'][k]['n']})"
                          if k in results[n][0]["slots"] else "-" for n in names)])
    out.append(_table(rows))
    rows = [["errors by cause", *names]]
    causes = sorted({k for _, an in results.values() for k in an.causes})
    rows += [[k, *(str(results[n][1].causes.get(k, 0)) for n in names)] for k in causes]
    out.append(_table(rows))
    if by_type:
        rows = [["strict F1 by type (tp/fp/fn)", *names]]
        for t in TYPES:
            cells = []
            for n in names:
                c = results[n][1].by_type.get(t, Counter())
                cells.append(f"{f1(c)[2]:.2f} ({c['tp']}/{c['fp']}/{c['fn']})" if sum(c.values()) else "-")
            rows.append([t, *cells])
        out.append(_table(rows))
    if by_outlet:
        for n in names:
            rows = [[f"{n}: by outlet", "F1", "tp", "fp", "fn"]]
            for o, c in sorted(results[n][1].by_outlet.items(), key=lambda kv: -sum(kv[1].values())):
                rows.append([o[:40], f"{f1(c)[2]:.2f}", str(c["tp"]), str(c["fp"]), str(c["fn"])])
            out.append(_table(rows))
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="*", type=Path, help="gold folders (instead of --sets)")
    ap.add_argument("--sets", default=",".join(SET_NAMES), help=f"comma-separated, of {', '.join(SET_NAMES)}")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--by-type", action="store_true", help="strict F1 per event type")
    ap.add_argument("--by-outlet", action="store_true", help="strict F1 per outlet")
    ap.add_argument("--errors", action="store_true", help="list every error of the sets by cause")
    ap.add_argument("--show-check", action="store_true", help="also list the errors of the check split")
    ap.add_argument("--verbose", action="store_true", help="per-document counts, misses and spurious events")
    ap.add_argument("--pred-out", type=Path, help="also write the predictions (JSON Lines) here")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--all-candidates", action="store_true", help="score every candidate, whatever its confidence")
    a = ap.parse_args(argv)
    stale = build_native.stale_message()
    if stale:  # the figures would be the old code's
        print(f"error: {stale}", file=sys.stderr)
        return 2
    scorer = load_scorer(a.scorer)
    reg = registry(scorer)
    names: list[str] = [str(p) for p in a.gold] if a.gold else [s for s in a.sets.split(",") if s]
    results: dict[str, tuple[dict[str, Any], Analysis]] = {}
    all_preds: list[Pred] = []
    for name in names:
        gs = load_set(name, scorer)
        if not gs.docs:
            print(f"{name}: no gold documents", file=sys.stderr)
            continue
        res, an, preds = run_set(gs, scorer, reg, a.all_candidates)
        results[gs.name] = (res, an)
        all_preds += preds.values()
        if a.verbose:
            for d in res["per_doc"]:
                if gs.name == "check" and not a.show_check:
                    continue
                print(f"{d['doc_id']}: tp={d['tp']} fp={d['fp']} fn={d['fn']} missed={d['missed']} spurious={d['spurious']}")
        if a.errors and (gs.name != "check" or a.show_check):
            for e in sorted(an.errors, key=lambda e: (e["cause"], e["doc"])):
                print(f"[{gs.name}] {e['cause']:<13} {e['doc']}\n      gold: {e['gold']}\n      pred: {e['pred']}")
    if a.pred_out:
        a.pred_out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in all_preds), encoding="utf-8")
    if a.json:
        print(json.dumps({n: {"score": {k: v for k, v in r.items() if k != "per_doc"},
                              "by_type": {t: dict(c) for t, c in an.by_type.items()},
                              "causes": dict(an.causes)} for n, (r, an) in results.items()}, indent=1))
    elif results:
        print(report(results, a.by_type, a.by_outlet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
