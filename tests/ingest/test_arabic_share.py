"""The fast share of Arabic letters equals the plain per-character count it replaced (tatweel is no letter)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.ingest.checks import _ARABIC_RANGES, MIN_ARABIC_SHARE, arabic_share, surely_arabic


def per_character(text: str) -> float:
    letters = arabic = 0
    for ch in text:
        if ch.isalpha() and ch != "\u0640":
            letters += 1
            if any(lo <= ord(ch) <= hi for lo, hi in _ARABIC_RANGES):
                arabic += 1
    return arabic / letters if letters else 0.0


SAMPLES = st.text(
    alphabet=st.sampled_from("قصف على حلب ٢٠٢٢ ـ ً، ﻻ ﷺ ڤ ABC xyz 123 ½ ² Ⅻ _ ! \n\t") | st.characters(),
    max_size=200,
)


@given(SAMPLES)
def test_the_share_equals_the_per_character_count(text: str) -> None:
    assert arabic_share(text) == per_character(text)


def test_real_sentences() -> None:
    for text in ("قصف 2022 على حلب!!", "ISIS داعش", "123", "", "ـــ", "Ⅻ ½ قصف"):
        assert arabic_share(text) == per_character(text)


@given(SAMPLES)
def test_a_text_surely_arabic_has_the_share_the_check_asks(text: str) -> None:
    if surely_arabic(text):
        assert per_character(text) >= MIN_ARABIC_SHARE


def test_the_bounds_decide_common_texts_and_leave_the_rest_to_the_exact_share() -> None:
    assert surely_arabic("قصف مدفعي على بلدة كفرنبل بريف إدلب الجنوبي\nقتل ثلاثة مدنيين")
    assert not surely_arabic("Shelling on Kafranbel in southern Idlib countryside, قصف")
    assert not surely_arabic("")


def core_letters_bound(text: str) -> bool:
    """The bound as first written: the core Arabic letters counted one by one."""
    core = sum(0x0621 <= ord(ch) <= 0x063A or 0x0641 <= ord(ch) <= 0x064A for ch in text)
    shown = len(text) - text.count(" ") - text.count("\n")
    return core > 0 and core >= MIN_ARABIC_SHARE * shown


@given(SAMPLES)
def test_the_bound_counted_from_the_other_runs_decides_as_counting_the_letters(text: str) -> None:
    assert surely_arabic(text) == core_letters_bound(text)
