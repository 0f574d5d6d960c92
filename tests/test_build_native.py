"""scripts/build_native.py's profile run (the training of the profile-guided build, docs/native.md): it runs the
engine of this tree over the first lines of a corpus file, as the build runs it, and reports what it extracted."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

ROWS = [
    {
        "id": "train-1",
        "title": "قصف مدفعي على بلدة كفرنبل",
        "text": "قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي اليوم، ما أدى إلى مقتل ثلاثة مدنيين.",
        "published": "2018-06-01",
    },
    {"id": "train-2", "text": "افتتح معرض الكتاب في عمان بمشاركة مئة دار نشر.", "published": "2018-06-01"},
    {"id": "train-3", "text": "   "},  # blank: read, not extracted
    {
        "id": "train-4",
        "text": "قصفت قوات النظام مدينة دوما في الغوطة الشرقية اليوم، ما أدى إلى مقتل خمسة مدنيين.",
        "published": "2018-02-20",
    },  # past the limit of the first test
]


def _corpus(path: Path) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in ROWS:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def test_the_profile_run_extracts_the_articles_it_is_given_and_no_more(build_native: Any, tmp_path: Path) -> None:
    done, events = build_native._train(_corpus(tmp_path / "c.jsonl.gz"), 3, every=1)
    assert done == 2  # the third line is blank; the fourth is past the limit
    assert events == 1  # the shelling of Kafr Nobol; the book fair is no event


def test_the_profile_run_takes_one_line_in_every(build_native: Any, tmp_path: Path) -> None:
    done, events = build_native._train(_corpus(tmp_path / "c.jsonl.gz"), 2, every=3)
    assert (done, events) == (2, 2)  # the first line and the fourth (Douma): each an event


def test_the_profile_flags_are_used_only_with_their_counterpart(build_native: Any) -> None:
    # the two builds of one profile must compile the same code: the same flags but the profile's own
    generate = [f for f in build_native._PGO_GENERATE if not f.startswith("-fprofile")]
    use = [f for f in build_native._PGO_USE if not f.startswith(("-fprofile", "-Wno-"))]
    assert generate == use
