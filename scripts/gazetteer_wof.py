"""Who's On First villages and towns for Marsad's gazetteer (imported by scripts/build_gazetteer.py).

The flattened WOF records of ../shared/data/geo/whosonfirst (Syria, Iraq, Lebanon, Jordan, Palestine) become
gazetteer rows: their Arabic-script names as surface forms (Kurdish spellings kept and also folded into the
letters Arabic news uses: "كەڵەوان" -> "كلوان"; "قرية/ناحية X" -> "X"; "ابو X" <-> "ابي X"), placed in the admin
units of the rest of the gazetteer (Syria: the nearest OCHA sub-district centroid; Iraq and Lebanon: the WOF
district when its name matches one of ours and lies near the point, otherwise the nearest district seat of the
province; Palestine: the governorate; Jordan: the governorate).

A record that is already in the gazetteer (the same GeoNames id, or the same name within 4 km) only lends its
extra forms. Every new row needs context before a bare mention counts (``cue``), except distinctive compound
names (see ``distinctive``); forms that occur in many corpus articles are ordinary words or person names and need
a place word before them (``common_forms``). The figures are printed by the build and recorded in docs/geo.md.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from marsad.text.normalize import normalize_str

Row = dict[str, Any]

COUNTRIES = {"sy": "Syria", "iq": "Iraq", "lb": "Lebanon", "jo": "Jordan", "ps": "Palestine"}

# Kurdish (Sorani) letters as Arabic news writes them. ە is a vowel: dropped inside a word, ه at its end.
KURDISH = {"ڵ": "ل", "ڕ": "ر", "ێ": "ي", "ۆ": "و", "ڤ": "ف", "گ": "ك", "چ": "ج", "پ": "ب", "ژ": "ز", "ھ": "ه"}
KURDISH_LETTERS = re.compile("[ەڵڕێۆڤگچپژھ]")
# Words that open a form of the source but are not part of the name.
# ("مدينة الصدر", "مدينة السلام" are names in themselves: "مدينة" stays.)
NAME_PREFIXES = ("قريه ", "ناحيه ", "قضاء ", "قضا ", "مركز ", "محافظه ", "منطقه ")
# A compound whose first word is one of these, or whose last word says which of two namesakes it is, is a
# place name in itself: it may match without a place word before it.
TOPONYM_HEADS = frozenset(
    "تل تله عين دير كفر بيت خربه جسر راس بير بئر قصر مزرعه سد جب مغاره قلعه وادي جبل نهر".split()
)
DISTINGUISHERS = frozenset(
    "الشرقي الشرقيه الغربي الغربيه الشمالي الشماليه الجنوبي الجنوبيه الكبير الكبيره الصغير الصغيره الفوقاني "
    "الفوقانيه التحتاني التحتانيه العليا السفلي الجديد الجديده القديم القديمه".split()
)
# A form found in this many corpus articles (of 21,000) is mostly an ordinary word or a person's name.
COMMON_DF = 8
# A distinctive compound still needs context when this many places share it (تل أحمر: dozens of villages).
MAX_NAMESAKES = 3
NEAR_KM = 4.0
# The nearest Who's On First points within this distance vote for a place's district.
VOTE_KM = 16.0


def kurdish_fold(s: str) -> str:
    """An Arabic spelling of a Kurdish name: "كەڵەوان" -> "كلوان", "شەقڵاوە" -> "شقلاوه"."""
    words = []
    for w in s.split():
        if w.startswith("ئ"):
            w = "ا" + w[1:]
        w = re.sub("ە$", "ه", w).replace("ە", "")
        w = "".join(KURDISH.get(c, c) for c in w).replace("وو", "و")
        words.append(w)
    return " ".join(words)


def norm_form(s: str) -> str:
    s = normalize_str(s)
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


def forms_of(names: Sequence[str]) -> list[str]:
    """Normalised surface forms of a WOF record's Arabic-script names."""
    out: list[str] = []

    def add(f: str) -> None:
        if len(f.replace(" ", "")) >= 2 and not re.search("[a-z0-9]", f) and f not in out:
            out.append(f)

    for raw in names:
        if not raw or not re.search("[\u0600-\u06ff]", raw):
            continue
        variants = [raw]
        if KURDISH_LETTERS.search(raw):
            variants.append(kurdish_fold(raw))
        for v in variants:
            f = norm_form(v)
            for p in NAME_PREFIXES:
                if f.startswith(p) and len(f) > len(p) + 2:
                    f = f[len(p) :]
                    break
            add(f)
            if raw is names[0] and v.rstrip().endswith("ى") and f.endswith("ي"):  # "ديالى" / "ديالا"
                add(f[:-1] + "ا")
            if f.endswith("اء"):
                add(f[:-1])
            # "مسرابا" / "مسرابة": names transliterated back into Arabic end in alef where the news writes a
            # ta marbuta, and the other way round (normalised "ه"); a last word of five letters or more only (a
            # shorter one with "ه" is too often a word with its pronoun)
            last = f.rsplit(" ", 1)[-1]
            if len(last) >= 5 and last[-1] in "اه" and last[-2] not in "اويه":
                add(f[:-1] + ("ه" if last[-1] == "ا" else "ا"))
            if f.startswith("كفر "):
                add("كفر" + f[4:])
            # "ابو صيدا" / "ابي صيدا": the kunya in the nominative and the genitive ("ناحية أبي صيدا")
            if f.startswith("ابو "):
                add("ابي " + f[4:])
            elif f.startswith("ابي "):
                add("ابو " + f[4:])
    return out


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = a[0] - b[0]
    dlon = (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dlat, dlon) * 111.2


def read_wof(data: Path) -> list[dict[str, str]]:
    recs: list[dict[str, str]] = []
    for cc in COUNTRIES:
        with open(data / "whosonfirst" / f"wof_{cc}_places.csv", encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                r["cc"] = cc
                recs.append(r)
    recs.sort(key=lambda r: int(r["wof_id"]))
    return recs


def _key(s: str) -> str:
    """A loose key for English admin names ("Al-Muqdadiya" ~ "Muqdadiya", "Nassriya" ~ "Nasiriyah")."""
    s = re.sub(r"[^a-z]", "", s.lower())
    s = re.sub("^(al|el|an|ar|as|ash|at|ad|az)(?=[a-z]{4})", "", s)
    s = s.replace("ss", "s").replace("ee", "i").replace("ou", "u").replace("oo", "u")
    return re.sub("[aeiouyh']", "", s)


class Placer:
    """Admin units of the rows built so far, to place WOF points in."""

    def __init__(self, rows: list[Row], sup: dict[str, Any]) -> None:
        self.by_id = {r["id"]: r for r in rows}
        self.sy_subs = [r for r in rows if r["country"] == "Syria" and r["kind"] == "subdistrict" and r["lat"]]
        self.districts: dict[str, list[Row]] = {}
        for r in rows:
            if r["kind"] == "district" and r["country"] in ("Iraq", "Lebanon") and r["lat"] is not None:
                self.districts.setdefault(r["country"], []).append(r)
        self.ps_govs = [r for r in rows if r["country"] == "Palestine" and r["kind"] == "governorate"]
        self.jo_govs = {r["name"]: r for r in rows if r["country"] == "Jordan" and r["kind"] == "governorate"}
        self.jo_places = [r for r in rows if r["country"] == "Jordan" and r["a1"] and r["lat"] is not None]
        self.county_alias: dict[str, str] = sup.get("wof", {}).get("county_alias", {})
        self.region_alias: dict[str, str] = sup.get("wof", {}).get("region_alias", {})
        self.region_county: dict[str, str] = sup.get("wof", {}).get("region_county", {})
        self.unmatched: dict[tuple[str, str], int] = {}
        self.lent: list[tuple[Row, str]] = []  # forms given to rows that were there before WOF

    def district(
        self, country: str, county: str, county_ar: str, at: tuple[float, float]
    ) -> tuple[Row | None, bool]:
        """The district of a point: the one WOF names, if we have it and it lies near, else the nearest seat; and
        whether WOF named it."""
        ds = self.districts.get(country, [])
        if not ds:
            return None, False
        named: Row | None = None
        if county:
            want = self.county_alias.get(county, county)
            ar = norm_form(re.sub("^(قضاء|قضا|منطقه|منطقة) ", "", (county_ar or "").strip()))
            named = next((d for d in ds if d["name"] == want), None)
            named = named or next((d for d in ds if ar and ar in d["forms"]), None)
            named = named or next(
                (d for d in ds if _key(want) in {_key(n) for n in (d["name"], *d["en"])}), None
            )
            if named is None:
                self.unmatched[(country, county)] = self.unmatched.get((country, county), 0) + 1
        if named is not None and km(at, (named["lat"], named["lon"])) < 90:
            if ar and len(ar) > 3 and not KURDISH_LETTERS.search(ar) and ar not in named["forms"]:
                named["forms"].append(ar)  # "قضاء كويسنجق", "قضاء بشدر": WOF's Arabic name of the district
                self.lent.append((named, ar))
            return named, True
        return min(ds, key=lambda d: km(at, (d["lat"], d["lon"]))), False

    def place(self, rec: dict[str, str], at: tuple[float, float]) -> tuple[str | None, str | None, str | None, str | None, bool]:
        """(a1, a2, a3, pcode, whether WOF's own district was used) of a WOF point."""
        cc = rec["cc"]
        if cc == "sy":
            sub = min(self.sy_subs, key=lambda s: km(at, (s["lat"], s["lon"])))
            return sub["a1"], sub["a2"], sub["id"], sub["pcode"], False
        if cc in ("iq", "lb"):
            county = rec["county"] or self.region_county.get(rec["region"], "")
            d, ok = self.district(COUNTRIES[cc], county, rec["county_ar"], at)
            return (d["a1"], d["id"], None, None, ok) if d else (None, None, None, None, False)
        if cc == "ps":
            county = self.county_alias.get(rec["county"], rec["county"])
            gov = next((g for g in self.ps_govs if county and g["name"] == county), None)
            if gov is None:
                gov = min(
                    (g for g in self.ps_govs if g["lat"] is not None), key=lambda g: km(at, (g["lat"], g["lon"]))
                )
            return gov["a1"], gov["id"], None, None, False
        region = self.region_alias.get(rec["region"], rec["region"])
        if region in self.jo_govs:
            return self.jo_govs[region]["a1"], None, None, None, False
        near = min(self.jo_places, key=lambda p: km(at, (p["lat"], p["lon"])))
        return near["a1"], None, None, None, False


def corpus_df(forms: Iterable[str], corpus: Path, skip: Any) -> dict[str, int]:
    """In how many corpus articles (those ``skip(id)`` is false for) each form occurs as words (with the
    article and the proclitics و ف ب ل ك allowed before it)."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for f in set(forms):
        core = f[2:] if f.startswith("ال") and len(f) > 4 else f
        auto.add_word(core, core)
    auto.make_automaton()
    cores = {f: (f[2:] if f.startswith("ال") and len(f) > 4 else f) for f in set(forms)}
    df: dict[str, int] = {}
    pre = re.compile(r"(?:^|\s)(?:[وف]?[بلك]?(?:ال)?)$")
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if skip(rec["id"]):
                continue
            text = " " + normalize_str(f"{rec.get('title') or ''}\n{rec.get('text') or ''}") + " "
            seen: set[str] = set()
            for end, core in auto.iter(text):
                if core in seen:
                    continue
                start = end - len(core) + 1
                if text[end + 1].isalnum() or not pre.search(text[max(0, start - 6) : start]):
                    continue
                seen.add(core)
            for core in seen:
                df[core] = df.get(core, 0) + 1
    return {f: df.get(c, 0) for f, c in cores.items()}


def distinctive(form: str, namesakes: int) -> bool:
    """A compound name that says by itself that it is a place ("تل أحمر الشرقي", "عين عيسى")."""
    words = form.split()
    if len(words) < 2 or namesakes > MAX_NAMESAKES:
        return False
    return words[0] in TOPONYM_HEADS or words[-1] in DISTINGUISHERS


def build_wof(
    data: Path,
    rows: list[Row],
    sup: dict[str, Any],
    *,
    corpus: Path | None,
    skip: Any,
    make_row: Any,
    ascii_fold: Any,
) -> tuple[list[Row], dict[str, list[str]], list[tuple[str, float, float, str]], dict[str, Any]]:
    """New rows from WOF (extra forms are lent to existing rows in place), the gated forms of the new rows
    (``common``: they need a place word; ``open``: distinctive compounds that need none), the points whose
    district WOF names (country, lat, lon, district id: votes for the places near them) and statistics."""
    placer = Placer(rows, sup)
    by_gn = {r["id"][3:]: r for r in rows if r["id"].startswith("gn:")}
    by_wof = {str(r["_wof"]): r for r in rows if r.get("_wof")}  # curated places tied to a record (supplement ``wof``)
    by_form: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        for f in r["forms"]:
            by_form.setdefault((r["country"], f), []).append(r)
    stats: dict[str, Any] = {"records": 0, "no_arabic": 0, "merged": 0, "new": {}}
    votes: list[tuple[str, float, float, str]] = []
    new: list[Row] = []
    for rec in read_wof(data):
        stats["records"] += 1
        names = [rec["name_ar"], *rec["ar_alternates"].split("|")]
        forms = forms_of(names)
        if not forms:
            stats["no_arabic"] += 1
            continue
        country = COUNTRIES[rec["cc"]]
        at = (float(rec["lat"]), float(rec["lon"]))
        linked = by_wof.get(rec["wof_id"])
        same = linked or (by_gn.get(rec["gn_id"]) if rec["gn_id"] else None)
        if same is None:
            same = next(
                (
                    r
                    for f in forms
                    for r in by_form.get((country, f), ())
                    if r["lat"] is not None and km(at, (r["lat"], r["lon"])) < NEAR_KM
                ),
                None,
            )
        a1, a2, a3, pcode, county_ok = placer.place(rec, at)
        if county_ok and a2:
            votes.append((country, at[0], at[1], a2))
        if linked is not None:
            stats["merged"] += 1
            continue  # the curated place's own forms stand
        if same is not None:
            # WOF's own Arabic name (not its alternates, some of which are other places' names: "خليج" for
            # الخالص) is lent, unless another row holds it for the same spot (a curated entry of the same town)
            lend = [
                f
                for f in forms_of([rec["name_ar"]])
                if f not in same["forms"]
                and not any(
                    r is not same and r["lat"] is not None and km(at, (r["lat"], r["lon"])) < NEAR_KM
                    for r in by_form.get((country, f), ())
                )
            ]
            same["forms"] += lend
            placer.lent += [(same, f) for f in lend]
            stats["merged"] += 1
            continue
        if a1 is None:
            continue
        pop = int(float(rec["population"] or 0))
        kind = "neighbourhood" if rec["placetype"] == "neighbourhood" else (
            "city" if pop >= 100_000 else "town" if pop >= 10_000 else "village"
        )
        # "Qaryat as Sudayrah" (the village of Sudayrah), "Nahiyat Abi Sayda": the name without the type word
        name = re.sub(r"^(?:Qaryat|Nahiyat|Qada'?)\s+", "", ascii_fold(rec["name_en"] or rec["name"])) or forms[0]
        r = make_row(
            f"wof:{rec['wof_id']}", kind, country, name, rec["name_ar"] or forms[0], pcode, a1, a2, a3,
            at[0], at[1], pop, forms, sorted({n.lower() for n in (name, ascii_fold(rec["name"]), ascii_fold(rec["name_en"])) if n}),
            cue=True,
        )
        r["_county_ok"] = county_ok
        new.append(r)
        for f in forms:
            by_form.setdefault((country, f), []).append(r)
        stats["new"][country] = stats["new"].get(country, 0) + 1
    # gating: distinctive compounds open, frequent forms need a place word
    count: dict[str, int] = {}
    for r in new:
        for f in r["forms"]:
            count[f] = count.get(f, 0) + 1
    old_forms = {f for r in rows for f in r["forms"] if not r["id"].startswith("wof:")}
    new_forms = sorted({f for r in new for f in r["forms"]} - old_forms)
    lent_forms = sorted({f for _, f in placer.lent})
    df = corpus_df([*new_forms, *lent_forms], corpus, skip) if corpus else {}
    # a form lent to a place that matched without it, frequent in the corpus, is mostly something else
    # ("سليماني": Soleimani far more than Sulaymaniyah; "هاي"): it is taken back
    taken = 0
    for r, f in placer.lent:
        if df.get(f, 0) >= COMMON_DF and f in r["forms"]:
            r["forms"].remove(f)
            taken += 1
    stats["lent"], stats["lent_frequent"] = len(placer.lent), taken
    common = sorted(f for f in new_forms if df.get(f, 0) >= COMMON_DF)
    # towns of 10,000 people or more, and distinctive compounds, need no context unless the corpus says the form
    # is an ordinary word ("دورا": a role)
    towns = {f for r in new if r["kind"] in ("city", "town") for f in r["forms"]}
    opened = sorted(
        f for f in new_forms if (f in towns or distinctive(f, count[f])) and df.get(f, 0) < COMMON_DF
    )
    stats["open_forms"] = len(opened)
    stats["common_forms"] = len(common)
    stats["unmatched_counties"] = {f"{c}/{k}": n for (c, k), n in sorted(placer.unmatched.items())}
    return new, {"common": common, "open": opened}, votes, stats


def vote_districts(rows: list[dict[str, Any]], votes: list[tuple[str, float, float, str]]) -> int:
    """Lebanese places, and Iraqi places that are not a district's seat, take the district most of their nearest
    Who's On First neighbours (with a district of their own) lie in; an Iraqi place keeps the district of its
    nearest seat when one of the neighbours lies in it too (WOF's districts are sometimes wrong, and districts are
    irregular: neither is sure alone). Returns how many changed district."""
    cell = 0.15  # degrees: the neighbours of a point lie in its cell or the eight around it
    grid: dict[tuple[str, int, int], list[tuple[float, float, str]]] = {}
    for country, lat, lon, a2 in votes:
        grid.setdefault((country, int(lat // cell), int(lon // cell)), []).append((lat, lon, a2))
    by_id = {r["id"]: r for r in rows}
    seats = {
        c: [r for r in rows if r["country"] == c and r["kind"] == "district" and r["lat"] is not None]
        for c in ("Iraq", "Lebanon")
    }
    changed = 0
    for r in rows:
        if r["country"] not in ("Iraq", "Lebanon") or r["kind"] in ("governorate", "district", "country"):
            continue
        if r["lat"] is None or r["kind"] == "region":
            continue
        own = by_id.get(r["a2"] or "")
        if own is not None and set(own["forms"]) & set(r["forms"]):
            continue  # the district's seat
        seat = next(
            (
                d
                for d in seats[r["country"]]
                if set(d["forms"]) & set(r["forms"]) and km((r["lat"], r["lon"]), (d["lat"], d["lon"])) < VOTE_KM
            ),
            None,
        )
        if seat is not None:  # a town that carries its district's name: the seat ("طرابلس")
            if r["a2"] != seat["id"]:
                r["a2"], r["a1"] = seat["id"], seat["a1"]
                changed += 1
            continue
        if r["id"].startswith("wof:") and r.get("_county_ok"):
            continue
        if r["country"] == "Iraq" and not r["id"].startswith(("gn:", "wof:")):
            continue  # the supplement's own district
        ci, cj = int(r["lat"] // cell), int(r["lon"] // cell)
        near = sorted(
            (km((r["lat"], r["lon"]), (lat, lon)), a2)
            for di in (-1, 0, 1)
            for dj in (-1, 0, 1)
            for lat, lon, a2 in grid.get((r["country"], ci + di, cj + dj), ())
        )[:7]
        if not near or near[0][0] > VOTE_KM:
            if r["a2"] is None and seats[r["country"]]:  # no neighbour: the nearest district seat
                d = min(seats[r["country"]], key=lambda d: km((r["lat"], r["lon"]), (d["lat"], d["lon"])))
                r["a2"], r["a1"] = d["id"], d["a1"]
                changed += 1
            continue
        tally: dict[str, int] = {}
        for _, a2 in near:
            tally[a2] = tally.get(a2, 0) + 1
        best = max(sorted(tally), key=lambda k: tally[k])
        if r["country"] == "Iraq" and r["a2"] in tally:
            continue  # the nearest seat's district is among the neighbours': keep it
        if best != r["a2"]:
            r["a2"] = best
            r["a1"] = by_id[best]["a1"]
            changed += 1
    return changed
