"""Profile blocks (the country facts and ranks of ``"profile"``-style pages)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from decimal import Decimal
from importlib.resources import files

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ocparse import composites, editions
from ocparse.countries import Country
from ocparse.records import Profile, ProfileDetails, Rank
from ocparse.strategies._args import T

_CAPITALS = ("Port Town", "New Harbour", "Riverside", "Hill City", "Lakeview", "Saint Anne")
_INCOME = ("Low income", "Lower middle income", "Upper middle income", "High income")
_GEOGRAPHY = ("Coastal", "Landlocked", "Island")


@functools.cache
def _regions() -> dict[int, dict[str, dict[str, tuple[str, ...]]]]:
    """Edition -> continent -> region -> ISO3 codes: the Index's own (``data/regions.json``)."""
    raw = json.loads((files("ocparse") / "data" / "regions.json").read_text("utf-8"))
    return {
        int(edition): {
            continent: {region: tuple(codes) for region, codes in places.items()}
            for continent, places in continents.items()
        }
        for edition, continents in raw.items()
        if not edition.startswith("_")
    }


@functools.cache
def _scopes(iso3: str, edition: int) -> tuple[tuple[str, int], tuple[str, int]]:
    """The continent and region of a country in an edition, with how many countries each has.

    An edition the data does not know yet takes the regions of the latest one before it.
    """
    known = _regions()
    year = max((e for e in known if e <= edition), default=min(known))
    for continent, places in known[year].items():
        for region, codes in places.items():
            if iso3 in codes:
                size = sum(len(c) for c in places.values())
                return (continent, size), (region, len(codes))
    raise KeyError(iso3)  # pragma: no cover - every country has a region


def _draw_rank(draw: st.DrawFn, measure: str, scope: str, of: int, edition: int) -> Rank:
    rank = draw(st.integers(1, of))
    change = None
    if editions.get(edition).previous is not None:  # a rank's change since the previous
        change = draw(st.integers(max(1 - rank, -20), min(of - rank, 20)))
    return Rank(measure, scope, rank, of, change, 1)


def _draw_optional(draw: st.DrawFn, strategy: SearchStrategy[T]) -> T | None:
    """A value or (shrinking towards) None: profile blocks may lack any field."""
    return draw(strategy) if draw(st.booleans()) else None


def _tenth(n: int) -> str:
    return f"{Decimal(n) / 10:.1f}"


_GDP_ST = st.floats(10, 3_000_000, allow_nan=False).map(lambda x: f"{x:,.2f}")
_CAPITAL_ST = st.sampled_from(_CAPITALS)
_INCOME_ST = st.sampled_from(_INCOME)
_POPULATION_ST = st.integers(10_000, 1_500_000_000)
_AREA_ST = st.integers(2, 17_000_000).map(lambda n: f"{n:,} km²")
_GEOGRAPHY_ST = st.sampled_from(_GEOGRAPHY)
_GINI_ST = st.one_of(st.just("No data"), st.integers(200, 650).map(_tenth))


def _in(template: str) -> Callable[[str], str]:
    """A GDP amount as an edition prints it (``editions.json``'s ``gdp_value``)."""
    return lambda amount: template.format(amount=amount)


def _draw_details(
    draw: st.DrawFn, country: Country, edition: int, profile: Profile
) -> ProfileDetails:
    """A profile block for the page: printed composites equal the computed ones."""
    (continent, continent_size), (region, region_size) = _scopes(country.iso3, edition)
    gdp_value = editions.get(edition).gdp_value
    resilience = profile.resilience if draw(st.booleans()) else None
    ranks = []
    for measure, printed in (("criminality", True), ("resilience", resilience is not None)):
        if printed and draw(st.booleans()):
            ranks.append(_draw_rank(draw, measure, "world", 193, edition))
            ranks.append(_draw_rank(draw, measure, continent, continent_size, edition))
            ranks.append(_draw_rank(draw, measure, region, region_size, edition))
    return ProfileDetails(
        line=1,
        end_line=1,
        country=country.name,
        capital=_draw_optional(draw, _CAPITAL_ST),
        income_group=_draw_optional(draw, _INCOME_ST),
        population=_draw_optional(draw, _POPULATION_ST),
        area=_draw_optional(draw, _AREA_ST),
        geography=_draw_optional(draw, _GEOGRAPHY_ST),
        gdp=_draw_optional(draw, st.one_of(st.just("No data"), _GDP_ST.map(_in(gdp_value)))),
        gini=_draw_optional(draw, _GINI_ST),
        criminality=profile.criminality,
        criminality_delta=_criminality_delta(profile),
        resilience=resilience,
        resilience_delta=profile.section("resilience").delta if resilience else None,
        ranks=tuple(ranks),
    )


def _criminality_delta(profile: Profile) -> Decimal | None:
    """The printed change of criminality: the difference of the rounded composites."""

    def scored(key: str) -> list[composites.Scored]:
        return [(i.score, i.delta) for i in profile.section(key).indicators]

    return composites.criminality_delta(scored("criminal_markets"), scored("criminal_actors"))
