"""The discourse resource (``discourse.yaml``): what page furniture looks like, and which cue classes make a clause
an announcement, a habit, history or a total rather than an occurrence. Validated on load, patterns compiled once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from marsad._yaml import safe_load
from marsad.errors import ResourceError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BoilerplateRules(_Strict):
    teaser_chars: int = Field(gt=0)
    caption_chars: int = Field(gt=0)
    lines: list[str]
    openers: list[str]
    captions: list[str]


class KindCues(_Strict):
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)
    clause: list[str] = Field(default_factory=list)
    # cue classes right after any event word of the clause ("السارين في هجوم أبريل": the clause names a past event)
    clause_after: list[str] = Field(default_factory=list)
    # patterns (normalised text) that end right before a verb of the kind ("وكان الجيش قد" + قصف: pluperfect)
    verb_before: list[str] = Field(default_factory=list)
    # the same before an imperfect event verb ("التي تستهدف المدنيين": what a group does, told of it)
    imperfect_before: list[str] = Field(default_factory=list)


class DiscourseResource(_Strict):
    boilerplate: BoilerplateRules
    kinds: dict[str, KindCues]
    history_days: int = Field(gt=0)


@dataclass(frozen=True, slots=True)
class CompiledDiscourse:
    """The discourse resource with its patterns compiled (once, cached)."""

    rules: DiscourseResource
    lines: tuple[regex.Pattern[str], ...]
    openers: tuple[regex.Pattern[str], ...]
    captions: tuple[regex.Pattern[str], ...]
    # (kind, pattern) of the kinds' verb_before patterns, anchored at the end of the text before the verb
    verb_before: tuple[tuple[str, regex.Pattern[str]], ...] = ()
    imperfect_before: tuple[tuple[str, regex.Pattern[str]], ...] = ()


@lru_cache(maxsize=1)
def load_discourse() -> CompiledDiscourse:
    name = "discourse.yaml"
    try:
        data = safe_load(resources.files("marsad.resources").joinpath(name).read_text(encoding="utf-8"))
        rules = DiscourseResource.model_validate(data)
        return CompiledDiscourse(
            rules,
            tuple(regex.compile(p) for p in rules.boilerplate.lines),
            tuple(regex.compile(p) for p in rules.boilerplate.openers),
            tuple(regex.compile(p) for p in rules.boilerplate.captions),
            tuple(
                (kind, regex.compile("(?:" + p + r")\s*$"))
                for kind, cues in rules.kinds.items()
                for p in cues.verb_before
            ),
            tuple(
                (kind, regex.compile("(?:" + p + r")\s*$"))
                for kind, cues in rules.kinds.items()
                for p in cues.imperfect_before
            ),
        )
    except (OSError, yaml.YAMLError, ValidationError, regex.error) as exc:
        raise ResourceError(name, str(exc)) from exc


def check_classes(resource: CompiledDiscourse, cue_classes: Iterable[str]) -> None:
    """Every cue class a kind names must exist in ``cues.yaml``."""
    known = set(cue_classes)
    for kind, cues in resource.rules.kinds.items():
        unknown = sorted({*cues.before, *cues.after, *cues.clause, *cues.clause_after} - known)
        if unknown:
            raise ResourceError("discourse.yaml", f"kind {kind!r} names unknown cue classes {unknown}")


EMPTY = CompiledDiscourse(
    DiscourseResource(
        boilerplate=BoilerplateRules(teaser_chars=1, caption_chars=1, lines=[], openers=[], captions=[]),
        kinds={},
        history_days=36500,
    ),
    (),
    (),
    (),
)
