"""The Python daemon of a local run's workers: PySpark's own (``pyspark.daemon``), started with Marsad loaded.

Spark starts one daemon per Python executable and forks every Python worker from it (``python -m <module>
pyspark.worker``; ``spark.python.daemon.module``, which :func:`marsad.batch.job.make_session` sets to this module
for a local master). Before PySpark's daemon loop starts, this one

- imports PySpark from its installed package rather than from the ``pyspark.zip`` that Spark puts first on the
  workers' ``PYTHONPATH`` (when that zip belongs to the same installation): Python cannot keep byte-code for
  modules read from a zip, so the daemon and every worker compiled PySpark's sources again (0.4 s of each run's
  daemon start, 4 % of a worker's samples on the ANT corpus);
- imports what the workers import for Marsad's tasks (PySpark's worker, the readers, the content hash, the engine)
  and loads Marsad's engine from the resource cache, so that every worker forks with them instead of loading
  them at its first batch.

It starts no thread (a forked process gets none of its parent's threads, so a lock held by one would never be
released in the child): pyarrow, which starts one when imported, is imported by the workers, as in PySpark's own
daemon. An engine named by ``MARSAD_EXTRACTOR`` is imported too; other engines load in the workers, as before.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys

log = logging.getLogger(__name__)

#: What a worker of `marsad batch` imports, in the daemon before it forks (none of these starts a thread).
PRELOAD = (
    "pyspark.worker",
    "pyspark.sql.types",
    "pyspark.sql.udf",
    "pyspark.sql.pandas.serializers",
    "marsad.model",
    "marsad.ingest.checks",
    "marsad.ingest.readers",
    "marsad.ingest.work",
    "marsad.store.store",
)


def prefer_installed_pyspark(path: list[str]) -> list[str]:
    """``path`` with the zips of a PySpark installation (``<pyspark>/python/lib/*.zip``) moved to its end when that
    installation's package is importable from another entry of ``path`` (the same sources, with byte-code)."""
    moved = []
    for entry in path:
        parts = entry.replace(os.sep, "/").rsplit("/", 4)
        # <site>/pyspark/python/lib/<name>.zip, with <site>/pyspark/__init__.py and <site> on the path
        if (
            len(parts) == 5
            and parts[1:4] == ["pyspark", "python", "lib"]
            and parts[4].endswith(".zip")
            and parts[0] in path
            and os.path.isfile(os.path.join(parts[0], "pyspark", "__init__.py"))
        ):
            moved.append(entry)
    return [e for e in path if e not in moved] + moved


def preload() -> None:
    """Import :data:`PRELOAD` and load the engine that ``$MARSAD_EXTRACTOR`` names (default: Marsad's)."""
    for name in PRELOAD:
        importlib.import_module(name)
    from marsad.ingest.work import ENV_EXTRACTOR, load_extractor

    load_extractor()
    if not os.environ.get(ENV_EXTRACTOR):
        from marsad.extract.pipeline import Extractor

        Extractor.default()


def main() -> None:
    sys.path[:] = prefer_installed_pyspark(sys.path)
    try:
        preload()
    except Exception:  # the workers load what they need themselves, as without this daemon
        log.warning("marsad batch daemon: preloading failed", exc_info=True)
    from pyspark.daemon import manager

    manager()


if __name__ == "__main__":
    main()
