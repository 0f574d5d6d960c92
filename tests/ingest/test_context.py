"""Every log message names the input being worked on, whatever module logs it."""

from __future__ import annotations

import io
import logging

from marsad.errors import Interrupted
from marsad.ingest.context import FORMAT, InputFilter, InterruptFilter, input_context


def test_messages_inside_an_input_context_name_the_input() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(InputFilter())
    logger = logging.getLogger("marsad.test.context")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with input_context("batch.jsonl:7 (sana-1)"):
            logger.warning("«%s» is not read as a count", "١١١ مليار")
            logger.warning("batch.jsonl:7 (sana-1): named already")
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue().splitlines() == [
        "WARNING marsad.test.context: batch.jsonl:7 (sana-1): «١١١ مليار» is not read as a count",
        "WARNING marsad.test.context: batch.jsonl:7 (sana-1): named already",
        "WARNING marsad.test.context: outside",
    ]


def test_an_interrupt_a_library_logs_is_left_to_the_summary() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(InterruptFilter())
    logger = logging.getLogger("marsad.test.context.pool")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for exc in (Interrupted("SIGTERM", 143), ValueError("a real error")):
            try:
                raise exc
            except BaseException:
                logger.error("Exception during reset or similar", exc_info=True)
    finally:
        logger.removeHandler(handler)
    assert "Interrupted" not in stream.getvalue()
    assert "ValueError: a real error" in stream.getvalue()
