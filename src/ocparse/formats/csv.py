r"""Profiles as a tidy CSV table: one row per indicator of each page.

The columns are :data:`COLUMNS`. Scores and deltas are written as printed (``8.00``,
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

from ocparse.frames import INDICATOR_COLUMNS, TABLES, Table, indicator_rows
from ocparse.records import Profile

__all__ = ["COLUMNS", "CsvTable", "indicator_rows", "write_csv"]

COLUMNS: tuple[str, ...] = INDICATOR_COLUMNS
"""The header of the default table, ``indicators`` (see :mod:`ocparse.frames`)."""


class CsvTable:
    """Writes profiles to a text file as CSV rows, the header first, as they come.

    Open ``out`` with ``newline=""`` (as the :mod:`csv` module asks) so that line ends
    inside quoted fields are written unchanged.
    """

    def __init__(self, out: TextIO, *, header: bool = True, table: str = "indicators") -> None:
        if table not in TABLES:
            raise ValueError(f"table must be one of {', '.join(TABLES)}, got {table!r}")
        self._table: Table = TABLES[table]
        # "\n" rather than the csv default "\r\n": friendlier to Unix tools, and every
        # spreadsheet and CSV reader accepts it.
        self._writer = csv.writer(out, lineterminator="\n")
        if header:
            self._writer.writerow(self._table.columns)

    def write(self, profile: Profile) -> int:
        """Write the rows of one profile; return how many were written."""
        rows = list(self._table.rows(profile))
        self._writer.writerows(rows)
        return len(rows)


def write_csv(
    profiles: Iterable[Profile], out: TextIO, *, header: bool = True, table: str = "indicators"
) -> int:
    """Write the header (unless ``header=False``) and the rows of ``profiles`` to ``out``.

    ``table`` is ``indicators`` (one row per indicator) or ``profiles`` (one row per
    page), the tables of :mod:`ocparse.frames`. Returns the number of rows written,
    header excluded.
    """
    writer = CsvTable(out, header=header, table=table)
    return sum(writer.write(profile) for profile in profiles)
