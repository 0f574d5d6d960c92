"""The schema of ``resources/discourse.yaml`` (:mod:`marsad.lexicon.discourse`), validated with pydantic on load.

Apart from the module that uses it because that one may be compiled with mypyc (``scripts/build_native.py``), which
does not compile pydantic models; this module stays pure Python.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    # defer_build: the validator is made on first use (building the lexicon), not at import; a lexicon loaded
    # from the cache never validates (docs/performance.md, "Start-up, third round")
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class BoilerplateRules(_Strict):
    teaser_chars: int = Field(gt=0)
    caption_chars: int = Field(gt=0)
    lines: list[str]
    openers: list[str]
    captions: list[str]


class KindCues(_Strict):
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)
    clause: list[str] = Field(default_factory=list)
    # cue classes right after any event word of the clause ("السارين في هجوم أبريل": the clause names a past event)
    clause_after: list[str] = Field(default_factory=list)
    # patterns (normalised text) that end right before a verb of the kind ("وكان الجيش قد" + قصف: pluperfect)
    verb_before: list[str] = Field(default_factory=list)
    # the same before an imperfect event verb ("التي تستهدف المدنيين": what a group does, told of it)
    imperfect_before: list[str] = Field(default_factory=list)
    # `before` classes that make the kind only when the clause is not dated by its own words within history_days of
    # publication ("ويذكر أن ... شنت، مساء الثلاثاء، 30 غارة": an aside telling the news of the week before)
    unless_dated: list[str] = Field(default_factory=list)
    # `after` classes that make the kind only when the last date told before the event word (in its sentence or the
    # one before) is not within history_days of publication: "then" points back to that time ("خرج المتظاهرون يوم
    # الجمعة ... وقتل حينها ثلاثة": the news of Friday, not history)
    after_unless_recent: list[str] = Field(default_factory=list)
    # `after` classes that make the kind only when the last event verb of the clause before the cue is not a perfect
    # or passive one (with no relative pronoun between): a span after منذ counts how long an act has lasted after an imperfect verb ("وتقصف القوات البلدة
    # منذ أسبوعين") but dates a recent occurrence after a perfect one ("اغتال مسلحون ناشطا منذ بضعة أيام")
    after_unless_perfect: list[str] = Field(default_factory=list)


class DiscourseResource(_Strict):
    boilerplate: BoilerplateRules
    kinds: dict[str, KindCues]
    history_days: int = Field(gt=0)
    # a clause that counts since a date more than this many days before publication ("أسفرت مخلفات الحرب منذ 27
    # تشرين الثاني الماضي وحتى 15 آذار الجاري عن مقتل 96 مدنيا") tells a running total, not an occurrence
    since_days: int | None = Field(default=None, gt=0)
