"""Stage 5 of extraction: who the article says reports each event, and how sure it is.

A reporting frame is a source named next to a reporting word ("نقلت وكالة X عن"، "حسبما ذكر موقع X"، "وأكدت
المصادر"، "وأوضح مدير ... لـ«الوطن»"). A frame covers its own sentence and the sentences after it in its
paragraph, and goes on into the next paragraph when that opens by continuing the speaker ("وأضاف"، "بدورها").
Events outside every frame are the outlet's own assertion.
"""

from __future__ import annotations

from marsad.extract.candidates import Candidate, Frame
from marsad.extract.document import DocState
from marsad.lexicon.compiled import LexEntry, Lexicon
from marsad.lexicon.matcher import Match
from marsad.text.normalize import normalize_str

# How far (characters) a reporting word may stand from the source it introduces.
REPORT_REACH = 70
CLAIMED_KINDS = frozenset({"unnamed", "witnesses", "activists", "party"})


def _is_addressee(state: DocState, src: Match[LexEntry]) -> bool:
    """"لـ«الوطن»": the outlet spoken to, not the speaker."""
    return src.prefix.endswith("ل") and src.prefix != "" and state.text[src.token_start : src.start] in {"ل", "ول"}


def find_frames(state: DocState, lexicon: Lexicon) -> dict[int, Frame]:
    """The reporting frame in force for each sentence index that has one."""
    text = state.text
    outlet_key = normalize_str(state.outlet or "").strip()
    frames_at: dict[int, Frame] = {}
    for si, (ss, se) in enumerate(state.sentences):
        srcs = [s for s in state.sources if ss <= s.start < se]
        reports = state.cues_in("report", ss, se)
        if not srcs or not reports:
            continue
        framed = [
            s
            for s in srcs
            if any(abs(r.start - s.start) <= REPORT_REACH or abs(r.end - s.start) <= REPORT_REACH for r in reports)
        ]
        speakers = [s for s in framed if not _is_addressee(state, s)] or framed
        if not speakers:
            continue
        named = [s for s in speakers if outlet_key and normalize_str(s.payload.ref) != outlet_key]
        chosen = named or speakers
        first = chosen[0]
        kinds = [lexicon.sources[s.payload.ref].kind for s in chosen if s.payload.ref in lexicon.sources]
        modality = (
            "claimed"
            if any(
                lexicon.sources[s.payload.ref].modality == "claimed" for s in chosen if s.payload.ref in lexicon.sources
            )
            else "asserted"
        )
        report_before = [r for r in reports if r.start <= first.start]
        start = min([first.token_start] + [r.start for r in report_before[-1:]])
        end = max(s.end for s in chosen[:2])
        name = first.payload.ref
        if name.lower().startswith("sources close to"):
            near = [a for a in state.actors if first.end <= a.start <= first.end + 12]
            if near:
                entry = lexicon.actors.get(near[0].actor_id)
                name = f"Sources close to {near[0].actor_id if entry is None else near[0].actor_id}"
                end = max(end, near[0].end)
        frame = Frame(
            name=name,
            text=state.norm.orig_text(start, min(end, se)),
            start=start,
            end=end,
            modality=modality,
            kind=kinds[0] if kinds else "outlet",
        )
        frames_at[si] = frame
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
    cand.frame = frames.get(cand.sentence)
