"""Every fixtures/<name>.txt beside its expected fixtures/<name>.json.

Names starting with ``lenient_`` are parsed with ``lenient=True``. To add a case, add
the two files; ``python tests/regen_fixtures.py NAME`` writes a first expected file for
you to check by hand (``make fixtures`` rewrites them all, for review with ``git diff``).
Every edition must have a golden page in each layout scrapes come in.
"""

import json
from pathlib import Path

import pytest

import ocparse
from ocparse import editions
from ocparse.lines import decode
from support import CASES, parse_fixture

# Copied from the site's text (one field a line) or from its rendered layout (indented,
# blank lines between fields).
LAYOUTS = ("compact", "indented")


def test_there_are_fixtures() -> None:
    assert len(CASES) >= 1


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture(path: Path) -> None:
    expected = path.with_suffix(".json")
    assert expected.exists(), f"{expected.name} is missing: every fixture needs its expected output"
    assert ocparse.to_dict(parse_fixture(path)) == json.loads(expected.read_text("utf-8"))


def _layout(page: list[str]) -> str:
    shown = [line for line in page if line.strip()]
    indented = sum(line[:1] in " \t" for line in shown)
    return "indented" if indented > len(shown) / 2 else "compact"


def test_every_edition_has_a_golden_page_in_every_layout() -> None:
    covered = set()
    for path in CASES:
        lines = decode(path.read_bytes()).replace("\r\n", "\n").split("\n")
        for page in parse_fixture(path).profiles:
            text = lines[page.source.start_line - 1 : page.source.end_line]
            covered.add((page.edition, _layout(text)))
    wanted = {(edition, layout) for edition in editions.years() for layout in LAYOUTS}
    assert not wanted - covered, f"no golden page for {sorted(wanted - covered)}"
