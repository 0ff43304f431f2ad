"""Every fixture page against the official workbook slice, and every line accounted for."""

from decimal import Decimal
from pathlib import Path

import pytest

from accounting import accounted_lines, non_blank_lines
from ocparse import editions, taxonomy
from ocparse.lines import decode
from support import CASES, official_scores, parse_fixture

PREVIOUS = {e.year: e.previous for e in editions.all()}
TRUTH = official_scores()


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_scores_match_the_workbook(path: Path) -> None:
    doc = parse_fixture(path)
    assert doc.profiles
    for profile in doc.profiles:
        if profile.iso3 is None:
            continue
        edition, iso3 = profile.edition, profile.iso3
        for indicator in profile.indicators:
            assert indicator.score == TRUTH[(edition, iso3, indicator.key)]
            before = TRUTH.get((PREVIOUS.get(edition, 0), iso3, indicator.key))
            expected_delta = indicator.score - before if before is not None else None
            assert indicator.delta == expected_delta, indicator.key
        if len(profile.indicators) == len(taxonomy.indicators_for(edition)):
            assert profile.criminality == TRUTH[(edition, iso3, "criminality")]
            assert profile.resilience == TRUTH[(edition, iso3, "resilience")]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_line_is_accounted_for(path: Path) -> None:
    text = decode(path.read_bytes())
    doc = parse_fixture(path)
    assert non_blank_lines(text) <= accounted_lines(text, doc)


def test_editions_and_styles_seen() -> None:
    docs = {p.stem: parse_fixture(p) for p in CASES}
    assert {p.edition for d in docs.values() for p in d.profiles} == set(editions.years())
    bel = docs["2023_belgium_indented_profile"].profiles[0]
    assert bel.details is not None
    assert (bel.details.capital, bel.details.population) == ("Brussels", 11_589_623)
    assert [(r.scope, r.rank, r.of, r.change) for r in bel.details.ranks] == [
        ("world", 80, 193, -19),
        ("Europe", 25, 44, -7),
        ("Western Europe", 6, 9, 1),
    ]
    assert bel.details.criminality == bel.criminality == Decimal("4.43")
    new_keys = editions.get(2023).new
    new = [i for i in bel.indicators if i.key in new_keys]
    assert len(new) == 6
    assert all(i.delta is None for i in new)
    legacy = docs["2021_netherlands_legacy"].profiles[0]
    assert (
        legacy.indicator("economic_regulatory_capacity").name == "Economic Regulatory Environment"
    )
    assert all(i.description is None for i in legacy.indicators)
    assert len(legacy.paragraphs) == 22
