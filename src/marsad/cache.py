"""A cache on disk of the compiled resources (the gazetteer's tables, the lexicon), so that a command starts
without rebuilding them (docs/performance.md, "Start-up").

A cached object is stored under a key: a hash of the package's resource files and of the code that compiles
them (every ``.py`` of ``geo/``, ``lexicon/``, ``text/`` and this module, and what the compiled ones among them
were built from, recorded in ``native.json``), of Python's and pyahocorasick's
versions and of :data:`FORMAT`. A changed rule, resource or library makes another key, so a stale file is never
read; a file whose content does not match its own checksum, or that cannot be decoded, is rebuilt; a directory
that cannot be written leaves the object built in memory, as without a cache. Nothing here runs at import time
and :class:`ResourceCache`'s constructor does no I/O.

Where: ``$MARSAD_CACHE_DIR`` if set (``off`` turns the cache off), else ``$XDG_CACHE_HOME/marsad``, else
``~/.cache/marsad``.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import mmap
import os
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

ENV = "MARSAD_CACHE_DIR"
# bump when the layout of a cached object changes without a change to the files hashed
FORMAT = 1
_MAGIC = b"MARSAD-CACHE\n"
# copies kept per object, newest first: checkouts of different code sharing one cache (branches, worktrees) each
# keep theirs instead of removing each other's at every run
KEEP = 4
# bytes of the payload's checksum, CRC-32: it is there to catch a damaged file (truncated, flipped bits), not a
# forged one (the file must be the user's own), and costs a quarter of blake2b (2.5 against 10 ms for 6.4 MB)
_DIGEST = 4
_PACKAGE = Path(__file__).resolve().parent
# what a compiled resource depends on: the data, the code that reads and compiles it, and the libraries whose
# objects it holds
_CODE_DIRS = ("geo", "lexicon", "text")
_CODE_FILES = ("cache.py", "_yaml.py")
_LIBRARIES = ("pyahocorasick", "pydantic", "pydantic-core", "regex", "PyYAML")


def default_dir() -> Path | None:
    """The cache directory the environment asks for (``None``: no cache)."""
    given = os.environ.get(ENV)
    if given is not None:
        return None if given.strip().lower() in ("", "off", "none", "0") else Path(given).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "marsad"
    try:
        return Path.home() / ".cache" / "marsad"
    except RuntimeError:  # no home directory to be found: no cache, the resources are built in memory
        return None


def _files(package: Path) -> Iterable[Path]:
    resources = package / "resources"
    yield from sorted(p for p in resources.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for name in _CODE_DIRS:
        yield from sorted((package / name).glob("*.py"))
    for name in _CODE_FILES:
        yield package / name


def _native_sources(package: Path) -> bytes:
    """What the compiled modules of ``geo/``, ``lexicon/`` and ``text/`` were built from (``native.json``, written
    by scripts/build_native.py): a module compiled from an older source runs that source, and what it builds must not
    be stored under the key of the newer one. (The other compiled modules build nothing that is cached.)"""
    try:
        sources = json.loads((package / "native.json").read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return b""  # no native build (pure Python), or a record that cannot be read: the sources alone
    wanted = tuple(f"marsad/{name}/" for name in _CODE_DIRS)
    return "".join(f"{k}={v}\n" for k, v in sorted(sources.items()) if k.startswith(wanted)).encode()


def _version(library: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(library)
    except PackageNotFoundError:  # installed some other way: its version is unknown, which is a version too
        return "?"


def _dist_name(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _versions(libraries: Iterable[str]) -> list[str]:
    """The installed version of each library, as :func:`importlib.metadata.version` gives it: read from the name of
    its ``NAME-VERSION.dist-info`` directory, the first on ``sys.path`` (one listing per path entry: 0.6 ms where
    ``version`` reads and parses each one's metadata file, 4.4 ms for five), else asked of ``version``."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # (a zip file, a missing folder: nothing installed there as a directory)
            continue
        for item in names:
            if item.endswith(".dist-info"):
                name, _, ver = item[: -len(".dist-info")].partition("-")
                found.setdefault(_dist_name(name), ver)
    return [found.get(_dist_name(lib)) or _version(lib) for lib in libraries]


def source_key(package: Path = _PACKAGE) -> str:
    """The hash of everything a compiled resource depends on (about 2 MB read: a few milliseconds)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}|{sys.version}|{'|'.join(_versions(_LIBRARIES))}\n".encode())
    for path in _files(package):
        data = path.read_bytes()
        h.update(f"{path.relative_to(package).as_posix()}|{len(data)}\n".encode())
        h.update(data)
    h.update(_native_sources(package))
    return h.hexdigest()


class ResourceCache:
    """Compiled objects kept on disk, keyed by :func:`source_key`.

    ``directory=None`` keeps nothing (every :meth:`get` builds). The key is computed on the first :meth:`get`
    (or given, for tests)."""

    def __init__(self, directory: Path | None, key: str | None = None) -> None:
        self.directory = directory
        self._key = key

    @classmethod
    def default(cls) -> ResourceCache:
        """The cache the environment asks for (see the module's docstring)."""
        return cls(default_dir())

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = source_key()
        return self._key

    def path(self, name: str) -> Path | None:
        """The file of the object ``name`` under the current key (``None`` without a directory)."""
        if self.directory is None:
            return None
        return self.directory / f"{name}-{self.key}.bin"

    def get(
        self,
        name: str,
        build: Callable[[], T],
        dump: Callable[[T], bytes],
        load: Callable[[memoryview], T],
    ) -> T:
        """The object ``name``: loaded from its file when that holds a sound copy under the current key, else
        built, and written for the next time when the directory allows. ``load`` reads the payload in place (the
        file mapped in memory, not copied: see :meth:`_mapped`) and must not keep it."""
        path = self.path(name)
        if path is None:
            return build()
        with self._mapped(path) as payload:
            if payload is not None:
                try:
                    with paused_gc():
                        return load(payload)
                except Exception as exc:  # any failure to decode a cached copy means: build it again
                    log.warning("cache %s unreadable (%s: %s); rebuilding it", path, type(exc).__name__, exc)
        obj = build()
        try:
            stored = dump(obj)
        except Exception as exc:  # an object the format cannot hold is used as built, never stored wrong
            log.warning("cache: %s cannot be stored (%s: %s)", name, type(exc).__name__, exc)
            return obj
        try:
            self._write(path, stored)
        except OSError as exc:
            log.info("cache %s not written (%s); the resources are built in memory", path, exc)
        return obj

    def read(self, name: str) -> bytes | None:
        """The payload stored for ``name`` under the current key (``None``: none, someone else's, or damaged)."""
        path = self.path(name)
        return None if path is None else self._read(path)

    def put(self, name: str, payload: bytes) -> None:
        """Store ``payload`` for ``name`` under the current key (nothing without a directory one can write)."""
        path = self.path(name)
        if path is None:
            return
        try:
            self._write(path, payload)
        except OSError as exc:
            log.info("cache %s not written (%s)", path, exc)

    def _read(self, path: Path) -> bytes | None:
        """The payload of a cache file, or ``None`` when it is missing, someone else's, or damaged."""
        with self._mapped(path) as body:
            return None if body is None else bytes(body)

    @contextmanager
    def _mapped(self, path: Path) -> Iterator[memoryview | None]:
        """The payload of a cache file read in place, or ``None`` when it is missing, someone else's, or damaged.

        The file is mapped in memory, its pages mapped at once (``MAP_POPULATE`` where the system has it), instead
        of read into a new buffer and its payload copied out of it: a 14 MB gazetteer cost 7,000 page faults more
        that way (0.01-0.02 s of system time). Cache files are replaced whole (:meth:`_write`), never changed in
        place, so a mapped file cannot change under the reader."""
        mapped: mmap.mmap | Literal[False] | None
        try:
            mapped = _open_mapped(path)
        except OSError:  # (missing, unreadable, or a file system that cannot map it: as without a copy)
            mapped = False
        if mapped is False:
            yield None
            return
        data = memoryview(mapped) if mapped is not None else memoryview(b"")
        head = len(_MAGIC) + len(self.key) + 1
        body = data[head + _DIGEST :]
        try:
            if (
                data[: len(_MAGIC)] != _MAGIC
                or data[len(_MAGIC) : head] != self.key.encode() + b"\n"
                or data[head : head + _DIGEST] != _checksum(body)
            ):
                log.warning("cache %s damaged; rebuilding it", path)
                yield None
            else:
                yield body
        finally:
            try:
                body.release()
                data.release()
                if mapped is not None:
                    mapped.close()
            except BufferError:  # a loader kept a view of the payload: the mapping goes when that does
                log.debug("cache %s: a view of the payload is still in use", path)

    def _write(self, path: Path, payload: bytes) -> None:
        """Write atomically (a reader sees the old file or the whole new one) and remove all but the :data:`KEEP`
        newest copies of the object."""
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        digest = _checksum(payload)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + self.key.encode() + b"\n" + digest + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        name = path.name.rsplit("-", 1)[0]
        copies = []
        for other in path.parent.glob(f"{name}-*.bin"):
            try:
                copies.append((other.stat().st_mtime, other))
            except OSError:  # removed meanwhile by another process
                continue
        copies.sort(reverse=True)
        for _, old in copies[KEEP:]:
            if old != path:
                old.unlink(missing_ok=True)


def _open_mapped(path: Path) -> mmap.mmap | Literal[False] | None:
    """The cache file ``path`` mapped (``None``: empty, so damaged; ``False``: someone else's, not to be read)."""
    with path.open("rb") as fh:
        st = os.fstat(fh.fileno())
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            log.warning("cache %s belongs to another user; not read", path)
            return False
        return _map(fh.fileno(), st.st_size)


def _map(fd: int, size: int) -> mmap.mmap | None:
    """The file ``fd`` mapped read-only (the mapping outlives ``fd``), its pages mapped at once where the system
    allows (``None``: an empty file, which mmap refuses)."""
    if size == 0:
        return None
    populate = getattr(mmap, "MAP_POPULATE", 0)
    if populate:
        return mmap.mmap(fd, size, flags=mmap.MAP_SHARED | populate, prot=mmap.PROT_READ)
    return mmap.mmap(fd, size, access=mmap.ACCESS_READ)


def _checksum(payload: bytes | memoryview) -> bytes:
    return zlib.crc32(payload).to_bytes(_DIGEST, "big")


@contextmanager
def paused_gc(*, freeze: bool = True) -> Iterator[None]:
    """The cyclic garbage collector paused: a load creates hundreds of thousands of objects, none of them garbage,
    and the collections their allocation sets off took half of the load's time. At the end every object alive is
    frozen (:func:`gc.freeze`: left to reference counting, never scanned again): a loaded resource lives as long as
    the process, and the first collections after the load scanned all of it again (0.1-0.17 s of a two-line
    ``marsad extract``). ``freeze=False`` for a load in the middle of other work, whose objects must stay
    collectable."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            # (also when the collector was already off: the first extraction loads the resources with it paused,
            # :class:`CollectorPause`)
            gc.freeze()
        if enabled:
            gc.enable()


class CollectorPause:
    """The cyclic garbage collector paused while at least one thread is inside (``with``), then set back as it was
    before the first one entered. The collector is the process's, so there is one pause per process
    (:data:`COLLECTOR_PAUSE`); a count under a lock lets extractions run in several threads at once (the HTTP API's
    pool) without one turning the collector on under another, and an application that turned it off itself finds
    it off again afterwards."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if self._inside == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._inside += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._inside -= 1
            if self._inside == 0 and self._was_enabled:
                gc.enable()


#: The pause of :meth:`marsad.extract.pipeline.Extractor.extract` (a lock and two numbers: no work at import).
COLLECTOR_PAUSE = CollectorPause()


@lru_cache(maxsize=1)
def default_cache() -> ResourceCache:
    """The one cache of a process, where the environment asks for it (see the module's docstring)."""
    return ResourceCache.default()
