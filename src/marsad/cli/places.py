"""`marsad places`: the place expressions of a text and how the gazetteer resolved each (the debug view of
geocoding), or `--lookup` a free-text place name."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.table import Table


def register(app: typer.Typer) -> None:
    @app.command("places")
    def places_command(
        text: str = typer.Argument(..., help="Arabic text, or - to read standard input."),
        lookup: bool = typer.Option(
            False, "--lookup", help="Treat TEXT as a place name (Arabic or English)."
        ),
    ) -> None:
        """Show the places found in TEXT, the candidate chosen for each, its score and why."""
        from marsad.geo import default_gazetteer
        from marsad.text.normalize import normalize

        gaz = default_gazetteer()
        body = sys.stdin.read() if text == "-" else text
        table = Table("text", "place", "admin1 / admin2 / admin3", "p-code", "precision", "score", "why")
        if lookup:
            for r in gaz.lookup(body):
                table.add_row(
                    body,
                    r.name,
                    f"{r.admin1} / {r.admin2} / {r.admin3}",
                    r.pcode or "",
                    str(r.geo_precision),
                    f"{r.score:.2f}",
                    r.explanation,
                )
        else:
            norm = normalize(body)
            mentions = gaz.find_mentions(norm.text)
            for m, r in zip(mentions, gaz.resolve_all(mentions), strict=True):
                shown = norm.orig_text(m.start, m.end)
                if r is None:
                    table.add_row(shown, "[red]unresolved[/red]", "", "", str(m.precision), "", "")
                else:
                    table.add_row(
                        shown,
                        r.name,
                        f"{r.admin1} / {r.admin2} / {r.admin3}",
                        r.pcode or "",
                        str(r.geo_precision),
                        f"{r.score:.2f}",
                        r.explanation,
                    )
        Console().print(table)
