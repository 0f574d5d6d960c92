"""The gold-based quality floor: the engine scored by the shared scorer on the development articles.

The floors are set just under what the engine achieves now, so that a change that makes extraction worse fails
CI; they are raised as the engine improves (issue 2 targets strict F1 0.9 on the canonical article and 0.8 over the
folder).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "eval" / "dev"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
CANONICAL = "alwatan-2022-01-30-hasakah"

# Floors (measured when set: canonical 0.96, folder 0.81; see docs/quality.md).
CANONICAL_FLOOR = 0.90
FOLDER_FLOOR = 0.75

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside the repository")


def _evaluate_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("marsad_evaluate", ROOT / "scripts" / "evaluate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def folder_result() -> dict[str, object]:
    result: dict[str, object] = _evaluate_module().evaluate([DEV], SCORER)
    return result


def test_folder_strict_f1_stays_above_the_floor(folder_result: dict[str, object]) -> None:
    assert folder_result["event_f1"] >= FOLDER_FLOOR  # type: ignore[operator]


def test_canonical_article_strict_f1_stays_above_the_floor(folder_result: dict[str, object]) -> None:
    doc = next(d for d in folder_result["per_doc"] if d["doc_id"] == CANONICAL)  # type: ignore[attr-defined]
    tp, fp, fn = doc["tp"], doc["fp"], doc["fn"]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= CANONICAL_FLOOR
