"""The plain lines `marsad extract` writes on standard error when no progress bar can show (rich not imported)
are the lines rich's console wrote there."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from marsad.cli.common import plain_line

MESSAGES = st.text(
    alphabet=st.sampled_from(list("ab :x_[]/\t\n\r\x07\x08\x0b\x0c\x1b\x00\x7f\x85\u2028\u200f\u0301ـ😀 قصف على حلب،")),
    max_size=40,
)


def rich_line(message: str) -> str:
    out = io.StringIO()
    Console(file=out, highlight=False, soft_wrap=True, emoji=False).print(message, markup=False)
    return out.getvalue()


@given(MESSAGES)
def test_a_plain_line_is_what_rich_printed(message: str) -> None:
    assert plain_line(message) == rich_line(message)


def test_a_carriage_return_in_a_file_name_cannot_rewrite_the_line() -> None:
    assert plain_line("marsad extract: skipped a\rb.txt") == "marsad extract: skipped ab.txt\n"
