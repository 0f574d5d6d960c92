"""Property-based: whatever real news text becomes after mutation (digits, tatweel, diacritics, controls, bidi
marks, presentation forms, NFD, extreme dates and numbers, cuts), with whatever publication date, extraction
does not raise and every evidence span is verbatim and inside the text. Bounded to a few seconds; the long run
is ``scripts/fuzz.py`` (figures in docs/reliability.md)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import marsad
from mutations import FRAGMENTS, PUBLISHED, check_record, mutate


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rng=st.randoms(use_true_random=False),
    fragments=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4),
    published=st.sampled_from(PUBLISHED) | st.dates().map(str),
)
def test_extraction_of_mutated_news_never_raises_and_keeps_offsets(
    rng: object, fragments: list[str], published: str | None
) -> None:
    text = mutate(rng, "\n".join(fragments))  # type: ignore[arg-type]
    record = marsad.extract(text, published=published, doc_id="fuzz")
    assert check_record(text, record) == []
    json.dumps(record.to_contract(), ensure_ascii=False)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_extraction_of_any_text_never_raises(text: str) -> None:
    assert check_record(text, marsad.extract(text, published="2022-01-30")) == []


def test_asking_why_does_not_change_what_is_found(corpus_sample: list[str]) -> None:
    """The candidate stage runs its dearest test (the clause's own date) last unless the rule that sets a word
    aside is being recorded: the records are the same either way."""
    from marsad.extract.pipeline import Extractor

    extractor = Extractor.default()
    for i, text in enumerate(corpus_sample):
        plain = extractor.extract(text, published="2018-06-01", doc_id=f"d{i}")
        explained, _ = extractor.explain(text, published="2018-06-01", doc_id=f"d{i}")
        assert plain == explained
