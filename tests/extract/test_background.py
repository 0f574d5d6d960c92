"""Issue 11's second class of error, background told as news, on sentences written for the class (none copied from a
gold file): running totals, history, habits, plans, asides and page furniture are not occurrences."""

from __future__ import annotations

from .engine import PUBLISHED, kinds, run, run_all

# ----------------------------------------------------------------------------------- 2. background is not news


def test_history_with_its_own_old_date_is_not_an_event() -> None:
    assert run("وكانت قوات النظام قد قصفت مدينة دوما بالبراميل المتفجرة في عام 2016.").events == []


def test_a_habit_is_not_an_occurrence() -> None:
    assert run("وتتعرض بلدة كفرنبل في ريف إدلب لقصف مدفعي بشكل يومي من قوات النظام.").events == []
    assert run_all("ويأتي ذلك وسط تصاعد حدة الهجمات من قبل الجيش العراقي على قضاء سنجار.").events == []


def test_a_running_total_since_a_beginning_is_not_an_occurrence() -> None:
    assert run("وقتل أكثر من 300 مدني في ريف إدلب منذ بدء الحملة العسكرية على المنطقة.").events == []


def test_a_count_since_a_dated_day_weeks_ago_is_a_running_total() -> None:
    # published 2021-03-14: "since 2 February" opens a span of six weeks
    assert run("وأسفرت الألغام منذ 2 شباط الماضي وحتى أمس عن مقتل 40 مدنيا في ريف حلب الشرقي.").events == []
    assert run_all("وقتل 120 شخصا بغارات على ريف إدلب الجنوبي منذ 5 شباط الماضي.").events == []


def test_a_count_since_a_year_and_the_clause_its_partitive_opens_are_a_running_total() -> None:
    # "منذ عام 2015" is since that year (not "a year ago"); "أغلبهم في الغارات" tells the cause of those counted
    assert run_all("وقتل وأصيب 900 مدني بالقصف على ريف حماة منذ عام 2015، أغلبهم في الغارات الروسية.").events == []
    # the partitive of a day's count is that day's news
    rec = run("قتل 12 مدنيا اليوم بقصف على مدينة كفرنبل في ريف إدلب، أغلبهم في غارات روسية على سوق المدينة.")
    assert rec.events and all(e.event_type == "Explosions/Remote violence" for e in rec.events)


def test_a_day_of_its_own_or_a_recent_since_keeps_the_news() -> None:
    # its own day: Saturday's deaths, though the clause also counts from February
    rec = run_all("وقتل 12 مدنيا يوم السبت بالقصف على بلدة كفرنبل في ريف إدلب منذ 5 شباط.")
    assert ("Explosions/Remote violence", "Shelling/artillery/missile attack") in kinds(rec)
    # "the biggest attack since" compares; the date after منذ is the other event's, not a span of this one
    rec = run_all("وشن التنظيم اليوم هجوما على مدينة الميادين هو الأعنف منذ سيطرة الجيش عليها في تشرين الثاني الماضي.")
    assert ("Battles", "Armed clash") in kinds(rec)


def test_since_in_a_noun_phrase_or_after_a_superlative_is_no_running_total() -> None:
    # a participle or a relative clause holds the span ("the besieged since"), a superlative compares
    for text in (
        "قتل 15 مدنيا بقصف مدفعي على حي الوعر المحاصر منذ 15 شباط في مدينة حمص.",
        "وقصفت المدفعية بلدة كفرنبل التي نزح منها 20 ألفا منذ 8 شباط.",
        "وشنت طائرات حربية 30 غارة على محيط مدينة حماة هي الأعنف منذ عام 2011.",
    ):
        assert [k for k in kinds(run_all(text)) if k[0] == "Explosions/Remote violence"], text
    # one person killed is a day's news, not a count since a day
    assert run_all("وقتل شاب بغارة على بلدة كفرنبل في ريف إدلب منذ 5 شباط الماضي.").events


def test_what_a_force_says_it_targets_is_no_occurrence() -> None:
    rec = run_all("وتنفذ الطائرات التركية طلعات جوية تقول إنها تستهدف مقاتلي حزب العمال الكردستاني في قضاء سيدكان بمحافظة أربيل.")
    assert not [k for k in kinds(rec) if k[0] == "Explosions/Remote violence"]


def test_teasers_of_other_stories_are_page_furniture() -> None:
    rec = run(
        "احتجاجات في البصرة\n"
        "تظاهر المئات اليوم أمام مبنى المحافظة في مدينة البصرة احتجاجا على البطالة.\n"
        "اقرأ أيضا:\n"
        "غارات إسرائيلية على مطار دمشق الدولي\n"
        "مقتل خمسة عناصر من قوات النظام بكمين في بادية حمص"
    )
    assert {t for t, _ in kinds(rec)} == {"Protests"}
    # a link to another story of the site, on a line of its own
    rec = run(
        "تظاهر المئات اليوم أمام مبنى المحافظة في مدينة البصرة احتجاجا على البطالة.\n"
        "للمزيد: غارات إسرائيلية على مطار دمشق الدولي"
    )
    assert {t for t, _ in kinds(rec)} == {"Protests"}


def test_an_aside_is_background_unless_it_dates_the_news_of_the_week() -> None:
    # PUBLISHED is a Sunday: "الجمعة" is two days before it, a date of its own in the aside's clause
    dated = run("ويذكر أن طائرات حربية شنت، يوم الجمعة، غارات على بلدة كفرنبل في ريف إدلب.")
    assert kinds(dated) == [("Explosions/Remote violence", "Air/drone strike")]
    assert run("ويذكر أن طائرات حربية شنت غارات على بلدة كفرنبل في ريف إدلب.").events == []


def test_a_date_in_a_relative_clause_of_another_event_does_not_date_this_one() -> None:
    rec = run_all(
        "قاض يطلق سراح ممثل في بيروت\n"
        "وأطلق قاض في بيروت سراح الممثل زياد عيتاني، الذي أوقف قبل أشهر بتهمة التعامل مع إسرائيل."
    )
    releases = [e for e in rec.events if e.sub_event_type == "Other"]
    assert releases and all(e.date is None or e.date.start in (None, PUBLISHED) for e in releases)


def test_a_date_of_a_relative_clause_of_beginning_dates_the_start_of_its_noun() -> None:
    # the day a campaign or a wave of protests began dates neither the day's dead nor a strike of the sentence
    rec = run_all(
        "وقتل ثلاثة متظاهرين برصاص قوات الأمن في مدينة الناصرية، ليرتفع عدد قتلى الاحتجاجات التي انطلقت في 2 شباط "
        "إلى 15 قتيلا."
    )
    told = [e for e in rec.events if e.event_type == "Protests"]
    assert told and all(e.date is None or e.date.start != "2021-02-02" for e in told), [e.date for e in told]
    # the day the event word right before the pronoun began is its own day, and a start within the week may be
    # the day's occurrence itself
    rec = run_all("وقال المرصد إن الاشتباكات التي اندلعت في 3 آذار في بلدة الصنمين بريف درعا أسفرت عن مقتل خمسة مسلحين.")
    clashes = [e for e in rec.events if e.event_type == "Battles"]
    assert clashes and clashes[0].date is not None and clashes[0].date.start == "2021-03-03", kinds(rec)
    rec = run_all(
        "وقتل ثلاثة متظاهرين برصاص قوات الأمن في مدينة الناصرية، ليرتفع عدد قتلى الاحتجاجات التي انطلقت يوم الجمعة "
        "إلى 15 قتيلا."
    )
    told = [e for e in rec.events if e.event_type == "Protests"]
    assert told and all(e.date is not None and e.date.start == "2021-03-12" for e in told), [e.date for e in told]


def test_an_ability_to_attack_is_no_attack() -> None:
    assert run_all("وقالت الوزارة إن الفصائل في إدلب قادرة على شن هجمات بالطائرات المسيرة على قاعدة حميميم.").events == []


def test_people_going_out_to_a_funeral_or_the_streets_are_not_fleeing() -> None:
    text = "وخرج آلاف الفلسطينيين اليوم في تشييع مسعفة متطوعة في مدينة خان يونس جنوب قطاع غزة."
    assert [e for e in run_all(text).events if e.event_type == "Humanitarian"] == []


def test_an_order_to_arrest_is_no_arrest() -> None:
    assert run_all("وأمرت محكمة في الموصل اليوم باعتقال خمسة موظفين في دائرة الكهرباء بتهمة الفساد.").events == []


def test_a_scathing_attack_is_words() -> None:
    text = "وشن الرئيس التركي اليوم هجوما لاذعا على رئيس الوزراء الإسرائيلي خلال زيارته إلى مدينة غازي عنتاب."
    assert run_all(text).events == []


def test_a_span_of_hours_after_since_is_the_news_itself() -> None:
    rec = run_all("وتشهد بلدة السخنة في ريف حمص منذ ساعات اشتباكات عنيفة بين قوات النظام ومسلحي تنظيم داعش.")
    assert ("Battles", "Armed clash") in kinds(rec)
    # and sharp confrontations are a clash, not words
    rec = run_all("اندلعت مواجهات حادة اليوم بين قوات الأمن ومسلحين في مدينة الرمادي.")
    assert [t for t, _ in kinds(rec)] == ["Battles"], kinds(rec)


def test_a_threat_in_the_plural_tells_what_has_not_happened() -> None:
    text = "وكان وجهاء مدينة البصرة قد هددوا، الخميس، بتوسيع احتجاجاتهم لتشمل الموانئ إذا لم تلب مطالبهم."
    assert run_all(text).events == []


def test_a_pledge_in_the_present_tells_what_has_not_happened() -> None:
    assert run_all("النظام السوري يتعهد بعودة آلاف اللاجئين إلى مدينة حمص").events == []
    assert run_all("وزير الداخلية يتعهد باعتقال المتورطين في هجوم مدينة الموصل").events == []


def test_an_event_named_after_since_is_the_start_of_a_span_not_news() -> None:
    assert run_all("وتحدث الصحفي إلى وكالة فرانس برس من سجنه في مدينة إدلب، يوم الجمعة، في أول مقابلة منذ احتجازه.").events == []


def test_a_statement_or_picture_that_a_force_publishes_is_no_deployment() -> None:
    text = "ووقع القصف على قاعدة جوية بمدينة حمص بعد ساعات من تغريدة نشرها الرئيس الأمريكي."
    assert "Strategic developments" not in {t for t, _ in kinds(run_all(text))}
    # a statement that tells a deployment after a colon does not stop it
    rec = run_all("وقال الجيش في بيان: نشر الجيش التركي اليوم دبابات على الحدود قرب مدينة تل أبيض.")
    assert ("Strategic developments", "Other") in kinds(rec)
    assert run_all("ونشر الجيش الإسرائيلي اليوم صورا لمقاتلات تحلق فوق مدينة صيدا في جنوب لبنان.").events == []
    assert kinds(run("ونشر الجيش التركي اليوم دبابات ومدرعات على الحدود قرب مدينة تل أبيض.")) == [
        ("Strategic developments", "Other")
    ]


def test_a_court_case_and_a_warrant_are_not_new_events() -> None:
    assert run("وأصدرت محكمة في بغداد مذكرة توقيف بحق مسؤول سابق متهم بقتل متظاهرين في بغداد.").events == []


def test_a_partitive_clause_with_a_day_of_its_own_is_news() -> None:
    rec = run_all("وقتل وأصيب 900 مدني بالقصف على ريف حماة منذ عام 2015، معظمهم اليوم بقصف على بلدة كفرنبل.")
    assert [k for k in kinds(rec) if k[0] == "Explosions/Remote violence"]


def test_a_state_lasting_for_weeks_is_no_occurrence() -> None:
    rec = run("قرار حكومي في العراق\nويأتي قرار الحكومة وسط احتجاجات عنيفة تشهدها مدن جنوب العراق منذ أسابيع.")
    assert not rec.events, [(e.event_type, e.sub_event_type) for e in rec.events]


def test_a_span_of_the_last_days_or_weeks_is_a_sum_not_one_occurrence() -> None:
    # what happened over the last days, weeks or months is summed up, not told as one occurrence
    for text in (
        "وقصفت الطائرات الحربية بلدة كفرنبل في ريف إدلب خلال الأيام القليلة الماضية.",
        "وقتل 14 شخصا في اشتباكات مع قوات الأمن في مدينة الرمادي في الأسابيع الأخيرة.",
    ):
        assert run_all(text).events == [], text
    # a span of hours is the news itself (one night's strikes)
    rec = run_all("وقصفت الطائرات الحربية بلدة كفرنبل في ريف إدلب خلال الساعات الماضية.")
    assert [k for k in kinds(rec) if k[0] == "Explosions/Remote violence"]


def test_a_military_operation_is_a_campaign_not_one_occurrence() -> None:
    # an operation named as a whole, its aim or its start: no one occurrence of violence
    for text in (
        "وانتقد الوزراء اليوم العملية العسكرية للجيش التركي في منطقة عفرين شمال سوريا.",
        "وبدأت القوات الحكومية أمس عملية عسكرية في ريف درعا الشرقي.",
    ):
        assert [k for k in kinds(run_all(text)) if k[0] == "Battles"] == [], text
    # an attack told in the same words is one
    rec = run_all("وشنت القوات الحكومية أمس هجوما على بلدة بصر الحرير في ريف درعا الشرقي.")
    assert ("Battles", "Armed clash") in kinds(rec)


def test_a_time_that_points_back_tells_background() -> None:
    # "then", "on that day": the clause retells what happened at a time told before
    for text in (
        "وفي حزيران 1982 اجتاح الجيش الإسرائيلي لبنان، وقصفت الطائرات في ذلك اليوم مدينة صيدا.",
        "وكانت التظاهرات قد بلغت ذروتها في أيار، إذ قتل حينها 40 متظاهرا في مدينة البصرة.",
    ):
        assert [k for k in kinds(run_all(text)) if k[0] != "Humanitarian"] == [], text
    # a speaker's "then" before the event word says nothing of its time
    rec = run_all("وقال المتحدث حينها إن طائرات حربية قصفت اليوم مدينة صيدا في جنوب لبنان.")
    assert [k for k in kinds(rec) if k[0] == "Explosions/Remote violence"]


def test_an_offensive_or_a_wave_lasting_weeks_is_no_occurrence() -> None:
    # an act that has gone on for days, weeks or months is a campaign or a wave, not one occurrence
    for text in (
        "وتشن القوات الحكومية هجوما على ريف حماة الشمالي منذ ثلاثة أسابيع.",
        "وتشهد مدينة الناصرية احتجاجات واسعة منذ بضعة أيام.",
    ):
        assert run_all(text).events == [], text
    # a span counted in days after a perfect verb dates a recent occurrence
    rec = run_all("وقصفت الطائرات الحربية منذ يومين مدينة خان شيخون في ريف إدلب.")
    assert [k for k in kinds(rec) if k[0] == "Explosions/Remote violence"]


def test_the_start_or_end_of_an_event_used_as_a_time_is_no_occurrence() -> None:
    # "when the offensive began", "after the evacuation ended": a point of time for what the sentence tells
    for text in (
        "ولم تكن القوات الحكومية تسيطر لدى بدء الهجوم إلا على ربع ريف درعا.",
        "ودخل المقاتلون إلى البلدة بعد انتهاء الاشتباكات في ريف إدلب.",
    ):
        assert [k for k in kinds(run_all(text)) if k[0] == "Battles" and k[1] == "Armed clash"] == [], text
    # the clashes an outbreak opens are told by it
    rec = run_all("وقتل شخصان اليوم إثر اندلاع اشتباكات عشائرية في مدينة البصرة.")
    assert [k for k in kinds(rec) if k[0] == "Battles"]


def test_a_span_after_since_dates_a_recent_occurrence_after_a_perfect_verb() -> None:
    # review2: after a perfect verb "منذ أيام" is "a few days ago", one recent occurrence, not a campaign
    rec = run_all("قتل ثلاثة مدنيين في غارة جوية على بلدة سراقب منذ أيام.")
    assert kinds(rec) == [("Explosions/Remote violence", "Air/drone strike")]
    rec = run_all("اغتال مسلحون مجهولون ناشطا إعلاميا في مدينة درعا منذ بضعة أيام.")
    assert ("Violence against civilians", "Attack") in kinds(rec)
    rec = run_all("وفجر مسلحون عبوة ناسفة بدورية للجيش العراقي في قضاء الطارمية منذ أسبوعين.")
    assert [k for k in kinds(rec) if k[0] == "Explosions/Remote violence"]
    # after an imperfect verb it counts how long the act has lasted
    for text in (
        "وتقصف قوات النظام بلدات ريف إدلب الجنوبي منذ أسبوعين.",
        "ويعتصم آلاف العراقيين في ساحة التحرير ببغداد منذ عدة أسابيع.",
    ):
        assert run_all(text).events == [], text
    # a perfect verb with a relative clause between it and the event word does not date the battle
    rec = run_all(
        "سيطرت قوات النظام اليوم على قرى تابعة لبلدة كفرزيتا التي تعدها مكسبا في معركة التوغل في ريف حماة منذ ثلاثة "
        "أسابيع."
    )
    assert kinds(rec) == [("Battles", "Government regains territory")]


def test_then_pointing_back_to_a_recent_day_tells_that_days_news() -> None:
    # review2: "then" is the time told just before it; when that is yesterday, the clause is news, not history
    rec = run_all(
        "وفي صباح أمس اقتحم مستوطنون باحات المسجد الأقصى، واعتقلت الشرطة الإسرائيلية في ذلك الوقت خمسة مصلين."
    )
    assert ("Strategic developments", "Arrests") in kinds(rec)
    rec = run_all("وتظاهر المئات يوم الجمعة أمام مبنى محافظة النجف. واعتقلت قوات الأمن حينها عشرة محتجين.")
    assert ("Strategic developments", "Arrests") in kinds(rec)
    # a "then" of a year long gone is history
    rec = run_all("وفي عام 2014 اقتحم تنظيم داعش مدينة الموصل، واعتقل التنظيم آنذاك مئات الموظفين.")
    assert ("Strategic developments", "Arrests") not in kinds(rec)
