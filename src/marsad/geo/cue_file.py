"""The schema of the gazetteer's cue words (``resources/geo/cues.yaml``, :mod:`marsad.geo.data`), validated with
pydantic when the gazetteer is built.

Apart from the module that uses it because that one may be compiled with mypyc (``scripts/build_native.py``), which
does not compile pydantic models; this module stays pure Python.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CueFile(BaseModel):
    model_config = ConfigDict(defer_build=True)  # (read only when the gazetteer is built, not loaded from the cache)

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
    capitals: list[str] = []
    government_verbs: list[str] = []
