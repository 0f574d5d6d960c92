"""Counts in normalised Arabic news text: "أكثر من 150 داعشيا"، "نحو 210 أسر"، "عشرات البيوت"، "مقتل شخصين".

:func:`find_quantities` finds every count with its qualifier (exact, about, more_than ...), its value (``None`` for
vague amounts such as عشرات) and the unit of what is counted (fatalities, injured, people, households, structures,
vehicles, other). A count of people becomes a count of deaths or injuries when a killing or injury word governs it
in the same clause ("مقتل 5 مدنيين"، "5 أشخاص لقوا حتفهم"), and a bare number after such a word counts them too
("قتل 5 وأصيب 3"). Numbers that are not counts are skipped: years, dates, times, ages and durations, percentages,
money, measures, labels (اللواء 93), phone-like digit runs and model codes (SU 34).

Digits glued to an Arabic letter are read as if a space separated them, as news wires often type them: after a word
or a proclitic ("مقتل52  شخصا"، "عن30 امرأة"، "و3 أطفال") unless that word is a single letter, a code or brand name
(ميغ29، فرانس24) or a measure (كم2); before their noun ("75رهينة"، "180ألف شخص") only when the glued word is what is
counted or a scale word, so "1919م" and "683هـ" stay dates. Digits inside Latin words ("F16"، "3D") are never tried.

All words come from ``resources/quantities.yaml`` (and the month names from ``resources/dates.yaml``); the patterns
are compiled once and cached. One regex pass finds the candidates; each is then checked with a few anchored
matches around it.

A count above :data:`MAX_COUNT` ("مقتل ١١١١١١١١١١١١١١١١١١١١ مليار") is no count of anything a news report
tells: it is dropped with a warning quoting it, never stored.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import ahocorasick
import regex

from marsad.text._resources import LETTERS, TaggedAnchors, alternation, lazy_compile, read_yaml, spaced
from marsad.text.normalize import normalize_str
from marsad.text.schemas import QuantityResource

log = logging.getLogger(__name__)

#: The largest count taken: a billion is more than any count of people, homes or vehicles a conflict report
#: gives (the largest, people in need worldwide, are in the hundreds of millions), and it fits the store's
#: 32-bit integer columns (PostgreSQL's ``integer`` ends at 2,147,483,647).
MAX_COUNT = 1_000_000_000
#: Digit runs longer than this are not read as numbers at all (their value is only known to be too large).
_MAX_DIGITS = 18
_TOO_LONG = 10**_MAX_DIGITS


@dataclass(frozen=True, slots=True)
class QuantityMention:
    """One count in normalised text. ``start``/``end`` cover the whole expression (qualifier, number, counted
    noun); ``unit_start``/``unit_end`` the counted noun (the number itself when there is none)."""

    start: int
    end: int
    value: int | None
    qualifier: str
    unit: str
    unit_start: int
    unit_end: int
    number_start: int
    number_end: int


@lru_cache(maxsize=1)
def load_quantity_resource() -> QuantityResource:
    return read_yaml("quantities.yaml", QuantityResource)


def _n(forms: list[str]) -> list[str]:
    return [normalize_str(f) for f in forms]


def _duals(noun: str) -> list[str]:
    """Dual forms of a singular noun: قتيل -> قتيلين/قتيلان; سياره -> سيارتين/سيارتان."""
    stem = noun[:-1] + "ت" if noun.endswith("ه") else noun
    return [stem + "ين", stem + "ان"]


@dataclass(frozen=True)
class _Compiled:
    numbers: Mapping[str, tuple[int, str]]
    vague: Mapping[str, str]
    vague_of: Mapping[str, str]
    qual_before: Mapping[str, str]
    qual_after: Mapping[str, str]
    unit_of: dict[str, str]
    dual_of: dict[str, str]
    scales: dict[str, int]
    candidates: tuple[tuple[int, str, regex.Pattern[str]], ...]
    scale_after: regex.Pattern[str]
    not_count_after: regex.Pattern[str]
    label_before: regex.Pattern[str]
    unit_after: regex.Pattern[str]
    nisba_after: regex.Pattern[str]
    other_after: regex.Pattern[str]
    def_noun_after: regex.Pattern[str]
    noun_before: regex.Pattern[str]
    head_before: regex.Pattern[str]
    qual_before_re: regex.Pattern[str]
    qual_after_re: regex.Pattern[str]
    triggers_before: regex.Pattern[str]
    triggers_after: regex.Pattern[str]
    two_after: regex.Pattern[str]
    anchors: TaggedAnchors
    function_words: frozenset[str]
    no_glued_count: frozenset[str]  # a digit glued after one of these words is no count (codes, measures)
    # cheap necessary conditions checked before running a pattern (see _may_follow)
    unit_first2: frozenset[str] | None
    scale_first2: frozenset[str] | None
    not_count_first2: frozenset[str] | None
    qual_after_first2: frozenset[str] | None
    heads: tuple[str, ...]
    triggers_any: re.Pattern[str]
    singular: tuple[tuple[str, regex.Pattern[str]], ...]
    # the first words of each unit's governing words (a bit per unit of ``singular``): a unit whose words are not
    # in a text has no singular count there, and its pattern is not run
    singular_words: ahocorasick.Automaton


_WORD = regex.compile(r"\w+")


@lru_cache(maxsize=1)
def casualty_nouns() -> frozenset[str]:
    """The normalised nouns that count the killed or wounded ("قتلى"، "جرحى"، "ضحايا"), from quantities.yaml."""
    return frozenset(w for w, unit in _compiled().unit_of.items() if unit in {"fatalities", "injured"})


@lru_cache(maxsize=1)
def count_words() -> frozenset[str]:
    """The normalised words a count of people is made of: number words, vague amounts, qualifiers ("نحو"، "أكثر
    من") and the nouns of counted people (quantities.yaml)."""
    c = _compiled()
    phrases = [*c.numbers, *c.vague, *c.vague_of, *c.qual_before]
    people = [w for w, unit in c.unit_of.items() if unit in {"people", "fatalities", "injured"}]
    return frozenset(w for p in phrases for w in p.split()) | frozenset(people)


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    from marsad.text.dates import load_date_resource  # month names are date facts

    res = load_quantity_resource()
    numbers = {normalize_str(k): (v, kind) for k, (v, kind) in res.numbers.items()}
    vague = {normalize_str(k): v for k, v in res.vague.items()}
    vague_of = {" ".join(normalize_str(k).split()): v for k, v in res.vague_of.items()}
    unit_of: dict[str, str] = {}
    dual_of: dict[str, str] = {}
    for unit, nouns in res.units.items():
        for noun in nouns:
            dual = noun.endswith("*")
            form = normalize_str(noun.rstrip("*"))
            unit_of[" ".join(form.split())] = unit
            if " " not in form and not form.endswith(("ي", "ا", "ه")):
                unit_of[form + "ا"] = unit  # accusative tanween: قتيلا، شخصا
            if form.endswith("ي") and " " not in form:
                unit_of[form + "ا"] = unit  # مدنيا، داعشيا
            if dual:
                for d in _duals(form):
                    dual_of[d] = unit
    scales = {w: v for w, (v, k) in numbers.items() if k == "scale"}
    word = alternation(numbers)
    w_item = rf"(?:{word})(?!\w)"
    # the alternatives of one candidate pattern, tried in this order where a word of their tag starts
    cand = (
        (_D | _G, "d", r"(?P<d>\d+(?:[.,]\d+)*)"),
        (_W, "w", rf"(?<!\w)[وبلف]??(?P<w>{w_item}(?:\s+(?:و\s*)?{w_item})*)"),
        (_VO, "vo", rf"(?<!\w)[وبلف]??(?P<vo>{alternation(vague_of)})(?!\w)"),
        (
            _V,
            "v",
            rf"(?<!\w)[وبلف]??(?P<v>{alternation(vague)})(?!\w)(?:\s+(?P<vk>(?:ال)?(?:الاف|ملايين))(?!\w))?",
        ),
        (_DU, "du", rf"(?<!\w)[وبلف]??(?:ال)?(?P<du>{alternation(dual_of)})(?!\w)"),
    )
    dates = load_date_resource()
    months = [normalize_str(m) for m in dates.months]
    not_counts = [w for forms in res.not_counts.values() for w in _n(forms)] + months
    units = alternation(unit_of)
    trig_k = alternation(_n(res.kill))
    trig_i = alternation(_n(res.injure))
    after_k = alternation(_n(res.kill_after))
    after_i = alternation(_n(res.injure_after))
    qb = {" ".join(normalize_str(k).split()): v for k, v in res.qualifiers_before.items()}
    qa = {" ".join(normalize_str(k).split()): v for k, v in res.qualifiers_after.items()}
    return _Compiled(
        numbers=numbers,
        vague=vague,
        vague_of=vague_of,
        qual_before=qb,
        qual_after=qa,
        unit_of=unit_of,
        dual_of=dual_of,
        scales=scales,
        candidates=tuple((tag, kind, lazy_compile(p)) for tag, kind, p in cand),
        scale_after=lazy_compile(rf"\s+(?P<s>{alternation(scales)})(?!\w)"),
        not_count_after=lazy_compile(
            # "تظاهر العشرات اليوم": today and tonight after a count are when, not what is counted
            rf"\s*%|\s*(?:[/:]\s*\d|-\d)|\s+(?!(?:اليوم|الليله)(?![^\W\d_]))(?:ال)?(?:{alternation(not_counts)})(?![^\W\d_])"
        ),
        label_before=lazy_compile(
            rf"(?r)(?:(?<!\w)[وبلف]?(?:{alternation(_n(res.labels))})\s+|(?<!\w)ال\s?|[a-z$€£]\s*-?\s*|\d\s*[-/:.,]\s*)"
        ),
        unit_after=lazy_compile(rf"\s+(?:من\s+(?:بين\s+)?)?(?:ال)?(?P<u>{units})(?!\w)"),
        nisba_after=lazy_compile(r"\s+(?:من\s+)?(?:ال)?(?P<u>\w{2,}(?:يا|يين|يون))(?!\w)"),
        other_after=lazy_compile(r"\s+(?P<u>\p{Arabic}{2,})(?!\w)"),
        def_noun_after=lazy_compile(r"\s+(?P<u>ال\p{Arabic}{2,})(?!\w)"),
        noun_before=lazy_compile(rf"(?r)(?<!\w)[وبلف]?(?:ال)?(?P<u>{units})\s+"),
        head_before=lazy_compile(
            rf"(?r)(?<!\w)[وبلف]?(?:ال)?(?:{alternation(_n(res.count_heads))})\s+(?:ال)?(?P<u>{units})(?:\s+\w+){{0,3}}?\s+"
        ),
        qual_before_re=lazy_compile(rf"(?r)(?<!\w)[وبل]?(?P<q>{alternation(qb)})\s+"),
        qual_after_re=lazy_compile(rf"\s+(?P<q>{alternation(qa)})(?!\w)"),
        triggers_before=lazy_compile(
            rf"(?r)(?<!\w)[وفبل]{{0,2}}(?:(?P<b>(?:{trig_k})\s+و(?:{trig_i})|(?:{trig_i})\s+و(?:{trig_k}))"
            rf"|(?P<k>{trig_k})|(?P<i>{trig_i}))(?P<gap>(?:\s+\w+){{0,4}}?)\s+"
        ),
        # "خمسة مدنيين بينهم طفلان وامرأة، أصيبوا بجروح": a breakdown after the counted noun is skipped
        triggers_after=lazy_compile(
            rf"(?:\s+(?:بينهم|بينهن|منهم|منهن)(?:\s+\w+){{1,5}}?\s*[،,]?)?"
            rf"(?:\s+\w+){{0,4}}?\s*[،,]?\s+(?:(?P<k>{after_k})|(?P<i>{after_i}))(?!\w)"
        ),
        two_after=lazy_compile(r"\s+(?:اثنين|اثنتين|اثنان|اثنتان)(?!\w)"),
        function_words=frozenset(_n(res.function_words)),
        no_glued_count=frozenset(_n(res.codes) + not_counts),
        anchors=TaggedAnchors(
            [(w, _W) for w in numbers]
            + [(w, _V) for w in vague]
            + [(w, _VO) for w in vague_of]
            + [(w, _DU) for w in dual_of]
            + [("ال" + d, _DU) for d in dual_of]
            + [(d, _D) for d in "0123456789"],
            dict.fromkeys(("", "و", "ف", "ب", "ل", "وب", "ول", "فب"), 0),
            bounded=_W | _V | _VO | _DU,
            inner=[(ch + d, 1, _G) for ch in LETTERS for d in "0123456789"],
        ),
        unit_first2=_first2(["من", *unit_of]),
        scale_first2=_first2(scales),
        not_count_first2=_first2(not_counts),
        qual_after_first2=_first2(qa),
        heads=tuple(_n(res.count_heads)),
        singular=tuple(
            (
                unit,
                lazy_compile(
                    rf"(?<!\w)[وف]?(?:{alternation(_n(sg.after))})\s+(?P<n>(?:{alternation(_n(sg.nouns))})ا?)(?!\w)"
                    rf"(?!\s+و\s*(?:{alternation(_n(sg.nouns))})(?!\w))"  # "مقتل شاب وامرأة": not one
                ),
            )
            for unit, sg in res.singular.items()
        ),
        singular_words=_first_words(_n(sg.after) for sg in res.singular.values()),
        triggers_any=re.compile(
            "|".join(
                r"\s+".join(re.escape(w) for w in f.split())
                for f in _n(res.kill) + _n(res.injure)
                if f.split()
            )
        ),
    )


# tags of the candidate alternatives (_G: a digit glued after a letter)
_D, _W, _VO, _V, _DU, _G = 1, 2, 4, 8, 16, 32

# proclitics (with the article) alone before glued digits: "و3 اطفال"، "ب500"، "ال24"، "بال23 رجلا"
_CLITICS = frozenset(
    p + a for p in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل") for a in ("", "ال") if p + a
) | {"لل", "ولل", "فلل"}


def _first2(forms: Iterable[str]) -> frozenset[str] | None:
    """The first two characters of every form, or ``None`` when some form does not start with two letters (then
    no gate applies)."""
    out: set[str] = set()
    for f in forms:
        if len(f) < 2 or f[0].isspace() or f[1].isspace():
            return None
        out.add(f[:2])
    return frozenset(out)


def _may_follow(norm: str, i: int, first2: frozenset[str] | None, article: bool = False) -> bool:
    """``False`` only when a pattern ``\\s+(?:one of the forms)`` (``\\s+(?:ال)?(?:...)`` with ``article``) cannot
    match at ``i``: the character at ``i`` is no white space, or after a single space comes a word that starts
    with none of ``first2``. (``regex``'s ``\\s`` is a subset of ``str.isspace``.)"""
    c = norm[i : i + 1]
    if not c.isspace():
        return False
    if first2 is None or c != " " or norm[i + 1 : i + 2].isspace():
        return True
    head = norm[i + 1 : i + 3]
    return head in first2 or (article and head == "ال" and norm[i + 3 : i + 5] in first2)


def number_word_value(word: str) -> int | None:
    """The value of one normalised cardinal number word (``ثلاثه`` -> 3), ``None`` if it is not one."""
    hit = _compiled().numbers.get(word)
    if hit is None or (hit[1] == "scale" and word in _compiled().vague):
        return None
    return hit[0]


def _parse_words(tokens: list[str]) -> tuple[int, int]:
    """Value of a sequence of number words and how many of them form one number (0: none)."""
    table = _compiled().numbers
    total = cur = 0
    last = ""
    last_v = 0
    used = 0
    for i, raw in enumerate(tokens):
        conj = False
        tok = raw
        if tok not in table and tok.startswith("و"):
            conj, tok = True, tok[1:].lstrip()
        hit = table.get(tok)
        if hit is None:
            break
        v, kind = hit
        after_big = last in ("hundred", "scale", "fixed")
        ok = False
        if kind == "unit":
            if i == 0 or (conj and after_big):
                cur, ok = cur + v, True
        elif kind == "ten":
            if not conj and last == "unit" and last_v < 10:
                cur, ok = cur + 10, True  # ثلاثه عشر
            elif i == 0 or (conj and after_big):
                cur, ok = cur + 10, True
        elif kind == "tens":
            if (conj and last == "unit") or i == 0 or (conj and after_big):
                cur, ok = cur + v, True
        elif kind == "hundred":
            if not conj and last == "unit" and v == 100:
                cur, ok = cur - last_v + last_v * 100, True  # ثلاث مئه
            elif i == 0 or (conj and last in ("scale", "fixed")):
                cur, ok = cur + v, True
        elif kind == "scale":
            if i == 0:
                if tok in _compiled().vague:
                    break  # آلاف alone is vague
                total, ok = total + v, True
            elif not conj and last != "scale":
                total, cur, ok = total + max(cur, 1) * v, 0, True
        elif kind == "fixed" and (i == 0 or (conj and last == "scale")):
            total, ok = total + v, True
        if not ok:
            break
        used = i + 1
        last, last_v = kind, v
    return total + cur, used


_THOUSANDS_COMMA = regex.compile(r"\d{1,3}(?:,\d{3})+")
_DECIMAL_COMMA = regex.compile(r"\d+,\d{1,2}")
_DECIMAL = regex.compile(r"\d+\.\d+")
_THOUSANDS_DOT1 = regex.compile(r"\d{1,3}\.\d{3}")
_THOUSANDS_DOTS = regex.compile(r"\d{1,3}(?:\.\d{3}){2,}")


def _int(digits: str) -> float:
    """The value of a run of digits, or infinity for one too long to be a count (and to convert: Python refuses
    integers of more than 4,300 digits)."""
    return int(digits) if len(digits) <= _MAX_DIGITS else math.inf


def _digits_value(s: str, scaled: bool) -> float | None:
    if s.isdigit():
        return _int(s)
    if _THOUSANDS_COMMA.fullmatch(s):
        return _int(s.replace(",", ""))
    if scaled and _DECIMAL_COMMA.fullmatch(s):
        return float(s.replace(",", "."))  # 3,7 مليون: a decimal comma
    if _DECIMAL.fullmatch(s):
        if not scaled and _THOUSANDS_DOT1.fullmatch(s):
            return int(s.replace(".", ""))  # 1.500 people: a thousands separator
        return float(s) if len(s) <= _MAX_DIGITS else math.inf
    if not scaled and _THOUSANDS_DOTS.fullmatch(s):
        return _int(s.replace(".", ""))
    return None


def find_quantities(norm: str) -> list[QuantityMention]:
    """Every count in the normalised text ``norm``, in order (see the module docstring)."""
    c = _compiled()
    out: list[QuantityMention] = []
    last_end = 0
    for pos, tags in c.anchors.tagged(norm):
        if pos < last_end:
            continue
        m = None
        kind = ""
        for tag, alt, pattern in c.candidates:
            if tags & tag and (m := pattern.match(norm, pos)) is not None:
                kind = alt
                break
        if m is None:
            continue
        if kind == "d" and (norm[m.start() - 1 : m.start()] in LETTERS or norm[m.end() : m.end() + 1] in LETTERS):
            q = _glued(norm, m.start(), m.end(), c)
        else:
            q = _candidate(norm, m, kind, c)
        if q is None and kind == "d" and _may_follow(norm, m.end("d"), c.scale_first2):
            sm = c.scale_after.match(norm, m.end("d"))
            if sm is not None:  # a rejected number keeps its scale word (3,7 مليون)
                last_end = sm.end()
        if q is not None and q.value is not None and q.value > MAX_COUNT:
            log.warning(
                "«%s» is not read as a count: %s is more than %s, the largest count taken",
                _quote(norm[q.start : q.end]),
                f"{q.value:,}" if q.value < _TOO_LONG else f"a number of over {_MAX_DIGITS} digits",
                f"{MAX_COUNT:,}",
            )
            last_end = q.end  # its scale word and noun are not read again as a count of their own
            continue
        if q is not None:
            out.append(q)
            last_end = q.end
    return _with_singulars(norm, out, c)


def _first_words(groups: Iterable[Iterable[str]]) -> ahocorasick.Automaton:
    """An automaton of the first words of the forms of each group, each word carrying the bits of its groups."""
    bits: dict[str, int] = {}
    for i, forms in enumerate(groups):
        for f in forms:
            if f.split():
                first = f.split()[0]
                bits[first] = bits.get(first, 0) | 1 << i
    automaton = ahocorasick.Automaton()
    for w, b in bits.items():
        automaton.add_word(w, b)
    if bits:
        automaton.make_automaton()
    return automaton


def _with_singulars(norm: str, found: list[QuantityMention], c: _Compiled) -> list[QuantityMention]:
    """Add the counts of one a singular indefinite noun makes right after its governing word ("مقتل شاب")."""
    spans = [(q.start, q.end) for q in found]
    extra: list[QuantityMention] = []
    present = 0
    if len(c.singular_words):
        for _, b in c.singular_words.iter(norm):
            present |= b
    for i, (unit, pattern) in enumerate(c.singular):
        if not present >> i & 1:
            continue  # none of its governing words is in the text
        for m in pattern.finditer(norm):
            s, e = m.span("n")
            if any(a < e and s < b for a, b in spans):
                continue
            spans.append((s, e))
            extra.append(QuantityMention(s, e, 1, "exact", unit, s, e, s, e))
    return sorted(found + extra, key=lambda q: q.start) if extra else found


def _quote(text: str, most: int = 60) -> str:
    return text if len(text) <= most else f"{text[: most // 2]}…{text[-most // 2 :]}"


def _glued(norm: str, ns: int, ne: int, c: _Compiled) -> QuantityMention | None:
    """The count of digits ``norm[ns:ne]`` glued to an Arabic letter before or after them (see the module
    docstring): read on a copy of the text with a space put in each seam, its offsets then mapped back."""
    cuts: list[int] = []
    if ns > 0 and norm[ns - 1] in LETTERS:
        ws = ns - 1
        while ws > 0 and norm[ws - 1] in LETTERS:
            ws -= 1
        word = norm[ws:ns]
        if word not in _CLITICS:
            bare = word[1:] if word[0] in "وبلف" and word[1:] in c.no_glued_count else word
            if len(word) < 2 or bare in c.no_glued_count:
                return None
        cuts.append(ns)
    after = norm[ne : ne + 1] in LETTERS
    if after:
        cuts.append(ne)
    text, back = spaced(norm, cuts)
    shift = 1 if cuts[0] == ns else 0
    m = c.candidates[0][2].match(text, ns + shift)
    q = _candidate(text, m, "d", c) if m is not None and m.end() == ne + shift else None
    if q is None:
        return None
    if after and q.number_end <= ne + len(cuts) and (q.unit_start != ne + len(cuts) or not _counted(text, q, c)):
        return None  # the glued word is neither a counted noun nor a scale word ("1919م"، "683ه"، "5تحت")
    return QuantityMention(
        back(q.start),
        back(q.end),
        q.value,
        q.qualifier,
        q.unit,
        back(q.unit_start),
        back(q.unit_end),
        back(q.number_start),
        back(q.number_end),
    )


def _counted(text: str, q: QuantityMention, c: _Compiled) -> bool:
    """The unit span of ``q`` is a listed counted noun (not a nisba or any other word)."""
    word = " ".join(text[q.unit_start : q.unit_end].split())
    return word in c.unit_of or (word.startswith("ال") and word[2:] in c.unit_of)


def _candidate(norm: str, m: regex.Match[str], kind: str, c: _Compiled) -> QuantityMention | None:
    value: int | None
    qualifier = "exact"
    unit: str | None = None
    if kind == "d":
        ns, ne = m.span("d")
        raw = m.group("d")
        sm = c.scale_after.match(norm, ne) if _may_follow(norm, ne, c.scale_first2) else None
        val = _digits_value(raw, sm is not None)
        if val is None:
            return None
        if sm is not None:
            val *= c.scales[sm.group("s")]
            ne = sm.end()
        if math.isinf(val):
            val = _TOO_LONG  # too large to know; refused as such by find_quantities
        if val != int(val) or val <= 0:
            return None
        value = int(val)
        if sm is None and ((len(raw) >= 7 and raw.isdigit()) or (raw.startswith("0") and len(raw) > 1)):
            return None  # phone numbers, codes
        if (ns > 0 and norm[ns - 1] in "/:-.,") or (ne < len(norm) and norm[ne : ne + 1].isalpha()):
            return None
    elif kind == "w":
        toks = _tokens(norm, m.start("w"), m.end("w"))
        val_w, used = _parse_words([t for t, _, _ in toks])
        if used == 0:
            first = toks[0][0]
            if first not in c.vague:
                return None
            ns, ne = toks[0][1], toks[0][2]
            return _vague(norm, ns, ne, c.vague[first], c)
        ns, ne = toks[0][1], toks[used - 1][2]
        if norm.startswith("و", ns) and toks[0][0] not in c.numbers:
            ns += 1
        value = val_w
    elif kind in ("v", "vo"):
        ns, ne = m.span(kind)
        if kind == "vo" and m.group("vo").endswith("من"):
            ne = ns + len(m.group("vo")[:-2].rstrip())
        key = " ".join(m.group(kind).split())
        qual = c.vague.get(key) or c.vague_of.get(key, "several")
        if kind == "v" and m.group("vk") is not None:
            qual, ne = "thousands", m.end("vk")
        return _vague(norm, ns, ne, qual, c)
    else:  # dual noun
        ns, ne = m.span("du")
        if ns >= 2 and norm[ns - 2 : ns] == "ال":
            ns -= 2
        value, unit, us, ue = 2, c.dual_of[m.group("du")], ns, ne
        tm = c.two_after.match(norm, ne) if norm[ne : ne + 1].isspace() else None
        if tm is not None:
            ne = tm.end()
        return _finish(norm, ns, ne, value, "exact", unit, us, ue, c)

    # not a count: years, dates, times, ages, measures, money, labels, model codes
    if _not_count(norm, ne, c):
        return None
    lo = max(0, ns - 40)
    if ns > 0 and _may_end_label(norm[ns - 1]) and c.label_before.match(norm, lo, ns):
        return None
    unit, us, ue = _unit_after(norm, ne, c) or (None, ns, ne)
    if unit is None and value in (1, 2) and kind == "w":
        bm = c.noun_before.match(norm, lo, ns) if norm[ns - 1 : ns].isspace() else None  # شخص واحد
        if bm is not None:
            unit, us, ue = c.unit_of[bm.group("u")], bm.start("u"), bm.end("u")
        elif value == 1:
            dm = c.def_noun_after.match(norm, ne) if _may_follow(norm, ne, _ARTICLE) else None  # احد المسلحين
            if dm is None:
                return None
            unit, us, ue = "other", dm.start("u"), dm.end("u")
    if unit is None and kind == "w" and ne - ns == len(norm[ns:ne].split()[0]) and value >= 1000:
        return None  # a lone الف / مليون with nothing counted (also the verb الف "wrote")
    if unit is None and 1900 <= value <= 2100:
        return None  # a year
    if unit is None and any(h in norm[lo:ns] for h in c.heads):
        hm = c.head_before.match(norm, lo, ns)  # ارتفع عدد القتلى الى 25
        if hm is not None:
            unit, us, ue = c.unit_of[" ".join(hm.group("u").split())], hm.start("u"), hm.end("u")
    qs = ns
    qm = c.qual_before_re.match(norm, max(0, ns - 25), ns) if norm[ns - 1 : ns].isspace() else None
    if qm is not None:
        qualifier, qs = c.qual_before[" ".join(qm.group("q").split())], qm.start("q")
    if unit is None:
        return _finish(norm, qs, ne, value, qualifier, None, ns, ne, c)
    return _finish(norm, min(qs, us), max(ne, ue), value, qualifier, unit, us, ue, c, number=(ns, ne))


def _unit_after(norm: str, ne: int, c: _Compiled) -> tuple[str, int, int] | None:
    """The counted noun right after a number ending at ``ne`` ("قتلى"، "مدنيين"، a nisba "فلسطينيا"), with its span."""
    um = c.unit_after.match(norm, ne) if _may_follow(norm, ne, c.unit_first2, True) else None
    if um is not None:
        return c.unit_of[" ".join(um.group("u").split())], um.start("u"), um.end("u")
    if norm[ne : ne + 1].isspace():
        nm = c.nisba_after.match(norm, ne)
        if nm is not None and nm.group("u") not in c.function_words:
            return "people", nm.start("u"), nm.end("u")
    return None


def _vague(norm: str, ns: int, ne: int, qual: str, c: _Compiled) -> QuantityMention | None:
    unit, us, ue = _unit_after(norm, ne, c) or (None, ns, ne)
    if _not_count(norm, ne, c):
        return None
    return _finish(norm, ns, max(ne, ue), None, qual, unit, us, ue, c, number=(ns, ne))


def _finish(
    norm: str,
    start: int,
    end: int,
    value: int | None,
    qualifier: str,
    unit: str | None,
    us: int,
    ue: int,
    c: _Compiled,
    number: tuple[int, int] | None = None,
) -> QuantityMention:
    ns, ne = number if number is not None else (us, ue)
    tail = max(end, ue)
    am = c.qual_after_re.match(norm, tail) if _may_follow(norm, tail, c.qual_after_first2) else None
    if am is not None:
        if qualifier == "exact":
            qualifier = c.qual_after[" ".join(am.group("q").split())]
        end = am.end()
    # deaths and injuries: a governing word before (same clause, a few words away) or after the counted noun
    if unit in (None, "people"):
        lo = max(0, start - 60)
        found = (
            c.triggers_before.match(norm, lo, start)
            if norm[start - 1 : start].isspace() and c.triggers_any.search(norm, lo, start)
            else None
        )
        if found is not None:
            gap = len(_WORD.findall(found.group("gap")))
            if gap <= (1 if unit is None else 4):
                if found.group("b") is not None:
                    unit = unit or "people"
                else:
                    unit = "fatalities" if found.group("k") is not None else "injured"
        if unit in (None, "people"):
            after = max(ue, ne)
            am2 = c.triggers_after.match(norm, after) if norm[after : after + 1].isspace() else None
            if am2 is not None:
                unit = "fatalities" if am2.group("k") is not None else "injured"
    if unit is None and norm.endswith(_BARE_SCALES, ns, ne) and _PLURAL_VERB_AFTER.match(norm, ne) is not None:
        # "اكثر من 120 الفا فروا من ديارهم"، "13 الفا اصيبوا": thousands with the counted noun left unsaid, the
        # subject of a plural verb, are people (the corpus' 20 hits of الفا or مليونا before a verb in -وا: all
        # people, users, voters or the displaced)
        unit, us, ue = "people", ns, ne
    if unit is None:
        unit, us, ue = "other", ns, ne
        om = c.other_after.match(norm, ne) if norm[ne : ne + 1].isspace() else None
        if om is not None:
            w = om.group("u")
            if w not in c.function_words and not w.startswith(("و", "ال")):
                us, ue = om.span("u")
                end = max(end, ue)
    return QuantityMention(start, end, value, qualifier, unit, us, ue, ns, ne)


_ARTICLE = frozenset({"ال"})
# the accusative scale words of a count whose noun is left unsaid (normalised), and a plural verb right after one
_BARE_SCALES: Final = ("الفا", "مليونا")
_PLURAL_VERB_AFTER: Final = regex.compile(r"\s+(?:قد\s+)?\w{2,}وا\b")


def _not_count(norm: str, ne: int, c: _Compiled) -> bool:
    """``c.not_count_after`` matches at ``ne`` (checked first on the next characters)."""
    ch = norm[ne : ne + 1]
    if not ch or (ch not in "%/:-" and not ch.isspace()):
        return False
    if ch == " " and not norm[ne + 1 : ne + 2].isspace() and norm[ne + 1 : ne + 2] not in "%/:-":
        if not _may_follow(norm, ne, c.not_count_first2, True):
            return False
    return c.not_count_after.match(norm, ne) is not None


def _may_end_label(ch: str) -> bool:
    """Can ``c.label_before`` end right after the character ``ch``?"""
    return ch.isspace() or ch in "ل-/:.,$€£" or "a" <= ch <= "z" or ch.isdecimal()


_TOKEN = regex.compile(r"(?:و\s*)?\w+")


def _tokens(norm: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Number-word tokens with their spans; a conjunction و stays on its word (``وعشرين``)."""
    return [(" ".join(t.group().split()), t.start(), t.end()) for t in _TOKEN.finditer(norm, start, end)]
