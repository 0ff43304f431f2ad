"""Strategies of the records of a page: profiles, sections and indicators."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from ocparse import composites, taxonomy
from ocparse import editions as editions_table
from ocparse.countries import Country
from ocparse.editions import expected_kind
from ocparse.records import Indicator, Profile, Section, Source
from ocparse.render import STYLES, Style, layout
from ocparse.strategies._args import _one_of, _strategy
from ocparse.strategies.details import _draw_details
from ocparse.strategies.names import _countries, editions
from ocparse.strategies.narratives import _draw_narratives
from ocparse.strategies.numbers import _draw_delta, half_steps

__all__ = ["indicators", "profiles", "sections"]


def _has_delta(spec: taxonomy.IndicatorSpec, edition: int) -> bool:
    """Whether the page prints a numeric delta (not in the first edition, nor ``n/a``)."""
    return expected_kind(edition, spec.key) == "value"


def _section(key: str, indicators: list[Indicator], definitions: bool) -> Section:
    """A section whose score is the rounded mean of its indicators, as the Index prints."""
    spec = taxonomy.section(key)
    # The headerless resilience section's delta is computed by parse, which needs them all.
    score, delta = composites.section_score(
        [(i.score, i.delta) for i in indicators], partial=key != "resilience"
    )
    assert score is not None
    description = spec.definition if definitions and key != "resilience" else None
    return Section(key, spec.name, score, delta, description, 1, tuple(indicators))


@st.composite
def _profile(
    draw: st.DrawFn,
    edition: SearchStrategy[int],
    country: SearchStrategy[Country],
    style: SearchStrategy[Style],
    scores: SearchStrategy[Decimal],
    previous_scores: SearchStrategy[Decimal] | None,
    definitions: SearchStrategy[bool],
    merged: SearchStrategy[bool],
    missing: SearchStrategy[bool],
    split: SearchStrategy[bool],
    details: SearchStrategy[bool],
) -> Profile:
    year = draw(edition)
    where = draw(country)
    chosen_style = draw(style)
    specs = taxonomy.indicators_for(year)
    with_definitions = draw(definitions)
    options = (draw(merged), draw(missing), draw(split))
    story = _draw_narratives(draw, specs, where, options)
    by_section: dict[str, list[Indicator]] = {key: [] for key in taxonomy.SECTION_KEYS}
    for spec in specs:
        score = draw(scores)
        delta = None
        if _has_delta(spec, year):
            delta = _draw_delta(draw, score, previous_scores, cents=False)
        by_section[spec.section].append(
            Indicator(
                key=spec.key,
                name=spec.name,
                score=score,
                delta=delta,
                description=spec.definition if with_definitions else None,
                line=1,
                narrative=story.narrative.get(spec.key),
                paragraph=story.paragraph_of.get(spec.key),
            )
        )
    sections = tuple(
        _section(key, found, with_definitions) for key, found in by_section.items() if found
    )

    def scores_of(key: str) -> list[Decimal]:
        return [i.score for i in by_section[key]]

    profile = Profile(
        source=Source(None, 1, 1),
        country=where.name,
        iso3=where.iso3,
        edition=year,
        criminality=composites.criminality(
            scores_of("criminal_markets"), scores_of("criminal_actors")
        ),
        resilience=next(s.score for s in sections if s.key == "resilience"),
        sections=sections,
        paragraphs=story.paragraphs,
    )
    if chosen_style == "profile" and draw(details):
        profile = attrs.evolve(profile, details=_draw_details(draw, where, year, profile))
    return layout(profile, chosen_style)


def profiles(
    *,
    edition: int | SearchStrategy[int] | None = None,
    country: str | Country | SearchStrategy[Country] | None = None,
    style: Style | SearchStrategy[Style] | None = None,
    scores: SearchStrategy[Decimal] | None = None,
    previous_scores: SearchStrategy[Decimal] | None = None,
    definitions: bool | SearchStrategy[bool] | None = None,
    merged: bool | SearchStrategy[bool] | None = None,
    missing: bool | SearchStrategy[bool] | None = None,
    split: bool | SearchStrategy[bool] | None = None,
    details: bool | SearchStrategy[bool] | None = None,
) -> SearchStrategy[Profile]:
    """Country pages as ``parse`` reads them: every indicator of the edition, in page order.

    ``edition``: 2021, 2023 or 2025 (default any). ``country``: a name, ISO code,
    :class:`~ocparse.countries.Country` or strategy of them (default :func:`countries`).
    ``style``: the scrape style whose line numbers the records carry (default
    ``"compact"``). ``scores``:
    indicator scores (default :func:`half_steps`; keep them on the 0.5 grid, or ``parse``
    reads the page as a region page of averages); ``previous_scores``: scores of the last
    edition, from which deltas are taken (default: a delta near 0, previous in [1, 10]).
    ``definitions``: print each indicator's definition (default any; without them the
    page has the legacy layout). ``merged``: let some paragraphs cover two indicators
    (default any). ``missing``: let some indicators have no paragraph (default False:
    ``align`` does not yet recover all such pages, see docs/testing-with-ocparse.md).
    ``split``: let some indicators' text run on into a second paragraph (default any).
    ``details``: give ``"profile"``-style pages a profile block (default any).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(profiles(edition=2021, country="Chile"))
    ... def test_criminality_is_the_mean_of_both_means(profile):
    ...     markets = profile.section("criminal_markets").indicators
    ...     actors = profile.section("criminal_actors").indicators
    ...     assert (len(markets), len(actors)) == (10, 4)
    ...     assert profile.country == "Chile" and profile.indicator("heroin_trade").delta is None
    ...     mean = (sum(i.score for i in markets) / 10 + sum(i.score for i in actors) / 4) / 2
    ...     assert abs(profile.criminality - mean) <= Decimal("0.005")
    >>> test_criminality_is_the_mean_of_both_means()
    """
    return _profile(
        edition=_one_of(edition, editions_table.years(), "edition", editions()),
        country=_countries(country),
        style=_one_of(style, STYLES, "style", st.just("compact")),
        scores=_strategy(scores, half_steps()),
        previous_scores=previous_scores,
        definitions=_strategy(definitions, st.booleans().map(lambda b: not b)),
        merged=_strategy(merged, st.booleans()),
        missing=_strategy(missing, st.just(False)),
        split=_strategy(split, st.booleans()),
        details=_strategy(details, st.booleans().map(lambda b: not b)),
    )


def _editions_with(key: str | None, section: str | None) -> SearchStrategy[int]:
    if key is None:
        return editions()
    spec = taxonomy.indicator(key)
    if spec is None or (section is not None and spec.section != section):
        raise InvalidArgument(f"no indicator {key!r}" + (f" in {section!r}" if section else ""))
    return st.sampled_from([e.year for e in editions_table.all() if spec.in_edition(e.year)])


def indicators(
    *,
    edition: int | SearchStrategy[int] | None = None,
    section: str | None = None,
    key: str | None = None,
    country: str | Country | SearchStrategy[Country] | None = None,
    style: Style | SearchStrategy[Style] | None = None,
    scores: SearchStrategy[Decimal] | None = None,
    previous_scores: SearchStrategy[Decimal] | None = None,
    definitions: bool | SearchStrategy[bool] | None = None,
) -> SearchStrategy[Indicator]:
    """Indicators as they are read from a page of :func:`profiles` (same arguments).

    ``section`` (``criminal_markets``, ``criminal_actors``, ``resilience``) or ``key``
    (``cocaine_trade``) narrow the choice; line, narrative and paragraph index are those
    of the indicator on its page.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(indicators(section="criminal_actors", edition=2025))
    ... def test_actor_type(indicator):
    ...     assert taxonomy.find_indicator(indicator.name).spec.section == "criminal_actors"
    ...     assert 1 <= indicator.score - indicator.delta <= 10
    >>> test_actor_type()
    """
    if section is not None and section not in taxonomy.SECTION_KEYS:
        raise InvalidArgument(f"section must be one of {taxonomy.SECTION_KEYS}, got {section!r}")
    pages = profiles(
        edition=edition if edition is not None else _editions_with(key, section),
        country=country,
        style=style,
        scores=scores,
        previous_scores=previous_scores,
        definitions=definitions,
    )

    def choose(profile: Profile) -> SearchStrategy[Indicator]:
        found = [
            i
            for s in profile.sections
            if section in (None, s.key)
            for i in s.indicators
            if key in (None, i.key)
        ]
        if not found:
            raise InvalidArgument(f"no indicator {key!r} in the {profile.edition} edition")
        return st.sampled_from(found)

    return pages.flatmap(choose)


def sections(
    *,
    key: str | None = None,
    edition: int | SearchStrategy[int] | None = None,
    country: str | Country | SearchStrategy[Country] | None = None,
    style: Style | SearchStrategy[Style] | None = None,
    scores: SearchStrategy[Decimal] | None = None,
    previous_scores: SearchStrategy[Decimal] | None = None,
    definitions: bool | SearchStrategy[bool] | None = None,
) -> SearchStrategy[Section]:
    """Sections as they are read from a page of :func:`profiles` (same arguments).

    ``key`` picks the section (default any). The score is the rounded mean of the
    indicators; the headerless resilience section has no description.

    >>> from hypothesis import given, settings
    >>> from ocparse import composites
    >>> @settings(max_examples=5, deadline=None)
    ... @given(sections(key="resilience"))
    ... def test_mean(section):
    ...     assert len(section.indicators) == 12
    ...     mean = composites.mean([i.score for i in section.indicators])
    ...     assert section.score == composites.round_score(mean)
    >>> test_mean()
    """
    if key is not None and key not in taxonomy.SECTION_KEYS:
        raise InvalidArgument(f"key must be one of {taxonomy.SECTION_KEYS}, got {key!r}")
    pages = profiles(
        edition=edition,
        country=country,
        style=style,
        scores=scores,
        previous_scores=previous_scores,
        definitions=definitions,
    )
    return pages.flatmap(lambda p: st.sampled_from([s for s in p.sections if key in (None, s.key)]))
