"""The discourse resource (``discourse.yaml``): what page furniture looks like, and which cue classes make a clause
an announcement, a habit, history or a total rather than an occurrence. Validated on load, patterns compiled once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex
from mypy_extensions import mypyc_attr
from pydantic import ValidationError

from marsad._yaml import safe_load
from marsad.errors import ResourceError
from marsad.lexicon.discourse_rules import BoilerplateRules, DiscourseResource


@mypyc_attr(native_class=False)  # a Python class even when compiled: the lexicon's cache pickles it by its slots
class AnyPattern:
    """Whether any of some patterns is found in a string (``any(p.search(s) for p in patterns)``), tried at less
    cost: the patterns anchored at the start ("^...", no alternative at the top level) are one alternation tried
    at the start only, those that are plain strings (no character special to a pattern) are looked for as
    substrings, the others are searched one by one."""

    __slots__ = ("anchored", "literals", "others")

    def __init__(self, patterns: Iterable[str]) -> None:
        patterns = list(patterns)
        anchored = [p for p in patterns if _anchored(p)]
        self.anchored = regex.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        rest = [p for p in patterns if not _anchored(p)]
        self.literals = tuple(p for p in rest if _SPECIAL.isdisjoint(p))
        self.others = tuple(regex.compile(p) for p in rest if not _SPECIAL.isdisjoint(p))

    def found_in(self, text: str) -> bool:
        return (
            (self.anchored is not None and self.anchored.match(text) is not None)
            or any(p in text for p in self.literals)
            or any(p.search(text) for p in self.others)
        )


# the characters that make a pattern more than the string it is written as
_SPECIAL = frozenset("\\.^$*+?{}[]|()")


def _anchored(pattern: str) -> bool:
    """A pattern that can only match at the start of a string: it opens with ``^``, sets no flag (``(?m)`` would
    let ``^`` match after a line break) and has no alternative outside brackets and groups."""
    if not pattern.startswith("^"):
        return False
    depth, i, in_class = 0, 1, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            if pattern.startswith("(?", i) and not pattern.startswith(("(?:", "(?=", "(?!", "(?<=", "(?<!"), i):
                return False  # a flag, a named group or anything else: not simple enough to tell
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True


# the trigger forms (LexEntry.detail) each kind of verb pattern reads
_PERFECT = frozenset({"verb", "passive"})
_IMPERFECT = frozenset({"imperfect"})

# the kind of a sentence that sums up several occurrences (it sets all the event words of its sentence aside)
SUMMARY = "summary"


@dataclass(frozen=True, slots=True)
class CompiledDiscourse:
    """The discourse resource with its patterns compiled (once, cached), and the tables every document reads:
    the ``before`` cue classes of all kinds (in order, once each) and the kind each cue class makes."""

    rules: DiscourseResource
    lines: tuple[regex.Pattern[str], ...]
    openers: tuple[regex.Pattern[str], ...]
    captions: tuple[regex.Pattern[str], ...]
    # (kind, the trigger forms it reads, pattern anchored at the end of the text before the verb, its rule) of the
    # kinds' verb_before (perfect and passive verbs) and imperfect_before patterns
    before_verb: tuple[tuple[str, frozenset[str], regex.Pattern[str], str], ...] = ()
    before_classes: tuple[str, ...] = ()
    kind_of_class: dict[str, str] = field(default_factory=dict)
    # the before classes of the kinds' ``unless_dated``
    unless_dated: frozenset[str] = frozenset()
    # the three lists of patterns, each tested as one (see AnyPattern)
    any_line: AnyPattern = field(default_factory=lambda: AnyPattern(()))
    any_opener: AnyPattern = field(default_factory=lambda: AnyPattern(()))
    any_caption: AnyPattern = field(default_factory=lambda: AnyPattern(()))
    # whether a summary may be told before an event word (a ``before`` class or a verb pattern of that kind): when
    # not, only the summary kind's cues after a word or in its clause can make its sentence a summary
    summary_before: bool = False

    @classmethod
    def of(cls, rules: DiscourseResource) -> CompiledDiscourse:
        kinds = rules.kinds
        kind_of_class = {c: k for k, cues in kinds.items() for c in (*cues.before, *cues.after, *cues.clause)}
        before_classes = tuple(dict.fromkeys(c for k in kinds.values() for c in k.before))
        summary = kinds.get(SUMMARY)
        return cls(
            rules,
            tuple(regex.compile(p) for p in rules.boilerplate.lines),
            tuple(regex.compile(p) for p in rules.boilerplate.openers),
            tuple(regex.compile(p) for p in rules.boilerplate.captions),
            tuple(
                (kind, details, regex.compile("(?:" + p + r")\s*$"), rule)
                for kind, cues in kinds.items()
                for rule, details, patterns in (
                    ("verb_before", _PERFECT, cues.verb_before),
                    ("imperfect_before", _IMPERFECT, cues.imperfect_before),
                )
                for p in patterns
            ),
            before_classes,
            kind_of_class,
            frozenset(c for k in kinds.values() for c in k.unless_dated),
            AnyPattern(rules.boilerplate.lines),
            AnyPattern(rules.boilerplate.openers),
            AnyPattern(rules.boilerplate.captions),
            summary_before=any(kind_of_class[c] == SUMMARY for c in before_classes)
            or (summary is not None and bool(summary.verb_before or summary.imperfect_before)),
        )


@lru_cache(maxsize=1)
def load_discourse() -> CompiledDiscourse:
    import yaml  # (only when the lexicon is built: the resource cache holds it built)

    name = "discourse.yaml"
    try:
        data = safe_load(resources.files("marsad.resources").joinpath(name).read_text(encoding="utf-8"))
        return CompiledDiscourse.of(DiscourseResource.model_validate(data))
    except (OSError, yaml.YAMLError, ValidationError, regex.error) as exc:
        raise ResourceError(name, str(exc)) from exc


def check_classes(resource: CompiledDiscourse, cue_classes: Iterable[str]) -> None:
    """Every cue class a kind names must exist in ``cues.yaml``."""
    known = set(cue_classes)
    for kind, cues in resource.rules.kinds.items():
        unknown = sorted({*cues.before, *cues.after, *cues.clause, *cues.clause_after} - known)
        if unknown:
            raise ResourceError("discourse.yaml", f"kind {kind!r} names unknown cue classes {unknown}")
        if not set(cues.unless_dated) <= set(cues.before):
            raise ResourceError("discourse.yaml", f"kind {kind!r}: unless_dated names classes not in its before list")
        if not {*cues.after_unless_recent, *cues.after_unless_perfect} <= set(cues.after):
            raise ResourceError(
                "discourse.yaml", f"kind {kind!r}: after_unless_recent/after_unless_perfect name classes not in its after list"
            )


EMPTY = CompiledDiscourse.of(
    DiscourseResource(
        boilerplate=BoilerplateRules(teaser_chars=1, caption_chars=1, lines=[], openers=[], captions=[]),
        kinds={},
        history_days=36500,
    )
)
