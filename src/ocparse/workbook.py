"""The Index's official workbook (``global_oc_index.xlsx``) as official values per country.

GI-TOC publishes the scores of every edition as an Excel workbook: one sheet per edition
(``2025_dataset``, ``2023_dataset``, ``2021_dataset``; the 2021 release has a single
``Full_dataset`` beside a ``2021_Global_OC_Index`` cover sheet), one row per country and one
column per indicator or composite. The headers vary between sheets and releases
(``Criminality avg.``, ``Criminal actors avg,``, ``CRIMINALITY``), and country names are the
workbook's own (``Congo, Dem. Rep.``, ``Türkiye``, and ``Congo, Dem, Rep,`` in the 2023
sheet): :func:`read_workbook` maps headers to ocparse's indicator keys and composite keys
(:data:`COMPOSITES`) and names to ISO3 codes through the gazetteer
(:func:`ocparse.countries.lookup_country`).

Reading needs openpyxl, the optional extra ``ocparse[workbook]``; it is imported by
:func:`read_workbook` only, so importing ocparse never imports it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import attrs

from ocparse import editions
from ocparse.countries import Country, lookup_country
from ocparse.taxonomy import find_indicator, slug

__all__ = [
    "COMPOSITES",
    "EXTRA",
    "OfficialRow",
    "Workbook",
    "WorkbookError",
    "read_workbook",
]

COMPOSITES: tuple[str, ...] = ("criminality", "criminal_markets", "criminal_actors", "resilience")
"""Keys of the workbook's composite columns: criminality and the three pillar averages.

The resilience average is both the resilience section's score and the resilience composite.
"""

EXTRA = "ocparse[workbook]"
"""The optional extra that installs what :func:`read_workbook` needs (openpyxl)."""

_CENT = Decimal("0.01")
# "2025_dataset", "2021_Global_OC_Index": the edition a sheet is about.
_SHEET_YEAR = re.compile(r"^(\d{4})_")
# "Congo, Dem, Rep,", "St, Lucia": the 2023 sheet writes an abbreviation's period as a comma.
_COMMA_ABBREVIATION = re.compile(r"\b(\w{1,3}),")
# "Criminal markets avg.", "Resilience avg,", "Criminality avg,": the composites' suffix.
_AVERAGE = re.compile(r"\s+avg\W*$|\W+$", re.IGNORECASE)


class WorkbookError(Exception):
    """The workbook cannot be read, or is not the Index's: the message says why."""


@attrs.frozen(slots=True)
class OfficialRow:
    """One country's official values in one edition.

    Attributes:
        country: The gazetteer's country (name and ISO3 code).
        edition: The edition of the sheet.
        name: The country's name as written in the workbook.
        sheet: The sheet the row is in.
        row: The 1-based row number in that sheet.
        values: Official values by indicator key or composite key (:data:`COMPOSITES`),
            rounded half-up to two places as pages print them.

    """

    country: Country
    edition: int
    name: str
    sheet: str
    row: int
    values: Mapping[str, Decimal]


@attrs.frozen(slots=True)
class Workbook:
    """The official values of a workbook, by ISO3 code and edition.

    Attributes:
        path: The file read.
        rows: The rows by ``(iso3, edition)``.
        unknown: Country names of the workbook that the gazetteer does not know, with
            their sheet and row (``"2025_dataset:12: Atlantis"``); their values are left out.

    """

    path: str
    rows: Mapping[tuple[str, int], OfficialRow]
    unknown: tuple[str, ...] = ()

    @property
    def editions(self) -> tuple[int, ...]:
        """The editions the workbook has values for, in order."""
        return tuple(sorted({edition for _, edition in self.rows}))

    def row(self, iso3: str, edition: int) -> OfficialRow | None:
        """Return a country's row in an edition, or None when the workbook has none."""
        return self.rows.get((iso3, edition))

    def value(self, iso3: str, edition: int, key: str) -> Decimal | None:
        """Return one official value (indicator or composite key), or None if absent.

        >>> wb = read_workbook("tests/data/workbook_slice.xlsx")
        >>> wb.value("BEL", 2025, "criminality")
        Decimal('4.82')
        """
        row = self.row(iso3, edition)
        return None if row is None else row.values.get(key)


def read_workbook(path: str | os.PathLike[str]) -> Workbook:
    """Read the official values of every edition sheet of an Index workbook.

    A sheet counts when it has a ``Country`` header and at least one indicator or composite
    header; its edition is the year its name starts with, else the year of the workbook's
    other sheets (the 2021 release's ``Full_dataset``). A ``Country Code`` column, where
    there is one, gives the ISO3 code; otherwise the name is looked up in the gazetteer.

    Args:
        path: An ``.xlsx`` file: ``global_oc_index.xlsx`` as GI-TOC publishes it, or an
            earlier release.

    Returns:
        The workbook's official values.

    Raises:
        ImportError: openpyxl is not installed (the message names :data:`EXTRA`).
        WorkbookError: The file cannot be read as a workbook, or holds no edition sheet.

    """
    try:
        import openpyxl  # type: ignore[import-untyped, unused-ignore]
    except ImportError as error:
        raise ImportError(
            f"reading a workbook needs openpyxl: pip install '{EXTRA}'", name="openpyxl"
        ) from error
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as error:  # openpyxl raises zipfile, KeyError, its own: all "not a workbook"
        raise WorkbookError(f"not an Excel workbook (.xlsx): {error}") from None
    try:
        sheets = [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book]
    finally:
        book.close()
    rows, unknown = _read_sheets(sheets)
    if not rows:
        raise WorkbookError("no sheet of country scores (a 'Country' column and indicator columns)")
    return Workbook(path=str(path), rows=rows, unknown=tuple(unknown))


def _read_sheets(
    sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]],
) -> tuple[dict[tuple[str, int], OfficialRow], list[str]]:
    years = {int(m[1]) for title, _ in sheets if (m := _SHEET_YEAR.match(title))}
    rows: dict[tuple[str, int], OfficialRow] = {}
    unknown: list[str] = []
    for title, cells in sheets:
        header_at, columns = _header(cells)
        if header_at is None:
            continue  # a cover sheet, notes
        edition = _edition(title, years)
        for number, row in enumerate(cells[header_at + 1 :], start=header_at + 2):
            name = _text(row, columns.get("country"))
            if not name:
                continue
            country = _country(name, _text(row, columns.get("country_code")))
            if country is None:
                unknown.append(f"{title}:{number}: {name}")
                continue
            values = dict(_values(row, columns, title, number))
            rows[country.iso3, edition] = OfficialRow(country, edition, name, title, number, values)
    return rows, unknown


def _header(cells: Sequence[Sequence[Any]]) -> tuple[int | None, dict[str, int]]:
    """Find the header row among the first rows: its index and the column of each key."""
    for index, row in enumerate(cells[:5]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            key = _key(cell)
            if key is not None:
                columns.setdefault(key, column)
        if "country" in columns and len(columns) > 2:
            return index, columns
    return None, {}


def _key(cell: object) -> str | None:
    """The key of a header cell: ``country``, ``country_code``, a composite or indicator key."""
    if not isinstance(cell, str) or not cell.strip():
        return None
    label = slug(_AVERAGE.sub("", cell.strip()))
    if label in ("country", "country_code", *COMPOSITES):
        return label
    match = find_indicator(cell)
    return match.spec.key if match is not None and match.exact else None


def _edition(title: str, years: Iterable[int]) -> int:
    match = _SHEET_YEAR.match(title)
    found = {int(match[1])} if match else set(years)
    if len(found) != 1 or (edition := found.pop()) not in editions.years():
        raise WorkbookError(
            f"sheet {title!r}: cannot tell its edition; a sheet name should start with one "
            f"of {', '.join(map(str, editions.years()))} (as in '2025_dataset')"
        )
    return edition


def _text(row: Sequence[Any], column: int | None) -> str:
    if column is None or column >= len(row) or row[column] is None:
        return ""
    return str(row[column]).strip()


def _country(name: str, code: str) -> Country | None:
    for term in (code, name, _COMMA_ABBREVIATION.sub(r"\1.", name)):
        found = lookup_country(term) if term else None
        if found is not None:
            return found
    return None


def _values(
    row: Sequence[Any], columns: Mapping[str, int], sheet: str, number: int
) -> Iterator[tuple[str, Decimal]]:
    for key, column in columns.items():
        if key in ("country", "country_code") or column >= len(row) or row[column] is None:
            continue
        cell = row[column]
        try:
            # repr of a float is its shortest round-trip form: 7.6625, not 7.66249999…
            value = Decimal(repr(cell) if isinstance(cell, float) else str(cell).strip())
        except InvalidOperation:
            raise WorkbookError(f"sheet {sheet!r}, row {number}: {key} is {cell!r}") from None
        yield key, value.quantize(_CENT, rounding=ROUND_HALF_UP)
