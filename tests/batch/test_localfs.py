"""The local master's file system: built once into the cache, set on local sessions, and setting the modes Hadoop's
own would (in the JVM, without running chmod)."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from marsad.batch import localfs
from marsad.batch.job import BatchSummary
from marsad.batch.jvm import archive_path

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
    assert alone is not None and archive_path(tmp_path, "/x/marsad-localfs.jar") not in (None, alone)


def test_a_local_session_sets_modes_in_the_jvm(spark: SparkSession, tmp_path: Path) -> None:
    context = spark.sparkContext
    conf = context._jsc.hadoopConfiguration()
    if conf.get("fs.file.impl") != localfs.CLASS:
        pytest.skip("the local file system could not be built here (no Java compiler or no cache)")
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
