"""Markers, sample articles and the runner of the command tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli.main import app

TESTS = Path(__file__).resolve().parents[1]
#: The stand-in engine of tests/store/factories.py (importable with tests/ on PYTHONPATH).
FAKE = "store.factories:fake_extract"

ARTICLES = {
    "sana.txt": "قصف على كفرنبل\nقتيل بقصف مدفعي لقوات النظام على بلدة كفرنبل جنوبي إدلب.",
    "enab.txt": "قصف صاروخي\nقصف صاروخي يستهدف كفرنبل ويوقع قتيل وجرحى.",
    "aleppo.txt": "قصف على حلب\nقصف على أحياء مدينة حلب دون إصابات.",
}


def invoke(*args: str) -> tuple[int, str, str]:
    """Run ``marsad ARGS``: exit code, standard output, standard error."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def articles(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A folder of :data:`ARTICLES`, ingested by the stand-in engine."""
    monkeypatch.setenv("MARSAD_EXTRACTOR", FAKE)
    monkeypatch.setenv("PYTHONPATH", f"{TESTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: spawns real `marsad` processes (kept in the default run)")
