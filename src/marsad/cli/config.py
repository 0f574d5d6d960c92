"""The configuration file: defaults for the options a team sets once (the store, the outlet, the output format).

Marsad reads the first of: the file given by ``marsad --config PATH`` or ``$MARSAD_CONFIG``; else, from the
current folder upwards, ``marsad.toml`` or the ``[tool.marsad]`` table of a ``pyproject.toml``::

    db = "data/events.db"      # store URL or SQLite path (a relative path is relative to this file)
    outlet = "Al-Watan"        # outlet of inputs that name none (extract, ingest)
    format = "geojson"         # export format

    [extract]
    format = "jsonl"           # extract's output format

A command-line option always wins; ``$MARSAD_DB`` wins over the file's ``db``. An unknown key is an error
naming the file and the keys it may hold.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import ConfigError

ENV_CONFIG = "MARSAD_CONFIG"
#: Keys of the file, and of its per-command tables.
TOP_KEYS = ("db", "outlet", "format")
SECTION_KEYS = {"extract": ("format", "outlet"), "export": ("format",), "ingest": ("outlet",)}
#: The commands (and sub-commands) that open the store.
STORE_COMMANDS = ("ingest", "export", "stats", "show", "serve")
INCIDENT_COMMANDS = ("split", "detach", "merge", "remerge")


@dataclass(frozen=True)
class Config:
    path: Path
    values: dict[str, Any]

    def default_map(self, environ: dict[str, str] | None = None) -> dict[str, Any]:
        """Click's ``default_map``: per command, the defaults of its options (``fmt`` is ``--format``)."""
        env = os.environ if environ is None else environ
        out: dict[str, Any] = {}

        def put(command: str, option: str, value: Any) -> None:
            out.setdefault(command, {})[option] = value

        db = self.values.get("db")
        if db is not None and not env.get("MARSAD_DB"):
            db = self._path(str(db))
            for command in STORE_COMMANDS:
                put(command, "db", db)
            out["incident"] = {c: {"db": db} for c in INCIDENT_COMMANDS}
        if "outlet" in self.values:
            for command in ("extract", "ingest"):
                put(command, "outlet", self.values["outlet"])
        if "format" in self.values:
            put("export", "fmt", self.values["format"])
        for section, keys in SECTION_KEYS.items():
            for key in keys:
                if key in self.values.get(section, {}):
                    put(section, "fmt" if key == "format" else key, self.values[section][key])
        return out

    def _path(self, db: str) -> str:
        if "://" in db or Path(db).expanduser().is_absolute():
            return db
        return str(self.path.parent / db)


def find_config(start: Path | None = None, explicit: str | None = None) -> Config | None:
    """The configuration in force (see the module doc), or ``None``."""
    given = explicit or os.environ.get(ENV_CONFIG)
    if given:
        path = Path(given).expanduser()
        if not path.is_file():
            raise ConfigError(f"configuration file {path} does not exist")
        return _read(path, tool_table=path.name == "pyproject.toml")
    folder = (start or Path.cwd()).resolve()
    for here in (folder, *folder.parents):
        own = here / "marsad.toml"
        if own.is_file():
            return _read(own, tool_table=False)
        project = here / "pyproject.toml"
        if project.is_file():
            found = _read(project, tool_table=True)
            if found.values:
                return found
    return None


def _read(path: Path, *, tool_table: bool) -> Config:
    import tomllib  # (only where there is a file to read: 1-2 ms of a command's start-up)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the configuration file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"configuration file {path}: {exc}") from exc
    values = data.get("tool", {}).get("marsad", {}) if tool_table else data
    where = f"{path} [tool.marsad]" if tool_table else str(path)
    for key, value in values.items():
        if key in SECTION_KEYS and isinstance(value, dict):
            unknown = sorted(set(value) - set(SECTION_KEYS[key]))
            if unknown:
                raise ConfigError(
                    f"configuration file {where}: unknown key(s) {', '.join(unknown)} in [{key}]; "
                    f"it may hold {', '.join(SECTION_KEYS[key])}"
                )
        elif key not in TOP_KEYS:
            raise ConfigError(
                f"configuration file {where}: unknown key {key!r}; it may hold {', '.join(TOP_KEYS)} and the "
                f"tables {', '.join(f'[{s}]' for s in SECTION_KEYS)}"
            )
    return Config(path, dict(values))
