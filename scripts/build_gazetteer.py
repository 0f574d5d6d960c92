#!/usr/bin/env python
"""Build Marsad's gazetteer (src/marsad/resources/geo/gazetteer.json.gz) from the reference data.

    .venv/bin/python scripts/build_gazetteer.py [--data ../shared/data/geo] [--out src/marsad/resources/geo]

Inputs (read-only): Open-Syria admin units with OCHA p-codes (CC BY 4.0), GeoNames populated places (CC BY 4.0),
the Iraqi admin list of m7amad-t/iraq_geo_data (MIT), Who's On First villages and towns of Syria, Iraq, Lebanon,
Jordan and Palestine (CC0 with CC BY parts; scripts/gazetteer_wof.py), the hand-reviewed supplement
src/marsad/resources/geo/supplement.yaml, and the ANT 2018 corpus for how often each village name occurs (its
``check`` articles left out; ``--no-corpus`` skips it for quick trials). The output is deterministic (sorted rows,
gzip without a timestamp).

Methods (also in NOTICE and docs/geo.md):
- Syrian GeoNames places go to the sub-district whose Arabic name they carry (the sub-district seat), otherwise
  to the sub-district with the nearest centroid within their governorate (GeoNames admin1 -> OCHA governorate).
- Iraqi districts come from the Iraqi list after the fixes in supplement.yaml (`iraq`: duplicate provinces
  merged, misplaced districts dropped, missing ones added, names and seat coordinates). Iraqi GeoNames places go
  to the district whose Arabic name they carry, otherwise to the nearest district seat within their province.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from corpus_gold import split_of  # noqa: E402
from gazetteer_wof import KURDISH_LETTERS, build_wof, kurdish_fold, vote_districts  # noqa: E402

from marsad.text.normalize import normalize_str  # noqa: E402

FORMAT_VERSION = 2

# OCHA COD-AB admin1 English names, by p-code
SY_GOV_OCHA = {
    "SY01": "Damascus",
    "SY02": "Aleppo",
    "SY03": "Rural Damascus",
    "SY04": "Homs",
    "SY05": "Hama",
    "SY06": "Lattakia",
    "SY07": "Idleb",
    "SY08": "Al-Hasakeh",
    "SY09": "Deir-ez-Zor",
    "SY10": "Tartous",
    "SY11": "Ar-Raqqa",
    "SY12": "Dar'a",
    "SY13": "As-Sweida",
    "SY14": "Quneitra",
}
# GeoNames SY admin1 code -> OCHA governorate p-code
SY_GN_GOV = {
    "01": "SY08",
    "02": "SY06",
    "03": "SY14",
    "04": "SY11",
    "05": "SY13",
    "06": "SY12",
    "07": "SY09",
    "08": "SY03",
    "09": "SY02",
    "10": "SY05",
    "11": "SY04",
    "12": "SY07",
    "13": "SY01",
    "14": "SY10",
}
LB_ADMIN1_AR = {  # English names: supplement.yaml `lebanon.admin1` (OCHA's)
    "04": "بيروت",
    "05": "جبل لبنان",
    "06": "الجنوب",
    "07": "النبطية",
    "08": "البقاع",
    "09": "الشمال",
    "10": "عكار",
    "11": "بعلبك الهرمل",
}
# Forms of Lebanon's governorates that no district or town shares, and a point for each (the seat of its
# administration, approximate): "الجنوب" and "الشمال" alone are directions, so only their full names
LB_ADMIN1_FORMS = {
    "05": ["جبل لبنان"],
    "06": ["لبنان الجنوبي"],
    "08": ["البقاع"],
    "09": ["لبنان الشمالي"],
    "11": ["بعلبك الهرمل", "بعلبك - الهرمل", "بعلبك والهرمل"],
}
LB_ADMIN1_AT = {
    "04": (33.888, 35.495),
    "05": (33.833, 35.544),
    "06": (33.561, 35.371),
    "07": (33.378, 35.484),
    "08": (33.847, 35.902),
    "09": (34.437, 35.850),
    "10": (34.543, 36.080),
    "11": (34.006, 36.211),
}
JO_ADMIN1 = {
    "02": ("Balqa", "البلقاء"),
    "09": ("Karak", "الكرك"),
    "12": ("Tafilah", "الطفيلة"),
    "15": ("Mafraq", "المفرق"),
    "16": ("Amman", "عمان"),
    "17": ("Zarqa", "الزرقاء"),
    "18": ("Irbid", "إربد"),
    "19": ("Ma'an", "معان"),
    "20": ("Ajloun", "عجلون"),
    "21": ("Aqaba", "العقبة"),
    "22": ("Jerash", "جرش"),
    "23": ("Madaba", "مادبا"),
}
TR_ADMIN1 = {  # the provinces on the Syrian and Iraqi borders
    "31": ("Hatay", "هاتاي"),
    "90": ("Kilis", "كلس"),
    "83": ("Gaziantep", "غازي عنتاب"),
    "63": ("Sanliurfa", "شانلي أورفا"),
    "72": ("Mardin", "ماردين"),
    "80": ("Sirnak", "شرناق"),
    "70": ("Hakkari", "هكاري"),
}
COUNTRY = {"SY": "Syria", "IQ": "Iraq", "LB": "Lebanon", "JO": "Jordan", "TR": "Turkey"}
ADMIN_PREFIXES = ("محافظه ", "منطقه ", "ناحيه ", "قضاء ", "قضا ", "مركز ")
NON_ARABIC_LETTERS = re.compile("[ێڕڵۆگچپژڤۋۊۉ]|[a-z0-9]")
ARABIC = re.compile("[\u0600-\u06ff]")


def ascii_fold(s: str) -> str:
    s = s.replace("‘", "'").replace("’", "'").replace("ʿ", "'").replace("ʾ", "'")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return " ".join(s.split())


def norm_ar(s: str) -> str:
    s = normalize_str(s)
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


# A village-name prefix that Arabic news writes with or without its space ("كفر بطنا" / "كفربطنا").
GLUED_PREFIX = "كفر "


def ar_forms(values: list[str], *, strip_admin: bool = True, allow_digits: bool = False) -> list[str]:
    out: list[str] = []
    for v in values:
        if not v or not ARABIC.search(v):
            continue
        f = norm_ar(v)
        cands = [] if not allow_digits and NON_ARABIC_LETTERS.search(f) else [f]
        if KURDISH_LETTERS.search(v):  # "زاخۆ" -> "زاخو", "سۆران" -> "سوران": the spelling of Arabic news
            folded = norm_ar(kurdish_fold(v))
            if not NON_ARABIC_LETTERS.search(folded):
                cands.append(folded)
        if strip_admin:  # the first admin word only: "منطقة مركز ريف دمشق" -> "مركز ريف دمشق"
            p = next((p for p in ADMIN_PREFIXES if f.startswith(p)), None)
            cands = [c[len(p) :] if p and c.startswith(p) else c for c in cands]
        if v.rstrip().endswith("ى") and v is values[0]:  # "ديالى" is also written "ديالا", "نينوى" "نينوا"
            cands += [c[:-1] + "ا" for c in cands if c.endswith("ي")]  # (a name's own spelling, not an alias's)
        for c in list(cands):
            if c.endswith("اء"):
                cands.append(c[:-1])
            if c.startswith(GLUED_PREFIX):
                # "كفر بطنا" is as often written "كفربطنا" (كفرنبل، كفرزيتا، كفرنبودة)
                cands.append(GLUED_PREFIX.strip() + c[len(GLUED_PREFIX) :])
        for c in cands:
            if len(c.replace(" ", "")) >= 2 and c not in out:
                out.append(c)
    return out


def en_forms(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if not v or ARABIC.search(v):
            continue
        f = ascii_fold(v).lower()
        f = re.sub(r"\s+(subdistrict|district|governorate|province)$", "", f)
        if f and f not in out and re.search("[a-z]", f):
            out.append(f)
    return out


def dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = a[0] - b[0]
    dlon = (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dlat, dlon)


def row(
    pid: str,
    kind: str,
    country: str,
    name: str,
    name_ar: str,
    pcode: str | None,
    a1: str | None,
    a2: str | None,
    a3: str | None,
    lat: float | None,
    lon: float | None,
    pop: int,
    forms: list[str],
    en: list[str],
    cue: bool = False,
    approx: bool = False,
) -> dict[str, Any]:
    return {
        "id": pid,
        "kind": kind,
        "country": country,
        "name": name,
        "name_ar": name_ar,
        "pcode": pcode,
        "a1": a1,
        "a2": a2,
        "a3": a3,
        "lat": None if lat is None else round(lat, 5),
        "lon": None if lon is None else round(lon, 5),
        "pop": int(pop or 0),
        "forms": forms,
        "en": en,
        "cue": cue,
        "approx": approx,
    }


def build_syria(data: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    by_pcode: dict[str, dict[str, Any]] = {}
    for level, fname in (
        ("governorate", "governorates"),
        ("district", "districts"),
        ("subdistrict", "subdistricts"),
    ):
        for rec in json.loads((data / "opensyria" / f"{fname}.json").read_text(encoding="utf-8")):
            pc = rec["externalIds"]["ochaPcode"]
            aliases = rec.get("aliases", [])
            en_alias = [a["value"] for a in aliases if a.get("language") == "en"]
            if level == "governorate":
                name = SY_GOV_OCHA[pc]
            elif level == "district":
                informal = [
                    a["value"] for a in aliases if a.get("language") == "en" and a.get("type") != "formal"
                ]
                informal = [a for a in informal if not a.lower().endswith(" district")]
                name = informal[0] if informal else rec["name"]["en"]
            else:
                name = rec["name"]["en"]
            ar = [rec["name"].get("ar", "")] + [a["value"] for a in aliases if a.get("language") == "ar"]
            name_ar = re.sub(r"^مركز ", "", rec["name"].get("ar", ""))
            c = rec.get("centroid") or {}
            pop = (rec.get("population") or {}).get("value") or 0
            a1 = "sy:" + pc[:4]
            a2 = "sy:" + pc[:6] if len(pc) >= 6 else None
            a3 = "sy:" + pc if len(pc) == 8 else None
            r = row(
                "sy:" + pc,
                level,
                "Syria",
                name,
                name_ar,
                pc,
                a1,
                a2,
                a3,
                c.get("latitude"),
                c.get("longitude"),
                pop,
                ar_forms(ar),
                en_forms([name, rec["name"]["en"], *en_alias]),
            )
            rows.append(r)
            by_pcode[pc] = r
    return rows, by_pcode


def gn_places(data: Path) -> list[dict[str, Any]]:
    return json.loads((data / "geonames" / "cities500_SY_IQ_LB_TR_JO.json").read_text(encoding="utf-8"))


def gn_kind(pop: int, seat: bool) -> str:
    if pop >= 100_000:
        return "city"
    if seat or pop >= 10_000:
        return "town"
    return "village"


def build_syria_places(gn: list[dict[str, Any]], by_pcode: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    subs = [r for r in by_pcode.values() if r["kind"] == "subdistrict"]
    out = []
    for p in gn:
        if p["countrycode"] != "SY":
            continue
        gov = SY_GN_GOV[p["admin1code"]]
        forms = ar_forms(p["alternatenames"], strip_admin=False)
        if not forms:
            continue
        here = [s for s in subs if s["pcode"].startswith(gov)]
        seat = [s for s in here if set(forms) & set(s["forms"])]
        at = (p["latitude"], p["longitude"])
        sub = seat[0] if seat else min(here, key=lambda s: dist(at, (s["lat"], s["lon"])))
        name = ascii_fold(p["name"])
        if seat and sub["name"] not in ("Damascus",):
            name = sub["name"]
        pop = int(p["population"] or 0)
        if seat and not pop:
            pop = int(sub["pop"] * 0.3)
        out.append(
            row(
                f"gn:{p['geonameid']}",
                gn_kind(pop, bool(seat)),
                "Syria",
                name,
                forms[0],
                sub["pcode"],
                sub["a1"],
                sub["a2"],
                sub["id"],
                p["latitude"],
                p["longitude"],
                pop,
                forms,
                en_forms([name, p["name"], *p["alternatenames"]])[:6],
            )
        )
    return out


def build_iraq(data: Path, gn: list[dict[str, Any]], sup: dict[str, Any]) -> list[dict[str, Any]]:
    fx = sup["iraq"]
    src = json.loads((data / "iraq" / "iraq_admin_en_ku_ar.json").read_text(encoding="utf-8"))
    provs: dict[str, dict[str, Any]] = {}
    for code, p in sorted(fx["provinces"].items()):
        provs[code] = row(
            f"iq:{code}",
            "governorate",
            "Iraq",
            p["name"],
            p["ar"],
            None,
            f"iq:{code}",
            None,
            None,
            None,
            None,
            0,
            ar_forms([p["ar"]]),
            en_forms([p["name"], *p.get("aliases", [])]),
        )
    drop = {(a, b) for a, b in fx["drop_districts"]}
    districts: dict[tuple[str, str], dict[str, Any]] = {}
    subdistricts: list[tuple[str, str, str, str]] = []  # (province code, district key, en, ar)
    for p in src["provinces"]:
        code = fx["province_of"][p["engName"]]
        for d in p.get("districts", []):
            if (p["engName"], d["engName"]) in drop:
                continue
            en = fx["rename"].get(d["engName"], re.sub(r" District$", "", d["engName"]))
            en = ascii_fold(fx["rename"].get(en, en))
            ar = fx["fix_ar"].get(en, re.sub(r"^قضاء ", "", d["arbName"]))
            forms = ar_forms([ar] if en in fx["fix_ar"] else [ar, d["arbName"]], allow_digits=True)
            key = (code, norm_ar(ar))
            if key not in districts:
                districts[key] = row(
                    f"iq:{code}:{re.sub('[^a-z0-9]+', '-', en.lower()).strip('-')}",
                    "district",
                    "Iraq",
                    en,
                    ar,
                    None,
                    f"iq:{code}",
                    None,
                    None,
                    None,
                    None,
                    0,
                    forms,
                    en_forms([en, d["engName"]]),
                )
                districts[key]["a2"] = districts[key]["id"]
            for s in d.get("subdistricts", []):
                if (p["engName"], f"{d['engName']}/{s['engName']}") in drop:
                    continue
                subdistricts.append((code, key[1], s["engName"], s["arbName"]))
    for code, en, ar, lat, lon in fx["add_districts"]:
        key = (code, norm_ar(ar))
        if key in districts:
            districts[key]["lat"], districts[key]["lon"] = lat, lon
            continue
        pid = f"iq:{code}:{re.sub('[^a-z0-9]+', '-', en.lower()).strip('-')}"
        districts[key] = row(
            pid,
            "district",
            "Iraq",
            en,
            ar,
            None,
            f"iq:{code}",
            pid,
            None,
            lat,
            lon,
            0,
            ar_forms([ar]),
            en_forms([en]),
        )
    coords = {re.sub(r" District$", "", k): v for k, v in fx["coords"].items()}
    iq_gn = [p for p in gn if p["countrycode"] == "IQ"]
    gn_forms = {p["geonameid"]: ar_forms(p["alternatenames"], strip_admin=False) for p in iq_gn}
    for d in districts.values():
        if d["lat"] is None and d["name"] in coords:
            d["lat"], d["lon"] = coords[d["name"]]
        code = d["a1"].split(":")[1]
        if d["lat"] is None:
            for p in iq_gn:
                if p["admin1code"] == code and set(gn_forms[p["geonameid"]]) & set(d["forms"]):
                    d["lat"], d["lon"] = p["latitude"], p["longitude"]
                    break
    rows: list[dict[str, Any]] = list(provs.values())
    seen: dict[str, dict[str, Any]] = {}
    for key, d in list(districts.items()):  # one row per id; drop Kurdish-only names without a seat
        if d["id"] in seen:
            seen[d["id"]]["forms"] += [f for f in d["forms"] if f not in seen[d["id"]]["forms"]]
            districts[key] = seen[d["id"]]
            continue
        if d["lat"] is None and not d["forms"]:
            del districts[key]
            continue
        seen[d["id"]] = d
    placed = [
        d for d in seen.values() if d["lat"] is not None and d["id"] in {x["id"] for x in districts.values()}
    ]
    rows += [d for d in seen.values() if d in placed or d["forms"]]
    for code, dkey, en, ar in subdistricts:
        d = districts.get((code, dkey)) or next(
            (x for x in districts.values() if x["a1"] == f"iq:{code}" and dkey in x["forms"]), None
        )
        if d is None or d["lat"] is None:
            continue
        if norm_ar(ar) in d["forms"] or NON_ARABIC_LETTERS.search(norm_ar(ar)):
            continue
        forms = ar_forms([ar])
        if not forms:
            continue
        at = next(
            (p for p in iq_gn if p["admin1code"] == code and set(gn_forms[p["geonameid"]]) & set(forms)), None
        )
        pid = f"{d['id']}:{re.sub('[^a-z0-9]+', '-', ascii_fold(en).lower()).strip('-')}"
        if any(r["id"] == pid for r in rows):
            continue
        lat, lon = (at["latitude"], at["longitude"]) if at else (d["lat"], d["lon"])
        rows.append(
            row(
                pid,
                "subdistrict",
                "Iraq",
                en,
                ar,
                None,
                d["a1"],
                d["id"],
                pid,
                lat,
                lon,
                0,
                forms,
                en_forms([en]),
                approx=at is None,
            )
        )
    for p in iq_gn:
        forms = gn_forms[p["geonameid"]]
        if not forms:
            continue
        code = p["admin1code"]
        at = (p["latitude"], p["longitude"])
        here = [d for d in placed if d["a1"] == f"iq:{code}"]
        named = [d for d in here if set(forms) & set(d["forms"])]
        if named:
            d = named[0]
        elif here:
            d = min(here, key=lambda d: dist(at, (d["lat"], d["lon"])))
        else:
            d = None
        pop = int(p["population"] or 0)
        name = ascii_fold(p["name"])
        if named and not pop:
            pop = 20_000
        rows.append(
            row(
                f"gn:{p['geonameid']}",
                gn_kind(pop, bool(named)),
                "Iraq",
                name,
                forms[0],
                None,
                f"iq:{code}",
                d["id"] if d else None,
                None,
                p["latitude"],
                p["longitude"],
                pop,
                forms,
                en_forms([name, p["name"], *p["alternatenames"]])[:6],
            )
        )
    for p in provs.values():  # province centroid: its largest place
        code = p["a1"]
        best = max(
            (
                r
                for r in rows
                if r["a1"] == code and r["lat"] is not None and r["kind"] in ("city", "town", "village")
            ),
            key=lambda r: r["pop"],
            default=None,
        )
        if best:
            p["lat"], p["lon"] = best["lat"], best["lon"]
    for d in seen.values():  # districts without a known seat: the province's point, flagged approximate
        if d["lat"] is None:
            prov = provs[d["a1"].split(":")[1]]
            d["lat"], d["lon"], d["approx"] = prov["lat"], prov["lon"], True
    return rows


def build_others(gn: list[dict[str, Any]], sup: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    lb_admin1 = {code: (en, LB_ADMIN1_AR[code]) for code, en in sup["lebanon"]["admin1"].items()}
    tables = {"LB": lb_admin1, "JO": JO_ADMIN1, "TR": TR_ADMIN1}
    for cc, table in tables.items():
        for code, (en, ar) in sorted(table.items()):
            rows.append(
                row(
                    f"{cc.lower()}:{code}",
                    "governorate",
                    COUNTRY[cc],
                    en,
                    ar,
                    None,
                    f"{cc.lower()}:{code}",
                    None,
                    None,
                    *(LB_ADMIN1_AT[code] if cc == "LB" else (None, None)),
                    0,
                    ar_forms([ar]) if cc != "LB" else ar_forms(LB_ADMIN1_FORMS.get(code, [])),
                    en_forms([en]),
                    approx=cc == "LB",
                )
            )
    for p in gn:
        cc = p["countrycode"]
        if cc not in tables or p["admin1code"] not in tables[cc]:
            continue
        forms = ar_forms(p["alternatenames"], strip_admin=False)
        if not forms:
            continue
        pop = int(p["population"] or 0)
        name = ascii_fold(p["name"])
        rows.append(
            row(
                f"gn:{p['geonameid']}",
                gn_kind(pop, False),
                COUNTRY[cc],
                name,
                forms[0],
                None,
                f"{cc.lower()}:{p['admin1code']}",
                None,
                None,
                p["latitude"],
                p["longitude"],
                pop,
                forms,
                en_forms([name, p["name"], *p["alternatenames"]])[:6],
            )
        )
    return rows


def build_lebanon_districts(sup: dict[str, Any]) -> list[dict[str, Any]]:
    """Lebanon's districts (qadaa) from supplement.yaml, as admin2 of the Lebanese places."""
    out = []
    for d in sup["lebanon"]["districts"]:
        pid = "lb:d:" + re.sub("[^a-z0-9]+", "-", d["name"].lower()).strip("-")
        r = row(
            pid, "district", "Lebanon", d["name"], d["ar"][0], None, f"lb:{d['a1']}", pid, None,
            d["at"][0], d["at"][1], 0, ar_forms(d["ar"]), en_forms([d["name"], d["wof"]]),
        )
        out.append(r)
    return out


def build_supplement(sup: dict[str, Any], all_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = _build_supplement(sup, all_rows)
    # a curated place that is a Who's On First record (``wof: ID``): scripts/gazetteer_wof.py takes the record as this
    # place and lends it no form (the curated forms decide: "غزة" alone is the Strip, the city "مدينة غزة")
    linked = {"sup:" + e["id"]: str(e["wof"]) for e in sup["places"] if "wof" in e}
    for r in out:
        if r["id"] in linked:
            r["_wof"] = linked[r["id"]]
    return out


def _build_supplement(sup: dict[str, Any], all_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {r["id"]: r for r in all_rows}
    subs = [r for r in all_rows if r["kind"] == "subdistrict" and r["country"] == "Syria"]
    iq_d = {(r["a1"], r["name"]): r for r in all_rows if r["country"] == "Iraq" and r["kind"] == "district"}
    admin1_rows: dict[tuple[str, str], dict[str, Any]] = {}
    out = []
    for e in sup["places"]:
        if e["src"] not in sup["sources"]:
            raise ValueError(f"supplement {e['id']}: unknown src {e['src']}")
        lat, lon = e["at"]
        forms = ar_forms(e["ar"], strip_admin=False, allow_digits=True)
        # "مدينة X"/"بلدة X"/"حي X" beside "X": the cue word is read from the text, the name is enough
        forms = [
            f
            for f in forms
            if not (f.split(" ", 1)[0] in ("مدينه", "بلده", "حي") and f.split(" ", 1)[-1] in forms)
        ]
        en = en_forms([e["name"], *e.get("en", [])])
        pid = "sup:" + e["id"]
        pop = int(e.get("pop", 0))
        if ("in" in e and str(e["in"]).startswith("SY")) or "gov" in e:
            if "gov" in e:
                sub = min(
                    (s for s in subs if s["pcode"].startswith(e["gov"])),
                    key=lambda s: dist((lat, lon), (s["lat"], s["lon"])),
                )
            else:
                sub = by_id["sy:" + e["in"]]
            out.append(
                row(
                    pid,
                    e["kind"],
                    "Syria",
                    e["name"],
                    e["ar"][0],
                    sub["pcode"],
                    sub["a1"],
                    sub["a2"],
                    sub["id"],
                    lat,
                    lon,
                    pop,
                    forms,
                    en,
                    cue=bool(e.get("cue")),
                )
            )
        elif "in" in e:
            _, code, dname = e["in"].split(":", 2)
            d = iq_d.get((f"iq:{code}", dname))
            if d is None:
                raise ValueError(f"supplement {e['id']}: no Iraqi district {e['in']}")
            out.append(
                row(
                    pid,
                    e["kind"],
                    "Iraq",
                    e["name"],
                    e["ar"][0],
                    None,
                    d["a1"],
                    d["id"],
                    None,
                    lat,
                    lon,
                    pop,
                    forms,
                    en,
                    cue=bool(e.get("cue")),
                )
            )
        else:
            country = e["country"]
            a1 = None
            if e["kind"] == "country":
                pass
            elif e.get("admin1"):
                key = (country, e["admin1"])
                if key not in admin1_rows:
                    rid = f"sup:a1:{country.lower()}:{re.sub('[^a-z0-9]+', '-', e['admin1'].lower()).strip('-')}"
                    existing = next(
                        (
                            r
                            for r in all_rows
                            if r["country"] == country
                            and r["kind"] == "governorate"
                            and r["name"] == e["admin1"]
                        ),
                        None,
                    )
                    if existing is not None:
                        admin1_rows[key] = existing
                    else:
                        admin1_rows[key] = row(
                            rid,
                            "governorate",
                            country,
                            e["admin1"],
                            "",
                            None,
                            rid,
                            None,
                            None,
                            None,
                            None,
                            0,
                            [],
                            en_forms([e["admin1"]]),
                        )
                a1 = admin1_rows[key]["id"]
            r = row(
                pid,
                e["kind"],
                country,
                e["name"],
                e["ar"][0],
                None,
                a1,
                None,
                None,
                lat,
                lon,
                pop,
                forms,
                en,
                cue=bool(e.get("cue")),
            )
            r["a2name"] = e.get("admin2")
            out.append(r)
    # admin2 of Palestinian places: the supplement's governorate rows, by name
    gov2 = {(r["country"], r["name"]): r["id"] for r in out if r["kind"] == "governorate"}
    for r in out:
        name2 = r.pop("a2name", None)
        if name2:
            r["a2"] = gov2.get((r["country"], name2))
    new_a1 = [r for r in admin1_rows.values() if r["id"] not in by_id]
    return new_a1 + out


def apply_aliases(sup: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    rank = {"city": 0, "town": 1, "village": 2, "subdistrict": 3, "district": 4, "governorate": 5}
    for cc, form, extra in sup["aliases"]:
        f = norm_ar(form)
        hits = [r for r in rows if r["country"] == COUNTRY[cc] and f in r["forms"]]
        if not hits:
            raise ValueError(f"supplement alias: no {cc} place has the form {form}")
        best = min(hits, key=lambda r: (rank.get(r["kind"], 9), -r["pop"]))
        for x in ar_forms(extra, strip_admin=False):
            if x not in best["forms"]:
                best["forms"].append(x)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "geo")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "marsad" / "resources" / "geo")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz")
    ap.add_argument("--no-corpus", action="store_true", help="skip the corpus frequencies (quick trial builds)")
    args = ap.parse_args()
    sup = yaml.safe_load((args.out / "supplement.yaml").read_text(encoding="utf-8"))
    gn = gn_places(args.data)
    rows, by_pcode = build_syria(args.data)
    rows += build_syria_places(gn, by_pcode)
    rows += build_iraq(args.data, gn, sup)
    rows += build_others(gn, sup)
    rows += build_lebanon_districts(sup)
    rows += build_supplement(sup, rows)
    by_id = {r["id"]: r for r in rows}
    for r in rows:  # a district or sub-district does not carry its governorate's own name ("ريف دمشق")
        gov = by_id.get(r["a1"]) if r["kind"] in ("district", "subdistrict") else None
        if gov is not None and gov is not r:
            r["forms"] = [f for f in r["forms"] if f not in gov["forms"]] or r["forms"]
    apply_aliases(sup, rows)
    regions = {f for r in rows if r["id"].startswith("sup:") and r["kind"] in ("region", "desert") for f in r["forms"]}
    for r in rows:  # "الغوطة الشرقية" is the curated region, not an alias of one of its sub-districts
        if r["kind"] in ("governorate", "district", "subdistrict"):
            r["forms"] = [f for f in r["forms"] if f not in regions] or r["forms"]
    new, gates, votes, stats = build_wof(
        args.data, rows, sup, corpus=None if args.no_corpus else args.corpus, skip=lambda i: split_of(i) == "check",
        make_row=row, ascii_fold=ascii_fold,
    )
    rows += new
    stats["revoted"] = vote_districts(rows, votes)
    for r in rows:
        r.pop("_county_ok", None)
        r.pop("_wof", None)
    print(f"Who's On First: {json.dumps(stats, ensure_ascii=False)}")
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise SystemExit(f"duplicate place ids: {dup[:10]}")
    rows.sort(key=lambda r: r["id"])
    cols = list(rows[0].keys())
    payload = {
        "format": FORMAT_VERSION,
        "notice": "Derived from Open-Syria/OCHA COD (CC BY 4.0), GeoNames (CC BY 4.0), m7amad-t/iraq_geo_data (MIT) "
        "and Marsad's curated supplement; see NOTICE in this folder.",
        "columns": cols,
        "gates": gates,
        "rows": [[r[c] for c in cols] for r in rows],
    }
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")
    out = args.out / "gazetteer.json.gz"
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["country"]] = counts.get(r["country"], 0) + 1
    print(f"wrote {out} ({out.stat().st_size:,} bytes, {len(rows):,} places: {counts})")


if __name__ == "__main__":
    main()
