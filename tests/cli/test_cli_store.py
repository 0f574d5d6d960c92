"""`marsad ingest`, `marsad export` and `marsad stats` end to end, with a stand-in engine; and a SIGKILL test."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli.main import app
from marsad.store.store import EventStore

from .conftest import ARTICLES, articles, invoke


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "cli.db"))
    return articles(monkeypatch, tmp_path)


def test_ingest_is_idempotent_and_reports_failures(env: Path) -> None:
    (env / "junk.txt").write_bytes(b"\x00\x01binary")
    (env / "lines.jsonl").write_text(
        '[1, 2]\n{"id": "x", "text": "قصف على حلب مساء أمس"}\n', encoding="utf-8"
    )
    code, out, err = invoke("ingest", str(env), "--published", "2022-03-01", "--show")
    assert code == 1
    assert "ingested 4" in err and "failed 2" in err
    assert "junk.txt" in err and "lines.jsonl:1" in err
    assert "Kafr Nabl" in out and "Aleppo" in out  # the events table
    code, _, err = invoke("ingest", str(env / "sana.txt"), str(env / "enab.txt"))
    assert code == 0 and "ingested 0" in err and "skipped 2" in err
    with EventStore.open() as store:
        assert store.counts()["documents"] == 4


def test_ingest_with_a_process_pool(env: Path) -> None:
    code, _, err = invoke("ingest", str(env), "--jobs", "2", "--published", "2022-03-01")
    assert code == 0, err
    with EventStore.open() as store:
        assert store.counts() == {"documents": 3, "events": 3, "incidents": 2}


def test_reextract_runs_documents_from_an_older_engine(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("ingest", str(env), "--published", "2022-03-01")[0] == 0
    import store.factories as factories

    monkeypatch.setattr(factories, "ENGINE_VERSION", "0.0.2")
    from marsad.ingest import pipeline

    pipeline._load_extractor.cache_clear()
    code, _, err = invoke("ingest", str(env))
    assert code == 0 and "skipped 3" in err
    code, _, err = invoke("ingest", "--reextract")
    assert code == 0 and "re-extracted 3" in err, err
    with EventStore.open() as store:
        assert store.outdated_documents("0.0.2") == [] and store.counts()["events"] == 3
    pipeline._load_extractor.cache_clear()


def test_stdin(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(app, ["ingest", "-", "--published", "2022-03-02"], input=ARTICLES["sana.txt"])
    assert result.exit_code == 0, result.stderr


def test_export_and_stats(env: Path, tmp_path: Path) -> None:
    assert invoke("ingest", str(env), "--published", "2022-03-01")[0] == 0
    code, out, err = invoke("export", "--format", "acled-csv", "--admin1", "Idleb")
    assert code == 0 and "exported 2 event(s)" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 and {r["location"] for r in rows} == {"Kafr Nabl"}
    code, out, _ = invoke("export", "--format", "jsonl", "--incidents")
    assert code == 0 and sorted(len(json.loads(x)["events"]) for x in out.splitlines()) == [1, 2]
    target = tmp_path / "out.geojson"
    assert invoke("export", "-f", "geojson", "-o", str(target))[0] == 0
    assert len(json.loads(target.read_text())["features"]) == 3
    assert invoke("export", "-f", "xlsx")[0] != 0
    assert invoke("export", "--since", "March")[0] != 0
    code, out, _ = invoke("stats", "--json")
    payload = json.loads(out)
    assert payload["totals"]["events"] == 3 and payload["by_admin1"] == {"Idleb": 2, "Aleppo": 1}


def test_bad_store_is_reported(env: Path, tmp_path: Path) -> None:
    # a long path must not be wrapped into the middle of the message (rich wraps at 80 columns by default)
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 4, "no", "such")
    for jobs in ("1", "2"):  # with --jobs 2 a child process creates a new store: it fails, the command says why
        code, _, err = invoke("ingest", str(env), "--db", str(deep / "dir.db"), "--jobs", jobs)
        assert code == 2 and f"folder {deep} does not exist" in err
    code, _, err = invoke("stats", "--db", str(deep / "dir.db"))
    assert code == 2 and f"no Marsad store at {deep / 'dir.db'}" in err


@pytest.mark.slow
def test_sigkill_mid_ingest_loses_nothing_committed(env: Path, tmp_path: Path) -> None:
    """Kill `marsad ingest` with SIGKILL mid-run, re-run it: every document once, the store still opens."""
    folder = tmp_path / "many"
    folder.mkdir()
    places = ["كفرنبل", "حلب", "حزارين", "الحسكة"]
    n = 400
    for i in range(n):
        text = f"خبر رقم {i}\nقصف على {places[i % 4]} في اليوم {i} من الشهر، وفق مصادر محلية رقم {i * 7}."
        (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "kill.db"
    cmd = [
        sys.executable, "-c", "from marsad.cli.main import app; app()",
        "ingest", str(folder), "--db", str(db), "--published", "2022-03-01", "--no-progress",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with EventStore.open(str(db), upgrade=False) as store:
                    committed = store.counts()["documents"]
            except Exception:
                committed = 0  # still migrating
            if committed >= 20:
                break
    assert proc.poll() is None, "ingest finished before it could be killed; make the batch larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    with EventStore.open(str(db)) as store:
        before = store.counts()["documents"]
    assert 20 <= before < n
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped {before}" in rerun.stderr
    with EventStore.open(str(db)) as store:
        counts = store.counts()
        assert counts["documents"] == n and counts["events"] == n
        doc_ids = [d for _, d, _ in store.iter_documents()]
    assert len(set(doc_ids)) == n
