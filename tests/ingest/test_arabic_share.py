"""The Arabic share of a text, counted per distinct character, is the share a scan of every character gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.ingest.readers import _ARABIC_RANGES, arabic_share


def _scan(text: str) -> float:
    letters = arabic = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if any(lo <= ord(ch) <= hi for lo, hi in _ARABIC_RANGES):
                arabic += 1
    return arabic / letters if letters else 0.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("قصف على حلب ـ ً ٣ 12 abc É ﻻ ، .\n")), max_size=200))
def test_arabic_share_counts_every_letter_once(text: str) -> None:
    assert arabic_share(text) == _scan(text)


def test_arabic_share_of_a_mixed_headline() -> None:
    text = "قصف مدفعي على بلدة كفرنبل (AFP)"
    assert arabic_share(text) == _scan(text)
    assert 0.8 < arabic_share(text) < 1.0
