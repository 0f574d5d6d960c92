"""The compiled lexicon as bytes for :class:`marsad.cache.ResourceCache`, and back.

The lexicon is a graph of a few thousand resource models and tens of thousands of small frozen records, stored
with :mod:`pickle` and three changes to its defaults, which make loading it several times faster: a
:class:`~marsad.lexicon.matcher.PhraseMatcher`'s automaton is stored as pyahocorasick's state (the trie as one block
of bytes, the values as one list) and made from it by one C call; equal matcher entries and payloads are stored
once (13,500 of each made 4,400: ``_shared_values``); and a frozen dataclass with slots is stored as its values in
slot order and remade without its Python-level ``__setstate__``: by its class called on them when its ``__init__``
only sets its fields, else by setting each slot (a frozen dataclass compiled by mypyc, ``scripts/build_native.py``,
has no ``__dict__`` and no slots either: it is stored the same way, and must be remade by its class). The whole load: 0.048 s of CPU -> 0.026 s (docs/performance.md,
"Start-up, third round").
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from typing import Any

import ahocorasick

from marsad.lexicon.compiled import LexEntry, Lexicon
from marsad.lexicon.matcher import PhraseMatcher

_FORMAT = 3


def _shared_values(values: list[Any]) -> list[Any]:
    """The automaton's values with equal entries and payloads one object: a third of the 13,500 entries of the
    context and trigger matchers are distinct (a form's entry is indexed under each of its cores), and pickle then
    stores each distinct one once and remakes it once (both are frozen: sharing them changes no value). A value
    may hold the entries of several matchers (:meth:`PhraseMatcher.combine`), or none (a mark)."""
    payloads: dict[Any, Any] = {}
    entries: dict[Any, Any] = {}

    def shared(items: tuple[Any, ...]) -> tuple[Any, ...]:
        out = []
        for item in items:
            payload, suffixes = item[0], item[1]
            if isinstance(payload, LexEntry):  # its actor and source hits are shared already: compared by identity
                pkey = (payload.kind, payload.ref, payload.detail, id(payload.actor), id(payload.source))
                payload = payloads.setdefault(pkey, payload)
            ekey = (id(payload), suffixes)
            if ekey not in entries:
                # a plain tuple, made at load by pickle's own opcode (the matcher reads an entry by index): a named
                # tuple is remade by a call each, a third of the first pass's load (10 of 30 ms)
                entries[ekey] = (payload, suffixes)
            out.append(entries[ekey])
        return tuple(out)

    return [
        value if value[1] is None else (value[0], shared(value[1]), *value[2:5], *map(shared, value[5:]))
        for value in values
    ]


def _matcher(cls: type[PhraseMatcher[Any]], attrs: dict[str, Any], automaton: tuple[Any, ...]) -> Any:
    """A matcher of class ``cls`` with its attributes and its automaton (pyahocorasick's pickled state: the trie as
    one block of bytes and the values as one list, which loads in half the time of adding the keys again)."""
    matcher = cls.__new__(cls)
    matcher.__dict__.update(attrs)
    matcher._automaton = ahocorasick.Automaton(*automaton)
    return matcher


def _slots(cls: type, names: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    """An instance of the frozen slotted dataclass ``cls`` with its fields ``names`` set to ``values``."""
    obj: Any = object.__new__(cls)  # (a class compiled by mypyc is always remade by ``cls(*values)``: see _plain)
    setattr_ = object.__setattr__
    for name, value in zip(names, values, strict=True):
        setattr_(obj, name, value)
    return obj


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        # the field names of each class, one tuple (which pickle then stores once, and refers to)
        self._names: dict[type, tuple[str, ...]] = {}
        self._plains: dict[type, bool] = {}

    def _plain(self, cls: type) -> bool:
        """Whether the generated ``__init__`` of the dataclass ``cls`` only sets its fields, in order (no
        ``__post_init__``, no field left out of it): then ``cls(*values)`` remakes an instance."""
        plain = self._plains.get(cls)
        if plain is None:
            plain = self._plains[cls] = not hasattr(cls, "__post_init__") and all(
                f.init for f in dataclasses.fields(cls)
            )
            if not plain and "__slots__" not in cls.__dict__:
                raise TypeError(f"{cls.__qualname__}: a class compiled by mypyc is stored only if cls(*fields) remakes it")
        return plain

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if isinstance(obj, PhraseMatcher):
            attrs = obj.stored_attributes()
            make, state = obj._automaton.__reduce__()
            if make is not ahocorasick.Automaton:  # (pyahocorasick's pickling, whose values are its state's last item)
                raise TypeError(f"unexpected pickling of an automaton: {make!r}")
            return _matcher, (cls, attrs, (*state[:-1], _shared_values(state[-1])))
        if (
            dataclasses.is_dataclass(obj)
            and not isinstance(obj, type)
            and ("__slots__" in cls.__dict__ or not hasattr(obj, "__dict__"))  # (or compiled by mypyc: no dict)
            and cls.__dataclass_params__.frozen
        ):
            names = self._names.get(cls)
            if names is None:
                names = self._names[cls] = tuple(f.name for f in dataclasses.fields(obj))
            values = tuple(getattr(obj, name) for name in names)
            if self._plain(cls):  # remade by its own __init__: one call at C level, its fields set in line
                return cls, values
            return _slots, (cls, names, values)
        return NotImplemented


def dump(lexicon: Lexicon) -> bytes:
    """The lexicon as bytes."""
    out = io.BytesIO()
    _Pickler(out).dump((_FORMAT, lexicon))
    return out.getvalue()


def load(data: bytes | memoryview) -> Lexicon:
    """The lexicon :func:`dump` stored (only ever from the user's own cache: pickle runs what it names)."""
    fmt, lexicon = pickle.loads(data)
    if fmt != _FORMAT or not isinstance(lexicon, Lexicon):
        raise ValueError(f"stored lexicon of format {fmt}, expected {_FORMAT}")
    return lexicon


def dump_matcher(matcher: PhraseMatcher[Any]) -> bytes:
    """A matcher as bytes (as in a stored lexicon)."""
    out = io.BytesIO()
    _Pickler(out).dump((_FORMAT, matcher))
    return out.getvalue()


def load_matcher(data: bytes | memoryview) -> PhraseMatcher[Any]:
    """The matcher :func:`dump_matcher` stored (only ever from the user's own cache: pickle runs what it names)."""
    fmt, matcher = pickle.loads(data)
    if fmt != _FORMAT or not isinstance(matcher, PhraseMatcher):
        raise ValueError(f"stored matcher of format {fmt}, expected {_FORMAT}")
    return matcher
