"""The extraction pipeline: one Arabic news article in, one :class:`DocumentRecord` of events out.

The stages run in order over one document state (see the modules of this package):
mentions (document) -> candidates -> roles and type -> merging in clauses -> place, date, quantities ->
attribution -> filters -> merging of retellings -> records.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from marsad.errors import InputError
from marsad.extract.arguments import (
    assign_quantities,
    choose_date,
    choose_place,
    count_victims,
    news_day,
    place_unplaced,
)
from marsad.extract.attribution import attribute, find_frames
from marsad.extract.candidates import Candidate, find_candidates
from marsad.extract.discourse import Discourse
from marsad.extract.document import ARMED_VIOLENCE_TYPES, DocState, build_state
from marsad.extract.merge import (
    attach_weak,
    merge_anaphoric,
    merge_generic_in_sentences,
    merge_in_clauses,
    merge_retellings,
)
from marsad.extract.records import to_event
from marsad.extract.roles import ARMED_KINDS, assign_roles, refine_type
from marsad.geo import Gazetteer, default_gazetteer
from marsad.lexicon.compiled import Lexicon, default_lexicon
from marsad.model import DocumentRecord

log = logging.getLogger(__name__)

# An event dated (by a vague expression) this long before publication is background, not news.
BACKGROUND_DAYS = 45


@dataclass(frozen=True, slots=True)
class Settings:
    """Options of one extractor. ``keep_unplaced`` keeps events the article does not place more precisely than
    a country (off by default: such records cannot go on a map or into an ACLED file)."""

    keep_unplaced: bool = False


class Extractor:
    """Extracts events with the given lexicon and gazetteer (both compiled once and shared)."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, settings: Settings | None = None) -> None:
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.settings = settings or Settings()

    @classmethod
    def default(cls) -> Extractor:
        return _default_extractor()

    def extract(
        self,
        text: str,
        *,
        published: str | date | None = None,
        doc_id: str | None = None,
        outlet: str | None = None,
        title: str | None = None,
    ) -> DocumentRecord:
        pub = _parse_date(published, doc_id)
        ident = doc_id or "doc"
        if title is None:
            first = text.split("\n", 1)[0].strip()
            title = first or None
        state = build_state(
            text,
            doc_id=ident,
            outlet=outlet,
            published=pub,
            lexicon=self.lexicon,
            gazetteer=self.gazetteer,
            require_places=not self.settings.keep_unplaced,
        )
        cands = self._candidates(state)
        events = [to_event(state, self.lexicon, c, f"{ident}:{i}") for i, c in enumerate(cands, start=1)]
        return DocumentRecord(
            doc_id=ident,
            published=pub.isoformat() if pub else None,
            title=title,
            outlet=outlet,
            events=events,
        )

    def _candidates(self, state: DocState) -> list[Candidate]:
        lex = self.lexicon
        discourse = Discourse(state, lex)
        cands = find_candidates(state, lex, discourse)
        if not cands:
            return []
        for c in cands:
            c.evidence.append(c.clause)
            assign_roles(state, lex, c)
            refine_type(state, lex, c)
        cands = merge_generic_in_sentences(merge_in_clauses(cands))
        for c in cands:
            choose_place(state, c)
            choose_date(state, c)
        assign_quantities(state, cands)
        cands = attach_weak(state, lex, cands)
        cands = merge_anaphoric(state, cands)
        for c in cands:
            count_victims(state, c)
        for c in cands:
            refine_type(state, lex, c)  # merging may have brought the actors the type depends on
        frames = find_frames(state, lex)
        for c in cands:
            attribute(state, frames, c)
        place_unplaced(state, cands)
        cands = [c for c in cands if self._keep(state, c)]
        for c in cands:
            if c.actor1 is not None and c.actor2 is not None and c.actor1.actor_id == c.actor2.actor_id:
                c.actor2 = None
            doer = self.lexicon.actors.get(c.actor1.actor_id) if c.actor1 is not None else None
            if doer is not None and doer.kind in _UNARMED_KINDS and c.event_type in ARMED_VIOLENCE_TYPES:
                c.actor1 = None  # "قصف الغوطة والأمم المتحدة تدعو ...": a body that speaks of violence, not its doer
        cands = merge_retellings(cands, news_day(state), state.text)
        cands.sort(key=lambda c: min(s for s, _ in c.evidence))
        return cands

    def _keep(self, state: DocState, c: Candidate) -> bool:
        """Filters that keep only specific, placed occurrences."""
        if c.place is None and not self.settings.keep_unplaced:
            return False
        if c.date is not None and c.date.future:
            return False
        if c.date is not None and c.date.start_date is not None and state.published is not None:
            age = (state.published - c.date.start_date).days
            if age < 0 and c.date.relative:
                return False  # a future date: announced, not happened
            if age > BACKGROUND_DAYS and c.date.precision != "day":
                return False
            if c.date.precision in {"month", "year"} and c.date.end_date is not None and c.date.end_date < state.published.replace(day=1):
                return False  # "الشهر الماضي"، "العام الماضي": background of the news, not the news
        if c.sub_event_type == "Displacement" and not any(
            q.unit in {"people", "households"} for q in c.quantities
        ):
            return False
        if c.event_type == "Battles" and c.actor1 is None:
            return False  # a clash with no named side is background ("انخفاض حدة الاشتباكات")
        agent = self.lexicon.actors.get(c.actor1.actor_id) if c.actor1 is not None else None
        other = self.lexicon.actors.get(c.actor2.actor_id) if c.actor2 is not None else None
        if (
            c.sub_event_type == "Armed clash"
            and agent is not None
            and agent.kind in _SPEAKING_KINDS
            and (other is None or other.kind not in ARMED_KINDS)
        ):
            return False  # "هجوم جديد من الإدارة الأميركية على المحاكم الدولية": words, not arms
        if (
            c.event_type == "Battles"
            and c.group.id == "attack"
            and c.actor2 is None
            and agent is not None
            and agent.kind in {"state_security", "government"}
        ):
            return False  # "عملية أمنية استهدفت شبكات التهريب": an operation with no armed side hit is not a battle
        if c.sub_event_type == "Humanitarian aid" and c.actor1 is None:
            return False  # "منظمات الإغاثة" names a body, not a delivery
        if c.sub_event_type == "Agreement" and c.actor1 is None:
            return False
        if (
            c.sub_event_type in {"Other", "Headquarters or base established"}
            and c.actor1 is None
            and not c.quantities
        ):
            return False
        return True


# Bodies that report, condemn or relieve violence and never carry it out, and the types they cannot do.
_UNARMED_KINDS = frozenset({"international", "aid", "media"})
# Bodies whose 'attack' with no armed side against them is a political one.
_SPEAKING_KINDS = _UNARMED_KINDS | {"government", "official"}


def _parse_date(value: str | date | None, doc_id: str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise InputError(doc_id or "<input>", f"published date {value!r} is not YYYY-MM-DD") from exc


@lru_cache(maxsize=1)
def _default_extractor() -> Extractor:
    return Extractor(default_lexicon(), default_gazetteer())


def extract(
    text: str,
    *,
    published: str | date | None = None,
    doc_id: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
) -> DocumentRecord:
    """Extract the events of one Arabic article (its text as published, title line first if any)."""
    return Extractor.default().extract(text, published=published, doc_id=doc_id, outlet=outlet, title=title)
