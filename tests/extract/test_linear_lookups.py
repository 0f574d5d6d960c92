"""The bounded lookups that keep extraction linear in the length of a document give what a scan of the whole span
gives (they read only the words near a position, or bisect sorted spans, instead of scanning everything)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.discourse import fewer_words, last_words, word_start_before, words_between
from marsad.extract.document import _SpanIndex

# words, white space (including line breaks) and quotes, as they mix in normalised Arabic text
_TEXT = st.text(alphabet=st.sampled_from(list('قصف على حلب و "  \n\tالجيش')), max_size=400)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
def test_fewer_words_counts_like_splitting_the_whole_gap(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(0, len(text)))
    n = data.draw(st.integers(0, 12))
    assert fewer_words(text, start, end, n) == (words_between(text, start, end) < n)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
def test_last_words_are_the_last_words_of_the_whole_span(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    n = data.draw(st.integers(0, 12))
    assert last_words(text, start, end, n) == text[start:end].split()[-n:]


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
def test_a_gap_from_before_the_word_start_holds_that_many_words(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    pos = data.draw(st.integers(lo, len(text)))
    n = data.draw(st.integers(1, 10))
    reach = word_start_before(text, lo, pos, n)
    assert lo <= reach <= pos
    if reach > lo:  # every gap from the reach or before holds n words or more
        assert all(words_between(text, x, pos) >= n for x in range(lo, reach + 1))
    else:  # the span holds n words or fewer
        assert words_between(text, lo, pos) <= n


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 80), st.integers(1, 15)), max_size=20),
    st.integers(0, 90),
    st.integers(1, 15),
)
def test_span_index_tells_containment_like_a_scan(raw: list[tuple[int, int]], a: int, n: int) -> None:
    spans = [(s, s + k) for s, k in raw]
    assert _SpanIndex(spans).covers(a, a + n) == any(s <= a and a + n <= e for s, e in spans)
