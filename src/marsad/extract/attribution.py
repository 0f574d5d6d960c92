"""Stage 5 of extraction: who the article says reports each event, and how sure it is.

A reporting frame is a source named next to a reporting word ("نقلت وكالة X عن"، "حسبما ذكر موقع X"، "وأكدت
المصادر"، "وأوضح مدير ... لـ«الوطن»"). A frame covers its own sentence and the sentences after it in its
paragraph, and goes on into the next paragraph when that opens by continuing the speaker ("وأضاف"، "بدورها").
Events outside every frame are the outlet's own assertion.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from marsad.extract.candidates import Candidate, Frame
from marsad.extract.discourse import word_start_before
from marsad.extract.document import DocState
from marsad.lexicon.compiled import LexEntry, Lexicon
from marsad.lexicon.matcher import Match
from marsad.text.normalize import normalize_str

# How many words may stand between a reporting word and its source ("ذكرت وكالة الأنباء الرسمية X"), or the
# agency it was told to ("قال ضابط برتبة عقيد في الشرطة لـ"فرانس برس"").
MAX_GAP_WORDS = 3
ADDRESSEE_GAP_WORDS = 8
# How far after "مصادر مقربة من"، "المتحدث باسم" the body they name may stand (characters).
PATTERN_REACH = 16
# A second source this close after the first is the one the first relays ("نقلت وكالة X عن مصادر").
RELAY_REACH = 12
CLAIMED_KINDS = frozenset({"unnamed", "witnesses", "activists", "party"})


def _is_addressee(state: DocState, src: Match[LexEntry]) -> bool:
    """ "لـ«الوطن»": the outlet spoken to, not the speaker."""
    return (
        src.prefix.endswith("ل")
        and src.prefix != ""
        and state.text[src.token_start : src.start] in {"ل", "ول"}
    )


def _speaker_frames(
    state: DocState, ss: int, se: int, outlet_key: str, source_starts: list[int]
) -> list[tuple[Match[LexEntry], Match[LexEntry]]]:
    """(report word, source) pairs of a sentence where the source is the one speaking: right after the reporting
    word ("قالت وكالة X"، "بحسب المرصد"، "حسبما ذكر موقع X") or right before it ("المرصد السوري قال"). The agency
    spoken to ("قال ضابط لـ"فرانس برس"") stands for the report when no speaker is named."""
    text = state.text
    speakers: list[tuple[Match[LexEntry], Match[LexEntry]]] = []
    addressees: list[tuple[Match[LexEntry], Match[LexEntry]]] = []
    reports = state.cues_in("report", ss, se)
    starts = [r.start for r in reports]
    longest = max((r.end - r.start for r in reports), default=0)
    lo = bisect.bisect_left(source_starts, ss)
    hi = bisect.bisect_left(source_starts, se)
    for src in state.sources[lo:hi]:
        # only the reporting words that end within the ADDRESSEE_GAP_WORDS + 1 words before the source or start
        # within the two words after it can be near it: the others are not tried (in a long sentence, trying
        # every pair cost time in the square of its length)
        reach = word_start_before(text, ss, src.token_start, ADDRESSEE_GAP_WORDS + 1, _WORD)
        first = bisect.bisect_left(starts, reach - longest)
        last = bisect.bisect_right(starts, _end_of_words_after(text, src.end, se, 2))
        for r in reports[first:last]:
            if r.end <= src.token_start:
                gap = text[r.end : src.token_start].replace('"', " ").split()
                near = len(gap) <= MAX_GAP_WORDS or (_is_addressee(state, src) and len(gap) <= ADDRESSEE_GAP_WORDS)
            else:
                near = r.start >= src.end and len(text[src.end : r.token_start].split()) <= 1
            if near:
                if not _is_addressee(state, src):
                    speakers.append((r, src))
                elif not outlet_key or _key(src.payload.ref) != outlet_key:
                    addressees.append((r, src))
                break
    return speakers or addressees


def _end_of_words_after(text: str, pos: int, hi: int, n: int) -> int:
    """Where the ``n``-th word after ``pos`` ends (split on white space), or ``hi`` if there are fewer."""
    window = 64
    while True:
        end = min(hi, pos + window)
        words = text[pos:end].split()
        if len(words) > n or end == hi:
            if len(words) < n:
                return hi
            found = pos
            for w in words[:n]:
                found = text.index(w, found) + len(w)
            return found
        window *= 4


# a word of a gap whose quotes are read as spaces
_WORD = re.compile(r'[^\s"]+')


@lru_cache(maxsize=1024)
def _key(name: str) -> str:
    return normalize_str(name).strip()


def find_frames(state: DocState, lexicon: Lexicon) -> dict[int, Frame]:
    """The reporting frame in force for each sentence index that has one."""
    outlet_key = _key(state.outlet or "")
    frames_at: dict[int, Frame] = {}
    with_sources = sorted({state.sentence_of(s.start) for s in state.sources})
    source_starts = [s.start for s in state.sources]  # the sources are in order of start
    for si in with_sources:
        ss, se = state.sentences[si]
        pairs = _speaker_frames(state, ss, se, outlet_key, source_starts)
        if not pairs:
            continue
        named = [p for p in pairs if not outlet_key or _key(p[1].payload.ref) != outlet_key]
        chosen = named or pairs
        report, first = chosen[0]
        entry = lexicon.sources.get(first.payload.ref)
        # "نقلت وكالة X عن مصادر": the agency passes on what unnamed sources say
        relayed = [s for _, s in chosen[1:] if s.start - first.end <= RELAY_REACH]
        sources = [first, *relayed]
        modality = (
            "claimed"
            if any(
                (
                    lexicon.sources.get(s.payload.ref) is not None
                    and lexicon.sources[s.payload.ref].modality == "claimed"
                )
                for s in sources
            )
            else "asserted"
        )
        start = min(report.start, first.token_start)
        end = max(s.end for s in sources)
        name = first.payload.ref
        if name.lower().startswith("sources close to") or name.endswith(" of"):
            # "مصادر مقربة من قسد"، "المتحدث باسم حركة حماس": the pattern names the body after it
            near = state.actors_in(first.end, first.end + PATTERN_REACH + 1)
            if near:
                base = "Sources close to" if name.lower().startswith("sources close to") else name
                name = f"{base} {near[0].actor_id}"
                end = max(end, near[0].end)
        frames_at[si] = Frame(
            name=name,
            text=state.norm.orig_text(start, min(max(end, report.end), se)),
            start=start,
            end=end,
            modality=modality,
            kind=entry.kind if entry else "outlet",
        )
    return _spread(state, frames_at)


def _spread(state: DocState, frames_at: dict[int, Frame]) -> dict[int, Frame]:
    """Carry each frame over the rest of its paragraph and into continuing paragraphs."""
    out: dict[int, Frame] = {}
    current: Frame | None = None
    current_para = -1
    for si, (ss, se) in enumerate(state.sentences):
        para = state.paragraph_of(ss)
        if si in frames_at:
            current, current_para = frames_at[si], para
        elif current is not None and para != current_para:
            if any(c.start - ss < 12 for c in state.cues_in("continuation", ss, se)):
                current_para = para
            else:
                current = None
        if current is not None:
            out[si] = current
    return out


def attribute(state: DocState, frames: dict[int, Frame], cand: Candidate) -> None:
    """The frame of the event's sentence, else the outlet itself."""
    frame = frames.get(cand.sentence)
    if frame is None:
        outlet = state.outlet or "the outlet"
        frame = Frame(name=outlet, text=outlet, start=-1, end=-1, modality="asserted", kind="outlet")
    cand.frame = frame
