"""The gazetteer's data: place records and the cue lexicon, loaded and validated from src/marsad/resources/geo/.

``gazetteer.json.gz`` is built by ``scripts/build_gazetteer.py`` (see docs/geo.md): its rows (one per place, the
columns of :class:`Place`) and the gates of the forms of places that need context. ``cues.yaml`` is written by
hand. Both are read once, by :func:`load_data` (or :func:`load_places`, the places alone) and :func:`load_cues`;
nothing here runs at import time.
"""

from __future__ import annotations

import gzip
import json
import marshal
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple, overload

from pydantic import ValidationError

from marsad.errors import ResourceError
from marsad.geo.cue_file import CueFile
from marsad.text.normalize import normalize_str

RESOURCE_DIR = Path(__file__).resolve().parents[1] / "resources" / "geo"
GAZETTEER_FILE = RESOURCE_DIR / "gazetteer.json.gz"
CUES_FILE = RESOURCE_DIR / "cues.yaml"
FORMAT_VERSION = 2

KINDS = frozenset(
    "governorate district subdistrict city town village neighbourhood camp prison airport base crossing dam field "
    "desert landmark country region".split()
)
POPULATED = frozenset({"city", "town", "village"})
ADMIN = frozenset({"governorate", "district", "subdistrict"})


class Place(NamedTuple):
    """One gazetteer record. ``a1``/``a2``/``a3`` are the ids of its governorate, district and sub-district.

    (An immutable named tuple: 33,000 of them are made at load, a tenth of the cost of a frozen dataclass.)"""

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


_FIELDS = Place._fields
_STR, _OPT_STR, _NUM = (str,), (str, type(None)), (int, float, type(None))
# the type of each column, in order (a row is checked by hand: a validating model per row costs ~70 us)
_TYPES = (_STR, _STR, _STR, _STR, _STR, _OPT_STR, _OPT_STR, _OPT_STR, _OPT_STR, _NUM, _NUM, (int,), (list,), (list,),
          (bool,), (bool,))


def _place(v: list[Any]) -> Place:
    """A row checked by :func:`_valid_columns` as a Place (its lists as tuples)."""
    v[12], v[13] = tuple(v[12]), tuple(v[13])
    return _new(Place, v)


_new = tuple.__new__  # a named tuple from a checked row, without its Python-level __new__


def _valid_columns(rows: list[Any]) -> bool:
    """Whether every row is a list of the right values (checked column by column, at C speed)."""
    if not all(type(v) is list and len(v) == len(_FIELDS) for v in rows):
        return False
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in _FIELDS]
    for col, types in zip(columns, _TYPES, strict=True):
        if not set(map(type, col)) <= set(types):
            return False
    forms = set(map(type, chain.from_iterable(columns[12]))) | set(map(type, chain.from_iterable(columns[13])))
    return (
        forms <= {str}
        and set(columns[1]) <= KINDS
        and all(chain.from_iterable(columns[12]))
    )


def _invalid(values: Any) -> str | None:
    """What is wrong with one row of the gazetteer file, or None."""
    if not isinstance(values, list) or len(values) != len(_FIELDS):
        return f"expected {len(_FIELDS)} values"
    for name, v, types in zip(_FIELDS, values, _TYPES, strict=True):
        if not isinstance(v, types) or (types is _NUM and isinstance(v, bool)):
            return f"{name}: unexpected {type(v).__name__} {v!r}"
    if values[1] not in KINDS:
        return f"({values[0]}): unknown kind {values[1]!r}"
    if not all(isinstance(f, str) and f for f in values[12]) or not all(isinstance(f, str) for f in values[13]):
        return f"({values[0]}): forms and English names must be non-empty strings"
    return None


class PlaceTable(Sequence[Place]):
    """The gazetteer's places in order (``table[i]``, ``len``, iteration), each made from its stored row the first
    time it is read: an extraction reads a few dozen of the 33,000 places, and unmarshalling them all took a third
    of the gazetteer's load (docs/performance.md, "Start-up, third round"). ``rows`` holds each place marshalled
    on its own, ``offsets`` where each starts (and the end of the last); ``kinds`` and ``a1s`` are two of the columns
    kept apart for the indexes that look at every place. :meth:`of` wraps places already made."""

    __slots__ = ("_a1s", "_done", "_ids", "_index", "_kinds", "_offsets", "_rows")

    def __init__(self, rows: bytes, offsets: Sequence[int], ids: list[str], kinds: list[str], a1s: list[str | None]):
        if not len(ids) == len(kinds) == len(a1s) == len(offsets) - 1:
            raise ValueError(f"place table of {len(ids)} ids, {len(kinds)} kinds, {len(a1s)} a1, {len(offsets)} offsets")
        self._rows, self._offsets = rows, offsets
        self._ids, self._kinds, self._a1s = ids, kinds, a1s
        self._done: list[Place | None] = [None] * len(ids)
        self._index: dict[str, int] | None = None

    @classmethod
    def of(cls, places: Sequence[Place]) -> PlaceTable:
        """A table of places already made (nothing left to decode)."""
        table = cls(b"", [0] * (len(places) + 1), [p.id for p in places], [p.kind for p in places],
                    [p.a1 for p in places])
        table._done = list(places)
        return table

    def encode(self) -> tuple[bytes, bytes]:
        """The rows and offsets :meth:`decode` reads."""
        rows, offsets, at = [], array("I", [0]), 0
        for p in self:
            row = marshal.dumps(tuple(p))
            rows.append(row)
            at += len(row)
            offsets.append(at)
        return b"".join(rows), offsets.tobytes()

    @classmethod
    def decode(cls, rows: bytes, offsets: bytes, ids: list[str], kinds: list[str], a1s: list[str | None]) -> PlaceTable:
        """The table :meth:`encode` stored (with the id, kind and a1 columns stored beside it)."""
        table_offsets = array("I")
        table_offsets.frombytes(offsets)
        return cls(rows, table_offsets, ids, kinds, a1s)

    def __len__(self) -> int:
        return len(self._done)

    @overload
    def __getitem__(self, i: int) -> Place: ...

    @overload
    def __getitem__(self, i: slice) -> list[Place]: ...

    def __getitem__(self, i: int | slice) -> Place | list[Place]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        place = self._done[i]
        if place is None:
            i = range(len(self))[i]  # (a negative index counted from the end, as a list does)
            o = self._offsets
            place = self._done[i] = _new(Place, marshal.loads(self._rows[o[i] : o[i + 1]]))
        return place

    def __iter__(self) -> Iterator[Place]:
        return (self[i] for i in range(len(self)))

    @property
    def kinds(self) -> Sequence[str]:
        """The kind of each place, in order (read without making the places)."""
        return self._kinds

    @property
    def a1s(self) -> Sequence[str | None]:
        """The governorate id of each place, in order."""
        return self._a1s

    def position(self, place_id: str) -> int | None:
        """Where the place of id ``place_id`` is (``None``: no such place)."""
        return self.positions().get(place_id)

    def positions(self) -> dict[str, int]:
        """Every place id and where it is (made on first use; read it, never change it)."""
        if self._index is None:
            self._index = dict(zip(self._ids, range(len(self._ids)), strict=True))
        return self._index

    def by_id(self) -> Mapping[str, Place]:
        """The places by id (each made when first read)."""
        return _PlacesById(self)


class _PlacesById(Mapping[str, Place]):
    """A :class:`PlaceTable` read by place id."""

    __slots__ = ("_table",)

    def __init__(self, table: PlaceTable) -> None:
        self._table = table

    def __getitem__(self, place_id: str) -> Place:
        i = self._table.position(place_id)
        if i is None:
            raise KeyError(place_id)
        return self._table[i]

    def __contains__(self, place_id: object) -> bool:
        return isinstance(place_id, str) and self._table.position(place_id) is not None

    def __len__(self) -> int:
        return len(self._table)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table._ids)


@dataclass(frozen=True, slots=True)
class GazetteerData:
    """A gazetteer file: its places and the gates of the forms of places that need context (``cue``):
    ``common`` forms (ordinary words or person names, frequent in the corpus) need a place word before them,
    ``open`` forms (distinctive compound names) need nothing."""

    places: list[Place]
    common_forms: frozenset[str]
    open_forms: frozenset[str]


def load_places(path: Path) -> list[Place]:
    """Read and validate a gazetteer file written by scripts/build_gazetteer.py (its places only)."""
    return load_data(path).places


def load_data(path: Path) -> GazetteerData:
    """Read and validate a gazetteer file written by scripts/build_gazetteer.py."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            payload: dict[str, Any] = json.load(fh)
    except (OSError, ValueError) as exc:
        raise ResourceError(str(path), f"cannot read the gazetteer ({exc})") from exc
    if payload.get("format") != FORMAT_VERSION:
        raise ResourceError(str(path), f"format {payload.get('format')!r}, expected {FORMAT_VERSION}")
    cols = payload.get("columns")
    if cols != list(_FIELDS):
        raise ResourceError(str(path), f"columns {cols!r}, expected {list(_FIELDS)!r}")
    rows = payload.get("rows")
    if not isinstance(rows, list):
        raise ResourceError(str(path), "no list of rows")
    if not _valid_columns(rows):
        # the slow path only names the first bad row
        for i, values in enumerate(rows):
            problem = _invalid(values)
            if problem:
                raise ResourceError(str(path), f"row {i}: {problem}")
    out = [_place(v) for v in rows]
    ids = {p.id for p in out}
    for p in out:
        for ref in (p.a1, p.a2, p.a3):
            if ref is not None and ref not in ids:
                raise ResourceError(str(path), f"place {p.id} refers to unknown admin unit {ref}")
    gates = payload.get("gates") or {}
    if not isinstance(gates, dict) or not all(
        isinstance(gates.get(k, []), list) and all(isinstance(f, str) for f in gates.get(k, []))
        for k in ("common", "open")
    ):
        raise ResourceError(str(path), "gates: expected lists of forms under 'common' and 'open'")
    return GazetteerData(out, frozenset(gates.get("common", [])), frozenset(gates.get("open", [])))


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
    # "نفت دمشق"، "اتهمت بغداد": a capital right after a verb of what a government says or does is that government
    capitals: frozenset[str] = frozenset()
    government_verbs: frozenset[str] = frozenset()


def _norm(s: str) -> str:
    return " ".join(normalize_str(s).split())


def _core(s: str) -> str:
    s = _norm(s)
    return s[2:] if s.startswith("ال") and len(s) > 3 else s


def load_cues(path: Path) -> Cues:
    """Read and validate cues.yaml."""
    import yaml  # (only when the gazetteer is built: the resource cache holds it built)

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: a tenth of the time
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader either way
        f = CueFile(**raw)
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
        capitals=frozenset(_norm(w) for w in f.capitals),
        government_verbs=frozenset(_norm(w) for w in f.government_verbs),
    )
