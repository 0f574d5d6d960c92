"""The local JVM's class-data archive: written under a name of its own, read only once its writer has exited and a
JVM has mapped it; an archive cut short is deleted, never read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from marsad.batch.jvm import ARCHIVES_KEPT, LOCAL_JAVA_OPTIONS, archive_path, local_java_options, note_jvm


def _option(options: str, name: str) -> Path:
    found = [o.split("=", 1)[1] for o in options.split() if o.startswith(f"-XX:{name}=")]
    assert len(found) == 1, options
    return Path(found[0])


def test_an_archive_is_read_once_its_jvm_has_exited_and_one_cut_short_is_deleted(tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None or archive_path(tmp_path) is None:
        pytest.skip("no java on this machine")
    first = local_java_options(tmp_path)
    assert first.startswith(LOCAL_JAVA_OPTIONS)
    writing = _option(first, "ArchiveClassesAtExit")
    assert writing.parent == tmp_path and str(os.getpid()) in writing.name

    jvm = subprocess.Popen([java, "-cp", str(tmp_path), *first.split(), "-version"], stderr=subprocess.DEVNULL)
    while not Path(f"/proc/{jvm.pid}/cmdline").read_bytes():  # as a session's JVM, started before it is noted
        time.sleep(0.001)
    note_jvm(first, jvm.pid)
    note = writing.with_name(writing.name + ".jvm")
    assert json.loads(note.read_text())["classpath"] == str(tmp_path)
    assert jvm.wait(timeout=120) == 0 and writing.stat().st_size > 0

    # the JVM has exited: the next run gives the archive its final name and reads it
    archive = _option(local_java_options(tmp_path), "SharedArchiveFile")
    assert archive == archive_path(tmp_path) and not writing.exists() and not note.exists()

    # an archive cut short (its JVM killed while writing it) would crash a JVM that maps it: deleted, not read
    whole = archive.read_bytes()
    archive.unlink()
    writing.write_bytes(whole[: len(whole) // 2])
    note.write_text(json.dumps({"pid": jvm.pid, "java": java, "classpath": str(tmp_path)}))
    again = local_java_options(tmp_path)
    assert "ArchiveClassesAtExit" in again and not archive.exists() and not note.exists()


def test_an_archive_whose_jvm_still_runs_is_left_alone(tmp_path: Path) -> None:
    if archive_path(tmp_path) is None:
        pytest.skip("no java on this machine")
    writing = _option(local_java_options(tmp_path), "ArchiveClassesAtExit")
    writing.write_bytes(b"being written")
    running = {"pid": os.getpid(), "java": "java", "classpath": "."}  # this process stands for the JVM
    writing.with_name(writing.name + ".jvm").write_text(json.dumps(running))
    assert "ArchiveClassesAtExit" in local_java_options(tmp_path)
    assert writing.read_bytes() == b"being written"


def test_an_archive_with_a_note_it_cannot_read_is_deleted_unread(tmp_path: Path) -> None:
    if archive_path(tmp_path) is None:
        pytest.skip("no java on this machine")
    writing = _option(local_java_options(tmp_path), "ArchiveClassesAtExit")
    writing.write_bytes(b"whose?")
    writing.with_name(writing.name + ".jvm").write_text("12345")  # not a note of this version
    assert "ArchiveClassesAtExit" in local_java_options(tmp_path)
    assert not writing.exists() and not (archive_path(tmp_path) or writing).exists()


def test_no_cache_directory_means_no_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", "off")
    assert local_java_options() == LOCAL_JAVA_OPTIONS


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_the_archives_of_other_environments_beyond_those_used_last_are_removed(tmp_path: Path) -> None:
    own = archive_path(tmp_path)
    if own is None:
        pytest.skip("no java on this machine")
    own.write_bytes(b"this environment's")
    os.utime(own, (time.time() - 86400, time.time() - 86400))
    dead, alive = _dead_pid(), os.getpid()  # (this process stands for a JVM that still runs)

    def made(name: str, age: float, pid: int | None = None) -> Path:
        path = tmp_path / name
        path.write_bytes(b"archive")
        if pid is not None:
            path.with_name(name + ".jvm").write_text(json.dumps({"pid": pid, "java": "java", "classpath": "."}))
        for file in (path, path.with_name(name + ".jvm")):
            if file.exists():
                os.utime(file, (time.time() - age, time.time() - age))
        return path

    # other environments, used a minute ago, ten minutes ago, ...: the ARCHIVES_KEPT - 1 newest are kept
    others = [made(f"spark-classes-{i:016x}.jsa", 60 * 10**i) for i in range(ARCHIVES_KEPT)]
    unpromoted = made("spark-classes-00000000000000aa.jsa.writing-7", 10**7, dead)  # a deleted environment's
    running = made("spark-classes-00000000000000bb.jsa.writing-8", 10**7, alive)
    # the newest files of all, the note of a writer killed before it wrote: no archive of an environment in use
    made("spark-classes-00000000000000cc.jsa.writing-9", 1, dead).unlink()
    unrelated = made("spark-classes-notes.txt", 10**7)  # not an archive: left alone

    assert _option(local_java_options(tmp_path), "SharedArchiveFile") == own
    assert own.exists() and own.stat().st_mtime > time.time() - 60  # used now: it counts as used last
    assert [o.exists() for o in others] == [True] * (ARCHIVES_KEPT - 1) + [False]
    assert not unpromoted.exists() and not unpromoted.with_name(unpromoted.name + ".jvm").exists()
    assert running.exists() and running.with_name(running.name + ".jvm").exists()
    assert not (tmp_path / "spark-classes-00000000000000cc.jsa.writing-9.jvm").exists()
    assert unrelated.exists()


def test_the_note_of_a_writer_that_exited_without_writing_is_removed(tmp_path: Path) -> None:
    if archive_path(tmp_path) is None:
        pytest.skip("no java on this machine")
    writing = _option(local_java_options(tmp_path), "ArchiveClassesAtExit")
    note = writing.with_name(writing.name + ".jvm")  # its JVM killed before it exited: no archive written
    note.write_text(json.dumps({"pid": _dead_pid(), "java": "java", "classpath": "."}))
    local_java_options(tmp_path)
    assert not note.exists()
