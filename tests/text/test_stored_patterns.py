"""Patterns kept compiled in the resource cache match as the patterns compiled from their source, a new one is
added beside those other processes stored, and a damaged store only means compiling again."""

from __future__ import annotations

import marshal
from pathlib import Path

import regex

from marsad.cache import ResourceCache
from marsad.text._resources import StoredPatterns

COUNT = r"(?<!\w)[وف]?(?:قتل|اصيب)\s+(?P<n>\d+|ثلاثه|خمسه)\s+(?:مدنيين|اشخاص)"
DATE = r"(?r)(?<!\w)(?P<d>\d{1,2})\s+(?:كانون\s+الثاني|شباط)"
WORD = r"\bحلب\b"
TEXT = "قصف على حلب وقتل ثلاثه مدنيين في 12 شباط، واصيب 4 اشخاص"


def found(pattern: regex.Pattern[str]) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(TEXT)]


def test_a_stored_pattern_matches_as_the_compiled_one(tmp_path: Path) -> None:
    StoredPatterns(ResourceCache(tmp_path, key="k")).compile(COUNT)  # compiled, then stored
    again = StoredPatterns(ResourceCache(tmp_path, key="k"))
    for source in (COUNT, DATE):
        assert found(again.compile(source)) == found(regex.compile(source))
    assert found(again.compile(COUNT))  # (the text has what the pattern looks for)


def test_patterns_stored_by_another_process_are_kept(tmp_path: Path) -> None:
    one, two, three = (StoredPatterns(ResourceCache(tmp_path, key="k")) for _ in range(3))
    one.compile(COUNT)
    two.compile(COUNT)  # read the store: COUNT
    three.compile(DATE)  # stored COUNT and DATE
    two.compile(WORD)  # two has not seen DATE, but merges what is stored when it adds WORD
    assert set(StoredPatterns(ResourceCache(tmp_path, key="k"))._stored()) == {(COUNT, 0), (DATE, 0), (WORD, 0)}


def test_a_damaged_store_is_compiled_again(tmp_path: Path) -> None:
    cache = ResourceCache(tmp_path, key="k")
    cache.put(StoredPatterns.NAME, b"not marshal at all")
    assert found(StoredPatterns(cache).compile(COUNT)) == found(regex.compile(COUNT))
    cache.put(StoredPatterns.NAME, marshal.dumps({(COUNT, 0): b"not a pickle"}))
    assert found(StoredPatterns(cache).compile(COUNT)) == found(regex.compile(COUNT))


def test_without_a_directory_nothing_is_stored() -> None:
    assert found(StoredPatterns(ResourceCache(None)).compile(COUNT)) == found(regex.compile(COUNT))
