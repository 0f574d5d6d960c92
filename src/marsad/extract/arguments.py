"""Stage 4 of extraction: where, when and how many.

1. The place is taken from the trigger's clause, then its sentence, then earlier in its paragraph, then the
   document's headline and lead; a bare "السجن"، "المدينة"، "المطار" refers back to the last place of that kind.
2. The date is the date expression of the clause or sentence, else the last one earlier in the paragraph, else the
   lead's date when the event is in the lead.
3. Quantities of a sentence go to the nearest event of the sentence whose kind of event can take their unit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TypeVar, cast

from marsad.extract.candidates import Candidate
from marsad.extract.document import DocState, PlaceRef
from marsad.geo.gazetteer import COUNTRY_KINDS, lies_toward
from marsad.geo.mentions import PlaceMention
from marsad.text.dates import DateMention
from marsad.text.numbers import QuantityMention

# Paragraphs of the headline and lead, whose place and date frame the whole article.
LEAD_PARAGRAPHS = 2
# Paragraphs that tell the story's main event; what follows is often background or other news.
STORY_PARAGRAPHS = 5

UNITS_BY_FAMILY = {
    "violence": {"fatalities", "injured", "people"},
    "arrest": {"people"},
    "humanitarian": {"people", "households"},
    "property": {"structures", "vehicles"},
    "other": {"people", "households", "structures", "vehicles"},
    "agreement": set(),
}


def family(cand: Candidate) -> str:
    et = cand.event_type
    if et in {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"}:
        return "violence"
    if cand.sub_event_type == "Arrests":
        return "arrest"
    if cand.sub_event_type == "Agreement":
        return "agreement"
    if cand.sub_event_type == "Looting/property destruction":
        return "property"
    if et == "Humanitarian":
        return "humanitarian"
    return "other"


def _usable(p: PlaceRef) -> bool:
    return p.place.kind not in COUNTRY_KINDS


def _placed(p: PlaceRef) -> bool:
    """A place inside an admin area (not a desert or region floating outside the admin hierarchy)."""
    return bool(p.place.admin1)


def _first_of_list(state: DocState, places: list[PlaceRef], chosen: PlaceRef) -> PlaceRef:
    """Of places told together, the first: a list ("بمدينتي الحسكة والقامشلي") or a place and what contains it
    ("قضاء الدجيل بمحافظة صلاح الدين"، "حي غويران بمدينة الحسكة")."""
    # places.index(chosen), by bisection: an equal place starts where chosen does
    i = places.index(chosen, bisect.bisect_left(places, chosen.mention.start, key=_mention_start))
    while i > 0:
        prev = places[i - 1]
        gap = state.text[prev.mention.end : places[i].mention.start].strip(" \"'،,")
        if gap not in _LIST_GAPS or places[i].mention.start - prev.mention.end > 5:
            break
        if gap != "و" and prev.place.geo_precision > places[i].place.geo_precision:
            break  # "X في Y" where X is the coarser: Y is the place
        i -= 1
    return places[i]


def _start_of(m: PlaceMention) -> int:
    return m.start


def _mention_start(p: PlaceRef) -> int:
    return p.mention.start


# What may stand between places told together: "و" (a list), "ب"/"في" (a place in what contains it).
_LIST_GAPS = frozenset({"", "و", "ب", "في"})
# Words that make the place after them a neighbour of the place before, not where things happen.
_NEIGHBOUR_WORDS = ("المحاذيه", "المجاوره", "المتاخمه", "المحاذي", "المجاور", "المتاخم", "المحاذيتين")


def _neighbour(state: DocState, p: PlaceRef) -> bool:
    start = p.mention.start
    while start > 0 and state.text[start - 1].isalpha():
        start -= 1  # the token's start, before its proclitics ("للبصرة")
    before = state.text[max(0, start - 16) : start].split()
    return bool(before) and before[-1] in _NEIGHBOUR_WORDS


def _event_places(state: DocState) -> list[PlaceRef]:
    """The places of the document an event may be put at: no country, no neighbour of a place ("المحاذية لـ"),
    inside an admin area if any is."""
    if state.event_places is None:
        usable = [p for p in state.places if _usable(p) and not _neighbour(state, p)]
        state.event_places = [p for p in usable if _placed(p)] or usable
    return state.event_places


def choose_place(state: DocState, cand: Candidate) -> None:
    cs, ce = cand.clause
    ss, se = cand.sentence_span
    t = cand.trigger.start
    # (the unresolved places are in order of start: the first of the clause by bisection)
    i = bisect.bisect_left(state.unresolved_places, cs, key=_start_of)
    if i < len(state.unresolved_places) and state.unresolved_places[i].start < ce:
        first = state.unresolved_places[i]
        cand.local_name = state.text[first.head_start : first.head_end]
    places = _event_places(state)
    # a dateline's city is the bureau's, not the event's place within its sentence
    in_clause = [p for p in state.places_in(cs, ce, places) if not state.in_dateline_place(p.mention.start)]
    causes = _cause_spans(state) if cand.event_type != "Humanitarian" else []
    if causes:
        # "تظاهرات في قطاع غزة احتجاجا على افتتاح السفارة في القدس": the place of what the event answers is not its own
        in_clause = _outside(in_clause, causes, t)
    if in_clause and state.foreign_in(cs, ce):
        # "اغتال مسلحان عالما فلسطينيا من قطاع غزة في ماليزيا": beside a place abroad, a covered place after "من"
        # is where someone comes from, not where the event is
        in_clause = [p for p in in_clause if not _after_min(state, p)]
    if cand.sub_event_type == "Return" and len(in_clause) > 1:
        # "عودة 100 نازح من مخيمات دهوك لمناطقهم في سنجار": a return happens where people go back to
        gone_back_to = [p for p in in_clause if not _left_place(state, p)]
        in_clause = gone_back_to or in_clause
    if cand.sub_event_type == "Displacement" and in_clause and all(_went_to(state, p) for p in in_clause):
        # "نزوح عشرات العائلات من المناطق المستهدفة إلى مخيمات ريف إدلب الشمالي": people flee from where the
        # sentence's events are, not from where they go
        struck = [
            p
            for p in state.places_in(ss, cs, places)
            if not state.in_dateline_place(p.mention.start) and not _went_to(state, p) and _place_of_an_event(state, p, cs)
        ]
        if struck:
            # named in the sentence as where its events happen, and by the clause as where people fled from
            cand.place = _first_of_list(state, places, struck[-1])
            cand.place_distance = 0
            cand.place = _with_settlement(state, cand.place)
            return
    if not in_clause and _abroad(state, cand, places):
        return  # "قصفت طائرات التحالف مواقع في صنعاء": not on a namesake, nor on a place named elsewhere
    if in_clause:
        after = [p for p in in_clause if p.mention.start >= t]
        chosen = after[0] if after else in_clause[-1]
        cand.place = _first_of_list(state, places, chosen)
        cand.place_distance = 0
        cand.place = _with_settlement(state, cand.place)
        return
    in_sentence = [p for p in state.places_in(ss, se, places) if not state.in_dateline_place(p.mention.start)]
    if causes:
        in_sentence = _outside(in_sentence, causes, t)
    if in_sentence:
        chosen = min(in_sentence, key=lambda p: abs(p.mention.start - t))
        cand.place = _first_of_list(state, places, chosen)
        cand.place_distance = 1
        cand.place = _with_settlement(state, cand.place)
        return
    country = _country_of_sentence(state, cand, places)
    if country is not None:
        # "استهدف التحالف موقعين للجيش شرقي سوريا": the sentence puts the event in a country or a part of it;
        # a place named elsewhere stands for it only if it lies in that part ("دير الزور", not "دمشق")
        places = _kept(state, ("within", country), lambda: [p for p in places if _within(country, p)])
        if not places:
            cand.place_distance = 3  # left unplaced: place_unplaced does not put it elsewhere either
            return
    para = state.paragraphs[state.paragraph_of(t)] if state.paragraphs else (0, len(state.text))
    earlier = state.places_in(para[0], ss, places)
    if causes:
        earlier = _outside(earlier, causes, t)
    if earlier:
        cand.place, cand.place_distance = earlier[-1], 2
        return
    # the place is often named in the next sentence ("أفادت الشرطة بمقتل شخصين ... وأوضحت أن ... في مدينة X")
    if cand.sentence + 1 < len(state.sentences):
        ns, ne = state.sentences[cand.sentence + 1]
        following = state.places_in(ns, ne, places)
        goes_on = any(c.start - ns < 3 for c in state.cues_in("continuation", ns, ne))
        if following and goes_on:
            cand.place, cand.place_distance = following[0], 2
            return
    # the document's places, without the headline's origins ("تقرير من غزة"، "قادمون من دمشق")
    if causes:
        # "غارات على غزة ردا على إطلاق صواريخ باتجاه سديروت": nor is a cause's place the story's, if another is named
        told = _kept(state, ("told", country), lambda: _outside(places, causes, -1))
        story_place = _kept(state, ("document told", country), lambda: _document_place(state, told))
        if story_place is None:
            story_place = _kept(state, ("document", country), lambda: _document_place(state, places))
    else:
        story_place = _kept(state, ("document", country), lambda: _document_place(state, places))
    if story_place is not None:
        cand.place, cand.place_distance = story_place, 3
    elif usable_sources := [p for p in state.source_places if _usable(p)]:
        cand.place, cand.place_distance = usable_sources[0], 3  # not a country ("حكومة إقليم كردستان")


def _cause_spans(state: DocState) -> list[tuple[int, int]]:
    """Where the document tells what an event answers (cue class ``cause_phrase``: "احتجاجا على"، "ردا على"): from
    each such cue to the end of its clause; and what it is timed by (cue class ``time_anchor``: "قبل ساعات من تدشين
    السفارة الأمريكية في القدس"): from the cue to the next event word of its clause, or the clause's end."""
    return _kept(state, ("causes", None), lambda: _causes_and_anchors(state))


def _causes_and_anchors(state: DocState) -> list[tuple[int, int]]:
    spans = [(c.start, state.clause_of(c.start)[1]) for c in state.cues.get("cause_phrase", ())]
    for c in state.cues.get("time_anchor", ()):
        end = state.clause_of(c.start)[1]
        following = [t.start for t in state.triggers_in(c.end, end) if t.start >= c.end]
        spans.append((c.start, min(following, default=end)))
    return spans


def _outside(places: list[PlaceRef], causes: list[tuple[int, int]], trigger: int) -> list[PlaceRef]:
    """``places`` but those in a cause phrase (``causes``) that does not hold the event word at ``trigger`` (-1: none
    does, every cause's place is left out)."""
    return [p for p in places if not any(s <= p.mention.start < e and not s <= trigger < e for s, e in causes)]


def _document_place(state: DocState, places: list[PlaceRef]) -> PlaceRef | None:
    """The place of the story as a whole: the most precise of the lead, else the most named (None if none)."""
    places = [p for p in places if not _origin_in_title(state, p)]
    lead_end = state.paragraphs[min(LEAD_PARAGRAPHS, len(state.paragraphs)) - 1][1] if state.paragraphs else 0
    lead = [p for p in places if p.mention.start < lead_end]
    if lead:
        return _most_precise(lead)
    return _most_frequent(places) if places else None


_T = TypeVar("_T")


def _kept(state: DocState, key: tuple[str, object], compute: Callable[[], _T]) -> _T:
    """``compute()``, once per document and key (what the place stage works out for the whole document)."""
    memo_key = ("arguments", *key)
    if memo_key not in state.memo:
        state.memo[memo_key] = compute()
    return cast(_T, state.memo[memo_key])


# "من" before a place tells where someone or something comes from; after these words it measures a distance
# or a part ("بالقرب من دمشق"، "أجزاء من الغوطة"), which is a location.
_ORIGIN_WORDS = frozenset({"من", "ومن"})
_NOT_ORIGIN_BEFORE = frozenset(
    {
        *("قرب", "بالقرب", "مقربه", "قريب", "قريبه", "قريبا", "القريب", "القريبه", "بعيدا", "مسافه", "كم"),
        *("كيلومترات", "كيلومترا", "جزء", "اجزاء", "مناطق", "عدد", "انحاء", "كل", "اكثر", "اقل"),
    }
)


# Words for where people stay, between "من" and the place they leave ("من مخيمات دهوك"، "من مخيم النزوح في").
_STAY_WORDS = frozenset(
    {"مخيم", "مخيمات", "المخيم", "المخيمات", "النزوح", "محافظه", "مدينه", "بلده", "قريه", "مناطق", "منطقه", "ريف", "في"}
)


def _left_place(state: DocState, p: PlaceRef) -> bool:
    """Whether people come from the place: "من" before it, with only words for where they stayed between."""
    words = state.text[max(0, p.mention.start - 40) : p.mention.start].split()[-4:]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _ORIGIN_WORDS:
            return True
        if words[i] not in _STAY_WORDS:
            return False
    return False


# Words before the place people go to ("إلى مخيمات"، "نحو مناطق"، "باتجاه ريف").
_DESTINATION_WORDS = frozenset({"الي", "والي", "نحو", "باتجاه", "صوب"})  # (normalised: إلى is الي)
# How many words a destination word may stand before its place ("إلى مخيمات وقرى وبلدات ريف إدلب").
_DESTINATION_REACH = 6


def _place_of_an_event(state: DocState, p: PlaceRef, clause_start: int) -> bool:
    """Whether an event word follows the place before the displacement's clause ("بلدتي بليون والرامي ...، تعرضت
    لقصف صاروخي ... ونزوح"), not a visit or a statement ("وزار وفد أممي مدينة إدلب اليوم، في حين نزحت")."""
    return bool(state.triggers_in(p.mention.end, clause_start))


def _went_to(state: DocState, p: PlaceRef) -> bool:
    """Whether the place is where people go: a destination word before it, with no "من" between."""
    words = state.text[max(0, p.mention.start - 60) : p.mention.start].split()[-_DESTINATION_REACH:]
    for w in reversed(words):
        if w in _DESTINATION_WORDS:
            return True
        if w in _ORIGIN_WORDS:
            return False
    return False


# How far (characters) an unknown settlement and the known area beside it may be: "قرية العجرف بريف القنيطرة"،
# "ناحية سفوان بمحافظة البصرة"، "قرية الزر شرقي دير الزور".
_UNKNOWN_BESIDE = 24
# the kinds of place an unknown settlement can lie in (not a village or a landmark beside it)
_AREA_KINDS = frozenset({"governorate", "district", "subdistrict", "city", "town", "region"})


def _with_settlement(state: DocState, area: PlaceRef) -> PlaceRef:
    """``area`` (the place chosen for an event) with the settlement the gazetteer lacks that is told as lying in
    or beside it, if any: the event happened in that settlement."""
    m = area.mention
    if area.place.kind not in _AREA_KINDS and area.place.geo_precision < 2:
        return area
    unknowns = state.unresolved_places
    i = bisect.bisect_left(unknowns, m.start - _UNKNOWN_BESIDE - 40, key=_start_of)
    for u in unknowns[i:]:
        if u.start > m.end + _UNKNOWN_BESIDE:
            break
        gap = m.start - u.end if m.start >= u.end else u.start - m.end
        if gap < 0 or gap > _UNKNOWN_BESIDE:
            continue
        start = u.start
        while start > 0 and state.text[start - 1].isalpha():
            start -= 1
        before = state.text[max(0, start - 12) : start].split()
        if before and before[-1] in _ORIGIN_WORDS:
            continue  # "نازحون من قرية X": where they come from
        return replace(area, settlement=u)
    return area


def _after_min(state: DocState, p: PlaceRef) -> bool:
    """Whether the place is introduced by "من" (its own token, or "من" with ال only before the name)."""
    start = p.mention.start
    while start > 0 and state.text[start - 1].isalpha():
        start -= 1
    before = state.text[max(0, start - 12) : start].split()
    return bool(before) and before[-1] in _ORIGIN_WORDS and state.text[start : p.mention.start] in {"", "ال"}


def _origin_in_title(state: DocState, p: PlaceRef) -> bool:
    """Whether the place is named in the headline (the first paragraph) right after "من": an origin ("رسالة من
    دمشق"، "قادمون من غزة"), not where the story happens."""
    if not state.paragraphs or p.mention.start >= state.paragraphs[0][1]:
        return False
    start = p.mention.start
    while start > 0 and state.text[start - 1].isalpha():
        start -= 1  # the token's start, before its proclitics
    if state.text[start : p.mention.start] not in {"", "ال"}:
        return False  # a proclitic ("من بدمشق") makes another reading
    before = state.text[max(0, start - 30) : start].split()
    if not before or before[-1] not in _ORIGIN_WORDS:
        return False
    # "60% من عفرين"، "أجزاء من الغوطة": a part of the place
    return len(before) < 2 or not (before[-2] in _NOT_ORIGIN_BEFORE or any(ch.isdigit() for ch in before[-2]))


def _abroad(state: DocState, cand: Candidate, places: list[PlaceRef]) -> bool:
    """Whether the event's clause names a place outside the gazetteer's coverage, or its sentence names one
    nearer the trigger than any covered place, or the article names foreign places only."""
    if not state.foreign or cand.sub_event_type == "Agreement":
        return False  # an agreement is about the conflict wherever it is signed ("اتفاق جنيف")
    cs, ce = cand.clause
    ss, se = cand.sentence_span
    t = cand.trigger.start
    if state.foreign_in(cs, ce):
        return True
    abroad = [abs(s - t) for s, _ in state.foreign_in(ss, se)]
    if abroad:
        home = [abs(p.mention.start - t) for p in state.places_in(ss, se, places)]
        return not home or min(abroad) < min(home)
    # no place in the sentence: the story's own places decide (a Syrian article may name Paris once, a Yemeni
    # one a namesake of an Iraqi town)
    return len(state.foreign) > 2 * len(places)


def _country_of_sentence(state: DocState, cand: Candidate, places: list[PlaceRef]) -> PlaceRef | None:
    """The country (or part of a country: "شرقي سوريا"، "جنوب العراق") that the event's clause names when its
    sentence names no smaller place (the one nearest the event word)."""
    ss, se = cand.sentence_span
    if state.places_in(ss, se, places):
        return None
    cs, ce = cand.clause
    t = cand.trigger
    countries = [
        p
        for p in state.places_in(cs, ce)
        if cs <= p.mention.start < ce
        and p.place.kind in COUNTRY_KINDS
        and min(abs(p.mention.start - t.end), abs(t.start - p.mention.end)) <= COUNTRY_REACH
    ]
    if not countries:
        return None
    return min(countries, key=lambda p: abs(p.mention.start - t.start))


# How near the event word (characters) a country must be named to be where the event is ("الغارات على سوريا"),
# not the topic of another phrase of its clause ("قبل جلسة لبحث وقف إطلاق النار في سوريا").
COUNTRY_REACH = 40


def _within(country: PlaceRef, p: PlaceRef) -> bool:
    """Whether a place lies in the part of a country that a compass word names ("شرقي سوريا"); a country named
    without one is not narrowed to any of its places."""
    base, _, direction = (country.mention.qualifier or "").partition("-")
    direction = direction or base
    c, q = country.place, p.place
    if not direction or q.country != c.country or None in (c.latitude, c.longitude, q.latitude, q.longitude):
        return False
    assert c.latitude is not None and c.longitude is not None and q.latitude is not None and q.longitude is not None
    return lies_toward((c.latitude, c.longitude), (q.latitude, q.longitude), direction)


def _most_precise(places: list[PlaceRef]) -> PlaceRef:
    return min(places, key=lambda p: (p.place.geo_precision, p.mention.start))


def _most_frequent(places: list[PlaceRef]) -> PlaceRef:
    counts: dict[str, int] = {}
    for p in places:
        counts[p.place.place_id] = counts.get(p.place.place_id, 0) + 1
    return max(places, key=lambda p: (counts[p.place.place_id], -p.mention.start))


# How recent a day named earlier in the article must be to date a later event that names none.
NEWS_DAYS = 7
# Of two dates of one clause, the more precise wins ("الجمعة 31 من كانون الأول 2021": the day, not the month).
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _since(state: DocState, pos: int) -> bool:
    """ "منذ انطلاق العملية في 19 يونيو": a date that a "since" opens dates a beginning, not the event."""
    if state.text.startswith("منذ", pos):
        return True  # "منذ أسابيع"، "منذ الاثنين الماضي": the date expression is itself a "since"
    before = state.text[max(0, pos - SINCE_REACH) : pos].split()
    return "منذ" in before[-SINCE_WORDS:]


def _began(state: DocState, pos: int) -> int | None:
    """Where the relative pronoun stands if the date at ``pos`` is the day its noun began (``_BEGAN``), else None."""
    m = _BEGAN.search(state.text, max(0, pos - SINCE_REACH), pos)
    return m.start() if m is not None else None


def _began_elsewhere(state: DocState, cand: Candidate, d: DateMention) -> bool:
    """Whether the date ``d`` is the day a noun other than the candidate's began more than a week before
    publication: "ليرتفع عدد قتلى مسيرة العودة التي انطلقت في 30 مارس" dates the march, not the day's dead; a start
    within the week may be the day's occurrence itself ("الاشتباكات التي بدأت صباح يوم الثلاثاء")، and the event
    word right before the pronoun (at most ``_HEAD_WORDS`` words between) keeps its own day."""
    rel = _began(state, d.start)
    if rel is None:
        return False
    if state.published is not None and d.start_date is not None and (state.published - d.start_date).days <= NEWS_DAYS:
        return False
    return not any(
        t.end <= rel and len(state.text[t.end : rel].split()) <= _HEAD_WORDS for t in cand.triggers
    )


# How far back (characters, words) a "منذ" still governs a date ("منذ انطلاق العملية العسكرية في محافظة درعا 19 يونيو").
SINCE_REACH = 70
SINCE_WORDS = 9

# A date right after a relative pronoun and a verb of beginning ("مسيرة العودة الكبرى التي انطلقت في 30 مارس"،
# "هجوم النظام الذي بدأ في 18 فبراير"، "النزاع الذي اندلع في 2011") dates the start of the noun before it (a
# campaign, a wave of protests, a trial, a festival), never an event of its sentence: the day's dead "ليرتفع عدد
# قتلى مسيرة العودة التي انطلقت في 30 مارس" were dated to the march's first day and told twice. 54 hits in the ANT
# 2018 corpus (scripts/frames.py '(التي|الذي) (بدأت|بدأ|انطلقت|انطلق|اندلعت|اندلع) (في |يوم )?[0-9]+ '), all 25
# read the start of a campaign, a protest movement, a trial, a festival or a programme. Normalised text.
_BEGAN = re.compile(r"(?:الذي|التي)\s+(?:بدا|بدات|انطلق|انطلقت|اندلع|اندلعت)\s+(?:في\s+|يوم\s+)?$")
_HEAD_WORDS = 2



def choose_date(state: DocState, cand: Candidate) -> None:
    ss, se = cand.sentence_span
    t = cand.trigger.start
    in_clause = _dated(state, cand, *cand.clause)
    if in_clause:
        cand.date = min(in_clause, key=lambda d: (_PRECISION_RANK.get(d.precision, 9), abs(d.start - t)))
        return
    in_sentence = _dated(state, cand, ss, se)
    if in_sentence:
        cand.date = min(in_sentence, key=lambda d: (_PRECISION_RANK.get(d.precision, 9), abs(d.start - t)))
        return
    para = state.paragraphs[state.paragraph_of(t)] if state.paragraphs else (0, len(state.text))
    earlier = _dated(state, cand, para[0], ss)
    cand.date_inherited = True
    if earlier:
        cand.date = earlier[-1]
        return
    if state.paragraph_of(t) < LEAD_PARAGRAPHS + 1:
        lead_end = (
            state.paragraphs[min(LEAD_PARAGRAPHS, len(state.paragraphs)) - 1][1] if state.paragraphs else 0
        )
        lead = next((d for d in state.dates_between(0, max(lead_end, ss)) if _usable_date(state, cand, d)), None)
        if lead is not None:
            cand.date = lead
            return
    # the news day: the last day named before the event, if it is within the week before publication
    if state.published is not None:
        published = state.published
        recent = next(
            (
                d
                for d in state.dates_between(0, ss, reverse=True)
                if _usable_date(state, cand, d)
                and d.precision == "day"
                and d.start_date is not None
                and 0 <= (published - d.start_date).days <= NEWS_DAYS
            ),
            None,
        )
        if recent is not None:
            cand.date = recent


# (module-level, not nested in choose_date: compiled (scripts/build_native.py), a nested function that another
# nested scope calls is kept in the environment it refers to, a cycle that held the whole document state until
# the cyclic collector found it)
def _usable_date(state: DocState, cand: Candidate, d: DateMention) -> bool:
    """Whether ``d`` can date the candidate: a date in a relative clause that tells an event of its own ("... سراح
    الممثل، الذي أوقف قبل أشهر") dates that event, not this one."""
    if d.start_date is None or _since(state, d.start) or _began_elsewhere(state, cand, d):
        return False
    cs, ce = cand.clause
    return cs <= d.start < ce or not _other_event_in_clause(state, cand, d.start)


def _dated(state: DocState, cand: Candidate, lo: int, hi: int) -> list[DateMention]:
    return [d for d in state.dates_between(lo, hi) if _usable_date(state, cand, d)]


_RELATIVE = re.compile(r"و?(?:الذي|التي|الذين|اللذين|اللتين|اللواتي)\s")


def _other_event_in_clause(state: DocState, cand: Candidate, pos: int) -> bool:
    """Whether the clause holding ``pos`` is a relative clause that tells an event of its own (an event word that is
    not one of the candidate's)."""
    lo, hi = state.clause_of(pos)
    if not _RELATIVE.match(state.text, lo):
        return False
    own = {t.start for t in cand.triggers}
    return any(t.start not in own for t in state.triggers_in(lo, hi))


_CROWD_TYPES = frozenset({"Protests", "Riots", "Humanitarian"})


def assign_quantities(state: DocState, cands: list[Candidate]) -> None:
    """Each quantity goes to the nearest candidate of its sentence that can take its unit."""
    by_sentence: dict[int, list[Candidate]] = {}
    for c in cands:
        by_sentence.setdefault(c.sentence, []).append(c)
    for q in (q for si in sorted(by_sentence) for q in state.quantities_in(si)):
        si = state.sentence_of(q.start)
        # "تظاهر العشرات"، "رحيل المئات": a crowd with no noun after its size counts people who demonstrate or
        # flee
        crowd = q.unit == "other" and q.value is None
        options = [
            c
            for c in by_sentence.get(si, ())
            if q.unit in UNITS_BY_FAMILY[family(c)] or (crowd and c.event_type in _CROWD_TYPES)
        ]
        if q.unit == "people" and state.has_cue("displaced_people", q.start, q.end + DISPLACED_REACH):
            # "عشرات الآلاف من السوريين العائدين": a count of the displaced belongs to the displacement
            options = [c for c in options if c.event_type == "Humanitarian"] or options
        if not options:
            continue
        qc = state.clause_of(q.start)

        def distance(c: Candidate, q_start: int = q.start, q_clause: tuple[int, int] = qc) -> tuple[int, int]:
            same_clause = 0 if state.clause_of(c.trigger.start) == q_clause else 1
            return same_clause, abs(c.trigger.start - q_start)

        best = min(options, key=distance)
        best.quantities.append(replace(q, unit="people") if crowd and best.event_type in _CROWD_TYPES else q)


def place_unplaced(state: DocState, cands: list[Candidate]) -> None:
    """Events the article places only by its headline or most named place take the place of its first event
    that is placed by its own words, in the story's opening paragraphs: that is where the story happens. An event
    whose sentence names a place the gazetteer does not know, or another country, is left unplaced rather than
    put somewhere wrong."""
    story_end = (
        state.paragraphs[min(STORY_PARAGRAPHS, len(state.paragraphs)) - 1][1] if state.paragraphs else 0
    )
    anchored = [
        c for c in cands if c.place is not None and c.place_distance <= 2 and c.trigger.start < story_end
    ]
    main = min(anchored, key=lambda c: c.trigger.start).place if anchored else None
    for c in cands:
        if c.place is not None and c.place_distance < 3:
            continue
        c.place, c.place_distance = (main, 3) if main is not None else (c.place, c.place_distance)
        if c.place is not None and _elsewhere(state, c, c.place):
            c.place = None


def _elsewhere(state: DocState, cand: Candidate, place: PlaceRef) -> bool:
    ss, se = cand.sentence_span
    if _abroad(state, cand, state.places):
        return True  # "في صنعاء": a place outside the gazetteer's coverage
    if any(ss <= m.start < se for m in state.unresolved_places):
        return True  # "في منطقة كوي سنجق": a place we do not know, not the story's place
    country = _country_of_sentence(state, cand, _event_places(state))
    if country is not None and not _within(country, place):
        return True  # "الغارات على سوريا": the sentence names only the country, not the story's place
    countries = [p for p in state.places_in(ss, se) if p.place.kind == "country"]
    if not countries:
        return False
    # the country named nearest the event word is the event's ("القصف الإسرائيلي على جنوب لبنان ... إلى سوريا")
    cs, ce = cand.clause
    same_clause = [p for p in countries if cs <= p.mention.start < ce]
    nearest = min(same_clause or countries, key=lambda p: abs(p.mention.start - cand.trigger.start))
    return place.place.country != nearest.place.country


# A single victim named without a number ("قُتل المدني سعيد الحسين"، "استشهد طفل") or in the dual ("قتل مدنيان").
_ONE_VICTIM = frozenset(
    {
        "مدني",
        "المدني",
        "مدنيا",
        "طفل",
        "الطفل",
        "طفله",
        "الطفله",
        "شاب",
        "الشاب",
        "شابا",
        "رجل",
        "الرجل",
        "امراه",
        "المراه",
        "عنصر",
        "عنصرا",
        "جندي",
        "جنديا",
        "الجندي",
        "مقاتل",
        "مقاتلا",
        "مواطن",
        "مواطنا",
        "المواطن",
        "شخص",
        "شخصا",
        "فتي",
        "الفتي",
        "فتاه",
        "الفتاه",
        "مسن",
        "المسن",
    }
)
_TWO_VICTIMS = frozenset(
    {"مدنيان", "طفلان", "شابان", "عنصران", "جنديان", "مواطنان", "شخصان", "رجلان", "مقاتلان"}
)
# How far after a count of people a word for the displaced may stand and still say who they are (characters).
DISPLACED_REACH = 40
# How far (characters) a killing word may stand before the count of people it turns into a count of the dead.
TOLL_REACH = 40


def count_victims(state: DocState, cand: Candidate) -> None:
    """Counts of people that a killing or wounding word governs become fatalities or injured ("وقتلوا 3
    أشخاص"، "احتراق خمسة مواطنين"); a lone victim with no number counts one ("قتل المدني X")."""
    tolls = [
        (t, "fatalities" if t.payload.ref == "killing" else "injured")
        for t in cand.triggers
        if t.payload.ref in {"killing", "injury"}
    ]
    for i, q in enumerate(cand.quantities):
        if q.unit != "people":
            continue
        for t, unit in tolls:
            if (
                t.end <= q.start
                and q.start - t.end <= TOLL_REACH
                and state.sentence_of(t.start) == state.sentence_of(q.start)
            ):
                cand.quantities[i] = replace(q, unit=unit)
                break
    for t, unit in tolls:
        if any(q.unit == unit for q in cand.quantities):
            continue
        words = state.text[t.end : t.end + 24].split()
        if not words:
            continue
        value = 1 if words[0] in _ONE_VICTIM else 2 if words[0] in _TWO_VICTIMS else 0
        if value:
            start = state.text.index(words[0], t.end)
            end = start + len(words[0])
            cand.quantities.append(QuantityMention(start, end, value, "exact", unit, start, end, start, end))


def news_day(state: DocState) -> date | None:
    """The day the story's news happened: the day its lead sentence names ("مساء الخميس"), else the day it was
    published. Undated retellings are taken to be of that day."""
    if len(state.sentences) > 1:
        for si in (0, 1):
            ss, se = state.sentences[si]
            days = [
                d for d in state.dates_between(ss, se) if d.precision == "day" and d.start_date is not None
            ]
            if days and not any(_since(state, d.start) for d in days):
                return days[0].start_date
    return state.published
