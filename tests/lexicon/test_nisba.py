"""Nationality adjectives: their stems and the countries they name."""

from __future__ import annotations

from marsad.lexicon.compiled import default_lexicon
from marsad.lexicon.nisba import nisba_stem
from marsad.text.normalize import normalize_str


def test_stem_of_the_forms_of_a_nisba() -> None:
    for form in ("الأفغاني", "الأفغانية", "أفغانيين", "أفغانيا"):
        assert nisba_stem(normalize_str(form)) == ("افغاني", form.startswith("ال"))
    assert nisba_stem(normalize_str("الجيش")) is None


def test_countries_and_forces_of_nationality_adjectives() -> None:
    nisbas = default_lexicon().nisbas
    assert nisbas.country_of[normalize_str("مصري")] == "Egypt"
    assert nisbas.country_of[normalize_str("لبناني")] == "Lebanon"
    assert nisbas.force_of[normalize_str("روسي")] == "RUS_MIL"
    assert normalize_str("وطني") in nisbas.not_nationality
