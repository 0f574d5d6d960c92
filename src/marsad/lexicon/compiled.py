"""All of Marsad's word-level resources compiled into clitic-aware Aho-Corasick automata: one over the event
words (triggers), one over everything else (cues, actors, sources, nationality words, foreign places, framing).

A document's normalised text is scanned for event words first: most news has none, or names no place, and then
the second scan is never run. Every later stage works on the resulting matches, sorted by kind.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from mypy_extensions import mypyc_attr

from marsad.cache import default_cache
from marsad.errors import ResourceError
from marsad.lexicon.discourse import EMPTY as EMPTY_DISCOURSE
from marsad.lexicon.discourse import CompiledDiscourse, check_classes, load_discourse
from marsad.lexicon.matcher import (
    HAMZA_ALIFS,
    PRONOUN_SUFFIXES,
    Match,
    PhraseMatcher,
    first_letter,
    keep_first_hamza,
    sort_matches,
)
from marsad.lexicon.nisba import NisbaTable
from marsad.lexicon.resources import (
    ActorEntry,
    ActorHit,
    ActorLexicon,
    SourceEntry,
    SourceHit,
    actor_phrase_entries,
    load_actor_lexicon,
    load_framing,
    load_sources,
    source_phrase_entries,
)
from marsad.lexicon.triggers import (
    CueResource,
    ForeignResource,
    NationalityResource,
    TriggerGroup,
    TriggerResource,
    conjugate_imperfect,
    conjugate_perfect,
    load_cues,
    load_foreign,
    load_nationality,
    load_triggers,
)
from marsad.text.dates import load_date_resource
from marsad.text.normalize import normalize_str

_NONE: frozenset[str] = frozenset()
# nouns of triggers also take the possessive pronouns (قصفها، اعتقاله) and the alef of an indefinite accusative
# ("شنت هجوما"، "أطلقت صاروخا"، "نفذت قصفا"); the dual and plural endings are listed
_NOUN_SUFFIXES = PRONOUN_SUFFIXES | {"ا"}
# a verb's object "me" is ني, never ي: a verb with ي is another word ("قتلى" the dead, "عادي" ordinary, "رجعي")
_VERB_SUFFIXES = PRONOUN_SUFFIXES - {"ي"}


# Cue words this short, of the classes read from the words before a trigger, are not scanned for (see
# Lexicon.short_cues).
_SHORT_WORD = 2
_WORD_BEFORE_CLASSES = frozenset({"negation", "conditional", "generic", "question", "future", "denial"})
# Cue classes whose nouns also count with a possessive pronoun ("بنيران مدفعيته"، "عناصرها").
_SUFFIXED_CUES = frozenset(
    {
        *("air", "artillery", "missile", "explosive", "suicide", "military_object", "release_object", "own_forces", "future"),
        *("judicial", "building", "people_moving", "returnees", "force"),
    }
)


def _with_ta(form: str) -> tuple[str, ...]:
    """A noun in ة takes ت before a pronoun ("مدفعية" -> "مدفعيته"، "سيطرة" -> "سيطرتها"): both stems."""
    norm = normalize_str(form)
    if form.endswith("ة") and norm.endswith("ه"):
        return form, form[:-1] + "ت"  # (as written: a first hamza stays, matcher.dictionary_core)
    return (form,)


# Words of a noun phrase that never take the article: particles and prepositions ("إطلاق النار على"، "قصف بالهاون").
# (normalised: "على" is "علي", "إلى" "الي", "أو" "او")
_NO_ARTICLE = frozenset({"علي", "عن", "من", "في", "الي", "مع", "ضد", "بين", "او", "و", "بدون", "دون"})


def _definite(form: str) -> str | None:
    """The phrase with the article on its later words, as the matcher puts it on the first ("وقفات احتجاجية" ->
    "وقفات الاحتجاجية", read as "الوقفات الاحتجاجية"; "قافلة مساعدات" -> "قافلة المساعدات"); None when nothing
    changes. Words glued to a preposition (بالهاون، لإطلاق), particles and digits are left as they are."""
    words = form.split()
    if len(words) < 2:
        return None
    out = [words[0]]
    for w in words[1:]:
        bare = normalize_str(w)
        # (a word in أل/إل/آل has no article: "انفجار ألغام" -> "انفجار الألغام")
        has_article = bare.startswith("ال") and first_letter(w) not in HAMZA_ALIFS
        keep = bare in _NO_ARTICLE or has_article or bare.startswith(("ب", "ل")) or len(bare) <= 2 or not bare.isalpha()
        out.append(w if keep else "ال" + w)
    definite = " ".join(out)
    return None if definite == form else definite


@dataclass(frozen=True, slots=True)
class LexEntry:
    """What a dictionary form stands for: its kind (trigger, cue, actor, source, framing, nat_adj, nat_head),
    the id it refers to, and a detail (the trigger's part of speech, the actor form's role, a neutral term)."""

    kind: str
    ref: str
    detail: str = ""
    actor: ActorHit | None = None
    source: SourceHit | None = None


def _report_id(actor_id: str, actors: dict[str, ActorEntry], canonical: set[str]) -> str:
    cur: str | None = actor_id
    seen: set[str] = set()
    while cur is not None and cur not in seen:
        if cur in canonical:
            return cur
        seen.add(cur)
        entry = actors.get(cur)
        cur = entry.parent if entry is not None else None
    return actor_id


# The kinds of actor that are a state's armed or security forces (its own or a foreign state's).
FORCE_KINDS = frozenset({"state_military", "state_security", "foreign_military"})


@mypyc_attr(native_class=False)  # a Python class even when compiled: the resource cache pickles it
class Lexicon:
    """The compiled resources. Build with :meth:`build` (or :func:`default_lexicon`, cached)."""

    def __init__(
        self,
        triggers: TriggerResource,
        cues: CueResource,
        nationality: NationalityResource,
        actors: ActorLexicon,
        sources: list[SourceEntry],
        framing: list[tuple[str, str, str | None]],
        foreign: ForeignResource | None = None,
        discourse: CompiledDiscourse | None = None,
    ) -> None:
        for g in triggers.groups:
            unknown = sorted({*g.base, *g.requires, *g.blocked_by, *g.excluded_by} - cues.classes.keys())
            if unknown:
                raise ResourceError("triggers.yaml", f"group {g.id!r} names unknown cue classes {unknown}")
        for name, cls_ in cues.classes.items():
            unknown = sorted({*cls_.broken_by, *cls_.not_after, *cls_.not_before} - cues.classes.keys())
            if unknown:
                raise ResourceError("cues.yaml", f"class {name!r} names unknown cue classes {unknown}")
        self.discourse = discourse or EMPTY_DISCOURSE
        check_classes(self.discourse, cues.classes)
        self.triggers = triggers
        self.groups: dict[str, TriggerGroup] = {g.id: g for g in triggers.groups}
        self.cues = cues
        self.actors: dict[str, ActorEntry] = actors.by_id()
        # the id each actor is reported under: itself, or its nearest ancestor among the canonical ids of the
        # evaluation registry (an air force under its state's military, a police directorate under its security
        # forces), as the contract asks; the finer unit stays in the record beside it
        self.report_ids: dict[str, str] = {a: _report_id(a, self.actors, set(actors.eval_ids)) for a in self.actors}
        # the country of each state's armed and security forces (its army, police, intelligence, air force)
        self.force_countries: dict[str, str] = {
            a: e.country for a, e in self.actors.items() if e.kind in FORCE_KINDS and e.country
        }
        # one- and two-letter cue words (لا، لم، لن، لو، أي، هل) are read from the words before a trigger, not
        # scanned for: they stand inside most words of any text
        self.short_cues: dict[str, frozenset[str]] = {
            name: frozenset(f for f in (normalize_str(x) for x in cls_.forms) if len(f) <= _SHORT_WORD)
            for name, cls_ in cues.classes.items()
            if name in _WORD_BEFORE_CLASSES
        }
        # how many words before a trigger the short cues are read from (the widest window of their classes)
        self.short_reach: int = max(
            (cues.classes[name].window for name, forms in self.short_cues.items() if forms), default=0
        )
        self.sources: dict[str, SourceEntry] = {s.name: s for s in sources}
        # day parts that are also event words ("فجر": dawn / detonated), and the day words that follow them
        dates = load_date_resource()
        self.day_parts: frozenset[str] = frozenset(normalize_str(w) for w in dates.day_parts if " " not in w)
        self.day_words: frozenset[str] = frozenset(
            normalize_str(w) for w in [*dates.weekdays, *dates.days_relative] if " " not in w
        )
        self.foreign = foreign or ForeignResource(countries={})
        self.nisbas = NisbaTable.build(nationality)
        entries = list(self._entries(nationality, actors, sources, framing))
        self.trigger_matcher: PhraseMatcher[LexEntry] = PhraseMatcher(e for e in entries if e[1].kind == "trigger")
        self.context_matcher: PhraseMatcher[LexEntry] = PhraseMatcher(e for e in entries if e[1].kind != "trigger")

    def force_country(self, actor_id: str) -> str | None:
        """The country whose armed or security force ``actor_id`` is, or None for any other actor."""
        return self.force_countries.get(actor_id)

    @classmethod
    def build(cls) -> Lexicon:
        framing = [(f.form, f.neutral, f.actor) for f in load_framing()]
        return cls(
            load_triggers(),
            load_cues(),
            load_nationality(),
            load_actor_lexicon(),
            load_sources(),
            framing,
            load_foreign(),
            load_discourse(),
        )

    def _entries(
        self,
        nationality: NationalityResource,
        actors: ActorLexicon,
        sources: list[SourceEntry],
        framing: list[tuple[str, str, str | None]],
    ) -> Iterator[tuple[str, LexEntry, frozenset[str]]]:
        triggers, cues = self.triggers, self.cues
        for g in triggers.groups:
            for form in g.nouns:
                for variant in _with_ta(form):
                    yield variant, LexEntry("trigger", g.id, "noun"), _NOUN_SUFFIXES
                definite = _definite(form)
                if definite is not None:
                    yield definite, LexEntry("trigger", g.id, "noun"), _NOUN_SUFFIXES
            not_forms = {normalize_str(f) for f in g.not_forms}
            for verb in g.verbs:
                for form in conjugate_perfect(verb):  # (normalised: "ألقوا" gets its hamza back, so no article)
                    if form not in not_forms:
                        yield keep_first_hamza(verb, form), LexEntry("trigger", g.id, "verb"), _VERB_SUFFIXES
            for verb in g.passive:
                yield verb, LexEntry("trigger", g.id, "passive"), _NONE
            for verb in g.imperfect:
                for form in conjugate_imperfect(verb):
                    yield form, LexEntry("trigger", g.id, "imperfect"), _VERB_SUFFIXES
        for name, cls_ in cues.classes.items():
            suffixes = PRONOUN_SUFFIXES if name in _SUFFIXED_CUES else _NONE
            short = name in _WORD_BEFORE_CLASSES
            for form in (f for f in cls_.forms if not (short and len(normalize_str(f)) <= _SHORT_WORD)):
                for variant in _with_ta(form) if suffixes else (form,):
                    yield variant, LexEntry("cue", name), suffixes
        for actor_id, adjectives in nationality.adjectives.items():
            for form in adjectives:
                yield form, LexEntry("nat_adj", actor_id), _NONE
        for actor_id, names in nationality.names.items():
            for form in names:
                yield form, LexEntry("nat_adj", actor_id, "name"), _NONE
        for form in nationality.heads:
            yield form, LexEntry("nat_head", ""), _NONE
        for country, forms in self.foreign.countries.items():
            for form in forms:
                yield form, LexEntry("foreign", country), _NONE
        for form, hit, suffixes in actor_phrase_entries(actors):
            detail = f"loaded:{hit.neutral or ''}" if hit.role == "loaded" else hit.role
            yield form, LexEntry("actor", hit.actor_id, detail, actor=hit), suffixes
        for form, shit, suffixes in source_phrase_entries(sources):
            yield (
                form,
                LexEntry("source", shit.source.name, "cued" if shit.cued else "", source=shit),
                suffixes,
            )
        for form, neutral, actor in framing:
            yield form, LexEntry("framing", neutral, actor or ""), _NONE

    def scan_triggers(self, norm_text: str) -> list[Match[LexEntry]]:
        """The event words of the normalised text, in order of start (longer first at one start)."""
        return self.trigger_matcher.find(norm_text)

    def scan_context(self, norm_text: str) -> list[Match[LexEntry]]:
        """Every other match (cues, actors, sources, ...) in the normalised text, in the same order."""
        return self.context_matcher.find(norm_text)

    def scan(self, norm_text: str) -> list[Match[LexEntry]]:
        """Every match in the normalised text, in order of start (longer first at one start)."""
        return sort_matches([*self.scan_triggers(norm_text), *self.scan_context(norm_text)])


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged resources, compiled once per process, or loaded compiled from the process's
    :func:`marsad.cache.default_cache`."""
    from marsad.lexicon import stored

    return default_cache().get("lexicon", Lexicon.build, stored.dump, stored.load)


# how many words after a cue its object phrase runs ("تنديدا بمقتل ناشط برصاص الشرطة")
_OBJECT_WORDS = 4


def in_object_phrase(text: str, ends: list[int], start: int, token_start: int) -> bool:
    """Whether a word starting at ``start`` (its token at ``token_start``) lies in the object phrase of a cue ending
    at one of ``ends`` (sorted): a few words after it, with no punctuation between."""
    i = bisect.bisect_right(ends, start) - 1
    if i < 0 or ends[i] < start - 60:
        return False
    between = text[ends[i] : token_start]
    return len(between.split()) < _OBJECT_WORDS and not any(ch in between for ch in ".،,؛:\n")


def drop_objects(cues: dict[str, list[Match[LexEntry]]], lexicon: Lexicon, text: str) -> None:
    """Drop the cues in the object phrase of a cue of a class they are the object of (``not_after``: "تنديدا
    بمقتل ناشط برصاص الشرطة"): those starting within a few words after it, with no punctuation between; and the
    cues that a cue of a ``not_before`` class follows at once ("أطلقت النار في الهواء": warning shots)."""
    for name, cls_ in lexicon.cues.classes.items():
        found = cues.get(name)
        if not found or not (cls_.not_after or cls_.not_before):
            continue
        ends = sorted(c.end for other in cls_.not_after for c in cues.get(other, ()))
        starts = sorted(c.token_start for other in cls_.not_before for c in cues.get(other, ()))

        def in_object(m: Match[LexEntry], ends: list[int] = ends) -> bool:
            return in_object_phrase(text, ends, m.start, m.token_start)

        def undone(m: Match[LexEntry], starts: list[int] = starts) -> bool:
            i = bisect.bisect_left(starts, m.end)
            return i < len(starts) and starts[i] - m.end <= 2

        cues[name] = [m for m in found if not (ends and in_object(m)) and not (starts and undone(m))]
