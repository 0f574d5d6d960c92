"""Dates at the ends of the calendar and counts beyond reason: every date expression resolves (or is left
undated) whatever the publication date, and an absurd count is dropped with a warning, never read."""

from __future__ import annotations

import logging
from datetime import MAXYEAR, MINYEAR, date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.dates import find_dates
from marsad.text.normalize import normalize
from marsad.text.numbers import MAX_COUNT, find_quantities

# one expression for each way the resolver computes a date (relative days, weekdays, periods, months, ...)
EXPRESSIONS = [
    "أمس", "اليوم", "غدا", "أول أمس", "فجر اليوم", "منذ أمس", "الخميس الماضي", "يوم الأحد المقبل", "الجمعة",
    "ليل الأحد الاثنين", "الأسبوع الماضي", "الأسبوع المقبل", "هذا الأسبوع", "الشهر الماضي", "الشهر المقبل",
    "هذا الشهر", "العام الماضي", "العام المقبل", "هذا العام", "قبل يومين", "منذ 5 سنوات", "منذ أيام",
    "قبل أسابيع", "منذ 10 سنوات", "خلال الساعات الـ24 الماضية", "خلال الأيام الماضية", "طوال الأسابيع الماضية",
    "في 12 آذار", "في 12 آذار المقبل", "في العشرين من الشهر الماضي", "في الخامس من الشهر الجاري",
    "في آذار الماضي", "في شهر كانون الثاني المقبل", "في شهر أيار", "آذار 2017", "عام 2011", "2018-03-12",
    "12/3/2018",
]  # fmt: skip
EDGES = [date(MINYEAR, 1, 1), date(MINYEAR, 1, 2), date(MINYEAR, 2, 1), date(MAXYEAR, 12, 30), date(MAXYEAR, 12, 31)]


@pytest.mark.parametrize("published", [*EDGES, None], ids=str)
def test_every_expression_resolves_at_the_ends_of_the_calendar(published: date | None) -> None:
    for words in EXPRESSIONS:
        norm = normalize(f"قصف مدفعي على البلدة {words} وفق مصادر").text
        found = find_dates(norm, published)
        assert found, words
        for d in found:
            assert (d.start_date is None) == (d.end_date is None), words
            if d.start_date is None and d.relative:
                assert d.precision == "unknown", words
            if d.start_date is not None and d.end_date is not None:
                assert d.start_date <= d.end_date, words


def test_an_expression_beyond_the_calendar_is_undated_not_dropped() -> None:
    norm = normalize("قصف أمس").text
    (before_day_one,) = find_dates(norm, date(MINYEAR, 1, 1))
    assert before_day_one.start_date is None and before_day_one.precision == "unknown"
    (ordinary,) = find_dates(norm, date(2022, 1, 30))
    assert ordinary.start_date == date(2022, 1, 29)


@settings(max_examples=60, deadline=None)
@given(published=st.dates(), words=st.sampled_from(EXPRESSIONS))
def test_any_publication_date_resolves(published: date, words: str) -> None:
    for d in find_dates(normalize(f"وقع الهجوم {words}").text, published):
        assert d.start_date is None or MINYEAR <= d.start_date.year <= MAXYEAR


@pytest.mark.parametrize(
    "text",
    [
        "مقتل ١١١١١١١١١١١١١١١١١١١١ مليار مدني في القصف",
        "مقتل " + "1" * 5000 + " مليون شخص",
        "مقتل " + "1" * 400 + ".5 مليون شخص",
        "مقتل مئة مليار شخص",
        "نزوح 3 مليارات شخص",
    ],
)
def test_an_absurd_count_is_dropped_with_a_warning(text: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="marsad.text.numbers"):
        _, found = normalize(text).text, find_quantities(normalize(text).text)
    assert found == []
    assert "is not read as a count" in caplog.text and f"{MAX_COUNT:,}" in caplog.text


def test_large_but_possible_counts_are_read() -> None:
    (q,) = find_quantities(normalize("نزوح 6.8 مليون شخص").text)
    assert q.value == 6_800_000
    (q,) = find_quantities(normalize("يعاني مليار شخص من الجوع").text)
    assert q.value == MAX_COUNT
