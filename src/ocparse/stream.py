r"""Read a dump of any size one page at a time, in constant memory.

:mod:`ocparse.splitter` cuts the input into pages where each one starts (its site
navigation, profile block or ``Criminal markets`` header), as :func:`ocparse.parse` does,
and each page is parsed on its own, its lines numbered from the start of the whole input
(line numbers quoted inside message texts, such as "repeats line 12", still count from the
page's first line).

:func:`iter_pages` yields one :class:`~ocparse.records.Document` per page: its profile,
with the skipped lines and diagnostics of its lines. The prologue before the first page
travels with the first page and the footer with the last one, so nothing is lost, and
``merge(iter_pages(path)) == parse_file(path)``. :func:`iter_profiles` yields only the
profiles.

Lines end at ``\n``, ``\r\n`` or a lone ``\r``, as in :mod:`ocparse.lines`. Files are
decoded as :func:`ocparse.parse_file` decodes them (BOM, UTF-16, UTF-8, else cp1252);
choosing between UTF-8 and cp1252 needs the whole file, so :func:`open_dump` validates
the bytes in a first pass before any page is read.

>>> pages = list(iter_pages("fixtures/2025_netherlands_belgium.txt"))
>>> [(p.country, p.source.start_line) for page in pages for p in page.profiles]
[('Netherlands', 1), ('Belgium', 130)]
"""

from __future__ import annotations

import codecs
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, BinaryIO, Union, cast

import attrs

from ocparse.api import merge, parse, parse_chunk
from ocparse.errors import ParseError
from ocparse.lines import choose_encoding, decode_error
from ocparse.options import Options
from ocparse.records import Document, Profile
from ocparse.splitter import Chunk, split_pages
from ocparse.workers import worker_pool

__all__ = ["DumpSource", "iter_pages", "iter_profiles", "merge", "open_dump"]

DumpSource = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]
"""What the readers take: a path, a binary file (decoded here) or a text file."""


_SCAN_BYTES = 1 << 20
_SNIFF_BYTES = 4096  # as much as ocparse.lines looks at to recognise UTF-16 without BOM
BATCH_PAGES = 4
"""Pages per batch for worker processes: fewer, larger messages than one page each."""
_WARM_UP_PAGE = "Criminal markets\n5.00\nHuman trafficking\n5.00\nHuman trafficking in Chad.\n"


@attrs.frozen(slots=True)
class Batch:
    """Consecutive pages of one input, cut out for a worker process to parse."""

    source: int
    """Which input they come from, in the caller's numbering."""
    progress: float
    """How far into the input the last of them ends, from 0 to 1 (0 if unknown)."""
    pages: tuple[Chunk, ...]
    """The pages, as the splitter cut them."""
    options: Options
    """How to read them (it travels with every batch to a worker)."""
    failure: ParseError | OSError | None = None
    """Why the input could not be read on: reported after the pages before it."""


@attrs.frozen(slots=True)
class Parsed:
    """What a worker makes of a :class:`Batch`: its pages, and an error that stopped it."""

    source: int
    """The batch's input."""
    progress: float
    """The batch's progress."""
    pages: tuple[Document, ...]
    """The pages with any content (a blank stretch of input gives nothing), in order."""
    error: ParseError | OSError | None
    """The batch's failure, or the strict error that stopped it; None if all went well."""


def iter_pages(
    source: DumpSource,
    *,
    lenient: bool = False,
    country: str | None = None,
    edition: int | None = None,
    file: str | None = None,
    jobs: int = 1,
    country_hint: str | None = None,
    edition_hint: int | None = None,
    encoding: str | None = None,
    align: bool = True,
) -> Iterator[Document]:
    """Yield one Document per page of ``source``, reading one page at a time.

    ``source`` is a path, a binary file (decoded like :func:`ocparse.parse_file`) or a
    text file. Each Document holds one profile with the skipped lines and diagnostics of
    its lines, all numbered from the start of the input; the first one also holds the
    prologue, and an input without any page gives a single Document without profiles.
    ``merge`` of all of them equals :func:`ocparse.parse` of the whole input.

    Options are those of :func:`ocparse.parse`; ``file`` (default: the path, or None for
    a file object) names the input in ``profile.source.file`` and in errors. Strict mode
    raises :class:`~ocparse.ParseError` at the first wrong page, after the pages before
    it have been yielded.

    ``jobs`` > 1 parses pages in that many worker processes (see :mod:`ocparse.workers`),
    a few pages ahead of the one yielded; the pages and their order are the same. They
    are spawned, so a script that asks for them keeps its top-level code under
    ``if __name__ == "__main__":``.

    ``encoding`` (a codec name) decodes a path or binary file with it instead of
    detecting the encoding (see :func:`open_dump`).
    """
    if jobs < 1:
        raise ValueError(f"jobs must be 1 or more, got {jobs!r}")
    if file is None and isinstance(source, (str, os.PathLike)):
        file = os.fspath(source)
    options = Options(
        lenient=lenient, country=country, edition=edition, file=file,
        country_hint=country_hint, edition_hint=edition_hint, align=align,
    )  # fmt: skip
    return _pages(source, options, jobs, encoding)


def iter_profiles(
    source: DumpSource,
    *,
    lenient: bool = False,
    country: str | None = None,
    edition: int | None = None,
    file: str | None = None,
    jobs: int = 1,
    country_hint: str | None = None,
    edition_hint: int | None = None,
    encoding: str | None = None,
    align: bool = True,
) -> Iterator[Profile]:
    """Yield the profiles of ``source`` one at a time, in constant memory.

    Takes the arguments of :func:`iter_pages`, which also gives each page's skipped lines
    and diagnostics: use it instead when you need them (in lenient mode they are the only
    record of errors). ``jobs`` > 1 parses in that many worker processes; ``encoding``
    decodes with that codec instead of detecting it.

    >>> [p.iso3 for p in iter_profiles("fixtures/2025_netherlands_belgium.txt")]
    ['NLD', 'BEL']
    """
    pages = iter_pages(
        source, lenient=lenient, country=country, edition=edition, file=file, jobs=jobs,
        country_hint=country_hint, edition_hint=edition_hint,
        encoding=encoding, align=align,
    )  # fmt: skip
    return (profile for page in pages for profile in page.profiles)


def open_dump(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    file: str | None = None,
    encoding: str | None = None,
) -> io.TextIOWrapper:
    """Open a dump file as text, decoded as :func:`ocparse.parse_file` decodes it.

    ``source`` is a path or a binary file; a binary file that cannot seek (a pipe) is
    first copied to a temporary file. The bytes are checked in a first pass, so an
    undecodable file raises :class:`~ocparse.ParseError` (naming the byte offset, with
    ``file`` as the file name) here rather than halfway through. Line ends are kept as
    they are. Closing the result closes ``source``. ``encoding`` (a codec name such as
    ``"latin-1"``) decodes the bytes with it instead of detecting their encoding; its
    ``encoding`` attribute tells which was used (``utf-8``, ``utf-8-sig``, ``utf-16``,
    ``utf-16-le``/``-be`` or ``cp1252`` when detected).
    """
    if isinstance(source, (str, os.PathLike)):
        file = os.fspath(source) if file is None else file
        binary: IO[bytes] = open(source, "rb")  # noqa: SIM115 (the caller closes the result)
    else:
        binary = _seekable(source)
    try:
        start = binary.tell()
        if encoding is None:
            encoding = _encoding(binary, start, file)
        else:
            encoding = _checked(binary, start, encoding, encoding, file)
        binary.seek(start)
    except BaseException:
        if binary is not source:
            binary.close()
        raise
    return io.TextIOWrapper(cast(BinaryIO, binary), encoding=encoding, newline="")


def _seekable(binary: IO[bytes]) -> IO[bytes]:
    if binary.seekable():
        return binary
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the text file around it)
    shutil.copyfileobj(binary, spool, _SCAN_BYTES)
    spool.seek(0)
    return spool


def _encoding(binary: IO[bytes], start: int, file: str | None) -> str:
    """The encoding :func:`ocparse.lines.decode` would choose, after checking every byte."""
    return choose_encoding(
        binary.read(_SNIFF_BYTES),
        lambda encoding: _first_error(binary, start, encoding),
        lambda offset, name: _decode_error(binary, start, offset, name, file),
        file=file,
    )


def _checked(binary: IO[bytes], start: int, encoding: str, name: str, file: str | None) -> str:
    offset = _first_error(binary, start, encoding)
    if offset is not None:
        raise _decode_error(binary, start, offset, name, file)
    return encoding


def _first_error(binary: IO[bytes], start: int, encoding: str) -> int | None:
    """Byte offset (from ``start``) of the first byte that ``encoding`` cannot decode."""
    binary.seek(start)
    decoder = codecs.getincrementaldecoder(encoding)()
    consumed = 0
    while True:
        data = binary.read(_SCAN_BYTES)
        try:
            decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            # The decoder holds back an unfinished sequence from the previous read.
            held = len(error.object) - len(data)
            return consumed - held + error.start
        if not data:
            return None
        consumed += len(data)


def _decode_error(
    binary: IO[bytes], start: int, offset: int, encoding: str, file: str | None
) -> ParseError:
    """The error ocparse.lines.decode raises, located without reading the whole file."""
    binary.seek(start)
    head = binary.read(_SNIFF_BYTES)
    binary.seek(start)
    newlines, line_start, position = 0, 0, 0
    while position < offset:
        data = binary.read(min(_SCAN_BYTES, offset - position))
        if not data:
            break
        newlines += data.count(b"\n")
        last = data.rfind(b"\n")
        if last >= 0:
            line_start = position + last + 1
        position += len(data)
    where = (newlines + 1, offset - line_start + 1)
    return decode_error(head, binary.read(1), offset, where, encoding, file)


def _pages(
    source: DumpSource, options: Options, jobs: int, encoding: str | None
) -> Iterator[Document]:
    with worker_pool(jobs, warm_up) as workers, _text(source, options.file, encoding) as text:
        size = 1 if workers.executor is None else BATCH_PAGES
        for parsed in workers.map(parse_batch, batches(0, text, options, size)):
            yield from parsed.pages
            if parsed.error is not None:
                raise parsed.error


def warm_up() -> None:
    """Build the parser and load the data files, as parsing the first page would."""
    parse(_WARM_UP_PAGE, lenient=True)


def batches(
    source: int,
    text: IO[str],
    options: Options,
    size: int = 1,
    progress: Callable[[], float] = lambda: 0.0,
) -> Iterator[Batch]:
    """Cut ``text`` into pages and yield them ``size`` at a time, for :func:`parse_batch`.

    ``progress`` tells how far the reading has got (from 0 to 1), for progress bars.
    """
    pages: list[Chunk] = []
    for page in split_pages(text):
        pages.append(page)
        if len(pages) >= size:
            yield Batch(source, progress(), tuple(pages), options)
            pages.clear()
    if pages:
        yield Batch(source, progress(), tuple(pages), options)


def parse_batch(batch: Batch) -> Parsed:
    """Parse each page of a batch alone; a strict error comes back after the pages before it."""
    pages: list[Document] = []
    error = batch.failure
    if error is None:
        try:
            for chunk in batch.pages:
                pages.append(parse_chunk(chunk, batch.options))
        except ParseError as stop:
            error = stop
    kept = tuple(p for p in pages if p.profiles or p.skipped or p.diagnostics)
    return Parsed(batch.source, batch.progress, kept, error)


@contextmanager
def _text(source: DumpSource, file: str | None, encoding: str | None) -> Iterator[IO[str]]:
    """The source as text; files opened here are closed, the caller's are left open."""
    if isinstance(source, (str, os.PathLike)):
        with open_dump(source, file=file, encoding=encoding) as text:
            yield text
        return
    if _is_text(source):
        yield cast(IO[str], source)
        return
    binary = cast(IO[bytes], source)
    wrapper = open_dump(binary, file=file, encoding=encoding)
    try:
        yield wrapper
    finally:
        if wrapper.buffer is binary:
            wrapper.detach()  # do not close the caller's file
        else:
            wrapper.close()  # our copy of an unseekable stream


def _is_text(source: IO[str] | IO[bytes]) -> bool:
    if isinstance(source, io.TextIOBase):
        return True
    if isinstance(source, (io.BufferedIOBase, io.RawIOBase)):
        return False
    return isinstance(source.read(0), str)  # another file-like object: ask it
