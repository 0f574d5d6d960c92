"""Why a document gave no events: said in one line, from the engine's own trail."""

from __future__ import annotations

from marsad.ingest.empty import warn_undated, why_no_events
from marsad.model import InputDocument

PUBLISHED = "2022-03-01"


def test_a_text_with_no_place_says_its_events_were_dropped_for_want_of_one() -> None:
    why = why_no_events("قصف الطيران الحربي مواقع للمسلحين أمس وقتل خمسة منهم.", published=PUBLISHED)
    # (the trail reads the event words even where the engine stops early: the candidate and its reason)
    assert why.startswith("1 candidate event(s) dropped") and "for want of a place" in why


def test_a_text_with_no_event_word_says_so() -> None:
    assert why_no_events("أعلنت الشركة عن أرباحها السنوية في مؤتمر صحفي.", published=PUBLISHED) == (
        "no event word in the text"
    )


def test_a_negated_event_names_the_rule_that_set_it_aside() -> None:
    why = why_no_events("لم تقصف الطائرات أي موقع في إدلب أمس.", published=PUBLISHED)
    assert why.startswith("1 event word(s) made no event") and "did not happen" in why


def test_an_event_of_1965_is_set_aside_as_history() -> None:
    why = why_no_events("في مثل هذا اليوم عام 1965 قصفت الطائرات بلدة كفرنبل.", published=PUBLISHED)
    assert "made no event" in why and "history" in why


def test_a_missing_publication_date_is_warned_once() -> None:
    docs = [InputDocument(doc_id=f"d{i}", text="نص", source="in.jsonl") for i in range(3)]
    said: list[str] = []
    assert list(warn_undated(docs, said.append)) == docs
    assert len(said) == 1 and "d0" in said[0] and "--published" in said[0]
