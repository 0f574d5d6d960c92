"""Checks of one input before extraction: its encoding (UTF-8, or UTF-16/32 with a byte-order mark), binary
content, lone surrogates, size, letters and language. Each failing check is an :class:`~marsad.errors.InputError`
naming the input and line; none raises.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter

from marsad.errors import (
    BinaryInput,
    EmptyInput,
    EncodingInput,
    InputError,
    InvalidUnicode,
    NoLetters,
    NotArabic,
    TooLarge,
    UnsupportedEncoding,
)

#: Share of Arabic letters among all letters below which a document is refused as not Arabic.
MIN_ARABIC_SHARE = 0.3

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_NOT_ARABIC = re.compile("[^" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _ARABIC_RANGES) + "]+")
_NON_LETTERS = re.compile(r"[\W\d_]+")
# tatweel stretches a word; it is a "letter" to Unicode (Lm) but carries nothing to read
_TATWEEL = "\u0640"
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}
_CONTROL_BYTE_STRING = bytes(sorted(_CONTROL_BYTES))  # for bytes.translate, which counts them at C speed
_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# UTF-32 first: its little-endian mark begins with UTF-16's
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "UTF-32-LE"),
    (codecs.BOM_UTF32_BE, "UTF-32-BE"),
    (codecs.BOM_UTF8, "UTF-8"),
    (codecs.BOM_UTF16_LE, "UTF-16-LE"),
    (codecs.BOM_UTF16_BE, "UTF-16-BE"),
)
#: Bytes looked at to guess the encoding of text without a byte-order mark.
SNIFF_BYTES = 4096


def arabic_share(text: str) -> float:
    """Share of Arabic-script letters among all letters of ``text`` (0.0 when it has no letters; tatweel is not
    a letter)."""
    # C-level passes only (a loop in Python over every character cost as much as extracting the article). What
    # ``[\W\d_]`` leaves is every letter (``str.isalpha``) and, rarely, a numeric character that is not a digit
    # (² ½ Ⅻ), dropped by a second pass when present; of those letters, the ones outside the Arabic blocks are
    # few, and counted. Twice as fast as counting ``str.isalpha`` over the text and over its Arabic runs
    # (85-100 against 120-180 µs per corpus article), with the same counts.
    kept = _NON_LETTERS.sub("", text)
    if not kept.isalpha():
        kept = "".join(filter(str.isalpha, kept))
    stretch = kept.count(_TATWEEL)  # a "letter" (Lm) of the Arabic block, taken out of both counts
    letters = len(kept) - stretch
    if letters <= 0:
        return 0.0
    arabic = len(kept) - sum(map(len, _NOT_ARABIC.findall(kept))) - stretch
    return arabic / letters


# the core Arabic letters (hamza to ghain, feh to yeh: all letters, no tatweel), spaces and newlines, in runs: taking
# them out (``sub``) leaves the rest of the text in order, in one string (9.5 µs an average corpus article, against
# 17 µs for finding the runs of the rest one by one and joining them)
_CORE_ARABIC = re.compile("[\u0621-\u063a\u0641-\u064a \n]+")


def not_core_arabic(text: str) -> str:
    """The characters of ``text`` that are neither core Arabic letters nor spaces nor newlines, in order."""
    return _CORE_ARABIC.sub("", text)


def surely_arabic(text: str) -> bool:
    """Whether ``text`` certainly has at least MIN_ARABIC_SHARE Arabic letters among its letters, from two cheap
    bounds: its core Arabic letters (fewer than its Arabic letters) against its characters that are not spaces or
    newlines (more than its letters). True for every one of the corpus' 31,517 articles; when False, the exact
    share decides. The core letters are counted as what is left of those characters once everything else is
    taken out (:func:`not_core_arabic`)."""
    shown = len(text) - text.count(" ") - text.count("\n")
    core = shown - len(not_core_arabic(text))
    return core > 0 and core >= MIN_ARABIC_SHARE * shown


def has_letters(text: str) -> bool:
    return sum(map(str.isalpha, text)) > text.count(_TATWEEL)


def looks_binary_bytes(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:65536]
    # the control bytes counted as what deleting them removes (a loop in Python over every byte of every input line
    # cost 110-135 us per corpus article, a sixth of the engine's time for it; this 4-7 us)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTE_STRING))
    return controls > 4 + len(sample) // 100


def looks_binary_text(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:_SAMPLE]
    return len(_CONTROL_CHARS.findall(sample)) > 4 + len(sample) // 100


def bom_encoding(head: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark at the start of ``head`` names, and the mark's length."""
    for mark, name in BOMS:
        if head.startswith(mark):
            return name, len(mark)
    return None


def wide_encoding(data: bytes) -> str | None:
    """``UTF-16-LE``/``-BE`` or ``UTF-32-LE``/``-BE`` when bytes without a byte-order mark look like it: the high
    bytes of each code unit take only a few values (0 for spaces and Latin, 6 for Arabic) while the low bytes
    vary."""
    sample = data[:SNIFF_BYTES]
    if len(sample) < 16:
        return None
    n4 = len(sample) // 4 * 4
    quads = [sample[i:n4:4] for i in range(4)]
    if all(q.count(0) == len(q) for q in quads[2:]) and quads[0].count(0) < len(quads[0]) // 2:
        return "UTF-32-LE"
    if all(q.count(0) == len(q) for q in quads[:2]) and quads[3].count(0) < len(quads[3]) // 2:
        return "UTF-32-BE"
    n2 = len(sample) // 2 * 2
    even, odd = sample[0:n2:2], sample[1:n2:2]
    if _few_values(odd) and not _few_values(even):
        return "UTF-16-LE"
    if _few_values(even) and not _few_values(odd):
        return "UTF-16-BE"
    return None


def _few_values(units: bytes) -> bool:
    """Nine in ten of the bytes are 0 or one other value (the high bytes of text in one script)."""
    if not units or units.count(0) == 0:
        return False
    top = Counter(units).most_common(2)
    return sum(n for _, n in top) >= 0.9 * len(units)


def decode(data: bytes, source: str, line: int | None, base_offset: int = 0) -> str | InputError:
    """The text of ``data``: UTF-8 (a UTF-8 byte-order mark dropped), or UTF-16/UTF-32 when a byte-order mark
    says so. Anything else is an error naming the first bad byte's offset, or the encoding it looks like."""
    found = bom_encoding(data[:4])
    if found is not None and found[0] != "UTF-8":
        name, skip = found
        try:
            return data[skip:].decode(name.lower())
        except UnicodeDecodeError as exc:
            where = base_offset + skip + exc.start
            return EncodingInput(source, f"{exc.reason} at byte offset {where}", line, encoding=name)
    if looks_binary_bytes(data):
        wide = wide_encoding(data)
        return UnsupportedEncoding(source, wide, line) if wide else BinaryInput(source, line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        return EncodingInput(source, f"byte 0x{bad} at byte offset {base_offset + exc.start}", line)
    return text[1:] if text.startswith("\ufeff") else text


def lone_surrogate(value: str, field: str, source: str, line: int | None) -> InvalidUnicode | None:
    """An error when ``value`` holds a lone surrogate (only a JSON ``\\udXXX`` escape can put one there)."""
    found = _SURROGATE.search(value)
    if found is None:
        return None
    return InvalidUnicode(source, field, found.group(), found.start(), line)


def validate_text(
    text: str, source: str, line: int | None = None, *, max_chars: int = 200_000
) -> InputError | None:
    """The first problem that keeps ``text`` from being extracted, or ``None`` when it is fine.

    A text of up to :data:`_SAMPLE` characters (every news article) is read in one pass: the characters that are
    not core Arabic letters, spaces or newlines (:func:`not_core_arabic`, what :func:`surely_arabic` counts) hold
    every control character and every lone surrogate the other checks look for, so those look at them only (a few
    hundred characters): 15 µs an average corpus article against 37 µs for the checks one by one
    (:func:`_validate_each`), with the same answer (a property test)."""
    if len(text) > _SAMPLE or "\x00" in text:
        return _validate_each(text, source, line, max_chars=max_chars)
    if not text.strip():
        return EmptyInput(source, line)
    other = not_core_arabic(text)
    if len(_CONTROL_CHARS.findall(other)) > 4 + len(text) // 100:
        return BinaryInput(source, line)
    if len(text) > max_chars:
        return TooLarge(source, len(text), max_chars, line)
    if _SURROGATE.search(other) is not None:
        return lone_surrogate(text, "text", source, line)
    shown = len(text) - text.count(" ") - text.count("\n")
    core = shown - len(other)
    if core > 0 and core >= MIN_ARABIC_SHARE * shown:
        return None
    return _language(text, source, line)


# the sample of a long text that the binary check reads
_SAMPLE = 65536


def _validate_each(
    text: str, source: str, line: int | None = None, *, max_chars: int = 200_000
) -> InputError | None:
    """:func:`validate_text`, one check after the other (the reference its one pass is tested against)."""
    if not text.strip():
        return EmptyInput(source, line)
    if looks_binary_text(text):
        return BinaryInput(source, line)
    if len(text) > max_chars:
        return TooLarge(source, len(text), max_chars, line)
    surrogate = lone_surrogate(text, "text", source, line)
    if surrogate is not None:
        return surrogate
    if surely_arabic(text):
        return None
    return _language(text, source, line)


def _language(text: str, source: str, line: int | None) -> InputError | None:
    """The exact share of Arabic letters decides (a text that :func:`surely_arabic` does not pass)."""
    share = arabic_share(text)
    if share == 0.0 and not has_letters(text):
        return NoLetters(source, line)
    if share < MIN_ARABIC_SHARE:
        return NotArabic(source, share, line)
    return None
