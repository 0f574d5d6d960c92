"""The compiled lexicon as bytes for :class:`marsad.cache.ResourceCache`, and back.

The lexicon is a graph of a few thousand resource models and tens of thousands of small frozen records, stored
with :mod:`pickle` and two changes to its defaults, which make loading it several times faster: a
:class:`~marsad.lexicon.matcher.PhraseMatcher` is stored as its keys and entries and its automaton rebuilt from
them (pyahocorasick's own pickling calls pickle once per entry), and a frozen dataclass with slots is stored as
its values in slot order and remade without its Python-level ``__setstate__``: by its class called on them when its
``__init__`` only sets its fields (the 30,000 matcher entries and their payloads: 0.065 -> 0.048 s of CPU for the
whole load), else by setting each slot.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from typing import Any

import ahocorasick

from marsad.lexicon.compiled import Lexicon
from marsad.lexicon.matcher import PhraseMatcher

_FORMAT = 1


def _matcher(cls: type[PhraseMatcher[Any]], attrs: dict[str, Any], items: list[tuple[str, Any]]) -> Any:
    """A matcher of class ``cls`` with its attributes, its automaton rebuilt from ``items``."""
    matcher = cls.__new__(cls)
    matcher.__dict__.update(attrs)
    automaton = ahocorasick.Automaton()
    for key, value in items:
        automaton.add_word(key, value)
    if items:
        automaton.make_automaton()
    matcher._automaton = automaton
    return matcher


def _slots(cls: type, names: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    """An instance of the frozen slotted dataclass ``cls`` with its fields ``names`` set to ``values``."""
    obj: Any = object.__new__(cls)
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
        return plain

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if isinstance(obj, PhraseMatcher):
            attrs = {k: v for k, v in vars(obj).items() if k != "_automaton"}
            return _matcher, (cls, attrs, list(obj._automaton.items()))
        if (
            dataclasses.is_dataclass(obj)
            and not isinstance(obj, type)
            and "__slots__" in cls.__dict__
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


def load(data: bytes) -> Lexicon:
    """The lexicon :func:`dump` stored (only ever from the user's own cache: pickle runs what it names)."""
    fmt, lexicon = pickle.loads(data)
    if fmt != _FORMAT or not isinstance(lexicon, Lexicon):
        raise ValueError(f"stored lexicon of format {fmt}, expected {_FORMAT}")
    return lexicon
