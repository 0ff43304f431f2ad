"""Pages of many dump files as a dask Bag, for a cluster or every local core.

:func:`bag` makes a :class:`dask.bag.Bag` of :class:`~ocparse.Profile`, one partition per
file; a file larger than ``partition_chars`` is cut into several partitions at page
boundaries (where :func:`ocparse.splitter.split_pages` starts a page, as
:func:`ocparse.iter_pages` does), so one large archive keeps every worker busy. The pages
and their order are those of :func:`ocparse.iter_profiles` over the files in turn, line
numbers and all.

Needs the optional extra ``ocparse[dask]`` (``dask[bag,dataframe]``); importing ocparse
never imports this module or dask.

How a large file is cut: the caller's process reads it once through the page splitter
(no parsing: some 20x as fast as parsing) to count its pages, and each partition's task
reads the file again up to its last page and parses only its own pages. Reading is cheap
next to parsing, so the parse work is shared out evenly.

>>> from ocparse.dask import bag
>>> pages = bag("fixtures/2025_netherlands_*.txt")
>>> pages.npartitions
2
>>> [p.iso3 for p in pages.compute(scheduler="sync")]
['NLD', 'BEL', 'NLD']
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

import attrs

from ocparse.records import Profile
from ocparse.splitter import split_pages
from ocparse.stream import Batch, ReadOptions, open_dump, parse_batch
from ocparse.taxonomy import EDITIONS

if TYPE_CHECKING:
    import dask.bag

__all__ = ["PARTITION_CHARS", "Part", "bag", "parts"]

PARTITION_CHARS = 32 << 20
"""Default for ``partition_chars``: a file with more characters than this is cut."""

Paths = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


@attrs.frozen(slots=True)
class Part:
    """One partition: pages ``start`` to ``stop`` (None: to the end) of a file."""

    path: str
    start: int = 0
    stop: int | None = None


def parts(paths_or_glob: Paths, *, partition_chars: int = PARTITION_CHARS) -> list[Part]:
    """Return the partitions :func:`bag` makes: files in order, large ones cut at pages.

    A string with glob characters (``*``, ``?``, ``[``) is expanded, sorted; a pattern that
    matches nothing, or a path that does not exist, is :class:`FileNotFoundError`.
    """
    if partition_chars < 1:
        raise ValueError(f"partition_chars must be 1 or more, got {partition_chars!r}")
    found: list[Part] = []
    for path in _paths(paths_or_glob):
        if os.path.getsize(path) <= partition_chars:
            found.append(Part(path))
        else:
            found.extend(_cut(path, partition_chars))
    return found


def bag(
    paths_or_glob: Paths,
    *,
    lenient: bool = False,
    country: str | None = None,
    edition: int | None = None,
    partition_chars: int = PARTITION_CHARS,
) -> dask.bag.Bag:
    """Return a dask Bag of the profiles of every page of the files.

    Args:
        paths_or_glob: A path, a glob pattern (``"dumps/**/*.txt"``) or a sequence of them.
        lenient: As for :func:`ocparse.parse`; strict parsing raises
            :class:`~ocparse.ParseError` when the Bag is computed.
        country: The country of every page, as for :func:`ocparse.parse`.
        edition: The edition of every page, as for :func:`ocparse.parse`.
        partition_chars: A file larger than this (in bytes) is cut into partitions of
            about this many characters, at page boundaries.

    Returns:
        A Bag of :class:`~ocparse.Profile`, one partition per file or part of a file.
        ``profile.source.file`` is the path as found.

    """
    import dask.bag
    from dask.delayed import delayed

    if edition is not None and edition not in EDITIONS:  # an error now, not in every task
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    options = ReadOptions(lenient, country, edition, None)
    read = delayed(_read, pure=True)
    found = parts(paths_or_glob, partition_chars=partition_chars)
    pages: dask.bag.Bag = dask.bag.from_delayed([read(part, options) for part in found])  # type: ignore[no-untyped-call, unused-ignore]
    return pages


def _paths(paths_or_glob: Paths) -> Iterator[str]:
    names = [paths_or_glob] if isinstance(paths_or_glob, (str, os.PathLike)) else paths_or_glob
    for item in names:
        name: str = os.fspath(item)
        if glob.has_magic(name):
            matched = sorted(glob.glob(name, recursive=True))
            if not matched:
                raise FileNotFoundError(f"no file matches {name!r}")
            yield from (path for path in matched if os.path.isfile(path))
        elif os.path.exists(name):
            yield name
        else:
            raise FileNotFoundError(f"no such file: {name!r}")


def _cut(path: str, partition_chars: int) -> Iterator[Part]:
    """Cut a file into parts of about ``partition_chars`` characters, at page boundaries."""
    start = count = chars = 0
    with open_dump(path) as text:
        for count, chunk in enumerate(split_pages(text), start=1):
            chars += len(chunk.text)
            if chars >= partition_chars:
                yield Part(path, start, count)
                start, chars = count, 0
    if count > start or start == 0:
        yield Part(path, start, None)


def _read(part: Part, options: ReadOptions) -> list[Profile]:
    """Parse the pages of one partition (runs in a dask worker)."""
    options = attrs.evolve(options, file=part.path)
    with open_dump(part.path, file=part.path) as text:
        chunks = tuple(islice(split_pages(text), part.start, part.stop))
    parsed = parse_batch(Batch(0, 0.0, chunks, options))
    if parsed.error is not None:
        raise parsed.error
    return [profile for page in parsed.pages for profile in page.profiles]
