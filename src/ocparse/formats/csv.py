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
from collections.abc import Iterable
from typing import TextIO

from ocparse.formats.base import Format, Writer
from ocparse.frames import INDICATOR_COLUMNS, TABLES, Table, indicator_rows
from ocparse.records import Profile

__all__ = ["COLUMNS", "FORMAT", "INDICATORS", "CsvWriter", "indicator_rows", "write_csv"]

COLUMNS: tuple[str, ...] = INDICATOR_COLUMNS
"""The header of the default table, ``indicators`` (see :mod:`ocparse.frames`)."""

INDICATORS: Table = TABLES["indicators"]
"""One row per indicator of each page: the default table of ``ocparse convert -f csv``."""


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
        self.table = table
        """The table written."""
        self.rows = 0
        """How many rows have been written, header excluded."""
        # "\n" rather than the csv default "\r\n": friendlier to Unix tools, and every
        # spreadsheet and CSV reader accepts it.
        self._writer = csv.writer(out, lineterminator="\n")
        if header:
            self._writer.writerow(table.columns)

    def write_profile(self, profile: Profile) -> None:
        """Write the rows of one profile."""
        rows = list(self.table.rows(profile))
        self._writer.writerows(rows)
        self.rows += len(rows)


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
