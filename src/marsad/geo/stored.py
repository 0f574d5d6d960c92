"""The compiled gazetteer as bytes for :class:`marsad.cache.ResourceCache`, and back.

Pickling the built gazetteer does not pay (13 MB that load in 0.6-0.75 s against 0.85 s to build it:
docs/performance.md). Here its places are stored as plain rows, each marshalled on its own and made when first
read (:class:`marsad.geo.data.PlaceTable`), and the finder's tables as they are, all in :mod:`marshal` (C-level,
plain types only), and the patterns compiled again. The Aho-Corasick automata are stored
with pyahocorasick's own pickling, which keeps the automaton's nodes as one block of bytes and its values as one
list (their named tuples made by ``tuple.__new__``): loading them takes half the time of adding 34,000 cores again
and building the automaton (0.05 against 0.10 s of CPU on the loaded VM). Each attribute of the finder is stored by
kind, so that a table the finder gains later is stored too (or, if of a kind marshal cannot hold, makes
:func:`dump` fail and the gazetteer is built in memory, never stored wrong).
"""

from __future__ import annotations

import dataclasses
import marshal
import pickle
import re
from functools import partial
from itertools import accumulate
from typing import Any

import ahocorasick

from marsad.cache import paused_gc
from marsad.geo.data import Cues, PlaceTable
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.mentions import MentionFinder, _FormMatcher
from marsad.lexicon.matcher import AUTOMATON_SOURCE

_FORMAT = 6
# bytes of the length of the marshalled part that begins a stored gazetteer
_HEAD = 8


def dump(gazetteer: Gazetteer) -> bytes:
    """The gazetteer's places and its finder's tables, as bytes: the length of the marshalled part, that part, then
    the pickled automata one after the other (read by :func:`load` in place, not copied out of a marshalled
    string: 6 MB of page faults fewer)."""
    finder = gazetteer._finder
    places = finder._places
    blobs: list[bytes] = []

    def pickled(automaton: ahocorasick.Automaton) -> int:
        blobs.append(_pickled(automaton))
        return len(blobs) - 1

    table = gazetteer._places
    attrs: dict[str, tuple[str, Any]] = {}
    for name, value in vars(finder).items():
        if value is places:
            attrs[name] = ("places", None)
        elif isinstance(value, dict) and value == table.positions():
            attrs[name] = ("positions", None)  # the table's own index (made from its ids: 2 ms, unmarshalled 5 ms)
        elif isinstance(value, Cues):
            attrs[name] = ("cues", {f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
        elif isinstance(value, re.Pattern):
            attrs[name] = ("re", (value.pattern, value.flags))
        elif isinstance(value, _FormMatcher):
            attrs[name] = ("forms", (value.stored_attributes(), pickled(value._automaton)))
        elif isinstance(value, ahocorasick.Automaton):
            attrs[name] = ("automaton", pickled(value))
        else:
            attrs[name] = ("value", value)
    rows, offsets = table.encode()
    columns = ([p.id for p in table], list(table.kinds), list(table.a1s))
    head = marshal.dumps(_shared((_FORMAT, [len(b) for b in blobs], rows, offsets, columns, attrs), {}))
    return b"".join([len(head).to_bytes(_HEAD, "little"), head, *blobs])


def _pickled(automaton: ahocorasick.Automaton) -> bytes:
    """An automaton as pickle's bytes (only ever read back from the user's own cache: pickle runs what it names)."""
    return pickle.dumps(automaton, protocol=pickle.HIGHEST_PROTOCOL)


def _shared(obj: Any, pool: dict[str, str]) -> Any:
    """``obj`` with every equal string one object: marshal then stores each string once and refers to it (a core
    is a key of several tables), which makes the file a quarter smaller and loading it faster."""
    kind = type(obj)
    if kind is str:
        return pool.setdefault(obj, obj)
    if kind is tuple:
        return tuple([_shared(x, pool) for x in obj])
    if kind is list:
        return [_shared(x, pool) for x in obj]
    if kind is dict:
        return {_shared(k, pool): _shared(v, pool) for k, v in obj.items()}
    if kind is frozenset:
        return frozenset([_shared(x, pool) for x in obj])
    if kind is set:
        return {_shared(x, pool) for x in obj}
    return obj


def _unpickled(pickled: bytes) -> ahocorasick.Automaton:
    """The automaton stored as ``pickled``, for a matcher that reads it when first used (:func:`load`)."""
    with paused_gc(freeze=False):  # (in the middle of an extraction, whose objects must stay collectable)
        return pickle.loads(pickled)  # (only ever the user's own cache: pickle runs what it names)


def load(data: bytes | memoryview) -> Gazetteer:
    """The gazetteer :func:`dump` stored."""
    size = int.from_bytes(data[:_HEAD], "little")
    fmt, *stored = marshal.loads(data[_HEAD : _HEAD + size])
    if fmt != _FORMAT:
        raise ValueError(f"stored gazetteer of format {fmt}, expected {_FORMAT}")
    lengths, rows, offsets, (ids, kinds, a1s), attrs = stored
    starts = list(accumulate(lengths, initial=_HEAD + size))
    if starts[-1] != len(data):
        raise ValueError(f"stored gazetteer of {len(data)} bytes, expected {starts[-1]}")

    def unpickled(i: int) -> Any:  # (only ever the user's own cache: pickle runs what it names)
        return pickle.loads(data[starts[i] : starts[i + 1]])

    places = PlaceTable.decode(rows, offsets, ids, kinds, a1s)
    finder = MentionFinder.__new__(MentionFinder)
    for name, (kind, value) in attrs.items():
        if kind == "places":
            obj: Any = places
        elif kind == "positions":
            obj = places.positions()
        elif kind == "cues":
            obj = Cues(**value)
        elif kind == "re":
            obj = re.compile(*value)
        elif kind == "forms":
            # read when first used: the extraction finds the names with the first pass's automaton, and reads
            # the gazetteer's own only without it (0.04 s and 20 MB of a process's start-up)
            others, automaton = value
            obj = _FormMatcher.__new__(_FormMatcher)
            obj.__dict__.update(others)
            # (a copy of the bytes: the cache's payload is not kept; a partial, so that the gazetteer still pickles)
            obj.__dict__[AUTOMATON_SOURCE] = partial(_unpickled, bytes(data[starts[automaton] : starts[automaton + 1]]))
        elif kind == "automaton":
            obj = unpickled(value)
        elif kind == "value":
            obj = value
        else:
            raise ValueError(f"stored gazetteer: unknown kind {kind!r} of {name}")
        setattr(finder, name, obj)
    return Gazetteer(places, finder)
