"""CSV cells that a spreadsheet reads as data, never as formulas (OWASP, "CSV Injection").

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width forms,
which some spreadsheets also accept) would be run as a formula when the file is opened: an outlet named
``=HYPERLINK(...)`` or an id ``@SUM(...)``. Such a cell is prefixed with a single quote, as OWASP recommends,
so that it shows as the text it is; numbers are left alone (a longitude of -3.7 stays a number). Every CSV
writer of Marsad writes through :class:`SafeDictWriter`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    _DictWriter = csv.DictWriter[str]
else:  # not subscriptable at run time before Python 3.12
    _DictWriter = csv.DictWriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """``value`` with a leading single quote when it is text that a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeDictWriter(_DictWriter):
    """:class:`csv.DictWriter` whose every text cell goes through :func:`safe_cell`."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: safe_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)
