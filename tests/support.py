"""What many tests share: where things are, how a fixture is parsed, the workbook truth.

Import from here (``from support import FIXTURES, parse_fixture``) rather than building
paths or reading ``tests/data`` again in a test module.
"""

import csv
from decimal import Decimal
from pathlib import Path

import ocparse
from ocparse import taxonomy
from ocparse.lines import decode

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SAMPLE = FIXTURES / "2025_netherlands_belgium.txt"
TEST_DATA = ROOT / "tests" / "data"
# The Index's official workbook, the rows of the fixtures' countries.
SCORES = TEST_DATA / "scores_slice.csv"

# Every golden pair: fixtures/<name>.txt beside fixtures/<name>.json.
CASES = sorted(FIXTURES.glob("*.txt"))


def parse_fixture(path: Path) -> ocparse.Document:
    """Parse a fixture as the golden test does: ``lenient_`` names leniently."""
    text = decode(path.read_bytes())  # fixtures may be UTF-16, cp1252, with BOM or CRLF
    return ocparse.parse(text, lenient=path.name.startswith("lenient_"), file=path.name)


def workbook_rows() -> list[dict[str, str]]:
    """The workbook slice, one dict per (edition, country, indicator or composite)."""
    with SCORES.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def official_scores() -> dict[tuple[int, str, str], Decimal]:
    """(edition, iso3, indicator key or composite) → score, from the workbook slice."""
    return {
        (int(r["edition"]), r["iso3"], taxonomy.slug(r["indicator"])): Decimal(r["score"])
        for r in workbook_rows()
    }
