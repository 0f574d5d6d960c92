"""Stage 7 of extraction: the one place where a candidate is kept or dropped, and how sure its record is.

A few hard filters, each a definition rather than a doubt, drop a candidate whatever else is known (no place to put
it, a future date, a displacement with no figure ...). Everything else is a yes/no feature with a weight, and the
confidence of a record is a logistic function of the weights of the features that hold: gaps (no doer named, a
place only from the headline, one side's word) lower it instead of dropping the event, and a record is kept when it
reaches ``keep_at``. Filters, features, weights and the threshold are data (``resources/decisions.yaml``); the
weights are fitted by ``scripts/train_decisions.py`` on annotated articles (rules generate, one place ranks), and
every decision is written into the candidate's trail.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from pydantic import ValidationError

from marsad._yaml import resource_data
from marsad.errors import ResourceError
from marsad.extract.actor_mentions import ARMED_KINDS, ARMED_VIOLENCE_TYPES
from marsad.extract.attribution import CLAIMED_KINDS
from marsad.extract.candidates import Candidate
from marsad.extract.decide_rules import DecisionRules
from marsad.extract.document import DocState
from marsad.extract.trace import Step
from marsad.lexicon.compiled import FORCE_KINDS, Lexicon

# An event dated (by a vague expression) this long before publication is background, not news.
BACKGROUND_DAYS = 45
# Bodies that report, condemn or relieve violence and never carry it out.
UNARMED_KINDS = frozenset({"international", "aid", "media"})
# Bodies whose 'attack' with no armed side against them is a political one.
SPEAKING_KINDS = UNARMED_KINDS | {"government", "official"}
STATE_KINDS = FORCE_KINDS
# Paragraphs of the headline and lead.
LEAD_PARAGRAPHS = 2
# Past this paragraph a story is mostly background and reactions.
LATE_PARAGRAPH = 5


@lru_cache(maxsize=1)
def load_decisions() -> DecisionRules:
    name = "decisions.yaml"
    try:
        rules = DecisionRules.model_validate(resource_data(name))
    except ValidationError as exc:
        raise ResourceError(name, str(exc)) from exc
    unknown = sorted(set(rules.filters) - FILTERS.keys()) + sorted(set(rules.features) - FEATURES.keys())
    if unknown:
        raise ResourceError(name, f"unknown filters or features {unknown}")
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
    return c.sub_event_type == "Displacement" and not any(q.unit in {"people", "households"} for q in c.quantities)


def _political_attack(c: Candidate, ctx: Context) -> bool:
    other = ctx.kind(c.actor2.actor_id if c.actor2 else None)
    return c.sub_event_type == "Armed clash" and _doer_kind(c, ctx) in SPEAKING_KINDS and other not in ARMED_KINDS


FILTERS: dict[str, Callable[[Candidate, Context], bool]] = {
    "political_attack": _political_attack,
    "unplaced": _unplaced,
    "announced": _announced,
    "old": _old,
    "no_displaced_count": _no_displaced_count,
}


# ----------------------------------------------------------------------------------------------- features


def _doer_kind(c: Candidate, ctx: Context) -> str | None:
    return ctx.kind(c.actor1.actor_id if c.actor1 else None)


def _battle_without_sides(c: Candidate, ctx: Context) -> bool:
    return c.event_type == "Battles" and c.actor1 is None


def _security_operation(c: Candidate, ctx: Context) -> bool:
    return (
        c.event_type == "Battles"
        and c.group.id == "attack"
        and c.actor2 is None
        and _doer_kind(c, ctx) in {"state_security", "government"}
    )


def _paragraph(c: Candidate, ctx: Context) -> int:
    return ctx.state.paragraph_of(c.trigger.start)


def _date_age(c: Candidate, ctx: Context) -> int | None:
    if c.date is None or c.date.start_date is None or ctx.state.published is None:
        return None
    return (ctx.state.published - c.date.start_date).days


def _many_candidates(c: Candidate, ctx: Context) -> bool:
    """A long round-up or feature (its later events are mostly context): more than 40 event words. A word two
    groups claim is one word ("إجلاء": civilians fleeing or fighters evacuated), so a group added over words
    other groups read already does not make an article longer."""
    words = ctx.state.triggers
    if len(words) <= 40:
        return False
    many = ctx.state.memo.get("many event words")  # (once per document: the test of every candidate)
    if many is None:
        many = ctx.state.memo["many event words"] = len({(t.start, t.end) for t in words}) > 40
    return bool(many)


FEATURES: dict[str, Callable[[Candidate, Context], bool]] = {
    # the word and how it is told
    "strong_trigger": lambda c, ctx: c.group.strength == "strong",
    "verb_trigger": lambda c, ctx: c.trigger.payload.detail in {"verb", "passive", "imperfect"},
    "present_tense": lambda c, ctx: c.present,
    "specific_type": lambda c, ctx: bool(c.specific),
    "suffered": lambda c, ctx: c.suffered is not None,
    "claimed": lambda c, ctx: c.hedged or (c.frame is not None and c.frame.kind in CLAIMED_KINDS),
    "retold": lambda c, ctx: len(c.evidence) > 1,
    "retold_twice": lambda c, ctx: len(c.evidence) > 2,
    # where in the article
    "in_title": lambda c, ctx: c.sentence == 0,
    "in_lead": lambda c, ctx: _paragraph(c, ctx) <= LEAD_PARAGRAPHS,
    "late_in_article": lambda c, ctx: _paragraph(c, ctx) > LATE_PARAGRAPH,
    "long_article": _many_candidates,
    # who
    "has_doer": lambda c, ctx: c.actor1 is not None,
    "has_target": lambda c, ctx: c.actor2 is not None,
    "state_doer": lambda c, ctx: _doer_kind(c, ctx) in STATE_KINDS,
    "armed_group_doer": lambda c, ctx: _doer_kind(c, ctx) in {"armed_group", "militia", "tribal"},
    "unidentified_doer": lambda c, ctx: _doer_kind(c, ctx) == "unidentified",
    # where
    "placed_in_clause": lambda c, ctx: c.place is not None and c.place_distance == 0,
    "placed_in_sentence": lambda c, ctx: c.place is not None and c.place_distance == 1,
    "placed_in_paragraph": lambda c, ctx: c.place is not None and c.place_distance == 2,
    "precise_place": lambda c, ctx: c.place is not None and c.place.place.geo_precision == 1,
    # when
    "dated": lambda c, ctx: c.date is not None,
    "dated_by_itself": lambda c, ctx: c.date is not None and not c.date_inherited,
    "dated_this_week": lambda c, ctx: (age := _date_age(c, ctx)) is not None and 0 <= age <= 7,
    "dated_weeks_ago": lambda c, ctx: (age := _date_age(c, ctx)) is not None and age > 7,
    # an article with no publication date cannot date its events this week: what its events lack is no doubt
    "undated_article": lambda c, ctx: ctx.state.published is None,
    # how many
    "counted": lambda c, ctx: bool(c.quantities),
    "deaths": lambda c, ctx: any(q.unit == "fatalities" for q in c.quantities),
    # of which kind
    "battles": lambda c, ctx: c.event_type == "Battles",
    "remote_violence": lambda c, ctx: c.event_type == "Explosions/Remote violence",
    "violence_against_civilians": lambda c, ctx: c.event_type == "Violence against civilians",
    "protests": lambda c, ctx: c.event_type == "Protests",
    "riots": lambda c, ctx: c.event_type == "Riots",
    "strategic": lambda c, ctx: c.event_type == "Strategic developments",
    "humanitarian": lambda c, ctx: c.event_type == "Humanitarian",
    # doubts of definition
    "battle_without_sides": _battle_without_sides,
    "security_operation": _security_operation,
    "aid_without_provider": lambda c, ctx: c.sub_event_type == "Humanitarian aid" and c.actor1 is None,
    "agreement_without_parties": lambda c, ctx: c.sub_event_type == "Agreement" and c.actor1 is None,
    "movement_without_actor": lambda c, ctx: (
        c.sub_event_type in {"Other", "Headquarters or base established"} and c.actor1 is None and not c.quantities
    ),
}


@dataclass(frozen=True, slots=True)
class Decision:
    keep: bool
    confidence: float


# Who has no aircraft but drones: armed groups, militias and crowds. Named beside "غارات جوية" with no drone in the
# sentence, they are what was struck (a government or an official named there speaks for its air force).
NO_AIR_FORCE_KINDS = frozenset({"armed_group", "militia", "tribal", "political_party", "civilians", "protesters", "rioters"})


def tidy_actors(c: Candidate, lexicon: Lexicon, state: DocState) -> None:
    """One actor is not both sides, a body that reports or relieves violence is not its doer, and an armed group
    flies no warplanes ("الضربات الجوية التي شنتها على تنظيم الدولة": the group is the target)."""
    if c.actor1 is not None and c.actor2 is not None and c.actor1.actor_id == c.actor2.actor_id:
        c.actor2 = None
        if c.traced:
            c.trail.append(Step("decide", "one actor, one side"))
    doer = lexicon.actors.get(c.actor1.actor_id) if c.actor1 is not None else None
    if doer is not None and doer.kind in UNARMED_KINDS and c.event_type in ARMED_VIOLENCE_TYPES:
        if c.traced:
            c.trail.append(Step("decide", "unarmed body is no doer", doer.id))
        c.actor1 = None
    elif (
        doer is not None
        and c.sub_event_type == "Air/drone strike"
        and doer.kind in NO_AIR_FORCE_KINDS
        and not state.has_cue("drone", *c.sentence_span)
    ):
        if c.traced:
            c.trail.append(Step("decide", "no warplanes of its own: the target", doer.id))
        if c.actor2 is None:
            c.actor2 = c.actor1
        c.actor1 = None


def features_of(c: Candidate, ctx: Context) -> dict[str, bool]:
    """Every feature of the catalogue, true or false (the trainer's examples)."""
    return {name: test(c, ctx) for name, test in FEATURES.items()}


def score(c: Candidate, ctx: Context, rules: DecisionRules, *, traced: bool = True) -> tuple[float, list[str]]:
    """The confidence of a candidate and the weighted features that held (written only when ``traced``: for a
    trail)."""
    total = rules.bias
    fired = []
    for name, weight in rules.features.items():
        if weight and FEATURES[name](c, ctx):
            total += weight
            if traced:
                fired.append(f"{name} {weight:+.2f}")
    return 1.0 / (1.0 + math.exp(-total)), fired


def clamp(value: float) -> float:
    return round(max(0.01, min(0.99, value)), 2)


def filtered(c: Candidate, ctx: Context, rules: DecisionRules) -> bool:
    """Whether a hard filter drops the candidate (written into its trail)."""
    for name in rules.filters:
        if FILTERS[name](c, ctx):
            if c.traced:
                c.trail.append(Step("decide", f"dropped by filter {name}"))
            return True
    return False


def decide(c: Candidate, ctx: Context, rules: DecisionRules) -> Decision:
    """Keep or drop one candidate, with its confidence; the reasons go into its trail."""
    if filtered(c, ctx, rules):
        return Decision(False, 0.0)
    confidence, fired = score(c, ctx, rules, traced=c.traced)
    keep = confidence >= rules.keep_at
    if c.traced:
        verdict = "kept" if keep else f"dropped below {rules.keep_at}"
        c.trail.append(Step("decide", f"{verdict}, confidence {clamp(confidence)}", ", ".join(fired)))
    return Decision(keep, clamp(confidence))
