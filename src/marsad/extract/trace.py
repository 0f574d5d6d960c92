"""Where an event is born, merged, retyped, kept or dropped, and why: the trail every candidate carries.

Each step names the stage and the rule that acted (the resource group, cue class or decision rule), so that
``marsad extract --explain`` can print, for one article, every event word the engine saw and what became of it.
Triggers that never became candidates are recorded only when an explanation is asked for (most news has many).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Step:
    """One decision about a candidate: ``stage`` (discourse, candidate, roles, type, merge, place, date,
    attribution, decide), the ``rule`` that made it, and a readable ``detail``."""

    stage: str
    rule: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.stage}: {self.rule}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True, slots=True)
class Rejection:
    """An event word that did not become a candidate."""

    word: str
    start: int
    group: str
    stage: str
    rule: str
    detail: str = ""

    def __str__(self) -> str:
        why = f"{self.stage}: {self.rule}" + (f" ({self.detail})" if self.detail else "")
        return f"«{self.word}» at {self.start} [{self.group}] not an event: {why}"


@dataclass(slots=True)
class Explanation:
    """The trail of one document: what became of every event word and candidate."""

    doc_id: str
    rejected: list[Rejection] = field(default_factory=list)
    # (event id or "-", summary, steps) of the events kept, then of the candidates dropped or merged away
    kept: list[tuple[str, str, list[Step]]] = field(default_factory=list)
    dropped: list[tuple[str, str, list[Step]]] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    # the decision features of each event kept, in order (the examples scripts/train_decisions.py learns from)
    features: list[dict[str, bool]] = field(default_factory=list)

    def render(self) -> str:
        out = [f"# {self.doc_id}"]
        if self.blocks:
            out.append("page blocks:")
            out += [f"  {b}" for b in self.blocks]
        out.append(f"events kept: {len(self.kept)}")
        for ident, summary, steps in self.kept:
            out.append(f"  {ident}: {summary}")
            out += [f"      - {s}" for s in steps]
        out.append(f"candidates dropped or merged: {len(self.dropped)}")
        for ident, summary, steps in self.dropped:
            out.append(f"  {ident}: {summary}")
            out += [f"      - {s}" for s in steps]
        out.append(f"event words that made no candidate: {len(self.rejected)}")
        out += [f"  {r}" for r in self.rejected]
        return "\n".join(out)
