"""Write the small test workbooks of tests/data from the official GI-TOC workbooks.

Tests never read the official files (they live outside the repository): this script
copies, from each of the three releases, every sheet with its header row and only the rows
of a few countries: Belgium and the Netherlands (the fixtures' countries) and the Congos
(whose names the 2023 sheet spells ``Congo, Dem, Rep,``). Sheet names, headers, column
order and cell values are kept as they are.

Usage: python tools/make_workbook_slice.py [DIR]   (DIR holds the official .xlsx files;
default ../shared/data/ocindex, beside the repository)
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data"
RELEASES = {
    "global_oc_index.xlsx": "workbook_slice.xlsx",
    "global_oc_index_2023edition.xlsx": "workbook_slice_2023edition.xlsx",
    "global_oc_index_2021.xlsx": "workbook_slice_2021.xlsx",
}
KEEP = ("belgium", "netherlands", "congo")


def _kept(name: object) -> bool:
    return isinstance(name, str) and name.strip().lower().startswith(KEEP)


def slice_workbook(source: Path, target: Path) -> None:
    book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    out = openpyxl.Workbook()
    out.remove(out.active)
    for sheet in book:
        rows = list(sheet.iter_rows(values_only=True))
        copy = out.create_sheet(sheet.title)
        if not rows or "Country" not in rows[0]:
            for row in rows:  # a cover sheet: as it is
                copy.append(row)
            continue
        country = rows[0].index("Country")
        copy.append(rows[0])
        for row in rows[1:]:
            if _kept(row[country]):
                copy.append(row)
    book.close()
    out.save(target)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/ocindex"
    for name, target in RELEASES.items():
        slice_workbook(source / name, OUT / target)
        print(f"{OUT / target}: {(OUT / target).stat().st_size} bytes")


if __name__ == "__main__":
    main()
