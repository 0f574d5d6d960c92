"""The paths given to the readers: what each one names, folders walked without holding their whole tree, and
file names that are not UTF-8.

Every problem with a path is an :class:`~marsad.errors.UnreadableInput` naming it and saying why, in the words
of the operating system (no permission, a loop of symbolic links, a dangling link), never a traceback and
never a silent skip: a sub-folder that cannot be listed is reported like a file that cannot be read.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from marsad.errors import InputError, UnreadableInput

log = logging.getLogger(__name__)

FILE = "file"
FOLDER = "folder"


def display(path: Path | str) -> str:
    """``path`` as printable UTF-8 text: bytes of a name that are not UTF-8 are shown as ``\\xNN``.

    Python keeps such bytes as lone surrogates (``surrogateescape``), which no UTF-8 writer, database or JSON
    encoder accepts; this form is what messages, ``source`` columns and ids made from file names use."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", errors="backslashreplace")
    return text


def os_problem(exc: OSError) -> str:
    """What went wrong with a path, in plain words."""
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "no permission to read it or a folder above it"
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def probe(path: Path) -> str | InputError:
    """``FILE`` or ``FOLDER`` for a path that can be read, else the problem (symbolic links are followed)."""
    source = display(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return UnreadableInput(source, f"a symbolic link to {display(os.readlink(path))}, which does not exist")
        return UnreadableInput(source, "no such file or folder")
    except OSError as exc:
        return UnreadableInput(source, os_problem(exc))
    except ValueError as exc:  # a NUL byte in the name
        return UnreadableInput(source, str(exc))
    if stat.S_ISDIR(info.st_mode):
        return FOLDER
    return FILE


def walk_folder(
    folder: Path, suffixes: tuple[str, ...], *, warn_empty: bool = True
) -> Iterator[Path | InputError]:
    """Every file under ``folder`` whose name ends with one of ``suffixes`` (lower-cased), in sorted order, and
    every sub-folder or entry that cannot be read as an error; hidden names are skipped.

    Only one folder's listing is held at a time. Symbolic links to folders are followed; one that leads back to
    a folder already being walked is reported as a loop instead of being walked forever."""
    found = 0
    # a stack of (the entries of a folder still to visit, the (device, inode) of that folder and its ancestors)
    root_key = _key(folder)
    stack: list[tuple[list[os.DirEntry[str]], frozenset[tuple[int, int]]]] = []
    listing = _list(folder)
    if isinstance(listing, InputError):
        yield listing
        return
    stack.append((listing, frozenset({root_key}) if root_key else frozenset()))
    while stack:
        entries, ancestors = stack[-1]
        if not entries:
            stack.pop()
            continue
        entry = entries.pop()  # listings are sorted in reverse, so pop() takes the smallest name
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError as exc:
            yield UnreadableInput(display(entry.path), os_problem(exc))
            continue
        if is_dir:
            key = _key(Path(entry.path))
            if key is not None and key in ancestors:
                yield UnreadableInput(display(entry.path), "a symbolic link back to a folder above it: a loop")
                continue
            sub = _list(Path(entry.path))
            if isinstance(sub, InputError):
                yield sub
                continue
            stack.append((sub, ancestors | {key} if key else ancestors))
            continue
        if not entry.name.lower().endswith(suffixes):
            continue
        try:
            regular = entry.is_file()
        except OSError:
            regular = False
        if not regular:
            problem = probe(Path(entry.path))
            if isinstance(problem, InputError):
                yield problem
                continue
        found += 1
        yield Path(entry.path)
    if found == 0 and warn_empty:
        log.warning(
            "%s: the folder holds no file Marsad reads (%s)", display(folder), ", ".join(sorted(set(suffixes)))
        )


def _list(folder: Path) -> list[os.DirEntry[str]] | InputError:
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:
        return UnreadableInput(display(folder), f"a folder that cannot be listed: {os_problem(exc)}")
    entries.sort(key=lambda e: e.name, reverse=True)
    return entries


def _key(folder: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def read_bounded(path: Path, limit: int) -> bytes | int:
    """The bytes of ``path`` when it holds at most ``limit`` of them, else its size (at least ``limit + 1``).

    The size of a regular file is checked before anything is read; anything else (a pipe, a device) is read
    no further than ``limit + 1`` bytes, so that nothing larger than the limit is ever held."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            return info.st_size
        data = handle.read(limit + 1)
    return data if len(data) <= limit else len(data)


def count_files(paths: list[str], suffixes: tuple[str, ...]) -> Iterator[Path]:
    """The files a reading of ``paths`` will visit, for estimates only: problems are left out (the reading
    itself reports them)."""
    for raw in paths:
        path = Path(raw)
        kind = probe(path)
        if kind == FOLDER:
            yield from (p for p in walk_folder(path, suffixes, warn_empty=False) if isinstance(p, Path))
        elif kind == FILE:
            yield path
