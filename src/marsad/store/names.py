"""What a user types in a filter, turned into the names the store holds.

>>> resolve_filter(EventFilter(admin1=("إدلب", "Idlib")), store)   # doctest: +SKIP
EventFilter(admin1=('Idleb',), ...)

Event types and sub-types match ACLED's names (and Marsad's ``Humanitarian``) in any case. Places match the
store's own spelling, or any name the gazetteer knows for them, Arabic or English (إدلب، ادلب، Idlib, Idleb):
the gazetteer finds the place and the filter takes its name at the level asked for (a governorate for
``admin1``, a district for ``admin2``, a country for ``countries``). Actors match an id, an English name or an
Arabic form of the actor lexicon; outlets the store's outlets in any case. A value that names nothing is a
:class:`~marsad.errors.UnknownValue` listing the valid ones, never a filter that silently selects nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from marsad.errors import UnknownValue
from marsad.model import EVENT_TYPES
from marsad.store.filters import EventFilter, Vocabulary, load_vocabulary
from marsad.store.schema import Event
from marsad.store.store import EventStore

if TYPE_CHECKING:
    from marsad.geo import Gazetteer, ResolvedPlace
    from marsad.lexicon.resources import ActorLexicon

#: The gazetteer kinds that are administrative units at each level a filter names.
_UNIT_KINDS = {"admin1": ("governorate", "region"), "admin2": ("district", "governorate")}


@dataclass(frozen=True)
class Sources:
    """Where names are looked up: loaders called only when a value is not one of the store's own spellings."""

    gazetteer: Callable[[], Gazetteer]
    actors: Callable[[], ActorLexicon]

    @classmethod
    def default(cls) -> Sources:
        from marsad.geo import default_gazetteer
        from marsad.lexicon.resources import load_actor_lexicon

        return cls(default_gazetteer, load_actor_lexicon)


def resolve_filter(f: EventFilter, store: EventStore, sources: Sources | None = None) -> EventFilter:
    """``f`` with every name replaced by the store's name for it, and the store's vocabulary attached (exact,
    indexed matches); raises :class:`~marsad.errors.UnknownValue` for a value that names nothing."""
    sources = sources or Sources.default()
    with store.session() as s:
        vocab = load_vocabulary(s)
        admin2 = sorted({a for (a,) in s.execute(select(Event.admin2).distinct()) if a})
    return replace(
        f,
        types=resolve_types(f.types, vocab, "--type", sub_types_only=False),
        sub_types=resolve_types(f.sub_types, vocab, "--sub-type", sub_types_only=True),
        countries=_places(f.countries, "countries", _stored(vocab.countries), sources),
        admin1=_places(f.admin1, "admin1", _stored(vocab.admin1), sources),
        admin2=_places(f.admin2, "admin2", admin2, sources),
        actors=_actors(f.actors, vocab, sources),
        outlets=_outlets(f.outlets, vocab),
        vocabulary=vocab,
    )


def _stored(table: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Every spelling a vocabulary table holds."""
    return sorted({v for spellings in table.values() for v in spellings})


def resolve_types(
    values: Sequence[str], vocab: Vocabulary | None, option: str, *, sub_types_only: bool
) -> tuple[str, ...]:
    """Event types (or sub-types) in ACLED's spelling; an unknown one is an error listing them all."""
    subs = [s for group in EVENT_TYPES.values() for s in group]
    names = subs if sub_types_only else [*EVENT_TYPES, *subs]
    if vocab is not None:
        names += _stored(vocab.sub_types if sub_types_only else vocab.types)
    known = {n.lower(): n for n in names}
    out = []
    for value in values:
        found = known.get(value.strip().lower())
        if found is None:
            raise UnknownValue(option, value, list(dict.fromkeys(names)))
        out.append(found)
    return tuple(dict.fromkeys(out))


def _places(values: Sequence[str], level: str, stored: list[str], sources: Sources) -> tuple[str, ...]:
    option = {"countries": "--country"}.get(level, f"--{level}")
    by_lower = {v.lower(): v for v in stored}
    out: list[str] = []
    for value in values:
        if value.strip().lower() in by_lower:
            out.append(by_lower[value.strip().lower()])
            continue
        found = sources.gazetteer().lookup(value)
        names, hint = _at_level(found, level)
        if not names:
            raise UnknownValue(option, value, stored, hint)
        out.extend(names)
    return tuple(dict.fromkeys(out))


def _at_level(found: Sequence[ResolvedPlace], level: str) -> tuple[list[str], str | None]:
    """The names at ``level`` of the places the gazetteer found, or a hint naming what was found instead."""
    if level == "countries":
        names = [p.name for p in found if p.kind == "country"]
    else:
        kinds = _UNIT_KINDS[level]
        units = [p for p in found if p.kind in kinds]
        if level == "admin1":  # an admin1 unit has no admin2 (Palestine's governorates sit at admin2)
            units = [p for p in units if p.admin2 is None] or units
        names = [str(getattr(p, level)) for p in units if getattr(p, level)]
    if names or not found:
        return list(dict.fromkeys(names)), None
    best = found[0]
    where = ", ".join(x for x in (best.admin2, best.admin1, best.country) if x and x != best.name)
    return [], f"the gazetteer knows it as the {best.kind} {best.name}" + (f" ({where})" if where else "")


def _actors(values: Sequence[str], vocab: Vocabulary, sources: Sources) -> tuple[str, ...]:
    if not values:
        return ()
    out: list[str] = []
    lexicon: dict[str, str] | None = None
    for value in values:
        key = value.strip().lower()
        if key in vocab.actors:
            out.append(value.strip())
            continue
        if lexicon is None:
            lexicon = _actor_names(sources.actors())
        from marsad.text.normalize import normalize_str

        actor_id = lexicon.get(key) or lexicon.get(" ".join(normalize_str(value).split()))
        if actor_id is None:
            close = difflib.get_close_matches(key, list(lexicon), n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(repr(c) for c in close)}" if close else None
            raise UnknownValue("--actor", value, _stored(vocab.actors), hint)
        out.append(actor_id)
    return tuple(dict.fromkeys(out))


def _actor_names(lexicon: ActorLexicon) -> dict[str, str]:
    """Lower-cased ids and English names, and normalised Arabic forms, of every actor: its id."""
    from marsad.text.normalize import normalize_str

    out: dict[str, str] = {}
    for actor in lexicon.actors:
        out.setdefault(actor.id.lower(), actor.id)
        out.setdefault(actor.name.lower(), actor.id)
        for form in [*actor.forms, *(loaded.form for loaded in actor.loaded)]:
            out.setdefault(" ".join(normalize_str(form).split()), actor.id)
            out.setdefault(form.lower(), actor.id)
    return out


def _outlets(values: Iterable[str], vocab: Vocabulary) -> tuple[str, ...]:
    out = []
    for value in values:
        if value.strip().lower() not in vocab.outlets:
            raise UnknownValue("--outlet", value, _stored(vocab.outlets))
        out.append(value.strip())
    return tuple(dict.fromkeys(out))
