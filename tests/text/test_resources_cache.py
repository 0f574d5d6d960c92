"""The text layer's YAML resources, kept validated in the resource cache (text._resources.read_yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.cache import ResourceCache
from marsad.text import _resources
from marsad.text.dates import DateResource
from marsad.text.segment import SegmentResource


def test_a_resource_is_read_once_then_loaded_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_resources, "default_cache", lambda: ResourceCache(tmp_path, key="k1"))
    built = _resources.read_yaml("dates.yaml", DateResource)
    assert list(tmp_path.glob("yaml-dates.yaml-k1.bin"))
    monkeypatch.setattr(_resources, "_read_yaml", lambda name, model: pytest.fail("read again"))
    loaded = _resources.read_yaml("dates.yaml", DateResource)
    assert loaded == built and loaded is not built and "الخميس" in str(loaded.model_dump())


def test_a_stored_copy_of_another_resource_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ResourceCache(tmp_path, key="k1")
    monkeypatch.setattr(_resources, "default_cache", lambda: cache)
    cache.put("yaml-segment.yaml", _resources._pickled({"not": "a segment resource"}))
    assert isinstance(_resources.read_yaml("segment.yaml", SegmentResource), SegmentResource)


def test_without_a_cache_the_file_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_resources, "default_cache", lambda: ResourceCache(None))
    assert _resources.read_yaml("dates.yaml", DateResource) == _resources._read_yaml("dates.yaml", DateResource)
