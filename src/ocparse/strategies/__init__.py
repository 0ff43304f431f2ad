"""Hypothesis strategies for Organized Crime Index pages and the records ocparse reads from them.

Install with ``pip install ocparse[testing]`` (the core package never imports Hypothesis).

Every strategy makes *valid* data, exactly as :func:`ocparse.parse` returns it for some page:

* :func:`fused_scores` - score lines in every spelling the parser accepts, with their values;
* :func:`indicators`, :func:`sections`, :func:`profiles` - records of an edition: real
  indicator names, keys and definitions, indicator scores in 0.5 steps in [1, 10], deltas
  to a previous score in range (none in 2021, ``n/a`` for the indicators new in 2023),
  section scores that are the rounded means of their indicators, composites computed as
  the Index does, and narratives that name the country and open with each indicator's cue
  words (some paragraphs covering two indicators, some texts running on into a second);
* :func:`pages` and :func:`dumps` - ``(text, Document)`` pairs: page text in any scrape
  style (:data:`ocparse.render.STYLES`, with CRLF/CR line ends, BOM and footer) and the
  exact :class:`~ocparse.records.Document` ``parse`` returns for it, skipped lines
  included and no diagnostics.

Records carry the line numbers of the page they would be read from: ``profiles(style=s)``
gives the lines of ``render(p, style=s)``; :func:`ocparse.render.layout` re-lines a
profile for another style. Arguments take a value or a strategy (``edition=2023`` or
``edition=st.sampled_from([2023, 2025])``); ``scores=`` and ``previous_scores=`` replace
the strategies of indicator scores and of the scores of the previous edition. Examples
shrink towards plain pages: one short paragraph per indicator, scores 1.00, zero deltas.

>>> from hypothesis import given, settings
>>> import ocparse
>>> @settings(max_examples=5, deadline=None)
... @given(pages(edition=2025))
... def test_parse_reads_the_page(page):
...     text, expected = page
...     assert ocparse.parse(text) == expected
>>> test_parse_reads_the_page()
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from importlib.resources import files
from typing import TypeVar

import attrs

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
    from hypothesis.strategies import SearchStrategy
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "ocparse.strategies needs Hypothesis: pip install 'ocparse[testing]'"
    ) from error

from ocparse import composites, taxonomy
from ocparse.countries import Country, all_countries, detect_country, lookup_country, names_of
from ocparse.editions import expected_kind
from ocparse.fused import format_score
from ocparse.narratives import cue_keys, cues_of
from ocparse.records import (
    Document,
    Indicator,
    Paragraph,
    Profile,
    ProfileDetails,
    Rank,
    Section,
    Source,
)
from ocparse.render import (
    DEFAULT_PROLOGUE,
    NEWLINES,
    STYLES,
    Style,
    layout,
    layout_document,
    render_document,
)

__all__ = [
    "Page",
    "composite_scores",
    "countries",
    "dumps",
    "editions",
    "fused_scores",
    "half_steps",
    "indicators",
    "pages",
    "profiles",
    "sections",
    "styles",
]

T = TypeVar("T")
Page = tuple[str, Document]
"""What :func:`pages` and :func:`dumps` draw: the page text and the Document it parses to."""

_ONE, _TEN = Decimal(1), Decimal(10)
_CENT, _HALF = Decimal("0.01"), Decimal("0.5")

# --- small strategies -------------------------------------------------------------------


def editions() -> SearchStrategy[int]:
    """Editions of the Index ocparse reads (2021, 2023, 2025); shrinks towards 2021.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(editions())
    ... def test_known(edition):
    ...     assert edition in taxonomy.EDITIONS
    >>> test_known()
    """
    return st.sampled_from(taxonomy.EDITIONS)


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


def half_steps(min_value: float = 1, max_value: float = 10) -> SearchStrategy[Decimal]:
    """Indicator scores: multiples of 0.5 in [min_value, max_value], with two places.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(half_steps())
    ... def test_grid(score):
    ...     assert score * 2 % 1 == 0 and 1 <= score <= 10 and str(score)[-3] == "."
    >>> test_grid()
    """
    low, high = Decimal(str(min_value)) * 2, Decimal(str(max_value)) * 2
    if low % 1 or high % 1 or not _ONE <= low / 2 <= high / 2 <= _TEN:
        raise InvalidArgument("half_steps bounds are multiples of 0.5 with 1 <= min <= max <= 10")
    return st.integers(int(low), int(high)).map(lambda n: (Decimal(n) / 2).quantize(_CENT))


def composite_scores(min_value: float = 1, max_value: float = 10) -> SearchStrategy[Decimal]:
    """Composite and average scores: any two-decimal value in [min_value, max_value].

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(composite_scores())
    ... def test_cents(score):
    ...     assert score == score.quantize(Decimal("0.01")) and 1 <= score <= 10
    >>> test_cents()
    """
    low, high = Decimal(str(min_value)) * 100, Decimal(str(max_value)) * 100
    if low % 1 or high % 1 or not 100 <= low <= high <= 1000:
        raise InvalidArgument("composite_scores bounds have two places with 1 <= min <= max <= 10")
    return st.integers(int(low), int(high)).map(lambda n: (Decimal(n) / 100).quantize(_CENT))


# --- fused score lines ------------------------------------------------------------------

_GAPS = ("", " ", "  ", "\t", "\u00a0", "\u2009")
_NA_SPELLINGS = ("n/a", "N/A", "n/A", "N/a")


_KINDS = ("value", "na", "none")
_GAP_ST = st.sampled_from(_GAPS)
_NA_GAP_ST = st.sampled_from(("", " ", "  "))
_NA_ST = st.sampled_from(_NA_SPELLINGS)
_PAD_ST = st.tuples(st.sampled_from(("", " ")), st.sampled_from(("", " ", "\t")))
_SIGNS = {1: st.sampled_from(("", "+")), -1: st.sampled_from(("-", "−"))}
_ZERO_SIGN_ST = st.sampled_from(("", "+", "-", "−"))


@st.composite
def _fused(
    draw: st.DrawFn,
    scores: SearchStrategy[Decimal],
    previous_scores: SearchStrategy[Decimal] | None,
    kinds: SearchStrategy[str],
) -> tuple[str, tuple[Decimal, Decimal | None]]:
    score = draw(scores)
    kind = draw(kinds)
    delta: Decimal | None = None
    if kind == "none":
        text = format_score(score)
    elif kind == "na":
        text = format_score(score) + draw(_NA_GAP_ST) + draw(_NA_ST)
    else:
        delta = _draw_delta(draw, score, previous_scores, cents=True)
        sign = draw(_SIGNS[1 if delta > 0 else -1] if delta else _ZERO_SIGN_ST)
        before, after = draw(_GAP_ST), draw(_GAP_ST)
        text = f"{format_score(score)}{before}{sign}{after}{abs(delta):.2f}"
    lead, trail = draw(_PAD_ST)
    return lead + text + trail, (score, delta)


def fused_scores(
    *,
    scores: SearchStrategy[Decimal] | None = None,
    previous_scores: SearchStrategy[Decimal] | None = None,
    kind: str | SearchStrategy[str] | None = None,
) -> SearchStrategy[tuple[str, tuple[Decimal, Decimal | None]]]:
    """Score lines and their ``(score, delta)``, in every spelling the parser accepts.

    ``kind`` is ``"value"`` (``5.330.10``, ``5.33 +0.10``, ``7.00−0.50``, ``1.00-0.00`` …),
    ``"na"`` (``2.50 n/a``, ``2.50N/A``) or ``"none"`` (a bare ``5.00``); by default any.
    ``scores`` defaults to :func:`composite_scores`; the delta is ``score - previous`` for
    a previous score from ``previous_scores`` (default: any in [1, 10], near the score
    first). Spaces, tabs and no-break spaces may surround the parts.

    >>> from hypothesis import given, settings
    >>> from ocparse import split_fused
    >>> @settings(max_examples=20)
    ... @given(fused_scores())
    ... def test_split_fused(case):
    ...     text, expected = case
    ...     assert split_fused(text) == expected
    >>> test_split_fused()
    """
    kinds = _one_of(kind, _KINDS, "kind", st.sampled_from(_KINDS))
    return _fused(_strategy(scores, composite_scores()), previous_scores, kinds)


def _draw_delta(
    draw: st.DrawFn,
    score: Decimal,
    previous_scores: SearchStrategy[Decimal] | None,
    *,
    cents: bool,
) -> Decimal:
    """A delta that leaves the previous score in [1, 10]; shrinks towards 0."""
    if previous_scores is not None:
        previous = draw(previous_scores.filter(lambda p: _ONE <= p <= _TEN))
        return (score - previous).quantize(_CENT) + 0
    return draw(_deltas(score, _CENT if cents else _HALF))


@functools.cache
def _deltas(score: Decimal, unit: Decimal) -> SearchStrategy[Decimal]:
    """Deltas in ``unit`` steps leaving the previous score in range: 0 first, small ones often."""
    low, high = int((score - _TEN) / unit), int((score - _ONE) / unit)
    if unit == _CENT:  # any change in cents: near 0 first, then anything in range
        near = st.integers(max(low, -50), min(high, 50))
        return st.one_of(near, st.integers(low, high)).map(lambda n: n * _CENT + 0)
    steps = sorted(range(low, high + 1), key=lambda n: (abs(n), -n))
    weighted = [n for n in steps for _ in range(max(1, 4 - abs(n)))]
    return st.sampled_from([(n * unit).quantize(_CENT) + 0 for n in weighted])


# --- narratives -------------------------------------------------------------------------

# A text that follows another in a merged paragraph names its indicator and a cue of it:
# with less ("Fraud featured ...") the split is in doubt and parse warns.
_OPEN_NAMED = ("{Name} remained a significant issue for {country}, with reports of {cue}.",)
_OPEN_ANY = (
    *_OPEN_NAMED,
    "{Name} featured prominently in {country} during the period under review.",
    "{Cue} featured prominently in {country} during the period under review.",
    "In {country}, {name} drew sustained attention.",
    "In {country}, observers noted {name}, including {cue}.",
)
_BODY = (
    "Observers in {country} describe the situation as serious.",
    "Reports from {country} also point to {cue}.",
    "This has been documented in {country} over recent years.",
    "The scale of {cue} in {country} has grown since the last assessment.",
)
_THE = ("Republic", "Islands", "Emirates", "States", "Kingdom")
_CUE_WORDS = re.compile(r"[a-z]+(?:[ -][a-z]+){0,3}")


@functools.cache
def _all_keys() -> tuple[str, ...]:
    """Every indicator key of every edition, in page order: the set cues compete in."""
    keys = (spec.key for edition in taxonomy.EDITIONS for spec in taxonomy.indicators_for(edition))
    return tuple(dict.fromkeys(keys))


@functools.cache
def _cues(key: str) -> tuple[str, ...]:
    """Cue words of ``key`` (``data/cues.json``) that count for no other indicator.

    Only plain words (no ``*`` prefixes, digits or apostrophes), no country names or
    demonyms, and no phrase that also holds a cue of another key as ``align`` matches
    cues (:func:`ocparse.narratives.cue_keys`).
    """
    return tuple(
        cue
        for cue in cues_of(key)
        if _CUE_WORDS.fullmatch(cue)
        and cue_keys(cue, _all_keys()) == {key}
        and detect_country([cue, cue.title()]) is None
    )


@functools.cache
def _prose(country: Country) -> str:
    """How narratives name a country: ``the Netherlands``, ``South Korea``, ``Chad``."""
    aliases = _aliases(country)
    name = country.name
    if any(c in name for c in ",()"):
        plain = [a for a in aliases if not re.search(r"[,().]", a)]
        name = next((a for a in plain if a.startswith("the ")), plain[0] if plain else name)
    elif f"the {name}" in aliases or name.split()[-1] in _THE:
        name = f"the {name}"
    return name


@functools.cache
def _gazetteer() -> dict[str, tuple[str, ...]]:
    raw = json.loads((files("ocparse") / "data" / "countries.json").read_text("utf-8"))
    return {entry["iso3"]: tuple(entry.get("aliases", ())) for entry in raw}


def _aliases(country: Country) -> tuple[str, ...]:
    return _gazetteer().get(country.iso3, ())


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


_OPEN_ANY_ST = st.sampled_from(_OPEN_ANY)
_OPEN_NAMED_ST = st.sampled_from(_OPEN_NAMED)
_BODIES_ST = st.lists(st.sampled_from(_BODY), max_size=2)
_ABSENT_ST = st.integers(0, 11)  # 11: the indicator has no paragraph
_JOIN_ST = st.integers(0, 5)  # 5: its text joins the paragraph before
_SPLIT_ST = st.integers(0, 7)  # 7: its text runs on into a second paragraph
_RUN_ON = (
    "Reports from {country} also point to {cue}.",
    "The scale of {cue} in {country} has grown since the last assessment.",
)
_RUN_ON_ST = st.sampled_from(_RUN_ON)


@functools.cache
def _page_cues(key: str, where: Country) -> tuple[str, ...]:
    """The cues of ``key`` (:func:`_cues`) that count on ``where``'s page.

    A name of the page's own country is no cue there ("Korean" on South Korea's page names
    the country, see :func:`ocparse.narratives.align`): a paragraph whose only cue it was
    would belong to no indicator the parser can know, and would be left unassigned.
    """
    own = names_of(where.iso3)
    return tuple(cue for cue in _cues(key) if cue_keys(cue, _all_keys(), own_names=own) == {key})


@functools.cache
def _cue_strategy(spec: taxonomy.IndicatorSpec, where: Country) -> SearchStrategy[str]:
    return st.sampled_from(_page_cues(spec.key, where) or (_lower_first(spec.name),))


def _draw_segment(
    draw: st.DrawFn, spec: taxonomy.IndicatorSpec, where: Country, opens: bool
) -> str:
    """One indicator's narrative text: an opening sentence with its cues, then 0-2 more.

    ``opens`` says the text starts its paragraph (any opening); otherwise it follows
    another indicator's text in a merged paragraph and opens with its name and a cue.
    """
    cue = _cue_strategy(spec, where)
    country = _prose(where)
    values = {"country": country, "Name": spec.name, "name": _lower_first(spec.name)}
    template = draw(_OPEN_ANY_ST if opens else _OPEN_NAMED_ST)
    first = draw(cue)
    sentences = [template.format(**values, cue=first, Cue=_upper_first(first))]
    for template in draw(_BODIES_ST):
        sentences.append(template.format(**values, cue=draw(cue)))
    return " ".join(sentences)


def _draw_continuation(draw: st.DrawFn, spec: taxonomy.IndicatorSpec, where: Country) -> str:
    """A second paragraph about the same indicator: it opens with one of its cues."""
    cue = _cue_strategy(spec, where)
    country = _prose(where)
    sentences = [draw(_RUN_ON_ST).format(country=country, cue=draw(cue))]
    for template in draw(_BODIES_ST):
        sentences.append(template.format(country=country, cue=draw(cue)))
    return " ".join(sentences)


@attrs.frozen
class _Narratives:
    paragraphs: tuple[Paragraph, ...]
    narrative: dict[str, str]
    paragraph_of: dict[str, int]


def _draw_narratives(
    draw: st.DrawFn,
    specs: Sequence[taxonomy.IndicatorSpec],
    where: Country,
    options: tuple[bool, bool, bool],
) -> _Narratives:
    """Paragraphs in indicator order; the truth ``align`` has to recover from them.

    ``options`` allow merged paragraphs, indicators without a paragraph, and indicators
    whose text runs on into a second paragraph. Every indicator draws the same choices
    whatever the others drew, so that shrinking one keeps the rest.
    """
    merged, missing, split = options
    groups: list[list[tuple[str, str]]] = []
    run_on = False  # the last paragraph continues an indicator's text
    for spec in specs:
        absent = missing and draw(_ABSENT_ST) == 11
        wanted = merged and draw(_JOIN_ST) == 5
        # (align cannot yet follow a text across a paragraph break within a merged one)
        joins = wanted and bool(groups) and len(groups[-1]) == 1 and not run_on
        text = _draw_segment(draw, spec, where, opens=not joins)
        more = _draw_continuation(draw, spec, where) if split and draw(_SPLIT_ST) == 7 else None
        if absent:
            continue
        if joins:
            groups[-1].append((spec.key, text))
        else:
            groups.append([(spec.key, text)])
        run_on = bool(more) and not joins
        if run_on:
            groups.append([(spec.key, more or "")])
    if not groups:  # every indicator drew "absent": keep the first one's text
        groups.append([(specs[0].key, _draw_segment(draw, specs[0], where, opens=True))])
    paragraphs: list[Paragraph] = []
    texts: dict[str, list[str]] = {}
    paragraph_of: dict[str, int] = {}
    for index, group in enumerate(groups):
        for key, text in group:
            texts.setdefault(key, []).append(text)
            paragraph_of.setdefault(key, index)
        keys = tuple(key for key, _ in group)
        paragraphs.append(Paragraph(index, 1, " ".join(t for _, t in group), keys))
    narrative = {key: "\n\n".join(parts) for key, parts in texts.items()}
    return _Narratives(tuple(paragraphs), narrative, paragraph_of)


# --- profile block ----------------------------------------------------------------------

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
    if edition > 2021:
        change = draw(st.integers(max(1 - rank, -20), min(of - rank, 20)))
    return Rank(measure, scope, rank, of, change, 1)


def _draw_optional(draw: st.DrawFn, strategy: SearchStrategy[T]) -> T | None:
    """A value or (shrinking towards) None: profile blocks may lack any field."""
    return draw(strategy) if draw(st.booleans()) else None


def _tenth(n: int) -> str:
    return f"{Decimal(n) / 10:.1f}"


def _usd(x: str) -> str:
    return f"USD {x} million"


_GDP_ST = st.floats(10, 3_000_000, allow_nan=False).map(lambda x: f"{x:,.2f}")
_CAPITAL_ST = st.sampled_from(_CAPITALS)
_INCOME_ST = st.sampled_from(_INCOME)
_POPULATION_ST = st.integers(10_000, 1_500_000_000)
_AREA_ST = st.integers(2, 17_000_000).map(lambda n: f"{n:,} km²")
_GEOGRAPHY_ST = st.sampled_from(_GEOGRAPHY)
_GDP_2025_ST = st.one_of(st.just("No data"), _GDP_ST)
_GDP_USD_ST = st.one_of(st.just("No data"), _GDP_ST.map(_usd))
_GINI_ST = st.one_of(st.just("No data"), st.integers(200, 650).map(_tenth))


def _draw_details(
    draw: st.DrawFn, country: Country, edition: int, profile: Profile
) -> ProfileDetails:
    """A profile block for the page: printed composites equal the computed ones."""
    (continent, continent_size), (region, region_size) = _scopes(country.iso3, edition)
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
        gdp=_draw_optional(draw, _GDP_2025_ST if edition >= 2025 else _GDP_USD_ST),
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


# --- records ----------------------------------------------------------------------------


def _strategy(value: T | SearchStrategy[T] | None, default: SearchStrategy[T]) -> SearchStrategy[T]:
    if value is None:
        return default
    if isinstance(value, SearchStrategy):
        return value
    return st.just(value)


def _one_of(
    value: T | SearchStrategy[T] | None,
    known: Sequence[T],
    what: str,
    default: SearchStrategy[T],
) -> SearchStrategy[T]:
    """``_strategy`` for an argument with a fixed set of values: refuse any other value."""
    if value is not None and not isinstance(value, SearchStrategy) and value not in known:
        raise InvalidArgument(f"{what} must be one of {tuple(known)}, got {value!r}")
    return _strategy(value, default)


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
        edition=_one_of(edition, taxonomy.EDITIONS, "edition", editions()),
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
    return st.sampled_from([e for e in taxonomy.EDITIONS if e >= spec.since])


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


# --- pages ------------------------------------------------------------------------------

_NAVIGATION = (
    "How to measure organized crime?",
    "A series of 13 discussion papers, produced under the Index, examines the methodology.",
    "Rankings",
    "Download the report",
    "The Index Podcast",
)
_HOSTS = ("ocindex.net", "example.org", "globalinitiative.net")


@st.composite
def _prologue(draw: st.DrawFn) -> tuple[str, ...]:
    lines = draw(st.lists(st.sampled_from(_NAVIGATION), unique=True, max_size=3))
    return (*lines, f"Read more on {draw(st.sampled_from(_HOSTS))}")


@st.composite
def _document(
    draw: st.DrawFn,
    style: SearchStrategy[Style],
    profiles_in: Callable[[Style], SearchStrategy[Profile]],
    size: tuple[int, int],
    newline: SearchStrategy[str],
    bom: SearchStrategy[bool],
    footer: SearchStrategy[bool],
) -> Page:
    chosen = draw(style)
    found = draw(st.lists(profiles_in(chosen), min_size=size[0], max_size=size[1], unique_by=_iso3))
    prologue = draw(_prologue()) if chosen == "prologue" else DEFAULT_PROLOGUE
    with_footer = draw(footer)
    text = render_document(
        found,
        style=chosen,
        newline=draw(newline),
        bom=draw(bom),
        footer=with_footer,
        prologue=prologue,
    )
    return text, layout_document(found, chosen, footer=with_footer, prologue=prologue)


def _iso3(profile: Profile) -> str | None:
    return profile.iso3


def dumps(
    *,
    min_pages: int = 1,
    max_pages: int = 3,
    profiles: SearchStrategy[Profile] | None = None,
    edition: int | SearchStrategy[int] | None = None,
    style: Style | SearchStrategy[Style] | None = None,
    newline: str | SearchStrategy[str] | None = None,
    bom: bool | SearchStrategy[bool] | None = None,
    footer: bool | SearchStrategy[bool] | None = None,
) -> SearchStrategy[Page]:
    r"""Dumps of several pages back to back, with the Document ``parse`` must return.

    ``profiles`` draws each page (default :func:`profiles` with ``edition``, in the
    chosen style); the pages of one dump are about different countries. ``style``: one
    of :data:`~ocparse.render.STYLES` (default any); ``newline``: ``"\n"``, ``"\r\n"``
    or ``"\r"``; ``bom``: start with a byte order mark; ``footer``: end with the site
    footer (defaults: any).

    >>> from hypothesis import given, settings
    >>> import ocparse
    >>> @settings(max_examples=3, deadline=None)
    ... @given(dumps(max_pages=2, style="compact", newline="\r\n"))
    ... def test_pages(dump):
    ...     text, expected = dump
    ...     assert ocparse.parse(text) == expected
    >>> test_pages()
    """
    if not 1 <= min_pages <= max_pages:
        raise InvalidArgument("dumps needs 1 <= min_pages <= max_pages")

    years = _one_of(edition, taxonomy.EDITIONS, "edition", editions())

    def profiles_in(style: Style) -> SearchStrategy[Profile]:
        return profiles if profiles is not None else _profiles(edition=years, style=style)

    return _document(
        _one_of(style, STYLES, "style", styles()),
        profiles_in,
        (min_pages, max_pages),
        _one_of(newline, NEWLINES, "newline", st.sampled_from(NEWLINES)),
        _strategy(bom, st.booleans()),
        _strategy(footer, st.booleans()),
    )


def pages(
    *,
    edition: int | SearchStrategy[int] | None = None,
    style: Style | SearchStrategy[Style] | None = None,
    country: str | Country | SearchStrategy[Country] | None = None,
    profiles: SearchStrategy[Profile] | None = None,
    newline: str | SearchStrategy[str] | None = None,
    bom: bool | SearchStrategy[bool] | None = None,
    footer: bool | SearchStrategy[bool] | None = None,
) -> SearchStrategy[Page]:
    r"""One page as text, with the exact :class:`~ocparse.records.Document` ``parse`` returns.

    ``edition`` and ``country`` are passed to :func:`profiles` (or give ``profiles``
    yourself); ``style``, ``newline``, ``bom`` and ``footer`` are as in :func:`dumps`.
    The Document's profile carries the page's line numbers, its ``skipped`` the lines the
    page has outside any record, and it has no diagnostics.

    >>> from hypothesis import given, settings
    >>> import ocparse
    >>> @settings(max_examples=3, deadline=None)
    ... @given(pages(style="profile", country="NLD"))
    ... def test_profile_block(page):
    ...     text, expected = page
    ...     profile = ocparse.parse(text).profiles[0]
    ...     assert profile == expected.profiles[0] and profile.iso3 == "NLD"
    >>> test_profile_block()
    """
    years = _one_of(edition, taxonomy.EDITIONS, "edition", editions())
    where = _countries(country)

    def profiles_in(style: Style) -> SearchStrategy[Profile]:
        if profiles is not None:
            return profiles
        return _profiles(edition=years, country=where, style=style)

    return _document(
        _one_of(style, STYLES, "style", styles()),
        profiles_in,
        (1, 1),
        _one_of(newline, NEWLINES, "newline", st.sampled_from(NEWLINES)),
        _strategy(bom, st.booleans()),
        _strategy(footer, st.booleans()),
    )


_profiles = profiles
