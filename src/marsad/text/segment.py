"""Paragraphs, sentences and clauses of normalised Arabic news text, as ``(start, end)`` spans.

Every function is pure, takes the normalised text (``NormText.text``) and returns spans into it, trimmed of
surrounding white space and in order. The facts (clause connectives, abbreviations) are in
``resources/segment.yaml``; the patterns are compiled once and cached.

- :func:`paragraphs`: the non-blank lines (for ``.txt`` inputs the first is the title);
- :func:`sentences`: split at ``. ؟ ? !`` (and runs of them, and ``…``) and at line breaks, but not at a decimal
  point (``3.5``), after an abbreviation or a single letter (``د.``، ``U.S.``), or at a dot followed directly by a
  Latin letter or digit (``cnn.com``);
- :func:`clauses`: split a sentence at ``، ؛ ; ,`` (not the comma of ``1,500``) and before connectives that open a
  clause (``في حين``، ``بينما``، ``وأضاف`` ...); but a time set off by two commas inside a clause ("أحرق مجهولون،
  اليوم الاثنين 22 آب، مقر شعبة الحزب"، "وأصيب أربعة جنود، السبت، بتفجير عبوة") does not cut it: the verb and
  what follows the time stay one clause (the words of a time are those of ``resources/dates.yaml``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

import regex
from pydantic import BaseModel, ConfigDict

from marsad.text._resources import AnchorIndex, alternation, compiled, read_yaml
from marsad.text.dates import load_date_resource
from marsad.text.normalize import normalize_str

Span = tuple[int, int]


class _Connective(BaseModel):
    model_config = ConfigDict(extra="forbid")
    form: str
    suffixes: list[str] = []
    not_before: list[str] = []


class SegmentResource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    connectives: list[str | _Connective]
    abbreviations: list[str]


@lru_cache(maxsize=1)
def load_segment_resource() -> SegmentResource:
    return read_yaml("segment.yaml", SegmentResource)


_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _sentence_end() -> regex.Pattern[str]:
    res = load_segment_resource()
    abbr = alternation(normalize_str(a) for a in res.abbreviations if len(a) > 1)
    dot = (
        r"(?<!(?<![\p{L}\p{M}])\p{L})"  # not after a single letter (د. U.S.)
        rf"(?<!(?<![\w])(?:{abbr}))"  # not after a listed abbreviation
        r"\.(?!(?<=\d\.)\d)"  # not a decimal point
        r"(?![a-z0-9])"  # not inside a Latin name or address (cnn.com)
    )
    return compiled(rf"\n+|(?:[!?؟…]|\.{{2,}}|{dot})+[\"'»”)\]]*")


@lru_cache(maxsize=1)
def _clause_split() -> regex.Pattern[str]:
    res = load_segment_resource()
    parts: list[str] = []
    for c in res.connectives:
        entry = c if isinstance(c, _Connective) else _Connective(form=c)
        form = normalize_str(entry.form)
        body = alternation([form])
        prefix = "" if form.startswith("و") else "(?:[وف])?"
        suffix = f"(?:{alternation(normalize_str(s) for s in entry.suffixes)})?" if entry.suffixes else ""
        guard = ""
        if entry.not_before:
            guard = rf"(?!\s+(?:{alternation(normalize_str(w) for w in entry.not_before)})(?!\w))"
        parts.append(f"{prefix}(?:{body}){suffix}(?!\\w){guard}")
    conn = "|".join(parts)
    return compiled(rf"(?<!\w)(?P<c>{conn})")


@lru_cache(maxsize=1)
def _connective_anchors() -> AnchorIndex:
    res = load_segment_resource()
    forms = [normalize_str(c if isinstance(c, str) else c.form) for c in res.connectives]
    return AnchorIndex(forms, ("", "و", "ف"), whole=True)


_PUNCT = re.compile(r"[،؛;]|,(?!(?<=\d,)\d)")
_COMMAS = frozenset("،,")
# the longest time between two commas that is read as one (", يوم الاثنين 22 آب/أغسطس الماضي,": 30 characters)
_TIME_LEN = 48
_TIME_TOKEN = re.compile(r"[^\s/\-]+")


@lru_cache(maxsize=1)
def _time_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words a time between two commas is made of: (anchors, one of which it must hold: a weekday, a relative
    day, a month; the other words it may hold: parts of the day, يوم, past/current/next, في/من, numbers)."""
    res = load_date_resource()
    # an anchor is a whole weekday, the first word of a month, or a one-word relative day (اليوم، أمس); the other
    # words of those phrases ("الثاني" of كانون الثاني، "أول من" of أول من أمس) only go with an anchor
    phrases = [normalize_str(p).split() for p in (*res.weekdays, *res.months, *res.days_relative)]
    firsts = [normalize_str(p).split()[:1] for p in (*res.weekdays, *res.months)]
    anchors = {w for words in firsts for w in words} | {w for words in phrases if len(words) == 1 for w in words}
    others = {w for words in phrases for w in words}
    others |= {w for phrase in (*res.day_parts, *res.past, *res.current, *res.next, *res.day_word) for w in
               normalize_str(phrase).split()}
    others |= {"في", "من", "م"}
    return frozenset(anchors), frozenset(others - anchors)


def _is_time(piece: str) -> bool:
    """Whether ``piece`` (the text between two commas) is a time alone ("اليوم الاثنين"، "مساء الأحد 22 آب")."""
    if len(piece) > _TIME_LEN:
        return False
    anchors, others = _time_words()
    anchored = False
    for tok in _TIME_TOKEN.findall(piece):
        if tok.isdigit():
            continue
        word = tok
        if tok[:1] in "وبف" and (tok[1:] in anchors or tok[1:] in others):
            word = tok[1:]
        if word in anchors:
            anchored = True
        elif word not in others:
            return False
    return anchored


def _punct_cuts(norm: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The cuts at punctuation in ``[start, end)``, without the two commas around a time alone."""
    stop = len(norm) if end is None else end
    found = [m for m in _PUNCT.finditer(norm, start, min(len(norm), stop + 1)) if m.start() < stop]
    drop: set[int] = set()
    for k in range(1, len(found)):
        a, b = found[k - 1], found[k]
        if a.group() in _COMMAS and b.group() in _COMMAS and b.start() - a.end() <= _TIME_LEN:
            if _is_time(norm[a.end() : b.start()]):
                drop.update((k - 1, k))
    return [(m.start(), m.end()) for k, m in enumerate(found) if k not in drop]


@lru_cache(maxsize=4)
def _cuts(norm: str) -> tuple[list[int], list[int]]:
    """Clause cuts over the whole text, cached per text: where each clause ends and where the next may start."""
    cuts = _punct_cuts(norm)
    pattern = _clause_split()
    for pos in _connective_anchors().starts(norm):
        m = pattern.match(norm, pos)
        if m is not None:
            cuts.append((m.start("c"), m.start("c")))
    cuts.sort()
    return [a for a, _ in cuts], [b for _, b in cuts]


def _trim(text: str, start: int, end: int) -> Span | None:
    """``[start, end)`` without the white space around it; ``None`` if nothing is left."""
    seg = text[start:end]
    stripped = seg.strip()
    if not stripped:
        return None
    s = start + (len(seg) - len(seg.lstrip()))
    return s, s + len(stripped)


def paragraphs(norm: str) -> list[Span]:
    """The non-blank lines of ``norm``, trimmed (line 0 is the title for ``.txt`` inputs)."""
    out: list[Span] = []
    for m in _LINE.finditer(norm):
        span = _trim(norm, m.start(), m.end())
        if span is not None:
            out.append(span)
    return out


def sentences(norm: str) -> list[Span]:
    """Sentences of ``norm``, each with its final punctuation, trimmed; blank ones dropped."""
    out: list[Span] = []
    pos = 0
    for m in _sentence_end().finditer(norm):
        end = m.start() if m.group().startswith("\n") else m.end()
        span = _trim(norm, pos, end)
        if span is not None:  # a trimmed span starts with a character that is not white space
            out.append(span)
        pos = m.end()
    span = _trim(norm, pos, len(norm))
    if span is not None:
        out.append(span)
    return out


def clause_cuts(norm: str) -> tuple[list[int], list[int]]:
    """Where the text may be cut into clauses; compute once per text and pass to :func:`clauses`."""
    return _cuts(norm)


def clause_cuts_in(norm: str, start: int, end: int) -> tuple[list[int], list[int]]:
    """The cuts of :func:`clause_cuts` that lie in ``[start, end)``, found in that stretch alone: what
    :func:`clauses` needs for one sentence, when only some sentences of a text are split."""
    # (a comma's test reads the character after it; each connective is looked for where it may start)
    cuts = _punct_cuts(norm, start, end)
    anchors = _connective_anchors()
    if anchors.size:
        pattern = _clause_split()
        for pos in anchors.starts(norm[start : min(len(norm), end + anchors.longest)]):
            pos += start
            if pos >= end:
                break
            m = pattern.match(norm, pos)
            if m is not None:
                cuts.append((m.start("c"), m.start("c")))
    cuts.sort()
    return [a for a, _ in cuts], [b for _, b in cuts]


def clauses(norm: str, start: int, end: int, cuts: tuple[list[int], list[int]] | None = None) -> list[Span]:
    """Clauses of the sentence ``norm[start:end]``: split at ``، ؛ ; ,`` (dropped) and before clause-opening
    connectives (kept at the start of the clause they open). Pieces without a letter or digit are dropped.
    ``cuts`` (from :func:`clause_cuts`) saves scanning the whole text again for each sentence."""
    out: list[Span] = []
    _clauses_into(norm, start, end, cuts if cuts is not None else _cuts(norm), out)
    return out


def _clauses_into(
    norm: str, start: int, end: int, cuts: tuple[list[int], list[int]], out: list[Span]
) -> None:
    at, nexts = cuts
    pos = start
    for k in range(bisect_left(at, start), bisect_left(at, end)):
        cut, nxt = at[k], min(nexts[k], end)
        if cut > pos:
            _add_clause(norm, pos, cut, out)
        pos = max(pos, nxt)
    _add_clause(norm, pos, end, out)


_WORDISH = regex.compile(r"\w")
# letters and digits that ``\w`` matches: a clause starting with one has a word character
_WORD_START = frozenset(
    [chr(c) for c in range(0x0621, 0x063B)]
    + [chr(c) for c in range(0x0641, 0x064B)]
    + list("abcdefghijklmnopqrstuvwxyz0123456789")
)


def _add_clause(norm: str, s: int, e: int, out: list[Span]) -> None:
    span = _trim(norm, s, e)
    if span is not None and (norm[span[0]] in _WORD_START or _WORDISH.search(norm, span[0], span[1])):
        out.append(span)
