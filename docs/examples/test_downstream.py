"""Testing code that consumes Organized Crime Index data with ocparse's strategies.

Copy this file into your project and adapt it. It needs ``pip install "ocparse[testing]"``
(and pytest); run it with ``pytest test_downstream.py``.
"""

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import ocparse
from ocparse import strategies as ocst

# --- the code under test: what a dashboard might compute from parsed pages ---------------


def market_average(profile: ocparse.Profile) -> Decimal:
    """Mean score of a page's criminal markets, rounded as the Index rounds (half up)."""
    scores = [i.score for i in profile.section("criminal_markets").indicators]
    mean = sum(scores, Decimal(0)) / len(scores)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # half-even would fail


def criminality_table(text: str) -> dict[str, Decimal]:
    """Criminality score by ISO3 code for every page of a dump."""
    return {
        p.iso3: p.criminality
        for p in ocparse.parse(text).profiles
        if p.iso3 and p.criminality is not None
    }


# --- the tests ----------------------------------------------------------------------------
# Parsing and drawing whole pages takes milliseconds: no deadline, a modest example count.


@settings(max_examples=30, deadline=None)
@given(st.from_type(ocparse.Profile))  # valid profiles of any edition, country and style
def test_market_average_is_the_printed_section_score(profile: ocparse.Profile) -> None:
    """Our average agrees with the section score the page prints."""
    assert market_average(profile) == profile.section("criminal_markets").score


@settings(max_examples=10, deadline=None)
@given(ocst.dumps(max_pages=3))  # raw text of several pages, and what parse returns for it
def test_criminality_table_has_every_page(dump: tuple[str, ocparse.Document]) -> None:
    """Every page of a dump ends up in the table, with its criminality score."""
    text, expected = dump
    assert criminality_table(text) == {p.iso3: p.criminality for p in expected.profiles}


@settings(max_examples=30, deadline=None)
@given(ocst.indicators(section="criminal_actors", edition=2025))
def test_previous_scores_are_in_range(indicator: ocparse.Indicator) -> None:
    """A 2025 indicator's previous score (score - delta) is on the Index's scale."""
    assert indicator.delta is not None
    assert Decimal(1) <= indicator.score - indicator.delta <= Decimal(10)
