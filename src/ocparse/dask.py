"""Pages of many dump files as a dask Bag or DataFrame, for a cluster or every local core.

:func:`bag` makes a :class:`dask.bag.Bag` of :class:`~ocparse.Profile`, one partition per
file; a file larger than ``partition_chars`` is cut into several partitions at page
boundaries (where :func:`ocparse.splitter.split_pages` starts a page, as
:func:`ocparse.iter_pages` does), so one large archive keeps every worker busy. The pages
and their order are those of :func:`ocparse.iter_profiles` over the files in turn, line
numbers and all. :func:`frame` makes a dask DataFrame of the same rows as
:func:`ocparse.frames.to_frame`.

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
from typing import TYPE_CHECKING, Any

import attrs

from ocparse.options import Options
from ocparse.records import Profile
from ocparse.splitter import split_pages
from ocparse.stream import Batch, open_dump, parse_batch

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = ["PARTITION_CHARS", "Part", "bag", "frame", "parts"]

# The smallest page, read to learn the types of the tables' columns (see _meta).
_TYPING_PAGE = "Criminal markets\n5.00\nHuman trafficking\n5.00\n"

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

    # Options checks the edition here, once, rather than in every task.
    options = Options(lenient=lenient, country=country, edition=edition)
    read = delayed(_read, pure=True)
    found = parts(paths_or_glob, partition_chars=partition_chars)
    pages: dask.bag.Bag = dask.bag.from_delayed([read(part, options) for part in found])  # type: ignore[no-untyped-call, unused-ignore]
    return pages


def frame(
    paths_or_glob: Paths,
    table: str = "indicators",
    *,
    lenient: bool = False,
    country: str | None = None,
    edition: int | None = None,
    partition_chars: int = PARTITION_CHARS,
) -> dask.dataframe.DataFrame:
    """Return a dask DataFrame of the ``indicators`` or ``profiles`` table of the files.

    The columns and their types are those of :func:`ocparse.frames.to_frame`, and the
    rows its rows for the profiles of :func:`bag` (which takes the same arguments), in
    that order, one partition per partition of the bag. The index restarts at 0 in each
    partition: ``frame(...).compute().reset_index(drop=True)`` is ``to_frame`` of all the
    pages.

    >>> frame("fixtures/2025_netherlands_belgium.txt").compute(scheduler="sync").shape
    (64, 10)
    """
    import dask.dataframe
    from dask.delayed import delayed

    from ocparse.frames import TABLES

    if table not in TABLES:  # an error now, not in every task
        raise ValueError(f"table must be one of {', '.join(TABLES)}, got {table!r}")
    meta = _meta(table)
    profiles = bag(paths_or_glob, lenient=lenient, country=country, edition=edition,
                   partition_chars=partition_chars)  # fmt: skip
    table_of = delayed(_table, pure=True)
    partitions = profiles.to_delayed()  # type: ignore[no-untyped-call, unused-ignore]
    pieces = [table_of(piece, table, meta) for piece in partitions]
    rows: dask.dataframe.DataFrame = dask.dataframe.from_delayed(pieces, meta=meta)
    return rows


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


def _read(part: Part, options: Options) -> list[Profile]:
    """Parse the pages of one partition (runs in a dask worker)."""
    options = attrs.evolve(options, file=part.path)
    with open_dump(part.path, file=part.path) as text:
        chunks = tuple(islice(split_pages(text), part.start, part.stop))
    parsed = parse_batch(Batch(0, 0.0, chunks, options))
    if parsed.error is not None:
        raise parsed.error
    return [profile for page in parsed.pages for profile in page.profiles]


def _table(profiles: list[Profile], table: str, meta: pandas.DataFrame) -> pandas.DataFrame:
    """One partition's table, typed as ``meta`` (runs in a dask worker)."""
    from ocparse.frames import to_frame

    return _typed(to_frame(profiles, table=table), meta)


def _meta(table: str) -> pandas.DataFrame:
    """The empty table that tells dask the columns and their types.

    ``to_frame`` of no pages cannot type its text columns (pandas makes an empty column
    float), so the types come from the table of a page made up here, its text columns
    (a missing value makes one ``object``) given pandas' string type.
    """
    from pandas.api.types import is_numeric_dtype

    from ocparse.api import parse
    from ocparse.frames import to_frame

    page = parse(_TYPING_PAGE, lenient=True)
    data = to_frame(page, table=table).iloc[:0]
    text = [name for name, kind in data.dtypes.items() if not is_numeric_dtype(kind)]
    return data.astype(dict.fromkeys(text, _strings()))


def _strings() -> Any:
    """The pandas type of a column of text: ``str`` (pandas 3), ``object`` before."""
    import pandas

    return pandas.Series(["text"]).dtype


def _typed(data: pandas.DataFrame, meta: pandas.DataFrame) -> pandas.DataFrame:
    """``data`` with the column types of ``meta``, whatever its own columns hold."""
    return data.astype(meta.dtypes.to_dict())
