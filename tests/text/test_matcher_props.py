"""Matches of the clitic-aware dictionary matcher map back to original text that normalises to the match."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.geo.mentions import _FormMatcher
from marsad.lexicon.matcher import PRONOUN_SUFFIXES, Match, PhraseMatcher, longest_first
from marsad.text.normalize import normalize, normalize_str

ENTRIES: list[tuple[str, str, frozenset[str]]] = [
    ("الجيش", "army", frozenset()),
    ("الجيش السوري", "saa", frozenset()),
    ("قوات النظام", "regime", frozenset()),
    ("قصف", "shell", PRONOUN_SUFFIXES),
    ("مقتل", "kill", frozenset()),
    ("إدلب", "idlib", frozenset()),
    ("اعتقل", "arrest", PRONOUN_SUFFIXES),
    ("داعش", "isis", frozenset()),
]
MATCHER = PhraseMatcher(ENTRIES)

WORDS = [
    "الجيش",
    "الجَيْش",
    "جيش",
    "السوري",
    "السّوريّ",
    "قوات",
    "النظام",
    "قصف",
    "قَصَفَ",
    "إدلب",
    "ادلب",
    "مقتل",
    "اعتقل",
    "داعش",
    "«داعش»",
    "منزل",
    "في",
    "على",
    "ـ",
    "١٢",
    "ﻻ",
]
PREFIXES = ["", "", "", "و", "ب", "ل", "وب", "ف", "ال", "لل", "وال"]
SUFFIXES = ["", "", "", "ها", "هم", "ه", "ات"]

words = st.builds(
    lambda p, w, s: p + w + s, st.sampled_from(PREFIXES), st.sampled_from(WORDS), st.sampled_from(SUFFIXES)
)
texts = st.lists(words, max_size=15).flatmap(
    lambda ws: st.lists(
        st.sampled_from([" ", "  ", "، ", "\n", " ـ"]), min_size=len(ws), max_size=len(ws)
    ).map(lambda seps: "".join(w + s for w, s in zip(ws, seps, strict=True)))
)


def check(text: str) -> None:
    nt = normalize(text)
    for m in MATCHER.find(nt.text):
        assert 0 <= m.token_start <= m.start < m.end <= len(nt.text)
        s, e = nt.orig_span(m.start, m.end)
        assert normalize_str(nt.original[s:e]) == nt.text[m.start : m.end]
    chosen = longest_first(MATCHER.find(nt.text))
    assert all(a.end <= b.start for a, b in pairwise(chosen))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_matches_map_back_to_their_original_text(text: str) -> None:
    check(text)


def test_clitics_and_diacritics_are_matched() -> None:
    nt = normalize("وبالجَيْشِ قصفها مقاتلو داعش في إدلب")
    keys = {m.payload for m in MATCHER.find(nt.text)}
    assert {"army", "shell", "isis", "idlib"} <= keys


def test_real_articles(corpus_sample: list[str]) -> None:
    for text in corpus_sample:
        check(text)


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=25)


@settings(max_examples=300, deadline=None)
@given(spans)
def test_longest_first_keeps_what_a_greedy_longest_first_pass_keeps(raw: list[tuple[int, int]]) -> None:
    matches = [Match(s, s + n, s, "", "", "k", i) for i, (s, n) in enumerate(raw)]
    # the reference: longest first (ties: earliest start, then given order), kept if it overlaps nothing kept
    expected: list[Match[int]] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in expected):
            expected.append(m)
    assert longest_first(matches) == sorted(expected, key=lambda m: m.start)


def test_find_orders_by_start_then_longer_first(corpus_sample: list[str]) -> None:
    for text in corpus_sample:
        found = MATCHER.find(normalize(text).text)
        assert all((a.start, -a.end) <= (b.start, -b.end) for a, b in pairwise(found))


def test_a_definite_word_takes_no_attached_pronoun() -> None:
    """"قصفه" is "his shelling"; "القصفه" cannot be (a definite noun has no possessive): a name in ة, as "القرارة"."""
    entries = [("قرار", "decision", PRONOUN_SUFFIXES), ("قصف", "shell", PRONOUN_SUFFIXES)]
    matcher = PhraseMatcher(entries)
    found = {m.payload for m in matcher.find(normalize_str("قراره ان القصف بدأ في القرارة وقصفه"))}
    assert found == {"decision", "shell"}
    assert [m.payload for m in matcher.find(normalize_str("في القرارة والقصفه"))] == []


def _plain_find(matcher: PhraseMatcher[str], text: str) -> list[tuple[int, int, int, str, str, str, str]]:
    """What a match is, written plainly (the matcher's definition without its fast paths): a core found by the
    automaton, the rest of its token an allowed suffix, the token before it a proclitic chain."""
    prefixes = {a + b + c for a in ("", "و", "ف") for b in ("", "ب", "ك", "ل", "س") for c in ("", "ال", "ل")}

    def word(c: str) -> bool:
        return c.isalnum() or c == "_"

    out = []
    for end_incl, (core, items, ncore, _, _) in matcher._automaton.iter(text):
        start, end = end_incl + 1 - ncore, end_incl + 1
        te = end
        while te < len(text) and word(text[te]):
            te += 1
        ts = start
        while ts > 0 and word(text[ts - 1]):
            ts -= 1
        suffix, prefix = text[end:te], text[ts:start]
        if len(suffix) > 4 or prefix not in prefixes:
            continue
        mstart = start
        if prefix.endswith("ال"):
            mstart, prefix = start - 2, prefix[:-2]
        elif prefix.endswith("لل"):
            mstart, prefix = start - 1, prefix[:-1]
        if suffix and (mstart < start or core[:2] == "ال"):
            continue
        out += [
            (mstart, te, ts, prefix, suffix, core, it.payload)
            for it in items
            if not suffix or suffix in it.suffixes
        ]
    return out


noisy = st.text(alphabet=st.sampled_from(list("الجيشقصفوبكسدإـ_ a1،.\u00e9\u4e00\u0651")), max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, noisy))
def test_the_fast_boundary_tests_find_what_the_plain_definition_finds(text: str) -> None:
    norm = normalize(text).text
    found = [tuple(m) for m in MATCHER.find(norm)]
    assert sorted(found) == sorted(_plain_find(MATCHER, norm))
    # in the automaton's order, the same matches
    assert sorted(tuple(m) for m in MATCHER.find(norm, ordered=False)) == sorted(found)


# a second dictionary sharing forms with ENTRIES (with other suffixes), and marks, for PhraseMatcher.combine
OTHER: list[tuple[str, str, frozenset[str]]] = [
    ("الجيش", "army-2", frozenset()),
    ("قصف", "shell-2", frozenset()),
    ("منزل", "house", PRONOUN_SUFFIXES),
    ("إدلب", "idlib-2", frozenset()),
]
OTHER_MATCHER = PhraseMatcher(OTHER)
# the gazetteer's kind of matcher: cores without suffixes, and marks (plain strings reported wherever they occur)
MARKED = _FormMatcher(
    {"جيش": [(True, (1,), False)], "قصف": [(False, (2,), False)], "منزل": [(False, (3,), True)]},
    ["في ", "علي "],
)
COMBINED = PhraseMatcher.combine([MATCHER, MARKED])


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_combined_matcher_finds_what_each_of_its_parts_finds(text: str) -> None:
    t = normalize(text).text
    marks: list[tuple[int, str]] = []
    own_marks: list[tuple[int, str]] = []
    first, second = COMBINED.find_groups(t, 2, marks)
    assert first == MATCHER.find(t, ordered=False)
    assert second == MARKED.find(t, ordered=False, marks=own_marks)  # type: ignore[comparison-overlap]
    assert marks == own_marks


def test_a_combined_matcher_on_real_articles(corpus_sample: list[str]) -> None:
    combined = PhraseMatcher.combine([OTHER_MATCHER, MATCHER])
    for text in corpus_sample:
        t = normalize(text).text
        assert combined.find_groups(t, 2) == [
            OTHER_MATCHER.find(t, ordered=False),
            MATCHER.find(t, ordered=False),
        ]


def test_a_mark_cannot_be_a_form_of_another_part() -> None:
    clash = PhraseMatcher([("علي ", "x", frozenset())])  # (a form is stripped: "علي", not the mark "علي ")
    assert PhraseMatcher.combine([clash, MARKED]).size == 4  # (its marks aside)
    with pytest.raises(ValueError):
        PhraseMatcher.combine([_FormMatcher({"علي ": [(False, (4,), False)]}), MARKED])
