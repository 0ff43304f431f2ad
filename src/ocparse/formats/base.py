"""What every output format provides: a streaming :class:`Writer` and a :class:`Format` entry.

A writer's :attr:`~Writer.encoder` turns records into the format's bytes on its own,
apart from the output, so that worker processes can encode the pages they parse: the
process that writes then only puts :class:`Encoded` bytes in place
(:meth:`Writer.write_encoded`). Records given to the writer go the same way, so the
bytes are the same whichever process encodes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, TextIO, TypeVar

import attrs

from ocparse.records import Diagnostic, Document, Profile, SkippedLine

__all__ = ["Encoded", "Encoder", "Format", "Writer", "WriterFactory"]

W = TypeVar("W", bound="Writer")


@attrs.frozen(slots=True)
class Encoded:
    """Records of one input in a format's UTF-8 bytes, for :meth:`Writer.write_encoded`."""

    file: str | None = None
    """The input the skipped lines and diagnostics come from (formats group them by it)."""
    profiles: bytes = b""
    """The profiles, laid out one after the other as the format lays them out."""
    items: int = 0
    """How many items ``profiles`` holds: profiles, or rows for a table."""
    skipped: bytes = b""
    """The skipped lines, likewise; empty in formats without a place for them."""
    diagnostics: bytes = b""
    """The diagnostics, likewise."""


class Encoder:
    """Turns records into one format's bytes, each call on its own: no output, no state.

    It pickles (it holds only its settings), so worker processes can use a copy of a
    writer's encoder. ``several_inputs`` is the writer's.
    """

    def __init__(self, *, several_inputs: bool = False) -> None:
        self.several_inputs = several_inputs
        """Whether the records come from several inputs."""

    def profiles(self, profiles: Sequence[Profile]) -> tuple[bytes, int]:
        """The bytes of ``profiles``, one after the other, and how many items they make."""
        raise NotImplementedError

    def entries(self, entries: Sequence[SkippedLine] | Sequence[Diagnostic]) -> bytes:
        """The bytes of skipped lines or diagnostics; nothing in formats without a place."""
        return b""

    def encode(
        self,
        profiles: Sequence[Profile] = (),
        skipped: Sequence[SkippedLine] = (),
        diagnostics: Sequence[Diagnostic] = (),
        *,
        file: str | None = None,
    ) -> Encoded:
        """Encode records of the input ``file``, in the order they come."""
        data, items = self.profiles(profiles) if profiles else (b"", 0)
        return Encoded(file, data, items, self.entries(skipped), self.entries(diagnostics))


class Writer:
    """Writes the records of a Document to a text file as they come, in one format.

    Give it the profiles in order (:meth:`write_profile`), the skipped lines and
    diagnostics in order (at any time: a format that puts them after the profiles keeps
    them until then), then :meth:`close` it; :meth:`write` gives it a whole Document
    (such as one page of :func:`ocparse.iter_pages`). Closing finishes the output but
    leaves ``out`` open. As a context manager, it closes at the end of the block, unless
    an exception ends it: then the output stays unfinished.

    ``several_inputs`` says that the records come from several inputs: a format that
    has a place for it names the input of each skipped line and diagnostic (``file``).

    Records encoded elsewhere by a copy of :attr:`encoder` (in a worker process) are
    written with :meth:`write_encoded`; they come out the same as if given here.
    """

    def __init__(self, out: TextIO, *, several_inputs: bool = False) -> None:
        self.out = out
        """Where the text goes."""
        self.several_inputs = several_inputs
        """Whether the records come from several inputs."""
        self.encoder = Encoder(several_inputs=several_inputs)
        """What turns records into this format's bytes (each format sets its own)."""

    def begin_input(self, file: str | None) -> None:
        """Say that the records that follow come from the input ``file``.

        A format that groups skipped lines and diagnostics by input uses it to place
        those of an input that arrive later (a check across inputs) with the rest of
        that input's; others ignore it.
        """

    def write_encoded(self, encoded: Encoded) -> None:
        """Write records that :attr:`encoder` (or a copy of it) has encoded."""
        raise NotImplementedError

    def write_utf8(self, data: bytes) -> None:
        """Write text encoded in UTF-8 to ``out``.

        An ``out`` that offers a ``write_utf8(data)`` method of its own (one that writes
        UTF-8 and leaves line ends as they are) takes the bytes unchanged, which spares
        decoding them to have them encoded again; any other text file gets them decoded.
        """
        write = getattr(self.out, "write_utf8", None)
        if write is None:
            self.out.write(data.decode("utf-8"))
        else:
            write(data)

    def write_profile(self, profile: Profile) -> None:
        """Write one profile."""
        self.write_encoded(self.encoder.encode((profile,)))

    def write_skipped(self, entry: SkippedLine) -> None:
        """Write one skipped line; formats without a place for them leave it out."""
        self.write_encoded(self.encoder.encode(skipped=(entry,), file=entry.file))

    def write_diagnostic(self, entry: Diagnostic) -> None:
        """Write one diagnostic; formats without a place for them leave it out."""
        self.write_encoded(self.encoder.encode(diagnostics=(entry,), file=entry.file))

    def write(self, document: Document) -> None:
        """Write the profiles, skipped lines and diagnostics of ``document``."""
        for profile in document.profiles:
            self.write_profile(profile)
        for skipped in document.skipped:
            self.write_skipped(skipped)
        for diagnostic in document.diagnostics:
            self.write_diagnostic(diagnostic)

    def close(self) -> None:
        """Finish the output (whatever must come after the last record)."""

    def __enter__(self: W) -> W:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()


class WriterFactory(Protocol):
    """What makes a format's :class:`Writer` (its class): ``factory(out, several_inputs=…)``."""

    def __call__(self, out: TextIO, *, several_inputs: bool = ...) -> Writer:
        """Return a writer over ``out``."""
        ...


@attrs.frozen(slots=True)
class Format:
    """An output format: its name, file extensions and writer, for the registry."""

    name: str
    """The name, as in ``ocparse convert --format NAME``."""
    extensions: tuple[str, ...]
    """File name extensions that mean this format, lower case with the dot (``.json``)."""
    writer: WriterFactory
    """Makes the writer: ``format.writer(out, several_inputs=False)``."""
    summary: str
    """What the output is, for ``ocparse convert --help`` (one paragraph)."""
    keeps_diagnostics: bool
    """Whether the output has a place for skipped lines and diagnostics."""
