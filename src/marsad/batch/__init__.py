"""`marsad batch`: the extraction engine and the store's incident merging on Apache Spark, for corpora beyond one
machine (see docs/batch.md).

Modules: :mod:`~marsad.batch.records` (tables and row conversions, no Spark), :mod:`~marsad.batch.schema` (their
Spark schemas), :mod:`~marsad.batch.reading` (inputs), :mod:`~marsad.batch.extraction` (the engine in the Python
workers), :mod:`~marsad.batch.incidents` (cross-article merging), :mod:`~marsad.batch.job` (one run),
:mod:`~marsad.batch.load` (an output read back without Spark, for `marsad ingest --from-batch`).
Only :mod:`~marsad.batch.records` and :mod:`~marsad.batch.load` work without ``pyspark`` installed.
"""
