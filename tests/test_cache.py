"""The cache of compiled resources: a stale, damaged or unreadable copy is rebuilt, an unwritable directory only
means building in memory, and what is loaded from a copy behaves as what was built."""

from __future__ import annotations

import json
import marshal
import os
import pickle
from pathlib import Path

import pytest

from marsad.cache import ENV, KEEP, ResourceCache, default_dir, source_key
from marsad.geo import Gazetteer, default_gazetteer
from marsad.geo import stored as stored_gazetteer
from marsad.lexicon import stored as stored_lexicon
from marsad.lexicon.compiled import default_lexicon
from marsad.lexicon.matcher import AUTOMATON_SOURCE
from marsad.text.normalize import normalize


class Builds:
    """A build function that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def get(cache: ResourceCache, build: Builds) -> object:
    return cache.get("table", build, marshal.dumps, marshal.loads)


def test_a_copy_is_read_instead_of_building(tmp_path: Path) -> None:
    build = Builds({"قرية": [1, 2], "مدينة": (3,)})
    assert get(ResourceCache(tmp_path, key="k1"), build) == build.value
    assert get(ResourceCache(tmp_path, key="k1"), build) == build.value
    assert build.calls == 1


def test_a_loader_that_keeps_a_view_of_the_payload_still_gets_its_object(tmp_path: Path) -> None:
    # (the payload is the file mapped in memory: a view kept past the load leaves the mapping open, no error)
    kept: list[memoryview] = []

    def load(payload: memoryview) -> object:
        kept.append(payload[:4])
        return marshal.loads(payload)

    value = {"بلدة": ["كفرنبل"]}
    cache = ResourceCache(tmp_path, key="k1")
    assert cache.get("table", lambda: value, marshal.dumps, load) == value
    assert cache.get("table", lambda: {}, marshal.dumps, load) == value
    assert bytes(kept[0]) == marshal.dumps(value)[:4]


def test_a_stale_key_is_rebuilt(tmp_path: Path) -> None:
    old, new = Builds(["old"]), Builds(["new"])
    get(ResourceCache(tmp_path, key="k1"), old)
    assert get(ResourceCache(tmp_path, key="k2"), new) == ["new"]
    assert new.calls == 1
    assert get(ResourceCache(tmp_path, key="k1"), old) == ["old"]  # (another checkout's copy is kept for it)
    assert old.calls == 1


def test_only_the_newest_copies_are_kept(tmp_path: Path) -> None:
    keys = [f"k{i}" for i in range(KEEP + 3)]
    for i, key in enumerate(keys):
        get(ResourceCache(tmp_path, key=key), Builds([key]))
        os.utime(tmp_path / f"table-{key}.bin", (1_000_000 + i, 1_000_000 + i))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"table-{k}.bin" for k in keys[-KEEP:])


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "other key inside"])
def test_a_damaged_copy_is_rebuilt(tmp_path: Path, damage: str) -> None:
    cache = ResourceCache(tmp_path, key="k1")
    build = Builds({"حي": 1})
    get(cache, build)
    path = cache.path("table")
    assert path is not None
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-1] ^= 0xFF
    elif damage == "truncate":
        del data[len(data) // 2 :]
    elif damage == "empty":
        data.clear()
    else:
        data = data.replace(b"k1\n", b"k9\n")
    path.write_bytes(bytes(data))
    assert get(cache, build) == {"حي": 1}
    assert build.calls == 2
    assert get(cache, build) == {"حي": 1}  # and the copy written again is sound
    assert build.calls == 2


def test_a_copy_that_cannot_be_decoded_is_rebuilt(tmp_path: Path) -> None:
    cache = ResourceCache(tmp_path, key="k1")
    cache.get("table", Builds(1), lambda _: b"not marshal", marshal.loads)
    build = Builds([1])
    assert get(cache, build) == [1]
    assert build.calls == 1


def test_an_unwritable_directory_builds_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cache = ResourceCache(blocker / "cache", key="k1")  # (its parent is a file: no one can create it, not even root)
    build = Builds((1, 2))
    assert get(cache, build) == (1, 2)
    assert get(cache, build) == (1, 2)
    assert build.calls == 2


def test_an_object_the_format_cannot_hold_is_used_as_built(tmp_path: Path) -> None:
    build = Builds({1, object()})  # marshal refuses an arbitrary object
    assert get(ResourceCache(tmp_path, key="k1"), build) is build.value
    assert not list(tmp_path.iterdir())


def test_no_directory_means_no_cache() -> None:
    build = Builds(1)
    get(ResourceCache(None), build)
    get(ResourceCache(None), build)
    assert build.calls == 2


def test_where_the_environment_puts_the_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "here"))
    assert default_dir() == tmp_path / "here"
    monkeypatch.setenv(ENV, "off")
    assert default_dir() is None
    monkeypatch.delenv(ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_dir() == tmp_path / "xdg" / "marsad"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_dir() == tmp_path / "home" / ".cache" / "marsad"


def test_the_key_follows_every_resource_and_code_file(tmp_path: Path) -> None:
    package = tmp_path / "marsad"
    for rel in ("resources/geo/cues.yaml", "geo/mentions.py", "lexicon/matcher.py", "text/normalize.py",
                "cache.py", "_yaml.py"):  # fmt: skip
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text("# v1\n", encoding="utf-8")
    first = source_key(package)
    assert source_key(package) == first
    seen = {first}
    for rel in ("resources/geo/cues.yaml", "geo/mentions.py", "lexicon/matcher.py"):
        (package / rel).write_text("# v2\n", encoding="utf-8")
        key = source_key(package)
        assert key not in seen
        seen.add(key)


def test_the_key_follows_what_the_compiled_code_that_builds_resources_was_built_from(tmp_path: Path) -> None:
    # a compiled module older than its source runs the older source: what it builds must get another key
    package = tmp_path / "marsad"
    for rel in ("lexicon/matcher.py", "cache.py", "_yaml.py"):
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text("# v1\n", encoding="utf-8")
    plain = source_key(package)  # (no native build)

    def built(sources: dict[str, str]) -> str:
        (package / "native.json").write_text(json.dumps({"sources": sources}), encoding="utf-8")
        return source_key(package)

    old = built({"marsad/lexicon/matcher.py": "aa", "marsad/extract/pipeline.py": "11"})
    assert old != plain
    assert built({"marsad/lexicon/matcher.py": "bb", "marsad/extract/pipeline.py": "11"}) != old
    # a module that builds nothing cached leaves the key alone (no cold start after an edit of the extraction)
    assert built({"marsad/lexicon/matcher.py": "aa", "marsad/extract/pipeline.py": "22"}) == old
    (package / "native.json").write_text("not json", encoding="utf-8")
    assert source_key(package) == plain


SENTENCES = [
    "قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي",
    "قتل مدنيان في غارة على حي الشعار بمدينة حلب",
    "انفجرت عبوة ناسفة قرب قرية سديرة جنوب الشرقاط",
    "أعلنت وزارة الدفاع العراقية مقتل ثلاثة من عناصر داعش في الأنبار",
]


def test_the_stored_gazetteer_finds_and_resolves_the_same_places() -> None:
    built = default_gazetteer()
    loaded = stored_gazetteer.load(stored_gazetteer.dump(built))
    assert isinstance(loaded, Gazetteer) and len(loaded) == len(built)
    found = 0
    for sentence in SENTENCES:
        text = normalize(sentence).text
        mentions = built.find_mentions(text)
        assert loaded.find_mentions(text) == mentions
        assert loaded.resolve_all(mentions, country_hint="Syria") == built.resolve_all(mentions, country_hint="Syria")
        found += len(mentions)
    assert found >= len(SENTENCES)


def test_the_stored_gazetteer_reads_its_name_automata_when_first_used() -> None:
    """Loaded, the gazetteer's matchers hold their automata unread (the extraction finds the names with the first
    pass's automaton); a scan or a dump reads them, once, and finds what the built ones find."""
    built = default_gazetteer()
    loaded = stored_gazetteer.load(stored_gazetteer.dump(built))
    names = loaded.name_matcher
    for matcher in (names, loaded._finder._cued_matcher):
        assert "_automaton" not in vars(matcher) and AUTOMATON_SOURCE in vars(matcher)
    with pytest.raises(AttributeError):
        names.no_such_attribute  # noqa: B018 (the lazy attribute is the automaton alone)
    text = normalize(SENTENCES[0]).text
    copied = pickle.loads(pickle.dumps(names))  # (an unread automaton pickles as its bytes)
    assert AUTOMATON_SOURCE in vars(copied) and copied.find(text) == built.name_matcher.find(text)
    assert names.find(text) == built.name_matcher.find(text) != []
    assert "_automaton" in vars(names) and AUTOMATON_SOURCE not in vars(names)  # read once, then an attribute
    # a thread whose lookup failed while another read it gets the one read (not an AttributeError)
    assert names.__getattr__("_automaton") is vars(names)["_automaton"]
    unread = stored_gazetteer.load(stored_gazetteer.dump(built))
    again = stored_gazetteer.load(stored_gazetteer.dump(unread))  # (a dump of an unread one reads it)
    for sentence in SENTENCES:
        text = normalize(sentence).text
        assert again.name_matcher.find(text) == built.name_matcher.find(text)
        assert again.find_mentions(text) == built.find_mentions(text)


def test_every_name_the_gazetteer_finds_may_match_bare_or_needs_context() -> None:
    """(What MentionFinder keeps of its cores: the bare ones; a name found that is not one needs context.)"""
    finder = default_gazetteer()._finder
    marks = {w + " " for w in finder._settlement_words | finder._unknown_cues}
    keys = set(finder._matcher._automaton.keys()) - marks
    assert finder._bare_cores <= keys and len(keys - finder._bare_cores) > 20_000


def test_the_stored_lexicon_scans_the_same_words() -> None:
    built = default_lexicon()
    loaded = stored_lexicon.load(stored_lexicon.dump(built))
    for sentence in SENTENCES:
        text = normalize(sentence).text
        assert loaded.scan(text) == built.scan(text)
        assert loaded.scan(text)
    assert loaded.report_ids == built.report_ids and loaded.groups.keys() == built.groups.keys()


def test_a_payload_put_is_read_back_under_its_key_only(tmp_path: Path) -> None:
    ResourceCache(tmp_path, key="k1").put("blob", b"\x00\x01 payload")
    assert ResourceCache(tmp_path, key="k1").read("blob") == b"\x00\x01 payload"
    assert ResourceCache(tmp_path, key="k2").read("blob") is None
    ResourceCache(None).put("blob", b"nowhere")  # no directory: nothing stored, no error
    assert ResourceCache(None).read("blob") is None


def test_the_key_reads_the_libraries_versions_as_importlib_metadata_does() -> None:
    from importlib.metadata import version

    from marsad.cache import _LIBRARIES, _versions

    assert _versions(_LIBRARIES) == [version(lib) for lib in _LIBRARIES]
    assert _versions(["not-a-marsad-library"]) == ["?"]


def test_the_collector_pause_is_shared_by_the_threads_inside_it() -> None:
    import gc
    import threading

    from marsad.cache import CollectorPause

    pause = CollectorPause()
    assert gc.isenabled()
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with pause:
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=other)
    with pause:
        assert not gc.isenabled()
        t.start()
        inside.wait(5)
    # this thread left first: the other one is still inside, so the collector stays paused
    assert not gc.isenabled()
    leave.set()
    t.join(5)
    assert gc.isenabled()
    # a collector the application paused itself stays paused after an extraction's pause
    gc.disable()
    try:
        with pause:
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_load_inside_a_pause_still_freezes_what_it_loaded() -> None:
    import gc

    from marsad.cache import CollectorPause, paused_gc

    before = gc.get_freeze_count()
    with CollectorPause():
        with paused_gc():
            # (what a resource's load makes: containers the collector tracks; a dict of strings and numbers only
            # is left untracked by CPython, and a freeze does not count it)
            loaded = [{"k": [i]} for i in range(1000)]
    assert all(gc.is_tracked(d) for d in loaded)
    assert gc.get_freeze_count() >= before + len(loaded)
