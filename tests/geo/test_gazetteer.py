"""Gazetteer: loading, place expressions, disambiguation by context, precision, queries and the accuracy table."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.geo import Gazetteer, PlaceMention, ResolvedPlace, default_gazetteer
from marsad.text.normalize import normalize

from .table import load_table, score


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def resolve(gaz: Gazetteer, sentence: str, **kw: str) -> list[tuple[str, PlaceMention, ResolvedPlace | None]]:
    norm = normalize(sentence)
    ms = gaz.find_mentions(norm.text)
    return [
        (norm.orig_text(m.start, m.end), m, r) for m, r in zip(ms, gaz.resolve_all(ms, **kw), strict=True)
    ]


def test_load_is_cached(gaz: Gazetteer) -> None:
    assert Gazetteer.load() is gaz
    assert len(gaz) > 1000


def test_table_accuracy(gaz: Gazetteer, capsys: pytest.CaptureFixture[str]) -> None:
    cases = load_table()
    assert len(cases) >= 150
    place_acc, full_acc, failures = score(gaz, cases)
    with capsys.disabled():
        print(
            f"\nplace table: {len(cases)} expressions, place {place_acc:.1%}, place+precision {full_acc:.1%}"
        )
        for f in failures:
            print("  miss:", f)
    assert place_acc >= 0.9
    assert full_acc >= 0.85


def test_expression_spans_cover_cues(gaz: Gazetteer) -> None:
    found = resolve(gaz, "قصفت المدفعية ريف دير الزور الشرقي وحي غويران في مدينة الحسكة")
    texts = [t for t, _, _ in found]
    assert texts == ["ريف دير الزور الشرقي", "حي غويران", "مدينة الحسكة"]
    _, countryside, r = found[0]
    assert countryside.qualifier == "countryside-east" and countryside.precision == 2
    assert r is not None and r.admin1 == "Deir-ez-Zor" and r.geo_precision == 2
    _, hood, r = found[1]
    assert hood.kind == "neighbourhood" and hood.head_end - hood.head_start == len("غويران")
    assert r is not None and r.pcode == "SY080000" and r.geo_precision == 1


def test_contract_fields(gaz: Gazetteer) -> None:
    ((_, _, r),) = resolve(gaz, "انفجار في مدينة القامشلي")
    assert r is not None
    loc = r.to_location("مدينة القامشلي")
    assert set(loc) == {
        "name",
        "name_ar",
        "text",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "pcode",
        "latitude",
        "longitude",
        "geo_precision",
    }
    assert loc["country"] == "Syria" and loc["admin1"] == "Al-Hasakeh" and loc["pcode"].startswith("SY0802")
    assert 36 < loc["latitude"] < 38 and 40 < loc["longitude"] < 42
    assert r.admin2_pcode == "SY0802" and r.admin1_pcode == "SY08"


def test_context_decides_shared_names(gaz: Gazetteer) -> None:
    (_, _, iraq), _ = resolve(gaz, "انفجار عبوة في الحمدانية شرق الموصل")
    (_, _, aleppo), _ = resolve(gaz, "قذائف على حي الحمدانية في مدينة حلب")
    assert iraq is not None and iraq.country == "Iraq" and iraq.admin1 == "Nineveh"
    assert aleppo is not None and aleppo.country == "Syria" and aleppo.admin1 == "Aleppo"
    assert "over" in iraq.explanation and 0 < iraq.score <= 1


def test_dateline_and_hint_help(gaz: Gazetteer) -> None:
    norm = normalize("قتل مدنيان في قصف على مدينة أريحا")
    ms = gaz.find_mentions(norm.text)
    (syria,) = gaz.resolve_all(ms, dateline="إدلب")
    (pal,) = gaz.resolve_all(ms, dateline="رام الله")
    assert syria is not None and syria.country == "Syria"
    assert pal is not None and pal.country == "Palestine"


@pytest.mark.parametrize(
    "sentence",
    [
        "فتح الباب أمام مفاوضات جديدة بين الطرفين",
        "قال محمد خالد إن السلام ضروري لتحقيق النصر",
        "أظهرت صور الأقمار الصناعية حجم الدمار",
        "انطلق الحراك الشعبي في العاصمة",
        "التقى القائم بالأعمال الأميركي بوزير الخارجية",
        "وفي حديثه للصحافيين أكد الوزير أن الفرقة الموسيقية ستشارك",
        # ordinary words found as place names when the finder ran over the ANT corpus
        "القصف دمّر عشرات المنازل ولم يكن ذلك في حسبان أحد",
        "وأوضح الصندوق أن القرض يتم صرفه على مدى ثلاث سنوات في قارة أفريقيا",
        "واختبأ الجريح وراء صخرة في المناطق الوعرة",
        # names of villages added by the 2026 review that are also ordinary words (cue-only)
        "وعين الرجل مديرا عاما للشركة في العام الماضي",
        "وكان للمدينة نصيب كبير من المساعدات",
    ],
)
def test_ordinary_words_are_not_places(gaz: Gazetteer, sentence: str) -> None:
    assert [m for m in gaz.find_mentions(normalize(sentence).text) if m.candidates] == []


def test_common_word_names_match_when_cued(gaz: Gazetteer) -> None:
    found = resolve(gaz, "اشتباكات في بلدة الكرامة بريف الرقة الشرقي")
    r = found[0][2]
    assert r is not None and r.pcode == "SY110102"


def test_unknown_place_is_reported_unresolved(gaz: Gazetteer) -> None:
    norm = normalize("قصفت الطائرات قرية زعيزيعة الصغرى فجر اليوم")
    ms = gaz.find_mentions(norm.text)
    assert len(ms) == 1 and ms[0].candidates == ()
    assert norm.text[ms[0].start : ms[0].end].startswith("قريه زعيزيعه")
    assert gaz.resolve_all(ms) == [None]


def test_foreign_namesake_is_dropped(gaz: Gazetteer) -> None:
    assert [
        m for m in gaz.find_mentions(normalize("ولدت في مدينة القنيطرة المغربية").text) if m.candidates
    ] == []


def test_lookup_arabic_and_english(gaz: Gazetteer) -> None:
    assert gaz.lookup("Khan Yunis")[0].admin2 == "Khan Younis"
    assert gaz.lookup("Al-Hasakeh", country="Syria")[0].admin1 == "Al-Hasakeh"
    assert gaz.lookup("مخيم الهول")[0].kind == "camp"
    top = gaz.lookup("ريف حلب الشمالي")[0]
    assert top.geo_precision == 2 and top.admin1 == "Aleppo"
    assert {r.country for r in gaz.lookup("الحمدانية")} == {"Syria", "Iraq"}
    assert gaz.lookup("") == []


def test_a_far_reference_point_of_a_distance_is_no_place() -> None:
    from marsad.geo import default_gazetteer
    from marsad.text.normalize import normalize

    gaz = default_gazetteer()
    for text in (
        "وحدث الاعتداء في القرية الواقعة على بعد 250 كلم شمال بغداد",
        "شن التنظيم هجوما من جيب آخر على مسافة نحو 65 كيلومترا من درعا",
        "سقطت قذيفة على بعد 40كلم من غزة",
    ):
        assert gaz.find_mentions(normalize(text).text) == [], text
    near = normalize("عثر على مقبرة جماعية على بعد 8 كيلومترات جنوب الموصل").text
    assert [near[m.start : m.end] for m in gaz.find_mentions(near)] == ["جنوب الموصل"]


def test_unknown_places_after_several_place_words_are_each_reported(gaz: Gazetteer) -> None:
    """The place words are found by the names' own automaton pass (as marks), each one once, with its proclitics."""
    norm = normalize("قصفت الطائرات قرية زعيزيعة الصغرى ثم استهدفت وقرية ترنبيخة القديمة")
    ms = [m for m in gaz.find_mentions(norm.text) if not m.candidates]
    assert [norm.text[m.start : m.end] for m in ms] == ["قريه زعيزيعه", "قريه ترنبيخه"]


def test_marks_are_reported_by_the_forms_pass_without_boundaries() -> None:
    from marsad.geo.mentions import _FormMatcher

    matcher = _FormMatcher({"رقه": [(True, (0,), True)]}, ["قريه ", "ريه "])
    marks: list[tuple[int, str]] = []
    found = matcher.find("قريه الرقه وقريه", marks=marks)
    assert [(m.start, m.end) for m in found] == [(5, 10)]
    assert marks == [(5, "قريه "), (5, "ريه ")]  # by end, the longer first; inside a word too
    assert _FormMatcher({}, ["قريه "]).find("في قريه", marks=(empty := [])) == [] and empty == []


def test_gaza_alone_is_the_strip_and_the_city_is_named_as_a_city(gaz: Gazetteer) -> None:
    for sentence in (
        "قصفت طائرات إسرائيلية مواقع في غزة فجر اليوم",
        "غارات على مواقع في حي الرمال وفي غزة",  # a neighbourhood of the city in the text changes nothing
        "أطلقت القوات الإسرائيلية النار على متظاهرين شرق غزة",
    ):
        found = {text: r for text, _, r in resolve(gaz, sentence)}
        strip = next(r for text, r in found.items() if text.endswith("غزة"))
        assert strip is not None and strip.name == "Gaza Strip", (sentence, found)
    ((_, _, city),) = resolve(gaz, "غارة على منزل في مدينة غزة")
    assert city is not None and city.name == "Gaza City" and city.admin2 == "Gaza"


@pytest.mark.parametrize(
    ("sentence", "countries"),
    [
        ("وقال الوزير إن سوريا والعراق ولبنان تواجه أزمة لاجئين", True),
        ("غارات على إيران ردا على هجوم في سوريا", True),
        ("قصفت المدفعية مواقع في شمال سوريا", False),  # a part of a country may resolve to a region of it
        ("قتل مدنيان في قصف على مدينة حلب شمال سوريا", False),
        ("قصفت الطائرات قرية زعيزيعة الصغرى فجر اليوم", True),  # a place no gazetteer entry knows
    ],
)
def test_only_countries_agrees_with_resolving(gaz: Gazetteer, sentence: str, countries: bool) -> None:
    """The extraction's early exit (a document naming no place more precise than a country) must say what
    resolving the mentions would: never True where a mention resolves to a place more precise."""
    found = resolve(gaz, sentence)
    assert found
    ms = [m for _, m, _ in found]
    assert gaz.only_countries(ms) is countries
    if countries:
        assert all(r is None or r.kind == "country" for _, _, r in found)
    else:
        assert any(r is not None and r.kind != "country" for _, _, r in found)


def test_only_countries_never_hides_a_place_of_the_eval_articles(gaz: Gazetteer) -> None:
    """Over every development article and each of its paragraphs: where the early exit says "only countries",
    resolving finds no place more precise than a country."""
    shared = Path(__file__).resolve().parents[3] / "shared" / "eval"
    texts = [p.read_text(encoding="utf-8") for d in ("dev", "dev-wide") for p in sorted((shared / d).glob("*.txt"))]
    if not texts:
        pytest.skip("../shared/eval is not beside the repository")
    said = 0
    for text in texts:
        for part in [text, *text.split("\n")]:
            ms = gaz.find_mentions(normalize(part).text)
            if ms and gaz.only_countries(ms):
                said += 1
                assert all(r is None or r.kind == "country" for r in gaz.resolve_all(ms)), part[:80]
    assert said > 0
