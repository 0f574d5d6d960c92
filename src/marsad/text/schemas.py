"""The schemas of the text resources (``resources/dates.yaml``, ``quantities.yaml``, ``segment.yaml``), validated
with pydantic when a resource is read.

They are apart from the modules that use them (:mod:`marsad.text.dates`, :mod:`~marsad.text.numbers`,
:mod:`~marsad.text.segment`) because those may be compiled with mypyc (``scripts/build_native.py``), which does not
compile pydantic models; this module stays pure Python.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Precision = Literal["day", "week", "month", "year", "unknown"]
Kind = Literal["unit", "ten", "tens", "hundred", "scale", "fixed"]
Qualifier = Literal[
    "exact", "about", "at_least", "more_than", "up_to", "several", "dozens", "hundreds", "thousands"
]
Unit = Literal["fatalities", "injured", "people", "households", "structures", "vehicles", "other"]


class DateResource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    months: dict[str, int]
    ambiguous_months: list[str]
    weekdays: dict[str, int]
    days_relative: dict[str, int]
    day_parts: list[str]
    past: list[str]
    current: list[str]
    next: list[str]
    today_not_before: list[str]
    since: list[str]
    ordinal_units: dict[str, int]
    ordinal_compound: dict[str, int]
    ordinal_tens: dict[str, int]
    period_units: dict[str, tuple[int, Precision]]
    month_prefixes: list[str]
    year_words: list[str]
    month_word: list[str]
    week_word: list[str]
    day_word: list[str]


class Singular(BaseModel):
    model_config = ConfigDict(extra="forbid")
    after: list[str]
    nouns: list[str]


class QuantityResource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    numbers: dict[str, tuple[int, Kind]]
    vague: dict[str, Qualifier]
    vague_of: dict[str, Qualifier]
    qualifiers_before: dict[str, Qualifier]
    qualifiers_after: dict[str, Qualifier]
    units: dict[Unit, list[str]]
    kill: list[str]
    injure: list[str]
    kill_after: list[str]
    injure_after: list[str]
    singular: dict[Unit, Singular]
    not_counts: dict[str, list[str]]
    labels: list[str]
    codes: list[str]
    count_heads: list[str]
    function_words: list[str]


class Connective(BaseModel):
    model_config = ConfigDict(extra="forbid")
    form: str
    suffixes: list[str] = []
    not_before: list[str] = []


class SegmentResource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    connectives: list[str | Connective]
    abbreviations: list[str]
