"""The Index's sections and indicators, loaded from ``data/taxonomy.json``.

Which editions there are, and what else is per edition, is in :mod:`ocparse.editions`
(``data/editions.json``); an indicator says which editions have it (``since``, ``until``).
"""

from __future__ import annotations

from functools import cache, lru_cache

import attrs
import regex

from ocparse import _data

__all__ = [
    "SECTION_KEYS",
    "IndicatorMatch",
    "IndicatorSpec",
    "SectionSpec",
    "find_indicator",
    "find_section",
    "indicator",
    "indicators",
    "indicators_for",
    "section",
    "slug",
]

_NON_ALNUM = regex.compile(r"[^a-z0-9]+")

SECTION_KEYS: tuple[str, ...] = ("criminal_markets", "criminal_actors", "resilience")
"""Section keys in page order."""


def slug(name: str) -> str:
    """Return the canonical key of a label: lowercase, runs of non-alphanumerics → ``_``.

    >>> slug("Non-renewable resource crimes")
    'non_renewable_resource_crimes'
    """
    return _NON_ALNUM.sub("_", name.lower()).strip("_")


@attrs.frozen(slots=True)
class SectionSpec:
    """A section of a page: criminal markets, criminal actors or resilience."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    definition: str | None = None


@attrs.frozen(slots=True)
class IndicatorSpec:
    """One indicator of the Index: key, printed name, section, editions, definition."""

    key: str
    name: str
    section: str
    since: int
    """The first edition with this indicator."""
    aliases: tuple[str, ...] = ()
    definition: str | None = None
    until: int | None = None
    """The last edition with this indicator; None while the latest has it."""

    def in_edition(self, year: int) -> bool:
        """Whether the edition of ``year`` has this indicator."""
        return self.since <= year and (self.until is None or year <= self.until)


@attrs.frozen(slots=True)
class IndicatorMatch:
    """The result of looking up a printed indicator name.

    ``exact`` is false when the name only matched after allowing for misspellings.
    """

    spec: IndicatorSpec
    exact: bool


@attrs.frozen(slots=True)
class _Taxonomy:
    sections: tuple[SectionSpec, ...]
    indicators: tuple[IndicatorSpec, ...]
    by_slug: dict[str, IndicatorSpec]
    section_by_slug: dict[str, SectionSpec]
    by_key: dict[str, IndicatorSpec]


@cache
def _taxonomy() -> _Taxonomy:
    raw = _data.read_json("taxonomy.json")
    sections = tuple(
        SectionSpec(s["key"], s["name"], tuple(s["aliases"]), s["definition"])
        for s in raw["sections"]
    )
    indicators = tuple(
        IndicatorSpec(
            i["key"],
            i["name"],
            i["section"],
            i["since"],
            tuple(i["aliases"]),
            i["definition"],
            i.get("until"),
        )
        for i in raw["indicators"]
    )
    by_slug = {slug(label): spec for spec in indicators for label in (spec.name, *spec.aliases)}
    section_by_slug = {slug(label): s for s in sections for label in (s.name, *s.aliases)}
    by_key = {spec.key: spec for spec in indicators}
    return _Taxonomy(sections, indicators, by_slug, section_by_slug, by_key)


_data.on_change(_taxonomy.cache_clear)


def section(key: str) -> SectionSpec:
    """Return the section with this key (``KeyError`` if there is none)."""
    for spec in _taxonomy().sections:
        if spec.key == key:
            return spec
    raise KeyError(key)


def indicator(key: str) -> IndicatorSpec | None:
    """Return the indicator with this key, or None for a key of no edition."""
    return _taxonomy().by_key.get(key)


def indicators() -> tuple[IndicatorSpec, ...]:
    """Return the indicators of every edition in page order."""
    return _taxonomy().indicators


def indicators_for(edition: int) -> tuple[IndicatorSpec, ...]:
    """Return the indicators of an edition in page order (``ValueError`` for an unknown one).

    >>> len(indicators_for(2021)), len(indicators_for(2025))
    (26, 32)
    """
    from ocparse import editions  # editions reads this module's table: import late

    return editions.get(edition).indicators


def find_section(name: str) -> SectionSpec | None:
    """Return the section whose header reads ``name`` (any case), or None."""
    return _taxonomy().section_by_slug.get(slug(name))


def find_indicator(name: str) -> IndicatorMatch | None:
    """Look up a printed indicator name: exact (any case, old labels too), then fuzzy.

    Fuzzy matching allows two edits, or one per eight characters of longer labels, and answers
    when exactly one indicator matches, so a stray word never becomes an indicator.

    >>> find_indicator("Cocaine Trade").spec.key
    'cocaine_trade'
    >>> find_indicator("Cocaine trdae").exact
    False
    """
    return _find_indicator(name)


# A page prints the same few dozen names as every other: look each up once. Bounded,
# as the names of damaged input are any text.
@lru_cache(maxsize=1024)
def _find_indicator(name: str) -> IndicatorMatch | None:
    key = slug(name)
    spec = _taxonomy().by_slug.get(key)
    if spec is not None:
        return IndicatorMatch(spec, exact=True)
    return _fuzzy(key)


_data.on_change(_find_indicator.cache_clear)


def _fuzzy(key: str) -> IndicatorMatch | None:
    if len(key) < 5:
        return None
    found = {spec for label, spec in _taxonomy().by_slug.items() if _close(key, label)}
    if len(found) != 1:
        return None
    return IndicatorMatch(found.pop(), exact=False)


@cache
def _fuzzy_pattern(label: str) -> regex.Pattern[str]:
    errors = max(2, len(label) // 8)
    return regex.compile(rf"(?:{regex.escape(label)}){{e<={errors}}}", regex.BESTMATCH)


def _close(key: str, label: str) -> bool:
    return abs(len(key) - len(label)) <= 3 and _fuzzy_pattern(label).fullmatch(key) is not None
