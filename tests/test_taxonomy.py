from collections import defaultdict

import pytest

from ocparse import editions, taxonomy
from support import workbook_rows


def _workbook_indicators() -> dict[tuple[int, str], list[str]]:
    """Indicator names per (edition, pillar) in a slice of the official workbook."""
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    for row in workbook_rows():
        key = (int(row["edition"]), row["pillar"])
        if row["pillar"] != "composite" and row["indicator"] not in found[key]:
            found[key].append(row["indicator"])
    return found


@pytest.mark.parametrize("edition", editions.years())
def test_taxonomy_matches_workbook(edition: int) -> None:
    workbook = _workbook_indicators()
    for section in taxonomy.SECTION_KEYS:
        ours = [s.name for s in taxonomy.indicators_for(edition) if s.section == section]
        assert sorted(ours) == sorted(workbook[(edition, section)])


@pytest.mark.parametrize(
    ("edition", "counts"), [(2021, (10, 4, 12)), (2023, (15, 5, 12)), (2025, (15, 5, 12))]
)
def test_section_sizes(edition: int, counts: tuple[int, int, int]) -> None:
    specs = taxonomy.indicators_for(edition)
    assert tuple(sum(s.section == k for s in specs) for k in taxonomy.SECTION_KEYS) == counts


def test_keys_follow_the_slug_rule_and_are_unique() -> None:
    specs = taxonomy.indicators_for(2025)
    assert all(s.key == taxonomy.slug(s.name) for s in specs)
    assert len({s.key for s in specs}) == 32
    assert taxonomy.slug("Non-renewable resource crimes") == "non_renewable_resource_crimes"
    assert taxonomy.slug("  Cyber--dependent   crimes ") == "cyber_dependent_crimes"


@pytest.mark.parametrize(
    ("label", "key", "exact"),
    [
        ("Cocaine trade", "cocaine_trade", True),
        ("COCAINE TRADE", "cocaine_trade", True),
        ("Non-Renewable Resources Crimes", "non_renewable_resource_crimes", True),
        ("Synthetic Drugs Trade", "synthetic_drug_trade", True),
        ("Economic Regulatory Environment", "economic_regulatory_capacity", True),
        ("Cocaine trdae", "cocaine_trade", False),
        (
            "Goverment transparency and acountability",
            "government_transparency_and_accountability",
            False,
        ),
    ],
)
def test_find_indicator(label: str, key: str, exact: bool) -> None:
    match = taxonomy.find_indicator(label)
    assert match is not None
    assert (match.spec.key, match.exact) == (key, exact)


@pytest.mark.parametrize("label", ["Criminal", "Trade", "Something else entirely", "x"])
def test_unknown_labels_do_not_match(label: str) -> None:
    assert taxonomy.find_indicator(label) is None


def test_sections() -> None:
    assert taxonomy.find_section("Criminal market") == taxonomy.section("criminal_markets")
    assert taxonomy.find_section("CRIMINAL ACTORS") == taxonomy.section("criminal_actors")
    with pytest.raises(ValueError, match="edition must be one of"):
        taxonomy.indicators_for(2019)
