"""What a weapon word names, on sentences written for the class (none copied from a gold file): the weapons a state
holds, makes or stores are a target or a treaty's object, not their use."""

from __future__ import annotations

from .engine import run_all


def test_chemical_weapons_held_made_or_stored_are_no_chemical_attack() -> None:
    # the arsenal, programme or stores of chemical weapons are a target or a treaty's object, not their use
    for text in (
        "وقصفت الطائرات الأمريكية اليوم منشأة لتخزين الأسلحة الكيماوية قرب مدينة حمص.",
        "وقالت الحكومة اليوم إن الضربات استهدفت برنامج الأسلحة الكيماوية في مدينة حمص.",
    ):
        subs = {e.sub_event_type for e in run_all(text).events}
        assert "Chemical weapon" not in subs, (text, subs)
    # the weapons used are an attack, and so is the site where they were used
    for text in (
        "وقتل 20 مدنيا اليوم في هجوم بأسلحة كيماوية على مدينة دوما.",
        "ووصل المفتشون اليوم إلى موقع الهجوم الكيماوي في مدينة دوما.",
    ):
        assert "Chemical weapon" in {e.sub_event_type for e in run_all(text).events}, text


def test_a_place_struck_with_the_gas_is_not_the_weapons_site() -> None:
    # review2: a site or centre two words before the gas is the place struck with it, not a depot of the weapons
    for text in (
        "واستهدفت قوات النظام اليوم مواقع المعارضة بغاز الكلور في الغوطة الشرقية.",
        "وقصفت القوات الحكومية اليوم مراكز الفصائل بغازات سامة في ريف حماة الشمالي.",
    ):
        assert "Chemical weapon" in {e.sub_event_type for e in run_all(text).events}, text
    # right before the weapons, the site or depot is theirs
    subs = {e.sub_event_type for e in run_all("ودمرت الضربات اليوم مستودعات الأسلحة الكيماوية قرب مدينة حمص.").events}
    assert "Chemical weapon" not in subs, subs
