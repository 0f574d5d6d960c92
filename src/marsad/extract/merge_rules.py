"""The schema of ``resources/merge.yaml`` (:mod:`marsad.extract.merge`), validated with pydantic on load.

Apart from the module that uses it because that one is compiled with mypyc (``scripts/build_native.py``), which
does not compile pydantic models; this module stays pure Python. What the rules say of a candidate (a family holds
it, a clause host welcomes it) is told by functions of :mod:`marsad.extract.merge`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Family(_Strict):
    types: list[str] = Field(min_length=1)
    generic_only: bool = False
    rank: list[str] = Field(default_factory=list)
    unless_groups: list[str] = Field(default_factory=list)


class ClauseHost(_Strict):
    """In one clause, a guest candidate joins the clause's first host: it is part of what the host tells."""

    host: list[str] = Field(min_length=1)
    guest: list[str] = Field(default_factory=list)
    guest_groups: list[str] = Field(default_factory=list)
    without_doer: bool = False  # only a guest that names no doer of its own
    after_host: bool = False  # only a guest told after the host's word
    why: str = Field(min_length=1)


class StateArms(_Strict):
    """Where one state's forces told two ways (its army, its air force) may be two doers."""

    types: list[str] = Field(default_factory=list)
    # ... and one doer after all when one telling is a generic word and both are placed alike by their sentences
    one_doer_if_generic_placed_alike: bool = False
    # ... and when both tellings are of one sub-type and placed alike (an air strike on one town told once by the
    # army, once by the air force)
    one_doer_if_same_sub_type_placed_alike: bool = False


class Sites(_Strict):
    """For these types, the kind of building a telling's clause names (cue classes): two kinds, two occurrences."""

    types: list[str] = Field(default_factory=list)
    classes: list[str] = Field(default_factory=list)
    # words after which a building is a landmark of the act's place ("قرب مبنى المحافظة"), not its target
    landmark_words: frozenset[str] = frozenset()


class MergeRules(_Strict):
    families: dict[str, Family]
    sites: Sites = Sites()
    clause_hosts: list[ClauseHost] = Field(default_factory=list)
    state_arms: StateArms = StateArms()
