"""`marsad show`: one stored event, or one incident, with every field and the Arabic sentences behind it, the
evidence and the words of each field highlighted."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from marsad.cli import common

#: How each located field is shown inside the Arabic sentence (the evidence is the background).
FIELD_STYLES = {
    "actor1": "bold red",
    "actor2": "bold magenta",
    "assoc_actors": "magenta",
    "location": "bold green",
    "date": "bold cyan",
    "quantities": "bold yellow",
    "attribution": "italic blue",
    "framing": "underline",
}
EVIDENCE_STYLE = "on grey23"
LEGEND = ("actor1", "actor2", "location", "date", "quantities", "attribution")


def show_command(
    ident: Annotated[
        str | None,
        typer.Argument(help="Event: its store id (123), its ACLED id (SYR123) or its id in the record (doc:3)."),
    ] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", help="Show this incident (45 or SYRI45) and all its reports.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of the formatted view.")] = False,
    db: common.Db = None,
) -> None:
    """Show one event (or incident): every field, and its Arabic sentences with the evidence highlighted."""
    from marsad.export import detail

    if (ident is None) == (incident is None):
        common.fail("give an EVENT id, or --incident ID (one of them)")
    with common.open_store(db, must_exist=True) as store:
        if incident is not None:
            incident_id = detail.find_incident_id(incident)
            found = detail.incident_detail(store, incident_id) if incident_id is not None else None
            if found is None:
                common.fail(f"no incident {incident!r} in {store.url}", code=1)
            view, reports = found
            if as_json:
                typer.echo(json.dumps(_incident_json(view, reports), ensure_ascii=False, indent=2, default=str))
            else:
                _print_incident(common.out_console(), view, reports)
            return
        event_id = detail.find_event_id(store, str(ident))
        one = detail.event_detail(store, event_id) if event_id is not None else None
        if one is None:
            common.fail(f"no event {ident!r} in {store.url}", code=1)
    if as_json:
        typer.echo(json.dumps(_event_json(one), ensure_ascii=False, indent=2, default=str))
    else:
        _print_event(common.out_console(), one)


# --------------------------------------------------------------------------------------------- JSON


def _event_json(d: Any) -> dict[str, Any]:
    row = d.row
    return {
        "event_id": row.event_pk,
        "acled_id": d.acled["event_id_cnty"],
        "record": row.record,
        "document": {
            "id": row.document_pk,
            "doc_id": row.doc_id,
            "outlet": row.outlet,
            "published": row.published,
            "title": row.title,
            "url": row.url,
            "engine_version": row.engine_version,
        },
        "export": {k: d.acled[k] for k in _EXPORT_KEYS},
        "incident": {
            "id": row.incident_id,
            "merge_reason": row.merge_reason,
            "other_reports": [_report_json(m) for m in d.others],
        },
        "passages": [
            {
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "spans": [{"field": s.field, "start": s.start, "end": s.end, "text": s.text} for s in p.spans],
            }
            for p in d.passages
        ],
    }


_EXPORT_KEYS = (
    "event_date", "time_precision", "date_source", "historical", "disorder_type", "actor1", "actor2",
    "inter1", "inter2", "interaction", "source", "source_scale", "notes", "tags",
)  # fmt: skip


def _report_json(m: Any) -> dict[str, Any]:
    when = m.record.get("date") or {}
    return {
        "event_id": m.event_pk,
        "doc_id": m.doc_id,
        "outlet": m.outlet,
        "date": when.get("start"),
        "place": (m.record.get("location") or {}).get("name"),
        "merge_reason": m.merge_reason,
    }


def _incident_json(view: Any, reports: list[Any]) -> dict[str, Any]:
    from marsad.export.acled import incident_row, lexicon_inter

    return {
        "incident_id": view.incident_id,
        "event_type": view.event_type,
        "sub_event_type": view.sub_event_type,
        "date_start": view.date_start,
        "date_end": view.date_end,
        "admin1": view.admin1,
        "pcode": view.pcode,
        "n_events": view.n_events,
        "n_documents": view.n_documents,
        "acled": incident_row(view.incident_id, [r.row for r in reports], inter=lexicon_inter),
        "reports": [_event_json(r) for r in reports],
    }


# --------------------------------------------------------------------------------------------- the view


def _both(english: str | None, arabic: str | None) -> Text:
    """English with the article's Arabic words beside it."""
    out = Text(english or "")
    if arabic and arabic != english:
        out.append("  " if english else "")
        out.append(arabic, style="dim")
    return out


def _fields(d: Any) -> Table:
    rec, acled = d.row.record, d.acled
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def add(label: str, value: Text | str | None) -> None:
        if value:
            grid.add_row(label, value)

    for slot, label in (("actor1", "actor 1"), ("actor2", "actor 2")):
        actor = rec.get(slot)
        if actor:
            code = acled.get("inter1" if slot == "actor1" else "inter2")
            shown = _both(acled[slot], actor.get("text"))
            shown.append(f"  ({actor.get('id')}" + (f", inter {code})" if code else ")"), style="dim")
            add(label, shown)
    for other in rec.get("assoc_actors") or []:
        add("associated", _both(other.get("name"), other.get("text")))
    loc = rec.get("location")
    if loc:
        place = _both(loc.get("name"), loc.get("name_ar") or loc.get("text"))
        units = " / ".join(x for x in (loc.get("admin3"), loc.get("admin2"), loc.get("admin1")) if x)
        place.append(f"  {units}, {loc.get('country')}", style="")
        extra = [f"p-code {loc['pcode']}"] if loc.get("pcode") else []
        if loc.get("latitude") is not None:
            extra.append(f"{loc['latitude']:.4f}, {loc['longitude']:.4f}")
        extra.append(f"precision {loc.get('geo_precision')}")
        place.append("  (" + "; ".join(extra) + ")", style="dim")
        add("place", place)
    else:
        add("place", Text("none", style="dim"))
    when = rec.get("date") or {}
    dated = _both(when.get("start") or "undated", when.get("text"))
    dated.append(f"  ({when.get('precision')})", style="dim")
    add("date", dated)
    add(
        "export date",
        Text(
            f"{acled['event_date'] or 'none'}  time_precision {acled['time_precision']}, from the "
            f"{acled['date_source']}" + ("; historical: left out of exports" if acled["historical"] else "")
        ),
    )
    add("fatalities", str(rec.get("fatalities", 0)))
    for q in rec.get("quantities") or []:
        add("amount", _both(f"{q.get('qualifier')} {q.get('value') or ''} {q.get('unit')}", q.get("text")))
    attribution = rec.get("attribution")
    if attribution:
        add("attributed to", _both(attribution.get("name"), attribution.get("text")))
    add("modality", rec.get("modality"))
    for framing in rec.get("framing") or []:
        add("loaded words", _both(framing.get("neutral"), framing.get("text")))
    add("ACLED", f"{acled['disorder_type']}; source {acled['source']} ({acled['source_scale']})")
    add("confidence", f"{float(rec.get('confidence') or 0):.2f}")
    row = d.row
    doc = Text(f"{row.doc_id}  {row.outlet or ''}  published {row.published or 'unknown'}")
    if row.title:
        doc.append("\n")
        doc.append(row.title)
    if row.url:
        doc.append(f"\n{row.url}", style="dim")
    add("article", doc)
    return grid


def _passage(p: Any) -> Text:
    from marsad.api.spans import segments

    out = Text()
    for piece in segments(p.text, p.spans):
        style = EVIDENCE_STYLE if "evidence" in piece.fields else ""
        for name in piece.fields:
            base = name.split(".", 1)[0]
            if base in FIELD_STYLES:
                style = f"{style} {FIELD_STYLES[base]}".strip()
                break
        out.append(piece.text, style=style or None)
    return out


def _legend() -> Text:
    out = Text("evidence", style=EVIDENCE_STYLE)
    for name in LEGEND:
        out.append("  ")
        out.append(name.replace("1", " 1").replace("2", " 2").replace("location", "place"), style=FIELD_STYLES[name])
    return out


def _event_view(d: Any, *, with_others: bool = True) -> Group:
    rec = d.row.record
    head = Text(f"event {d.row.event_pk}", style="bold")
    head.append(f"  {d.acled['event_id_cnty']}  ", style="dim")
    head.append(f"{rec.get('event_type')} › {rec.get('sub_event_type')}", style="bold")
    if d.row.incident_id is not None:
        head.append(f"  incident {d.row.incident_id}", style="dim")
    parts: list[Any] = [head, Padding(_fields(d), (0, 0, 0, 2), expand=False)]
    if d.passages:
        parts.append(Text("in the article:", style="bold"))
        parts.extend(Padding(_passage(p), (0, 0, 0, 2), expand=False) for p in d.passages)
    if with_others and d.others:
        table = Table(title=f"other reports of incident {d.row.incident_id}", title_justify="left")
        for name in ("event", "article", "outlet", "date", "place", "why merged"):
            table.add_column(name, overflow="fold")
        for m in d.others:
            loc = m.record.get("location") or {}
            table.add_row(
                str(m.event_pk),
                m.doc_id,
                m.outlet or "",
                (m.record.get("date") or {}).get("start") or "",
                _both(loc.get("name"), loc.get("name_ar")),
                m.merge_reason or "",
            )
        parts.append(table)
    elif with_others and d.row.merge_reason:
        parts.append(Text(f"incident {d.row.incident_id}: {d.row.merge_reason}", style="dim"))
    return Group(*parts)


def _print_event(console: Console, d: Any) -> None:
    console.print(_event_view(d))
    if d.passages:
        console.print(_legend())


def _print_incident(console: Console, view: Any, reports: list[Any]) -> None:
    head = Text(f"incident {view.incident_id}", style="bold")
    head.append(f"  {view.event_type} › {view.sub_event_type}  ", style="bold")
    head.append(
        f"{view.date_start or 'undated'}"
        + (f" to {view.date_end}" if view.date_end and view.date_end != view.date_start else "")
        + f"  {view.admin3 or ''} {view.admin1 or ''}  {view.n_events} report(s) in {view.n_documents} article(s)",
        style="dim",
    )
    console.print(head)
    for d in reports:
        console.print()
        console.print(Text(f"why it is here: {d.row.merge_reason or '-'}", style="dim"))
        console.print(_event_view(d, with_others=False))
    console.print()
    console.print(_legend())


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("show")(show_command)
