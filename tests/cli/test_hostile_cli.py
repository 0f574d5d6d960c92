"""`marsad extract` and `marsad ingest` against hostile batches: every bad input named with its file and line,
the rest extracted and stored, the summary printed, the exit code saying it; SIGTERM ends a run like Ctrl-C;
worker processes never outlive their parent."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli.extract import run_extract
from marsad.cli.main import app
from marsad.store.store import EventStore

TESTS = Path(__file__).resolve().parents[1]
ARTICLE = "مقتل ثلاثة مدنيين بقصف مدفعي\nقتل ثلاثة مدنيين بقصف مدفعي لقوات النظام استهدف بلدة كفرنبل في ريف إدلب الجنوبي أمس."


def hostile_batch(folder: Path) -> Path:
    """One JSON Lines file holding one of each bad line between good ones, and a few bad files."""
    good = {"text": ARTICLE, "published": "2022-03-01"}
    lines = [
        json.dumps({"id": "g1", **good}, ensure_ascii=False),
        '{"id": "deep", "text": "x", "m": ' + "[" * 3000 + "]" * 3000 + "}",
        json.dumps({"id": "s", "text": "\ud800" + ARTICLE}),
        json.dumps({"id": "d0", "text": ARTICLE.replace("ثلاثة", "أربعة"), "published": "0001-01-01"}, ensure_ascii=False),
        json.dumps({"id": "d9", "text": ARTICLE.replace("ثلاثة", "خمسة"), "published": "9999-12-30"}, ensure_ascii=False),
        json.dumps({"id": "n", "text": None}),
        '{"id": "t", "text": "قصف على',
        json.dumps({"id": "tat", "text": "ــــ َُِّ ـــ"}, ensure_ascii=False),
        json.dumps({"id": "=HYPERLINK(\"http://x\")", "text": ARTICLE + " ثانية", "outlet": "@SUM(1)"}, ensure_ascii=False),
        json.dumps({"id": "g2", **good, "text": ARTICLE + " أخيرة"}, ensure_ascii=False),
    ]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "utf16.txt").write_bytes(("\ufeff" + ARTICLE).encode("utf-16-le"))
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as fh:
        fh.write((ARTICLE + " مكرر").encode())
    return folder


def test_extract_goes_through_a_hostile_batch(tmp_path: Path) -> None:
    folder = hostile_batch(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    code = run_extract([str(folder)], published=None, doc_id=None, outlet=None, fmt="jsonl", out=out, err=err)
    ids = [json.loads(line)["doc_id"] for line in out.getvalue().splitlines()]
    assert code == 1
    assert ids == ["g1", "d0", "d9", '=HYPERLINK("http://x")', "g2", "caf\\xe9", "utf16"]
    batch = folder / "batch.jsonl"
    for line in (2, 3, 6, 7, 8):
        assert f"{batch}:{line}" in err.getvalue()
    assert "loop.txt" in err.getvalue() and "a loop of symbolic links" in err.getvalue()
    summary = err.getvalue().rstrip().splitlines()[-1]
    assert summary.startswith("marsad extract: 7 document(s),") and "6 failed" in summary


def test_an_engine_failure_is_the_document_s_not_the_batch_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.extract.pipeline import Extractor

    real = Extractor.extract

    def flaky(self: Extractor, text: str, **kwargs: object) -> object:
        if "بلدة" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Extractor, "extract", flaky)
    path = tmp_path / "two.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "b", "text": "قصف على حلب اليوم"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    code = run_extract([str(path)], published=None, doc_id=None, outlet=None, fmt="json", out=out, err=err)
    assert code == 1 and json.loads(out.getvalue())["doc_id"] == "b"
    assert f"{path}:1 (a): extraction failed (RecursionError" in err.getvalue()


@pytest.mark.parametrize("n", [0, 1, 3])
def test_json_output_is_streamed_and_valid(tmp_path: Path, n: int) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text(
        "".join(json.dumps({"id": f"x{i}", "text": ARTICLE}, ensure_ascii=False) + "\n" for i in range(n)),
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    run_extract([str(path)], published=None, doc_id=None, outlet=None, fmt="json", out=out, err=err)
    data = json.loads(out.getvalue())
    assert (data["doc_id"] if n == 1 else [d["doc_id"] for d in data]) == (
        "x0" if n == 1 else [f"x{i}" for i in range(n)]
    )


def test_extract_csv_cells_are_not_formulas(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text(json.dumps({"id": "=1+2", "text": ARTICLE}, ensure_ascii=False) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    run_extract([str(path)], published=None, doc_id=None, outlet=None, fmt="csv", out=out, err=err)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and all(r["doc_id"] == "'=1+2" for r in rows)


def test_a_file_name_that_is_not_utf8_to_a_jsonl_file(tmp_path: Path) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"\xff\xfe.txt"), "wb") as fh:
        fh.write(ARTICLE.encode())
    target = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--format", "jsonl", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["doc_id"] == "\\xff\\xfe"


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "cli.db"))
    monkeypatch.setenv("PYTHONPATH", f"{TESTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    return tmp_path


def _marsad(*args: str) -> list[str]:
    return [sys.executable, "-c", "from marsad.cli.main import app; app()", *args]


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ingest_survives_a_dying_worker_and_bad_records(engine: Path, jobs: str) -> None:
    folder = engine / "in"
    folder.mkdir()
    texts = {
        "a.txt": "قصف على كفرنبل\nقتيل بقصف على كفرنبل.",
        "b.txt": "قصف على حلب\nخطأ في القصف على حلب.",
        "c.txt": "قصف على حزارين\nقصف ضخم على حزارين.",
        "d.txt": "قصف على الحسكة\nقصف على الحسكة اليوم.",
    }
    if jobs == "2":
        texts["b2.txt"] = "قصف على حلب\nقصف يموت على حلب."
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "MARSAD_EXTRACTOR": "store.factories:hostile_extract"}
    run = subprocess.run(
        _marsad("ingest", str(folder), "--jobs", jobs, "--published", "2022-03-01"),
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "b.txt (b): extraction failed (RuntimeError: the engine tripped on this text)" in run.stderr
    assert "c.txt (c): event c:1: fatalities of 1e+28 is beyond any count" in run.stderr
    if jobs == "2":
        assert "b2.txt (b2): extraction failed (WorkerDied: the extraction process died" in run.stderr
    with EventStore.open(str(engine / "cli.db")) as store:
        assert sorted(d for _, d, _ in store.iter_documents()) == ["a", "d"]


@pytest.mark.slow
def test_ingest_stops_when_every_worker_dies(engine: Path) -> None:
    """Workers that die on every document (each taken alone by a fresh process) cannot run here: after three in
    a row the run stops with an error and exit code 1, instead of a fresh process for each document left; what
    was stored before stays."""
    folder = engine / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("قصف على كفرنبل\nقتيل بقصف على كفرنبل يعيش.", encoding="utf-8")
    (folder / "b.txt").write_text("قصف على حلب\nقتيل بقصف على حلب يعيش.", encoding="utf-8")  # new in the second run
    for i in range(12):
        (folder / f"z{i:02d}.txt").write_text(f"قصف على حلب\nقصف على حلب {i}.", encoding="utf-8")
    env = {**os.environ, "MARSAD_EXTRACTOR": "store.factories:dying_extract"}
    first = subprocess.run(
        _marsad("ingest", str(folder / "a.txt"), "--jobs", "2", "--published", "2022-03-01"),
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    run = subprocess.run(
        _marsad("ingest", str(folder), "--jobs", "2", "--published", "2022-03-01"),
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "died on 3 documents in a row" in run.stderr
    assert run.stderr.count("extraction failed (WorkerDied") == 3  # not one per document of the twelve
    with EventStore.open(str(engine / "cli.db")) as store:  # what this run finished before it stopped is stored
        assert sorted(d for _, d, _ in store.iter_documents()) == ["a", "b"]


def _group_alive(pgid: int) -> list[int]:
    alive = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.getpgid(int(pid)) == pgid:
                    alive.append(int(pid))
            except ProcessLookupError:
                continue
    return alive


def _start_slow_ingest(engine: Path, jobs: str) -> subprocess.Popen[str]:
    folder = engine / "many"
    folder.mkdir()
    for i in range(200):
        (folder / f"doc{i:03d}.txt").write_text(f"خبر {i}\nقصف على كفرنبل رقم {i}.", encoding="utf-8")
    env = {**os.environ, "MARSAD_EXTRACTOR": "store.factories:slow_extract"}
    cmd = _marsad("ingest", str(folder), "--jobs", jobs, "--published", "2022-03-01", "--no-progress")
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
                            start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    db = engine / "cli.db"
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            with EventStore.open(str(db), upgrade=False) as store:
                if store.counts()["documents"] >= 5:
                    return proc
        except Exception:
            continue
    proc.kill()
    raise AssertionError("the ingest stored nothing in a minute")


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_ends_an_ingest_like_ctrl_c(engine: Path, jobs: str) -> None:
    proc = _start_slow_ingest(engine, jobs)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "interrupted by SIGTERM" in err and "ingested " in err and "Traceback" not in err
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _group_alive(proc.pid) == []


@pytest.mark.slow
def test_workers_die_with_a_killed_parent(engine: Path) -> None:
    proc = _start_slow_ingest(engine, "2")
    assert len(_group_alive(proc.pid)) >= 3  # the parent, its workers, the resource tracker
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _group_alive(proc.pid) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_versions_and_aliases_do_not_depend_on_the_number_of_workers(
    engine: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = {"id": "x", "outlet": "SANA", "text": "قصف على كفرنبل\nقصف على كفرنبل اليوم."}
    changed = dict(first, text=first["text"] + "\nوقتيل في القصف.")
    lines = [first, changed, dict(first, id="copy-x"), first, dict(changed, id="copy-y")]
    path = engine / "changes.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    monkeypatch.setenv("MARSAD_EXTRACTOR", "store.factories:fake_extract")
    result = CliRunner().invoke(app, ["ingest", str(path), "--jobs", jobs, "--no-progress"])
    assert result.exit_code == 0, result.stderr
    assert "ingested 1, updated 1 (new versions)" in result.stderr and "skipped 2" in result.stderr
    with EventStore.open() as store:
        assert store.aliases(1) == [("copy-y", "SANA", None)] and len(store.versions(1)) == 1
    stats = CliRunner().invoke(app, ["stats", "--json"])
    assert json.loads(stats.stdout)["history"] == {"versions": 1, "retired_events": 1, "aliases": 1}


@pytest.mark.slow
def test_two_ingests_started_together_on_a_new_store(engine: Path) -> None:
    runs = []
    for name in ("one", "two"):
        folder = engine / name
        folder.mkdir()
        for i in range(5):
            (folder / f"{name}{i}.txt").write_text(f"خبر {name} {i}\nقصف على كفرنبل رقم {i} ({name}).", encoding="utf-8")
        runs.append(folder)
    env = {**os.environ, "MARSAD_EXTRACTOR": "store.factories:fake_extract"}
    db = str(engine / "together.db")
    procs = [
        subprocess.Popen(
            _marsad("ingest", str(f), "--db", db, "--no-progress"), stderr=subprocess.PIPE, text=True, env=env
        )
        for f in runs
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    with EventStore.open(db) as store:
        assert store.counts()["documents"] == 10


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_engine_that_does_not_load_is_an_error_not_a_traceback(engine: Path, jobs: str) -> None:
    path = engine / "one.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "قصف على حلب"}, ensure_ascii=False) + "\n", encoding="utf-8")
    env = {**os.environ, "MARSAD_EXTRACTOR": "no_such_engine_module:extract"}
    run = subprocess.run(_marsad("ingest", str(path), "--jobs", jobs, "--no-progress"),
                         capture_output=True, text=True, timeout=120, env=env)  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "the extraction engine is not available" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_an_extract_with_workers_like_one_without(tmp_path: Path, sig: signal.Signals) -> None:
    """`marsad extract --jobs 2` stopped by Ctrl-C or SIGTERM: the records written are whole lines, one for each
    document the summary counts; the exit code is 128 + the signal; no process is left."""
    src = tmp_path / "many.jsonl"
    lines = [json.dumps({"id": f"n{i}", "text": f"{ARTICLE}\nخبر رقم {i}."}, ensure_ascii=False) for i in range(20000)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "marsad", "extract", str(src), "--format", "jsonl", "-o", str(out), "--jobs", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 100_000):
        time.sleep(0.1)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, err
    assert f"interrupted by {sig.name}" in err and "Traceback" not in err
    done = int(re.search(r"marsad extract: (\d+) document\(s\)", err)[1])  # type: ignore[index]
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(written) == done < 20000
    assert [r["doc_id"] for r in written] == [f"n{i}" for i in range(done)]
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _group_alive(proc.pid) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_extract_to_a_full_disk_says_so_without_a_traceback(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"f{i}", "text": ARTICLE}, ensure_ascii=False) for i in range(300)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "marsad", "extract", str(src), "--format", fmt, "-o", "/dev/full"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "cannot write" in run.stderr and "No space left on device" in run.stderr
    assert "Traceback" not in run.stderr
