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
ALPHABET = "والبكفسقصتمن ،.1ﻻ\U0001f600"


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
    with pytest.raises(TypeError, match="must be a tuple"):
        scanning._NativeScanner([["قصف", 1, False, 0]])
    failed = scanning._NativeScanner.__new__(scanning._NativeScanner)
    with pytest.raises(ValueError, match="more distinct letters"):  # (a key of 70,000 distinct letters)
        failed.__init__([("".join(map(chr, range(0x4E00, 0x4E00 + 70_000))), 1, False, 0)])
    with pytest.raises(RuntimeError, match="not built"):
        failed.hits("قصف", None)
    with pytest.raises(RuntimeError, match="a build failed"):
        failed.__init__([("قصف", 1, False, 0)])

    class Clearing:  # a mark whose truth empties the list of items being read
        def __bool__(self) -> bool:
            items.clear()
            return True

    items = [("قصف", "x" * 3, Clearing(), 0), ("قتل", "y" * 3, False, 0)]
    assert scanning._NativeScanner(items).hits("قصف قتل", None) == [(2, "xxx")]
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
        native = []
        for t in texts:
            outs = [[] for _ in range(groups)]
            marks = []
            matcher._scan(scanner.hits(t, CLASSES), t, outs, marks)
            found.append((outs, marks))
            outs = [[] for _ in range(groups)]
            marks = []
            scanner.matches(t, CLASSES, outs, marks, matcher._PREFIXES, matcher.Match, matcher._MAX_PREFIX)
            native.append((outs, marks))
        assert found == reference
        assert native == reference
        assert all(type(m) is matcher.Match for outs, _ in native for out in outs for m in out)



# words with and without proclitics and suffixes, glued or not, as the matcher's own property tests build them
_WORDS = ["الجيش", "جيش", "السوري", "قوات", "النظام", "قصف", "قصفها", "مقتل", "ادلب", "القراره", "ﻻ", "١٢", "_"]
_PREFIXES = ["", "", "و", "ب", "ل", "وب", "ف", "ال", "لل", "وال", "والل", "كال", "ا"]
_SUFFIXES = ["", "", "ها", "هم", "ه", "ات", "همم"]
_texts = st.lists(
    st.tuples(st.sampled_from(_PREFIXES), st.sampled_from(_WORDS), st.sampled_from(_SUFFIXES), st.sampled_from([" ", "", "، ", "\n"])),
    max_size=20,
).map(lambda parts: "".join(p + w + x + sep for p, w, x, sep in parts))
_MATCHER = PhraseMatcher(
    [
        ("الجيش", "army", frozenset()),
        ("الجيش السوري", "saa", frozenset()),
        ("قوات النظام", "regime", frozenset()),
        ("قصف", "shell", PRONOUN_SUFFIXES),
        ("قصف", "shell-plain", frozenset()),
        ("مقتل", "kill", frozenset()),
        ("إدلب", "idlib", frozenset()),
        ("القرار", "decision", PRONOUN_SUFFIXES),
    ]
)
_COMBINED = PhraseMatcher.combine([_MATCHER, PhraseMatcher([("ادلب", "idlib-place", frozenset()), ("جيش", "army2", frozenset())])])


@settings(max_examples=300, deadline=None)
@given(text=_texts)
def test_the_native_matches_are_the_matchers(text: str) -> None:
    for m, groups in ((_MATCHER, 1), (_COMBINED, 2)):
        reference: list[list[Any]] = [[] for _ in range(groups)]
        marks: list[tuple[int, str]] = []
        matcher._scan(m._automaton.iter(text), text, reference, marks)
        native: list[list[Any]] = [[] for _ in range(groups)]
        native_marks: list[tuple[int, str]] = []
        make_scanner(m._automaton).matches(
            text, CLASSES, native, native_marks, matcher._PREFIXES, matcher.Match, matcher._MAX_PREFIX
        )
        assert native == reference and native_marks == marks


def test_a_matcher_that_made_its_scanner_still_pickles(corpus_sample: list[str]) -> None:
    import copy
    import pickle

    m = PhraseMatcher([("قصف", "shell", PRONOUN_SUFFIXES)])
    m.__dict__[READ] = SCANNER_AFTER
    found = _finds(m, [normalize_str(t) for t in corpus_sample[:5]])
    assert SCANNER in vars(m)
    for again in (pickle.loads(pickle.dumps(m)), copy.deepcopy(m)):
        assert SCANNER not in vars(again)
        assert _finds(again, [normalize_str(t) for t in corpus_sample[:5]]) == found


def test_a_scanner_in_a_cycle_is_collected() -> None:
    import gc
    import weakref

    class Holder:
        scanner: Any = None

    holder = Holder()
    holder.scanner = scanning._NativeScanner([("قصف", holder, False, 0)])
    gone = weakref.ref(holder)
    del holder
    gc.collect()
    assert gone() is None


def test_matches_survive_callers_code_that_changes_the_lists() -> None:
    """An entry's suffix test that empties ``outs`` (Python code run mid-scan): the matches go on to the list the
    call began with, and a later group's list is missing, as in the Python steps; a tuple type that
    ``tuple.__new__`` refuses is refused."""
    import time

    class Emptying:
        def __contains__(self, suffix: object) -> bool:
            outs.clear()
            return True

    automaton = ahocorasick.Automaton()
    value = ("قصف", (("shell", Emptying()),), 3, frozenset({"ها"}), 2, (("more", frozenset({"ها"})),))
    automaton.add_word("قصف", value)
    automaton.make_automaton()
    text = "قصفها"
    outs: list[list[Any]] = [[], []]
    first = outs[0]
    with pytest.raises(IndexError):  # (the Python steps: ``outs[1]`` after ``_emit(outs[0], ...)``)
        make_scanner(automaton).matches(text, CLASSES, outs, None, matcher._PREFIXES, matcher.Match, 4)
    assert outs == [] and first == [matcher.Match(0, 5, 0, "", "ها", "قصف", "shell")]
    with pytest.raises(TypeError, match="not safe"):
        make_scanner(automaton).matches(text, CLASSES, [[], []], None, matcher._PREFIXES, time.struct_time, 4)
