from __future__ import annotations

from itertools import pairwise

from marsad.text.normalize import normalize
from marsad.text.segment import clauses, paragraphs, sentences


def _n(text: str) -> str:
    return normalize(text).text


def _texts(norm: str, spans: list[tuple[int, int]]) -> list[str]:
    return [norm[s:e] for s, e in spans]


def test_paragraphs_skip_blank_lines_and_keep_the_title_first() -> None:
    norm = _n("قصف مدفعي على ريف إدلب\n\nقتل مدنيان في قصف على بلدة.\n  \nوقال المرصد إن القصف استمر.\n")
    paras = _texts(norm, paragraphs(norm))
    assert len(paras) == 3
    assert paras[0] == _n("قصف مدفعي على ريف إدلب")
    assert paras[2].startswith("وقال")


def test_sentences_split_at_final_punctuation_and_line_breaks() -> None:
    norm = _n("قتل ثلاثة مدنيين أمس. هل تتوقف الغارات؟ لا أحد يعرف!\nسطر جديد بلا نقطة")
    sents = _texts(norm, sentences(norm))
    assert len(sents) == 4
    assert sents[0].endswith(".")
    assert sents[1].endswith("؟")
    assert sents[3] == _n("سطر جديد بلا نقطة")


def test_sentences_do_not_split_decimals_abbreviations_or_latin_names() -> None:
    norm = _n("ارتفع المؤشر 3.5 نقطة وقال د. أحمد إن موقع cnn.com والمسؤول في U.S. Army أكدا ذلك. ثم انتهى")
    sents = _texts(norm, sentences(norm))
    assert len(sents) == 2
    assert "3.5" in sents[0] and "cnn.com" in sents[0]


def test_sentences_cover_the_text_in_order_without_overlap() -> None:
    norm = _n("الجملة الأولى. الجملة الثانية... الثالثة؟! الرابعة")
    spans = sentences(norm)
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert all(norm[s:e] == norm[s:e].strip() for s, e in spans)


def test_clauses_split_at_commas_and_connectives() -> None:
    norm = _n(
        "قصفت الطائرات بلدة كفرنبل، في حين استهدفت المدفعية أطراف معرة النعمان بينما قال ناشطون إن القصف "
        "مستمر وأضاف المصدر أن 1,500 شخص نزحوا"
    )
    parts = _texts(norm, clauses(norm, 0, len(norm)))
    assert parts[0] == _n("قصفت الطائرات بلدة كفرنبل")
    assert parts[1].startswith(_n("في حين"))
    assert any(p.startswith("بينما") for p in parts)
    assert any(p.startswith(_n("وأضاف")) and "1,500" in p for p in parts)


def test_clauses_keep_temporal_phrases_and_pronoun_suffixed_connectives() -> None:
    norm = _n("أعلنت الوزارة في وقت سابق اليوم مقتل جنديين لكنها لم تحدد المكان")
    parts = _texts(norm, clauses(norm, 0, len(norm)))
    assert len(parts) == 2
    assert _n("في وقت سابق") in parts[0]
    assert parts[1].startswith(_n("لكنها"))


def test_a_time_between_two_commas_does_not_cut_its_clause() -> None:
    for text in (
        "أضرم مسلحون مجهولون، مساء الأحد 12 آذار، النار في منزل بقرية الطيبة",
        "وأصيب ثلاثة جنود، أمس الخميس، بانفجار لغم على الطريق",
    ):
        norm = _n(text)
        assert _texts(norm, clauses(norm, 0, len(norm))) == [norm]
    # a number with a unit of time is no time of the event ("66 سنة": an age), and one comma cuts as before
    norm = _n("وصل الرجل، 66 سنة، إلى المستشفى، يوم الجمعة")
    assert len(clauses(norm, 0, len(norm))) == 4
    # nor is a word of a time phrase alone ("من"، "بعد" of "أول من أمس"، "بعد غد")
    norm = _n("خرج المقاتلون، بعد، من المدينة")
    assert len(clauses(norm, 0, len(norm))) == 3


def test_clauses_stay_inside_the_sentence() -> None:
    norm = _n("الجملة الأولى، وفيها فاصلة. الجملة الثانية، بينما هنا أخرى")
    sents = sentences(norm)
    for s, e in sents:
        for cs, ce in clauses(norm, s, e):
            assert s <= cs < ce <= e
    assert len(clauses(norm, *sents[1])) == 2


def test_clauses_with_precomputed_cuts_match_clauses_without() -> None:
    from marsad.text.segment import clause_cuts

    text = normalize(
        "قصفت المدفعية بلدة كفرنبل، في حين اندلعت اشتباكات في محيطها. وقال مصدر إن الطيران شن غارات؛ ثم انسحب."
    ).text
    cuts = clause_cuts(text)
    spans = sentences(text)
    assert len(spans) == 2
    for s, e in spans:
        assert clauses(text, s, e, cuts) == clauses(text, s, e)
        assert len(clauses(text, s, e, cuts)) >= 2


def test_the_cuts_of_one_sentence_give_the_clauses_of_the_whole_texts_cuts(corpus_sample: list[str]) -> None:
    from marsad.text.segment import clause_cuts, clause_cuts_in

    texts = [
        # a connective after a line break, a comma before digits at a sentence's end, a connective at its start
        "قال مصدر في\nحين اندلعت اشتباكات، 3,5 كلم. بينما قصفت المدفعية، في حين انسحبت القوات،\n2",
        "ثم انسحب. وقال المرصد إن الطيران شن غارات،في حين؛ كما 1,500 قتيل،",
        *corpus_sample,
    ]
    for raw in texts:
        text = normalize(raw).text
        whole = clause_cuts(text)
        for s, e in sentences(text):
            assert clauses(text, s, e, clause_cuts_in(text, s, e)) == clauses(text, s, e, whole)
