r"""CSV: profiles as a tidy table, written a profile at a time.

:class:`CsvWriter` writes a :class:`~ocparse.frames.Table`, a header and a function that
gives the rows of one profile: :data:`INDICATORS` (one row per indicator of each page,
columns :data:`COLUMNS`, the default) or ``TABLES["profiles"]`` of :mod:`ocparse.frames`.
Scores and deltas are written as printed (``8.00``,
``-0.50``); a missing value (no delta, country not detected, text input) is an empty
cell. Quoting is the :mod:`csv` module's minimal quoting, so names with commas or quotes
survive; rows end with ``\n``. Spreadsheets and ``pandas.read_csv`` read it as is.

>>> import io
>>> from ocparse import parse_file
>>> out = io.StringIO()
>>> write_csv(parse_file("fixtures/2025_netherlands_belgium.txt").profiles, out)
64
>>> header, first, *_ = out.getvalue().split("\n")
>>> header
'file,country,iso3,edition,section,indicator,name,score,delta,line'
>>> first.split(",")[3:]
['2025', 'criminal_markets', 'human_trafficking', 'Human trafficking', '5.50', '0.00', '4']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from ocparse.formats.base import Encoded, Encoder, Format, Writer
from ocparse.frames import INDICATOR_COLUMNS, TABLES, Table, indicator_rows
from ocparse.records import Profile

__all__ = [
    "COLUMNS",
    "FORMAT",
    "INDICATORS",
    "CsvEncoder",
    "CsvWriter",
    "indicator_rows",
    "write_csv",
]

COLUMNS: tuple[str, ...] = INDICATOR_COLUMNS
"""The header of the default table, ``indicators`` (see :mod:`ocparse.frames`)."""

INDICATORS: Table = TABLES["indicators"]
"""One row per indicator of each page: the default table of ``ocparse convert -f csv``."""


class CsvEncoder(Encoder):
    """The rows of each profile in ``table``, without the header."""

    def __init__(self, *, several_inputs: bool = False, table: Table = INDICATORS) -> None:
        super().__init__(several_inputs=several_inputs)
        self.table = table
        """The table whose rows are encoded."""

    def profiles(self, profiles: Sequence[Profile]) -> tuple[bytes, int]:
        """The rows of ``profiles``, and how many."""
        text = io.StringIO()
        # "\n" rather than the csv default "\r\n": friendlier to Unix tools, and every
        # spreadsheet and CSV reader accepts it.
        writer = csv.writer(text, lineterminator="\n")
        rows = [row for profile in profiles for row in self.table.rows(profile)]
        writer.writerows(rows)
        return text.getvalue().encode("utf-8"), len(rows)


class CsvWriter(Writer):
    """Writes profiles to a text file as CSV rows of ``table``, the header first, as they come.

    ``table`` is a :class:`~ocparse.frames.Table` (columns and a row builder), by default
    :data:`INDICATORS`; another table is another ``Table``. Open ``out`` with
    ``newline=""`` (as the :mod:`csv` module asks) so that line ends inside quoted fields
    are written unchanged. Skipped lines and diagnostics have no place in the table. The
    header is written at once, unless ``header=False``.
    """

    def __init__(
        self,
        out: TextIO,
        *,
        several_inputs: bool = False,
        table: Table = INDICATORS,
        header: bool = True,
    ) -> None:
        super().__init__(out, several_inputs=several_inputs)
        self.encoder = CsvEncoder(several_inputs=several_inputs, table=table)
        self.table = table
        """The table written."""
        self.rows = 0
        """How many rows have been written, header excluded."""
        if header:
            csv.writer(out, lineterminator="\n").writerow(table.columns)

    def write_encoded(self, encoded: Encoded) -> None:
        """Write the rows of profiles."""
        if encoded.profiles:
            self.write_utf8(encoded.profiles)
        self.rows += encoded.items


def write_csv(
    profiles: Iterable[Profile], out: TextIO, *, header: bool = True, table: str = "indicators"
) -> int:
    """Write the header (unless ``header=False``) and the rows of ``profiles`` to ``out``.

    ``table`` is ``indicators`` (one row per indicator) or ``profiles`` (one row per
    page), the tables of :mod:`ocparse.frames`. Returns the number of rows written,
    header excluded.
    """
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, got {table!r}")
    writer = CsvWriter(out, header=header, table=TABLES[table])
    for profile in profiles:
        writer.write_profile(profile)
    return writer.rows


FORMAT = Format(
    name="csv",
    extensions=(".csv",),
    writer=CsvWriter,
    summary="UTF-8; --table indicators (default): one row per indicator of each page, "
    "header: " + ",".join(COLUMNS) + "; --table profiles: one row per page (see "
    "ocparse.frames). Empty cells are missing values (no delta, country not detected).",
    keeps_diagnostics=False,
)
"""The registry entry."""
