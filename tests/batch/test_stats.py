"""The counters and key sets the batch tasks report to the driver."""

from __future__ import annotations

from marsad.batch.stats import ContentsParam, later_repeats


def test_the_later_repeats_are_all_documents_of_a_content_but_the_first_by_source_then_line() -> None:
    param = ContentsParam()
    merged = param.zero({})
    # three tasks: two read the same content ("h1") in different files, one read "h2" twice in a file (both kept:
    # the later line came first in the task) and a whole file (no line) with "h3"
    merged = param.addInPlace(merged, {"h1": [("b.jsonl", 1)], "h3": [("c.txt", None)]})
    merged = param.addInPlace(merged, {"h1": [("a.jsonl", 7)], "h2": [("a.jsonl", 9), ("a.jsonl", 3)]})
    merged = param.addInPlace(merged, {"h3": [("b\n'x.txt", None)]})
    assert later_repeats(merged) == [
        ("h1", "b.jsonl", 1),
        ("h2", "a.jsonl", 9),
        ("h3", "c.txt", None),
    ]
    assert later_repeats(param.addInPlace(param.zero({}), {"h1": [("a", 1)], "h2": [("a", 2)]})) == []


def test_a_task_reports_the_engine_time_by_the_clock_and_by_its_cpu() -> None:
    from collections import Counter

    from marsad.batch.stats import StatsParam, task_stats

    param = StatsParam()
    total = param.zero({})
    total = param.addInPlace(total, task_stats(Counter(extracted=3), 2.0, 1.5))
    total = param.addInPlace(total, task_stats(Counter(extracted=1), 1.0, 0.5))
    assert total["extracted"] == 4
    assert (total["engine_seconds"], total["engine_cpu_seconds"]) == (3.0, 2.0)
    assert "engine_cpu_seconds" not in task_stats(Counter(read_errors=1))  # (a task that extracted nothing)
