"""The fast normaliser (one ``re`` scan + ``str.replace`` per distinct character) equals the plain
``str.translate`` over the normalisation table, and its offset map equals a character-by-character reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.normalize import _table, normalize, normalize_str

# every character of the table (deletions, folds, digits, capitals, presentation forms) and plain letters
TABLE_CHARS = sorted(chr(c) for c in _table())
ALPHABET = [*TABLE_CHARS, *"ابتجحدرسعفقلمنهوي ", "\n", "x", "7"]
texts = st.text(alphabet=st.sampled_from(ALPHABET), max_size=120)


def reference_breaks(text: str) -> tuple[list[int], list[int]]:
    """The offset map built one character at a time (the original, simple algorithm)."""
    table = _table()
    break_at: list[int] = []
    shift: list[int] = []
    delta = 0
    for p, ch in enumerate(text):
        repl = table.get(ord(ch), ch)
        k = 0 if repl is None else len(repl)
        if k == 1:
            continue
        n = p - delta
        if k == 0:
            delta += 1
            break_at.append(n)
            shift.append(delta)
        else:
            for j in range(1, k):
                break_at.append(n + j)
                shift.append(p - (n + j))
            delta -= k - 1
            break_at.append(n + k)
            shift.append(delta)
    bk: list[int] = []
    sh: list[int] = []
    for b, s in zip(break_at, shift, strict=True):
        if bk and bk[-1] == b:
            sh[-1] = s
        else:
            bk.append(b)
            sh.append(s)
    return bk, sh


@settings(max_examples=500, deadline=None)
@given(texts)
def test_same_as_translate(text: str) -> None:
    expected = text.translate(_table())
    assert normalize_str(text) == expected
    assert normalize(text).text == expected


@settings(max_examples=500, deadline=None)
@given(texts)
def test_offset_map_matches_the_reference(text: str) -> None:
    nt = normalize(text)
    bk, sh = reference_breaks(text)
    assert [nt.to_orig(i) for i in range(len(nt.text) + 1)] == [
        len(text) if i >= len(nt.text) else i + (sh[k] if (k := _last_le(bk, i)) >= 0 else 0)
        for i in range(len(nt.text) + 1)
    ]


def _last_le(xs: list[int], i: int) -> int:
    k = -1
    for j, x in enumerate(xs):
        if x <= i:
            k = j
    return k


def test_news_sentence_with_diacritics_ligature_and_digits() -> None:
    text = "قُتِلَ ٣ مدنيين في قصفٍ على «إدلب» ﻻ سيما الريف"
    nt = normalize(text)
    assert nt.text == text.translate(_table())
    start = nt.text.index("ادلب")
    assert nt.orig_text(start, start + 4) == "إدلب"
    start = nt.text.index("لا سيما")
    assert nt.orig_text(start, start + 2) == "ﻻ"
