"""The local file system of a local master's JVM: Hadoop's, but setting file modes without starting a process.

Hadoop's local file system sets the mode of every file and folder it creates, and without Hadoop's native library
(PySpark ships none) it runs ``chmod`` as a process to do it: two processes for each file a job writes. A run of
`marsad batch` on the ANT corpus started 314 of them (92 event files, the other tables, their task folders), about
a second of the writes' wall time with ``local[1]`` (docs/performance.md, "The ninth session"). The class in
``java/LocalFileSystem.java`` sets the same modes through ``java.nio`` inside the JVM.

It is compiled once per Java and PySpark into Marsad's cache (``javac``, about a second) by the first local
session, and put on the driver's class path as the ``file:`` scheme's file system: only for a ``local`` or
``local[N]`` master whose JVM PySpark is about to start itself (not under ``spark-submit``, not in a process whose
JVM runs already, not when ``PYSPARK_SUBMIT_ARGS`` sets a class path), since the class setting without the jar on
that JVM's class path would fail every write. Without a cache directory, a Java compiler (a runtime without the
JDK) or a successful build, a local master runs with Hadoop's own, as before; a build that failed is not tried
again until its note (``marsad-localfs-<key>.failed``, with the compiler's message) is deleted or Java is
upgraded (the key is of the source, the Java build and PySpark's Hadoop). A cluster's executors (and
``local-cluster``'s) are left alone: they write to HDFS or object stores, with their own file systems.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.batch.jvm import file_identity, java_binary
from marsad.cache import default_dir

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

log = logging.getLogger(__name__)

#: The class Spark's ``fs.file.impl`` names.
CLASS = "marsad.batch.LocalFileSystem"
#: Settings a session may give itself, in which case this file system is not added (theirs is kept).
SETTINGS = ("spark.hadoop.fs.file.impl", "spark.driver.extraClassPath")
_SOURCE = "LocalFileSystem.java"
_CLASS_FILE = CLASS.replace(".", "/")
_PREFIX = "marsad-localfs-"


def local_fs_jar(java: Path | None, cache: Path | None = None) -> Path | None:
    """The jar of :data:`CLASS` for the Java at ``java`` (the ``java`` binary Spark starts, resolved) and this
    PySpark's Hadoop, built into the cache when it is not there yet; ``None`` when it cannot be had (see the
    module doc), in which case the reason is logged at debug level."""
    cache = cache if cache is not None else default_dir()
    if cache is None or java is None:
        return None
    hadoop = _hadoop_api()
    if hadoop is None:
        log.debug("no Hadoop client jar in PySpark: Hadoop's local file system is used")
        return None
    source = (files("marsad.batch") / "java" / _SOURCE).read_bytes()
    # (the Java build too: an upgraded JDK at the same path builds again, and a failure noted for the old one lapses)
    identity = hashlib.sha256(b"|".join([source, file_identity(java).encode(), hadoop.name.encode()])).hexdigest()[:16]
    jar = cache / f"{_PREFIX}{identity}.jar"
    if _whole(jar):
        return jar
    failed = jar.with_suffix(".failed")
    if failed.exists():
        log.debug("the local file system failed to build before (%s): Hadoop's is used", failed)
        return None
    javac = java.with_name("javac")
    if not javac.is_file():
        log.debug("no Java compiler beside %s: Hadoop's local file system is used", java)
        return None
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=_PREFIX, dir=cache) as tmp:
            folder = Path(tmp)
            (folder / _SOURCE).write_bytes(source)
            classes = folder / "classes"
            command = [str(javac), "-nowarn", "--release", "17", "-cp", str(hadoop), "-d", str(classes)]
            done = subprocess.run([*command, str(folder / _SOURCE)], capture_output=True, text=True, timeout=300)
            if done.returncode != 0:
                log.debug("building the local file system failed: %s", done.stderr.strip())
                failed.write_text(f"{' '.join(command)}\n{done.stderr}")  # (not tried again: see the module doc)
                return None
            built = folder / "built.jar"
            with zipfile.ZipFile(built, "w") as archive:  # (a jar is a zip; the class path needs no manifest)
                for path in sorted(classes.rglob("*.class")):
                    archive.write(path, path.relative_to(classes).as_posix())
            with built.open("rb") as fh:
                os.fsync(fh.fileno())  # (on disk before its name: a jar cut short would fail every write)
            os.replace(built, jar)  # whole or not at all: runs that build it together each write their own
    except (OSError, subprocess.SubprocessError):
        log.debug("cannot build the local file system into %s", cache, exc_info=True)
        return None
    return jar


def _whole(jar: Path) -> bool:
    """Whether ``jar`` is there with both classes in it (a damaged one is deleted, to be built again)."""
    if not jar.is_file():
        return False
    try:
        with zipfile.ZipFile(jar) as archive:
            if {f"{_CLASS_FILE}.class", f"{_CLASS_FILE}$Raw.class"} <= set(archive.namelist()):
                return True
    except (OSError, zipfile.BadZipFile):
        pass
    log.debug("the local file system's jar %s is damaged: built again", jar)
    jar.unlink(missing_ok=True)
    return False


def session_settings(master: str, conf: Mapping[str, str]) -> dict[str, str]:
    """The Spark settings that give a session with this ``master`` and ``conf`` this file system: none unless the
    master is ``local``/``local[N]`` and PySpark is about to start the session's JVM with them (see the module
    doc), and neither setting is given."""
    from pyspark import SparkContext

    if not (master == "local" or master.startswith("local[")) or any(key in conf for key in SETTINGS):
        return {}
    submit = os.environ.get("PYSPARK_SUBMIT_ARGS", "")
    if SparkContext._gateway is not None or "PYSPARK_GATEWAY_PORT" in os.environ or any(
        word in submit for word in ("--driver-class-path", "extraClassPath", "fs.file.impl")
    ):
        return {}  # a JVM that is running already, or started with a class path of its own
    jar = local_fs_jar(java_binary())
    if jar is None:
        return {}
    return {"spark.driver.extraClassPath": str(jar), "spark.hadoop.fs.file.impl": CLASS}


def check_session(spark: SparkSession) -> None:
    """Put Hadoop's local file system back if the session's JVM cannot load this one (its class path is not the
    one asked for: writes would fail)."""
    hadoop = spark.sparkContext._jsc.hadoopConfiguration()
    if hadoop.get("fs.file.impl") == CLASS and hadoop.getClassByNameOrNull(CLASS) is None:
        log.warning("the JVM cannot load %s: Hadoop's own local file system is used", CLASS)
        hadoop.set("fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem")


def _hadoop_api() -> Path | None:
    """PySpark's Hadoop client jar, which has the classes the file system extends."""
    import pyspark

    jars = Path(pyspark.__file__).parent / "jars"
    found = sorted(jars.glob("hadoop-client-api-*.jar"))
    return found[-1] if found else None
