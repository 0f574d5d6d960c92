"""The pages of the web view. Every value from the store reaches the page through Jinja's autoescaping (or, in
the scripts, through ``textContent``); the only markup is the templates' own."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.datastructures import URL

from marsad.api.routes import store_of
from marsad.api.spans import field_spans, segments
from marsad.store import browse
from marsad.web import i18n
from marsad.web.assets import TEMPLATES_DIR

router = APIRouter(include_in_schema=False)

#: The filter parameters the map page keeps in its URL (the API's names, so a shared link is an API query).
FILTER_PARAMS = ("type", "sub_type", "actor", "admin1", "outlet", "since", "until", "q")


@lru_cache(maxsize=1)
def _templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["type_name"] = i18n.type_name
    env.globals["type_slug"] = i18n.type_slug
    env.filters["safe_url"] = safe_url
    return Jinja2Templates(env=env)


def safe_url(value: str | None) -> str | None:
    """``value`` when it is an http(s) URL, else ``None`` (a ``javascript:`` or ``data:`` URL is never linked)."""
    if not value:
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


def _relative(url: URL) -> str:
    """A same-site link (path and query only: never a host taken from the request's headers)."""
    return url.path + (f"?{url.query}" if url.query else "")


def _page(request: Request, template: str, title: str, **context: Any) -> HTMLResponse:
    lang = i18n.language(request.query_params.get("lang"))
    other = "en" if lang == "ar" else "ar"
    labels = i18n.labels(lang)
    script_config = {
        "lang": lang,
        "labels": dict(labels),
        "types": i18n.type_names(lang),
        "slugs": dict(i18n.TYPE_SLUGS),
    }
    return _templates().TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "t": labels,
            "title": title,
            "other_lang_url": _relative(request.url.include_query_params(lang=other)),
            "config": script_config,
            **context,
        },
    )


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    """The map, the timeline, the facet filters and the event list."""
    lang = i18n.language(request.query_params.get("lang"))
    found = browse.facets(store_of(request))
    chosen = {name: request.query_params.get(name, "") for name in FILTER_PARAMS}
    facet_options = [
        ("type", [(c.key, i18n.type_name(c.key, lang), c.count) for c in found.types]),
        ("sub_type", [(sub, i18n.type_name(sub, lang), n) for _, sub, n in found.sub_types]),
        ("actor", [(c.key, c.label or c.key, c.count) for c in found.actors]),
        ("admin1", [(c.key, c.key, c.count) for c in found.admin1]),
        ("outlet", [(c.key, c.key, c.count) for c in found.outlets]),
    ]
    return _page(
        request,
        "map.html",
        i18n.labels(lang)["map"],
        facets=found,
        chosen=chosen,
        facet_options=facet_options,
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: int) -> HTMLResponse:
    """Every field of one event, its article with the evidence highlighted, and the incident's other reports."""
    store = store_of(request)
    row = browse.get_event(store, event_id)
    if row is None or row.document_pk is None:
        raise HTTPException(404, f"no event {event_id}")
    text = browse.document_text(store, row.document_pk) or ""
    spans = field_spans(text, row.record)
    incident = browse.get_incident(store, row.incident_id) if row.incident_id is not None else None
    others = [m for m in (incident.members if incident else ()) if m.event_pk != row.event_pk]
    return _page(
        request,
        "event.html",
        i18n.type_name(str(row.record.get("sub_event_type", "")), request.query_params.get("lang", "ar")),
        row=row,
        ev=row.record,
        located={sp.field for sp in spans},
        pieces=segments(text, spans),
        others=others,
    )


@router.get("/extract", response_class=HTMLResponse)
def extract_page(request: Request) -> HTMLResponse:
    """A form to paste an article; its script calls POST /api/extract and shows the same highlighted view."""
    return _page(request, "extract.html", i18n.labels(request.query_params.get("lang", "ar"))["paste"])


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI over /openapi.json, from the vendored copy (no CDN, no inline script)."""
    return _page(request, "docs.html", "API")
