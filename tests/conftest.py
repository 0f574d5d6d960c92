"""Shared fixtures: a sample of real articles from the benchmark corpus in ../shared (skipped if absent)."""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
BUILD_NATIVE = Path(__file__).resolve().parents[1] / "scripts" / "build_native.py"


def _build_native() -> Any:
    """scripts/build_native.py as a module (its list of compiled modules and its staleness test)."""
    spec = importlib.util.spec_from_file_location("build_native", BUILD_NATIVE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build_native() -> Any:
    return _build_native()


def pytest_report_header() -> str:
    native = _build_native()
    compiled = native.compiled_files()
    if not compiled:
        return "marsad: pure Python"
    c_names = {name.rsplit(".", 1)[-1] for name, _ in native.C_EXTENSIONS}
    c_built = sum(path.name.split(".", 1)[0] in c_names for path in compiled)
    try:
        guided = json.loads(native.MANIFEST.read_text(encoding="utf-8")).get("profile")
    except (OSError, ValueError):
        guided = None
    kind = f", guided by a profile of {guided} articles" if guided else ""
    return f"marsad: {len(compiled) - 1 - c_built} modules compiled by mypyc, {c_built} C extension(s){kind}"


def pytest_sessionstart(session: pytest.Session) -> None:
    """A compiled module older than its source would test the old code: stop, and say how to rebuild."""
    stale = _build_native().stale_message()
    if stale:
        pytest.exit(stale, returncode=4)


def read_corpus(n: int, every: int = 1) -> list[dict[str, str]]:
    """The first ``n`` articles of the corpus taking one line in ``every``; empty if the corpus is absent."""
    if not CORPUS.exists():
        return []
    out: list[dict[str, str]] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % every:
                continue
            out.append(json.loads(line))
            if len(out) >= n:
                break
    return out


def _texts_or_skip(n: int, every: int) -> list[str]:
    """:func:`read_corpus` as texts (title line, then text); the test is skipped when the corpus is absent."""
    arts = read_corpus(n, every=every)
    if not arts:
        pytest.skip("benchmark corpus not available")
    return [a["title"] + "\n" + a["text"] for a in arts]


@pytest.fixture(scope="session")
def corpus_sample() -> list[str]:
    """About 50 articles, spread over the first part of the corpus."""
    return _texts_or_skip(50, every=97)


@pytest.fixture(scope="session")
def corpus_wide_sample() -> list[str]:
    """2,000 articles, one in three of the corpus' first 6,000: for word statistics."""
    return _texts_or_skip(2000, every=3)


ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT.parent / "shared" / "eval" / "dev"


def dev_articles_jsonl() -> bytes:
    """The articles of the shared dev set as ingest JSON Lines, written by scripts/dev_articles.py."""
    if not DEV_SET.is_dir():
        return b""
    script = ROOT / "scripts" / "dev_articles.py"
    return subprocess.run([sys.executable, str(script), str(DEV_SET)], check=True, capture_output=True).stdout


@pytest.fixture(scope="session")
def dev_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the dev articles as the real engine extracts them (built once per session; tests
    that write take a copy)."""
    from marsad.ingest.pipeline import ingest
    from marsad.ingest.readers import read_jsonl_bytes
    from marsad.store.store import EventStore

    data = dev_articles_jsonl()
    if not data:
        pytest.skip("the shared dev set is not available")
    path = tmp_path_factory.mktemp("dev-store") / "dev.db"
    with EventStore.open(str(path)) as store:
        summary = ingest(store, list(read_jsonl_bytes(data, "dev.jsonl")))
    assert not summary.failed and summary.ingested > 10, summary
    return path
