"""Villages and towns from Who's On First, their spelling variants, compound names and the context a bare village
name needs. Each sentence is written for its class of problem (not taken from an evaluation article)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from marsad.errors import ResourceError
from marsad.geo import Gazetteer, ResolvedPlace, default_gazetteer
from marsad.geo.data import GAZETTEER_FILE, load_data
from marsad.text.normalize import normalize


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def places(gaz: Gazetteer, sentence: str) -> dict[str, ResolvedPlace | None]:
    """Each place expression of the sentence (its words as written) and how it resolved."""
    norm = normalize(sentence)
    ms = gaz.find_mentions(norm.text)
    return {norm.orig_text(m.start, m.end): r for m, r in zip(ms, gaz.resolve_all(ms), strict=True)}


def only(found: dict[str, ResolvedPlace | None], text: str) -> ResolvedPlace:
    r = found[text]
    assert r is not None, f"{text} unresolved"
    return r


# ---------------------------------------------------------------- villages of Iraq and Lebanon, with a place word
def test_an_iraqi_kurdish_village_after_a_place_word(gaz: Gazetteer) -> None:
    r = only(places(gaz, "قصفت طائرة مسيرة تركية قرية سيدكان في محافظة أربيل"), "قرية سيدكان")
    assert (r.country, r.admin1, r.admin2, r.geo_precision) == ("Iraq", "Erbil", "Soran", 1)


def test_a_lebanese_border_village_gets_its_district(gaz: Gazetteer) -> None:
    r = only(places(gaz, "غارة إسرائيلية على بلدة ميس الجبل جنوب لبنان"), "بلدة ميس الجبل")
    assert (r.country, r.admin2) == ("Lebanon", "Marjayoun")


def test_a_village_of_an_ordinary_word_after_a_settlement_word_only(gaz: Gazetteer) -> None:
    assert places(gaz, "عبر مئات الشبان النهر سباحة") == {}
    assert only(places(gaz, "قصفت المدفعية قرية النهر قرب جسر الشغور"), "قرية النهر").admin2 == "Jisr-Ash-Shugur"
    # an area word is not a settlement word for such a name
    assert "منطقة النهر" not in places(gaz, "سيطرت الفصائل على منطقة النهر")


def test_a_person_s_name_is_no_village(gaz: Gazetteer) -> None:
    assert places(gaz, "قال أحمد الشعلان إن الوضع هادئ") == {}


def test_a_village_confirmed_by_its_district_named_near(gaz: Gazetteer) -> None:
    found = places(gaz, "قتل مدني في مشيرفة التابعة لقضاء الحضر")
    assert only(found, "مشيرفة").admin2 == "Al-Hatra"


def test_a_common_word_village_confirmed_by_the_governorate_named_after_it(gaz: Gazetteer) -> None:
    found = places(gaz, "قتل مدني في الطيبة بمحافظة درعا")
    assert only(found, "الطيبة").admin1 == "Dar'a"
    assert places(gaz, "وصلت الطيبة إلى أهلها") == {}


def test_a_village_abroad_for_a_village_of_the_country_named_is_not_chosen(gaz: Gazetteer) -> None:
    # the town of that name in Jordan is bigger, but the text is about Lebanon, where several villages bear it
    found = places(gaz, "قتل شخص في قرية الطيبة جنوب لبنان")
    assert found["قرية الطيبة"] is None
    r = only(places(gaz, "قتل شخص في بلدة الطيبة قضاء مرجعيون"), "بلدة الطيبة")
    assert (r.country, r.admin2) == ("Lebanon", "Marjayoun")


def test_a_village_is_not_placed_in_a_country_the_text_does_not_name(gaz: Gazetteer) -> None:
    # a Syrian village of this name exists; the story is in Yemen
    found = places(gaz, "استهدفت غارات مواقع للحوثيين بمنطقة الزرقة غرب مديرية المصلوب")
    assert all(r is None for r in found.values())


def test_mentions_of_one_name_do_not_confirm_each_other(gaz: Gazetteer) -> None:
    text = (
        "احتجزوا رجلا في شارع الأغوات ضمن حي غويران في مدينة الحسكة. "
        "وما زال المسلحون في شارع الأغوات حتى الآن."
    )
    found = places(gaz, text)
    assert all(r is None or r.country == "Syria" for r in found.values())


# ---------------------------------------------------------------- spelling variants
def test_kurdish_letters_are_read_as_arabic_news_writes_them(gaz: Gazetteer) -> None:
    found = places(gaz, "سقطت قذيفة في سۆران وأخرى قرب زاخۆ")
    assert only(found, "سۆران").admin2 == "Soran"
    assert only(found, "قرب زاخۆ").admin2 == "Zakho"


def test_the_kurdish_name_of_sinjar(gaz: Gazetteer) -> None:
    assert only(places(gaz, "اشتباكات في قضاء شنكال غرب الموصل"), "قضاء شنكال").admin2 == "Sinjar"


def test_abu_and_abi_are_one_name(gaz: Gazetteer) -> None:
    a = only(places(gaz, "نزاع عشائري في ناحية أبي صيدا شمال شرق بعقوبة"), "ناحية أبي صيدا")
    b = only(places(gaz, "نزاع عشائري في ناحية أبو صيدا في العراق"), "ناحية أبو صيدا")
    assert a.place_id == b.place_id and a.admin2 == "Al-Muqdadiya" and a.country == "Iraq"


def test_final_alif_maqsura_written_alif(gaz: Gazetteer) -> None:
    assert only(places(gaz, "تظاهر العشرات في ديالا"), "ديالا").admin1 == "Diyala"


def test_a_name_without_its_article_after_a_place_word(gaz: Gazetteer) -> None:
    r = only(places(gaz, "سقطت قذيفة على بلدة شدادي جنوب الحسكة"), "بلدة شدادي")
    assert r.admin1 == "Al-Hasakeh"
    # and not without the place word: "مركز" is a centre, not a town word for it
    assert "مركز إدارة" not in places(gaz, "وقال مسؤول في مركز إدارة الشرطة إن")


# ---------------------------------------------------------------- compound names
def test_a_compound_village_is_not_the_city_it_contains(gaz: Gazetteer) -> None:
    found = places(gaz, "اغتيال مدني في ناحية أبي صيدا بمحافظة ديالى")
    assert all(r is None or r.country == "Iraq" for r in found.values())  # not Sidon
    assert only(places(gaz, "توغلت دورية في بلدة بيت جن بريف دمشق الغربي"), "بلدة بيت جن").admin2 == "Qatana"


def test_the_first_word_of_an_unknown_compound_is_no_place(gaz: Gazetteer) -> None:
    found = places(gaz, "أحرق مجهولون خيام النازحين في بلدة تل حياة")
    assert all(r is None for r in found.values())


def test_a_village_named_far_from_the_area_the_text_names_stays_unresolved(gaz: Gazetteer) -> None:
    # the villages of this name in the gazetteer lie in Aleppo, the text is about Quneitra
    found = places(gaz, "توغلت قوة باتجاه تل أحمر الشرقي في ريف القنيطرة")
    assert found["تل أحمر"] is None
    assert only(found, "ريف القنيطرة").admin1 == "Quneitra"


# ---------------------------------------------------------------- cities in running text, admin names
def test_tripoli_of_lebanon_after_a_place_word(gaz: Gazetteer) -> None:
    r = only(places(gaz, "أغلق محتجون الطريق أمام بلدية طرابلس"), "بلدية طرابلس")
    assert (r.country, r.admin1, r.admin2) == ("Lebanon", "North", "Tripoli")
    assert places(gaz, "وصل الوفد إلى مدينة طرابلس الليبية") == {}


@pytest.mark.parametrize(
    ("sentence", "text", "admin2"),
    [
        ("قصف مدفعي على قضاء كويسنجق", "قضاء كويسنجق", "Koisnjaq"),
        ("انفجار قرب قضاء جمجمال", "قرب قضاء جمجمال", "Chamchamal"),
        ("غارة على بنت جبيل", "بنت جبيل", "Bint Jbeil"),
        ("غارة على مدينة صور", "مدينة صور", "Tyre"),
    ],
)
def test_iraqi_and_lebanese_districts_in_the_scorer_s_spellings(
    gaz: Gazetteer, sentence: str, text: str, admin2: str
) -> None:
    assert only(places(gaz, sentence), text).admin2 == admin2


def test_a_countryside_is_named_as_the_area(gaz: Gazetteer) -> None:
    r = only(places(gaz, "قصف على ريف إدلب الجنوبي"), "ريف إدلب الجنوبي")
    assert (r.name, r.admin1, r.geo_precision) == ("Southern Idleb countryside", "Idleb", 2)
    assert r.admin2 is not None  # the district lying south of the city


# ---------------------------------------------------------------- the data file
def test_the_file_is_validated_on_load(tmp_path: Path) -> None:
    with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8") as fh:
        payload = json.load(fh)
    data = load_data(GAZETTEER_FILE)
    assert len(data.places) == len(payload["rows"]) > 30_000
    assert data.common_forms and data.open_forms
    payload["rows"][5][11] = "many"  # a population that is not a number
    bad = tmp_path / "bad.json.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as fh:
        json.dump(payload, fh)
    with pytest.raises(ResourceError, match="row 5: pop"):
        load_data(bad)


def test_a_name_ending_in_alef_is_found_as_the_news_spells_it_with_ta_marbuta(gaz: Gazetteer) -> None:
    # Who's On First spells the village "مسرابا"; the news writes "مسرابة"
    found = places(gaz, "وسيطرت القوات الحكومية على بلدة مسرابة قرب مدينة دوما في الغوطة الشرقية")
    r = only(found, "بلدة مسرابة")
    assert (r.country, r.admin1) == ("Syria", "Rural Damascus")


def test_a_quarter_of_a_city_is_not_a_far_village_of_the_same_name(gaz: Gazetteer) -> None:
    # al-Mushayrifah is a quarter of al-Hasakah city and, in Who's On First, a village of al-Malikiyah district
    found = places(gaz, "وانفجرت عبوة ناسفة في حي المشيرفة في مدينة الحسكة")
    assert found["حي المشيرفة"] is None
    assert only(found, "مدينة الحسكة").name == "Al-Hasakeh"


def test_a_part_of_a_country_is_a_region_named_as_the_news_in_english_names_it(gaz: Gazetteer) -> None:
    r = only(places(gaz, "وتواصل القوات الحكومية هجومها في جنوب غرب سوريا"), "جنوب غرب سوريا")
    assert (r.name, r.kind, r.country, r.geo_precision) == ("South-west Syria", "region", "Syria", 3)
