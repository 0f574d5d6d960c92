"""Trigger, cue and nationality resources: schema, validation, loading, and the expansion of verb stems into
their conjugated forms."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from marsad._yaml import safe_load
from marsad.errors import ResourceError
from marsad.model import EVENT_TYPES
from marsad.text.normalize import normalize_str

Frame = Literal["attack", "clash", "victim", "unary", "crowd", "humanitarian"]


class _Strict(BaseModel):
    # defer_build: the validator is made on first use (building the lexicon), not at import; a lexicon loaded
    # from the cache never validates (docs/performance.md, "Start-up, third round")
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class TriggerGroup(_Strict):
    id: str
    event_type: str
    sub_event_type: str
    frame: Frame
    strength: Literal["strong", "weak"] = "strong"
    nouns: list[str] = Field(default_factory=list)
    verbs: list[str] = Field(default_factory=list)
    imperfect: list[str] = Field(default_factory=list)
    passive: list[str] = Field(default_factory=list)
    refine: str | None = None
    # its words name the weapon: the default reading of its refinement is as specific as one a cue gives
    specific: bool = False
    base: list[str] = Field(default_factory=list)
    requires: list[str] = Field(default_factory=list)
    needs_place_after: bool = False
    # the place must follow "على" (a bare noun of control: "سيطرتها ... على بلدتي X"، not "مناطق سيطرة النظام في X")
    place_after_ala: bool = False
    blocked_by: list[str] = Field(default_factory=list)
    # cue classes none of which may stand in the trigger's clause (or sentence, by their scope) ("دخل 500 جندي": troops, not the displaced)
    excluded_by: list[str] = Field(default_factory=list)
    # conjugated forms of its verbs that news writes for another word: the perfect's dual "فجرا" is most often
    # "at dawn", "قطعا" "definitely", "سيرا" "on foot" (the accusative of a noun, an adverb)
    not_forms: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_type(self) -> TriggerGroup:
        subs = EVENT_TYPES.get(self.event_type)
        if subs is None or self.sub_event_type not in subs:
            raise ValueError(f"unknown event type {self.event_type!r} / {self.sub_event_type!r}")
        if not (self.nouns or self.verbs or self.imperfect):
            raise ValueError("a group needs nouns, verbs or imperfect forms")
        if self.not_forms:
            forms = {f for v in self.verbs for f in conjugate_perfect(v)}
            stray = [f for f in self.not_forms if normalize_str(f) not in forms]
            if stray:
                raise ValueError(f"not_forms {stray} are no conjugated forms of the group's verbs")
        return self


class Refinement(_Strict):
    event_type: str
    sub_event_type: str
    cues: list[str] = Field(default_factory=list)
    also: list[str] = Field(default_factory=list)
    target: list[str] = Field(default_factory=list)
    agent: list[str] = Field(default_factory=list)
    default: bool = False

    @model_validator(mode="after")
    def _known_type(self) -> Refinement:
        if self.sub_event_type not in EVENT_TYPES.get(self.event_type, ()):
            raise ValueError(f"unknown event type {self.event_type!r} / {self.sub_event_type!r}")
        return self


class TriggerResource(_Strict):
    groups: list[TriggerGroup]
    refinements: dict[str, list[Refinement]]

    @model_validator(mode="after")
    def _references(self) -> TriggerResource:
        ids = [g.id for g in self.groups]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate group ids")
        for g in self.groups:
            if g.refine and g.refine not in self.refinements:
                raise ValueError(f"group {g.id}: unknown refinement {g.refine!r}")
        return self


class CueClass(_Strict):
    scope: Literal["clause", "before", "after", "sentence"]
    window: int = 4
    forms: list[str]
    # classes of cues that end this cue's reach when they stand between it and the trigger
    broken_by: list[str] = Field(default_factory=list)
    # a "before" cue that reaches across the commas of its sentence ("نفى مصدر عسكري، مساء السبت، تعرض المطار لهجوم")
    across_clauses: bool = False
    # classes of cues that make a cue of this class their object when it follows them at once: no cue then
    # ("تنديدا بمقتل الناشط": what a protest denounces, not force used on it)
    not_after: list[str] = Field(default_factory=list)
    # classes of cues that, right after a cue of this class, undo it ("أطلقت النار في الهواء": no lethal force)
    not_before: list[str] = Field(default_factory=list)


class CueResource(_Strict):
    classes: dict[str, CueClass]


class NationalityResource(_Strict):
    heads: list[str]
    adjectives: dict[str, list[str]]
    names: dict[str, list[str]] = Field(default_factory=dict)
    countries: dict[str, list[str]] = Field(default_factory=dict)
    not_nationality: list[str] = Field(default_factory=list)


class ForeignResource(_Strict):
    countries: dict[str, list[str]]


def _read_yaml(name: str) -> Any:
    import yaml  # (only when the lexicon is built: the resource cache holds it built)

    try:
        text = resources.files("marsad.resources").joinpath(name).read_text(encoding="utf-8")
        return safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(name, str(exc)) from exc


def _validated(name: str, model: type[_Strict], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ResourceError(name, str(exc)) from exc


@lru_cache(maxsize=1)
def load_triggers() -> TriggerResource:
    res: TriggerResource = _validated("triggers.yaml", TriggerResource, _read_yaml("triggers.yaml"))
    return res


@lru_cache(maxsize=1)
def load_cues() -> CueResource:
    res: CueResource = _validated("cues.yaml", CueResource, _read_yaml("cues.yaml"))
    return res


@lru_cache(maxsize=1)
def load_nationality() -> NationalityResource:
    res: NationalityResource = _validated(
        "nationality.yaml", NationalityResource, _read_yaml("nationality.yaml")
    )
    return res


@lru_cache(maxsize=1)
def load_foreign() -> ForeignResource:
    """Places outside the gazetteer's coverage: the hand-written cities and provinces (``geo/foreign.yaml``) and
    the country names derived by ``scripts/build_foreign.py`` (``geo/foreign_countries.yaml``)."""
    out: dict[str, list[str]] = {}
    for name in ("geo/foreign.yaml", "geo/foreign_countries.yaml"):
        res: ForeignResource = _validated(name, ForeignResource, _read_yaml(name))
        for country, forms in res.countries.items():
            out.setdefault(country, []).extend(forms)
    return ForeignResource(countries=out)


def conjugate_perfect(form: str) -> list[str]:
    """Third-person perfect forms of a verb given in the masculine singular: قصف -> قصفت، قصفا، قصفوا، قصفتا، قصفن.

    Only the first word of a multi-word form is conjugated ("أطلق النار" -> "أطلقت النار").
    """
    head, _, rest = normalize_str(form).partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("ي") and len(head) > 2:  # defective verbs: تصدى -> تصدت، تصدوا
        stem = head[:-1]
        heads = [head, stem + "ت", stem + "وا", stem + "و", head + "ا", stem + "تا"]
    else:
        heads = [head, head + "ت", head + "ا", head + "وا", head + "و", head + "تا", head + "ن"]
    return [h + tail for h in heads]


def conjugate_imperfect(form: str) -> list[str]:
    """Third-person imperfect forms of a verb given as يفعل: يقصف -> تقصف، يقصفون، يقصفان، تقصفان، يقصفن."""
    head, _, rest = normalize_str(form).partition(" ")
    tail = f" {rest}" if rest else ""
    if not head.startswith("ي"):
        return [head + tail]
    core = head[1:]
    heads = [
        "ي" + core,
        "ت" + core,
        "ي" + core + "ون",
        "ي" + core + "ان",
        "ت" + core + "ان",
        "ي" + core + "ن",
    ]
    return [h + tail for h in heads]
