"""Hostile articles: titles, outlets, ids, URLs and text carrying markup, script and SQL payloads.

Each payload, if it ever ran in a page, would set ``window.__pwned`` (or open a dialog); the tests prove that
nothing does and that the store is intact.
"""

from __future__ import annotations

import json
from typing import Any

SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"
SVG = "<svg onload=alert('svg')></svg>"
SQL = "'; DROP TABLE events; --"
JS_URL = "javascript:window.__pwned='url'"

HOSTILE_TITLE = f"{SCRIPT}{IMG} قصف {SQL}"
HOSTILE_OUTLET = f"{IMG}{SVG}"
HOSTILE_DOC_ID = f'"><script>window.__pwned="id"</script>{SQL}'
PAYLOADS = (SCRIPT, IMG, SVG, SQL)


def hostile_versions(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A re-report of each article by a hostile outlet: hostile id, title line, URL and a hostile paragraph,
    the rest of the text as it was (so the engine finds the same events and merges them into incidents)."""
    out = []
    for i, art in enumerate(articles):
        body = art["text"].split("\n", 1)[1] if "\n" in art["text"] else art["text"]
        out.append(
            {
                "id": f"{HOSTILE_DOC_ID}-{i}",
                "title": HOSTILE_TITLE,
                "text": f"{HOSTILE_TITLE}\n{SVG} {IMG} نص عربي {SQL}\n{body}",
                "published": art["published"],
                "outlet": HOSTILE_OUTLET,
                "url": JS_URL,
            }
        )
    return out


def as_jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
