"""Matches of the clitic-aware dictionary matcher map back to original text that normalises to the match."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

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
