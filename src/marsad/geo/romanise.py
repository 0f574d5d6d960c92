"""Romanisation of place names the gazetteer does not know (resources/geo/romanisation.yaml: BGN/PCGN without
diacritics). Arabic script writes no short vowels, so a name keeps its consonants and long vowels, with an "a"
after a word's first consonant when a consonant, و or ي follows it (صفوان -> Safwan, العدل -> Al-Adl, العجرف -> Al-Ajrf):
readable, and the consonant skeleton of the name's usual spellings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from marsad._yaml import resource_data
from marsad.errors import ResourceError

_AYN = "\u2018"  # ‘ (BGN/PCGN's ayn)
_HAMZA = "\u2019"  # ’ (BGN/PCGN's hamza)


class _TaMarbuta(BaseModel):
    # (validators built when the romaniser is first needed: a settlement the gazetteer lacks)
    model_config = ConfigDict(extra="forbid", defer_build=True)
    free: str
    before_noun: str


class RomanisationResource(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    letters: dict[str, str] = Field(min_length=20)
    long_vowels: dict[str, str]
    hamza: dict[str, str]
    article: str
    ta_marbuta: _TaMarbuta

    @field_validator("letters", "long_vowels", "hamza")
    @classmethod
    def _single_letters(cls, table: dict[str, str]) -> dict[str, str]:
        bad = [k for k in table if len(k) != 1]
        if bad:
            raise ValueError(f"keys must be single letters: {bad}")
        return table


@dataclass(frozen=True, slots=True)
class Romaniser:
    """``romanise(name)``: the Latin form of an Arabic place name (see the module's docstring)."""

    letters: dict[str, str]
    vowels: dict[str, str]
    hamza: dict[str, str]
    article: str
    free: str
    before_noun: str

    @classmethod
    def from_resource(cls, r: RomanisationResource) -> Romaniser:
        letters = {k: (_AYN if k == "ع" else _HAMZA if v == "'" else v) for k, v in r.letters.items()}
        return cls(letters, r.long_vowels, r.hamza, r.article, r.ta_marbuta.free, r.ta_marbuta.before_noun)

    def romanise(self, name: str) -> str:
        words = [w for w in (self._letters_only(w) for w in name.split()) if w]
        out: list[str] = []
        for i, word in enumerate(words):
            article = ""
            if word.startswith("ال") and len(word) > 3:
                article, word = self.article + "-", word[2:]
            nxt = words[i + 1] if i + 1 < len(words) else None
            construct = nxt is not None and not nxt.startswith("ال")
            body = self._word(word, construct).lstrip(_AYN + _HAMZA)
            if not body:
                continue
            article = article.capitalize() if not out else article
            out.append(article + body[0].upper() + body[1:])
        return " ".join(out)

    def _letters_only(self, word: str) -> str:
        return "".join(ch for ch in word if ch in self.letters or ch in self.vowels or ch in self.hamza or ch == "ة")

    def _word(self, word: str, construct: bool) -> str:
        parts: list[str] = []
        consonants = 0  # consonants written so far
        vowels = 0  # vowels written so far
        vowel_before = True  # a word starts as if after a vowel: و/ي there are consonants
        n = len(word)
        for j, ch in enumerate(word):
            nxt = word[j + 1] if j + 1 < n else ""
            if ch == "ة":
                if j == n - 1 and j and word[j - 1] in ("ي", "ی") and parts[-1] == self.vowels[word[j - 1]]:
                    parts.append("y" + (self.before_noun if construct else self.free))  # "ية": -iya(t)
                elif j == n - 1:
                    ending = self.free if not vowel_before else ""
                    if construct:
                        ending = self.before_noun if not vowel_before else self.before_noun[-1:]
                    parts.append(ending)
                continue
            if j == 0 and ch in self.hamza:
                parts.append(self.hamza[ch])
                vowel_before = True
                vowels += 1
                continue
            if ch in ("و", "ي", "ی") and (vowel_before or self._is_vowel(nxt)):
                parts.append("w" if ch == "و" else "y")
            elif ch in self.vowels:
                parts.append(self.vowels[ch])
                vowel_before = True
                vowels += 1
                continue
            else:
                parts.append(self.letters.get(ch) or _HAMZA)
            consonants += 1
            vowel_before = False
            if consonants == 1 and not vowels and (nxt in self.letters or nxt in self.hamza or nxt in ("و", "ي", "ی")):
                parts.append("a")  # the first syllable's short vowel, which the script does not write
                vowel_before = True
        return "".join(parts)

    def _is_vowel(self, ch: str) -> bool:
        return bool(ch) and ch in self.vowels and ch not in ("و", "ي", "ی")


@lru_cache(maxsize=1)
def default_romaniser() -> Romaniser:
    """The romaniser of ``resources/geo/romanisation.yaml`` (read, validated and built once)."""
    name = "geo/romanisation.yaml"
    try:
        return Romaniser.from_resource(RomanisationResource.model_validate(resource_data(name)))
    except ValidationError as exc:
        raise ResourceError(name, str(exc)) from exc
