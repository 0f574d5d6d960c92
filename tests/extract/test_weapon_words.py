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
