"""A cue word must stay the word it was written as once normalised: normalisation folds hamza forms, alif maqsura
and ta marbuta, so a cue can fall onto a commoner word of another meaning (آلية, "mechanism", becomes إليه, "to it";
إرجاء, "postponement", becomes أرجاء, "throughout") and then fire all over the news. Read on real articles."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from marsad.extract.pipeline import Extractor
from marsad.lexicon import triggers as tr
from marsad.lexicon.matcher import dictionary_core
from marsad.text.normalize import normalize_str

# a cue normalised onto a word that is spelled otherwise in most of its hits (over this many) is a collision
MIN_HITS = 20
# words the cue classes list knowing that other spellings share them, each read only right beside the word of its
# class, where the other meaning does not stand: مواطنة/مواطنه (a citizen, his compatriot) and عائدة/عايدة (returning,
# the name Aida) before a person or a return; وأدى/وادي ("and it led to", a valley) right before an event word
KNOWN = {"مواطنه", "عايده", "وادي"}

_DIACRITICS = re.compile("[\u064b-\u0652\u0640]")


def test_no_single_word_cue_falls_onto_a_commoner_word_when_normalised(corpus_wide_sample: list[str]) -> None:
    written: dict[str, set[str]] = defaultdict(set)
    for cls in tr.load_cues().classes.values():
        for form in cls.forms:
            if " " not in form:
                written[normalize_str(form)].add(_DIACRITICS.sub("", form))
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for text in corpus_wide_sample:
        for word in re.findall(r"\w+", text):
            word = _DIACRITICS.sub("", word)
            norm = normalize_str(word)
            if norm in written:
                spellings[norm][word] += 1
    collisions = {
        norm: counts.most_common(3)
        for norm, counts in spellings.items()
        if norm not in KNOWN
        and sum(counts.values()) > MIN_HITS
        and sum(n for w, n in counts.items() if w not in written[norm]) > sum(counts.values()) / 2
    }
    assert not collisions, collisions


def test_a_word_that_begins_with_a_hamzated_alif_and_lam_keeps_the_two_letters() -> None:
    # normalisation writes إلقاء as القاء: split off as an article, its core قاء read لقاء (a meeting) and بقاء
    # (staying) as a dropping from the air, and آليات's core يات read يأتي (comes) as armoured vehicles
    assert dictionary_core("إلقاء") == "القاء"
    assert dictionary_core("آليات") == "اليات"
    assert dictionary_core("ألغام") == "الغام"
    assert dictionary_core("الجيش") == "جيش"  # a real article still goes
    lexicon = Extractor.default().lexicon
    misread = {("trigger", "air_drop"), ("cue", "military_object"), ("cue", "force")}
    for word in ("لقاء", "للقاء", "بقاء", "يأتي", "ويأتي"):
        found = {(m.payload.kind, m.payload.ref) for m in lexicon.scan(normalize_str(word))}
        assert not found & misread, word
    # the words themselves are found, bare, with the article and with a conjunction
    for word, ref in (("إلقاء", "air_drop"), ("الإلقاء", "air_drop"), ("آليات", "force"), ("الآليات", "force"),
                      ("وآليات", "military_object")):
        assert ref in {m.payload.ref for m in lexicon.scan(normalize_str(word))}, word


def test_the_conjugated_forms_of_a_verb_in_hamza_keep_their_first_letters() -> None:
    # the perfect's forms are built normalised; ألقى's plural ألقوا kept no hamza, lost its first two letters as an
    # article, and every token ending in قوا read as a dropping from the air
    lexicon = Extractor.default().lexicon
    keys = {m.key for m in lexicon.scan_triggers(normalize_str("ألقوا")) if m.payload.ref == "air_drop"}
    assert keys == {"القوا"}
    assert not [m for m in lexicon.scan_triggers(normalize_str("وقوا")) if m.payload.ref == "air_drop"]


def test_a_dual_that_news_writes_for_an_adverb_is_no_verb() -> None:
    # "فجرا" is "at dawn" in 27 of its 30 corpus hits, "قطعا" "definitely", "سيرا" "on foot": the perfect's dual of
    # فجر، قطع، سير (triggers.yaml not_forms); the other forms of those verbs are still read
    lexicon = Extractor.default().lexicon
    for word, ref in (("فجرا", "explosion"), ("قطعا", "road_block"), ("سيرا", "aid_delivery")):
        assert ref not in {m.payload.ref for m in lexicon.scan_triggers(normalize_str(word))}, word
    for word, ref in (("فجروا", "explosion"), ("فجرت", "explosion"), ("قطعوا", "road_block")):
        assert ref in {m.payload.ref for m in lexicon.scan_triggers(normalize_str(word))}, word


def test_a_verb_takes_no_pronoun_ي() -> None:
    # a verb's object "me" is ني ("قتلني"); a verb form with ي is another word: "قتلى" the dead, "عادي" ordinary
    lexicon = Extractor.default().lexicon
    verbal = {"verb", "imperfect"}
    for word in ("قتلى", "عادي", "رجعي"):
        assert not [m for m in lexicon.scan_triggers(normalize_str(word)) if m.payload.detail in verbal], word
    assert [m for m in lexicon.scan_triggers(normalize_str("قتلني")) if m.payload.detail == "verb"]
    assert [m for m in lexicon.scan_triggers(normalize_str("قتلى")) if m.payload.ref == "killing"]  # the noun stays
