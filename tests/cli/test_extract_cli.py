"""`marsad extract`: every input format, bad inputs reported by name and line, the rest of the batch extracted,
and the exit code telling whether anything failed."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.cli.extract import run_extract

ARTICLE = "مقتل ثلاثة مدنيين بقصف مدفعي\nقتل ثلاثة مدنيين بقصف مدفعي لقوات النظام استهدف بلدة كفرنبل في ريف إدلب الجنوبي أمس."


def _run(paths: list[str], fmt: str = "jsonl", **kw: str | None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_extract(
        paths,
        published=kw.get("published"),
        doc_id=kw.get("doc_id"),
        outlet=kw.get("outlet"),
        fmt=fmt,
        out=out,
        err=err,
    )
    return code, out.getvalue(), err.getvalue()


def test_txt_file_gives_one_contract_record(tmp_path: Path) -> None:
    f = tmp_path / "idlib-shelling.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    code, out, err = _run([str(f)], published="2019-05-02", outlet="Test")
    assert code == 0, err
    record = json.loads(out)
    assert record["doc_id"] == "idlib-shelling"
    assert record["title"] == ARTICLE.split("\n")[0]
    assert record["events"] and record["events"][0]["sub_event_type"] == "Shelling/artillery/missile attack"
    assert record["events"][0]["date"]["start"] == "2019-05-01"


def test_bad_json_line_is_named_and_the_rest_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    good = json.dumps({"id": "a1", "text": ARTICLE, "published": "2019-05-02"}, ensure_ascii=False)
    f.write_text(
        good + "\n{not json\n" + json.dumps([1, 2]) + "\n" + good.replace("a1", "a2") + "\n", encoding="utf-8"
    )
    code, out, err = _run([str(f)])
    assert code == 1
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == ["a1", "a2"]
    assert f"{f}:2" in err and f"{f}:3" in err


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"   \n", "empty"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 20, "binary"),
        ("latin1.txt", "قصف".encode() + b"\xff\xfe caf\xe9", "UTF-8"),
        ("english.txt", b"Three civilians were killed in shelling on Kafranbel yesterday.", "not Arabic"),
    ],
)
def test_bad_document_is_reported_and_fails_the_run(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    code, out, err = _run([str(bad), str(good)])
    assert code == 1
    assert name in err and problem in err
    assert json.loads(out)["doc_id"] == "good"


def test_too_large_document_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 20_000, encoding="utf-8")
    code, _, err = _run([str(big)])
    assert code == 1 and "big.txt" in err and "limit" in err


def test_csv_has_one_row_per_event(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = _run([str(f)], fmt="csv", published="2019-05-02")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and rows[0]["doc_id"] == "a" and rows[0]["admin1"] == "Idleb"


def test_an_unreadable_published_date_is_dropped_not_guessed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(
        json.dumps({"id": "x", "text": ARTICLE, "published": "last week"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    code, out, _ = _run([str(f)])
    record = json.loads(out)
    assert code == 0 and record["published"] is None
    assert all(e["date"]["start"] is None for e in record["events"])  # "أمس" cannot be resolved without it
    assert "last week" in caplog.text


def test_places_command_explains_its_choice() -> None:
    from typer.testing import CliRunner

    from marsad.cli.main import app

    result = CliRunner().invoke(app, ["places", "قصف مدفعي على بلدة كفرنبل بريف إدلب الجنوبي"])
    assert result.exit_code == 0
    assert "SY0702" in result.output  # Kafr Nobol lies in Ma'arrat An Nu'man district


# run in a fresh interpreter: the command, then the names of the modules it left imported
_IMPORTED_BY_EXTRACT = """
import sys
from marsad.cli.main import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print("imported:", *sorted(name for name in sys.modules if name.split(".")[0] in {"yaml", "sqlalchemy", "rich"}))
"""


def test_extract_from_a_filled_cache_imports_neither_yaml_the_store_nor_rich(tmp_path: Path) -> None:
    """Start-up (docs/performance.md): the resources come from the cache, the output needs no store and no
    terminal (PyYAML, SQLAlchemy and rich cost 0.012, 0.39 and 0.03 s to import)."""
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    command = [sys.executable, "-c", _IMPORTED_BY_EXTRACT, "extract", str(f), "--published", "2019-05-02"]
    subprocess.run(command, capture_output=True, check=True, timeout=120)  # fills the cache if it is empty
    run = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    assert '"Shelling/artillery/missile attack"' in run.stdout
    assert run.stdout.rstrip("\n").rsplit("\n", 1)[-1] == "imported:"


_EXIT_HOOK = """
import gc
from marsad.cli import main
from marsad.geo.gazetteer import default_gazetteer
from marsad.lexicon.compiled import default_lexicon
main._at_exit()
frozen = gc.get_freeze_count() > 0
gc.unfreeze()  # (get_referrers does not look among frozen objects)
for cache in (default_gazetteer, default_lexicon):
    holders = [r for r in gc.get_referrers(cache) if isinstance(r, list) and any(x is r for x in r)]
    print(len(holders), end=" ")
print(frozen)
"""


def test_at_exit_the_resource_caches_are_kept_in_a_frozen_cycle() -> None:
    """So the interpreter neither collects them nor frees them one object at a time as it clears the modules
    (docs/performance.md, "Start-up, fourth round")."""
    run = subprocess.run([sys.executable, "-c", _EXIT_HOOK], capture_output=True, text=True, check=True, timeout=120)
    assert run.stdout.split() == ["1", "1", "True"]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_jobs_give_the_records_of_one_process_in_input_order(tmp_path: Path, fmt: str) -> None:
    texts = [
        ARTICLE,
        "افتتاح معرض الكتاب في دمشق بمشاركة عشرات دور النشر.",
        "غارات جوية على مدينة إدلب\nقتل ثلاثة مدنيين في غارات جوية على مدينة إدلب اليوم.",
        "اعتقلت قوات الأمن عشرة أشخاص في مدينة درعا.",
    ]
    lines = [
        json.dumps({"id": f"a{i}", "text": t, "published": "2022-03-01"}, ensure_ascii=False)
        for i, t in enumerate(texts * 20)
    ]
    lines.insert(7, "{not json")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runs = [
        subprocess.run(
            [sys.executable, "-m", "marsad", "extract", str(src), "--format", fmt, "--jobs", jobs, "--no-progress"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        for jobs in ("1", "2")
    ]
    assert runs[0].returncode == runs[1].returncode == 1  # the bad line
    assert runs[0].stdout == runs[1].stdout
    assert len(runs[0].stdout.splitlines()) >= 60  # every document's record (or event row), not only the first's
    for run in runs:
        assert "in.jsonl:8" in run.stderr and "Traceback" not in run.stderr


def test_jobs_on_standard_input_give_the_same_records(tmp_path: Path) -> None:
    """Standard input is extracted in the command's own process whatever --jobs says (each record written as soon
    as its article has come in); the records are those of the run without --jobs."""
    lines = "".join(
        json.dumps({"id": f"s{i}", "text": ARTICLE, "published": "2019-05-02"}, ensure_ascii=False) + "\n"
        for i in range(5)
    )
    runs = [
        subprocess.run(
            [sys.executable, "-m", "marsad", "extract", "-", "--format", "jsonl", *extra],
            input=lines,
            capture_output=True,
            text=True,
            timeout=120,
        )
        for extra in ([], ["--jobs", "2"])
    ]
    assert runs[0].returncode == runs[1].returncode == 0, runs[1].stderr
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.count("\n") == 5
