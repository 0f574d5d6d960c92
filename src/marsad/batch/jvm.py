"""The Java options of a local-mode JVM, with a class-data archive kept in Marsad's cache.

A local run's JVM (driver and executor in one process) spends seconds of every run loading and verifying the same
ten thousand Spark, Hadoop and Parquet classes. Java's application class-data sharing (CDS) keeps them parsed and
verified in an archive that the next JVM maps instead: the first local run with a given Java and PySpark writes
the archive as its JVM exits (``-XX:ArchiveClassesAtExit``), later runs read it (``-XX:SharedArchiveFile``). A
third to a quarter of a small run's CPU seconds goes (docs/performance.md, "Batch, fourth round").

The archive is written under a name of its own (the driver's process id), and takes its final name at the start of
a later run, once the JVM that wrote it has exited and a JVM with the same class path has mapped it (``-Xshare:on
-version``, a third of a second): runs that start together do not write the same file, and an archive cut short
(its JVM killed while writing it), which would crash every JVM that maps it, is deleted instead. The JVM checks an
archive against its own build and class path and ignores one that does not match (its warning is silenced): a
stale archive costs the time it saves, nothing else. Without a cache directory (``MARSAD_CACHE_DIR=off``), or
where the JVM's command line cannot be read (``/proc``), nothing is archived.

An archive is about 190 MB, and each Java build, PySpark and environment (its jars' folder) has its own: every local
run keeps its own and the :data:`ARCHIVES_KEPT` - 1 others used last, and removes the rest (a Java or PySpark since
replaced, a deleted environment), with the notes of writers that exited without writing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from marsad.cache import default_dir

log = logging.getLogger(__name__)

#: In local mode the JVM only moves records between Python processes and files: its quick JIT tier and a simple
#: collector cost less than the optimising compiler's warm-up (a third less time on the ANT corpus, one core).
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
#: The JVM's own warning when an archive does not match it (another Java build, another class path), off.
_QUIET = "-Xlog:cds=off -Xlog:cds+dynamic=off"
_PREFIX = "spark-classes-"
_WRITING = ".writing-"  # an archive being written: <final name>.writing-<driver pid>; and its JVM's pid in .jvm
_NOTE = ".jvm"
#: The archives kept in the cache: this run's Java and PySpark's, and those of the environments used last (a
#: developer's few virtual environments taking turns each keep theirs).
ARCHIVES_KEPT = 3
# the files of the archives: <prefix><key>.jsa, its write <...>.jsa.writing-<pid>, and its writer's note <...>.jvm
_FILE = re.compile(rf"{re.escape(_PREFIX)}[0-9a-f]{{16}}\.jsa(?:{re.escape(_WRITING)}[0-9]+(?:{re.escape(_NOTE)})?)?")


def local_java_options(cache: Path | None = None, classpath: str = "") -> str:
    """The driver's Java options for a local master: :data:`LOCAL_JAVA_OPTIONS` and the class-data archive
    (read when there is one for this Java and PySpark, written at exit otherwise). ``classpath``: what the driver's
    class path has besides PySpark's jars (``spark.driver.extraClassPath``), which the archive is made for too."""
    cache = cache if cache is not None else default_dir()
    archive = archive_path(cache, classpath) if cache is not None else None
    if archive is None:
        return LOCAL_JAVA_OPTIONS
    _promote_written(archive)
    _prune(archive)
    if archive.is_file():
        try:
            os.utime(archive)  # (used now: the archives used last are the ones kept)
        except OSError:
            log.debug("cannot touch the class archive %s", archive, exc_info=True)
        return f"{LOCAL_JAVA_OPTIONS} -XX:SharedArchiveFile={archive} {_QUIET}"
    try:
        archive.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return LOCAL_JAVA_OPTIONS
    return f"{LOCAL_JAVA_OPTIONS} -XX:ArchiveClassesAtExit={_writing(archive, os.getpid())} {_QUIET}"


def archive_path(cache: Path, classpath: str = "") -> Path | None:
    """The archive for the Java that Spark will start, this PySpark's jars and the driver's ``classpath`` besides
    them (``None``: no Java found)."""
    import pyspark

    binary = java_binary()
    if binary is None:
        return None
    jars = Path(pyspark.__file__).parent / "jars"
    identity = f"{file_identity(binary)}|{pyspark.__version__}|{jars}|{LOCAL_JAVA_OPTIONS}"
    # (the JVM refuses an archive whose jars changed; no class path: the identity of the archives made before one)
    identity += "".join(f"|{file_identity(entry)}" for entry in classpath.split(os.pathsep) if entry)
    return cache / f"{_PREFIX}{hashlib.sha256(identity.encode()).hexdigest()[:16]}.jsa"


def java_binary() -> Path | None:
    """The ``java`` that Spark's launcher starts (``$JAVA_HOME/bin/java``, else the one on the path), resolved."""
    home = os.environ.get("JAVA_HOME")
    java = Path(home) / "bin" / "java" if home else shutil.which("java")
    if java is None:
        return None
    try:
        return Path(java).resolve(strict=True)
    except OSError:
        return None


def file_identity(path: Path | str) -> str:
    """A file's path, size and time: what tells a Java build or a jar from the one before it at the same path (the
    path alone when the file cannot be read)."""
    try:
        found = os.stat(path)
    except OSError:
        return str(path)
    return f"{path}|{found.st_size}|{found.st_mtime_ns}"


def note_jvm(options: str, jvm_pid: int | None) -> None:
    """Record which JVM writes the archive named in ``options`` (when it writes one), its Java and class path, so
    that a later run knows when the archive is complete and can check it."""
    for option in options.split():
        if option.startswith("-XX:ArchiveClassesAtExit=") and jvm_pid is not None:
            path = Path(option.split("=", 1)[1])
            try:
                command = Path(f"/proc/{jvm_pid}/cmdline").read_bytes().decode().split("\0")
                classpath = command[command.index("-cp") + 1]
                note = {"pid": jvm_pid, "java": command[0], "classpath": classpath}
                # written whole or not at all: a run that reads it meanwhile must not take it for a dead writer's
                written = path.with_name(f"{path.name}{_NOTE}.{os.getpid()}.tmp")
                written.write_text(json.dumps(note))
                os.replace(written, path.with_name(path.name + _NOTE))
            except (OSError, ValueError, IndexError):
                log.debug("cannot note the JVM writing %s", path, exc_info=True)


def _writing(archive: Path, pid: int) -> Path:
    return archive.with_name(f"{archive.name}{_WRITING}{pid}")


def _promote_written(archive: Path) -> None:
    """Give its final name to an archive whose JVM has exited; remove ones whose writer is unknown."""
    try:
        candidates = sorted(archive.parent.glob(f"{archive.name}{_WRITING}*[0-9]"))
    except OSError:
        return
    for path in candidates:
        note = path.with_name(path.name + _NOTE)
        try:
            jvm = json.loads(note.read_text())
        except OSError:
            continue  # its driver has not started the JVM yet, or never did: left alone
        except ValueError:
            jvm = None
        known = isinstance(jvm, dict) and {"pid", "java", "classpath"} <= jvm.keys()
        if known and _alive(int(jvm["pid"])):
            continue
        try:
            if known and not archive.exists() and _maps(path, jvm["java"], jvm["classpath"]):
                os.replace(path, archive)
            else:
                path.unlink()
            note.unlink()
        except OSError:
            log.debug("cannot take the class archive %s", path, exc_info=True)


def _prune(archive: Path) -> None:
    """Remove the archives of other Javas, PySparks or environments beyond the :data:`ARCHIVES_KEPT` used last
    (with the archives they were writing), and the notes of writers whose JVM exited without writing one. A file
    whose noted JVM still runs is left alone."""
    try:
        names = [p for p in archive.parent.glob(f"{_PREFIX}*") if _FILE.fullmatch(p.name) and p.is_file()]
    except OSError:
        return
    last_used: dict[str, float] = {}
    for path in names:
        if path.name.endswith(_NOTE):
            continue  # (an archive's use: a note alone may be of a writer that wrote nothing)
        try:
            last_used[_identity(path)] = max(last_used.get(_identity(path), 0.0), path.stat().st_mtime)
        except OSError:  # removed meanwhile by another run
            continue
    own = _identity(archive)
    others = sorted((i for i in last_used if i != own), key=lambda i: last_used[i], reverse=True)
    dropped = set(others[ARCHIVES_KEPT - 1 :])
    for path in names:
        if not path.name.endswith(_NOTE):
            continue
        writing = path.with_name(path.name[: -len(_NOTE)])
        if _writer_alive(path):
            continue
        try:
            if _identity(path) in dropped:
                writing.unlink(missing_ok=True)
                path.unlink()
            elif not writing.exists():  # its JVM exited without writing (killed): the note alone is left
                path.unlink()
        except OSError:
            log.debug("cannot remove the class archive note %s", path, exc_info=True)
    for path in names:
        if _identity(path) in dropped and not path.name.endswith(_NOTE):
            if _WRITING in path.name and path.with_name(path.name + _NOTE).exists():
                continue  # its writer still runs (else its note and it were removed above)
            try:
                path.unlink(missing_ok=True)
            except OSError:
                log.debug("cannot remove the class archive %s", path, exc_info=True)


def _identity(path: Path) -> str:
    """The Java, PySpark and environment an archive file is of (its name up to ``.jsa``)."""
    return path.name.split(".jsa", 1)[0]


def _writer_alive(note: Path) -> bool:
    """Whether the JVM a writer's note names still runs (a note that cannot be read: no)."""
    try:
        jvm = json.loads(note.read_text())
    except (OSError, ValueError):
        return False
    return isinstance(jvm, dict) and isinstance(jvm.get("pid"), int) and _alive(jvm["pid"])


def _maps(path: Path, java: str, classpath: str) -> bool:
    """Whether a JVM with this class path maps the archive (a whole one does; a cut one fails or crashes it)."""
    command = [java, "-cp", classpath, *LOCAL_JAVA_OPTIONS.split(), f"-XX:SharedArchiveFile={path}"]
    command += ["-Xshare:on", "-XX:ErrorFile=/dev/null", "-XX:-CreateCoredumpOnCrash", "-version"]
    try:
        return subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
