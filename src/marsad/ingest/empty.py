"""Why a document gave no events, in one line: so that no article comes out empty without a word.

>>> why_no_events("قصف الطيران مواقع للمسلحين أمس", published="2022-03-01")   # doctest: +SKIP
'1 candidate event(s) dropped (1 for want of a place)'

The reasons come from the engine's own trail (:meth:`marsad.extract.pipeline.Extractor.explain`): event words
that made no event and the rule that set each aside, candidates dropped by a hard filter or below the confidence
threshold. The trail reads every event word, also in an article that names no place more precise than a country
(where :meth:`~marsad.extract.pipeline.Extractor.extract` stops before the events, none of which could be kept).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from marsad.model import InputDocument

if TYPE_CHECKING:
    from marsad.extract.pipeline import Extractor
    from marsad.extract.trace import Explanation

log = logging.getLogger(__name__)

#: What each hard filter of ``resources/decisions.yaml`` means to a reader.
FILTER_WORDS = {
    "unplaced": "for want of a place",
    "announced": "announced for the future",
    "old": "dated long before publication",
    "no_displaced_count": "a displacement with no count of people",
}
#: Rules of the event words that made no event, shown before "... and n more".
SHOWN_RULES = 3

_T = TypeVar("_T")


def _dropped_reason(steps: Iterable[object]) -> str:
    last = ""
    for step in steps:
        if getattr(step, "stage", "") == "decide":
            last = str(getattr(step, "rule", ""))
    if last.startswith("dropped by filter "):
        name = last.removeprefix("dropped by filter ")
        return FILTER_WORDS.get(name, f"filter {name}")
    if last.startswith("dropped below"):
        return "below the confidence threshold"
    return "merged or set aside"


def summarise(explanation: Explanation) -> str:
    """One line for a document whose explanation kept no event."""
    parts: list[str] = []
    if explanation.dropped:
        reasons = Counter(_dropped_reason(steps) for _, _, steps in explanation.dropped)
        parts.append(
            f"{len(explanation.dropped)} candidate event(s) dropped ("
            + ", ".join(f"{n} {why}" for why, n in reasons.most_common())
            + ")"
        )
    if explanation.rejected:
        rules = Counter(f"{r.stage}: {r.rule}" for r in explanation.rejected)
        shown = ", ".join(f"{rule} ×{n}" for rule, n in rules.most_common(SHOWN_RULES))
        more = len(rules) - SHOWN_RULES
        parts.append(
            f"{len(explanation.rejected)} event word(s) made no event ({shown}"
            + (f"; {more} other rule(s)" if more > 0 else "")
            + ")"
        )
    return "; ".join(parts)


def why_no_events(
    text: str,
    *,
    published: str | None = None,
    doc_id: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    extractor: Extractor | None = None,
) -> str:
    """Why the engine keeps no event of this text (see the module doc)."""
    from marsad.extract.pipeline import Extractor

    engine = extractor or Extractor.default()
    kwargs = {"published": published, "doc_id": doc_id, "outlet": outlet, "title": title}
    record, explanation = engine.explain(text, **kwargs)
    if record.events:
        return f"{len(record.events)} event(s)"
    # (the trail reads every event word and candidate, also where extraction stops early for want of a place:
    # an empty trail means no event word)
    return summarise(explanation) or "no event word in the text"


def explain_empty(doc: InputDocument) -> str:
    """:func:`why_no_events` of an input document."""
    return why_no_events(
        doc.text, published=doc.published, doc_id=doc.doc_id, outlet=doc.outlet, title=doc.title
    )


def undated_message(doc: InputDocument) -> str:
    """The warning for a document with no publication date (said once per run)."""
    return (
        f"{doc.source} ({doc.doc_id}) has no publication date: relative dates (أمس، الخميس، الأسبوع "
        "الماضي) cannot be resolved; give --published YYYY-MM-DD or a \"published\" field (warned once)"
    )


def warn_undated(items: Iterable[_T], warn: Callable[[str], None]) -> Iterator[_T]:
    """``items`` unchanged; ``warn`` is called once, at the first document with no publication date."""
    warned = False
    for item in items:
        if not warned and isinstance(item, InputDocument) and not item.published:
            warned = True
            warn(undated_message(item))
        yield item
