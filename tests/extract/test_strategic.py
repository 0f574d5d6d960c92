"""Strategic developments on sentences written for each phenomenon (none copied from a gold file): what makes an
evacuation, a transfer of territory, a release or a deployment an event, and what does not; and the decision
features their words touch."""

from __future__ import annotations

from marsad.extract.pipeline import Extractor

from .engine import PUBLISHED, kinds, run_all


def test_a_word_two_groups_claim_counts_once_towards_a_long_article() -> None:
    # 22 event words, each read by two groups (prisoners escaping, civilians fleeing): 44 readings, not a long article
    text = (
        "قصفت طائرات حربية روسية اليوم بلدة كفربطنا في الغوطة الشرقية.\n"
        + "وتحدث الناس عن الفرار والهروب. " * 11
    )
    _, why = Extractor.default().explain(text, published=PUBLISHED)
    assert why.features and not any(f["long_article"] for f in why.features)
    # 44 different event words are
    text = (
        "قصفت طائرات حربية روسية اليوم بلدة كفربطنا في الغوطة الشرقية.\n"
        + "وتحدث الناس عن الاعتقال والتهريب. " * 22
    )
    _, why = Extractor.default().explain(text, published=PUBLISHED)
    assert why.features and all(f["long_article"] for f in why.features)


def test_fighters_evacuated_under_way_is_a_transfer_of_territory_and_a_deals_content_is_not() -> None:
    rec = run_all(
        "تواصلت اليوم الأحد عملية إجلاء مقاتلي الفصائل وعائلاتهم من بلدة كفربطنا في الغوطة الشرقية باتجاه الشمال."
    )
    assert ("Strategic developments", "Non-violent transfer of territory") in kinds(rec)
    rec = run_all("وبدأ مسلحو الفصيل اليوم الخروج من بلدة كفربطنا في الغوطة الشرقية.")
    assert ("Strategic developments", "Non-violent transfer of territory") in kinds(rec)
    # what a deal provides for, with no phase of an operation: no transfer (yet)
    rec = run_all("ويقضي الاقتراح بإجلاء المسلحين من بلدة كفربطنا في الغوطة الشرقية.")
    assert ("Strategic developments", "Non-violent transfer of territory") not in kinds(rec)
    # civilians evacuated are no fighters leaving a town
    rec = run_all("بدأت اليوم عملية إجلاء الجرحى والمدنيين من بلدة كفربطنا في الغوطة الشرقية.")
    assert ("Strategic developments", "Non-violent transfer of territory") not in kinds(rec)


def test_a_force_entering_a_named_place_is_a_movement_and_a_bus_or_a_law_entering_is_not() -> None:
    other = ("Strategic developments", "Other")
    # the subject before its verb
    rec = run_all("وقالت مصادر محلية إن وحدات من الجيش السوري دخلت إلى مدينة الصنمين في ريف درعا اليوم.")
    assert other in kinds(rec)
    # buses entering a town to carry people out are no force, even with an army named in the clause
    rec = run_all("ودخلت عشرات الحافلات التي أرسلها الجيش إلى مدينة الصنمين في ريف درعا اليوم.")
    assert other not in kinds(rec)
    # a force with no place after the verb: what enters is a phase, a service, a law
    rec = run_all("وقال الجيش إن المنظومة الجديدة دخلت الخدمة في ريف درعا اليوم.")
    assert other not in kinds(rec)


def test_a_release_asked_for_is_no_release_and_one_granted_is() -> None:
    release = ("Strategic developments", "Other")
    rec = run_all(
        "رفضت محكمة عسكرية إسرائيلية اليوم طلب محامي الأسير الفلسطيني المعتقل في مدينة رام الله بالإفراج عنه قبل انتهاء محكوميته."
    )
    assert release not in kinds(rec)
    rec = run_all("أفرجت السلطات الإسرائيلية اليوم عن 20 أسيرا فلسطينيا وصلوا إلى مدينة رام الله.")
    assert release in kinds(rec)


def test_an_agreement_talks_are_held_for_is_not_reached_and_one_reached_is() -> None:
    agreement = ("Strategic developments", "Agreement")
    rec = run_all(
        "وتجري مفاوضات بين الجانب الروسي وفصائل المعارضة في مدينة درعا اليوم من أجل التوصل إلى اتفاق لوقف إطلاق النار."
    )
    assert agreement not in kinds(rec)
    rec = run_all("وتوصل الجانب الروسي وفصائل المعارضة في مدينة درعا اليوم إلى اتفاق لوقف إطلاق النار.")
    assert agreement in kinds(rec)


def test_patrols_run_by_a_force_are_a_movement_and_patrols_among_raids_are_the_raids() -> None:
    other = ("Strategic developments", "Other")
    rec = run_all("وبدأ الجيش التركي اليوم تسيير دوريات عسكرية في مدينة منبج بريف حلب الشرقي.")
    assert other in kinds(rec)
    rec = run_all("ونفذ الجيش اللبناني اليوم حملة شملت عمليات دهم وتسيير دوريات في بلدة عرسال.")
    assert other not in kinds(rec)


def test_an_interceptions_doer_owns_the_air_defences_and_the_downed_weapons_owner_is_its_target() -> None:
    rec = run_all("وأعلن الجيش الإسرائيلي اليوم أن دفاعاته الجوية أسقطت طائرة سورية فوق هضبة الجولان.")
    downed = [e for e in rec.events if e.sub_event_type == "Disrupted weapons use"]
    assert downed
    assert downed[0].actor1 is not None and downed[0].actor1.id == "ISR_MIL"
    assert downed[0].actor2 is not None and downed[0].actor2.id == "SYR_GOV_MIL"
    rec = run_all("وأسقطت الدفاعات الجوية السورية اليوم صاروخين إسرائيليين فوق مدينة حمص.")
    downed = [e for e in rec.events if e.sub_event_type == "Disrupted weapons use"]
    assert downed and downed[0].actor1 is not None and downed[0].actor1.id == "SYR_GOV_MIL"


def test_a_state_named_right_after_the_verb_of_an_interception_is_its_doer() -> None:
    rec = run_all("وأسقطت إسرائيل اليوم الطائرة الإيرانية فوق هضبة الجولان.")
    downed = [e for e in rec.events if e.sub_event_type == "Disrupted weapons use"]
    assert downed and downed[0].actor1 is not None and downed[0].actor1.id == "ISR_MIL"
