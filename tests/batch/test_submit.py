"""`spark-submit` runs the batch entry point (a JVM of its own: the slowest batch test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import marsad
import marsad.batch
from marsad.batch.load import read_output

ARTICLE = (
    "قصف على كفرنبل\nقصف مدفعي لقوات النظام على بلدة كفرنبل بريف إدلب الجنوبي أمس أسفر عن مقتل مدنيين اثنين."
)


@pytest.mark.slow
def test_spark_submit_runs_marsad_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kafr-nabl.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    out = tmp_path / "out"
    entry = Path(marsad.batch.__file__).with_name("__main__.py")
    command = [
        str(Path(sys.executable).with_name("spark-submit")),
        "--master", "local[1]",
        "--driver-java-options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.ui.showConsoleProgress=false",
        str(entry), str(folder), str(out), "--partitions", "1", "--published", "2022-03-02",
    ]  # fmt: skip
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    said = proc.stdout + proc.stderr  # spark-submit merges the Python driver's standard error into its output
    assert proc.returncode == 1, said[-3000:]  # one input failed: said by the exit code
    assert "run 1: extracted 1 document(s)" in said and "failed 1" in said
    assert "empty.txt: the document is empty" in said
    (loaded,) = list(read_output(str(out)))
    expected = marsad.extract(ARTICLE, published="2022-03-02", doc_id="kafr-nabl")
    assert loaded.record["events"] == expected.to_contract()["events"] != []
