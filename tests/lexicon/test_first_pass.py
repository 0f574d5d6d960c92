"""The first pass (the event words and the place names in one automaton) finds what the two scans find apart, and
the engine's records are the same with it or without it."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from marsad.extract.document import first_pass_names
from marsad.extract.pipeline import Extractor
from marsad.geo import stored as gazetteer_stored
from marsad.geo.mentions import scanned
from marsad.lexicon import first_pass, stored
from marsad.lexicon.matcher import AUTOMATON_SOURCE, sort_matches
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


AFTER_A_PLACE_WORD = [
    "قتل ثلاثة في قرية جمينة في حيس",
    "اعتقلت الشرطة شخصين في قرية الحلوات مركز الإبراهيمية بمحافظة الشرقية",
]


def test_with_it_the_gazetteer_never_reads_its_own_name_automaton(corpus_sample: list[str]) -> None:
    """The first pass holds the gazetteer's name forms: the words after a place word and the dateline's place are
    found again with it too, so a stored gazetteer's own automaton (20 MB) is never loaded by the extraction; the
    places found and the dateline's lookups are those of the gazetteer's own matcher."""
    engine = Extractor.default()
    assert engine.first_pass is not None
    loaded = gazetteer_stored.load(gazetteer_stored.dump(engine.gazetteer))  # (as the resource cache keeps it)
    fresh = Extractor(engine.lexicon, loaded, engine.rules, engine.settings, first_pass=engine.first_pass)
    texts = [EXAMPLE.read_text(encoding="utf-8"), *corpus_sample]
    for text in texts:
        assert fresh.extract(text, published="2022-01-30", doc_id="d") == engine.extract(
            text, published="2022-01-30", doc_id="d"
        )
    assert AUTOMATON_SOURCE in vars(loaded.name_matcher)  # never read
    scan = partial(first_pass_names, engine.first_pass)
    # texts that name no place of the five countries: the words after each place word are read again ("جمينة"
    # after "قرية" only there), and found with the first pass
    for sentence in AFTER_A_PLACE_WORD + texts:
        t = normalize(sentence).text
        assert loaded.find_mentions(t, names=scanned(scan, t)) == engine.gazetteer.find_mentions(t)
    first = normalize(AFTER_A_PLACE_WORD[0]).text
    assert loaded.find_mentions(first, names=scanned(scan, first))  # (جمينة, read after قرية)
    queries = ["حلب", "ريف دير الزور الشرقي", "مخيم الهول", "الحسكة", "بلدة كفرنبل", "الموصل", "غزة", "قرية لا اسم لها"]
    for query in queries:
        assert loaded.lookup(query, scan=scan) == engine.gazetteer.lookup(query)
    assert AUTOMATON_SOURCE in vars(loaded.name_matcher)
