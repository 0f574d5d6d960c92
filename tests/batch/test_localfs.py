"""The local master's file system: built once into the cache, set on local sessions, and setting the modes Hadoop's
own would (in the JVM, without running chmod)."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest
from py4j.protocol import Py4JJavaError
from pyspark.sql import SparkSession

from marsad.batch import localfs
from marsad.batch.job import BatchSummary
from marsad.batch.jvm import archive_path
from marsad.cache import default_dir

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _java_with_compiler() -> Path:
    java = localfs.java_binary()
    if java is None or not java.with_name("javac").is_file():
        pytest.skip("no Java compiler on this machine (a local master then keeps Hadoop's file system)")
    return java


def test_the_jar_is_built_once_per_java_and_pyspark(tmp_path: Path) -> None:
    java = _java_with_compiler()
    jar = localfs.local_fs_jar(java, tmp_path)
    assert jar is not None and jar.parent == tmp_path
    with zipfile.ZipFile(jar) as archive:
        names = set(archive.namelist())
    assert {"marsad/batch/LocalFileSystem.class", "marsad/batch/LocalFileSystem$Raw.class"} <= names
    built = jar.stat().st_mtime_ns
    assert localfs.local_fs_jar(java, tmp_path) == jar and jar.stat().st_mtime_ns == built  # read, not rebuilt
    assert [p.name for p in tmp_path.iterdir()] == [jar.name]  # (nothing of the build left beside it)


def test_without_a_compiler_or_a_cache_there_is_no_jar(tmp_path: Path) -> None:
    runtime = tmp_path / "jre" / "bin"
    runtime.mkdir(parents=True)
    (runtime / "java").write_text("")  # a Java runtime without javac beside it
    assert localfs.local_fs_jar(runtime / "java", tmp_path / "cache") is None
    assert not (tmp_path / "cache").exists()
    assert localfs.local_fs_jar(None, tmp_path) is None


def test_the_class_archive_is_made_for_the_class_path_too(tmp_path: Path) -> None:
    if localfs.java_binary() is None:
        pytest.skip("no java on this machine")
    alone = archive_path(tmp_path)
    jar = tmp_path / "marsad-localfs.jar"
    jar.write_bytes(b"one")
    with_jar = archive_path(tmp_path, str(jar))
    assert alone is not None and with_jar not in (None, alone)
    jar.write_bytes(b"a jar built again")  # (the JVM refuses an archive whose jar changed: a new one is made)
    assert archive_path(tmp_path, str(jar)) not in (None, alone, with_jar)


def test_a_damaged_jar_is_built_again_and_a_failed_build_not_tried_again(tmp_path: Path) -> None:
    java = _java_with_compiler()
    jar = localfs.local_fs_jar(java, tmp_path)
    assert jar is not None
    jar.write_bytes(b"PK\x03\x04 cut short")  # (a crash while it was written)
    assert localfs.local_fs_jar(java, tmp_path) == jar and zipfile.is_zipfile(jar)
    # a compiler that fails: its message is noted, and it is not run again by the next sessions
    fake = tmp_path / "jdk" / "bin"
    fake.mkdir(parents=True)
    runs = tmp_path / "runs"
    (fake / "javac").write_text(f"#!/bin/sh\necho run >> {runs}\necho 'error: broken' >&2\nexit 1\n")
    (fake / "javac").chmod(0o755)
    (fake / "java").write_text("")
    cache = tmp_path / "cache"
    assert localfs.local_fs_jar(fake / "java", cache) is None
    assert localfs.local_fs_jar(fake / "java", cache) is None
    assert runs.read_text().count("run") == 1
    (failed,) = cache.glob("*.failed")
    assert "error: broken" in failed.read_text()
    (fake / "java").write_text("an upgraded Java")  # (a new build at the same path: the failure noted lapses)
    assert localfs.local_fs_jar(fake / "java", cache) is None
    assert runs.read_text().count("run") == 2


def test_the_settings_only_for_a_local_jvm_pyspark_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    from pyspark import SparkContext

    _java_with_compiler()
    monkeypatch.setattr(SparkContext, "_gateway", None)  # (as in a process whose JVM is not started yet)
    monkeypatch.delenv("PYSPARK_GATEWAY_PORT", raising=False)
    monkeypatch.delenv("PYSPARK_SUBMIT_ARGS", raising=False)
    added = localfs.session_settings("local[2]", {})
    assert added["spark.hadoop.fs.file.impl"] == localfs.CLASS
    assert Path(added["spark.driver.extraClassPath"]).is_file()
    assert localfs.session_settings("local", {}) == added
    for master in ("local-cluster[2,1,1024]", "yarn", "spark://host:7077"):
        assert localfs.session_settings(master, {}) == {}  # (executors of their own, without the jar)
    assert localfs.session_settings("local[2]", {"spark.driver.extraClassPath": "/x.jar"}) == {}
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", "--driver-class-path /x.jar pyspark-shell")
    assert localfs.session_settings("local[2]", {}) == {}
    monkeypatch.delenv("PYSPARK_SUBMIT_ARGS")
    monkeypatch.setenv("PYSPARK_GATEWAY_PORT", "4040")  # (under spark-submit: its JVM runs already)
    assert localfs.session_settings("local[2]", {}) == {}


def test_a_local_session_sets_modes_in_the_jvm(spark: SparkSession, tmp_path: Path) -> None:
    context = spark.sparkContext
    conf = context._jsc.hadoopConfiguration()
    if conf.get("fs.file.impl") != localfs.CLASS:
        _java_with_compiler()
        if default_dir() is not None:
            pytest.fail("a Java compiler and a cache, but the session has Hadoop's local file system")
        pytest.skip("no cache directory: Hadoop's local file system is used")
    jvm = context._jvm
    assert jvm is not None
    raw = jvm.org.apache.hadoop.fs.FileSystem.getLocal(conf).getRawFileSystem()
    assert raw.getClass().getName() == f"{localfs.CLASS}$Raw"
    target = tmp_path / "f"
    target.write_text("")
    folder = tmp_path / "d"
    folder.mkdir()
    for path, mode in ((target, 0o640), (target, 0o604), (folder, 0o750), (folder, 0o1777)):
        permission = jvm.org.apache.hadoop.fs.permission.FsPermission(f"{mode:o}")
        raw.setPermission(jvm.org.apache.hadoop.fs.Path(str(path)), permission)
        assert stat.S_IMODE(os.stat(path).st_mode) == mode  # (the sticky bit through Hadoop's own way)
    # the mode is set by java.nio, not by a chmod process (whose failure Hadoop reports as an ExitCodeException)
    missing = jvm.org.apache.hadoop.fs.Path(str(tmp_path / "missing"))
    with pytest.raises(Py4JJavaError) as raised:
        raw.setPermission(missing, jvm.org.apache.hadoop.fs.permission.FsPermission("644"))
    assert raised.value.java_exception.getClass().getName() == "java.nio.file.NoSuchFileException"


def test_the_files_of_a_run_have_hadoops_modes(dev_batch: tuple[Path, BatchSummary]) -> None:
    out = dev_batch[0]
    umask = os.umask(0)
    os.umask(umask)
    files = [p for p in out.rglob("*") if p.is_file()]
    folders = [p for p in out.rglob("*") if p.is_dir()]
    assert any(p.suffix == ".parquet" for p in files)
    # Hadoop's defaults (0666 and 0777) less its umask (022), whatever the process's own umask
    assert {stat.S_IMODE(p.stat().st_mode) for p in files if p.suffix == ".parquet"} == {0o644}
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} <= {0o755, 0o777 & ~umask}
