"""The part of ``ocparse convert`` that worker processes do: parse pages and encode them.

A worker parses a batch of pages (:func:`ocparse.stream.parse_batch`), or a whole small
file that it reads and cuts into pages itself (:class:`WholeFile`), and encodes the
records in the output format with a copy of the writer's encoder
(:class:`~ocparse.formats.base.Encoder`), so that it hands back bytes rather than records:
the process that writes then only puts the bytes in place, counts problems and keeps
what the check across editions compares (:func:`ocparse.consistency.page_values`), a few
hundred bytes a page. With one job the same functions run in that process, so the output
is the same whatever the number of jobs.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ocparse.consistency import PageValues, page_values
from ocparse.errors import ParseError
from ocparse.formats.base import Encoded, Encoder
from ocparse.options import Options
from ocparse.records import Document
from ocparse.splitter import split_pages
from ocparse.stream import Batch, open_dump, parse_batch

__all__ = ["Converted", "WholeFile", "convert", "convert_batch"]


@attrs.frozen(slots=True)
class WholeFile:
    """A whole input file for a worker to read, cut into pages, parse and encode.

    With many small files, a file at a time spares the process that writes reading and
    cutting them, and a message per batch of pages each way.
    """

    source: int
    """Which input it is, in the caller's numbering."""
    path: str
    """Where to read it."""
    options: Options
    """How to read it (``options.file`` names it)."""
    encoding: str | None = None
    """The codec to read it with; None: detected (see :func:`ocparse.stream.open_dump`)."""

    def read(self) -> Batch:
        """All its pages as one batch; a file that cannot be read is a batch that fails."""
        try:
            with open(self.path, "rb") as binary:
                text = open_dump(binary, file=self.options.file, encoding=self.encoding)
                pages = tuple(split_pages(text))
        except (ParseError, OSError) as error:  # bytes that are not text, a read error
            return Batch(self.source, 1.0, (), self.options, failure=error)
        return Batch(self.source, 1.0, pages, self.options)


@attrs.frozen(slots=True)
class Converted:
    """Pages of one input, encoded, with what the writing process still needs of them."""

    encoded: Encoded
    """The pages' records in the output format."""
    profiles: int
    """How many profiles (pages) there are."""
    skipped: int
    """How many skipped lines."""
    severities: tuple[str, ...]
    """The severity of each diagnostic, in order."""
    values: tuple[PageValues, ...]
    """What the check across editions compares of each page that has an ISO code."""
    source: int = 0
    """Which input the pages come from, in the caller's numbering."""
    progress: float = 0.0
    """How far into the input the last page ends, from 0 to 1 (0 if unknown)."""
    error: ParseError | OSError | None = None
    """The error that stopped the input after these pages; None if all went well."""

    @property
    def empty(self) -> bool:
        """Whether there is nothing: no profile, skipped line or diagnostic."""
        return not (self.profiles or self.skipped or self.severities)


def convert(pages: Sequence[Document], encoder: Encoder, file: str | None) -> Converted:
    """Encode ``pages`` of the input ``file`` with ``encoder``, and count them.

    With several inputs (``encoder.several_inputs``) each skipped line and diagnostic
    is given ``file``, so that the output names its input.
    """
    profiles = [profile for page in pages for profile in page.profiles]
    skipped = [entry for page in pages for entry in page.skipped]
    diagnostics = [entry for page in pages for entry in page.diagnostics]
    if encoder.several_inputs:
        skipped = [attrs.evolve(entry, file=file) for entry in skipped]
        diagnostics = [attrs.evolve(entry, file=file) for entry in diagnostics]
    values = (page_values(profile) for profile in profiles)
    return Converted(
        encoder.encode(profiles, skipped, diagnostics, file=file),
        len(profiles),
        len(skipped),
        tuple(d.severity for d in diagnostics),
        tuple(v for v in values if v is not None),
    )


def convert_batch(task: tuple[Batch | WholeFile, Encoder]) -> Converted:
    """Parse a batch or a whole file (:func:`ocparse.stream.parse_batch`), :func:`convert` it.

    Takes one argument, a pair, so that :meth:`ocparse.workers.Workers.map` can hand it
    out; a strict error comes back after the pages before it.
    """
    batch, encoder = task
    if isinstance(batch, WholeFile):
        batch = batch.read()
    parsed = parse_batch(batch)
    converted = convert(parsed.pages, encoder, batch.options.file)
    return attrs.evolve(
        converted, source=parsed.source, progress=parsed.progress, error=parsed.error
    )
