"""The native scanner (``marsad.text._scan``) gives pyahocorasick's hits, less only those the matcher drops at once.

Skipped where it is not built (a pure Python set-up: the matcher then reads pyahocorasick's iterator only).
"""

from __future__ import annotations

from typing import Any

import ahocorasick
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.pipeline import Extractor
from marsad.lexicon import matcher
from marsad.lexicon.matcher import PRONOUN_SUFFIXES, READ, SCANNER, PhraseMatcher, make_scanner
from marsad.text import scanning
from marsad.text.normalize import normalize_str
from marsad.text.scanning import SCANNER_AFTER

pytestmark = pytest.mark.skipif(not scanning.native_scanner(), reason="the native scanner is not built")

CLASSES = matcher._CHAR_CLASS
# letters of both kinds (proclitics' and others), a space, punctuation, a digit, and a letter above U+0800
ALPHABET = "والبكفسقصتمن ،.1ﻻ"


def _reference(automaton: Any, text: str) -> list[tuple[int, Any]]:
    """pyahocorasick's hits less those the scanner's pre-filter leaves out, written as the C source's head says."""
    n = len(text)

    def word_class(c: str) -> int:
        return CLASSES[ord(c)] if ord(c) < len(CLASSES) else (1 if c.isalnum() else 0)

    kept = []
    for last, value in automaton.iter(text):
        _, _, mark, max_suffix, length = value
        if not mark:
            if max_suffix == 0 and last + 1 < n and word_class(text[last + 1]) != 0:
                continue
            before = last - length
            if before >= 0 and word_class(text[before]) == 1:
                continue
        kept.append((last, value))
    return kept


@settings(max_examples=300, deadline=None)
@given(
    keys=st.dictionaries(
        st.text(ALPHABET, min_size=1, max_size=6),
        st.tuples(st.booleans(), st.integers(0, 3)),
        min_size=1,
        max_size=30,
    ),
    text=st.text(ALPHABET, max_size=120),
)
def test_the_hits_are_pyahocorasicks(keys: dict[str, tuple[bool, int]], text: str) -> None:
    automaton = ahocorasick.Automaton()
    items = []
    for key, (mark, max_suffix) in keys.items():
        value = (key, None, mark, max_suffix, len(key))
        automaton.add_word(key, value)
        items.append((key, value, mark, max_suffix))
    automaton.make_automaton()
    scanner = scanning._NativeScanner(items)
    assert scanner.hits(text, None) == list(automaton.iter(text))  # every hit, in the same order
    assert scanner.hits(text, CLASSES) == _reference(automaton, text)


def test_bad_items_are_refused() -> None:
    with pytest.raises(ValueError, match="given twice"):
        scanning._NativeScanner([("قصف", 1, False, 0), ("قصف", 2, False, 0)])
    with pytest.raises(ValueError, match="empty key"):
        scanning._NativeScanner([("", 1, False, 0)])
    with pytest.raises(TypeError):
        scanning._NativeScanner([("قصف", 1)])
    with pytest.raises(RuntimeError, match="already built"):
        scanning._NativeScanner([("قصف", 1, False, 0)]).__init__([("قتل", 1, False, 0)])
    scanner = scanning._NativeScanner(iter([("قصف", 1, False, 0)]))  # (any iterable: an automaton's items())
    with pytest.raises(TypeError, match="bytes or None"):
        scanner.hits("قصف", "not bytes")
    assert scanner.hits("", CLASSES) == []
    assert scanner.stats() == {"keys": 1, "nodes": 4, "edges": 3}


def _finds(m: PhraseMatcher[Any], texts: list[str]) -> list[Any]:
    return [m.find(t, ordered=False) for t in texts]


def test_a_matcher_finds_the_same_with_its_scanner(corpus_sample: list[str]) -> None:
    m = PhraseMatcher(
        [("قصف", "shell", PRONOUN_SUFFIXES), ("الجيش", "army", frozenset()), ("إدلب", "idlib", frozenset())]
    )
    texts = [normalize_str(t) for t in corpus_sample]
    before = _finds(m, texts)
    assert SCANNER not in vars(m) and vars(m)[READ] == sum(map(len, texts))  # (the corpus sample: under 1 MB)
    m.__dict__[READ] = SCANNER_AFTER
    assert _finds(m, texts) == before
    assert SCANNER in vars(m)
    assert SCANNER not in m.stored_attributes() and READ not in m.stored_attributes()


def test_the_engines_matchers_find_the_same_with_their_scanners(corpus_sample: list[str]) -> None:
    """The first pass (event words and place names, with marks), the context matcher and the gazetteer's."""
    ex = Extractor.default()
    ex.extract(corpus_sample[0])
    finder = ex.gazetteer._finder
    # (each with the number of matchers it combines)
    matchers = [(ex.first_pass, 2), (ex.lexicon.context_matcher, 1), (finder._matcher, 1), (finder._cued_matcher, 1)]
    texts = [normalize_str(t) for t in corpus_sample]
    for m, groups in matchers:
        automaton = m._automaton
        reference = []
        for t in texts:
            outs: list[list[Any]] = [[] for _ in range(groups)]
            marks: list[tuple[int, str]] = []
            matcher._scan(automaton.iter(t), t, outs, marks)
            reference.append((outs, marks))
        scanner = make_scanner(automaton)
        found = []
        for t in texts:
            outs = [[] for _ in range(groups)]
            marks = []
            matcher._scan(scanner.hits(t, CLASSES), t, outs, marks)
            found.append((outs, marks))
        assert found == reference

