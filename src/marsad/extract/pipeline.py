"""The extraction pipeline: one Arabic news article in, one :class:`DocumentRecord` of events out.

The stages run in order over one document state (see the modules of this package):
mentions (document) -> candidates -> roles and type -> merging in clauses -> place, date, quantities ->
attribution -> filters -> merging of retellings -> records.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from marsad.cache import COLLECTOR_PAUSE
from marsad.errors import InputError
from marsad.extract.actor_mentions import ActorMention
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
from marsad.extract.decide import (
    Context,
    DecisionRules,
    decide,
    features_of,
    filtered,
    load_decisions,
    tidy_actors,
)
from marsad.extract.discourse import Discourse
from marsad.extract.document import DocState, build_state
from marsad.extract.merge import (
    attach_weak,
    load_merge_rules,
    mark_sites,
    merge_anaphoric,
    merge_generic_in_sentences,
    merge_in_clauses,
    merge_retellings,
)
from marsad.extract.merge_rules import MergeRules
from marsad.extract.records import to_event
from marsad.extract.roles import (
    assign_roles,
    carry_subjects,
    find_aid_providers,
    refine_type,
    share_strike_doers,
)
from marsad.extract.trace import Explanation, Step
from marsad.geo import Gazetteer, default_gazetteer
from marsad.lexicon.compiled import Lexicon, default_lexicon
from marsad.lexicon.first_pass import default_first_pass
from marsad.lexicon.matcher import PhraseMatcher
from marsad.model import DocumentRecord, Event

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Rules:
    """The ranking rules of extraction, as data: which candidates are kept (``decisions.yaml``) and which tellings
    are one occurrence (``merge.yaml``)."""

    decisions: DecisionRules
    merge: MergeRules


@dataclass(frozen=True, slots=True)
class Settings:
    """Options of one extractor. ``keep_unplaced`` keeps events the article does not place more precisely than
    a country (off by default: such records cannot go on a map or into an ACLED file)."""

    keep_unplaced: bool = False
    # keep every candidate the hard filters let through, whatever its confidence (to train the decision weights)
    keep_all: bool = False


class Extractor:
    """Extracts events with the given lexicon and gazetteer (both compiled once and shared)."""

    def __init__(
        self,
        lexicon: Lexicon,
        gazetteer: Gazetteer,
        rules: Rules,
        settings: Settings | None = None,
        first_pass: PhraseMatcher[Any] | None = None,
    ) -> None:
        """``first_pass``: the matcher that finds the event words and the place names in one pass, built from
        ``lexicon`` and ``gazetteer`` (:mod:`marsad.lexicon.first_pass`); without it, two passes (the same
        records)."""
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.rules = rules
        self.settings = settings or Settings()
        self.first_pass = first_pass

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
        explanation: Explanation | None = None,
    ) -> DocumentRecord:
        """The events of one article; with ``explanation``, the trail of every event word is written there.

        The cyclic garbage collector is paused while the article is read (:data:`marsad.cache.COLLECTOR_PAUSE`,
        then set back as it was): the engine's objects form no cycles (a test checks it), so reference counting
        frees them all, and the collections that their allocation set off scanned a long article's live objects
        again and again (23 % of a 1 MB document's time: docs/performance.md, "The eleventh session")."""
        with COLLECTOR_PAUSE:
            return self._extract(text, published, doc_id, outlet, title, explanation)

    def _extract(
        self,
        text: str,
        published: str | date | None,
        doc_id: str | None,
        outlet: str | None,
        title: str | None,
        explanation: Explanation | None,
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
            # (the trail reads every event word: a document whose events could not be placed shows them dropped
            # for want of a place instead of stopping before them; the same record)
            require_places=not self.settings.keep_unplaced and explanation is None,
            first_pass=self.first_pass,
        )
        cands = self._candidates(state, explanation)
        events = [to_event(state, self.lexicon, c, f"{ident}:{i}") for i, c in enumerate(cands, start=1)]
        if explanation is not None:
            explanation.kept = [(e.id, _summary(c, e), c.trail) for e, c in zip(events, cands, strict=True)]
        return DocumentRecord(
            doc_id=ident,
            published=pub.isoformat() if pub else None,
            title=title,
            outlet=outlet,
            events=events,
        )

    def explain(
        self,
        text: str,
        *,
        published: str | date | None = None,
        doc_id: str | None = None,
        outlet: str | None = None,
        title: str | None = None,
    ) -> tuple[DocumentRecord, Explanation]:
        """The record of one article and the trail behind it (``marsad extract --explain``)."""
        explanation = Explanation(doc_id or "doc")
        record = self.extract(
            text, published=published, doc_id=doc_id, outlet=outlet, title=title, explanation=explanation
        )
        return record, explanation

    def _candidates(self, state: DocState, explanation: Explanation | None = None) -> list[Candidate]:
        if not state.triggers:
            return []  # the empty state (most articles): no event word, so no block, candidate or rejection either
        lex = self.lexicon
        # (the page blocks as far as the last event word, unless the trail lists them all)
        discourse = Discourse(state, lex, upto=None if explanation is not None else state.triggers[-1].start)
        rejected = explanation.rejected if explanation is not None else None
        dropped: list[Candidate] | None = [] if explanation is not None else None
        if explanation is not None:
            explanation.blocks = [
                f"{b.kind}{' (' + b.rule + ')' if b.rule else ''}: «{state.norm.orig_text(b.start, b.end)[:70]}»"
                for b in discourse.blocks
                if b.kind == "furniture"
            ]
        cands = find_candidates(state, lex, discourse, rejected)
        if not cands:
            return []
        for c in cands:
            c.evidence.append(c.clause)
            assign_roles(state, lex, c)
        carry_subjects(state, lex, cands)
        for c in cands:
            refine_type(state, lex, c)
        cands = merge_generic_in_sentences(merge_in_clauses(cands, self.rules.merge))
        for c in cands:
            choose_place(state, c)
            choose_date(state, c)
            _actors_of_the_place(c)
            if c.traced:
                _note_arguments(state, c)
        assign_quantities(state, cands)
        cands = attach_weak(state, lex, cands, rejected)
        cands = merge_anaphoric(state, cands)
        for c in cands:
            count_victims(state, c)
        share_strike_doers(lex, cands)
        find_aid_providers(state, lex, cands)
        for c in cands:
            refine_type(state, lex, c)  # merging may have brought the actors the type depends on
        frames = find_frames(state, lex)
        for c in cands:
            attribute(state, frames, c)
        place_unplaced(state, cands)
        ctx = Context(state, lex, self.settings.keep_unplaced)
        survivors: list[Candidate] = []
        for c in cands:
            tidy_actors(c, lex, state)
            if filtered(c, ctx, self.rules.decisions):
                if dropped is not None:
                    dropped.append(c)
            else:
                survivors.append(c)
        kept: list[Candidate] = []
        mark_sites(state, survivors, self.rules.merge.sites)
        for c in merge_retellings(survivors, self.rules.merge, news_day(state), state.text, lex.force_country):
            decision = decide(c, ctx, self.rules.decisions)
            c.confidence = decision.confidence
            unidentified = self.rules.decisions.unidentified_doer
            c.unidentified_doer = c.actor1 is None and (
                c.event_type in unidentified or f"{c.event_type}/{c.sub_event_type}" in unidentified
            )
            if decision.keep or self.settings.keep_all:
                kept.append(c)
            elif dropped is not None:
                dropped.append(c)
        kept.sort(key=lambda c: min(s for s, _ in c.evidence))
        if explanation is not None and dropped is not None:
            explanation.dropped = [("-", _summary(c, None), c.trail) for c in dropped]
            explanation.features = [features_of(c, ctx) for c in kept]
        return kept


def _parse_date(value: str | date | None, doc_id: str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise InputError(doc_id or "<input>", f"published date {value!r} is not YYYY-MM-DD") from exc


_DISTANCES = ("its clause", "its sentence", "its paragraph", "the article")


def _actors_of_the_place(c: Candidate) -> None:
    """Generic forces (الشرطة، الجيش، قوات الأمن) are the forces of the country where the event is, which may not be
    the article's main country (a Lebanese story naming a strike in Syria)."""
    if c.place is None or not c.place.place.country:
        return
    country = c.place.place.country
    for role in ("actor1", "actor2"):
        m: ActorMention | None = getattr(c, role)
        if m is None or m.generic is None:
            continue
        local = m.generic.resolve(country)
        if local is not None and local != m.actor_id:
            setattr(c, role, replace(m, actor_id=local))
            if c.traced:
                c.trail.append(Step("roles", "forces of the event's country", f"{m.actor_id} -> {local} ({country})"))


def _note_arguments(state: DocState, c: Candidate) -> None:
    if c.place is not None:
        where = _DISTANCES[min(c.place_distance, 3)]
        c.trail.append(
            Step(
                "place",
                f"from {where}",
                f"«{state.norm.orig_text(c.place.mention.start, c.place.mention.end)}» {c.place.place.name}",
            )
        )
    if c.date is not None and c.date.start_date is not None:
        source = "an earlier sentence" if c.date_inherited else "its own words"
        c.trail.append(
            Step(
                "date",
                f"from {source}",
                f"«{state.norm.orig_text(c.date.start, c.date.end)}» {c.date.start_date}",
            )
        )


def _summary(c: Candidate, event: Event | None) -> str:
    place = c.place.place.name if c.place is not None else "unplaced"
    doer = c.actor1.actor_id if c.actor1 is not None else "-"
    conf = f" confidence {event.confidence}" if event is not None else ""
    return f"{c.event_type} / {c.sub_event_type}, actor1 {doer}, at {place}{conf}"


@lru_cache(maxsize=1)
def _default_extractor() -> Extractor:
    return Extractor(
        default_lexicon(),
        default_gazetteer(),
        Rules(load_decisions(), load_merge_rules()),
        first_pass=default_first_pass(),
    )


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
