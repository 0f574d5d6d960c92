"""Main text out of HTML pages and RSS/Atom feed entries.

HTML pages go through trafilatura (boilerplate removal, metadata) without its fallback extractors (``fast``:
readability and jusText hold some 35 MB of word lists once loaded and double the memory a page takes); when it
finds no main text (broken or tiny pages) the visible text of the page is taken instead. Feed entries come from feedparser; their summary or content
HTML is reduced to plain text with lxml, block elements becoming line breaks.

libxml2, under lxml and trafilatura, stops reading a page at 256 nested elements and drops everything after that
point without an error; and parsing takes memory by the element (a 5 MB page of small elements took 600 MB
with trafilatura's fallbacks). A page nested deeper than the parser reads, or whose parse would take more memory
than :data:`PARSE_BUDGET_MB` (:func:`parse_cost_mb`, from :func:`markup_shape`, one cheap pass over the tags), is
read by stripping its tags instead (:func:`strip_tags`, linear in the page's size, boilerplate included), with a
warning naming the page.
"""

from __future__ import annotations

import calendar
import html as html_entities
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger(__name__)

_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article blockquote header footer pre".split()
)
_DROP_TAGS = ("script", "style", "noscript", "template", "head")
_SPACES = re.compile(r"[ \t\u00a0]+")
#: libxml2 reads no deeper than this many nested elements (without its "huge" option, which lxml's HTML parser
#: does not pass on); what lies deeper, and everything after it, is lost.
PARSER_MAX_DEPTH = 255
#: Memory a page's parse may take (MB): what 250 MB leaves beside the engine, the store and the parsers' own code
#: (ingesting one small page peaks at about 185 MB), less a margin.
PARSE_BUDGET_MB = 55.0
#: What a parse takes, measured with trafilatura (fast) and lxml (benchmarks/memory.py, docs/reliability.md):
#: about 2 MB per thousand elements, and up to 8 MB per MB of markup (of text; scripts cost less). A news page of a
#: few thousand elements and a megabyte costs some 15 MB; the budget is reached at 27,000 elements.
MB_PER_THOUSAND_ELEMENTS = 2.0
MB_PER_MARKUP_MB = 8.0
# elements that close themselves or whose end tag may be left out: they do not deepen the nesting for certain
_NO_DEPTH = frozenset(
    "area base br col embed hr img input link meta source track wbr p li dt dd tr td th option "
    "thead tbody tfoot colgroup rt rp optgroup".split()
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")
_BLANKS = re.compile(r"\n\s*\n+")


@dataclass(frozen=True)
class PageText:
    """The main text of one page or feed entry and the metadata found with it."""

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    entry_id: str | None = None
    outlet: str | None = None


def html_to_text(html: str | bytes) -> str:
    """Visible text of an HTML fragment or page: block elements become line breaks, whitespace is tidied."""
    import lxml.html
    from lxml import etree

    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html.strip():
        return ""
    if _too_heavy(html, "the HTML"):
        return strip_tags(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]*>", " ", html))
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    return _tidy("".join(parts))


def markup_shape(markup: str) -> tuple[int, int]:
    """The deepest nesting of elements in ``markup`` and how many elements it opens (an estimate from the tags
    alone, in one pass)."""
    depth = deepest = elements = 0
    for m in _TAG.finditer(markup):
        if m.group(1):
            if m.group(2).lower() not in _NO_DEPTH:
                depth = max(0, depth - 1)
            continue
        elements += 1
        if m.group(2).lower() in _NO_DEPTH or m.group(3):
            continue
        depth += 1
        deepest = max(deepest, depth)
    return deepest, elements


def nesting_depth(markup: str) -> int:
    """The deepest nesting of elements in ``markup`` (see :func:`markup_shape`)."""
    return markup_shape(markup)[0]


def parse_cost_mb(size: int, elements: int) -> float:
    """The memory (MB) parsing ``size`` bytes of markup holding ``elements`` elements takes, over-estimated."""
    return MB_PER_THOUSAND_ELEMENTS * elements / 1000 + MB_PER_MARKUP_MB * size / (1024 * 1024)


def _too_heavy(markup: str, what: str) -> bool:
    """Whether ``markup`` must be read by stripping tags rather than parsed (a warning says why)."""
    depth, elements = markup_shape(markup)
    if depth > PARSER_MAX_DEPTH:
        log.warning(
            "%s nests elements %d deep, deeper than the HTML parser reads (%d); its text is read by stripping "
            "the tags (boilerplate included)",
            what,
            depth,
            PARSER_MAX_DEPTH,
        )
        return True
    cost = parse_cost_mb(len(markup), elements)
    if cost > PARSE_BUDGET_MB:
        log.warning(
            "%s (%s elements, %.1f MB) would take about %.0f MB to parse, over the budget of %.0f MB; its text "
            "is read by stripping the tags (boilerplate included)",
            what,
            f"{elements:,}",
            len(markup) / (1024 * 1024),
            cost,
            PARSE_BUDGET_MB,
        )
        return True
    return False


def strip_tags(markup: str) -> str:
    """Visible text of ``markup`` read without a parser (any depth): comments and the content of script,
    style and head elements dropped, block tags become line breaks, other tags spaces, entities decoded."""
    out: list[str] = []
    lower = markup.lower()
    i, n = 0, len(markup)
    while i < n:
        lt = markup.find("<", i)
        if lt < 0:
            out.append(markup[i:])
            break
        out.append(markup[i:lt])
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            i = n if end < 0 else end + 3
            out.append(" ")
            continue
        m = _TAG.match(markup, lt)
        if m is None:
            out.append("<")
            i = lt + 1
            continue
        name = m.group(2).lower()
        i = m.end()
        if not m.group(1) and name in _DROP_TAGS:
            close = lower.find(f"</{name}", i)
            end = lower.find(">", close) if close >= 0 else -1
            i = n if end < 0 else end + 1
        out.append("\n" if name in _BLOCK_TAGS else " ")
    return _tidy(html_entities.unescape("".join(out)))


def _walk(el: Any, parts: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    block = tag.lower() in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if isinstance(el.tag, str) and el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return _BLANKS.sub("\n", "\n".join(lines)).strip()


def extract_html(data: bytes) -> PageText:
    """Main text and metadata of an HTML page (trafilatura, with a plain-text fallback for broken pages and tag
    stripping for pages nested deeper than the parser reads)."""
    import trafilatura

    markup = _decode_markup(data)
    if _too_heavy(markup, "the page"):
        return PageText(text=strip_tags(markup), title=_title(markup))
    text = ""
    title: str | None = None
    published: str | None = None
    url: str | None = None
    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True, fast=True
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors on hostile input
        log.debug("trafilatura failed: %s", exc)
        doc = None
    if doc is not None:
        text = (getattr(doc, "text", None) or "").strip()
        title = (getattr(doc, "title", None) or "").strip() or None
        published = getattr(doc, "date", None) or None
        url = getattr(doc, "url", None) or None
    if not text:
        text = html_to_text(markup)
    return PageText(text=text, title=title, published=published, url=url)


_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def _title(markup: str) -> str | None:
    found = _TITLE.search(markup, 0, 65536)
    return _tidy(html_entities.unescape(found.group(1))) or None if found else None


def _decode_markup(data: bytes) -> str:
    """Decode HTML bytes: UTF-8 first, then the declared charset, then a lenient UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace")


def _struct_date(value: Any) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).date().isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    for content in contents:
        value = content.get("value") if hasattr(content, "get") else None
        if value:
            return str(value)
    return str(entry.get("summary") or entry.get("description") or "")


class FeedError(ValueError):
    """The bytes are not a feed feedparser can read."""


def extract_feed(data: bytes) -> Iterator[PageText]:
    """One :class:`PageText` per entry of an RSS or Atom feed, in feed order."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and parsed.get("bozo"):
        raise FeedError(str(parsed.get("bozo_exception") or "not a feed"))
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for entry in parsed.entries:
        title = (entry.get("title") or "").strip() or None
        if title:
            title = html_to_text(title) or None
        yield PageText(
            text=html_to_text(_entry_html(entry)),
            title=title,
            published=_struct_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            url=entry.get("link") or None,
            entry_id=entry.get("id") or None,
            outlet=feed_title,
        )
