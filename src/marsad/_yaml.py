"""YAML reading for the packaged resources.

libyaml's C parser when PyYAML was built with it (the PyPI wheels are): it reads the resources in a tenth of the
pure-Python parser's time (0.65 s of a 1.1 s start-up went to the pure one). Both build the same data with the same
safe constructor, and raise the same ``yaml.YAMLError`` on bad input.

PyYAML is imported when a file is parsed, not with this module: a command whose resources all come from the
resource cache never imports it (0.012-0.015 s of a two-line ``marsad extract``; docs/performance.md, "Start-up,
fourth round").
"""

from __future__ import annotations

import pickle
from importlib import resources
from typing import Any

from marsad.cache import default_cache
from marsad.errors import ResourceError


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)`` with the C parser when there is one."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # a safe loader either way


def resource_data(name: str) -> Any:
    """The data of ``marsad/resources/<name>`` (``geo/romanisation.yaml``: a path under it) as :func:`safe_load`
    parses it, kept in the process's resource cache (``data-<name>``): the file and PyYAML's version are part of
    the cache's key, so a changed file is parsed again. A file that cannot be read or parsed raises
    :class:`ResourceError` naming it, with the ``OSError``'s or ``yaml.YAMLError``'s message. The data is not
    validated here: the caller validates it, so a changed model applies to a stored copy too."""
    def load(payload: memoryview) -> Any:  # (only ever the user's own cache: pickle runs what it names)
        return pickle.loads(payload)

    return default_cache().get(f"data-{name.replace('/', '-')}", lambda: _parsed(name), _pickled, load)


def _parsed(name: str) -> Any:
    import yaml

    try:
        path = resources.files("marsad.resources")
        for part in name.split("/"):  # (one part at a time: the package is a namespace, whose path takes one)
            path = path.joinpath(part)
        return safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(name, str(exc)) from exc


def _pickled(data: Any) -> bytes:
    return pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
