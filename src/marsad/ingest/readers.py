"""Input readers: files, folders and standard input in, :class:`InputDocument` objects (or input errors) out.

Formats, chosen by file suffix:

``.txt`` (and any file with an unknown suffix named explicitly)
    One article. Its first line is the title; the document text handed to the extractor is the *whole* file
    (title line included), so that evidence offsets point into the file as it is. ``\\r\\n`` line ends become
    ``\\n`` and a UTF-8 byte-order mark is dropped. ``doc_id`` is the file stem unless given.
``.jsonl`` / ``.ndjson`` / ``.jsonl.gz``
    One article per line, a JSON object with ``id``, ``text`` and optionally ``title``, ``published``, ``url``,
    ``outlet``. Fields on the line win over the command-line defaults. When a title is given and the text does
    not already start with it, the document text is ``title + "\\n" + text`` (so the title is part of the text
    the offsets point into, as for ``.txt``). A line without ``id`` gets ``<stem>-<line number>``.
``.html`` / ``.htm``
    The page's main text via trafilatura (visible text when that finds none), title and date from its metadata;
    the document text is the title line followed by the main text.
``.xml`` / ``.rss`` / ``.atom``
    An RSS or Atom feed (feedparser): one document per entry, its content or summary HTML reduced to text, the
    document text being the entry title line followed by that text. The ``outlet`` flag wins over the feed title.
folders
    Read recursively in sorted order; only files with the suffixes above are taken, hidden ones skipped.
``-``
    Standard input: JSON Lines when its first non-blank character is ``{``, a single text article otherwise.

Every document is checked (empty, binary, invalid UTF-8, not Arabic, too large); a failing document or line is
yielded as an :class:`~marsad.errors.InputError` naming the path and line, and the batch goes on.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from marsad.errors import (
    BinaryInput,
    EmptyInput,
    EncodingInput,
    FileTooLarge,
    InputError,
    MalformedLine,
    NotArabic,
    TooLarge,
    UnreadableInput,
)
from marsad.ingest.markup import FeedError, PageText, extract_feed, extract_html
from marsad.model import InputDocument

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES

#: Markup (HTML, feeds) may carry far more bytes than text; beyond this many bytes a file is refused unread.
MAX_MARKUP_BYTES = 64 * 1024 * 1024
#: Share of Arabic letters among all letters below which a document is refused as not Arabic.
MIN_ARABIC_SHARE = 0.3

Result = InputDocument | InputError

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_ARABIC_RUNS = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _ARABIC_RANGES) + "]+")
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}
_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


# --------------------------------------------------------------------------------------------- validation


def arabic_share(text: str) -> float:
    """Share of Arabic-script letters among all letters of ``text`` (0.0 when it has no letters)."""
    # C-level passes (str.isalpha mapped over the text, one regex for the Arabic blocks): a loop in Python over
    # every character cost as much as extracting the article
    letters = sum(map(str.isalpha, text))
    if not letters:
        return 0.0
    arabic = sum(map(str.isalpha, "".join(_ARABIC_RUNS.findall(text))))
    return arabic / letters


def _looks_binary_bytes(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    return controls > 4 + len(sample) // 100


def _looks_binary_text(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:65536]
    return len(_CONTROL_CHARS.findall(sample)) > 4 + len(sample) // 100


def _decode(data: bytes, source: str, line: int | None, base_offset: int = 0) -> str | InputError:
    """Decode UTF-8 (dropping a byte-order mark); an :class:`EncodingInput` names the first bad byte's offset."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        return EncodingInput(source, f"byte 0x{bad} at byte offset {base_offset + exc.start}", line)
    return text[1:] if text.startswith("\ufeff") else text


def validate_text(
    text: str, source: str, line: int | None = None, *, max_chars: int = 200_000
) -> InputError | None:
    """The first problem that keeps ``text`` from being extracted, or ``None`` when it is fine."""
    if not text.strip():
        return EmptyInput(source, line)
    if _looks_binary_text(text):
        return BinaryInput(source, line)
    if len(text) > max_chars:
        return TooLarge(source, len(text), max_chars, line)
    share = arabic_share(text)
    if share < MIN_ARABIC_SHARE:
        return NotArabic(source, share, line)
    return None


def normalize_published(value: Any) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from an ISO date/datetime or RFC 822 string; ``None`` when it does not parse."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    match = _ISO_PREFIX.match(text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    log.warning("publication date %r is not a date; ignored", text)
    return None


# --------------------------------------------------------------------------------------------- reading


class ReadDefaults:
    """Command-line defaults and id bookkeeping for one :func:`read_documents` call (or one batch task)."""

    def __init__(self, published: str | None, doc_id: str | None, outlet: str | None, max_chars: int) -> None:
        self.published = normalize_published(published)
        self.doc_id = doc_id
        self.outlet = outlet
        self.max_chars = max_chars
        self.max_bytes = max_chars * 4 + 4  # no UTF-8 text of max_chars characters is longer
        self._doc_id_uses = 0

    def single_id(self, stem: str) -> str:
        """The id of a single-article input: the ``doc_id`` flag (suffixed when used again), else the stem."""
        if self.doc_id is None:
            return stem
        self._doc_id_uses += 1
        return self.doc_id if self._doc_id_uses == 1 else f"{self.doc_id}-{self._doc_id_uses}"


def read_documents(
    paths: Sequence[str],
    *,
    published: str | None = None,
    doc_id: str | None = None,
    outlet: str | None = None,
    max_chars: int = 200_000,
    stdin: TextIO | None = None,
) -> Iterator[InputDocument | InputError]:
    """Yield every document of ``paths`` (files, folders, ``-`` for standard input), or an error per bad one.

    ``published`` and ``outlet`` are defaults that metadata in the input (a JSON line's fields, a page's or
    entry's date) overrides; ``doc_id`` names a single-article input (``.txt``, HTML, text on standard input).
    """
    defaults = ReadDefaults(published, doc_id, outlet, max_chars)
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(stdin, defaults)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk_folder(path):
                yield from _read_file(file, defaults)
        elif path.exists():
            yield from _read_file(path, defaults)
        else:
            yield UnreadableInput(str(path), "no such file or folder")


def _walk_folder(folder: Path) -> Iterator[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and name.lower().endswith(SUPPORTED_SUFFIXES):
                found.append(Path(root) / name)
    return iter(sorted(found))


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    return "text"


def file_stem(path: Path) -> str:
    """The name of a file without its input suffix: ``doc_id`` of a single-article file, prefix of line ids."""
    name = path.name
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return path.stem or name


def _read_file(path: Path, defaults: ReadDefaults) -> Iterator[Result]:
    source = str(path)
    kind = _kind(path)
    try:
        size = path.stat().st_size
        if kind == "jsonl":
            opener = gzip.open if path.name.lower().endswith(".gz") else open
            with opener(path, "rb") as handle:
                yield from _read_jsonl(handle, source, file_stem(path), defaults)  # type: ignore[arg-type]
            return
        limit = MAX_MARKUP_BYTES if kind in ("html", "feed") else defaults.max_bytes
        if size > limit:
            yield FileTooLarge(source, size, limit)
            return
        data = path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        yield UnreadableInput(source, str(exc) or type(exc).__name__)
        return
    yield from file_documents(data, source, defaults)


def file_documents(data: bytes, source: str, defaults: ReadDefaults) -> Iterator[Result]:
    """The documents of one whole file (text, HTML page or feed, chosen by the suffix of ``source``), given its
    bytes: what :func:`read_documents` makes of that file."""
    path = Path(source)
    kind = _kind(path)
    if kind == "html":
        yield from _from_page(extract_html(data), data, source, None, defaults, file_stem(path))
    elif kind == "feed":
        yield from _read_feed(data, source, file_stem(path), defaults)
    else:
        yield _text_document(data, source, defaults.single_id(file_stem(path)), defaults)


def _text_document(data: bytes, source: str, doc_id: str, defaults: ReadDefaults) -> Result:
    if _looks_binary_bytes(data):
        return BinaryInput(source)
    text = _decode(data, source, None)
    if isinstance(text, InputError):
        return text
    text = text.replace("\r\n", "\n")
    problem = validate_text(text, source, max_chars=defaults.max_chars)
    if problem is not None:
        return problem
    first = text.lstrip().split("\n", 1)[0].strip()
    return InputDocument(
        doc_id=doc_id,
        text=text,
        title=first or None,
        published=defaults.published,
        outlet=defaults.outlet,
        source=source,
    )


def _iter_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, int, bytes | None, int]]:
    """``(line number, byte offset, line bytes or None when longer than limit, length)`` for each line."""
    number = 0
    offset = 0
    while True:
        chunk = handle.readline(limit + 1)
        if not chunk:
            return
        number += 1
        consumed = len(chunk)
        if consumed > limit and not chunk.endswith(b"\n"):
            while True:  # skip the rest of an over-long line without holding it
                more = handle.readline(1 << 20)
                consumed += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield number, offset, None, consumed
        else:
            yield number, offset, chunk, consumed
        offset += consumed


def _read_jsonl(handle: BinaryIO, source: str, stem: str, defaults: ReadDefaults) -> Iterator[Result]:
    # a JSON line may escape each character as \uXXXX (6 bytes); allow that much plus room for metadata
    limit = defaults.max_chars * 6 + 65536
    for number, offset, raw, length in _iter_lines(handle, limit):
        if raw is None:
            yield FileTooLarge(source, length, limit, number)
            continue
        if not raw.strip():
            continue
        if b"\x00" in raw:
            yield BinaryInput(source, number)
            continue
        decoded = _decode(raw, source, number, offset)
        if isinstance(decoded, InputError):
            yield decoded
            continue
        yield jsonl_document(decoded, source, number, stem, defaults)


def jsonl_document(line: str, source: str, number: int, stem: str, defaults: ReadDefaults) -> Result:
    """The document of one (non-blank) line of a JSON Lines file; ``stem`` names lines without an ``id``."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return MalformedLine(source, number, f"invalid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return MalformedLine(source, number, f"a JSON {type(obj).__name__}, not an object")
    return fields_document(obj, source, number, stem, defaults)


def fields_document(
    obj: dict[str, Any], source: str, number: int, stem: str, defaults: ReadDefaults
) -> Result:
    """The document of one record with the JSON Lines fields (``id``, ``text``, ``title``, ``published``,
    ``url``, ``outlet``), from a JSON line or a table row; ``number`` is its line or row number."""
    text = obj.get("text")
    if text is None:
        return MalformedLine(source, number, 'no "text" field')
    if not isinstance(text, str):
        return MalformedLine(source, number, '"text" is not a string')
    title = obj.get("title")
    title = title.strip() or None if isinstance(title, str) else None
    text = text.replace("\r\n", "\n")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    problem = validate_text(text, source, number, max_chars=defaults.max_chars)
    if problem is not None:
        return problem
    raw_id = obj.get("id", obj.get("doc_id"))
    doc_id = str(raw_id).strip() if raw_id not in (None, "") else f"{stem}-{number}"
    published = normalize_published(obj["published"]) if obj.get("published") else defaults.published
    return InputDocument(
        doc_id=doc_id,
        text=text,
        title=title,
        published=published,
        url=_opt_str(obj.get("url")),
        outlet=_opt_str(obj.get("outlet")) or defaults.outlet,
        source=source,
        line=number,
    )


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _from_page(
    page: PageText, data: bytes, source: str, line: int | None, defaults: ReadDefaults, stem: str
) -> Iterator[Result]:
    body = page.text.strip()
    if not body and data and _looks_binary_bytes(data):
        yield BinaryInput(source, line)
        return
    title = page.title
    text = body if not title or body.startswith(title) else f"{title}\n{body}"
    problem = validate_text(text if body else "", source, line, max_chars=defaults.max_chars)
    if problem is not None:
        yield problem
        return
    yield InputDocument(
        doc_id=defaults.single_id(stem),
        text=text,
        title=title,
        published=normalize_published(page.published) or defaults.published,
        url=page.url,
        outlet=defaults.outlet,
        source=source,
        line=line,
    )


def _read_feed(data: bytes, source: str, stem: str, defaults: ReadDefaults) -> Iterator[Result]:
    if _looks_binary_bytes(data):
        yield BinaryInput(source)
        return
    try:
        entries = list(extract_feed(data))
    except FeedError as exc:
        yield UnreadableInput(source, f"not an RSS or Atom feed: {exc}")
        return
    if not entries:
        yield EmptyInput(source)
        return
    for number, entry in enumerate(entries, start=1):
        where = f"{source}[entry {number}]"
        body = entry.text.strip()
        title = entry.title
        text = body if not title or body.startswith(title) else f"{title}\n{body}"
        problem = validate_text(text if body else "", where, max_chars=defaults.max_chars)
        if problem is not None:
            yield problem
            continue
        yield InputDocument(
            doc_id=_feed_id(entry, stem, number),
            text=text,
            title=title,
            published=entry.published or defaults.published,
            url=entry.url,
            outlet=defaults.outlet or entry.outlet,
            source=source,
            line=number,
        )


def _feed_id(entry: PageText, stem: str, number: int) -> str:
    """A stable id: the entry's own id or link when it has one, else ``<feed stem>-<entry number>``."""
    for candidate in (entry.entry_id, entry.url):
        if candidate:
            return candidate.strip()
    return f"{stem}-{number}"


def _read_stdin(stdin: TextIO | None, defaults: ReadDefaults) -> Iterator[Result]:
    import sys

    stream = stdin if stdin is not None else sys.stdin
    source = "<stdin>"
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read().encode("utf-8", errors="surrogatepass")
    first = data.lstrip()[:1]
    if first == b"{":
        yield from _read_jsonl(io.BytesIO(data), source, "stdin", defaults)
    else:
        if len(data) > defaults.max_bytes:
            yield FileTooLarge(source, len(data), defaults.max_bytes)
            return
        yield _text_document(data, source, defaults.single_id("stdin"), defaults)


def read_jsonl_bytes(
    data: bytes, source: str, *, published: str | None = None, outlet: str | None = None, max_chars: int = 200_000
) -> Iterator[InputDocument | InputError]:
    """The documents of JSON Lines held in memory (an HTTP request body), checked like a ``.jsonl`` file's."""
    yield from _read_jsonl(io.BytesIO(data), source, "request", ReadDefaults(published, None, outlet, max_chars))


def iter_ok(results: Iterable[Result]) -> Iterator[InputDocument]:
    """Only the documents of ``results``, logging the errors (a convenience for scripts and benchmarks)."""
    for item in results:
        if isinstance(item, InputError):
            log.warning("%s", item)
        else:
            yield item
