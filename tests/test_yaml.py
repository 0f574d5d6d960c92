"""The packaged resources' YAML, parsed once and kept in the resource cache (marsad._yaml.resource_data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad import _yaml
from marsad.cache import ResourceCache
from marsad.errors import ResourceError


def test_a_resource_is_parsed_once_then_loaded_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_yaml, "default_cache", lambda: ResourceCache(tmp_path, key="k1"))
    parsed = _yaml.resource_data("merge.yaml")
    assert list(tmp_path.glob("data-merge.yaml-k1.bin"))
    monkeypatch.setattr(_yaml, "_parsed", lambda name: pytest.fail("parsed again"))
    loaded = _yaml.resource_data("merge.yaml")
    assert loaded == parsed and loaded is not parsed and "families" in loaded


def test_a_resource_under_a_folder_is_stored_under_one_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_yaml, "default_cache", lambda: ResourceCache(tmp_path, key="k1"))
    data = _yaml.resource_data("geo/romanisation.yaml")
    assert [p.name for p in tmp_path.iterdir()] == ["data-geo-romanisation.yaml-k1.bin"]
    text = Path(_yaml.__file__).with_name("resources").joinpath("geo", "romanisation.yaml").read_text(encoding="utf-8")
    assert data == _yaml.safe_load(text)


def test_a_missing_resource_is_an_error_naming_it_and_nothing_is_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_yaml, "default_cache", lambda: ResourceCache(tmp_path, key="k1"))
    with pytest.raises(ResourceError, match=r"resource no-such\.yaml: "):
        _yaml.resource_data("no-such.yaml")
    assert not list(tmp_path.iterdir())


def test_without_a_cache_the_file_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_yaml, "default_cache", lambda: ResourceCache(None))
    assert _yaml.resource_data("decisions.yaml") == _yaml._parsed("decisions.yaml")
