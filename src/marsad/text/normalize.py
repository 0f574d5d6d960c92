"""Offset-preserving Arabic normalisation.

One function, :func:`normalize`, is applied to dictionary entries and to article text alike. It folds the
variation that does not change meaning in news text, the same way CAMeL Tools' character maps do:

- diacritics (tashkeel, superscript alef, Quranic marks), tatweel and zero-width marks are removed;
- alef forms (أ إ آ ٱ) become ا, ى becomes ي, ة becomes ه, ؤ becomes و, ئ becomes ي;
- Persian/Urdu letter forms (ک ی ۀ) become their Arabic counterparts;
- Arabic-Indic and Persian digits become ASCII digits;
- «» and typographic quotes become ``"``, typographic apostrophes ``'``, non-breaking spaces a space;
- Latin capitals become lower case; presentation forms (ligatures such as ﻻ) are expanded.

The normalised text is mostly the same length as the original; where characters are removed or expanded, a
compact table of break points maps every normalised index back to the original, so every span the engine reports
points into the text exactly as it was given.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_DELETE = (
    [chr(c) for c in range(0x0610, 0x061B)]  # Quranic honorifics and small marks
    + [chr(c) for c in range(0x064B, 0x0660)]  # tashkeel: fathatan .. wavy hamza below
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]  # Quranic annotation marks
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
)

# fmt: off
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ئ": "ي", "ی": "ي", "ې": "ي", "ے": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "_": " ", "#": " ",  # hashtags: "#الجيش_الإسرائيلي" reads as the words it joins
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
    "٪": "%", "٫": ".", "٬": ",",
}
# fmt: on


def _presentation_forms() -> dict[str, str]:
    """Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) expanded by NFKC, then folded."""
    out: dict[str, str] = {}
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFF)):
        ch = chr(cp)
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed != ch and decomposed.strip():
            folded = "".join(_FOLD.get(c, c) for c in decomposed if c not in _DELETE_SET)
            # whole-phrase ligatures (ﷺ ﷻ ﷽) would turn one original character into several words, which no
            # span of the normalised text could map back to: they become a space instead
            out[ch] = " " if " " in folded.strip() else folded
    return out


_DELETE_SET = frozenset(_DELETE)


@lru_cache(maxsize=1)
def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): None for c in _DELETE}
    table.update({ord(k): v for k, v in _FOLD.items()})
    for i in range(10):
        table[0x0660 + i] = str(i)  # Arabic-Indic
        table[0x06F0 + i] = str(i)  # Persian
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = chr(c + 32)
    table.update({ord(k): v for k, v in _presentation_forms().items()})
    return table


@dataclass(frozen=True, slots=True)
class _Compiled:
    """The table in the forms the hot path uses (see :func:`_translate`)."""

    table: dict[int, str | None]
    replacement: dict[str, str]  # every character of the table -> its replacement ("" for deletions)
    mapped: re.Pattern[str]  # any character of the table
    length_changing: frozenset[str]  # characters whose replacement is not exactly one character long


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    table = _table()
    replacement = {chr(k): v or "" for k, v in table.items()}
    for k, v in replacement.items():
        if any(c in replacement for c in v):
            raise AssertionError(f"normalisation table: the replacement of U+{ord(k):04X} is itself replaced")
    return _Compiled(
        table=table,
        replacement=replacement,
        mapped=re.compile("[" + "".join(re.escape(c) for c in sorted(replacement)) + "]"),
        length_changing=frozenset(k for k, v in replacement.items() if len(v) != 1),
    )


def _translate(text: str, c: _Compiled) -> tuple[str, list[str]]:
    """``text.translate(table)``, and the distinct characters of the table found in ``text``.

    ``str.translate`` with a dict is slow on Arabic text (each unmapped character is a failed dict lookup). A
    text holds only a handful of distinct characters of the table, so each one is found with a ``re`` scan and
    replaced everywhere with ``str.replace``; the scan then resumes after it, where the next one is the next
    distinct character. That is the same as ``translate`` because no replacement contains a character of the
    table (checked when compiling), so nothing before the scan position changes and nothing is replaced twice.
    """
    present: list[str] = []
    search = c.mapped.search
    replacement = c.replacement
    out = text
    pos = 0
    while m := search(out, pos):
        ch = m.group()
        repl = replacement[ch]
        present.append(ch)
        pos = m.start() + len(repl)
        out = out.replace(ch, repl)
    return out, present


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalised text with the map back to the original.

    ``text`` is the normalised text; ``original`` the text as given. :meth:`to_orig` maps a normalised index to
    the original index; :meth:`orig_span` maps a normalised ``[start, end)`` span.
    """

    original: str
    text: str
    _break_at: tuple[int, ...] = ()
    _shift: tuple[int, ...] = ()

    def to_orig(self, i: int) -> int:
        """Original index of normalised index ``i`` (``len(text)`` maps to ``len(original)``)."""
        if i >= len(self.text):
            return len(self.original)
        if not self._break_at:
            return i
        k = bisect_right(self._break_at, i) - 1
        return i + (self._shift[k] if k >= 0 else 0)

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` covering normalised ``[start, end)``.

        The end is placed right after the last normalised character's source, so diacritics trailing the last
        letter of a word are kept with it while the space or punctuation after it is not.
        """
        if end <= start:
            o = self.to_orig(start)
            return o, o
        o_start = self.to_orig(start)
        o_last = self.to_orig(end - 1)
        o_end = o_last + 1
        # keep combining marks (deleted in normalisation) that trail the last letter
        while o_end < len(self.original) and self.original[o_end] in _DELETE_SET:
            o_end += 1
        return o_start, o_end

    def orig_text(self, start: int, end: int) -> str:
        s, e = self.orig_span(start, end)
        return self.original[s:e]


def normalize(text: str) -> NormText:
    """Normalise ``text`` (see the module docstring), keeping the map back to its offsets."""
    c = _compiled()
    norm, present = _translate(text, c)
    changing = [ch for ch in present if ch in c.length_changing]
    if not changing:
        return NormText(text, norm)
    positions: list[int] = []
    for ch in changing:
        p = text.find(ch)
        while p >= 0:
            positions.append(p)
            p = text.find(ch, p + 1)
    positions.sort()
    replacement = c.replacement
    break_at: list[int] = []
    shift: list[int] = []
    delta = 0  # original index minus normalised index, for the stretch after the last break
    for p in positions:
        n = p - delta  # normalised index where this character's replacement starts
        k = len(replacement[text[p]])
        if k == 0:
            delta += 1
            if break_at and break_at[-1] == n:
                # several breaks on one normalised index (consecutive deletions): keep the last
                shift[-1] = delta
            else:
                break_at.append(n)
                shift.append(delta)
            continue
        for j in range(1, k):
            break_at.append(n + j)
            shift.append(p - (n + j))
        delta -= k - 1
        break_at.append(n + k)
        shift.append(delta)
    return NormText(text, norm, tuple(break_at), tuple(shift))


def normalize_str(text: str) -> str:
    """The normalised form alone (for dictionary entries and keys)."""
    return _translate(text, _compiled())[0]
