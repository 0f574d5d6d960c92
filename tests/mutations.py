"""Mutations of real Arabic news text, shared by the property tests and ``scripts/fuzz.py``.

Each mutation takes a :class:`random.Random` and a text and returns a new text: digits (Arabic-Indic, Persian,
Latin, absurdly long), tatweel, diacritics, control characters, bidi marks, presentation forms, NFD, extreme
dates and numbers, cuts and repeats. :func:`check_record` states what every extraction must satisfy.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from typing import Any

# real sentences of Arabic news (the development article of the shared evaluation set and short wire copy)
FRAGMENTS = [
    "مقتل ثلاثة مدنيين بقصف مدفعي لقوات النظام استهدف بلدة كفرنبل في ريف إدلب الجنوبي أمس.",
    "وذكرت الأنباء، أن خلية تابعة لداعش مؤلفة من 4 انتحاريين على الأقل، احتجزت مختاراً في شارع الأغوات ضمن حي غويران.",
    "وأكدت المصادر، أن أكثر من ١٥٠ داعشياً أطلقت «قسد» سراحهم أخيراً من السجن بعد عملية التفاوض بين الطرفين.",
    "نشرت القوات الروسية قاذفات مقاتلة من طراز SU 34 في مطار القامشلي بريف الحسكة يوم الخميس 27 كانون الثاني 2022.",
    "أعلنت الشرطة توقيف خمسة أشخاص في مدينة حلب بتهمة تهريب السلاح، ونزوح نحو 210 أسر من القرية.",
    "شنت طائرات حربية غارات على أطراف مدينة سراقب فجر اليوم، ما أدى إلى مقتل 12 شخصاً وإصابة العشرات.",
    "خرج المئات من أهالي السويداء في مظاهرة احتجاجاً على تردي الأوضاع المعيشية يوم الجمعة الماضي.",
    "انفجرت عبوة ناسفة بسيارة عسكرية على طريق دير الزور - الميادين، ولم ترد أنباء عن إصابات.",
]

DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\u200b\ufffe"
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
EXTREME_DATES = [
    "0001-01-01", "9999-12-31", "31/12/9999", "1/1/0001", "في 29 شباط", "عام 2099", "آذار 1900",
    "منذ 99 عاما", "قبل مليون يوم", "في الثلاثين من شباط الماضي", "ليل السبت الأحد", "2022-13-45",
]  # fmt: skip
EXTREME_NUMBERS = [
    "مقتل ١١١١١١١١١١١١١١١١١١١١ مليار مدني", "مقتل 99999999999999999999 شخصا", "مقتل 1e308 شخص",
    "إصابة " + "9" * 600 + " شخص", "مقتل 3.5.6.7 شخص", "مقتل ألف ألف مليار شخص", "نزوح 1,000,000,000,000 أسرة",
    "مقتل 0 شخص", "مقتل -5 أشخاص", "مقتل ٣٫٧ مليون شخص", "مقتل مئة وخمسين ألفاً وثلاثة",
]  # fmt: skip


def _presentation_forms() -> dict[str, list[str]]:
    forms: dict[str, list[str]] = {}
    for cp in list(range(0xFB50, 0xFDFF)) + list(range(0xFE70, 0xFEFF)):
        decomposition = unicodedata.decomposition(chr(cp)).split()
        if len(decomposition) == 2 and decomposition[0].startswith("<"):
            forms.setdefault(chr(int(decomposition[1], 16)), []).append(chr(cp))
    return forms


_FORMS = _presentation_forms()


def _insert(rng: random.Random, text: str, piece: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + piece + text[at:]


def digits(rng: random.Random, text: str) -> str:
    n = rng.choice([1, 2, 3, 4, 7, 20, 400])
    return _insert(rng, text, " " + "".join(rng.choice(DIGITS) for _ in range(n)) + " ")


def tatweel(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 8)):
        text = _insert(rng, text, "ـ" * rng.randint(1, 5))
    return text


def diacritics(rng: random.Random, text: str) -> str:
    out = []
    for ch in text:
        out.append(ch)
        if "\u0621" <= ch <= "\u064a" and rng.random() < 0.4:
            out.append(rng.choice(DIACRITICS))
    return "".join(out)


def controls(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 5)):
        text = _insert(rng, text, rng.choice(CONTROLS))
    return text


def bidi(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 6)):
        text = _insert(rng, text, rng.choice(BIDI))
    return text


def presentation(rng: random.Random, text: str) -> str:
    return "".join(rng.choice(_FORMS[ch]) if ch in _FORMS and rng.random() < 0.5 else ch for ch in text)


def nfd(_rng: random.Random, text: str) -> str:
    return unicodedata.normalize("NFD", text)


def extreme_date(rng: random.Random, text: str) -> str:
    return _insert(rng, text, " " + rng.choice(EXTREME_DATES) + " ")


def extreme_number(rng: random.Random, text: str) -> str:
    return _insert(rng, text, " " + rng.choice(EXTREME_NUMBERS) + " ")


def cut(rng: random.Random, text: str) -> str:
    a, b = sorted(rng.randint(0, len(text)) for _ in range(2))
    return text[:a] + text[b:] if rng.random() < 0.5 else text[a:b] or text


def repeat(rng: random.Random, text: str) -> str:
    a, b = sorted(rng.randint(0, len(text)) for _ in range(2))
    return text[:b] + text[a:b] * rng.randint(1, 4) + text[b:]


def lone_surrogate(rng: random.Random, text: str) -> str:
    return _insert(rng, text, chr(rng.randint(0xD800, 0xDFFF)))


MUTATIONS: list[Callable[[random.Random, str], str]] = [
    digits, tatweel, diacritics, controls, bidi, presentation, nfd, extreme_date, extreme_number, cut, repeat,
    lone_surrogate,
]  # fmt: skip
PUBLISHED = [None, "2022-01-30", "2018-03-14", "0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31"]


def mutate(rng: random.Random, text: str, n: int | None = None) -> str:
    """``text`` after ``n`` (1 to 4 when not given) random mutations."""
    for _ in range(rng.randint(1, 4) if n is None else n):
        text = rng.choice(MUTATIONS)(rng, text)
    return text


def check_record(text: str, record: Any) -> list[str]:
    """What is wrong with ``record`` (a :class:`~marsad.model.DocumentRecord`) for ``text``: offsets outside the
    text, spans whose text is not the text at their offsets. Empty when all is well."""
    problems: list[str] = []
    for event in record.events:
        if not event.evidence:
            problems.append(f"{event.id}: no evidence")
        for span in event.evidence:
            if not 0 <= span.start <= span.end <= len(text):
                problems.append(f"{event.id}: offsets {span.start}-{span.end} outside 0-{len(text)}")
            elif text[span.start : span.end] != span.text:
                problems.append(f"{event.id}: span {span.start}-{span.end} is not verbatim")
    return problems
