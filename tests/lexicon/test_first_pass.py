"""The first pass (the event words and the place names in one automaton) finds what the two scans find apart, and
the engine's records are the same with it or without it."""

from __future__ import annotations

from pathlib import Path

from marsad.extract.pipeline import Extractor
from marsad.lexicon import first_pass, stored
from marsad.lexicon.matcher import sort_matches
from marsad.text.normalize import normalize

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "alwatan-2022-01-30-hasakah.txt"


def test_the_first_pass_finds_what_the_two_scans_find(corpus_sample: list[str]) -> None:
    engine = Extractor.default()
    built = first_pass.build(engine.lexicon, engine.gazetteer)
    loaded = stored.load_matcher(stored.dump_matcher(built))  # (as the resource cache keeps it)
    for text in [EXAMPLE.read_text(encoding="utf-8"), *corpus_sample]:
        t = normalize(text).text
        marks: list[tuple[int, str]] = []
        own_marks: list[tuple[int, str]] = []
        names = engine.gazetteer.name_matcher.find(t, ordered=False, marks=own_marks)
        for matcher in (built, loaded):
            marks.clear()
            triggers, places = matcher.find_groups(t, first_pass.GROUPS, marks)
            assert sort_matches(triggers) == engine.lexicon.scan_triggers(t)
            assert places == names
            assert marks == own_marks


def test_the_records_are_the_same_without_it(corpus_sample: list[str]) -> None:
    engine = Extractor.default()
    assert engine.first_pass is not None
    two_passes = Extractor(engine.lexicon, engine.gazetteer, engine.rules, engine.settings)
    for text in [EXAMPLE.read_text(encoding="utf-8"), *corpus_sample]:
        one = engine.extract(text, published="2022-01-30", doc_id="d")
        assert one == two_passes.extract(text, published="2022-01-30", doc_id="d")
    assert engine.extract(EXAMPLE.read_text(encoding="utf-8"), published="2022-01-30").events
