"""Input readers: files, folders and standard input in, :class:`InputDocument` objects (or input errors) out.

Formats, chosen by file suffix:

``.txt`` (and any file with an unknown suffix named explicitly)
    One article. Its first line is the title; the document text handed to the extractor is the *whole* file
    (title line included), so that evidence offsets point into the file as it is. ``\\r\\n`` line ends become
    ``\\n`` and a UTF-8 byte-order mark is dropped; a UTF-16 or UTF-32 byte-order mark is read as such (any
    other encoding is refused, naming it when it looks like UTF-16). ``doc_id`` is the file stem unless given.
``.jsonl`` / ``.ndjson`` / ``.jsonl.gz``
    One article per line, a JSON object with ``id``, ``text`` and optionally ``title``, ``published``, ``url``,
    ``outlet``. Fields on the line win over the command-line defaults. When a title is given and the text does
    not already start with it, the document text is ``title + "\\n" + text`` (so the title is part of the text
    the offsets point into, as for ``.txt``). A line without ``id`` gets ``<stem>-<line number>``. A file with
    a UTF-16 or UTF-32 byte-order mark (Windows tools write them) is read in that encoding.
``.html`` / ``.htm``
    The page's main text via trafilatura (visible text when that finds none), title and date from its metadata;
    the document text is the title line followed by the main text.
``.xml`` / ``.rss`` / ``.atom``
    An RSS or Atom feed (feedparser): one document per entry, its content or summary HTML reduced to text, the
    document text being the entry title line followed by that text. The ``outlet`` flag wins over the feed title.
folders
    Read recursively in sorted order, one folder's listing at a time; only files with the suffixes above are
    taken, hidden ones skipped; a sub-folder that cannot be listed, or a symbolic link that loops, is reported.
``-``
    Standard input: JSON Lines when its first non-blank character is ``{``, a single text article otherwise.

Every document is checked (empty, binary, invalid UTF-8, a lone surrogate, no letters, not Arabic, too large); a
failing document or line is yielded as an :class:`~marsad.errors.InputError` naming the path and line, and the
batch goes on. Sizes are checked before anything is parsed, so memory stays bounded whatever the input.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import logging
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, TextIO

from marsad.errors import (
    BinaryInput,
    EmptyInput,
    EncodingInput,
    FileTooLarge,
    InputError,
    MalformedLine,
    UnreadableInput,
)
from marsad.ingest.checks import (
    arabic_share,
    bom_encoding,
    decode,
    lone_surrogate,
    looks_binary_bytes,
    validate_text,
)
from marsad.ingest.context import input_context
from marsad.ingest.paths import FOLDER, display, os_problem, probe, read_bounded, walk_folder
from marsad.model import IdKind, InputDocument

if TYPE_CHECKING:
    from marsad.ingest.markup import PageText

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ReadDefaults",
    "arabic_share",
    "fields_document",
    "file_documents",
    "file_stem",
    "iter_ok",
    "jsonl_document",
    "may_escape_surrogates",
    "normalize_published",
    "read_documents",
    "read_inputs",
    "read_jsonl_bytes",
    "validate_text",
]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES

#: Markup (HTML, feeds) carries more bytes than text; beyond this many bytes a file is refused unread. Below it, a
#: page is parsed when its parse fits the memory budget of markup.py, else read by stripping its tags: either way
#: a run stays under 250 MB (docs/reliability.md). A news page's text (at most ``max_chars``) fits many times over.
MAX_MARKUP_BYTES = 5 * 1024 * 1024
#: Widths of the store's columns (store/schema.py) that a JSON line fills: longer values are refused by line.
MAX_ID_CHARS = 512
MAX_OUTLET_CHARS = 256
#: Publication dates outside these years are placeholders for "no date" (0001-01-01, 9999-12-31), not dates:
#: the first Arabic newspapers are of the 1820s, and nothing is published two centuries ahead.
PUBLISHED_YEARS = (1800, 2199)

Result = InputDocument | InputError

_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def normalize_published(value: Any, where: str = "") -> str | None:
    """An ISO date (``YYYY-MM-DD``) from an ISO date/datetime or RFC 822 string; ``None`` when it does not parse
    or is a placeholder outside :data:`PUBLISHED_YEARS`, with a warning naming ``where`` it was read."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return _plausible(value, where)
    text = str(value).strip()
    match = _ISO_PREFIX.match(text)
    if match:
        try:
            return _plausible(date(int(match.group(1)), int(match.group(2)), int(match.group(3))), where)
        except ValueError:
            pass
    try:
        return _plausible(parsedate_to_datetime(text).date(), where)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    log.warning("%spublication date %r is not a date; ignored", f"{where}: " if where else "", text[:80])
    return None


def _plausible(day: date, where: str) -> str | None:
    if PUBLISHED_YEARS[0] <= day.year <= PUBLISHED_YEARS[1]:
        return day.isoformat()
    log.warning(
        "%spublication date %s is a placeholder (outside the years %d-%d), not a date; ignored",
        f"{where}: " if where else "",
        day.isoformat(),
        *PUBLISHED_YEARS,
    )
    return None


# --------------------------------------------------------------------------------------------- reading


class ReadDefaults:
    """Command-line defaults and id bookkeeping for one :func:`read_documents` call (or one batch task)."""

    def __init__(self, published: str | None, doc_id: str | None, outlet: str | None, max_chars: int) -> None:
        self.published = normalize_published(published, "--published")
        self.doc_id = doc_id
        self.outlet = outlet
        self.max_chars = max_chars
        self.max_bytes = max_chars * 4 + 4  # no UTF-8 text of max_chars characters is longer
        self._doc_id_uses = 0

    def single_id(self, stem: str) -> tuple[str, IdKind]:
        """The id of a single-article input and where it comes from: the ``doc_id`` flag (suffixed when used
        again), else the file stem."""
        if self.doc_id is None:
            return stem, "file"
        self._doc_id_uses += 1
        return (self.doc_id if self._doc_id_uses == 1 else f"{self.doc_id}-{self._doc_id_uses}"), "given"


class RawLine(NamedTuple):
    """A JSON line as read, not yet decoded, parsed nor checked: what :func:`read_inputs` hands on, so that the
    process that extracts the document (an ingest worker) also reads it (:func:`line_document`)."""

    source: str
    stem: str
    number: int
    offset: int
    data: bytes
    defaults: ReadDefaults


#: What :func:`read_inputs` yields: documents, input errors, and JSON lines still to be read.
Input = InputDocument | InputError | RawLine


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
    for item in _read(paths, ReadDefaults(published, doc_id, outlet, max_chars), stdin, lines=False):
        assert not isinstance(item, RawLine)  # lines=False: every line is read here
        yield item


def read_inputs(
    paths: Sequence[str],
    *,
    published: str | None = None,
    doc_id: str | None = None,
    outlet: str | None = None,
    max_chars: int = 200_000,
    stdin: TextIO | None = None,
) -> Iterator[Input]:
    """:func:`read_documents`, except that the lines of JSON Lines inputs come as :class:`RawLine`, split and
    sized but not decoded, parsed nor checked: :func:`line_document` makes each one's document or error. The
    ingest loop reads this way, so that its worker processes do the reading of the lines they extract."""
    yield from _read(paths, ReadDefaults(published, doc_id, outlet, max_chars), stdin, lines=True)


def _read(paths: Sequence[str], defaults: ReadDefaults, stdin: TextIO | None, *, lines: bool) -> Iterator[Input]:
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(stdin, defaults, lines)
            continue
        path = Path(raw)
        kind = probe(path)
        if isinstance(kind, InputError):
            yield kind
        elif kind == FOLDER:
            for item in walk_folder(path, SUPPORTED_SUFFIXES):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from _read_file(item, defaults, lines)
        else:
            yield from _read_file(path, defaults, lines)


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
    name = display(path.name)
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return display(path.stem) or name


def _read_file(path: Path, defaults: ReadDefaults, lines: bool = False) -> Iterator[Input]:
    source = display(path)
    kind = _kind(path)
    try:
        if kind == "jsonl":
            opener = gzip.open if path.name.lower().endswith(".gz") else open
            with opener(path, "rb") as handle:
                yield from _read_jsonl(handle, source, file_stem(path), defaults, lines)  # type: ignore[arg-type]
            return
        limit = MAX_MARKUP_BYTES if kind in ("html", "feed") else defaults.max_bytes
        data = read_bounded(path, limit)
    except OSError as exc:
        yield UnreadableInput(source, os_problem(exc))
        return
    except (EOFError, zlib.error) as exc:  # a truncated or corrupt .gz
        yield UnreadableInput(source, str(exc) or type(exc).__name__)
        return
    if isinstance(data, int):
        yield FileTooLarge(source, data, limit)
        return
    yield from file_documents(data, source, defaults)


def file_documents(data: bytes, source: str, defaults: ReadDefaults) -> Iterator[Result]:
    """The documents of one whole file (text, HTML page or feed, chosen by the suffix of ``source``), given its
    bytes: what :func:`read_documents` makes of that file."""
    path = Path(source)
    kind = _kind(path)
    if kind == "html":
        # (the markup module, with html's entities and the feed parser, is imported for pages and feeds only)
        from marsad.ingest.markup import extract_html

        with input_context(source):  # the parser's own warnings name the page
            page = extract_html(data)
        yield from _from_page(page, data, source, None, defaults, file_stem(path))
    elif kind == "feed":
        yield from _read_feed(data, source, file_stem(path), defaults)
    else:
        doc_id, id_kind = defaults.single_id(file_stem(path))
        yield _text_document(data, source, doc_id, defaults, id_kind)


def _text_document(
    data: bytes, source: str, doc_id: str, defaults: ReadDefaults, id_kind: IdKind = "given"
) -> Result:
    text = decode(data, source, None)
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
        id_kind=id_kind,
    )


class _Utf8Stream(io.RawIOBase):
    """The bytes of a stream in UTF-16 or UTF-32 (with a byte-order mark), recoded to UTF-8 as they are read,
    so that JSON Lines in those encodings are read line by line like any other."""

    def __init__(self, raw: BinaryIO, encoding: str) -> None:
        super().__init__()
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._pending = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending and not self._done:
            chunk = self._raw.read(1 << 16)
            self._done = not chunk
            self._pending = self._decoder.decode(chunk, final=self._done).encode("utf-8")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _wide_jsonl(handle: BinaryIO) -> tuple[BinaryIO, str | None]:
    """``handle`` read as UTF-8, recoding a UTF-16 or UTF-32 stream (named by its byte-order mark)."""
    peek = getattr(handle, "peek", None)
    head = peek(4)[:4] if peek is not None else b""
    found = bom_encoding(head)
    if found is None or found[0] == "UTF-8":
        return handle, None
    name = found[0]
    codec = "utf-16" if name.startswith("UTF-16") else "utf-32"  # these codecs read and drop the mark
    return io.BufferedReader(_Utf8Stream(handle, codec)), name


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


def _read_jsonl(
    handle: BinaryIO, source: str, stem: str, defaults: ReadDefaults, lines: bool = False
) -> Iterator[Input]:
    """The lines of a JSON Lines stream: each one's document or error, or with ``lines`` the :class:`RawLine` of
    each line that fits (:func:`line_document` reads it), the errors of the stream itself (over-long lines, a
    UTF-16/32 stream that does not decode) as they come."""
    # a JSON line may escape each character as \uXXXX (6 bytes); allow that much plus room for metadata
    limit = defaults.max_chars * 6 + 65536
    handle, wide = _wide_jsonl(handle)
    rows = _iter_lines(handle, limit)
    number = 0
    while True:
        try:
            number, offset, raw, length = next(rows)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:  # only a recoded UTF-16/32 stream decodes while reading
            yield EncodingInput(source, exc.reason, number + 1, encoding=wide or "UTF-8")
            return
        if raw is None:
            yield FileTooLarge(source, length, limit, number)
            continue
        if not raw.strip():
            continue
        line = RawLine(source, stem, number, offset, raw, defaults)
        yield line if lines else line_document(line)


def line_document(line: RawLine) -> Result:
    """The document of one non-blank line of a JSON Lines input, or why it cannot be read."""
    if b"\x00" in line.data:
        return BinaryInput(line.source, line.number)
    decoded = decode(line.data, line.source, line.number, line.offset)
    if isinstance(decoded, InputError):
        return decoded
    return jsonl_document(
        decoded, line.source, line.number, line.stem, line.defaults, surrogates=may_escape_surrogates(decoded)
    )


def may_escape_surrogates(line: str) -> bool:
    """Whether a JSON line decoded strictly (which leaves no lone surrogate in it) may put one in its strings: only
    an escape ``\\ud800`` ... ``\\udfff`` can (JSON's hex digits in either case)."""
    return "\\ud" in line or "\\uD" in line


def jsonl_document(
    line: str, source: str, number: int, stem: str, defaults: ReadDefaults, *, surrogates: bool = True
) -> Result:
    """The document of one (non-blank) line of a JSON Lines file; ``stem`` names lines without an ``id``.
    ``surrogates`` false: the line is known to escape no lone surrogate (:func:`may_escape_surrogates`)."""
    line = line.rstrip("\r\n")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return MalformedLine(source, number, _json_problem(exc, line))
    except RecursionError:
        return MalformedLine(source, number, "JSON nested too deeply to read: arrays or objects a thousand deep")
    if not isinstance(obj, dict):
        return MalformedLine(source, number, f"a JSON {type(obj).__name__}, not an object")
    return fields_document(obj, source, number, stem, defaults, surrogates=surrogates)


def fields_document(
    obj: dict[str, Any], source: str, number: int, stem: str, defaults: ReadDefaults, *, surrogates: bool = True
) -> Result:
    """The document of one record with the JSON Lines fields (``id``, ``text``, ``title``, ``published``,
    ``url``, ``outlet``), from a JSON line or a table row; ``number`` is its line or row number. ``surrogates``
    false: the record's strings are known to hold no lone surrogate (its JSON line escapes none)."""
    if "text" not in obj:
        return MalformedLine(source, number, 'no "text" field')
    text = obj["text"]
    if text is None:
        return MalformedLine(source, number, '"text" is null')
    if not isinstance(text, str):
        return MalformedLine(source, number, f'"text" is a JSON {type(text).__name__}, not a string')
    fields: dict[str, str | None] = {}
    for name in ("id", "doc_id", "title", "url", "outlet"):
        fields[name] = _opt_str(obj.get(name))
    for name, value in (("text", text), *fields.items()) if surrogates else ():
        if value is not None and (bad := lone_surrogate(value, name, source, number)) is not None:
            return bad
    title = fields["title"]
    text = text.replace("\r\n", "\n")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    problem = validate_text(text, source, number, max_chars=defaults.max_chars)
    if problem is not None:
        return problem
    given = fields["id"] if "id" in obj else fields["doc_id"]
    outlet = fields["outlet"] or defaults.outlet
    for name, value, most in (("id", given, MAX_ID_CHARS), ("outlet", outlet, MAX_OUTLET_CHARS)):
        if value is not None and len(value) > most:
            return MalformedLine(source, number, f'"{name}" has {len(value):,} characters, over the limit of {most}')
    raw_published = obj.get("published")
    published = (
        normalize_published(raw_published, f"{source}:{number}") if raw_published else defaults.published
    )
    return InputDocument(
        doc_id=given or f"{stem}-{number}",
        text=text,
        title=title,
        published=published,
        url=fields["url"],
        outlet=outlet,
        source=source,
        line=number,
        id_kind="given" if given else "position",
    )


def _json_problem(exc: json.JSONDecodeError, line: str) -> str:
    """The JSON error with its column in the line, and a hint when the line stops before the JSON does."""
    column = exc.pos + 1
    if exc.pos >= len(line.rstrip()):
        return f"invalid JSON: the line ends (column {column}) before the JSON does: truncated? ({exc.msg})"
    if exc.msg.startswith("Unterminated string"):
        return f"invalid JSON: a string opened at column {column} is not closed: truncated line?"
    return f"invalid JSON: {exc.msg} at column {column}"


def _opt_str(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _from_page(
    page: PageText, data: bytes, source: str, line: int | None, defaults: ReadDefaults, stem: str
) -> Iterator[Result]:
    body = page.text.strip()
    if not body and data and looks_binary_bytes(data):
        yield BinaryInput(source, line)
        return
    title = page.title
    text = body if not title or body.startswith(title) else f"{title}\n{body}"
    problem = validate_text(text if body else "", source, line, max_chars=defaults.max_chars)
    if problem is not None:
        yield problem
        return
    doc_id, id_kind = defaults.single_id(stem)
    yield InputDocument(
        doc_id=doc_id,
        text=text,
        title=title,
        published=normalize_published(page.published, source) or defaults.published,
        url=page.url,
        outlet=defaults.outlet,
        source=source,
        line=line,
        id_kind=id_kind,
    )


def _read_feed(data: bytes, source: str, stem: str, defaults: ReadDefaults) -> Iterator[Result]:
    from marsad.ingest.markup import FeedError, extract_feed

    if looks_binary_bytes(data) and bom_encoding(data[:4]) is None:
        yield BinaryInput(source)
        return
    try:
        with input_context(source):
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
        doc_id, id_kind = _feed_id(entry, stem, number)
        yield InputDocument(
            doc_id=doc_id,
            text=text,
            title=title,
            published=normalize_published(entry.published, where) or defaults.published,
            url=entry.url,
            outlet=defaults.outlet or entry.outlet,
            source=source,
            line=number,
            id_kind=id_kind,
        )


def _feed_id(entry: PageText, stem: str, number: int) -> tuple[str, IdKind]:
    """A stable id: the entry's own id or link when it has one, else ``<feed stem>-<entry number>``."""
    for candidate in (entry.entry_id, entry.url):
        if candidate and candidate.strip():
            return candidate.strip()[:MAX_ID_CHARS], "given"
    return f"{stem}-{number}", "position"


class _Rejoined(io.RawIOBase):
    """A stream that gives back the bytes already read from it (``head``), then the rest of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        read1 = getattr(self._rest, "read1", None)
        data = read1(len(buffer)) if read1 is not None else self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_stdin(stdin: TextIO | None, defaults: ReadDefaults, lines: bool = False) -> Iterator[Input]:
    """Standard input, streamed: JSON Lines line by line, or one article of at most ``max_bytes`` (a larger one
    is counted to the end, never held)."""
    import sys

    stream = stdin if stdin is not None else sys.stdin
    source = "<stdin>"
    buffer = getattr(stream, "buffer", None)
    handle: BinaryIO = (
        buffer if buffer is not None else io.BytesIO(stream.read().encode("utf-8", errors="surrogatepass"))
    )
    head = b""
    while len(head) <= defaults.max_bytes:
        chunk = handle.read(1 << 16)
        if not chunk:
            break
        head += chunk
        if head.lstrip():
            break
    rest = io.BufferedReader(_Rejoined(head, handle))
    if head.lstrip()[:1] == b"{" or (bom_encoding(head[:4]) is not None and b"{" in head[:16]):
        yield from _read_jsonl(rest, source, "stdin", defaults, lines)
        return
    data = rest.read(defaults.max_bytes + 1)
    if len(data) > defaults.max_bytes:
        size = len(data)
        while more := rest.read(1 << 20):
            size += len(more)
        yield FileTooLarge(source, size, defaults.max_bytes)
        return
    doc_id, id_kind = defaults.single_id("stdin")
    yield _text_document(data, source, doc_id, defaults, "position" if id_kind == "file" else id_kind)


def read_jsonl_bytes(
    data: bytes, source: str, *, published: str | None = None, outlet: str | None = None, max_chars: int = 200_000
) -> Iterator[InputDocument | InputError]:
    """The documents of JSON Lines held in memory (an HTTP request body), checked like a ``.jsonl`` file's."""
    for item in _read_jsonl(io.BytesIO(data), source, "request", ReadDefaults(published, None, outlet, max_chars)):
        assert not isinstance(item, RawLine)  # every line is read here
        yield item


def iter_ok(results: Iterable[Result]) -> Iterator[InputDocument]:
    """Only the documents of ``results``, logging the errors (a convenience for scripts and benchmarks)."""
    for item in results:
        if isinstance(item, InputError):
            log.warning("%s", item)
        else:
            yield item


def estimate_total(paths: Iterable[str]) -> int | None:
    """A cheap count of the documents under ``paths`` for the progress bar (``None`` for standard input);
    paths that cannot be read count one each (the reading reports them)."""
    from marsad.ingest.paths import count_files

    names = list(paths)
    if "-" in names:
        return None
    total = 0
    for file in count_files(names, SUPPORTED_SUFFIXES):
        if file.name.lower().endswith(JSONL_SUFFIXES):
            try:
                with gzip.open(file, "rb") if file.name.lower().endswith(".gz") else file.open("rb") as fh:
                    while chunk := fh.read(1 << 20):
                        total += chunk.count(b"\n")
            except (OSError, EOFError, ValueError):
                total += 1
        else:
            total += 1
    return total
