"""The date an exported event carries, and whether it is news at all.

ACLED gives every event a date. The engine dates an event only from the article's words (``date.start`` is null
when nothing in the article dates it); an export falls back, in order:

1. the date the article gives the event (its own ``time_precision``: 1 day, 2 week, 3 month or longer);
2. the dateline's date ("بيروت، 12 آذار (رويترز) -"), the day the story was filed: ``time_precision`` 2;
3. the publication date: ``time_precision`` 2 for an event told in the article's lead (the news of the day,
   within the week before publication), 3 for one told further down (background of the weeks before);

and says which in ``tags`` (``date source=dateline`` or ``date source=publication``). An event with none of
these (no date in the article, no publication date) keeps an empty date.

An event dated more than :data:`HISTORICAL_DAYS` before its article's publication is history the article recalls
("the attack of 18 April 1983"), not news: exports leave it out unless asked to keep it, tagged ``historical``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

#: Days before publication past which a dated event is history, not news. In 2,000 Middle-East articles of the
#: 2018 corpus every event dated more than 30 days before its article was background (anniversaries, "since
#: the offensive began on ..."); within 30 days late first reports and follow-ups mix with some recalled
#: context, which a shorter threshold would drop with them (docs/quality.md).
HISTORICAL_DAYS = 30
#: Characters of an article that hold its title and lead paragraph: an event told there is the story's news.
LEAD_CHARS = 600
#: Characters at the head of an article searched for a dateline (the place, a date, the agency).
DATELINE_CHARS = 120
#: What closes a dateline within its first characters: "دمشق، 12 آذار (سانا) -", "بيروت - رويترز".
_DATELINE_ENDS = ("(", " - ", " – ", " — ", "--", " ـ ", ":")
#: A dateline's marks lie within its paragraph's first characters.
_DATELINE_REACH = 60

PRECISION_CODES: Mapping[str, int] = {"day": 1, "week": 2}


@dataclass(frozen=True)
class Dating:
    """The export date of one event: ``day`` (``None`` when nothing dates it), ACLED's ``time_precision``,
    where the date came from (``article``, ``dateline``, ``publication`` or ``none``) and whether the event
    is history rather than news (``age_days`` before publication)."""

    day: date | None
    end: date | None
    time_precision: int
    source: str
    age_days: int | None = None

    @property
    def historical(self) -> bool:
        return self.age_days is not None and self.age_days > HISTORICAL_DAYS

    def tags(self) -> list[str]:
        out = [f"date source={self.source}"] if self.source in ("dateline", "publication") else []
        if self.historical:
            out.append(f"historical ({self.age_days} days before publication)")
        return out


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def date_event(
    record: Mapping[str, Any], published: date | None, head: str | None = None
) -> Dating:
    """The export date of the contract event ``record`` of an article published on ``published`` whose text
    begins with ``head`` (for its dateline)."""
    when = record.get("date") or {}
    start = _day(when.get("start"))
    if start is not None:
        age = (published - start).days if published is not None else None
        return Dating(
            start,
            _day(when.get("end")) or start,
            PRECISION_CODES.get(str(when.get("precision")), 3),
            "article",
            age,
        )
    filed = dateline_date(head, published) if head else None
    if filed is not None:
        return Dating(filed, filed, 2, "dateline", 0)
    if published is not None:
        return Dating(published, published, 2 if _in_lead(record) else 3, "publication", 0)
    return Dating(None, None, 3, "none")


def _in_lead(record: Mapping[str, Any]) -> bool:
    starts = [int(s.get("start", LEAD_CHARS)) for s in record.get("evidence") or [] if isinstance(s, Mapping)]
    return bool(starts) and min(starts) < LEAD_CHARS


def dateline_date(head: str, published: date | None) -> date | None:
    """The day a dateline at the head of an article names ("دمشق، 12 آذار (سانا) -"), if it names one; never
    after publication."""
    return _dateline_date(head[:DATELINE_CHARS], published)


@lru_cache(maxsize=4096)
def _dateline_date(head: str, published: date | None) -> date | None:
    from marsad.text.dates import find_dates
    from marsad.text.normalize import normalize

    # the title line comes first in stored articles; the dateline opens the paragraph after it
    for line in head.split("\n", 2)[:2]:
        marks = sorted(
            k + len(e) for e in _DATELINE_ENDS for k in _all(line, e) if 0 < k < _DATELINE_REACH
        )
        if not marks:
            continue
        # a dateline is the place, then the date and the agency: up to its second mark ("القاهرة - 5 أيار:")
        norm = normalize(line[: marks[min(1, len(marks) - 1)]])
        for found in find_dates(norm.text, published):
            words = norm.text[found.start : found.end]
            if found.precision != "day" or found.start_date is None or not any(c.isdigit() for c in words):
                continue  # "أمس", "الخميس": the day of the news, not a filing date
            if published is None or found.start_date <= published:
                return found.start_date
    return None


def _all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found
