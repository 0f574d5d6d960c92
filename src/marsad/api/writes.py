"""The API's two POST endpoints: extract an article without storing it, and store articles (token only)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse

from marsad.api import convert
from marsad.api.models import ArticleIn, ErrorOut, ExtractOut, IngestOut
from marsad.api.routes import services
from marsad.api.security import check_bearer
from marsad.api.services import Services
from marsad.errors import InputError
from marsad.model import InputDocument

router = APIRouter(tags=["write"])
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-seq")


def _engine() -> Any:
    from marsad.ingest.pipeline import extract_one

    return extract_one


@router.post("/api/extract", response_model=ExtractOut, responses={422: {"model": ErrorOut}})
def extract(request: Request, article: ArticleIn) -> dict[str, Any]:
    """Extract the events of one article (nothing is stored): the contract's record, each event with the spans
    of its fields in ``text``."""
    from marsad.ingest.readers import normalize_published, validate_text

    svc = services(request)
    problem = validate_text(article.text, "text", max_chars=svc.settings.max_chars)
    if problem is not None:
        raise HTTPException(422, problem.problem)
    published = normalize_published(article.published) if article.published else None
    if article.published and published is None:
        raise HTTPException(422, f"published {article.published!r} is not a date (YYYY-MM-DD)")
    doc = InputDocument(
        doc_id=article.id or "pasted",
        text=article.text,
        title=article.title,
        published=published,
        outlet=article.outlet,
        source="<request>",
    )
    record = _engine()(doc)
    record["events"] = [{**ev, "field_spans": convert.spans_of(article.text, ev)} for ev in record["events"]]
    return record


def _read_documents(body: bytes, content_type: str, svc: Services) -> list[InputDocument | InputError]:
    from marsad.ingest.readers import read_jsonl_bytes

    kind = content_type.split(";")[0].strip().lower()
    if kind in JSONL_TYPES:
        data = body
    elif kind in ("application/json", ""):
        try:
            parsed = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise HTTPException(400, f"the body is not valid JSON ({exc})") from None
        items = parsed if isinstance(parsed, list) else [parsed]
        # escaped: a lone surrogate ("\ud800") stays a JSON escape, which the reader refuses by line
        data = b"\n".join(json.dumps(item).encode() for item in items)
    else:
        raise HTTPException(
            415, f"send application/json (one article or a list) or application/x-ndjson, not {kind}"
        )
    return list(read_jsonl_bytes(data, "<request>", max_chars=svc.settings.max_chars))


@router.post(
    "/api/documents",
    response_model=IngestOut,
    responses={
        401: {"model": ErrorOut, "description": "No bearer token, or a wrong one."},
        403: {"model": ErrorOut, "description": "Writes are disabled (no MARSAD_API_TOKEN on the server)."},
        413: {"model": ErrorOut, "description": "The body is over the server's limit."},
        415: {"model": ErrorOut},
        422: {"model": IngestOut, "description": "No article could be stored; `failed` says why, by line."},
    },
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ArticleIn"}},
                "application/x-ndjson": {
                    "schema": {"type": "string", "description": "One article object a line."}
                },
            },
            "required": True,
        }
    },
)
async def store_documents(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> JSONResponse:
    """Extract and store one article (a JSON object: ``text`` and optionally ``id``, ``title``, ``published``,
    ``url``, ``outlet``), a JSON list of them, or a JSON Lines batch. Needs ``Authorization: Bearer <token>``
    with the server's ``MARSAD_API_TOKEN``. A refused line is reported by number; the rest is stored."""
    check_bearer(svc.settings.api_token, authorization)
    body = await request.body()
    items = _read_documents(body, request.headers.get("content-type", ""), svc)
    if not items:
        raise HTTPException(422, "the body holds no article")
    from starlette.concurrency import run_in_threadpool

    from marsad.ingest.pipeline import ingest

    summary = await run_in_threadpool(ingest, svc.store, items)
    out = IngestOut(
        ingested=summary.ingested,
        replaced=summary.replaced,
        skipped=summary.skipped,
        failed=summary.failed,
        events=summary.events,
        document_ids=summary.document_ids,
    )
    stored = summary.ingested + summary.updated + summary.replaced + summary.skipped + summary.aliased
    return JSONResponse(out.model_dump(mode="json"), status_code=200 if stored or not summary.failed else 422)
