"""The schema of ``resources/decisions.yaml`` (:mod:`marsad.extract.decide`), validated with pydantic on load.

Apart from the module that uses it because that one may be compiled with mypyc (``scripts/build_native.py``), which
does not compile pydantic models; this module stays pure Python.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DecisionRules(_Strict):
    filters: list[str]
    bias: float
    features: dict[str, float]
    keep_at: float = Field(ge=0.0, le=1.0)
    unidentified_doer: list[str] = []
    trained: str = ""
