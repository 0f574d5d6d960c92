"""The local JVM's class-data archive: written under a name of its own, read only once its writer has exited."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.batch.jvm import LOCAL_JAVA_OPTIONS, archive_path, local_java_options, note_jvm


def _option(options: str, name: str) -> Path:
    found = [o.split("=", 1)[1] for o in options.split() if o.startswith(f"-XX:{name}=")]
    assert len(found) == 1, options
    return Path(found[0])


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_first_run_writes_the_archive_and_a_later_one_reads_it_once_its_jvm_has_exited(tmp_path: Path) -> None:
    if archive_path(tmp_path) is None:
        pytest.skip("no java on this machine")
    first = local_java_options(tmp_path)
    assert first.startswith(LOCAL_JAVA_OPTIONS)
    writing = _option(first, "ArchiveClassesAtExit")
    assert writing.parent == tmp_path and str(os.getpid()) in writing.name

    # the JVM is still running (this process stands for it): its archive is not read, another run writes its own
    note_jvm(first, os.getpid())
    writing.write_bytes(b"classes")
    assert "ArchiveClassesAtExit" in local_java_options(tmp_path)
    assert writing.exists()

    # once it has exited, the next run gives the archive its final name and reads it
    note_jvm(first, _dead_pid())
    later = local_java_options(tmp_path)
    archive = _option(later, "SharedArchiveFile")
    assert archive == archive_path(tmp_path) and archive.read_bytes() == b"classes"
    assert not writing.exists()


def test_no_cache_directory_means_no_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", "off")
    assert local_java_options() == LOCAL_JAVA_OPTIONS
