"""Spark fixtures: one local session for the whole test session, and the batch output of the dev articles.

The batch tests need ``pyspark`` and Java 17 (``scripts/setup.sh`` installs ``marsad[batch]``); outside CI they
are skipped when pyspark is missing, in CI they fail.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"

if not os.environ.get("CI"):
    pytest.importorskip("pyspark")

from pyspark.sql import SparkSession  # noqa: E402

from marsad.batch.job import BatchOptions, BatchSummary, make_session, run_batch, stop_session  # noqa: E402

#: Small and quiet: two cores, two partitions, no web UI or progress bars.
TEST_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.default.parallelism": "2",
    "spark.sql.adaptive.enabled": "false",
    "spark.driver.memory": "1g",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: spawns real `marsad` processes (kept in the default run)")


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    session = make_session("local[2]", partitions=2, conf=TEST_CONF, app_name="marsad tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    stop_session(session)


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not DEV.is_dir():
        pytest.skip("the dev articles (../shared/eval/dev) are not available")
    return DEV


@pytest.fixture(scope="session")
def dev_batch(
    spark: SparkSession, dev_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, BatchSummary]:
    """The dev folder (its .txt articles) through `marsad batch`, in this test session."""
    out = tmp_path_factory.mktemp("batch") / "dev"
    return out, run_batch(spark, str(dev_dir), str(out), BatchOptions(partitions=2))


@pytest.fixture(scope="session")
def dev_extracted(dev_dir: Path) -> dict[str, dict[str, Any]]:
    """The dev folder through `marsad extract`, in this test session: contract record by doc id."""
    from marsad.cli.extract import run_extract

    out, err = io.StringIO(), io.StringIO()
    code = run_extract(
        [str(dev_dir)], published=None, doc_id=None, outlet=None, fmt="jsonl", out=out, err=err
    )
    assert code == 0, err.getvalue()
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return {r["doc_id"]: r for r in records}
