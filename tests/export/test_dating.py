"""Every exported event has a date: the article's, else its dateline's, else its publication date; and events dated
long before their article are history, not news."""

from __future__ import annotations

from datetime import date

from marsad.export.dating import HISTORICAL_DAYS, LEAD_CHARS, date_event, dateline_date
from store.factories import make_event

PUBLISHED = date(2018, 4, 18)


def event(day: str | None, precision: str = "day", start: int = 0) -> dict[str, object]:
    record = make_event("d", day=day, start=start).model_dump(mode="json")
    record["date"]["precision"] = precision if day else "unknown"
    return record


def test_the_articles_own_date_comes_first_with_its_precision() -> None:
    got = date_event(event("2018-04-16"), PUBLISHED)
    assert (got.day, got.time_precision, got.source, got.age_days) == (date(2018, 4, 16), 1, "article", 2)
    assert got.tags() == [] and not got.historical
    assert date_event(event("2018-04-09", "week"), PUBLISHED).time_precision == 2
    assert date_event(event("2018-04-01", "month"), PUBLISHED).time_precision == 3


def test_an_undated_event_takes_the_publication_date_and_says_so() -> None:
    lead = date_event(event(None, start=40), PUBLISHED)
    assert (lead.day, lead.time_precision, lead.source) == (PUBLISHED, 2, "publication")
    assert lead.tags() == ["date source=publication"]
    # told far down the article: background of the weeks before, not the day's news
    deep = date_event(event(None, start=LEAD_CHARS + 500), PUBLISHED)
    assert (deep.day, deep.time_precision) == (PUBLISHED, 3)


def test_a_dated_dateline_beats_the_publication_date() -> None:
    head = "عنوان الخبر\nبيروت، 16 نيسان (رويترز) - قال مسؤولون إن غارة استهدفت ..."
    got = date_event(event(None), PUBLISHED, head)
    assert (got.day, got.time_precision, got.source) == (date(2018, 4, 16), 2, "dateline")
    assert got.tags() == ["date source=dateline"]


def test_datelines_without_a_day_or_with_a_relative_word_give_no_date() -> None:
    assert dateline_date("دمشق-سانا\nاستهدف قصف ...", PUBLISHED) is None
    assert dateline_date("بيروت (رويترز) - قتل أمس 3 أشخاص في 2 نيسان", PUBLISHED) is None
    assert dateline_date("الخميس - قال مسؤول", PUBLISHED) is None
    assert dateline_date("القاهرة - 5 نيسان/أبريل: قال", PUBLISHED) == date(2018, 4, 5)


def test_nothing_to_date_by_leaves_the_date_empty() -> None:
    got = date_event(event(None), None)
    assert (got.day, got.source) == (None, "none")


def test_events_decades_before_publication_are_history() -> None:
    anniversary = date_event(event("1983-04-18"), PUBLISHED)
    age = (PUBLISHED - date(1983, 4, 18)).days
    assert anniversary.historical and anniversary.age_days == age
    assert f"historical ({age} days before publication)" in anniversary.tags()
    edge = date_event(event(date.fromordinal(PUBLISHED.toordinal() - HISTORICAL_DAYS).isoformat()), PUBLISHED)
    assert not edge.historical
