"""Output formats: one module per format, each a streaming writer, and their registry.

Each format is a module of this package, :mod:`~ocparse.formats.json`,
:mod:`~ocparse.formats.ndjson` and :mod:`~ocparse.formats.csv`, with a
:class:`~ocparse.formats.base.Writer` subclass and a :class:`~ocparse.formats.base.Format`
entry (``FORMAT``) listed in :data:`FORMATS`. ``ocparse convert`` reads its ``--format``
choices, their help and the extensions of ``-o`` from here, so a new format is a new
module and one entry.

>>> import io
>>> from ocparse import parse_file
>>> out = io.StringIO()
>>> with for_path("scores.jsonl").writer(out) as writer:
...     writer.write(parse_file("fixtures/2025_netherlands_belgium.txt"))
>>> len(out.getvalue().splitlines())
2
"""

from __future__ import annotations

import os
import types
from collections.abc import Mapping

from ocparse.formats import csv, json, ndjson
from ocparse.formats.base import Format, Writer, WriterFactory

__all__ = ["DEFAULT", "FORMATS", "Format", "Writer", "WriterFactory", "for_path", "get"]

FORMATS: Mapping[str, Format] = types.MappingProxyType(
    {module.FORMAT.name: module.FORMAT for module in (json, ndjson, csv)}
)
"""Every output format by name, in the order ``--help`` lists them."""

DEFAULT = "json"
"""The format of ``ocparse convert`` when neither ``--format`` nor ``-o`` chooses one."""


def get(name: str) -> Format:
    """Return the format called ``name``; a ``ValueError`` lists the names if none is.

    >>> get("ndjson").extensions
    ('.ndjson', '.jsonl')
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}: choose from {', '.join(FORMATS)}") from None


def for_path(path: str | os.PathLike[str]) -> Format | None:
    """Return the format that ``path``'s extension means (any case), or None.

    >>> for_path("out/scores.CSV").name
    'csv'
    >>> for_path("all.txt") is None
    True
    """
    extension = os.path.splitext(os.fspath(path))[1].lower()
    return next((f for f in FORMATS.values() if extension in f.extensions), None)
