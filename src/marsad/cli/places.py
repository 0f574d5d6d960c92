"""`marsad places`: the place expressions of a text and how the gazetteer resolved each (the debug view of
geocoding), or `--lookup` a free-text place name."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from marsad.geo import ResolvedPlace


def _row(table: Table, shown: str, place: ResolvedPlace) -> None:
    table.add_row(
        shown,
        place.name,
        f"{place.admin1} / {place.admin2} / {place.admin3}",
        place.pcode or "",
        str(place.geo_precision),
        f"{place.score:.2f}",
        place.explanation,
    )


def register(app: typer.Typer) -> None:
    @app.command("places")
    def places_command(
        text: str = typer.Argument(..., help="Arabic text, or - to read standard input."),
        lookup: bool = typer.Option(False, "--lookup", help="Treat TEXT as a place name (Arabic or English)."),
    ) -> None:
        """Show the places found in TEXT, the candidate chosen for each, its score and why."""
        from marsad.geo import default_gazetteer
        from marsad.text.normalize import normalize

        gaz = default_gazetteer()
        body = sys.stdin.read() if text == "-" else text
        table = Table("text", "place", "admin1 / admin2 / admin3", "p-code", "precision", "score", "why")
        if lookup:
            for candidate in gaz.lookup(body):
                _row(table, body, candidate)
        else:
            norm = normalize(body)
            mentions = gaz.find_mentions(norm.text)
            for m, found in zip(mentions, gaz.resolve_all(mentions), strict=True):
                shown = norm.orig_text(m.start, m.end)
                if found is None:
                    table.add_row(shown, "[red]unresolved[/red]", "", "", str(m.precision), "", "")
                else:
                    _row(table, shown, found)
        Console().print(table)
