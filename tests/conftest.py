"""Shared fixtures: a sample of real articles from the benchmark corpus in ../shared (skipped if absent)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"


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


@pytest.fixture(scope="session")
def corpus_sample() -> list[str]:
    """About 50 articles (title line, then text), spread over the first part of the corpus."""
    arts = read_corpus(50, every=97)
    if not arts:
        pytest.skip("benchmark corpus not available")
    return [a["title"] + "\n" + a["text"] for a in arts]
