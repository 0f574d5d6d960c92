"""Nationality adjectives (nisba) read after a generic force or office: "الجيش الأفغاني" names Afghanistan's army,
"رئيس الوزراء الإسرائيلي" Israel's government, whatever country the article is about."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.lexicon.triggers import NationalityResource
from marsad.text.normalize import normalize_str

# Endings of a nisba adjective after its ي (normalised): feminine, dual, plural; "يا" is the indefinite accusative.
_ENDINGS = ("يتين", "يتان", "يين", "يون", "يان", "يه", "ي")
_INDEFINITE_ENDINGS = (*_ENDINGS, "يا")
_MIN_STEM = 2


def nisba_stem(word: str) -> tuple[str, bool] | None:
    """The masculine singular of a normalised nisba form without its article, and whether it had the article
    ("الافغانيه" -> ("افغاني", True), "امريكيين" -> ("امريكي", False)); None when the word cannot be one."""
    definite = word.startswith("ال") and len(word) > len("ال") + _MIN_STEM
    core = word[2:] if definite else word
    for ending in _ENDINGS if definite else _INDEFINITE_ENDINGS:
        if core.endswith(ending) and len(core) - len(ending) >= _MIN_STEM:
            return core[: -len(ending)] + "ي", definite
    return None


@dataclass(frozen=True, slots=True)
class NisbaTable:
    """Stems of nationality adjectives: the country each names, the state's forces where the nationality
    resource knows them, and the adjectives that qualify an army without naming a nation."""

    country_of: dict[str, str]
    force_of: dict[str, str]
    not_nationality: frozenset[str]

    @classmethod
    def build(cls, res: NationalityResource) -> NisbaTable:
        def stems(forms: list[str]) -> list[str]:
            return [r[0] for r in (nisba_stem(normalize_str(f)) for f in forms) if r is not None]

        country_of = {s: country for country, forms in res.countries.items() for s in stems(forms)}
        force_of = {
            s: actor for actor, forms in res.adjectives.items() for s in stems(forms) if s in country_of
        }
        return cls(country_of, force_of, frozenset(stems(res.not_nationality)))
