"""Properties of the offset-preserving normaliser, on random strings and on real articles."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.normalize import NormText, normalize, normalize_str

# letters (with the forms that fold), diacritics, tatweel, zero-width marks, Arabic-Indic and Persian digits,
# presentation-form ligatures, quotes, punctuation, Latin and white space
ALPHABET = list(
    "ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآٱىةؤئ"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640\u200c\u200d\u200f\u00ad"
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    "ﻻﻷﻹﻵﷲﷺﭐﺍﺏﻫ"
    "«»“”‘’\"'،؛؟.,:;!()-–—%٪٫٬"
    "abcXYZ019 \n\u00a0\u202f"
)
texts = st.text(alphabet=st.sampled_from(ALPHABET), max_size=80)
_TOKEN = regex.compile(r"\S+")


def check_offsets(nt: NormText) -> None:
    n, o = len(nt.text), len(nt.original)
    prev = 0
    for i in range(n + 1):
        j = nt.to_orig(i)
        assert 0 <= j <= o
        assert j >= prev
        prev = j
    assert nt.to_orig(n) == o


def check_tokens(nt: NormText) -> None:
    for m in _TOKEN.finditer(nt.text):
        s, e = nt.orig_span(m.start(), m.end())
        assert 0 <= s <= e <= len(nt.original)
        assert normalize_str(nt.original[s:e]) == m.group(), (m.group(), nt.original[s:e])


@settings(max_examples=400, deadline=None)
@given(texts)
def test_indices_map_into_the_original_monotonically(text: str) -> None:
    nt = normalize(text)
    assert nt.text == normalize_str(text)
    check_offsets(nt)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_whole_tokens_map_back_to_substrings_that_normalise_to_them(text: str) -> None:
    check_tokens(normalize(text))


@given(
    st.lists(st.sampled_from(["قصف", "الجيش", "أمس", "١٢", "ﻻ", "«قسد»", "عنصراً", "مُدُنٌ", "ـ"]), max_size=12)
)
def test_word_sequences(words: list[str]) -> None:
    nt = normalize(" ".join(words))
    check_offsets(nt)
    check_tokens(nt)


def test_real_articles(corpus_sample: list[str]) -> None:
    for text in corpus_sample:
        nt = normalize(text)
        check_offsets(nt)
        check_tokens(nt)
