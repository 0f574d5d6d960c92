"""The extraction stages, in order: document (mentions) -> candidates -> roles -> arguments -> attribution ->
merge -> records; :mod:`marsad.extract.pipeline` runs them.

``marsad.extract`` is both this package and the library's entry point ``marsad.extract(text, ...)``: once the
package is imported it shadows the function of the same name in ``marsad``, so the package itself is made
callable with the same signature.
"""

from __future__ import annotations

import sys
import types
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marsad.model import DocumentRecord


class _CallableModule(types.ModuleType):
    def __call__(
        self,
        text: str,
        *,
        published: str | date | None = None,
        doc_id: str | None = None,
        outlet: str | None = None,
        title: str | None = None,
    ) -> DocumentRecord:
        from marsad.extract.pipeline import extract

        return extract(text, published=published, doc_id=doc_id, outlet=outlet, title=title)


sys.modules[__name__].__class__ = _CallableModule
