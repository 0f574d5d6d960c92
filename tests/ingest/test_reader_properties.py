"""Property-based: the readers turn any bytes, any JSON line and any mutated article into documents or input
errors, never an exception, and every document they let through is text the store and the writers accept."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import InputError
from marsad.ingest.readers import SUPPORTED_SUFFIXES, read_documents
from marsad.model import InputDocument
from mutations import FRAGMENTS, mutate

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON,
        "text": st.sampled_from(FRAGMENTS) | JSON,
        "title": JSON,
        "published": st.sampled_from(["0001-01-01", "9999-12-31", "2022-01-30", "yesterday", ""]) | JSON,
        "url": JSON,
        "outlet": JSON,
    },
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def read_all(paths: list[str], **kwargs: object) -> list[InputDocument | InputError]:
    results = list(read_documents(paths, max_chars=5000, **kwargs))  # type: ignore[arg-type]
    for item in results:
        assert isinstance(item, InputDocument | InputError)
        if isinstance(item, InputDocument):
            json.dumps(item.model_dump(), ensure_ascii=False).encode("utf-8")
            assert item.text.strip() and len(item.text) <= 5000
    return results


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_any_bytes_in_any_format(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    read_all([str(path)])


@SETTINGS
@given(lines=st.lists(FIELDS.map(json.dumps) | JSON.map(json.dumps) | st.text(max_size=80), max_size=6))
def test_any_json_lines(lines: list[str]) -> None:
    class Stdin(io.StringIO):
        buffer = io.BytesIO(("\n".join(["{}", *lines])).encode("utf-8", errors="surrogatepass"))

    results = read_all(["-"], stdin=Stdin())
    assert [r.line for r in results if isinstance(r, InputError) and r.line] == sorted(
        r.line for r in results if isinstance(r, InputError) and r.line
    )


@SETTINGS
@given(seed=st.integers(0, 2**32), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_mutated_articles_in_files(tmp_path: Path, seed: int, encoding: str) -> None:
    rng = random.Random(seed)
    text = mutate(rng, "\n".join(rng.sample(FRAGMENTS, 3)))
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding, errors="surrogatepass"))
    read_all([str(path)])


@pytest.mark.parametrize("name", ["a.html", "b.xml"])
def test_markup_with_mutated_text(tmp_path: Path, name: str) -> None:
    rng = random.Random(7)
    for i in range(20):
        body = mutate(rng, FRAGMENTS[i % len(FRAGMENTS)])
        markup = f"<html><body><p>{body}</p></body></html>" if name.endswith("html") else (
            f"<rss><channel><item><title>خبر</title><description>{body}</description></item></channel></rss>"
        )
        path = tmp_path / name
        path.write_bytes(markup.encode("utf-8", errors="surrogatepass"))
        read_all([str(path)])
