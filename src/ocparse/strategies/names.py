"""Strategies of the names a page is about: editions, countries and scrape styles."""

from __future__ import annotations

import functools
import re

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from ocparse import editions as editions_table
from ocparse.countries import Country, aliases_of, all_countries, lookup_country
from ocparse.render import STYLES, Style

__all__ = ["countries", "editions", "styles"]

_THE = ("Republic", "Islands", "Emirates", "States", "Kingdom")


def editions() -> SearchStrategy[int]:
    """Editions of the Index ocparse reads (2021, 2023, 2025); shrinks towards 2021.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(editions())
    ... def test_known(edition):
    ...     assert edition in editions_table.years()
    >>> test_known()
    """
    return st.sampled_from(editions_table.years())


def countries() -> SearchStrategy[Country]:
    """The 193 countries of the Index (:func:`ocparse.countries.all_countries`).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(countries())
    ... def test_named(country):
    ...     assert lookup_country(country.iso3) == country
    >>> test_named()
    """
    return st.sampled_from(all_countries())


def styles() -> SearchStrategy[Style]:
    """The scrape styles :func:`ocparse.render.render` writes (:data:`~ocparse.render.STYLES`).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(styles())
    ... def test_style(style):
    ...     assert style in STYLES
    >>> test_style()
    """
    return st.sampled_from(STYLES)


@functools.cache
def _prose(country: Country) -> str:
    """How narratives name a country: ``the Netherlands``, ``South Korea``, ``Chad``."""
    aliases = aliases_of(country.iso3)
    name = country.name
    if any(c in name for c in ",()"):
        plain = [a for a in aliases if not re.search(r"[,().]", a)]
        name = next((a for a in plain if a.startswith("the ")), plain[0] if plain else name)
    elif f"the {name}" in aliases or name.split()[-1] in _THE:
        name = f"the {name}"
    return name


def _countries(
    value: str | Country | SearchStrategy[Country] | None,
) -> SearchStrategy[Country]:
    if value is None:
        return countries()
    if isinstance(value, SearchStrategy):
        return value
    return st.just(_country(value))


def _country(value: str | Country) -> Country:
    if isinstance(value, Country):
        return value
    found = lookup_country(value)
    if found is None:
        raise InvalidArgument(f"{value!r} is not a country of the Index")
    return found
