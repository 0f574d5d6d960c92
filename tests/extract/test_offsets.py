"""Every span the engine reports is the exact original substring, whatever the text holds (diacritics, tatweel,
Arabic-Indic digits, ligatures, quotes): property-based over generated and real text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import marsad
from marsad.model import DocumentRecord

# Phrases of news text, combined and decorated at random with the characters normalisation removes or folds.
PHRASES = [
    "قُتل ثلاثة مدنيين",
    "بغارات جوية روسية",
    "استهدفت بلدة كفرنبل",
    "في ريف إدلب الجنوبي",
    "أمس الأحد",
    "وقالت مصادر محلية إن",
    "اندلعت اشتباكات عنيفة بين",
    "«قسد» وتنظيم داعش",
    "في حي غويران بمدينة الحسكة",
    "نزح أكثر من ٢٠٠٠ شخص",
    "اعتقلت قوات الأمن العراقية",
    "عشرة أشخاص في مدينة الموصل",
    "ﻻ",
    "ـــ",
    "،",
    ".",
    "\n",
]
DECOR = ["", "\u064e", "\u0651", "\u0640", "\u200f", "\u00a0", "“", "»"]


def _check(text: str, record: DocumentRecord) -> None:
    for ev in record.events:
        for span in ev.evidence:
            assert text[span.start : span.end] == span.text
        for actor in (ev.actor1, ev.actor2):
            if actor is not None:
                assert actor.text in text
        if ev.location is not None:
            assert ev.location.text in text
        for q in ev.quantities:
            assert q.text in text
        if ev.date.text:
            assert ev.date.text in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PHRASES), st.sampled_from(DECOR)), min_size=1, max_size=14))
def test_spans_map_back_to_the_original_text(parts: list[tuple[str, str]]) -> None:
    text = " ".join(p + d for p, d in parts)
    _check(text, marsad.extract(text, published="2021-03-14", doc_id="h"))


def test_spans_of_real_articles_map_back(corpus_sample: list[str]) -> None:
    for text in corpus_sample:
        _check(text, marsad.extract(text, published="2018-06-01", doc_id="c"))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 80), st.integers(1, 15)), max_size=20),
    st.integers(0, 90),
    st.integers(1, 15),
)
def test_span_index_tells_overlap_like_a_scan(raw: list[tuple[int, int]], a: int, n: int) -> None:
    from marsad.extract.document import _overlaps, _SpanIndex

    spans = [(s, s + k) for s, k in raw]
    assert _SpanIndex(spans).overlaps(a, a + n) == _overlaps(a, a + n, spans)
