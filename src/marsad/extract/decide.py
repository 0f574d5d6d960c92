"""Stage 7 of extraction: the one place where a candidate is kept or dropped, and how sure its record is.

A few hard filters, each a definition rather than a doubt, drop a candidate whatever else is known (no place to put
it, a future date, a displacement with no figure ...). Everything else is a feature with a weight: gaps (no doer
named, a place only from the headline, one side's word) lower the confidence instead of dropping the event, and a
record is kept when its confidence reaches ``keep_at``. Names, weights and the threshold are data
(``resources/decisions.yaml``); every decision is written into the candidate's trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from marsad.errors import ResourceError
from marsad.extract.attribution import CLAIMED_KINDS
from marsad.extract.candidates import Candidate
from marsad.extract.document import ARMED_KINDS, ARMED_VIOLENCE_TYPES, DocState
from marsad.extract.trace import Step
from marsad.lexicon.compiled import Lexicon

# An event dated (by a vague expression) this long before publication is background, not news.
BACKGROUND_DAYS = 45
# Bodies that report, condemn or relieve violence and never carry it out.
UNARMED_KINDS = frozenset({"international", "aid", "media"})
# Bodies whose 'attack' with no armed side against them is a political one.
SPEAKING_KINDS = UNARMED_KINDS | {"government", "official"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DecisionRules(_Strict):
    filters: list[str]
    base: dict[str, float]
    features: dict[str, float]
    keep_at: float = Field(ge=0.0, le=1.0)


@lru_cache(maxsize=1)
def load_decisions() -> DecisionRules:
    name = "decisions.yaml"
    try:
        data = yaml.safe_load(resources.files("marsad.resources").joinpath(name).read_text(encoding="utf-8"))
        rules = DecisionRules.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ResourceError(name, str(exc)) from exc
    unknown = sorted(set(rules.filters) - FILTERS.keys()) + sorted(set(rules.features) - FEATURES.keys())
    if unknown:
        raise ResourceError(name, f"unknown filters or features {unknown}")
    if set(rules.base) != {"strong", "weak"}:
        raise ResourceError(name, "base must give 'strong' and 'weak'")
    return rules


@dataclass(frozen=True, slots=True)
class Context:
    """What the tests see: the document, the lexicon and the extractor's settings."""

    state: DocState
    lexicon: Lexicon
    keep_unplaced: bool

    def kind(self, actor_id: str | None) -> str | None:
        entry = self.lexicon.actors.get(actor_id) if actor_id is not None else None
        return entry.kind if entry is not None else None


# ------------------------------------------------------------------------------------------------ filters


def _unplaced(c: Candidate, ctx: Context) -> bool:
    return c.place is None and not ctx.keep_unplaced


def _announced(c: Candidate, ctx: Context) -> bool:
    if c.date is None:
        return False
    if c.date.future:
        return True
    published = ctx.state.published
    start = c.date.start_date
    return published is not None and start is not None and start > published and c.date.relative


def _old(c: Candidate, ctx: Context) -> bool:
    published = ctx.state.published
    if c.date is None or c.date.start_date is None or published is None:
        return False
    if (published - c.date.start_date).days > BACKGROUND_DAYS and c.date.precision != "day":
        return True
    # "الشهر الماضي"، "العام الماضي": background of the news, not the news
    end = c.date.end_date
    return c.date.precision in {"month", "year"} and end is not None and end < published.replace(day=1)


def _no_displaced_count(c: Candidate, ctx: Context) -> bool:
    return c.sub_event_type == "Displacement" and not any(
        q.unit in {"people", "households"} for q in c.quantities
    )


FILTERS: dict[str, Callable[[Candidate, Context], bool]] = {
    "unplaced": _unplaced,
    "announced": _announced,
    "old": _old,
    "no_displaced_count": _no_displaced_count,
}


# ----------------------------------------------------------------------------------------------- features


def _battle_without_sides(c: Candidate, ctx: Context) -> bool:
    return c.event_type == "Battles" and c.actor1 is None


def _political_attack(c: Candidate, ctx: Context) -> bool:
    agent = ctx.kind(c.actor1.actor_id if c.actor1 else None)
    other = ctx.kind(c.actor2.actor_id if c.actor2 else None)
    return c.sub_event_type == "Armed clash" and agent in SPEAKING_KINDS and other not in ARMED_KINDS


def _security_operation(c: Candidate, ctx: Context) -> bool:
    agent = ctx.kind(c.actor1.actor_id if c.actor1 else None)
    return (
        c.event_type == "Battles"
        and c.group.id == "attack"
        and c.actor2 is None
        and agent in {"state_security", "government"}
    )


FEATURES: dict[str, Callable[[Candidate, Context], bool]] = {
    "present_tense": lambda c, ctx: c.present,
    "has_doer": lambda c, ctx: c.actor1 is not None,
    "placed_in_clause": lambda c, ctx: c.place is not None and c.place_distance == 0,
    "placed_in_sentence": lambda c, ctx: c.place is not None and c.place_distance == 1,
    "placed_in_paragraph": lambda c, ctx: c.place is not None and c.place_distance == 2,
    "dated": lambda c, ctx: c.date is not None,
    "retold": lambda c, ctx: len(c.evidence) > 1,
    "specific_type": lambda c, ctx: bool(c.specific),
    "claimed": lambda c, ctx: c.hedged or (c.frame is not None and c.frame.kind in CLAIMED_KINDS),
    "battle_without_sides": _battle_without_sides,
    "political_attack": _political_attack,
    "security_operation": _security_operation,
    "aid_without_provider": lambda c, ctx: c.sub_event_type == "Humanitarian aid" and c.actor1 is None,
    "agreement_without_parties": lambda c, ctx: c.sub_event_type == "Agreement" and c.actor1 is None,
    "movement_without_actor": lambda c, ctx: (
        c.sub_event_type in {"Other", "Headquarters or base established"}
        and c.actor1 is None
        and not c.quantities
    ),
}


@dataclass(frozen=True, slots=True)
class Decision:
    keep: bool
    confidence: float


def tidy_actors(c: Candidate, lexicon: Lexicon) -> None:
    """One actor is not both sides, and a body that reports or relieves violence is not its doer."""
    if c.actor1 is not None and c.actor2 is not None and c.actor1.actor_id == c.actor2.actor_id:
        c.actor2 = None
        c.trail.append(Step("decide", "one actor, one side"))
    doer = lexicon.actors.get(c.actor1.actor_id) if c.actor1 is not None else None
    if doer is not None and doer.kind in UNARMED_KINDS and c.event_type in ARMED_VIOLENCE_TYPES:
        c.trail.append(Step("decide", "unarmed body is no doer", doer.id))
        c.actor1 = None


def score(c: Candidate, ctx: Context, rules: DecisionRules) -> tuple[float, list[str]]:
    """The raw score of a candidate and the features that fired, with their weights."""
    total = rules.base["strong" if c.group.strength == "strong" else "weak"]
    fired = []
    for name, weight in rules.features.items():
        if FEATURES[name](c, ctx):
            times = min(len(c.evidence) - 1, 2) if name == "retold" else 1
            total += weight * times
            fired.append(f"{name} {weight * times:+.2f}")
    return total, fired


def clamp(value: float) -> float:
    return round(max(0.05, min(0.99, value)), 2)


def decide(c: Candidate, ctx: Context, rules: DecisionRules) -> Decision:
    """Keep or drop one candidate, with its confidence; the reasons go into its trail."""
    for name in rules.filters:
        if FILTERS[name](c, ctx):
            c.trail.append(Step("decide", f"dropped by filter {name}"))
            return Decision(False, 0.0)
    total, fired = score(c, ctx, rules)
    keep = total >= rules.keep_at - 1e-9
    verdict = "kept" if keep else f"dropped below {rules.keep_at}"
    c.trail.append(Step("decide", f"{verdict}, confidence {clamp(total)}", ", ".join(fired)))
    return Decision(keep, clamp(total))


def rescore(c: Candidate, ctx: Context, rules: DecisionRules) -> None:
    """The confidence of a record after retellings merged into it."""
    total, fired = score(c, ctx, rules)
    if clamp(total) != c.confidence:
        c.confidence = clamp(total)
        c.trail.append(Step("decide", f"confidence {c.confidence} after merging", ", ".join(fired)))
