"""A stand-in engine for the batch tests: Marsad's engine, except that it breaks on one document id.

Shipped to the Spark workers with ``SparkContext.addPyFile`` and named ``engines:extract_or_break``.
"""

from __future__ import annotations

from typing import Any

import marsad

ENGINE_VERSION = marsad.ENGINE_VERSION
BREAKING_ID = "breaks-the-engine"


def extract_or_break(text: str, **kwargs: Any) -> marsad.DocumentRecord:
    if kwargs.get("doc_id") == BREAKING_ID:
        raise RuntimeError("the engine broke on purpose")
    return marsad.extract(text, **kwargs)
