from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.dates import DateMention, find_dates
from marsad.text.normalize import normalize

# a Wednesday
PUB = date(2018, 3, 14)


def _d(text: str, published: date | None = PUB) -> tuple[str, list[DateMention]]:
    norm = normalize(text).text
    return norm, find_dates(norm, published)


def _one(text: str, published: date | None = PUB) -> DateMention:
    norm, ds = _d(text, published)
    assert len(ds) == 1, [norm[d.start : d.end] for d in ds]
    return ds[0]


@pytest.mark.parametrize(
    ("text", "start", "precision"),
    [
        ("قتل ثلاثة مدنيين أمس في قصف", date(2018, 3, 13), "day"),
        ("قالت الوزارة اليوم إن", date(2018, 3, 14), "day"),
        ("وقع الانفجار أول أمس", date(2018, 3, 12), "day"),
        ("وقع الانفجار أول من أمس", date(2018, 3, 12), "day"),
        ("اندلعت الاشتباكات أمس الأول", date(2018, 3, 12), "day"),
        ("شنت الطائرات غارات الليلة الماضية", date(2018, 3, 13), "day"),
        ("استهدف القصف فجر اليوم البلدة", date(2018, 3, 14), "day"),
        ("قصفت المدفعية مساء أمس", date(2018, 3, 13), "day"),
        ("استهدفت غارة مساء الجمعة بلدة كفرنبل", date(2018, 3, 9), "day"),
        ("وقع الهجوم فجر السبت", date(2018, 3, 10), "day"),
        ("اعتقلت القوات يوم الخميس عشرة أشخاص", date(2018, 3, 8), "day"),
        ("قتل جندي الخميس الماضي", date(2018, 3, 8), "day"),
        ("وقعت الاشتباكات الأربعاء الفائت", date(2018, 3, 7), "day"),
        ("قالت الوزارة الأربعاء إن", date(2018, 3, 14), "day"),
        ("نقلت الوكالة أمس الثلاثاء عن مصادر", date(2018, 3, 13), "day"),
        ("وقع الهجوم في العشرين من الشهر الماضي", date(2018, 2, 20), "day"),
        ("في الخامس من الشهر الجاري", date(2018, 3, 5), "day"),
        ("في الحادي والعشرين من الشهر الماضي", date(2018, 2, 21), "day"),
        ("في 10 من الشهر الحالي", date(2018, 3, 10), "day"),
        ("قبل يومين", date(2018, 3, 12), "day"),
        ("قبل ثلاثة أيام", date(2018, 3, 11), "day"),
        ("خلال الساعات الـ24 الماضية", date(2018, 3, 13), "day"),
        ("الأسبوع الماضي", date(2018, 3, 7), "week"),
        ("الشهر الماضي", date(2018, 2, 1), "month"),
        ("العام الماضي", date(2017, 1, 1), "year"),
        ("في شهر نيسان الماضي", date(2017, 4, 1), "month"),
    ],
)
def test_relative_expressions(text: str, start: date, precision: str) -> None:
    d = _one(text)
    assert (d.start_date, d.precision, d.relative, d.future) == (start, precision, True, False)


def test_night_spanning_two_weekdays() -> None:
    d = _one("شنت الطائرات غارات ليل الأحد الاثنين")
    assert (d.start_date, d.end_date) == (date(2018, 3, 11), date(2018, 3, 12))


def test_since_runs_to_publication() -> None:
    d = _one("تتواصل الاشتباكات منذ مساء الجمعة")
    assert (d.start_date, d.end_date) == (date(2018, 3, 9), PUB)


def test_since_a_year_word_and_its_number_is_that_year_not_a_year_ago() -> None:
    d = _one("قتل مئات المدنيين منذ عام 1990")
    assert (d.start_date, d.precision) == (date(1990, 1, 1), "year")
    d = _one("تتواصل الاشتباكات منذ عام")  # a year ago, to publication
    assert (d.start_date, d.end_date, d.relative) == (date(2017, 3, 14), PUB, True)


def test_last_week_is_the_seven_days_before() -> None:
    d = _one("الأسبوع الماضي")
    assert (d.start_date, d.end_date) == (date(2018, 3, 7), date(2018, 3, 13))


@pytest.mark.parametrize(
    ("text", "start", "precision"),
    [
        ("وقع الهجوم في 12 آذار/مارس 2018", date(2018, 3, 12), "day"),
        ("وقع الهجوم في 12 مارس 2017", date(2017, 3, 12), "day"),
        ("في 12/3/2018", date(2018, 3, 12), "day"),
        ("في 2018-03-12", date(2018, 3, 12), "day"),
        ("في العاشر من تشرين الأول 2016", date(2016, 10, 10), "day"),
        ("خلال آذار 2017", date(2017, 3, 1), "month"),
        ("في أيلول من عام 2015", date(2015, 9, 1), "month"),
        ("في عام 2011", date(2011, 1, 1), "year"),
    ],
)
def test_explicit_dates(text: str, start: date, precision: str) -> None:
    d = _one(text)
    assert (d.start_date, d.precision, d.relative) == (start, precision, False)
    d2 = _one(text, None)
    assert d2.start_date == start  # full dates resolve without a publication date


def test_day_and_month_take_the_year_of_publication_or_the_one_before() -> None:
    assert _one("في 2 آذار").start_date == date(2018, 3, 2)
    assert _one("في 20 ديسمبر").start_date == date(2017, 12, 20)
    assert _one("في 12 شباط").start_date == date(2018, 2, 12)


def test_future_is_marked() -> None:
    for text in ("ستعقد الجولة غدا", "الخميس المقبل", "الأسبوع المقبل", "الشهر المقبل"):
        d = _one(text)
        assert d.future and d.start_date is not None and d.start_date > PUB, text


def test_without_publication_relative_dates_are_unknown() -> None:
    for text in ("أمس", "مساء الجمعة", "الأسبوع الماضي", "قبل يومين"):
        d = _one(text, None)
        assert (d.start_date, d.precision, d.relative) == (None, "unknown", True), text


@pytest.mark.parametrize(
    "text",
    [
        "مارس الجيش ضغوطا كبيرة",
        "اشترى سيارة نيسان",
        "وفي اليوم التالي عاد",
        "احتفل العالم باليوم العالمي للمرأة",
        "قتل 5 أشخاص",
    ],
)
def test_not_dates(text: str) -> None:
    assert _d(text)[1] == []


def test_weekday_of_publication_is_that_day_and_past_means_a_week_before() -> None:
    assert _one("الأربعاء").start_date == PUB
    assert _one("الأربعاء الماضي").start_date == date(2018, 3, 7)


def test_runs_over_corpus_without_errors(corpus_sample: list[str]) -> None:
    for text in corpus_sample:
        norm = normalize(text).text
        ds = find_dates(norm, PUB)
        assert all(a.end <= b.start for a, b in pairwise(ds))
        for d in ds:
            assert 0 <= d.start < d.end <= len(norm)
            assert d.start_date is None or d.end_date is None or d.start_date <= d.end_date


# Dates whose number is glued to the word before it, as AFP wires often type them ("في30 آذار/مارس").
JULY = date(2018, 7, 22)


@pytest.mark.parametrize(
    ("text", "number", "start", "precision"),
    [
        ("واندلعت احتجاجات على الحدود بين غزة وإسرائيل في30 آذار/مارس", "30", date(2018, 3, 30), "day"),
        ("وتبنى مجلس الأمن الدولي في24 شباط/فبراير قرارا", "24", date(2018, 2, 24), "day"),
        ("قتل أكثر من مئة فلسطيني منذ30 مارس", "30", date(2018, 3, 30), "day"),
        ("وأطلقت تركيا هجومها يوم15 من الشهر الجاري", "15", date(2018, 7, 15), "day"),
        ("ولم تنظم انتخابات في البلاد منذ العام2014", "2014", date(2014, 1, 1), "year"),
        ("اندلعت الحرب في سوريا عام2011", "2011", date(2011, 1, 1), "year"),
        ("قتل سمير القنطار في19 كانون الأول/ديسمبر2015", "2015", date(2015, 12, 19), "day"),
        ("اغتيل في تفجير استهدفه في دمشق في فبراير2008", "2008", date(2008, 2, 1), "month"),
        ("سيطرت القوات على المدينة منذ3 أيام", "3", date(2018, 7, 19), "day"),
        ("تنتهي المهلة بحلول الـ20 من الشهر الحالي", "20", date(2018, 7, 20), "day"),
    ],
)
def test_dates_glued_to_the_word_before(text: str, number: str, start: date, precision: str) -> None:
    norm, ds = _d(text, JULY)
    assert len(ds) == 1, [norm[d.start : d.end] for d in ds]
    d = ds[0]
    assert (d.start_date, d.precision, d.future) == (start, precision, False)
    assert d.start <= norm.index(number) < norm.index(number) + len(number) <= d.end
    assert d.start == 0 or not norm[d.start - 1].isalnum() or norm[d.start].isdigit()  # a word or the digits
    assert d.end == len(norm) or not norm[d.end].isalnum()


def test_glued_day_spans_start_at_the_digits() -> None:
    norm, ds = _d("واندلعت احتجاجات في30 آذار/مارس وتواصلت", JULY)
    (d,) = ds
    assert norm[d.start : d.end] == normalize("30 آذار/مارس").text
    assert norm[d.start - 2 : d.start] == "في"
    norm, ds = _d("اندلعت الحرب عام2011 في سوريا")
    (d,) = ds
    assert norm[d.start : d.end] == "عام2011"


def test_days_of_a_range_glued_to_the_conjunction() -> None:
    norm, ds = _d("قتل المتظاهرون بين 28 و30 آذار/مارس", JULY)
    assert [d.start_date for d in ds] == [date(2018, 3, 30)]
    assert norm[ds[0].start : ds[0].end].startswith("30")


@pytest.mark.parametrize(
    "text",
    [
        "حلقت طائرات F16 فوق المدينة",
        "نشرت روسيا منظومة إس300 في سوريا",
        "أسقطت الدفاعات مقاتلة ميغ29 آذار",
        "وقع الانفجار الساعة17:00 بالتوقيت المحلي",
        "اتصلوا على الرقم0933123456 للاستفسار",
        "قتل 5 أشخاص وأصيب7 آخرون",
    ],
)
def test_glued_codes_times_and_counts_are_not_dates(text: str) -> None:
    assert _d(text)[1] == []


# letters, digits and words of glued dates, codes and counts, strung together at random
_GLUE = st.lists(
    st.sampled_from(
        [*"فيمنذعاوال3F ،/-:", "30", "2014", "  ", "آذار", "مارس", "الشهر", "الجاري", "إس", "ميغ"]
    ),
    max_size=16,
).map("".join)


@given(_GLUE)
@settings(max_examples=300, deadline=None)
def test_spans_of_glued_dates_stay_in_the_text(text: str) -> None:
    norm, ds = _d(text)
    for d in ds:
        assert 0 <= d.start < d.end <= len(norm)
        assert not norm[d.start : d.end].isspace() and norm[d.start] != " " and norm[d.end - 1] != " "
    assert all(a.end <= b.start for a, b in pairwise(ds))
