"""The gazetteer's data: place records and the cue lexicon, loaded and validated from src/marsad/resources/geo/.

``gazetteer.json.gz`` is built by ``scripts/build_gazetteer.py`` (see docs/geo.md); ``cues.yaml`` is written by
hand. Both are read once, by :func:`load_places` and :func:`load_cues`; nothing here runs at import time.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from marsad.errors import ResourceError
from marsad.text.normalize import normalize_str

RESOURCE_DIR = Path(__file__).resolve().parents[1] / "resources" / "geo"
GAZETTEER_FILE = RESOURCE_DIR / "gazetteer.json.gz"
CUES_FILE = RESOURCE_DIR / "cues.yaml"
FORMAT_VERSION = 1

KINDS = frozenset(
    "governorate district subdistrict city town village neighbourhood camp prison airport base crossing dam field "
    "desert landmark country region".split()
)
POPULATED = frozenset({"city", "town", "village"})
ADMIN = frozenset({"governorate", "district", "subdistrict"})


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer record. ``a1``/``a2``/``a3`` are the ids of its governorate, district and sub-district."""

    id: str
    kind: str
    country: str
    name: str
    name_ar: str
    pcode: str | None
    a1: str | None
    a2: str | None
    a3: str | None
    lat: float | None
    lon: float | None
    pop: int
    forms: tuple[str, ...]
    en: tuple[str, ...]
    cue: bool
    approx: bool


@lru_cache(maxsize=1)
def _place_adapter() -> TypeAdapter[Place]:
    return TypeAdapter(Place)


def load_places(path: Path) -> list[Place]:
    """Read and validate a gazetteer file written by scripts/build_gazetteer.py."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            payload: dict[str, Any] = json.load(fh)
    except (OSError, ValueError) as exc:
        raise ResourceError(str(path), f"cannot read the gazetteer ({exc})") from exc
    if payload.get("format") != FORMAT_VERSION:
        raise ResourceError(str(path), f"format {payload.get('format')!r}, expected {FORMAT_VERSION}")
    cols = payload["columns"]
    out: list[Place] = []
    for i, values in enumerate(payload["rows"]):
        try:
            place = _place_adapter().validate_python(dict(zip(cols, values, strict=True)))
        except (ValidationError, ValueError) as exc:
            raise ResourceError(str(path), f"row {i}: {exc}") from exc
        if place.kind not in KINDS:
            raise ResourceError(str(path), f"row {i} ({place.id}): unknown kind {place.kind!r}")
        out.append(place)
    ids = {p.id for p in out}
    for p in out:
        for ref in (p.a1, p.a2, p.a3):
            if ref is not None and ref not in ids:
                raise ResourceError(str(path), f"place {p.id} refers to unknown admin unit {ref}")
    return out


class _CueFile(BaseModel):
    type: dict[str, list[str]]
    qualifier: dict[str, list[str]]
    direction: dict[str, list[str]]
    direction_adjective: dict[str, list[str]]
    nisba: dict[str, list[str]]
    block: list[str]
    common: list[str]
    context: list[str]
    distance_units: list[str] = []
    distance_words: list[str] = []


@dataclass(frozen=True, slots=True)
class Cues:
    """Normalised cue words: word -> kind/qualifier/direction, and the gated place forms."""

    type_words: dict[str, str]
    qualifier_words: dict[str, str]
    direction_words: dict[str, str]
    direction_adjectives: dict[str, str]
    nisba: dict[str, str]
    block: frozenset[str]
    common: frozenset[str]
    context: frozenset[str]
    max_cue_words: int
    # "على بعد 250 كلم شمال بغداد": the words of a distance and its units (a far reference point is no location)
    distance_units: tuple[str, ...] = ()
    distance_words: frozenset[str] = frozenset()


def _norm(s: str) -> str:
    return " ".join(normalize_str(s).split())


def _core(s: str) -> str:
    s = _norm(s)
    return s[2:] if s.startswith("ال") and len(s) > 3 else s


def load_cues(path: Path) -> Cues:
    """Read and validate cues.yaml."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        f = _CueFile(**raw)
    except (OSError, yaml.YAMLError, ValidationError, TypeError) as exc:
        raise ResourceError(str(path), f"invalid cue file ({exc})") from exc

    def invert(table: dict[str, list[str]]) -> dict[str, str]:
        return {_norm(w): k for k, words in table.items() for w in words}

    words = [*invert(f.type), *invert(f.qualifier), *invert(f.direction)]
    return Cues(
        type_words=invert(f.type),
        qualifier_words=invert(f.qualifier),
        direction_words=invert(f.direction),
        direction_adjectives=invert(f.direction_adjective),
        nisba=invert(f.nisba),
        block=frozenset(_core(w) for w in f.block),
        common=frozenset(_core(w) for w in f.common),
        context=frozenset(_core(w) for w in f.context),
        max_cue_words=max(len(w.split()) for w in words),
        distance_units=tuple(sorted({_norm(w) for w in f.distance_units}, key=len, reverse=True)),
        distance_words=frozenset(_norm(w) for w in f.distance_words),
    )
