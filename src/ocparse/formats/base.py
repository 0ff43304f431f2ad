"""What every output format provides: a streaming :class:`Writer` and a :class:`Format` entry."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, TextIO, TypeVar

import attrs

from ocparse.records import Diagnostic, Document, Profile, SkippedLine

__all__ = ["Format", "Writer", "WriterFactory"]

W = TypeVar("W", bound="Writer")


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
    """

    def __init__(self, out: TextIO, *, several_inputs: bool = False) -> None:
        self.out = out
        """Where the text goes."""
        self.several_inputs = several_inputs
        """Whether the records come from several inputs."""

    def begin_input(self, file: str | None) -> None:
        """Say that the records that follow come from the input ``file``.

        A format that groups skipped lines and diagnostics by input uses it to place
        those of an input that arrive later (a check across inputs) with the rest of
        that input's; others ignore it.
        """

    def write_profile(self, profile: Profile) -> None:
        """Write one profile."""
        raise NotImplementedError

    def write_skipped(self, entry: SkippedLine) -> None:
        """Write one skipped line; formats without a place for them leave it out."""

    def write_diagnostic(self, entry: Diagnostic) -> None:
        """Write one diagnostic; formats without a place for them leave it out."""

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
