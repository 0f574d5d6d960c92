#!/usr/bin/env python3
"""Gold annotations of corpus articles, stored without the articles: print an article, check gold files.

    python3 scripts/corpus_gold.py text CORPUS_ID [--numbered]     # the article exactly as the engine reads it
    python3 scripts/corpus_gold.py check [PATH ...]                 # validate gold files (default: eval/ant/)
    python3 scripts/corpus_gold.py split CORPUS_ID ...              # tune or check
    python3 scripts/corpus_gold.py place NAME                       # admin names of a place in the shared data

The corpus articles stay their publishers' copyright, so a gold file of `eval/ant/` names its article by
``corpus`` and ``corpus_id`` instead of a ``text_file``; the text is read from ``../shared/data/corpus`` at run
time and composed as Marsad's JSON Lines reader composes it (``title + "\\n" + text`` unless the text already
opens with its title, ``\\r\\n`` as ``\\n``), so that evidence offsets mean the same in both. Only the standard
library is used, so annotators need nothing installed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ANT_DIR = ROOT / "eval" / "ant"
CORPORA = {"ant-2018": SHARED / "data" / "corpus" / "ant-2018.jsonl.gz"}
REGISTRY = SHARED / "eval" / "actors.json"
PROPOSED = ANT_DIR / "actors_proposed.json"

# A third of the articles, chosen by a hash of their id, is never read while writing rules.
CHECK_SHARE = 3

ONTOLOGY: dict[str, set[str]] = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
    "Humanitarian": {"Displacement", "Return", "Humanitarian aid"},
}
UNITS = {"fatalities", "injured", "people", "households", "structures"}
QUALIFIERS = {"exact", "about", "at_least", "more_than", "dozens", "hundreds", "several", "thousands", "up_to"}
MAX_EVIDENCE = 300  # characters: the clause that states the event, not a paragraph


def split_of(corpus_id: str) -> str:
    """``check`` for about a third of the ids (fixed by a hash of the id), ``tune`` for the rest."""
    digest = hashlib.sha256(corpus_id.encode("utf-8")).hexdigest()
    return "check" if int(digest[:8], 16) % CHECK_SHARE == 0 else "tune"


def compose(record: dict[str, object]) -> str:
    """The document text Marsad's JSON Lines reader hands to the extractor for one corpus record."""
    text = str(record.get("text") or "").replace("\r\n", "\n")
    title = record.get("title")
    title = title.strip() or None if isinstance(title, str) else None
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    return text


@lru_cache(maxsize=4)
def corpus_records(corpus: str = "ant-2018") -> dict[str, dict[str, object]]:
    path = CORPORA.get(corpus)
    if path is None:
        raise SystemExit(f"unknown corpus {corpus!r}; known: {', '.join(CORPORA)}")
    if not path.exists():
        raise SystemExit(f"the corpus file {path} is missing (is ../shared beside the project?)")
    out: dict[str, dict[str, object]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            out[str(rec["id"])] = rec
    return out


def article(corpus_id: str, corpus: str = "ant-2018") -> dict[str, object]:
    """The corpus record of ``corpus_id`` with its composed ``document`` text."""
    rec = corpus_records(corpus).get(corpus_id)
    if rec is None:
        raise KeyError(f"{corpus_id} is not an article of {corpus}")
    return {**rec, "document": compose(rec)}


def gold_files(paths: Iterable[Path]) -> Iterator[Path]:
    for p in paths:
        if p.is_dir():
            yield from sorted(p.rglob("*.gold.json"))
        else:
            yield p


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "").lower()
    return " ".join(s.split())


@lru_cache(maxsize=4)
def registry(proposed: Path = PROPOSED) -> tuple[set[str], set[str]]:
    """Actor ids and source names of the shared registry plus the project's proposals."""
    data = json.loads(REGISTRY.read_text(encoding="utf-8"))
    actors, sources = set(data["actors"]), set(data["sources"])
    for path in {PROPOSED, proposed}:
        if path.exists():
            extra = json.loads(path.read_text(encoding="utf-8"))
            actors |= set(extra.get("actors", {}))
            sources |= set(extra.get("sources", {}))
    return actors, sources


def check_gold(path: Path, proposed: Path = PROPOSED) -> list[str]:
    """Problems of one gold file (empty when it is sound)."""
    problems: list[str] = []
    try:
        g = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"{path}: unreadable: {exc}"]
    cid = g.get("corpus_id")
    if not cid or g.get("corpus") not in CORPORA:
        return [f"{path}: needs 'corpus' (one of {sorted(CORPORA)}) and 'corpus_id'"]
    if path.name != f"{cid}.gold.json":
        problems.append(f"{path}: file name should be {cid}.gold.json")
    if g.get("doc_id") != cid:
        problems.append(f"{path}: doc_id should equal corpus_id {cid}")
    if "text_file" in g:
        problems.append(f"{path}: no text_file: the text is read from the corpus")
    try:
        text = str(article(cid, g["corpus"])["document"])
    except KeyError as exc:
        return [*problems, f"{path}: {exc}"]
    actors, sources = registry(proposed)
    ids = [e.get("id") for e in g.get("events", [])]
    if len(ids) != len(set(ids)):
        problems.append(f"{path}: event ids repeat")
    for e in g.get("events", []):
        where = f"{path}: event {e.get('id')}"
        et, subs = e.get("event_type"), e.get("sub_event_type")
        if et not in ONTOLOGY:
            problems.append(f"{where}: unknown event_type {et!r}")
        elif not isinstance(subs, list) or not subs or not set(subs) <= ONTOLOGY[et]:
            problems.append(f"{where}: sub_event_type must be a non-empty list of {sorted(ONTOLOGY[et])}")
        for role in ("actor1", "actor2"):
            vals = e.get(role)
            if not isinstance(vals, list):
                problems.append(f"{where}: {role} must be a list of ids")
            elif set(vals) - actors:
                problems.append(f"{where}: {role} ids not in the registry: {sorted(set(vals) - actors)}")
        loc = e.get("location")
        if not isinstance(loc, dict) or not isinstance(loc.get("places", []), list):
            problems.append(f"{where}: location must be {{admin1, admin2, places: [...]}}")
        elif not (loc.get("admin1") or loc.get("admin2") or loc.get("places")) and not e.get("optional"):
            problems.append(f"{where}: a required event needs a location")
        d = e.get("date")
        if not isinstance(d, dict) or "start" not in d:
            problems.append(f"{where}: date must be {{start, tolerance_days}}")
        elif d.get("start") is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(d["start"])):
            problems.append(f"{where}: date.start {d['start']!r} is not YYYY-MM-DD")
        for q in e.get("quantities", []):
            if q.get("unit") not in UNITS or q.get("qualifier") not in QUALIFIERS:
                problems.append(f"{where}: quantity {q} needs unit in {sorted(UNITS)}, qualifier in {sorted(QUALIFIERS)}")
            if q.get("value") is not None and not isinstance(q.get("value"), int):
                problems.append(f"{where}: quantity value must be an integer or null")
        atts = e.get("attribution")
        if not isinstance(atts, list) or not atts:
            problems.append(f"{where}: attribution must be a non-empty list of source names")
        elif set(atts) - sources:
            problems.append(f"{where}: attribution names not in the registry's sources: {sorted(set(atts) - sources)}")
        if e.get("modality") not in {"asserted", "claimed"}:
            problems.append(f"{where}: modality must be asserted or claimed")
        ev = e.get("evidence") or ""
        if not ev or ev not in text:
            problems.append(f"{where}: evidence is not a verbatim substring of the article: {ev[:60]!r}")
        elif len(ev) > MAX_EVIDENCE:
            problems.append(f"{where}: evidence of {len(ev)} characters; quote the clause (<= {MAX_EVIDENCE})")
        if not isinstance(e.get("optional"), bool):
            problems.append(f"{where}: optional must be true or false")
        if not isinstance(e.get("symmetric", False), bool):
            problems.append(f"{where}: symmetric must be true or false")
    return problems


_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


def _fold(s: str) -> str:
    s = re.sub("[\u064b-\u0652\u0670]", "", unicodedata.normalize("NFKC", s or "")).translate(_AR_FOLD).lower()
    s = re.sub(r"^(al|el|ad|as|ash|at|az|an|ar)[ -]", "", s.strip())
    return re.sub(r"^ال", "", s)


def find_place(query: str) -> list[str]:
    """Rows of the shared gazetteer data naming ``query`` (Arabic or English): where OCHA, the Iraqi admin list,
    GeoNames and Who's On First put it. Admin names of the Syrian rows are OCHA's, as the gold files use them."""
    import csv

    geo = SHARED / "data" / "geo"
    q = _fold(query)
    out: list[str] = []
    gov = {g["id"]: g["name"]["en"] for g in json.loads((geo / "opensyria" / "governorates.json").read_text("utf-8"))}
    dist = {d["id"]: d for d in json.loads((geo / "opensyria" / "districts.json").read_text("utf-8"))}
    for kind in ("governorates", "districts", "subdistricts"):
        for row in json.loads((geo / "opensyria" / f"{kind}.json").read_text("utf-8")):
            names = [row["name"].get("en", ""), row["name"].get("ar", "")] + [a["value"] for a in row.get("aliases", [])]
            if any(_fold(n) == q for n in names):
                d = dist.get(row.get("districtId") or row["id"], {})
                out.append(f"OCHA Syria {kind[:-1]}: {row['name']['en']} ({row['name'].get('ar', '')}); admin1 "
                           f"{gov.get(row.get('governorateId', row['id']), row['name']['en'])}; admin2 "
                           f"{d.get('name', {}).get('en', '-') if d else '-'}")
    iraq = json.loads((geo / "iraq" / "iraq_admin_en_ku_ar.json").read_text("utf-8"))
    for prov in iraq.get("provinces", []):
        if q in {_fold(prov["engName"]), _fold(prov["arbName"])}:
            out.append(f"Iraq province: {prov['engName']} ({prov['arbName']})")
        for d in prov.get("districts", []):
            if q in {_fold(d["engName"]), _fold(d["arbName"])}:
                out.append(f"Iraq district: {d['engName']} ({d['arbName']}); admin1 {prov['engName']}")
            for sd in d.get("subdistricts", []):
                if q in {_fold(sd["engName"]), _fold(sd["arbName"])}:
                    out.append(f"Iraq sub-district: {sd['engName']} ({sd['arbName']}); admin1 {prov['engName']}; "
                               f"admin2 {d['engName']}")
    for cc in ("sy", "iq", "lb", "jo", "ps"):
        with (geo / "whosonfirst" / f"wof_{cc}_places.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                names = [row["name"], row["name_en"], row["name_ar"], *row["ar_alternates"].split("|")]
                if any(n and _fold(n) == q for n in names):
                    out.append(f"WOF {cc.upper()} {row['placetype']}: {row['name_en'] or row['name']} ({row['name_ar']}); "
                               f"region {row['region'] or '-'}; county {row['county'] or '-'}; {row['lat']},{row['lon']}"
                               + ("  [Syrian WOF counties are often wrong: check OCHA]" if cc == "sy" else ""))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("text", help="print an article as the engine reads it")
    t.add_argument("corpus_id")
    t.add_argument("--corpus", default="ant-2018")
    t.add_argument("--numbered", action="store_true", help="number the lines")
    c = sub.add_parser("check", help="validate gold files")
    c.add_argument("paths", nargs="*", type=Path, default=[ANT_DIR])
    c.add_argument("--proposed", type=Path, default=PROPOSED, help="a file of proposed actors and sources")
    s = sub.add_parser("split", help="tune or check, by the hash of the id")
    s.add_argument("corpus_ids", nargs="+")
    pl = sub.add_parser("place", help="admin names of a place (Arabic or English) in the shared data")
    pl.add_argument("name")
    a = ap.parse_args(argv)
    if a.cmd == "text":
        rec = article(a.corpus_id, a.corpus)
        print(f"# {a.corpus_id} | {rec.get('outlet')} | published {rec.get('published')} | {rec.get('category')}")
        doc = str(rec["document"])
        if a.numbered:
            for i, line in enumerate(doc.split("\n"), 1):
                print(f"{i:3d}  {line}")
        else:
            print(doc)
        return 0
    if a.cmd == "place":
        rows = find_place(a.name)
        print("\n".join(rows[:40]) if rows else f"{a.name}: not found (try another spelling, or without ال)")
        return 0
    if a.cmd == "split":
        for cid in a.corpus_ids:
            print(cid, split_of(cid))
        return 0
    files = list(gold_files(a.paths))
    bad = 0
    for f in files:
        for p in check_gold(f, a.proposed):
            print(p)
            bad += 1
    print(f"{len(files)} gold files, {bad} problems", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
