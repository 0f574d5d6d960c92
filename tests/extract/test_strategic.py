"""Strategic developments on sentences written for each phenomenon (none copied from a gold file): what makes an
evacuation, a transfer of territory, a release or a deployment an event, and what does not; and the decision
features their words touch."""

from __future__ import annotations

from marsad.extract.pipeline import Extractor

from .engine import PUBLISHED


def test_a_word_two_groups_claim_counts_once_towards_a_long_article() -> None:
    # 22 event words, each read by two groups (prisoners escaping, civilians fleeing): 44 readings, not a long article
    text = "قصفت طائرات حربية روسية اليوم بلدة كفربطنا في الغوطة الشرقية.\n" + "وتحدث الناس عن الفرار والهروب. " * 11
    _, why = Extractor.default().explain(text, published=PUBLISHED)
    assert why.features and not any(f["long_article"] for f in why.features)
    # 44 different event words are
    text = "قصفت طائرات حربية روسية اليوم بلدة كفربطنا في الغوطة الشرقية.\n" + "وتحدث الناس عن الاعتقال والتهريب. " * 22
    _, why = Extractor.default().explain(text, published=PUBLISHED)
    assert why.features and all(f["long_article"] for f in why.features)
