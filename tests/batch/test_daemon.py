"""The workers' daemon of a local run (marsad.batch.daemon)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from marsad.batch.daemon import prefer_installed_pyspark


def test_the_zips_of_an_installed_pyspark_go_after_its_package(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    (site / "pyspark" / "python" / "lib").mkdir(parents=True)
    (site / "pyspark" / "__init__.py").write_text("")
    lib = site / "pyspark" / "python" / "lib"
    path = [str(lib / "pyspark.zip"), str(lib / "py4j-0.10.9.9-src.zip"), "/app", str(site)]
    assert prefer_installed_pyspark(path) == ["/app", str(site), *path[:2]]


def test_zips_of_a_spark_without_an_installed_package_stay_first(tmp_path: Path) -> None:
    lib = tmp_path / "spark" / "pyspark" / "python" / "lib"  # a Spark distribution: its zip is the only PySpark
    lib.mkdir(parents=True)
    path = [str(lib / "pyspark.zip"), "/app", str(tmp_path / "site-packages")]
    assert prefer_installed_pyspark(path) == path


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_preloading_starts_no_thread_and_loads_the_engine() -> None:
    # a process forked from a daemon with a thread would not have it (nor could it take a lock the thread held)
    code = (
        "import os, sys\n"
        "from marsad.batch.daemon import preload\n"
        "preload()\n"
        "print(len(os.listdir('/proc/self/task')), 'pyarrow' in sys.modules, 'marsad.extract.pipeline' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "False", "True"]
