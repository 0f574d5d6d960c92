"""Date expressions in normalised Arabic news text, resolved against the day of publication.

:func:`find_dates` finds explicit dates (``12 آذار/مارس 2018``، ``12/3/2018``، ``2018-03-12``، ``آذار 2018``، ``عام
2017``), days relative to publication (``أمس``، ``أول أمس``، ``الليلة الماضية``، ``فجر اليوم``، ``مساء الجمعة``،
``ليل الأحد الاثنين``، ``الخميس الماضي``), days of the current or last month (``في العشرين من الشهر الجاري``),
periods (``الأسبوع الماضي``، ``الشهر الفائت``، ``العام الماضي``، ``قبل يومين``، ``خلال الساعات الـ24 الماضية``)
and future ones (``غدا``، ``الخميس المقبل``: ``future`` is set so the engine can drop them).

Any publication date resolves: a relative expression whose date would fall outside the calendar (``أمس`` read
on 0001-01-01, ``العام المقبل`` on 9999-12-30, ``منذ مليون سنة``) gets no date, as without a publication date;
every date is computed through :func:`_plus` and :func:`_safe_date`, which return ``None`` instead of raising.

A weekday is the most recent such day on or before publication (the day itself if it is the weekday of
publication; with الماضي strictly before). A day and month without a year take the year of publication, or the
year before if that would put them after publication. With no publication date, relative expressions get no date
(precision ``unknown``); explicit full dates still resolve.

Digits glued to the word before them, as news wires often type them ("في30 آذار/مارس"، "منذ30 مارس"، "عام2011"،
"آذار/مارس2017"، "الـ15 من الشهر"), are read as if a space separated them when that word (after و، ف or ب) is one
that leads into a date: a month prefix (في، منذ، حتى...), a year word, يوم، a month or weekday name, or the article
alone. Digits glued to any other word ("إس300"، "ميغ29"، "F16") are never separated.

All words come from ``resources/dates.yaml``; one compiled regex finds every candidate.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import MAXYEAR, MINYEAR, date, timedelta
from functools import lru_cache
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict

from marsad.text._resources import TaggedAnchors, alternation, lazy_compile, read_yaml, spaced
from marsad.text.normalize import normalize_str

Precision = Literal["day", "week", "month", "year", "unknown"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression in normalised text. ``relative``: resolved against the publication date;
    ``future``: it points after publication (غدا، الأسبوع المقبل)."""

    start: int
    end: int
    start_date: date | None
    end_date: date | None
    precision: str
    relative: bool
    future: bool = False


class DateResource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    months: dict[str, int]
    ambiguous_months: list[str]
    weekdays: dict[str, int]
    days_relative: dict[str, int]
    day_parts: list[str]
    past: list[str]
    current: list[str]
    next: list[str]
    today_not_before: list[str]
    since: list[str]
    ordinal_units: dict[str, int]
    ordinal_compound: dict[str, int]
    ordinal_tens: dict[str, int]
    period_units: dict[str, tuple[int, Precision]]
    month_prefixes: list[str]
    year_words: list[str]
    month_word: list[str]
    week_word: list[str]
    day_word: list[str]


@lru_cache(maxsize=1)
def load_date_resource() -> DateResource:
    res = read_yaml("dates.yaml", DateResource)
    return res


def _key(s: str) -> str:
    return " ".join(normalize_str(s).split())


@dataclass(frozen=True)
class _Compiled:
    months: dict[str, int]
    ambiguous: frozenset[str]
    weekdays: dict[str, int]
    relative: dict[str, int]
    ordinals: dict[str, int]
    periods: Mapping[str, tuple[int, str]]
    past: frozenset[str]
    current: frozenset[str]
    next: frozenset[str]
    plain: tuple[tuple[int, str, regex.Pattern[str]], ...]
    after_clitic: tuple[tuple[int, str, regex.Pattern[str]], ...]
    mo_tail: regex.Pattern[str]
    mo_pre: regex.Pattern[str]
    anchors: TaggedAnchors


def _ordinal_days(res: DateResource) -> dict[str, int]:
    out = {_key(k): v for k, v in res.ordinal_units.items()}
    tens = {_key(k): v for k, v in res.ordinal_tens.items()}
    out.update(tens)
    for w, v in res.ordinal_compound.items():
        k = _key(w)
        out[f"{k} عشر"] = 10 + v
        for t, tv in tens.items():
            if tv + v <= 31:
                out[f"{k} و{t}"] = tv + v
                out[f"{k} و {t}"] = tv + v
    return out


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    from marsad.text.numbers import load_quantity_resource

    res = load_date_resource()
    months = {_key(k): v for k, v in res.months.items()}
    weekdays = {_key(k): v for k, v in res.weekdays.items()}
    relative = {_key(k): v for k, v in res.days_relative.items()}
    ordinals = _ordinal_days(res)
    periods = {_key(k): (d, p) for k, (d, p) in res.period_units.items()}
    past = {_key(w) for w in res.past}
    current = {_key(w) for w in res.current}
    nxt = {_key(w) for w in res.next}
    numwords = [
        _key(k) for k, (v, kind) in load_quantity_resource().numbers.items() if kind in ("unit", "ten")
    ]

    mon = alternation(months)
    mon_combo = rf"(?P<{{p}}m1>{mon})(?:\s*[/(-]\s*(?P<{{p}}m2>{mon})\s*\)?)?(?!\w)"
    year_part = r"(?:\s*,?\s*(?:من\s+)?(?:(?:{yw})\s*)?(?P<{p}y>(?:19|20)\d\d)(?!\d))"
    yw = alternation(_key(w) for w in res.year_words)
    ordn = alternation(ordinals)
    wd = alternation(weekdays)
    rel_words = alternation(relative)
    adj_all = alternation(past | current | nxt)
    adj_pn = alternation(past | nxt)
    parts_w = [_key(p) for p in res.day_parts]
    since_w = [_key(s) for s in res.since]
    year_w = [_key(w) for w in res.year_words]
    parts = alternation(parts_w)
    since = alternation(since_w)
    notb = alternation(_key(w) for w in res.today_not_before)
    units = alternation(periods)
    mpre_w = [_key(w) for w in res.month_prefixes]
    day_w = [_key(w) for w in res.day_word]
    mpre = alternation(mpre_w)

    def mc(p: str) -> str:
        return mon_combo.format(p=p)

    def yp(p: str) -> str:
        return year_part.format(p=p, yw=yw)

    alts = [
        r"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>\d{1,2})-(?P<id>\d{1,2}))(?!\d)",
        r"(?<![\d/.-])(?P<num>(?P<nd>\d{1,2})(?P<sep>[/.-])(?P<nm>\d{1,2})(?P=sep)(?P<ny>(?:19|20)\d\d|\d\d))(?![\d/.-])",
        rf"(?P<exp>(?:(?:(?:يوم\s+)?(?P<ewd>{wd})\s+(?:الموافق\s+)?))?"
        rf"(?:(?P<ed>\d{{1,2}})\s+(?:من\s+)?|(?P<eo>{ordn})\s+من\s+)(?:شهر\s+)?{mc('e')}(?:{yp('e')}|\s+(?P<erel>{adj_all})(?!\w))?)",
        rf"(?P<my>(?:شهر\s+)?{mc('y')}\s*{yp('y')})",
        rf"(?P<rd>(?:(?P<rn>\d{{1,2}})|(?P<ro>{ordn}))\s+من\s+(?:هذا\s+)?(?:ال)?شهر(?:\s+(?P<rrel>{adj_all}))?)(?!\w)",
        rf"(?P<day>(?:(?P<since>{since})\s+)?(?:(?P<part>{parts})\s+)?"
        rf"(?:(?P<rel>{rel_words})(?!\w)(?!\s+(?:{notb})(?!\w))(?:\s+(?P<relwd>{wd})(?!\w))?"
        rf"|(?P<wd>{wd})(?!\w)(?:\s*(?:[-/]|و|على)\s*(?P<wd2>{wd})(?!\w)|\s+(?P<wd2b>{wd})(?!\w))?"
        rf"(?:\s+(?P<wrel>{adj_pn})(?!\w))?))",
        rf"(?P<yr>(?:{yw})\s+(?P<yv>(?:19|20)\d\d))(?!\d)",
        rf"(?P<per>(?:(?P<pthis>هذا|هذه)\s+)?(?:ال)?(?P<pu>اسبوع|شهر|عام|سنه)(?:\s+(?P<prel>{adj_all}))?)(?!\w)",
        rf"(?P<ago>(?P<agow>قبل|منذ)\s+(?:(?:اكثر من|ما يزيد عن|ما يزيد على|نحو|حوالي|قرابه)\s+)?"
        # "منذ عام 1990" is since a year, not a year ago ("عام 1990" is read as the year)
        rf"(?:(?P<an>\d{{1,2}}|{alternation(numwords)})\s+)?(?P<au>{units}))(?!\w)(?!\s*(?:19|20)\d\d(?!\d))",
        rf"(?P<span>(?:خلال|طوال)\s+(?:ال\s?(?P<sn>\d{{1,3}})\s+)?(?:ال)?(?P<su>ساعات|ساعه|ايام|يوما|اسابيع|اسبوعا|اشهر|شهرا)"
        rf"(?:\s+ال\s?(?P<sn2>\d{{1,3}}))?(?:\s+القليله)?\s+(?P<srel>{adj_pn}|الاخيره))(?!\w)",
    ]
    # One pattern ``(?<!\w)(?:[وف]|ب(?=ال))??(?:alt0|alt1|...)`` tried at every anchor would try each
    # alternative without the proclitic, then each with it. The same, run only where an alternative may match:
    # each alternative alone, once without and once with the proclitic; see _match.
    plain = tuple((1 << i, _KINDS[i], lazy_compile(rf"(?<!\w)(?:{a})")) for i, a in enumerate(alts))
    after_clitic = tuple(
        (1 << i, _KINDS[i], lazy_compile(rf"(?<!\w)(?:[وف]|ب(?=ال))(?:{a})")) for i, a in enumerate(alts)
    )
    mo_tail = lazy_compile(
        rf"(?<!\w)[وفبل]??(?P<mo>(?P<sh>شهر\s+)?{mc('o')}(?:{yp('o')}|\s+(?P<orel>{adj_all})(?!\w))?)"
    )
    mo_pre = lazy_compile(rf"(?r)(?<!\w)[وف]?(?P<mp>{mpre})\s+")
    # the first words of each alternative (a digit may start iso, num, exp and rd)
    _, _, exp, my, rd, day, yr, per, ago, span = (1 << i for i in range(len(alts)))
    first_words = (
        [(w, my | _MONTH) for w in months]
        + [(w, exp | day) for w in weekdays]
        + [(w, day) for w in relative]
        + [(w, exp | rd) for w in ordinals]
        + [(w, day) for w in since_w]
        + [(w, day) for w in parts_w]
        + [(w, yr) for w in year_w]
        + [("يوم", exp), ("شهر", my | per | _MONTH)]
        + [(w, per) for w in ("هذا", "هذه", "اسبوع", "الاسبوع", "الشهر", "عام", "العام", "سنه", "السنه")]
        + [(w, ago) for w in ("قبل", "منذ")]
        + [(w, span) for w in ("خلال", "طوال")]
        + [(d, _DIGIT) for d in "0123456789"]
    )
    # words a date number may be glued to (the last word of a month name: "كانون الاول/ديسمبر2015")
    glue_words = {w.split()[-1] for w in (*mpre_w, *since_w, *year_w, *months, *weekdays, *day_w)} | {"ال"}
    return _Compiled(
        months=months,
        ambiguous=frozenset(_key(m) for m in res.ambiguous_months),
        weekdays=weekdays,
        relative=relative,
        ordinals=ordinals,
        periods=periods,
        past=frozenset(past),
        current=frozenset(current),
        next=frozenset(nxt),
        plain=plain,
        after_clitic=after_clitic,
        mo_tail=mo_tail,
        mo_pre=mo_pre,
        anchors=TaggedAnchors(
            first_words,
            {"": 0, "و": _CLITIC, "ف": _CLITIC, "ب": _CLITIC, "وب": None},
            bounded=_WORDS,
            inner=[
                (f" {p}{w}{d}", 1 + len(p) + len(w), _GLUED)
                for w in glue_words
                for p in ("", "و", "ف", "ب")
                for d in "0123456789"
            ],
        ),
    )


# anchor tags: bits 0-9 the alternatives of the date pattern (words), then a digit (iso, num, exp, rd: not
# bounded by the end of a word), a month name (the month-only pattern); shifted by _CLITIC after a proclitic
_WORDS = (1 << 10) - 1 | 1 << 11
_DIGIT = 1 << 10
_DIGIT_ALTS = 1 | 1 << 1 | 1 << 2 | 1 << 4
_MONTH = 1 << 11
_CLITIC = 12
_GLUED = 1 << (2 * _CLITIC)  # a digit glued after a word of glue_words (in _compiled)


_KINDS = ("iso", "num", "exp", "my", "rd", "day", "yr", "per", "ago", "span")


def _month_end(y: int, m: int) -> date | None:
    return _safe_date(y, m, calendar.monthrange(y, m)[1])


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    """The date, or ``None`` when there is no such day (31 February, year 0 or 10000)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _plus(d: date | None, days: int) -> date | None:
    """``d`` moved by ``days``, or ``None`` when that leaves the calendar (years 1 to 9999)."""
    if d is None:
        return None
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return None


def find_dates(norm: str, published: date | None) -> list[DateMention]:
    """Every date expression in the normalised text ``norm``, in order (see the module docstring)."""
    c = _compiled()
    anchors = c.anchors.tagged(norm)
    cuts = [pos for pos, tags in anchors if tags & _GLUED]
    if cuts:  # read on a copy with a space in each seam, offsets mapped back
        text, back = spaced(norm, cuts)
        return [
            replace(d, start=back(d.start), end=back(d.end))
            for d in _find(text, c.anchors.tagged(text), c, published)
        ]
    return _find(norm, anchors, c, published)


def _find(
    norm: str, anchors: list[tuple[int, int]], c: _Compiled, published: date | None
) -> list[DateMention]:
    """The dates of :func:`find_dates` in ``norm`` (no glued digits left), given its anchors."""
    out: list[DateMention] = []
    last_end = 0
    for pos, tags in anchors:
        if pos < last_end:
            continue
        d: DateMention | None = None
        found = _match(norm, pos, tags, c)
        if found is not None:
            d = _resolve(found[1], found[0], c, published)
        if d is None and (tags & (_MONTH | _MONTH << _CLITIC) or norm.startswith("ل", pos)):
            t = c.mo_tail.match(norm, pos)
            if t is not None:
                d = _resolve_month(t, c.mo_pre.match(norm, max(0, pos - 12), pos), c, published)
        if d is not None:
            out.append(d)
            last_end = d.end
    return out


def _match(norm: str, pos: int, tags: int, c: _Compiled) -> tuple[str, regex.Match[str]] | None:
    """What the one date pattern matches at ``pos``: its alternatives in order without the proclitic, then with
    it, each tried only where one of its first words starts."""
    plain = tags & (_DIGIT - 1) | (_DIGIT_ALTS if tags & _DIGIT else 0)
    if plain:
        for bit, kind, pattern in c.plain:
            if plain & bit and (m := pattern.match(norm, pos)) is not None:
                return kind, m
    clitic = tags >> _CLITIC
    clitic = clitic & (_DIGIT - 1) | (_DIGIT_ALTS if clitic & _DIGIT else 0)
    if clitic:
        for bit, kind, pattern in c.after_clitic:
            if clitic & bit and (m := pattern.match(norm, pos)) is not None:
                return kind, m
    return None


def _month_of(m: regex.Match[str], p: str, c: _Compiled, strict: bool) -> int | None:
    m1 = " ".join(m.group(p + "m1").split())
    month = c.months[m1]
    if m.group(p + "m2") is not None:
        return month if c.months[" ".join(m.group(p + "m2").split())] == month else None
    if strict and m1 in c.ambiguous:
        return None
    return month


def _resolve(m: regex.Match[str], kind: str, c: _Compiled, pub: date | None) -> DateMention | None:
    """The date of what the alternative ``kind`` of the date pattern matched (``m`` has only its groups)."""
    s, e = m.span(kind)

    def mention(
        start: date | None, end: date | None, precision: str, relative: bool, future: bool = False
    ) -> DateMention:
        if start is None:
            end = None
            if relative:
                precision = "unknown"
        return DateMention(s, e, start, end or start, precision, relative, future)

    if kind == "iso":
        d = _safe_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        return mention(d, d, "day", False) if d else None
    if kind == "num":
        y = int(m.group("ny"))
        y = y + 2000 if y < 100 else y
        d = _safe_date(y, int(m.group("nm")), int(m.group("nd")))
        return mention(d, d, "day", False) if d else None
    if kind == "exp":
        month = _month_of(m, "e", c, strict=False)
        day = int(m.group("ed")) if m.group("ed") else c.ordinals[" ".join(m.group("eo").split())]
        if month is None:
            return None
        if m.group("ey"):
            d = _safe_date(int(m.group("ey")), month, day)
            return mention(d, d, "day", False) if d else None
        if pub is None:
            return mention(None, None, "day", True) if 1 <= day <= 31 else None
        erel = m.group("erel") or ""
        d = _safe_date(pub.year, month, day)
        year = None
        if d is not None and d > pub and erel not in c.current and erel not in c.next:
            year = pub.year - 1
        elif d is not None and d <= pub and erel in c.next:
            year = pub.year + 1
        if year is not None:
            if not MINYEAR <= year <= MAXYEAR:
                return mention(None, None, "day", True)
            d = _safe_date(year, month, day)
        return mention(d, d, "day", True, d is not None and d > pub) if d else None
    if kind == "my":
        month = _month_of(m, "y", c, strict=False)
        if month is None:
            return None
        y = int(m.group("yy"))
        return mention(_safe_date(y, month, 1), _month_end(y, month), "month", False)
    if kind == "yr":
        y = int(m.group("yv"))
        return mention(_safe_date(y, 1, 1), _safe_date(y, 12, 31), "year", False)
    if pub is None:
        future = any(
            (m.group(g) or "") in c.next for g in ("wrel", "prel", "srel") if g in m.re.groupindex
        ) or (
            kind == "day" and m.group("rel") is not None and c.relative[" ".join(m.group("rel").split())] > 0
        )
        if kind == "per" and m.group("prel") is None and m.group("pthis") is None:
            return None
        return mention(None, None, "unknown", True, future)
    if kind == "rd":
        day = int(m.group("rn")) if m.group("rn") else c.ordinals[" ".join(m.group("ro").split())]
        y, mo = pub.year, pub.month
        if (m.group("rrel") or "") in c.past:
            y, mo = _shift_month(y, mo, -1)
        if not MINYEAR <= y <= MAXYEAR:
            return mention(None, None, "day", True)
        d = _safe_date(y, mo, day)
        return mention(d, d, "day", True, d is not None and d > pub) if d else None
    if kind == "day":
        return _resolve_day(m, c, pub, mention)
    if kind == "per":
        return _resolve_period(m, c, pub, mention)
    if kind == "ago":
        unit = " ".join(m.group("au").split())
        days, precision = c.periods[unit]
        n = 1
        if m.group("an"):
            an = m.group("an")
            if an.isdigit():
                n = int(an)
            else:
                from marsad.text.numbers import number_word_value

                n = number_word_value(an) or 1
        elif unit in ("ايام", "اسابيع", "اشهر", "شهور", "سنوات", "اعوام", "ساعات"):
            back = _plus(pub, -(days * 7 if unit == "ايام" else days * 3))
            return mention(back, pub, "week" if unit == "ايام" else precision, True)
        start = _plus(pub, -days * n)
        end = pub if m.group("agow") == "منذ" else start
        return mention(start, end, precision, True)
    if kind == "span":
        n_raw = m.group("sn") or m.group("sn2")
        unit = m.group("su")
        if unit.startswith("ساع"):
            hours = int(n_raw) if n_raw else 24
            return mention(_plus(pub, -max(1, -(-hours // 24))), pub, "day", True)
        days = {"ايام": 1, "يوما": 1, "اسابيع": 7, "اسبوعا": 7, "اشهر": 30, "شهرا": 30}[unit]
        n = int(n_raw) if n_raw else 7
        return mention(_plus(pub, -days * n), pub, "week" if days * n <= 14 else "month", True)
    return None


_Make = Callable[..., DateMention]


def _resolve_day(m: regex.Match[str], c: _Compiled, pub: date, make: _Make) -> DateMention | None:
    since = m.group("since") is not None
    if m.group("rel") is not None:
        off = c.relative[" ".join(m.group("rel").split())]
        d = _plus(pub, off)
        res: DateMention = make(d, pub if since and off <= 0 else d, "day", True, off > 0)
        return res
    wd = c.weekdays[m.group("wd")] - 1
    rel = m.group("wrel") or ""
    if rel in c.next:
        delta = (wd - pub.weekday()) % 7 or 7
        d = _plus(pub, delta)
        res = make(d, d, "day", True, True)
        return res
    delta = (pub.weekday() - wd) % 7
    if delta == 0 and rel in c.past:
        delta = 7
    d = _plus(pub, -delta)
    end = d
    second = m.group("wd2") or m.group("wd2b")
    if d is not None and second is not None and (c.weekdays[second] - 1) == (wd + 1) % 7:
        end = _plus(d, 1)
        if end is not None and end > pub:  # "ليل الأحد الاثنين" read on Sunday: the night before
            d, end = _plus(d, -7), _plus(end, -7)
    if since:
        end = pub
    res = make(d, end, "day", True)
    return res


def _resolve_period(m: regex.Match[str], c: _Compiled, pub: date, make: _Make) -> DateMention | None:
    unit = m.group("pu")
    rel = m.group("prel")
    this = m.group("pthis") is not None
    if rel is None and not this:
        return None
    past = rel in c.past
    nxt = rel in c.next
    res: DateMention
    if unit == "اسبوع":
        if past:
            res = make(_plus(pub, -7), _plus(pub, -1), "week", True)
        elif nxt:
            res = make(_plus(pub, 1), _plus(pub, 7), "week", True, True)
        else:
            res = make(_plus(pub, -(pub.weekday() + 1 if pub.weekday() != 6 else 0)), pub, "week", True)
        return res
    if unit == "شهر":
        k = -1 if past else 1 if nxt else 0
        y, mo = _shift_month(pub.year, pub.month, k)
        res = make(_safe_date(y, mo, 1), _month_end(y, mo) if k else pub, "month", True, nxt)
        return res
    y = pub.year - 1 if past else pub.year + 1 if nxt else pub.year
    res = make(_safe_date(y, 1, 1), _safe_date(y, 12, 31) if y != pub.year else pub, "year", True, nxt)
    return res


def _resolve_month(
    t: regex.Match[str], pre: regex.Match[str] | None, c: _Compiled, pub: date | None
) -> DateMention | None:
    """A month named without a day: "في آذار"، "شهر أيار الماضي"، "مطلع نيسان 2017"."""
    named = t.group("sh") is not None or (pre is not None and pre.group("mp") == "شهر")
    if not named and pre is None and not t.group("oy"):
        return None  # a bare month name with nothing around it that makes it a date
    month = _month_of(t, "o", c, strict=not named and not t.group("oy") and not t.group("orel"))
    if month is None:
        return None
    s = pre.start("mp") if pre is not None and pre.group("mp") == "شهر" else t.start("mo")
    e = t.end("mo")
    if t.group("oy"):
        y = int(t.group("oy"))
        return DateMention(s, e, _safe_date(y, month, 1), _month_end(y, month), "month", False)
    if pub is None:
        return DateMention(s, e, None, None, "unknown", True)
    rel = t.group("orel") or ""
    if rel in c.next:
        y = pub.year if month > pub.month else pub.year + 1
    elif rel in c.past:
        y = pub.year if month < pub.month else pub.year - 1
    elif rel in c.current:
        y = pub.year
    else:
        y = pub.year if month <= pub.month else pub.year - 1
    start = _safe_date(y, month, 1)
    if start is None:  # the year before or after publication is outside the calendar
        return DateMention(s, e, None, None, "unknown", True)
    return DateMention(s, e, start, _month_end(y, month), "month", True, start > pub)
