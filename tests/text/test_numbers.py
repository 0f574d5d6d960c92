from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.normalize import normalize
from marsad.text.numbers import QuantityMention, find_quantities


def _q(text: str) -> tuple[str, list[QuantityMention]]:
    norm = normalize(text).text
    return norm, find_quantities(norm)


def _one(text: str) -> tuple[str, QuantityMention]:
    norm, qs = _q(text)
    assert len(qs) == 1, [norm[q.start : q.end] for q in qs]
    return norm, qs[0]


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("نقلت القوات أكثر من 150 داعشياً إلى العراق", 150, "more_than", "people"),
        ("نزوح نحو 210 أسر من القرية", 210, "about", "households"),
        ("أسفر القصف عن مقتل 5 مدنيين", 5, "exact", "fatalities"),
        ("مقتل ما لا يقل عن 20 شخصاً في الغارة", 20, "at_least", "fatalities"),
        ("قتل 20 شخصاً على الأقل", 20, "at_least", "fatalities"),
        ("أصيب 12 طفلاً بجروح", 12, "exact", "injured"),
        ("تضرر 1,500 منزل جراء السيول", 1500, "exact", "structures"),
        ("نزوح 10 آلاف شخص من المدينة", 10000, "exact", "people"),
        ("يعيش 2.5 مليون لاجئ في المخيمات", 2500000, "exact", "people"),
        ("احتراق 3 سيارات في الانفجار", 3, "exact", "vehicles"),
        ("مقتل خمسة وعشرين عنصراً من قوات النظام", 25, "exact", "fatalities"),
        ("مصرع ثلاثة عشر جندياً", 13, "exact", "fatalities"),
        ("اعتقلت الشرطة ثلاثمئة وخمسين شخصا", 350, "exact", "people"),
        ("عودة ثلاثة آلاف وخمسمئة عائلة", 3500, "exact", "households"),
        ("نحو ٢٠٠ شخص تظاهروا", 200, "about", "people"),
        ("قتل 4 أشخاص لقوا حتفهم في الحادث", 4, "exact", "fatalities"),
        ("شنت الطائرات 10 غارات على البلدة", 10, "exact", "other"),
        ("ما يصل إلى 60 فلسطينيا قتلوا أمس", 60, "up_to", "fatalities"),
        # thousands with the counted noun left unsaid, the subject of a plural verb, are people
        ("قال المرصد إن أكثر من 120 ألفاً فروا من ديارهم", 120000, "more_than", "people"),
        ("وقالت المنظمة إن 50 ألفا قد غادروا المنطقة", 50000, "exact", "people"),
        ("دفعت الشركة 15 ألفا للمحامي", 15000, "exact", "other"),
    ],
)
def test_counts_with_qualifier_and_unit(text: str, value: int, qualifier: str, unit: str) -> None:
    _, q = _one(text)
    assert (q.value, q.qualifier, q.unit) == (value, qualifier, unit)


def test_spans_cover_qualifier_number_and_noun() -> None:
    norm, q = _one("قالت المصادر إن أكثر من 150 داعشياً نقلوا")
    assert norm[q.start : q.end] == normalize("أكثر من 150 داعشياً").text
    assert norm[q.number_start : q.number_end] == "150"
    assert norm[q.unit_start : q.unit_end] == normalize("داعشياً").text


@pytest.mark.parametrize(
    ("text", "qualifier", "unit"),
    [
        ("تدمير عشرات البيوت في القرية", "dozens", "structures"),
        ("مقتل العشرات في القصف", "dozens", "fatalities"),
        ("نزوح مئات العائلات", "hundreds", "households"),
        ("فرار آلاف المدنيين", "thousands", "people"),
        ("مقتل عشرات الآلاف من المدنيين", "thousands", "fatalities"),
        ("اعتقال عدد من الشبان", "several", "people"),
        ("احتراق عدة منازل", "several", "structures"),
        ("اعتقال بضعة أشخاص", "several", "people"),
    ],
)
def test_vague_amounts_have_no_value(text: str, qualifier: str, unit: str) -> None:
    _, q = _one(text)
    assert (q.value, q.qualifier, q.unit) == (None, qualifier, unit)


def test_today_after_a_crowd_is_when_not_what_is_counted() -> None:
    _, q = _one("تظاهر المئات اليوم أمام مبنى المحافظة")
    assert (q.value, q.qualifier) == (None, "hundreds")
    assert _q("استمر الحصار عشرات الأيام")[1] == []  # dozens of days: a duration


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("مقتل شخصين في القصف", 2, "fatalities"),
        ("إصابة طفلين بجروح", 2, "injured"),
        ("تدمير منزلين", 2, "structures"),
        ("إسقاط طائرتين", 2, "vehicles"),
        ("مقتل شخص واحد", 1, "fatalities"),
        ("مقتل أحد المسلحين", 1, "fatalities"),
        ("مصرع اثنين من العناصر", 2, "fatalities"),
    ],
)
def test_duals_and_one_or_two(text: str, value: int, unit: str) -> None:
    _, q = _one(text)
    assert (q.value, q.unit) == (value, unit)


def test_bare_numbers_after_kill_and_injure_verbs() -> None:
    norm, qs = _q("قتل 5 وأصيب 3 في الهجوم")
    assert [(q.value, q.unit) for q in qs] == [(5, "fatalities"), (3, "injured")]
    assert all(norm[q.unit_start : q.unit_end] == norm[q.number_start : q.number_end] for q in qs)


def test_killing_word_governs_only_its_own_clause() -> None:
    _, qs = _q("أسفر القصف عن مقتل 5 مدنيين وإصابة 12 آخرين، فيما نزح 300 شخص")
    assert [(q.value, q.unit) for q in qs] == [(5, "fatalities"), (12, "injured"), (300, "people")]


def test_killed_and_injured_together_stay_people() -> None:
    _, q = _one("أسفر الانفجار عن مقتل وإصابة 10 أشخاص")
    assert q.unit == "people"


def test_count_named_before_the_number() -> None:
    norm, q = _one("ارتفع عدد القتلى إلى 25")
    assert (q.value, q.unit) == (25, "fatalities")
    assert norm[q.unit_start : q.unit_end] == normalize("القتلى").text[2:]


@pytest.mark.parametrize(
    "text",
    [
        "في عام 2018 وقعت اشتباكات",
        "في 12 آذار وقعت اشتباكات",
        "وقع الانفجار عند الساعة 5 صباحا",
        "ارتفعت الأسعار بنسبة 5%",
        "ارتفعت الأسعار 7 في المئة",
        "بلغت قيمتها 100 دولار",
        "طفل يبلغ 16 عاما",
        "استمر الحصار 3 أشهر",
        "اشتبكت مع اللواء 93",
        "رقم الهاتف 0933123456",
        "طائرة من طراز SU 34 وأخرى F-16",
        "على بعد 5 كم من المدينة",
        "انتهت المباراة 3-1",
        "صدر القرار 2254 بالإجماع",
        "في 12/3/2018",
        "وكذلك ألف الكاتب كتابا",
    ],
)
def test_not_counts_are_skipped(text: str) -> None:
    _, qs = _q(text)
    assert qs == []


def test_decimal_comma_with_a_scale_word() -> None:
    _, q = _one("بلغ عددهم 3,7 مليون شخص")
    assert q.value == 3_700_000


def test_mentions_are_ordered_and_do_not_overlap() -> None:
    _, qs = _q("قتل 5 أشخاص وأصيب 10 آخرون ودمرت 3 منازل وعشرات السيارات، ونزحت 200 عائلة")
    assert len(qs) == 5
    assert all(a.end <= b.start for a, b in pairwise(qs))


def test_runs_over_corpus_without_errors(corpus_sample: list[str]) -> None:
    for text in corpus_sample:
        norm = normalize(text).text
        for q in find_quantities(norm):
            assert 0 <= q.start <= q.number_start < q.number_end <= q.end <= len(norm)
            assert q.start <= q.unit_start < q.unit_end <= q.end
            assert q.value is None or q.value > 0


# Counts written glued to the word before them or to their noun, as AFP wires often have them ("مقتل52  شخصا").
@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("أسفرت الغارات عن مقتل52  شخصا في ريف إدلب", 52, "exact", "fatalities"),
        ("أعلنت الفصائل استشهاد22  مقاتلا من عناصرها", 22, "exact", "fatalities"),
        ("طالبت المنظمة بالإفراج عن30 امرأة معتقلة", 30, "exact", "people"),
        ("قتل الخميس22 مقاتلا في المعارك", 22, "exact", "fatalities"),
        ("أعلنت الشرطة مقتل ما لا يقل عن17 عنصرا من الميليشيا", 17, "at_least", "fatalities"),
        ("احتجز المسلحون حوالي 75رهينة داخل المبنى", 75, "about", "people"),
        ("أصيب 16شخصا بجروح في الحادث", 16, "exact", "injured"),
        ("نزح نحو180ألف شخص من المدينة", 180_000, "about", "people"),
    ],
)
def test_counts_glued_to_the_word_before_or_to_their_noun(text: str, value: int, qualifier: str, unit: str) -> None:
    norm, q = _one(text)
    assert (q.value, q.qualifier, q.unit) == (value, qualifier, unit)
    assert norm[q.number_start].isdigit()
    assert norm[q.unit_start : q.unit_end].isalpha()


def test_glued_count_spans_point_at_digits_and_noun() -> None:
    norm, q = _one("أسفر القصف عن مقتل52  شخصا")
    assert norm[q.number_start : q.number_end] == "52"
    assert norm[q.unit_start : q.unit_end] == normalize("شخصا").text
    assert norm[q.start : q.end].startswith("52")
    norm, q = _one("احتجز المسلحون حوالي 75رهينة")
    assert norm[q.number_start : q.number_end] == "75"
    assert norm[q.unit_start : q.unit_end] == normalize("رهينة").text
    assert norm[q.start : q.end] == normalize("حوالي 75رهينة").text


def test_count_glued_to_a_conjunction_is_the_next_count() -> None:
    _, qs = _q("أسفر القصف عن مقتل 5 مدنيين و3 أطفال وإصابة7 آخرين")
    assert [(q.value, q.unit) for q in qs] == [(5, "fatalities"), (3, "fatalities"), (7, "injured")]


@pytest.mark.parametrize(
    "text",
    [
        "حلقت طائرات F16 فوق المدينة",
        "نشرت روسيا منظومة إس-400 في سوريا",
        "سلمت موسكو صواريخ S300 إلى دمشق",
        "عرضت الشركة طابعة 3D جديدة",
        "توفي القاضي عام 683هـ في بغداد",
        "تأسست المدرسة عام 1919م في بيروت",
        "قالت المصادر لقناة فرانس24 إن الوضع هادئ",
        "أسقطت الدفاعات مقاتلة ميغ29 فوق المنطقة",
        "شارك الفيلم في الدورة الـ24 للمهرجان",
        "سجل الهدف في الدقيقة89 من المباراة",
        "ارتفعت الأسعار بنسبة42  بالمئة",
        "اتصلوا على الرقم0933123456 للاستفسار",
        "أطلق الصاروخ على بعد260  كلم من العاصمة",
        "تبعد هذه القطعات1500 كلم عن الحدود",
        "تمتد المساحة على 60 كم2 من الأراضي",
        "وقع الانفجار في2013  في العاصمة",
    ],
)
def test_glued_codes_dates_and_labels_are_not_counts(text: str) -> None:
    _, qs = _q(text)
    assert qs == []


# letters, digits and words of glued counts, codes and dates, strung together at random
_GLUE = st.lists(
    st.sampled_from([*"مقتلعنوبالشخصاهـرF3 ،-", "52", "1919", "  ", "شخصا", "ميغ", "الف", "حوالي"]), max_size=16
).map("".join)


@given(_GLUE)
@settings(max_examples=300, deadline=None)
def test_spans_of_glued_counts_stay_in_the_text(text: str) -> None:
    norm, qs = _q(text)
    for q in qs:
        assert 0 <= q.start <= q.number_start < q.number_end <= q.end <= len(norm)
        assert q.start <= q.unit_start < q.unit_end <= q.end
        assert not norm[q.number_start - 1 : q.number_start].isdigit()  # a number starts where its digits start
    assert all(a.end <= b.start for a, b in pairwise(qs))


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("أعلنت الوزارة مقتل شاب فلسطيني برصاص الاحتلال", "fatalities"),
        ("واستشهد طفل في القصف", "fatalities"),
        ("وأصيب جندي بجروح طفيفة", "injured"),
        ("وتواصل البحث بعد اختطاف مواطن من القرية", "people"),
        ("وأقدمت القوات على نسف منزل في البلدة", "structures"),
    ],
)
def test_a_singular_indefinite_noun_after_its_governing_word_counts_one(text: str, unit: str) -> None:
    _, q = _one(text)
    assert (q.value, q.qualifier, q.unit) == (1, "exact", unit)


def test_two_singulars_joined_are_not_one_and_a_definite_noun_is_no_count() -> None:
    assert _q("مقتل شاب وامرأة في القصف")[1] == []
    assert _q("يجب وقف قتل المدنيين")[1] == []


def test_a_breakdown_or_a_phrase_between_the_count_and_its_verb_of_injury_is_skipped() -> None:
    _, qs = _q("خمسة مدنيين بينهم طفلان وامرأة، أصيبوا بجروح متفاوتة")
    assert (qs[0].value, qs[0].unit) == (5, "injured")
    _, qs = _q("عشرة فلسطينيين من عائلة واحدة، استشهدوا إثر غارة")
    assert (qs[0].value, qs[0].unit) == (10, "fatalities")
