"""Loading of the text layer's YAML resources (segment.yaml, quantities.yaml, dates.yaml)."""

from __future__ import annotations

import logging
import marshal
import pickle
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar, cast

import ahocorasick
import regex
from mypy_extensions import mypyc_attr
from pydantic import BaseModel, ValidationError

from marsad._yaml import safe_load
from marsad.cache import ResourceCache, default_cache
from marsad.errors import ResourceError

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


def read_yaml(name: str, model: type[M]) -> M:
    """Read ``marsad/resources/<name>`` and validate it against ``model`` (errors name the file); kept validated in
    the process's resource cache (``yaml-<name>``: reading and validating the three files of the text layer took
    6-8 ms of the first extraction, loading them 0.2 ms), so a changed file or model makes a new copy."""

    def load(payload: memoryview) -> M:  # (only ever the user's own cache: pickle runs what it names)
        stored = pickle.loads(payload)
        if not isinstance(stored, model):
            raise TypeError(f"stored {name} is a {type(stored).__name__}, not a {model.__name__}")
        return stored

    return default_cache().get(f"yaml-{name}", lambda: _read_yaml(name, model), _pickled, load)


def _pickled(obj: Any) -> bytes:
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def _read_yaml(name: str, model: type[M]) -> M:
    import yaml  # (only on a miss: the resource cache holds the file validated)

    try:
        text = resources.files("marsad.resources").joinpath(name).read_text(encoding="utf-8")
        data: Any = safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(name, str(exc)) from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ResourceError(name, str(exc)) from exc


class StoredPatterns:
    """Compiled patterns kept in a :class:`~marsad.cache.ResourceCache` (under ``patterns``), for
    :func:`compiled`. ``regex`` pickles a pattern as its compiled code, so loading one is a call to its C
    compiler where compiling parses it in Python: the 12 patterns the first article of a process needs took
    0.02-0.03 s to compile. A pattern compiled here for the first time is added to the stored ones (merged with
    what other processes stored meanwhile); a stored copy that does not load is compiled again."""

    NAME = "patterns"

    def __init__(self, cache: ResourceCache) -> None:
        self._cache = cache
        self._blobs: dict[tuple[str, int], bytes] | None = None
        self._lock = threading.Lock()

    def _stored(self) -> dict[tuple[str, int], bytes]:
        payload = self._cache.read(self.NAME)
        try:
            blobs = marshal.loads(payload) if payload else {}
        except (ValueError, EOFError, TypeError):  # not what this class wrote: start again
            blobs = {}
        return blobs if isinstance(blobs, dict) else {}

    def compile(self, pattern: str, flags: int = 0) -> regex.Pattern[str]:
        """``regex.compile(pattern, flags)``, from the stored copy when there is one."""
        with self._lock:
            if self._blobs is None:
                self._blobs = self._stored()
            blob = self._blobs.get((pattern, flags))
            if blob is not None:
                try:
                    stored = pickle.loads(blob)  # only ever the user's own cache (pickle runs what it names)
                except Exception:  # any failure to load a stored copy means: compile it again
                    log.debug("stored pattern unreadable; compiled again", exc_info=True)
                else:
                    if isinstance(stored, regex.Pattern) and stored.pattern == pattern:
                        return stored
            found = regex.compile(pattern, flags)
            blobs = self._stored()
            blobs.update(self._blobs)
            blobs[(pattern, flags)] = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
            self._blobs = blobs
            self._cache.put(self.NAME, marshal.dumps(blobs))
            return found


@lru_cache(maxsize=1)
def _stored_patterns() -> StoredPatterns:
    return StoredPatterns(default_cache())


def compiled(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, kept compiled in the process's resource cache (see
    :class:`StoredPatterns`)."""
    return _stored_patterns().compile(pattern, flags)


@mypyc_attr(native_class=False)  # a Python class even when compiled: it keeps what it read in its __dict__
class _LazyPattern:
    """A pattern compiled by ``regex`` on first use of any of its attributes, which are then kept on the instance
    (``match``, ``search`` ... bound to the compiled pattern: after the first use a call costs what it costs on
    the pattern itself)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only called for what is not on the instance yet
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = _stored_patterns().compile(*self._source)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value


def lazy_compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, done when the pattern is first used: ``regex`` parses a pattern in
    Python (its 47 date and count patterns took 0.15-0.5 s of a command's start-up, where a short article uses
    a quarter of them); then loaded from the resource cache (:func:`compiled`)."""
    return cast("regex.Pattern[str]", _LazyPattern(pattern, flags))


def alternation(forms: Iterable[str]) -> str:
    """A regex alternation of literal forms, longest first (so the longest form wins at one position); a space
    in a form matches any run of spaces."""
    items = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(r"\s+".join(regex.escape(w) for w in f.split()) for f in items)


# characters that end a word without a space after them; replaced by a space to find word starts
_PAD_CHARS = "\n\t\r\"'()[]{}<>-/\\،,.:;؛!?؟…*#_|+=&"


@lru_cache(maxsize=4)
def padded(norm: str) -> str:
    """``" " + norm`` with punctuation turned into spaces (same length + 1), for finding word starts."""
    out = " " + norm
    for ch in _PAD_CHARS:
        if ch in out:
            out = out.replace(ch, " ")
    return out


class AnchorIndex:
    """Word starts in normalised text where one of ``words`` begins (after an optional proclitic), found with one
    Aho-Corasick pass over :func:`padded` text. Used to run the detailed patterns only where they can match.

    By default only the first word of a phrase is looked for; with ``whole`` the whole phrase (single spaces).
    """

    def __init__(
        self,
        words: Iterable[str],
        clitics: Iterable[str] = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب"),
        whole: bool = False,
    ) -> None:
        self._automaton = ahocorasick.Automaton()
        cl = tuple(clitics)
        n = 0
        # the longest key (a space, a proclitic, the word): a word starting at an offset lies within that many
        # characters after it
        self.longest = 0
        for w in set(words):
            parts = w.split()
            w = (" ".join(parts) if whole else parts[0]) if parts else ""
            if not w:
                continue
            for c in cl:
                key = " " + c + w
                self._automaton.add_word(key, len(key))
                self.longest = max(self.longest, len(key))
                n += 1
        self.size = n
        if n:
            self._automaton.make_automaton()

    def starts(self, norm: str) -> list[int]:
        """Sorted start offsets in ``norm`` (of the proclitic, if any) of words that begin with a listed word."""
        if not self.size:
            return []
        return sorted({end - length + 1 for end, length in self._automaton.iter(padded(norm))})


class TaggedAnchors:
    """Like :class:`AnchorIndex` (the same word starts), but each word carries a bit mask of tags, so a caller can
    run only the sub-patterns that may match where a word starts. ``clitics`` maps each proclitic to the shift
    applied to the tags of the words found after it (``None``: the word start is reported with no tag). The tags
    in ``bounded`` are those whose patterns need the word to end where the listed word ends: they are dropped
    where a letter or digit follows it. ``inner`` lists ``(string, offset, tags)`` found anywhere, not only at
    word starts, and reported at ``offset`` within the string (a digit glued to a letter: ``("ل5", 1, tags)``)."""

    def __init__(
        self,
        words: Iterable[tuple[str, int]],
        clitics: Mapping[str, int | None],
        whole: bool = False,
        bounded: int = 0,
        inner: Iterable[tuple[str, int, int]] = (),
    ) -> None:
        self._automaton = ahocorasick.Automaton()
        values: dict[str, int] = {}
        loose: dict[str, int] = {}
        for w, tags in words:
            parts = w.split()
            w = (" ".join(parts) if whole else parts[0]) if parts else ""
            if not w:
                continue
            for c, shift in clitics.items():
                key = " " + c + w
                values[key] = values.get(key, 0) | (0 if shift is None else tags << shift)
                loose[key] = loose.get(key, 0) | (0 if shift is None else (tags & ~bounded) << shift)
        for key, mask in values.items():
            self._automaton.add_word(key, (len(key) - 1, mask, loose[key]))
        within: dict[str, tuple[int, int]] = {}
        for key, offset, tags in inner:
            if key in values:
                raise ValueError(f"inner string {key!r} is also a word key")
            old = within.get(key, (len(key) - offset, 0))
            within[key] = (len(key) - offset, old[1] | tags)
        for key, (length, mask) in within.items():
            self._automaton.add_word(key, (length, mask, mask))
        self.size = len(values) + len(within)
        if self.size:
            self._automaton.make_automaton()

    def tagged(self, norm: str) -> list[tuple[int, int]]:
        """``(start, tags)`` of every word start of :meth:`AnchorIndex.starts` (and every ``inner`` hit), in
        order, the tags of all the words found there together."""
        if not self.size:
            return []
        found: dict[int, int] = {}
        get = found.get
        text = padded(norm)
        word = _WORD_CHARS
        for end, (length, mask, loose) in self._automaton.iter(text):
            start = end - length
            found[start] = get(start, 0) | (loose if text[end + 1 : end + 2] in word else mask)
        return sorted(found.items())


# the letters of normalised Arabic text (word characters for ``regex`` and ``re``)
LETTERS = frozenset(chr(c) for c in (*range(0x0621, 0x063B), *range(0x0641, 0x064B)))
# letters and digits that are word characters for ``regex`` and ``re`` alike (the empty string is not in it)
_WORD_CHARS = LETTERS | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def spaced(text: str, cuts: Sequence[int]) -> tuple[str, Callable[[int], int]]:
    """``text`` with a space put at each offset of ``cuts`` (ascending, distinct), and the map of an offset in
    that copy back to ``text`` (an inserted space maps to the character after it)."""
    parts: list[str] = []
    last = 0
    for cut in cuts:
        parts.append(text[last:cut])
        last = cut
    parts.append(text[last:])
    spaces = [cut + i for i, cut in enumerate(cuts)]

    def back(x: int) -> int:
        return x - bisect_left(spaces, x)

    return " ".join(parts), back
