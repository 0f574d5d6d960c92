"""The gazetteer: place expressions found in text, resolved to coordinates, admin units and OCHA p-codes."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any, Final

from marsad.cache import ResourceCache, default_cache
from marsad.geo.data import (
    ADMIN,
    CUES_FILE,
    GAZETTEER_FILE,
    POPULATED,
    Cues,
    Place,
    PlaceTable,
    load_cues,
    load_data,
)
from marsad.geo.mentions import MentionFinder, Names, NameScan, PlaceMention, prior, scanned
from marsad.lexicon.matcher import PhraseMatcher
from marsad.text.normalize import normalize_str

_DIRECTIONS = {
    "east": (0.0, 1.0),
    "west": (0.0, -1.0),
    "north": (1.0, 0.0),
    "south": (-1.0, 0.0),
    "northeast": (0.7071, 0.7071),
    "northwest": (0.7071, -0.7071),
    "southeast": (-0.7071, 0.7071),
    "southwest": (-0.7071, -0.7071),
}
_ARABIC = re.compile("[\u0600-\u06ff]")
CUE_PENALTY = 0.04
# Kinds of place no event is put at: a country is no place on a map (the extraction's choice of an event's place,
# and its early exit for an article that names nothing more precise: Gazetteer.only_countries).
COUNTRY_KINDS: Final = frozenset({"country"})
# A village that needs context lying this close to a place the text names is supported by it, and scores a little
# more than its namesakes (Who's On First's district of a village near a boundary is sometimes the neighbour's).
NEAR_KM = 25.0
NEAR_BONUS = 0.05
# "حي X" is a quarter of a city: a village of that name farther than this from every city or town the text names
# is a namesake ("حي المشيرفة" in al-Hasakah city, not the village al-Mushayrifah of al-Malikiyah district)
QUARTER_KM = 12.0
# the kinds of place whose point says nothing about where a village near it lies
_NO_POINT = frozenset({"country", "governorate", "region", "desert", "district"})
# "ريف إدلب الجنوبي" -> "Southern Idleb countryside", "بادية السويداء" -> "As-Sweida desert"
_AREA_DIRECTION = {
    "east": "Eastern",
    "west": "Western",
    "north": "Northern",
    "south": "Southern",
    "northeast": "North-eastern",
    "northwest": "North-western",
    "southeast": "South-eastern",
    "southwest": "South-western",
}
_AREA_WORD = {"countryside": "countryside", "desert": "desert"}
# A part of a country ("جنوب غرب سوريا": "South-west Syria"): a region of the event, not the country
_COUNTRY_PART = {
    "east": "Eastern",
    "west": "Western",
    "north": "Northern",
    "south": "Southern",
    "northeast": "North-east",
    "northwest": "North-west",
    "southeast": "South-east",
    "southwest": "South-west",
}
# What the text naming a candidate's country adds to its score (a Lebanese village named in an article about
# Lebanon beats a Jordanian town of the same name: more than a town's prior over a village's).
COUNTRY_BONUS = 0.3


def lies_toward(origin: tuple[float, float], point: tuple[float, float], direction: str) -> bool:
    """Whether ``point`` (latitude, longitude) lies in the compass ``direction`` ("east", "southwest" ...) of
    ``origin``: within 60 degrees of it, on a local flat map."""
    dlat, dlon = _DIRECTIONS.get(direction, (0.0, 0.0))
    vy = point[0] - origin[0]
    vx = (point[1] - origin[1]) * math.cos(math.radians(origin[0]))
    norm = math.hypot(vx, vy)
    return norm > 0 and (vx * dlon + vy * dlat) / norm > 0.5

# What one mention tells of the document: the district, governorate and country its candidates share.
_Evidence = tuple[str | None, str | None, str | None]
_NO_EVIDENCE: _Evidence = (None, None, None)
# How often the document names each district, governorate and country.
_Counts = tuple[dict[str, int], dict[str, int], dict[str, int]]


def _count(counts: _Counts, ev: _Evidence, weight: int) -> None:
    for table, unit in zip(counts, ev, strict=True):
        if unit is not None:
            table[unit] = table.get(unit, 0) + weight


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    """A place expression resolved in the gazetteer (see the output contract's ``location``)."""

    place_id: str
    name: str
    name_ar: str
    country: str
    admin1: str | None
    admin2: str | None
    admin3: str | None
    pcode: str | None
    admin1_pcode: str | None
    admin2_pcode: str | None
    admin3_pcode: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    kind: str
    score: float
    explanation: str

    def to_location(self, text: str) -> dict[str, Any]:
        """The contract's ``location`` object, with ``text`` the words of the article."""
        return {
            "name": self.name,
            "name_ar": self.name_ar,
            "text": text,
            "country": self.country,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "pcode": self.pcode,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geo_precision": self.geo_precision,
        }


def _fold_en(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", s).split())


def _skeleton(s: str) -> str:
    toks = [
        t
        for t in re.split(r"[^a-z]+", _fold_en(s))
        if t and t not in {"al", "el", "ad", "ar", "as", "ash", "at", "az", "ez", "an"}
    ]
    j = "".join(toks)
    for a, b in (("gh", "g"), ("kh", "k"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("q", "k")):
        j = j.replace(a, b)
    j = re.sub("h$", "", j)
    return re.sub(r"(.)\1+", r"\1", re.sub("[aeiouyw'`]", "", j))


class _NearPoints(Collection[tuple[float, float]]):
    """The points of the places chosen for the document's other names, read only when a village needs them (a
    tuple of them per mention cost time in the square of the number of places of a long text)."""

    __slots__ = ("_count", "_key", "_points")

    def __init__(self, points: list[tuple[tuple[str, ...], tuple[float, float]]], key: tuple[str, ...], count: int):
        self._points, self._key, self._count = points, key, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[float, float]]:
        return (pt for key, pt in self._points if key != self._key)

    def __contains__(self, item: object) -> bool:
        return any(pt == item for pt in self)


class Gazetteer:
    """Places of Syria, Iraq, Lebanon, Jordan, Palestine and Turkey's border provinces (see docs/geo.md).

    Load it with :meth:`load` (or :func:`default_gazetteer`); the constructor takes already-loaded records.
    """

    def __init__(self, places: Sequence[Place], finder: MentionFinder) -> None:
        # (a stored gazetteer's places are made as they are read: see PlaceTable)
        self._places = places if isinstance(places, PlaceTable) else PlaceTable.of(places)
        self._by_id = self._places.by_id()
        self._prior: dict[str, float] = {}  # prior() of the places scored so far
        self._finder = finder
        self._populated_by_a1: dict[str, list[int]] = {}  # built on first need (see _seat)
        self._districts_by_a1: dict[str, list[Place]] = {}
        a1s = self._places.a1s
        for i in compress(range(len(a1s)), map("district".__eq__, self._places.kinds)):  # (at C speed: 33,000)
            if a1 := a1s[i]:
                self._districts_by_a1.setdefault(a1, []).append(self._places[i])
        # the indexes of lookup(), built on its first call (the extraction never needs them)
        self._en: dict[str, list[str]] = {}
        self._skel: dict[str, list[str]] = {}
        self._ar: dict[str, list[str]] = {}

    @property
    def cues(self) -> Cues:
        """The place cue words (``resources/geo/cues.yaml``)."""
        return self._finder.cues

    def _arabic_index(self) -> dict[str, list[str]]:
        if not self._ar:
            for p in self._places:
                for f in p.forms:
                    self._ar.setdefault(f, []).append(p.id)
        return self._ar

    def _english_index(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """English names and their consonant skeletons (built on the first English query: a second or so)."""
        if not self._en:
            for p in self._places:
                for f in (*p.en, _fold_en(p.name)):
                    self._en.setdefault(f, []).append(p.id)
                    self._skel.setdefault(_skeleton(f), []).append(p.id)
        return self._en, self._skel

    @classmethod
    def load(cls, path: Path | None = None, *, cache: ResourceCache | None = None) -> Gazetteer:
        """The gazetteer at ``path`` (default: the packaged resource); cached, so cheap to call twice. The packaged
        one is kept compiled in ``cache`` (default: :func:`marsad.cache.default_cache`; ``ResourceCache(None)``
        builds it in memory)."""
        return _load(path or GAZETTEER_FILE, cache or default_cache())

    def __len__(self) -> int:
        return len(self._places)

    def place(self, place_id: str) -> Place:
        return self._by_id[place_id]

    # ------------------------------------------------------------------ finding
    def find_mentions(self, norm_text: str, *, names: Names | None = None) -> list[PlaceMention]:
        """Every place expression in normalised text, non-overlapping, longest first, in text order. ``names``:
        what :attr:`name_matcher` finds in the text (its matches unordered, and its marks), when a caller found
        them already (in one pass with other forms: :meth:`marsad.lexicon.matcher.PhraseMatcher.combine`)."""
        return self._finder.find(norm_text, names=names)

    def only_countries(self, mentions: Sequence[PlaceMention]) -> bool:
        """Whether :meth:`resolve_all` could resolve none of ``mentions`` to a place more precise than a country,
        read without resolving them: none has a qualifier ("شمال سوريا" may resolve to a region of the country)
        and every candidate of each is a country (or no place of this gazetteer). Most articles that name a place
        name only countries ("سوريا"، "إيران"): the extraction then stops before reading them further."""
        positions = self._places.positions()
        kinds = self._places.kinds
        for m in mentions:
            if m.qualifier is not None:
                return False
            for c in m.candidates:
                i = positions.get(c)
                if i is not None and kinds[i] not in COUNTRY_KINDS:
                    return False
        return True

    @property
    def name_matcher(self) -> PhraseMatcher[Any]:
        """The matcher of the place names (and marks) that :meth:`find_mentions` runs over the whole text."""
        return self._finder.name_matcher

    # ------------------------------------------------------------------ resolving
    def resolve_all(
        self,
        mentions: Sequence[PlaceMention],
        *,
        dateline: str | None = None,
        country_hint: str | None = None,
        scan: NameScan | None = None,
    ) -> list[ResolvedPlace | None]:
        """Resolve the mentions of one document together; ``None`` where a mention stays unresolved.

        Each mention's candidates are scored by kind and population, then by agreement with the rest of the
        document: the districts, governorates and countries its other (unambiguous first) places lie in, the
        dateline's place and the ``country_hint``. A candidate outside the hinted country that nothing in the
        document supports is not returned: the mention is reported unresolved. ``scan``: how the dateline's names
        are found (:meth:`lookup`).
        """
        # a name repeated is one name: its candidates, evidence and choice are worked out once (every step below
        # reads a mention by its candidates only, but for the last checks and the output)
        distinct: dict[tuple[str, ...], list[Place]] = {}
        for m in mentions:
            if m.candidates not in distinct:
                distinct[m.candidates] = [self._by_id[c] for c in m.candidates if c in self._by_id]
        cands = [distinct[m.candidates] for m in mentions]
        base: _Counts = ({}, {}, {})
        notes: list[str] = []
        if dateline:
            hits = self.lookup(dateline, scan=scan)
            if hits:
                d = self._by_id[hits[0].place_id]
                _count(base, (d.a2 or None, d.a1 or None, d.country), 2)
                notes.append(f"dateline {d.name}")
        # a name counts once however often it is repeated: two mentions of one ambiguous name do not confirm
        # each other (the evidence of a mention is taken out of the counts as one)
        own = {key: self._evidence(cs) for key, cs in distinct.items()}
        anchors: _Counts = (dict(base[0]), dict(base[1]), dict(base[2]))
        for ev in own.values():
            _count(anchors, ev, 1)
        best_of = {key: self._best(cs, anchors, own[key], country_hint) for key, cs in distinct.items()}
        first = [best_of[m.candidates] for m in mentions]
        chosen_of = {key: self._evidence([c]) if c else _NO_EVIDENCE for key, c in best_of.items()}
        chosen_ev = [chosen_of[m.candidates] for m in mentions]
        ctx: _Counts = (dict(base[0]), dict(base[1]), dict(base[2]))
        for ev in chosen_of.values():
            _count(ctx, ev, 1)
        out: list[ResolvedPlace | None] = []
        # the points of the places chosen so far (towns and smaller): a village near one of them is supported
        points = [
            (m.candidates, (c.lat, c.lon))
            for m, c in zip(mentions, first, strict=True)
            if c is not None and c.lat is not None and c.lon is not None and c.kind not in _NO_POINT
        ]
        keys: dict[tuple[str, ...], int] = {}
        for key, _ in points:
            keys[key] = keys.get(key, 0) + 1
        towns = [
            (c.lat, c.lon)
            for c in first
            if c is not None and c.lat is not None and c.lon is not None and c.kind in ("city", "town")
        ]
        choices: dict[tuple[str, ...], tuple[Place | None, float, str]] = {}
        # (a resolved place is made of the choice and the mention's qualifier, kind and precision alone)
        made: dict[tuple[tuple[str, ...], str | None, str, int], ResolvedPlace] = {}
        for m, cs, ev in zip(mentions, cands, chosen_ev, strict=True):
            choice = choices.get(m.candidates)
            if choice is None:
                near = _NearPoints(points, m.candidates, len(points) - keys.get(m.candidates, 0))
                choice = choices[m.candidates] = self._choose(cs, ctx, ev, country_hint, near)
            best, score, why = choice
            if best is None or (m.kind == "neighbourhood" and best.kind == "village" and _far_from(best, towns)):
                out.append(None)
                continue
            reading = (m.candidates, m.qualifier, m.kind, m.precision)
            resolved = made.get(reading)
            if resolved is None:
                resolved = made[reading] = self._resolved(best, m, score, "; ".join([*notes, why]))
            out.append(resolved)
        return out

    @staticmethod
    def _evidence(cs: Sequence[Place]) -> _Evidence:
        """What a mention says about the document: the district, governorate and country all its candidates
        share (``None`` where they differ)."""
        if not cs:
            return _NO_EVIDENCE
        first = cs[0]
        a2: str | None = first.a2
        a1: str | None = first.a1
        cc: str | None = first.country
        for p in cs[1:]:
            if p.a2 != a2:
                a2 = None
            if p.a1 != a1:
                a1 = None
            if p.country != cc:
                cc = None
        return a2, a1, cc

    @staticmethod
    def _near(p: Place, near: Collection[tuple[float, float]]) -> bool:
        """Whether a village lies within NEAR_KM of a place the text names ("قرية سديرة جنوب الشرقاط")."""
        if not near or p.lat is None or p.lon is None or p.kind not in ("village", "neighbourhood"):
            return False
        k = math.cos(math.radians(p.lat))
        return any(math.hypot(p.lat - a, (p.lon - b) * k) * 111.2 <= NEAR_KM for a, b in near)

    def _score(
        self,
        p: Place,
        ctx: _Counts,
        ev: _Evidence,
        hint: str | None,
        why: list[str],
        near: Collection[tuple[float, float]] = (),
    ) -> float:
        """Score of one candidate given the document's evidence ``ctx`` less the mention's own ``ev`` (a unit
        counts where ``ctx`` has more of it than ``ev``); the reasons are appended to ``why``."""
        s = self._prior.get(p.id)
        if s is None:
            # a place that needs context (a Who's On First village) ranks below a known place of the same name
            # that the text supports as much ("الحمدانية": the district, not one of five villages)
            s = self._prior[p.id] = prior(p) - (CUE_PENALTY if p.cue else 0.0)
        if p.a2 and ctx[0].get(p.a2, 0) > (ev[0] == p.a2):
            s += 0.30
            why.append("district named in text")
        if p.a1 and ctx[1].get(p.a1, 0) > (ev[1] == p.a1):
            s += 0.20
            why.append("governorate named in text")
        if ctx[2].get(p.country, 0) > (ev[2] == p.country):
            s += COUNTRY_BONUS
            why.append("country in text")
        if hint and p.country == hint:
            s += 0.15
            why.append("country hint")
        if p.cue and self._near(p, near):
            s += NEAR_BONUS
            why.append(f"within {NEAR_KM:.0f} km of a place named in text")
        return s

    def _ranked(
        self,
        cs: Sequence[Place],
        ctx: _Counts,
        ev: _Evidence,
        hint: str | None,
        near: Collection[tuple[float, float]] = (),
    ) -> list[tuple[float, Place]]:
        """The candidates with their scores, best first (ties keep the gazetteer's order)."""
        scratch: list[str] = []
        scored = [(self._score(p, ctx, ev, hint, scratch, near), p) for p in cs]
        scored.sort(key=lambda t: -t[0])
        return scored

    @staticmethod
    def _unsupported(
        cs: Sequence[Place],
        ctx: _Counts,
        ev: _Evidence,
        hint: str | None,
        best: Place,
    ) -> bool:
        """Whether the best candidate lies outside the hinted country with nothing in the text for it."""
        if not hint or best.country == hint or best.kind == "country":
            return False
        if ctx[2].get(best.country, 0) > (ev[2] == best.country):
            return False
        return len({p.country for p in cs}) > 1

    def _far_village(
        self,
        scored: Sequence[tuple[float, Place]],
        ctx: _Counts,
        ev: _Evidence,
        near: Collection[tuple[float, float]] = (),
    ) -> str | None:
        """Why a village that needs context (``cue``) is not a safe choice, or None: the text ties it to no
        district or governorate while it names others, or a namesake in another governorate scores the same."""
        s0, best = scored[0]
        if not best.cue or best.kind not in ("village", "neighbourhood"):
            return None
        supported = (
            (best.a2 and ctx[0].get(best.a2, 0) > (ev[0] == best.a2))
            or (best.a1 and ctx[1].get(best.a1, 0) > (ev[1] == best.a1))
            or self._near(best, near)
        )
        if supported:
            return None
        if best.id.startswith("wof:") and ctx[2].get(best.country, 0) <= (ev[2] == best.country):
            # one of 30,000 villages (not a curated one the news names): its country must be in the text
            return f"{best.name}: nothing else in the text lies in {best.country}"
        if any(n > (ev[1] == a1) for a1, n in ctx[1].items()):
            return f"{best.name} ({best.country}) lies in none of the governorates the text names"
        if len(scored) > 1 and scored[1][0] >= s0 - 0.005 and scored[1][1].a1 != best.a1:
            return f"namesakes in several governorates ({best.name}, {scored[1][1].name}) and nothing to choose"
        return None

    def _best(
        self, cs: Sequence[Place], ctx: _Counts, ev: _Evidence, hint: str | None
    ) -> Place | None:
        """The choice of :meth:`_choose` without its confidence and explanation."""
        if not cs:
            return None
        scored = self._ranked(cs, ctx, ev, hint)
        best = scored[0][1]
        if self._unsupported(cs, ctx, ev, hint, best):
            return None
        scored = self._without_far_villages(scored, ctx, ev)[0]
        return scored[0][1] if scored else None

    def _without_far_villages(
        self,
        scored: list[tuple[float, Place]],
        ctx: _Counts,
        ev: _Evidence,
        near: Collection[tuple[float, float]] = (),
    ) -> tuple[list[tuple[float, Place]], str]:
        """The ranked candidates less the villages :meth:`_far_village` rejects from the top (a district or town
        of the same name then wins: "قضاء أمرلي"), and why the last one was rejected."""
        why = ""
        first = scored[0][1] if scored else None
        while scored:
            far = self._far_village(scored, ctx, ev, near)
            if not far:
                break
            why = far
            top_score, top = scored[0]
            scored = [
                (s, p)
                for s, p in scored
                if p is not top
                and not (far.startswith("namesakes") and p.cue and p.kind == top.kind and s >= top_score - 0.005)
            ]
        if why and scored and first is not None:
            # not a namesake in a country the text does not name, for a village of the country it names
            country = scored[0][1].country
            if country != first.country and ctx[2].get(first.country, 0) > (ev[2] == first.country):
                if ctx[2].get(country, 0) <= (ev[2] == country):
                    return [], f"{why}; the other namesakes lie in another country"
        return scored, why

    def _choose(
        self,
        cs: Sequence[Place],
        ctx: _Counts,
        ev: _Evidence,
        hint: str | None,
        near: Collection[tuple[float, float]] = (),
    ) -> tuple[Place | None, float, str]:
        if not cs:
            return None, 0.0, "not in the gazetteer"
        scored = self._ranked(cs, ctx, ev, hint, near)
        s0, best = scored[0]
        if self._unsupported(cs, ctx, ev, hint, best):
            return (
                None,
                0.0,
                f"only candidate(s) outside {hint} ({best.name}, {best.country}) with no support in the text",
            )
        scored, far = self._without_far_villages(scored, ctx, ev, near)
        if not scored:
            return None, 0.0, far
        s0, best = scored[0]
        why0 = [f"{best.kind} {best.pop:,}"]
        self._score(best, ctx, ev, hint, why0, near)
        if len(scored) == 1:
            conf = min(1.0, 0.7 + 0.3 * min(1.0, len(why0) / 3))
        else:
            conf = 0.5 + 0.5 * math.tanh((s0 - scored[1][0]) * 4)
        expl = f"{best.name} [{best.id}] {s0:.2f}: " + ", ".join(why0)
        if len(scored) > 1:
            expl += "; over " + ", ".join(f"{p.name}/{p.country} [{p.id}] {s:.2f}" for s, p in scored[1:4])
        return best, round(conf, 3), expl

    # ------------------------------------------------------------------ areas and output
    def _namesake_gov(self, p: Place, head_forms: Sequence[str]) -> Place | None:
        if p.kind == "governorate":
            return p
        if p.kind in POPULATED or p.kind in ("district", "subdistrict"):
            gov = self._by_id.get(p.a1) if p.a1 else None
            if gov and set(gov.forms) & set(head_forms):
                return gov
        return None

    def _by_direction(self, gov: Place, origin: Place, direction: str) -> Place | None:
        dlat, dlon = _DIRECTIONS[direction]
        if origin.lat is None or origin.lon is None:
            return None
        best: tuple[float, Place] | None = None
        for d in self._districts_by_a1.get(gov.id, ()):
            if d.lat is None or d.lon is None or d.id == origin.a2:
                continue
            vy = d.lat - origin.lat
            vx = (d.lon - origin.lon) * math.cos(math.radians(origin.lat))
            norm = math.hypot(vx, vy)
            if norm == 0:
                continue
            cos = (vx * dlon + vy * dlat) / norm
            if cos > 0.5 and (best is None or cos - norm / 10 > best[0]):
                best = (cos - norm / 10, d)
        return best[1] if best else None

    def _area(self, p: Place, m: PlaceMention) -> tuple[Place, int, str, str | None]:
        """The unit a mention stands for, its precision, a note, and the name of the area where the mention names
        one rather than a unit ("ريف إدلب الجنوبي": "Southern Idleb countryside", in the Ariha district)."""
        qual = m.qualifier or ""
        base, _, direction = qual.partition("-")
        if base in _DIRECTIONS:
            base, direction = "", base
        if base in ("countryside", "desert"):
            forms = p.forms
            gov = self._namesake_gov(p, forms)
            area = " ".join(
                x for x in (_AREA_DIRECTION.get(direction, ""), (gov or p).name, _AREA_WORD[base]) if x
            )
            if gov is not None:
                origin = p if p.kind != "governorate" else self._seat(gov, forms)
                if direction:
                    d = self._by_direction(gov, origin, direction)
                    if d is not None:
                        return d, 2, f"{base} {direction} of {p.name}: {d.name} district", area
                # the governorate alone: its own name says as much as "the countryside of X" (and is what an
                # annotator's admin fields hold)
                return gov, 2, f"{base} of {p.name}: {gov.name} governorate", area
            unit = self._by_id.get(p.a2 or "") or self._by_id.get(p.a1 or "")
            if p.kind in ("district", "governorate") or unit is None:
                unit = p
            return unit, 2, f"{base} of {p.name}: {unit.name}", area
        if direction and not base and p.kind == "country":
            # "جنوب سوريا"، "شمال شرق سوريا": a part of the country, named as the news in English names it
            part = _COUNTRY_PART.get(direction, "")
            return p, 3, f"{direction} of {p.name}", f"{part} {p.name}" if part else None
        if direction or base == "outskirts":
            return p, (3 if p.kind in ("governorate", "country") else 2), f"{qual or base} of {p.name}", None
        if p.kind in ("governorate", "country"):
            return p, 3, "", None
        if p.kind in ("district", "subdistrict") and m.kind in ("city", "town", "village"):
            return p, 1, "the seat of the unit ('مدينة/بلدة X')", None
        if p.kind in ADMIN or p.kind in ("region", "desert"):
            return p, (2 if p.a1 and (p.a2 or p.kind in ADMIN) else 3), "", None
        return p, m.precision if m.precision != 3 else 1, "", None

    def _seat(self, gov: Place, forms: Sequence[str]) -> Place:
        """The town of a governorate that carries its name (the origin of "ريف X الشرقي"), or the governorate."""
        if not self._populated_by_a1:  # (positions: a place is made only when its forms are read)
            for i, (kind, a1) in enumerate(zip(self._places.kinds, self._places.a1s, strict=True)):
                if kind in POPULATED and a1:
                    self._populated_by_a1.setdefault(a1, []).append(i)
        wanted = set(forms)
        places = self._places
        return next((q for q in map(places.__getitem__, self._populated_by_a1.get(gov.id, ())) if wanted & set(q.forms)), gov)

    def _resolved(self, p: Place, m: PlaceMention, score: float, why: str) -> ResolvedPlace:
        unit, precision, note, area = self._area(p, m)
        a1 = self._by_id.get(unit.a1 or "")
        a2 = self._by_id.get(unit.a2 or "")
        a3 = self._by_id.get(unit.a3 or "")
        if unit.kind == "governorate" and unit.a2 != unit.id:
            a2 = a3 = None
        elif unit.kind == "district":
            a3 = None
        pcode = (
            unit.pcode
            or (a3.pcode if a3 else None)
            or (a2.pcode if a2 else None)
            or (a1.pcode if a1 else None)
        )
        if precision == 1 and p.approx:
            precision = 2
        return ResolvedPlace(
            place_id=unit.id,
            name=area or unit.name,
            name_ar=unit.name_ar or p.name_ar,
            country=unit.country,
            admin1=a1.name if a1 else None,
            admin2=a2.name if a2 else None,
            admin3=a3.name if a3 else None,
            pcode=pcode,
            admin1_pcode=a1.pcode if a1 else None,
            admin2_pcode=a2.pcode if a2 else None,
            admin3_pcode=a3.pcode if a3 else None,
            latitude=unit.lat,
            longitude=unit.lon,
            geo_precision=precision,
            # a part of a country is a region of it, usable as an event's place where the country is not
            kind="region" if area and unit.kind == "country" else (m.kind if m.qualifier or not m.candidates else unit.kind),
            score=score,
            explanation="; ".join(x for x in (note, why) if x),
        )

    # ------------------------------------------------------------------ queries
    def lookup(self, query: str, *, country: str | None = None, scan: NameScan | None = None) -> list[ResolvedPlace]:
        """Places matching a free-text query, Arabic ("ريف دير الزور الشرقي", "مخيم الهول") or English
        ("Khan Yunis", "Al-Hasakeh"), best first, optionally within one country. ``scan``: how to find the names
        of an Arabic query, when the caller has a matcher of the same forms (:data:`marsad.geo.mentions.NameScan`)."""
        q = query.strip()
        if not q:
            return []
        if _ARABIC.search(q):
            norm = " ".join(normalize_str(q).split())
            ms = self._finder.find(norm, gated=False, names=None if scan is None else scanned(scan, norm))
            if ms:
                m = max(ms, key=lambda m: (m.end - m.start, -m.start))
                ids = list(m.candidates)
            else:
                ids = list(self._arabic_index().get(norm, []))
                m = PlaceMention(0, len(norm), 0, len(norm), tuple(ids), 1, None, "")
        else:
            key = _fold_en(q)
            key = re.sub(r"\s+(governorate|district|subdistrict|province|city)$", "", key)
            en, skel = self._english_index()
            ids = list(en.get(key, [])) or list(skel.get(_skeleton(key), []))
            m = PlaceMention(0, len(q), 0, len(q), tuple(ids), 1, None, "")
        places = [self._by_id[i] for i in dict.fromkeys(ids)]
        if country:
            places = [p for p in places if p.country.lower() == country.lower()]
        places.sort(key=lambda p: -prior(p))
        out = []
        for rank, p in enumerate(places):
            kind = m.kind or p.kind
            mm = PlaceMention(
                m.start, m.end, m.head_start, m.head_end, (p.id,), m.precision, m.qualifier, kind
            )
            out.append(
                self._resolved(p, mm, round(prior(p), 3), f"query match #{rank + 1} by kind and population")
            )
        return out


@lru_cache(maxsize=4)
def _load(path: Path, cache: ResourceCache) -> Gazetteer:
    if path != GAZETTEER_FILE:
        return _build(path)
    from marsad.geo import stored

    return cache.get("gazetteer", lambda: _build(path), stored.dump, stored.load)


def _build(path: Path) -> Gazetteer:
    data = load_data(path)
    cues = load_cues(CUES_FILE)
    finder = MentionFinder(data.places, cues, common_forms=data.common_forms, open_forms=data.open_forms)
    return Gazetteer(data.places, finder)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once (from the process's :func:`marsad.cache.default_cache`)."""
    return Gazetteer.load()


def _far_from(p: Place, towns: Sequence[tuple[float, float]]) -> bool:
    """Whether ``p`` lies farther than QUARTER_KM from every one of ``towns`` (and there is one)."""
    if not towns or p.lat is None or p.lon is None:
        return False
    k = math.cos(math.radians(p.lat))
    return all(math.hypot(p.lat - a, (p.lon - b) * k) * 111.2 > QUARTER_KM for a, b in towns)
