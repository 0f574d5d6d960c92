"""The fast share of Arabic letters equals the plain per-character count it replaced (tatweel is no letter)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.errors import InputError
from marsad.ingest.checks import (
    _ARABIC_RANGES,
    MIN_ARABIC_SHARE,
    _validate_each,
    arabic_share,
    surely_arabic,
    validate_text,
)


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


CHECKED = st.text(
    alphabet=st.sampled_from("قصف على حلب ٢٠٢٢ ـ ، ABC xyz 123 \n\t\r\x00\x01\x07\x1b\x7f\ud800\udfff ") | st.characters(),
    max_size=300,
)


@given(CHECKED, st.sampled_from([5, 50, 200_000]))
def test_validate_in_one_pass_answers_as_the_checks_one_by_one(text: str, max_chars: int) -> None:
    def answer(problem: InputError | None) -> tuple[str, str] | None:
        return None if problem is None else (type(problem).__name__, str(problem))

    fast = validate_text(text, "in.txt", 3, max_chars=max_chars)
    assert answer(fast) == answer(_validate_each(text, "in.txt", 3, max_chars=max_chars))


def test_validate_in_one_pass_on_real_inputs() -> None:
    article = "قصف مدفعي على بلدة كفرنبل بريف إدلب الجنوبي\nقتل ثلاثة مدنيين"
    cases = [article, article + "\x01" * 9, article + "\ud800", "Shelling on Kafranbel", "   ", "123 456", article * 3000]
    for text in cases:
        for most in (10, 200_000):
            got, each = validate_text(text, "a.txt", max_chars=most), _validate_each(text, "a.txt", max_chars=most)
            assert (type(got), str(got)) == (type(each), str(each))
