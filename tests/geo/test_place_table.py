"""The gazetteer's place table: places stored as rows, each made when first read (geo.data.PlaceTable)."""

from __future__ import annotations

import pytest

from marsad.geo import default_gazetteer
from marsad.geo import stored as stored_gazetteer
from marsad.geo.data import Place, PlaceTable

PLACES = [
    Place("sy:idlib", "governorate", "Syria", "Idleb", "إدلب", "SY07", None, None, None, 35.93, 36.63, 165000,
          ("ادلب",), ("Idlib",), False, False),
    Place("sy:maarrat", "district", "Syria", "Ma'arrat An-Nu'man", "معرة النعمان", "SY0703", "sy:idlib", None, None,
          35.64, 36.67, 0, ("معره النعمان",), (), False, False),
    Place("sy:kafranbel", "town", "Syria", "Kafr Nobol", "كفرنبل", None, "sy:idlib", "sy:maarrat", None, 35.61,
          36.56, 15455, ("كفرنبل", "كفرنبوده"), ("Kafranbel",), False, True),
]


def test_a_stored_table_gives_back_every_place_in_order() -> None:
    rows, offsets = PlaceTable.of(PLACES).encode()
    table = PlaceTable.decode(rows, offsets, [p.id for p in PLACES], [p.kind for p in PLACES], [p.a1 for p in PLACES])
    assert len(table) == 3
    assert table[2] == PLACES[2] and table[-1] == PLACES[2] and table[0] == PLACES[0]
    assert isinstance(table[1], Place) and table[1].forms == ("معره النعمان",)
    assert list(table) == PLACES and table[1:] == PLACES[1:]
    assert list(table.kinds) == ["governorate", "district", "town"] and list(table.a1s) == [None, "sy:idlib", "sy:idlib"]
    with pytest.raises(IndexError):
        table[3]


def test_places_by_id() -> None:
    rows, offsets = PlaceTable.of(PLACES).encode()
    by_id = PlaceTable.decode(rows, offsets, [p.id for p in PLACES], [p.kind for p in PLACES],
                              [p.a1 for p in PLACES]).by_id()
    assert by_id["sy:kafranbel"].name_ar == "كفرنبل"
    assert "sy:idlib" in by_id and "sy:nowhere" not in by_id and by_id.get("sy:nowhere") is None
    assert len(by_id) == 3 and list(by_id) == [p.id for p in PLACES]
    with pytest.raises(KeyError):
        by_id["sy:nowhere"]


def test_a_table_of_mismatched_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="place table"):
        PlaceTable(b"", [0, 0], ["a", "b"], ["town"], [None])


def test_the_stored_gazetteer_answers_queries_over_all_its_places_as_the_built_one() -> None:
    built = default_gazetteer()
    loaded = stored_gazetteer.load(stored_gazetteer.dump(built))
    for query in ("كفرنبل", "ريف دير الزور الشرقي", "Khan Yunis", "Al-Hasakeh"):
        assert loaded.lookup(query) == built.lookup(query)
        assert loaded.lookup(query)
    assert [p.id for p in loaded._places] == [p.id for p in built._places]
