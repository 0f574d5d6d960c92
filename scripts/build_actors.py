#!/usr/bin/env python3
"""Derive src/marsad/resources/actors_petrarch.yaml, the generated supplement of the actor lexicon.

It writes:

- ``eval_ids``: the canonical ids of the evaluation's actors.json, which the loader requires to be present;
- ``actors``: forms added to curated actors of actors.yaml, from two sources:
  1. the aliases of actors.json that actors.yaml does not already cover (Arabic and Latin);
  2. group and institution names of UniversalPetrarch's Arabic actor dictionary (Open Event Data Alliance, MIT
     licence, branch dev-validate), kept only when the entry's CAMEO code maps to one of our actors and its head
     noun names an institution (army, police, forces, intelligence...) or the entry is a known group. The
     dictionary is lemmatised (``جيش_إسرائيلي_``); entries are realised as definite noun phrases
     (``الجيش الإسرائيلي``, ``القوات الإسرائيلية``). Person names, dated office holders and forms that another
     actor already claims are skipped.

Hand-curated entries stay in actors.yaml; run this script again after editing it (or after an update of the
reference data):

    .venv/bin/python scripts/build_actors.py [--shared /work/shared]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from marsad.lexicon.resources import ACTORS_FILE, ACTORS_SUPPLEMENT_FILE, load_actor_lexicon, match_key

log = logging.getLogger("build_actors")

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "src" / "marsad" / "resources"

# CAMEO country+role codes of UniversalPetrarch mapped to our ids (institutions only)
CAMEO_TO_ID: dict[str, str] = {
    "SYRMIL": "SYR_GOV_MIL",
    "SYRSPY": "SYR_STATE_SECURITY",
    "SYRCOP": "SYR_GOV_SEC",
    "IRQMIL": "IRQ_MIL",
    "IRQCOP": "IRQ_SEC",
    "IRQSPY": "IRQ_SEC",
    "ISRMIL": "ISR_MIL",
    "ISRCOP": "ISR_POL",
    "ISRSPY": "SHIN_BET",
    "LBNMIL": "LBN_MIL",
    "LBNCOP": "LBN_ISF",
    "LBNSPY": "LBN_MIL",
    "TURMIL": "TUR_MIL",
    "RUSMIL": "RUS_MIL",
    "IRNMIL": "IRN_MIL",
    "PSECOP": "PSE_SEC",
    "PSESPY": "PSE_SEC",
    "JORMIL": "JOR_MIL",
    "USAMIL": "USA_MIL",
}

# named groups of the dictionary (lemma as written there) mapped to our ids
NAMED_GROUPS: dict[str, str] = {
    "حماس": "HAMAS",
    "حركة_حماس_": "HAMAS",
    "حزب_اللٰه_": "HEZBOLLAH",
    "كتيبة_عز_الدين_القسام_": "QASSAM",
    "كتيبة_شهيد_عز_الدين_القسام_": "QASSAM",
    "كتيبة_قسام_": "QASSAM",
    "جهاد_إسلامي_": "PIJ",
    "حركة_جهاد_إسلامي_": "PIJ",
    "سرية_قدس_": "QUDS_BRIGADES",
    "حزب_عامل_كردستاني_": "PKK",
    "قوة_بدر_": "BADR",
    "جيش_المهدي_": "SARAYA_AL_SALAM",
    "تيار_ألصدري_": "SADRISTS",
    "اليونيفيل": "UNIFIL",
    "الشاباك": "SHIN_BET",
    "حرس_ثوري_إيراني_": "IRN_MIL",
    "قوة_قدس_إيراني_": "IRN_MIL",
    "حكومة_إقليم_كردستان_": "KRG",
}

# head nouns of institutions: lemma -> (surface head, whether adjectives agree in the feminine)
HEADS: dict[str, list[tuple[str, bool]]] = {
    "جيش": [("جيش", False)],
    "قوة": [("قوات", True)],
    "شرطة": [("شرطة", True)],
    "سلاح_جو": [("سلاح الجو", False)],
    "سلاح_جوي": [("سلاح الجو", False)],
    "قوة_جوي": [("القوة الجوية", True)],
    "حرس_حد": [("حرس الحدود", False)],
    "استخبار": [("استخبارات", True)],
    "مخابرات": [("مخابرات", True)],
    "جهاز_أمني": [("الأجهزة الأمنية", True)],
    "جهاز_مخابرات": [("جهاز المخابرات", False)],
    "قوة_أمن": [("قوات الأمن", True)],
    "قوة_أمني": [("القوات الأمنية", True)],
    "قوة_مسلح": [("القوات المسلحة", True)],
    "وزارة_دفاع": [("وزارة الدفاع", True)],
    "هيئة_ركن_جيش": [("هيئة أركان الجيش", False)],
}

# realised forms that name something else in news (القوات اللبنانية is the Lebanese Forces party)
BLOCKED: frozenset[str] = frozenset({"القوات اللبنانية"})

_NISBA = re.compile(r"^[\u0621-\u064a]+ي$")


def parse_actor_dict(path: Path) -> list[tuple[str, list[str]]]:
    """(lemma, codes) pairs of UniversalPetrarch's actor dictionary."""
    out: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        codes = re.findall(r"\[([^\]]+)\]", line)
        if line.startswith(("\t", "  [")) or (line.lstrip().startswith("[") and out):
            out[-1][1].extend(c.split()[0] for c in codes)
            continue
        m = re.match(r"\s*(\S+)", line)
        if m:
            out.append((m.group(1), [c.split()[0] for c in codes]))
    return out


def _definite(word: str) -> str:
    return word if word.startswith("ال") else "ال" + word


def realise(lemma: str) -> str | None:
    """The definite surface form of an institution lemma (``جيش_إسرائيلي_`` -> ``الجيش الإسرائيلي``), or None."""
    toks = [t for t in lemma.strip("_").split("_") if t]
    for n in (3, 2, 1):
        head = "_".join(toks[:n])
        if head in HEADS and len(toks) > n:
            rest = toks[n:]
            if not all(_NISBA.match(t) for t in rest):
                return None
            surface, fem = HEADS[head][0]
            words = surface.split()
            words[0] = _definite(words[0]) if len(words) == 1 else words[0]
            adjs = [_definite(t + ("ة" if fem else "")) for t in rest]
            if len(words) == 1:
                return " ".join([words[0], *adjs])
            return " ".join([*words, *adjs])
    return None


def petrarch_forms(dict_path: Path) -> dict[str, list[str]]:
    """Forms per actor id taken from the UniversalPetrarch actor dictionary."""
    out: dict[str, list[str]] = {}
    for lemma, codes in parse_actor_dict(dict_path):
        if lemma in NAMED_GROUPS:
            # multi-word names are lemmatised (كتيبة_قسام_ for كتائب القسام): only single tokens are surface forms
            if "_" not in lemma.strip("_"):
                out.setdefault(NAMED_GROUPS[lemma], []).append(lemma)
            continue
        ids = {CAMEO_TO_ID[c] for c in codes if c in CAMEO_TO_ID}
        if len(ids) != 1:
            continue
        form = realise(lemma)
        if form and form not in BLOCKED:
            out.setdefault(ids.pop(), []).append(form)
    return out


def build(shared: Path) -> dict[str, Any]:
    actors_json = json.loads((shared / "eval" / "actors.json").read_text(encoding="utf-8"))
    curated = load_actor_lexicon(RESOURCES / ACTORS_FILE)  # the curated file alone
    owner: dict[str, str] = {}
    for a in curated.actors:
        for f in [*a.forms, *(lf.form for lf in a.loaded), *a.member_forms]:
            owner[match_key(f)] = a.id
    for g in curated.generic:
        for f in [*g.forms, *g.member_forms]:
            owner[match_key(f)] = f"generic:{g.name}"
    for al in curated.aliases_only:
        owner[match_key(al.form)] = al.actor

    added: dict[str, list[str]] = {}

    def add(aid: str, form: str, origin: str) -> None:
        k = match_key(form)
        if len(k) < 2:
            return
        if k in owner:
            if owner[k] != aid:
                log.info("skip %s form %r (%s): already a form of %s", origin, form, aid, owner[k])
            return
        owner[k] = aid
        added.setdefault(aid, []).append(form)
        log.info("add %s form %r to %s", origin, form, aid)

    for aid, spec in actors_json["actors"].items():
        for alias in spec.get("aliases", []):
            add(aid, alias, "actors.json")
    up = shared / "data" / "dictionaries" / "universalpetrarch-ar" / "actor_dict_ar_v4.txt"
    for aid, forms in sorted(petrarch_forms(up).items()):
        for f in forms:
            add(aid, f, "UniversalPetrarch")
    return {
        "eval_ids": sorted(actors_json["actors"]),
        "actors": [{"id": aid, "forms": forms} for aid, forms in sorted(added.items())],
    }


HEADER = """\
# GENERATED by scripts/build_actors.py: do not edit by hand (edit actors.yaml and re-run the script).
# Facts from: the evaluation's actors.json (canonical ids and aliases) and the Arabic actor dictionary of
# UniversalPetrarch (Open Event Data Alliance, MIT licence, branch dev-validate, commit {commit}).
# eval_ids: ids the loader requires in actors.yaml. actors: forms added to curated actors.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared reference folder")
    ap.add_argument("--out", type=Path, default=RESOURCES / ACTORS_SUPPLEMENT_FILE)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    data = build(args.shared)
    commit_file = args.shared / "data" / "dictionaries" / "universalpetrarch-ar" / "SOURCE_COMMIT"
    commit = commit_file.read_text(encoding="utf-8").split()[-1] if commit_file.exists() else "unknown"
    text = HEADER.format(commit=commit) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    args.out.write_text(text, encoding="utf-8")
    n = sum(len(a["forms"]) for a in data["actors"])
    log.warning(
        "wrote %s: %d eval ids, %d forms for %d actors",
        args.out,
        len(data["eval_ids"]),
        n,
        len(data["actors"]),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
