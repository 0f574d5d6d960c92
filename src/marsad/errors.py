"""Every error Marsad raises, each with a message that names the input (and line) it concerns, and the record of a
failure reported for one document (:class:`Failure`)."""

from __future__ import annotations

from dataclasses import dataclass


class MarsadError(Exception):
    """Base of all Marsad errors."""


class ResourceError(MarsadError):
    """A language resource file is missing or malformed."""

    def __init__(self, resource: str, problem: str) -> None:
        super().__init__(f"resource {resource}: {problem}")
        self.resource = resource
        self.problem = problem


class InputError(MarsadError):
    """One input document cannot be processed; the rest of the batch goes on."""

    def __init__(self, source: str, problem: str, line: int | None = None) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem


class EmptyInput(InputError):
    def __init__(self, source: str, line: int | None = None) -> None:
        super().__init__(source, "the document is empty", line)


class BinaryInput(InputError):
    def __init__(self, source: str, line: int | None = None) -> None:
        super().__init__(source, "the input looks binary (NUL or control bytes), not text", line)


class EncodingInput(InputError):
    def __init__(self, source: str, detail: str, line: int | None = None, encoding: str = "UTF-8") -> None:
        super().__init__(source, f"not valid {encoding} ({detail})", line)


class NotArabic(InputError):
    def __init__(self, source: str, share: float, line: int | None = None) -> None:
        super().__init__(source, f"the text is not Arabic (only {share:.0%} of its letters are Arabic)", line)


class TooLarge(InputError):
    def __init__(self, source: str, size: int, limit: int, line: int | None = None) -> None:
        super().__init__(source, f"the document has {size:,} characters, over the limit of {limit:,}", line)


class MalformedLine(InputError):
    def __init__(self, source: str, line: int, detail: str) -> None:
        super().__init__(source, f"malformed JSON line ({detail})", line)


class StoreError(MarsadError):
    """The event store cannot be opened or written."""


class FileTooLarge(TooLarge):
    """A file or line too large to read at all, judged on its size in bytes before it is decoded."""

    def __init__(self, source: str, size_bytes: int, limit_bytes: int, line: int | None = None) -> None:
        InputError.__init__(
            self, source, f"the input has {size_bytes:,} bytes, over the limit of {limit_bytes:,}", line
        )


class UnreadableInput(InputError):
    """A path that cannot be read as input: missing, a corrupt archive, a feed that does not parse."""

    def __init__(self, source: str, detail: str, line: int | None = None) -> None:
        super().__init__(source, f"cannot read the input ({detail})", line)


class NoLetters(InputError):
    """A text with characters but no letter to read: only tatweel, diacritics, digits, punctuation or marks."""

    def __init__(self, source: str, line: int | None = None) -> None:
        super().__init__(
            source, "the document has no letters (only tatweel, diacritics, digits, punctuation or marks)", line
        )


class InvalidUnicode(InputError):
    """A string that is not Unicode text: a lone UTF-16 surrogate (``"\\ud800"`` escaped in JSON)."""

    def __init__(self, source: str, field: str, char: str, index: int, line: int | None = None) -> None:
        super().__init__(
            source,
            f'"{field}" holds a lone surrogate (\\u{ord(char):04x}) at character {index}, which is not a character; '
            "fix the producer's escaping",
            line,
        )


class UnsupportedEncoding(InputError):
    """Text in an encoding Marsad does not read without a byte-order mark (UTF-16 or UTF-32 without BOM)."""

    def __init__(self, source: str, encoding: str, line: int | None = None) -> None:
        super().__init__(
            source,
            f"the input looks like {encoding} text without a byte-order mark; save it as UTF-8 (or with a BOM)",
            line,
        )


class Interrupted(KeyboardInterrupt):
    """A run stopped by a signal (SIGTERM, or SIGINT/Ctrl-C): what is stored stays, the summary still prints.

    A :class:`KeyboardInterrupt` so that no ``except Exception`` on the way swallows it."""

    def __init__(self, signal_name: str, exit_code: int) -> None:
        super().__init__(f"interrupted by {signal_name}")
        self.signal_name = signal_name
        self.exit_code = exit_code


class WorkerDied(MarsadError):
    """An extraction worker process died (killed, out of memory, a crash in native code) on this document."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"the extraction process died while reading this document ({detail}); it is skipped")


class WorkersFailing(MarsadError):
    """The extraction worker processes die on document after document, each in a fresh process: they cannot run
    here (too little memory for ``--jobs`` engines, an engine that crashes on every text), so the run stops
    instead of starting a process per document."""

    def __init__(self, deaths: int) -> None:
        super().__init__(
            f"the extraction processes died on {deaths} documents in a row, each in a fresh process: they cannot "
            "run here (out of memory? an engine that crashes?); stopped, what was done before kept: run again "
            "with fewer --jobs (each worker holds an engine of its own in memory)"
        )
        self.deaths = deaths


class UnknownValue(MarsadError):
    """A filter value that names nothing Marsad knows (an event type, a place, an actor, an outlet)."""

    #: How many valid values a message lists before it says how many more there are.
    SHOWN = 30

    def __init__(self, option: str, value: str, valid: list[str], hint: str | None = None) -> None:
        shown = ", ".join(valid[: self.SHOWN]) if valid else "none"
        more = f" ... and {len(valid) - self.SHOWN} more" if len(valid) > self.SHOWN else ""
        why = f"; {hint}" if hint else ""
        super().__init__(f"{option} {value!r} names nothing known{why}. Valid values: {shown}{more}")
        self.option = option
        self.value = value
        self.valid = valid


class NoStore(StoreError):
    """A command that reads the store was given one that does not exist (it is not created)."""

    def __init__(self, where: str) -> None:
        super().__init__(f"no Marsad store at {where}: run `marsad ingest` first, or point --db (or $MARSAD_DB) at one")
        self.where = where


class ConfigError(MarsadError):
    """A configuration file (marsad.toml, [tool.marsad]) that cannot be read or holds keys Marsad does not know."""


@dataclass(frozen=True, slots=True)
class Failure:
    """An extraction that failed, as `marsad extract` reports it (from a worker, where the exception itself may
    not pickle): ``known`` for Marsad's own errors, whose message says it all."""

    kind: str
    message: str
    known: bool

    @classmethod
    def of(cls, exc: BaseException) -> Failure:
        return cls(type(exc).__name__, str(exc), isinstance(exc, MarsadError))

    def __str__(self) -> str:
        return self.message if self.known else f"extraction failed ({self.kind}: {self.message})"
