"""Stage 3 of extraction: who did what to whom, and the event type that follows from it.

Roles are read from the trigger's clause, by the markers Arabic news uses:
1. a prepositional or relative agent ("على يد X"، "من قبل X"، "برصاص X"، "شنه X") makes X the actor;
2. a target marker ("على X"، "ضد X"، "استهدف X"، "عناصر من X"، "في صفوف X") makes X the target;
3. "بين X و Y" gives the two sides of a clash;
4. otherwise word order: an actor right after a verbal noun (إضافة: "قصف طائرات الاحتلال"، "هجوم لداعش") or
   before a verb (SVO) is the actor, the first actor after an active verb (VSO) too; after a passive or a
   "victim" word (مقتل، اغتيل) it is the one who suffered.
Then the group's refinement rules choose the final type from the cues and the actors' kinds.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from marsad.extract.actor_mentions import ARMED_KINDS, THAT_WORDS, ActorMention
from marsad.extract.candidates import Candidate
from marsad.extract.document import DocState
from marsad.extract.trace import Step
from marsad.lexicon.compiled import LexEntry, Lexicon
from marsad.lexicon.matcher import Match
from marsad.text.numbers import casualty_nouns, count_words

# How far (in characters) a marker may stand before the actor it marks: "على يد" + a short word or quotes.
MARKER_REACH = 14
# How far after a verbal noun an actor still reads as its complement ("قصف طائرات الاحتلال").
IDAFA_REACH = 16
# sub-types whose object is a weapon of the other side: a nationality after it names its owner (the target)
_OWNED_OBJECT_TYPES = frozenset({"Disrupted weapons use"})
# Sides of a clash stand close to the clash word (characters).
CLASH_REACH = 90
# A sentence may hold the actor when the clause lacks one, within this many characters of the trigger.
SENTENCE_REACH = 160
STATE_KINDS = frozenset({"state_military", "state_security", "government", "foreign_military"})


def _marked(
    state: DocState, cue_class: str, actor: ActorMention, lo: int, skip: Match[LexEntry] | None = None
) -> bool:
    """Whether a cue of the class stands just before the actor (only quotes and a short word between); a cue on
    the span of ``skip`` does not count."""
    for cue in state.cues_ending_in(cue_class, max(lo, actor.token_start - MARKER_REACH), actor.token_start):
        if lo <= cue.end <= actor.token_start and actor.token_start - cue.end <= MARKER_REACH:
            if skip is not None and cue.start < skip.end and cue.end > skip.start:
                continue
            return True
    return False


# Words of a force drawn from a named group, between a verb and the group ("اختطفت قوة مشتركة من فصيلي «الحمزات»").
_FORCE_CHAIN = frozenset(
    {"قوه", "قوات", "مجموعه", "مجموعات", "دوريه", "دوريات", "عناصر", "مشتركه", "من", "فصيلي", "فصيل", "فصائل",
     "تابعه", "التابعه", "عسكريه", "امنيه", "مسلحه", "مسلحون", "مسلحين"}
)


def _force_of(state: DocState, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a force drawn from the group that follows it, ending in "من" (a few words)."""
    words = [w.strip("«»\"'()") for w in state.text[start:end].split()]
    words = [w for w in words if w]
    return 2 <= len(words) <= 5 and words[-1] in {"من", "فصيلي", "فصيل"} and all(w in _FORCE_CHAIN for w in words)


# Words that join the actors of one subject ("وحلفاؤها من"، "والفصائل الموالية لها"، "بمساندة").
_JOINING = frozenset(
    {"و", "من", "مع", "لها", "له", "لهم", "الموالية", "الموالي", "الموالين", "المدعومة", "المتحالفة", "وحلفاءها",
     "وحلفاؤها", "وحلفائها", "وحلفاؤه", "وحلفاءه", "وحلفائه", "بمساندة", "بدعم", "ومعها", "ومعه", "المسانده"}
)


def _joined(state: DocState, a: ActorMention, b: ActorMention) -> bool:
    """Whether only joining words stand between two actors ("القوات التركية وحلفاؤها من الجيش السوري الحر"):
    one subject. The second's own و counts as joining."""
    gap = state.text[a.end : b.token_start].split()
    joined_by_wa = b.prefix.startswith("و")
    return (bool(gap) or joined_by_wa) and len(gap) <= 3 and all(w in _JOINING for w in gap)


def _right_before_verb(state: DocState, actor: ActorMention, trig: Match[LexEntry]) -> bool:
    """Whether the actor ends right before the event's verb, nothing between: its subject (SVO)."""
    return (
        trig.payload.detail in {"verb", "imperfect"}
        and actor.end <= trig.start
        and not state.text[actor.end : trig.token_start].strip()
    )


def _distinct(actors: list[ActorMention]) -> list[ActorMention]:
    seen: set[str] = set()
    out: list[ActorMention] = []
    for a in actors:
        if a.actor_id not in seen:
            seen.add(a.actor_id)
            out.append(a)
    return out


def kind_of(lexicon: Lexicon, actor: ActorMention | None) -> str:
    if actor is None:
        return "unknown"
    entry = lexicon.actors.get(actor.actor_id)
    return entry.kind if entry else "unknown"


def assign_roles(state: DocState, lexicon: Lexicon, cand: Candidate) -> None:
    _assign_roles(state, lexicon, cand)
    if cand.traced and (cand.actor1 is not None or cand.actor2 is not None):
        a1 = cand.actor1.actor_id if cand.actor1 is not None else "-"
        a2 = cand.actor2.actor_id if cand.actor2 is not None else "-"
        cand.trail.append(Step("roles", f"frame {cand.group.frame}", f"actor1 {a1}, actor2 {a2}"))


def _assign_roles(state: DocState, lexicon: Lexicon, cand: Candidate) -> None:
    cs, ce = cand.clause
    ss, se = cand.sentence_span
    trig = cand.trigger
    in_clause = [a for a in state.actors_in(cs, ce) if not _speaker(state, a, lexicon)]
    in_sentence = [
        a
        for a in state.actors_in(max(ss, trig.start - SENTENCE_REACH), min(se, trig.start + SENTENCE_REACH + 1))
        if not _speaker(state, a, lexicon)
    ]
    frame = cand.group.frame
    if frame == "humanitarian":
        helpers = [a for a in in_sentence if kind_of(lexicon, a) in {"aid", "international", "government"}]
        if cand.group.id == "aid" and helpers:
            cand.actor1 = helpers[0]
            cand.assoc = [a for a in _distinct(helpers[1:]) if a.actor_id != helpers[0].actor_id]
        return
    if frame == "crowd":
        crowd = [a for a in in_sentence if kind_of(lexicon, a) in {"protesters", "rioters"}]
        cand.actor1 = crowd[0] if crowd else None
        force = [a for a in in_sentence if kind_of(lexicon, a) in STATE_KINDS]
        cand.actor2 = force[0] if force else None
        return
    agent: ActorMention | None = None
    target: ActorMention | None = None
    # the trigger itself may be a target word ("استهدفت"): then what follows is its subject, unless the verb
    # tells what an earlier noun of violence did ("هجوما انتحاريا استهدف قوات الحكومة")
    own_marker = trig.payload.detail != "noun" and not _relative_verb(state, trig)
    marked_target = False  # the target follows a target marker ("على قوة أمنية")
    for a in in_clause:
        if agent is None and _marked(state, "passive_agent", a, cs):
            agent = a
        elif (
            target is None
            and _marked(state, "target_marker", a, cs, skip=trig if own_marker else None)
            and (agent is None or a is not agent)
            and not _right_before_verb(state, a, trig)  # "عناصر من الفصائل ... حرقوا": members who acted
        ):
            target, marked_target = a, True
    if cand.suffered is not None and frame != "clash":
        # "تعرضت مناطق ... لقصف مدفعي من دبابات الاحتلال"، "تعرض منزل لهجوم شنه مسلحون": what suffers is the target; the
        # doer follows the event word (its complement, a marker, or a nationality adjective)
        before = [a for a in in_clause if a.end <= trig.start]
        after = [a for a in in_clause if a.start >= trig.end]
        doer = agent or next(
            (a for a in after if a.role_hint == "nationality" or a.token_start - trig.end <= IDAFA_REACH), None
        )
        if doer is not None and kind_of(lexicon, doer) == "civilians":
            doer = None
        victim = target or (before[-1] if before else None)
        if victim is not None and doer is not None and victim.actor_id == doer.actor_id:
            victim = None
        cand.actor1, cand.actor2 = doer, victim
        return
    if cand.group.id == "agreement":
        # "وتقوم روسيا بدور الوساطة ... وتوصلت إلى اتفاق": the parties are the sentence's actors, its subject first
        parties = _distinct([a for a in in_sentence if kind_of(lexicon, a) not in {"civilians", "media"}])
        if parties:
            cand.actor1 = parties[0]
            cand.actor2 = parties[1] if len(parties) > 1 else None
        return
    if frame == "clash":
        near = [a for a in in_clause if abs(a.start - trig.start) <= CLASH_REACH]
        if frame == "clash":
            near = [a for a in near if kind_of(lexicon, a) in ARMED_KINDS]
            in_sentence = [a for a in in_sentence if kind_of(lexicon, a) in ARMED_KINDS]
            if trig.payload.detail == "noun":
                # "الاشتباكات مع X"، "معارك بين X و Y": a noun's sides follow it
                near = [a for a in near if a.start >= trig.end]
                in_sentence = [a for a in in_sentence if a.start >= trig.end]
        sides = _between(state, lexicon, cand, in_clause) or _distinct(near) or _distinct(in_sentence)
        if sides:
            cand.actor1 = agent or sides[0]
            rest = [a for a in sides if a.actor_id != cand.actor1.actor_id]
            cand.actor2 = (
                target if target and target.actor_id != cand.actor1.actor_id else (rest[0] if rest else None)
            )
        return
    if agent is None:
        # "الغارات الإسرائيلية"، "القصف التركي": an actor's name that begins with the event word names the doer
        agent = next((a for a in in_clause if a.start == trig.start and a.end > trig.end), None)
    after = [a for a in in_clause if a.start >= trig.end and a is not agent and a is not target]
    before = [a for a in in_clause if a.end <= trig.start and a is not agent and a is not target]
    victim_reading = frame == "victim" or trig.payload.detail == "passive"
    if (
        agent is None
        and before
        and before[-1].role_hint == "resumptive"
        and trig.payload.detail in {"verb", "imperfect"}
        and not state.text[before[-1].end : trig.token_start].strip()
    ):
        # "تقول إنها تستهدف حزب العمال": the pronoun right before the verb is its subject, what follows its object
        agent = before[-1]
        before = before[:-1]
    if (
        agent is None
        and before
        and not victim_reading
        and _right_before_verb(state, before[-1], trig)
        and kind_of(lexicon, before[-1]) != "civilians"
    ):
        # "أن طائرات النظام قصفت مخابئ الدواعش": the subject right before its verb (SVO); what follows is its object.
        # Of a subject that joins several ("القوات التركية وحلفاؤها من الجيش السوري الحر سيطرت"), the head is the first
        head = len(before) - 1
        while head > 0 and _joined(state, before[head - 1], before[head]):
            head -= 1
        agent = before[head]
        cand.assoc.extend(a for a in before[head + 1 :] if a.actor_id != agent.actor_id)
        before = before[:head]
    if agent is None and after:
        first = after[0]
        close = first.token_start - trig.end <= IDAFA_REACH or _force_of(state, trig.end, first.token_start)
        civilian = kind_of(lexicon, first) == "civilians"
        if (
            first.role_hint == "nationality"
            and cand.group.sub_event_type in _OWNED_OBJECT_TYPES
            and state.text[trig.end : first.token_start].strip()
        ):
            # "أسقطت طائرة سورية"، "اعترضت صاروخين إسرائيليين": the nationality after an interception's object is
            # the object's owner, never the doer (70 corpus hits of أسقط/اعترض + a weapon + a nationality, 25 read:
            # all 25 the side whose aircraft or missile was downed); the doer is found before the verb or in the
            # sentence. A state named right after the verb is its subject ("وأسقطت إسرائيل الطائرة الإيرانية")
            target = target or first
            after = after[1:]
        elif frame == "unary" and close and trig.payload.detail == "noun" and first.role_hint != "nationality":
            target = target or first  # "نقل 750 داعشيا"، "اعتقال عناصر من X": the noun's object
            after = after[1:]
        elif first.role_hint == "nationality" or (
            close and not civilian and not victim_reading and not _victim_object(state, lexicon, first)
        ):
            agent = first
            after = after[1:]
        elif (
            frame == "victim"
            and trig.payload.detail == "verb"
            and close
            and kind_of(lexicon, first) in ARMED_KINDS
            and any(a.actor_id != first.actor_id for a in after[1:])
        ):
            agent = (
                first  # "اغتال مسلحون مجهولون مختار القرية": an active verb with subject and object after it
            )
            after = after[1:]
        elif not victim_reading and trig.payload.detail == "verb" and not civilian and close:
            if _relative_verb(state, trig):
                target = target or first  # "هجوم بسيارة مفخخة استهدف سرية عسكرية": the verb's object
            else:
                agent = first  # VSO: the subject follows its verb at once ("استهدفت طائرة مسيرة تركية ...")
            after = after[1:]
    victim_noun = frame == "victim" and trig.payload.detail == "noun"  # "X تكشف مقتل Y": X did not kill
    weak_agent = agent is None  # from here on the doer is only the nearest actor before the word, or the sentence's
    if agent is None and before and not victim_noun:
        head = len(before) - 1
        while head > 0 and _joined(state, before[head - 1], before[head]):
            head -= 1  # "تمكنت القوات التركية والفصائل السورية الموالية لها من السيطرة": the head of the subject
        cand_agent = before[head]
        kind = kind_of(lexicon, cand_agent)
        if (
            kind != "civilians"
            and (frame == "unary" or kind not in {"government", "official"})
            and not (
                frame != "unary" and _victim_object(state, lexicon, cand_agent)
            )  # "بمقتل 38 من المقاتلين ..."
        ):
            agent = cand_agent  # an official before a violent word reports it ("أفاد رئيس المجلس ... أن")
    if target is None and after and frame != "unary":
        target = next((a for a in after if agent is None or a.actor_id != agent.actor_id), None)
    # "قتلوا" (they killed) and "قامت X بقتل" (X carried out the killing of) have their doer before them
    active = (trig.payload.detail == "verb" and state.text[trig.start : trig.end].endswith("وا")) or (
        trig.payload.detail == "noun" and trig.prefix.endswith("ب")
    )
    sentence_agent = (frame in {"attack", "unary"} and cand.group.id != "territory") or (
        frame == "victim" and active
    )
    if (
        agent is None
        and active
        and trig.payload.detail == "noun"
        and _CARRY_OUT.search(state.text, cs, trig.start)
    ):
        # "قامت مجموعة من عصابات داعش بقتل 15 شخصا": the subject of قام before the verbal noun is its doer
        doers = [
            a
            for a in in_clause
            if a.end <= trig.start
            and kind_of(lexicon, a) in ARMED_KINDS
            and not _victim_object(state, lexicon, a)
            and (target is None or a.actor_id != target.actor_id)
        ]
        if doers:
            agent = doers[-1]
    if agent is None and sentence_agent:
        kinds = ARMED_KINDS | {"government"} if frame == "unary" else ARMED_KINDS
        # an actor that suffers anywhere before the clause ("قتل ثمانية عناصر من "قوات سورية الديمقراطية" (قسد)") is the
        # victim in each of its mentions there, the parenthesis too
        suffering = {a.actor_id for a in in_sentence if a.end <= cs and _suffers(state, lexicon, a)}
        prior = [
            a
            for a in in_sentence
            if a.end <= cs and kind_of(lexicon, a) in kinds and a.actor_id not in suffering
        ]
        if prior and (target is None or prior[-1].actor_id != target.actor_id):
            agent = prior[-1]
    if agent is None:
        # "ونفذ عناصر من تنظيم الدولة، ... عملية إعدام": a perpetration word marks the doer across a comma
        marked = [a for a in in_sentence if not cs <= a.start < ce and _marked(state, "passive_agent", a, ss)]
        if marked and (target is None or marked[-1].actor_id != target.actor_id):
            agent = marked[-1]
    if agent is not None and target is not None and agent.actor_id == target.actor_id:
        if marked_target and weak_agent:
            # "الأجهزة الأمنية في حالة استنفار عقب تفجير عبوة على قوة أمنية": the force the attack was on is not
            # its doer because it is also named before the word
            agent = None
        else:
            target = None
    cand.actor1, cand.actor2 = agent, target


# How many sentences back an unnamed subject may be carried from.
CARRY_SENTENCES = 2


def _back_from(ordered: list[Candidate], i: int, first_sentence: int) -> Iterator[Candidate]:
    """``reversed(ordered[:i])`` (candidates in text order) down to those of ``first_sentence``: the ones before
    it are too far back to give a subject."""
    while i > 0:
        i -= 1
        if ordered[i].sentence < first_sentence:
            return
        yield ordered[i]


def carry_subjects(state: DocState, lexicon: Lexicon, cands: list[Candidate]) -> None:
    """Arabic drops a subject already named: "توغلت قوة للاحتلال في قرية المسريتية ... ثم اعتقلت شابين" — an active
    verb with no doer of its own has the doer of the event told just before it in its paragraph."""
    ordered = sorted(cands, key=lambda c: c.trigger.start)
    for i, c in enumerate(ordered):
        if c.actor1 is not None or c.trigger.payload.detail not in {"verb", "imperfect"}:
            continue
        if c.group.frame not in {"attack", "unary", "clash"}:
            continue
        para = state.paragraph_of(c.trigger.start)
        prev = next(
            (
                p
                for p in _back_from(ordered, i, c.sentence - CARRY_SENTENCES)
                if p.actor1 is not None
                and state.paragraph_of(p.trigger.start) == para
                and 0 <= c.sentence - p.sentence <= CARRY_SENTENCES
            ),
            None,
        )
        if prev is None or prev.actor1 is None or kind_of(lexicon, prev.actor1) not in ARMED_KINDS:
            agent = _agent_of_an_earlier_word(state, lexicon, c)
            if agent is not None and (c.actor2 is None or c.actor2.actor_id != agent.actor_id):
                c.actor1 = agent
                if c.traced:
                    c.trail.append(Step("roles", "subject carried over", f"{agent.actor_id}, agent of an earlier word"))
            continue
        if c.actor2 is not None and c.actor2.actor_id == prev.actor1.actor_id:
            continue
        c.actor1 = prev.actor1
        if c.traced:
            c.trail.append(Step("roles", "subject carried over", f"{prev.actor1.actor_id} from «{prev.trigger.key}»"))


def _agent_of_an_earlier_word(state: DocState, lexicon: Lexicon, c: Candidate) -> ActorMention | None:
    """"بعد تقدم الجيش السوري داخل المنطقة حيث سيطر على بلدة حمورية": the armed actor that is the agent of an event
    word earlier in the sentence (right after it), even a word that made no event of its own, is the subject the
    later verb drops."""
    s0 = c.sentence_span[0]
    words = [t for t in state.triggers_in(s0, c.trigger.start) if t.end <= c.trigger.start]
    for a in reversed([a for a in state.actors_in(s0, c.trigger.start) if a.end <= c.trigger.start]):
        if kind_of(lexicon, a) not in ARMED_KINDS:
            continue
        if any(0 <= a.token_start - w.end <= 1 for w in words):
            return a
        return None  # the nearest armed actor is not an agent: it may be a victim or a target
    return None


# Kinds of doers whose strikes an article may tell with the doer named once ("قصف تركي ..." then "قصف استهدف الوادي").
STRIKING_KINDS = frozenset({"state_military", "foreign_military"})


def share_strike_doers(lexicon: Lexicon, cands: list[Candidate]) -> None:
    """A strike told with no doer, in an article whose other strikes all have one and the same state force as their
    doer, is that force's: the article names it once and goes on."""
    strikes = [c for c in cands if c.event_type == "Explosions/Remote violence"]
    doers = {c.actor1.actor_id: c.actor1 for c in strikes if c.actor1 is not None}
    if len(doers) != 1:
        return
    (doer,) = doers.values()
    if kind_of(lexicon, doer) not in STRIKING_KINDS:
        return
    for c in strikes:
        if c.actor1 is None and (c.actor2 is None or c.actor2.actor_id != doer.actor_id):
            c.actor1 = doer
            if c.traced:
                c.trail.append(Step("roles", "doer of the article's other strikes", doer.actor_id))


AID_KINDS = frozenset({"aid", "international"})


def find_aid_providers(state: DocState, lexicon: Lexicon, cands: list[Candidate]) -> None:
    """An aid delivery told with no provider in its sentence ("دخلت قافلة مساعدات إلى الغوطة") is the relief body the
    paragraph names, else the one the article's lead names."""
    bodies = [a for a in state.actors if kind_of(lexicon, a) in AID_KINDS]
    if not bodies:
        return
    for c in cands:
        if c.sub_event_type != "Humanitarian aid" or c.actor1 is not None:
            continue
        para = state.paragraph_of(c.trigger.start)
        near = [a for a in bodies if state.paragraph_of(a.start) == para]
        lead = [a for a in bodies if state.paragraph_of(a.start) <= LEAD_PARAGRAPHS]
        chosen = near or lead
        if chosen:
            c.actor1 = min(chosen, key=lambda a: abs(a.start - c.trigger.start))
            if c.traced:
                c.trail.append(Step("roles", "aid provider named nearby", c.actor1.actor_id))


LEAD_PARAGRAPHS = 2


# A speaker stands between a reporting word and "إن/أن" ("قال الجيش العراقي إن مسلحين ...", "قال المسؤول في
# جيش الإسلام محمد علوش على تويتر إن ..."): at most this many words from the reporting word, then the "that" within
# as many more.
SPEAKER_WORDS = 6
SPEAKER_REACH = 70


def _speaker(state: DocState, actor: ActorMention, lexicon: Lexicon) -> bool:
    """The body that reports an event is not one of its actors: "قال الجيش العراقي إن ..."، "أعلنت وزارة
    الصحة مقتل ..." (a ministry or an official announcing), and the body before a headline colon ("الأمم
    المتحدة: قافلة المساعدات تغادر بسبب القصف")."""
    text = state.text
    if actor.role_hint == "resumptive":
        return False  # "قال الجيش إنه قصف": the pronoun after the speaker is the doer
    if text[actor.end : actor.end + 2].lstrip(' "').startswith(":"):
        return True
    reports = state.cues_in("report", max(0, actor.token_start - SPEAKER_REACH), actor.token_start)
    if not reports:
        return False
    between = text[reports[-1].end : actor.token_start].split()
    if (
        len(between) > SPEAKER_WORDS
        or any(w.strip('"،,') in THAT_WORDS for w in between)
        or "." in text[reports[-1].end : actor.token_start]
    ):
        return False
    if kind_of(lexicon, actor) in {"government", "official"} and len(between) <= 2:
        return True
    tail = text[actor.end : actor.end + SPEAKER_REACH]
    tail = tail[: min((k for k in (tail.find("."), tail.find("\n")) if k >= 0), default=len(tail))]
    after = tail.replace('"', " ").replace("،", " ").split()
    return any(w in THAT_WORDS for w in after[: SPEAKER_WORDS + 2])


# A victim word this close before an actor makes the actor the one who suffered ("مقتل 14 من قوات الجيش").
VICTIM_REACH = 40


def _suffers(state: DocState, lexicon: Lexicon, actor: ActorMention) -> bool:
    if _marked(state, "target_marker", actor, 0):
        return True
    for t in state.triggers_ending_in(actor.token_start - VICTIM_REACH, actor.token_start):
        if t.end <= actor.token_start and actor.token_start - t.end <= VICTIM_REACH:
            if lexicon.groups[t.payload.ref].frame == "victim":
                return True
    return False


# "قام/قامت/قاموا ... بـ": the verb of carrying out whose subject does what the verbal noun after ب names.
_CARRY_OUT = regex.compile(r"(?<!\w)[وف]?(?:قام|قامت|قاموا|قامتا|يقوم|تقوم|يقومون)(?!\w)")


# What may stand between a victim word and the actor it names as the victim: a count and "من".
_VICTIM_GAP = 24


def _victim_object(state: DocState, lexicon: Lexicon, actor: ActorMention) -> bool:
    """ "بمقتل 38 من المقاتلين الموالين ... في ضربة جوية"، "غارة تقتل 8 مسلحين": the actor right after a victim
    word, with only a count between, is who was killed, not who struck; so is the actor a casualty count names
    ("9 قتلى من ميليشيا النظام في قصف")."""
    before = state.text[max(0, actor.token_start - 16) : actor.token_start].split()
    if before and before[-1] == "من":
        before = before[:-1]
    if before and before[-1] in casualty_nouns():
        return True
    for t in state.triggers_ending_in(actor.token_start - _VICTIM_GAP, actor.token_start):
        if t.end <= actor.token_start and actor.token_start - t.end <= _VICTIM_GAP:
            if lexicon.groups[t.payload.ref].frame != "victim":
                continue
            between = state.text[t.end : actor.token_start]
            if any(c in between for c in "\n.،,:؛"):
                continue
            gap = between.split()
            if t.payload.detail != "noun" and not gap:
                continue  # "قتلت القوات الإسرائيلية 60 فلسطينيا": a verb's subject follows it at once
            if all(w.isdigit() or w in count_words() for w in gap):
                return True
    return False


# A verb this close after a noun of violence tells what that noun did ("بقصف جوي روسي استهدف محيط قرية").
RELATIVE_REACH = 25


def _relative_verb(state: DocState, trig: Match[LexEntry]) -> bool:
    return any(
        t.payload.detail == "noun"
        and t.end <= trig.token_start
        and trig.token_start - t.end <= RELATIVE_REACH
        for t in state.triggers_ending_in(trig.token_start - RELATIVE_REACH, trig.token_start)
    )


def _between(
    state: DocState, lexicon: Lexicon, cand: Candidate, in_clause: list[ActorMention]
) -> list[ActorMention]:
    """ "بين X و Y": the two actors after بين, even across the commas of a long noun phrase."""
    se = cand.sentence_span[1]
    for cue in state.cues_starting_in("between", max(cand.clause[0], cand.trigger.start), cand.clause[1]):
        if cand.clause[0] <= cue.start < cand.clause[1] and cue.start >= cand.trigger.start:
            sides = _distinct(
                [
                    a
                    for a in state.actors_in(cue.start + 1, min(se, cue.end + CLASH_REACH))
                    if cue.start < a.start < min(se, cue.end + CLASH_REACH)
                    and (cand.group.frame != "clash" or kind_of(lexicon, a) in ARMED_KINDS)
                ]
            )
            if len(sides) >= 2:
                return sides[:2]
    return []


def refine_type(state: DocState, lexicon: Lexicon, cand: Candidate) -> None:
    """Apply the group's refinement rules (first match wins)."""
    name = cand.group.refine
    if not name:
        cand.specific = 2
        return
    cs, ce = cand.clause
    ss, se = cand.sentence_span
    target_kind = kind_of(lexicon, cand.actor2)
    if cand.actor2 is None and _people_hit(state, cand):
        target_kind = "civilians"  # "قتل 7 أشخاص": unnamed people killed are civilians unless named otherwise
    agent_kind = kind_of(lexicon, cand.actor1)

    # in a story of protests, forces killing or shooting people are using force on protesters; their captures,
    # campaigns and strikes are not (refinements of territory and the like never read it)
    # (confrontations between two armed sides are a battle even in a story of protests: "مواجهات بين قوات النظام
    # ومسلحي داعش")
    two_armed = agent_kind in ARMED_KINDS and target_kind in ARMED_KINDS
    protest_story = (
        name in _PROTEST_READINGS
        and (agent_kind in STATE_KINDS or name in _CROWD_READINGS)
        and not (name in _CROWD_READINGS and two_armed)
        and _protest_story(state, lexicon)
    )

    def present(c: str) -> bool:
        if c == "protesters" and protest_story:
            return True  # a story of protests: forces killing people there are using force on protesters
        scope = lexicon.cues.classes[c].scope
        lo, hi = (ss, se) if scope == "sentence" else (cs, ce)
        # (not the event word itself: "وسقطت صواريخ على سوق المدينة" names no weapon beyond the word that tells it)
        own_start, own_end = cand.trigger.start, cand.trigger.end
        named = (
            any(m.end <= own_start or m.start >= own_end for m in state.cues_in(c, lo, hi))
            if c == "artillery"
            else state.has_cue(c, lo, hi)
        )
        return named or _trigger_class_in(state, lexicon, c, lo, hi, cand.trigger)

    for rule in lexicon.triggers.refinements[name]:
        if rule.cues and not any(present(c) for c in rule.cues):
            continue
        if rule.also and not all(present(c) for c in rule.also):
            continue
        if rule.target and target_kind not in rule.target:
            continue
        if rule.agent and agent_kind not in rule.agent:
            continue
        if cand.traced and (cand.event_type, cand.sub_event_type) != (rule.event_type, rule.sub_event_type):
            why = (
                "default"
                if rule.default
                else ", ".join(
                    [
                        *(f"cue {c}" for c in rule.cues),
                        *(f"target {t}" for t in rule.target),
                        *(f"agent {a}" for a in rule.agent),
                    ]
                )
            )
            cand.trail.append(
                Step("type", f"refine {name}", f"{rule.event_type}/{rule.sub_event_type} by {why}")
            )
        cand.event_type, cand.sub_event_type = rule.event_type, rule.sub_event_type
        # a reading by its target alone ("قتل مدنيين": violence against civilians) says nothing of the weapon: as
        # generic as the default, a retelling of the article's strike or bombing of the same day and place
        by_target_only = bool(rule.target) and not (rule.cues or rule.agent)
        cand.specific = 0 if (rule.default or by_target_only) and not cand.group.specific else 1
        return


_PROTEST_READINGS = frozenset({"killing", "clash", "attack", "confrontation"})
# readings of words that tell a crowd's side as much as a force's ("مواجهات"): in a story of protests they are the
# protest met by force whoever is named as their doer
_CROWD_READINGS = frozenset({"confrontation"})
# A story with this many words for protests is about a protest: deaths by the forces there are of protesters.
PROTEST_STORY_WORDS = 3


def _protest_story(state: DocState, lexicon: Lexicon) -> bool:
    found = state.memo.get("protest story")
    if found is None:  # (once per document: it is asked for each candidate)
        words = sum(1 for t in state.triggers if lexicon.groups[t.payload.ref].event_type == "Protests")
        cues = len(state.cues.get("protesters", ())) + len(state.cues.get("protest_campaign", ()))
        found = state.memo["protest story"] = words + cues >= PROTEST_STORY_WORDS
    return bool(found)


# Unit nouns that name people with no side: killed or hurt, they are counted as civilians.
_PLAIN_PEOPLE = frozenset({"شخص", "شخصا", "اشخاص", "شخصين", "شخصان", "الاشخاص", "اشخاصا"})


def _people_hit(state: DocState, cand: Candidate) -> bool:
    return any(
        q.unit in {"fatalities", "injured", "people"}
        and state.text[q.unit_start : q.unit_end] in _PLAIN_PEOPLE
        for q in cand.quantities
    )


_CUE_OF_GROUP = {
    "airstrike": "air",
    "shelling": "bombardment",  # (no class: a bare "قصف" names no weapon)
    "artillery": "artillery",
    "projectile": "missile",
    "ied": "explosive",
    "explosion": "explosive",
    "suicide": "suicide",
}


def _trigger_class_in(
    state: DocState, lexicon: Lexicon, cue: str, lo: int, hi: int, own: Match[LexEntry]
) -> bool:
    """A weapon trigger in the clause counts as the weapon cue it implies ("هجوم ... بعبوة ناسفة")."""
    for t in state.triggers_in(lo, hi):
        if t is own or not (lo <= t.start < hi):
            continue
        if _CUE_OF_GROUP.get(t.payload.ref) == cue:
            return True
    return False
