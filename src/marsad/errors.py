"""Every error Marsad raises, each with a message that names the input (and line) it concerns."""

from __future__ import annotations


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
    def __init__(self, source: str, detail: str, line: int | None = None) -> None:
        super().__init__(source, f"not valid UTF-8 ({detail})", line)


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
