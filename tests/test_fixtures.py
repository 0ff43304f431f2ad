"""Every fixtures/<name>.txt beside its expected fixtures/<name>.json.

Names starting with ``lenient_`` are parsed with ``lenient=True``. To add a case, add
the two files; ``python tests/regen_fixtures.py NAME`` writes a first expected file for
you to check by hand.
"""

import json
from pathlib import Path

import pytest

import ocparse
from ocparse.lines import decode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(FIXTURES.glob("*.txt"))


def parse_fixture(path: Path) -> ocparse.Document:
    text = decode(path.read_bytes())  # fixtures may be UTF-16, cp1252, with BOM or CRLF
    return ocparse.parse(text, lenient=path.name.startswith("lenient_"), file=path.name)


def test_there_are_fixtures() -> None:
    assert len(CASES) >= 1


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture(path: Path) -> None:
    expected = path.with_suffix(".json")
    assert expected.exists(), f"{expected.name} is missing: every fixture needs its expected output"
    assert ocparse.to_dict(parse_fixture(path)) == json.loads(expected.read_text("utf-8"))
