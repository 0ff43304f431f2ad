"""ocparse.strategies makes valid records and pages, takes sub-strategies, and shrinks well."""

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import ocparse
from ocparse import composites, editions, strategies, taxonomy
from ocparse._hypothesis import register
from ocparse.countries import all_countries, detect_country, lookup_country, names_of
from ocparse.narratives import align
from ocparse.records import (
    Document,
    Indicator,
    Paragraph,
    Profile,
    ProfileDetails,
    Rank,
    Section,
    SkippedLine,
    Source,
)
from ocparse.render import layout

D = Decimal
# Drawing a profile is a few milliseconds; keep the per-test count a fraction of the profile's.
records = settings(
    max_examples=max(10, settings.default.max_examples // 3),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# These tests are about shrinking: they need the shrink phase the ci profile leaves out.
quick_find = settings(max_examples=200, deadline=None, database=None, phases=tuple(Phase))


@given(strategies.fused_scores())
def test_fused_scores_split_to_their_values(
    case: tuple[str, tuple[Decimal, Decimal | None]],
) -> None:
    text, expected = case
    assert ocparse.split_fused(text) == expected


@given(strategies.fused_scores(kind="value", scores=strategies.half_steps()))
def test_fused_score_kinds_and_sub_strategies(
    case: tuple[str, tuple[Decimal, Decimal | None]],
) -> None:
    _text, (score, delta) = case
    assert delta is not None
    assert score * 2 % 1 == 0
    assert D(1) <= score - delta <= D(10)


@given(strategies.fused_scores(kind="na"))
def test_na_spellings(case: tuple[str, tuple[Decimal, Decimal | None]]) -> None:
    text, (_, delta) = case
    assert delta is None
    assert "/" in text


def test_fused_scores_cover_the_spellings() -> None:
    spellings = {
        "fused": lambda t: t[4:5].isdigit() or t[5:6].isdigit(),
        "unicode minus": lambda t: "−" in t,
        "plus": lambda t: "+" in t,
        "no-break space": lambda t: "\u00a0" in t,
        "upper N/A": lambda t: "N/A" in t,
        "bare": lambda t: len(t.strip()) in (4, 5),
    }
    for name, seen in spellings.items():
        found = find(
            strategies.fused_scores(), lambda case, seen=seen: seen(case[0]), settings=quick_find
        )
        assert seen(found[0]), name


@given(strategies.half_steps(), strategies.composite_scores(2, 3))
def test_score_grids(half: Decimal, composite: Decimal) -> None:
    assert half * 2 % 1 == 0
    assert D(1) <= half <= D(10)
    assert half.as_tuple().exponent == -2
    assert D(2) <= composite <= D(3)
    assert composite.as_tuple().exponent == -2


def test_score_bounds_are_checked() -> None:
    with pytest.raises(InvalidArgument, match="half_steps"):
        strategies.half_steps(0.5, 10)
    with pytest.raises(InvalidArgument, match="composite_scores"):
        strategies.composite_scores(1.005, 2)


def _check_profile(profile: Profile) -> None:
    """Everything a clean page's profile satisfies."""
    edition = profile.edition
    specs = taxonomy.indicators_for(edition)
    assert [i.key for i in profile.indicators] == [s.key for s in specs]
    assert [i.name for i in profile.indicators] == [s.name for s in specs]
    assert [s.key for s in profile.sections] == list(taxonomy.SECTION_KEYS)
    for spec, indicator in zip(specs, profile.indicators, strict=True):
        assert indicator.score * 2 % 1 == 0
        if editions.get(edition).delta_kind(spec.key) != "value":
            assert indicator.delta is None
        else:
            assert indicator.delta is not None
            assert D(1) <= indicator.score - indicator.delta <= D(10)
            assert (indicator.score - indicator.delta) * 2 % 1 == 0
        assert indicator.description in (None, spec.definition)
    for section in profile.sections:
        mean = composites.mean([i.score for i in section.indicators])
        assert mean is not None
        assert section.score == composites.round_score(mean)
    markets = [i.score for i in profile.section("criminal_markets").indicators]
    actors = [i.score for i in profile.section("criminal_actors").indicators]
    assert profile.criminality == composites.criminality(markets, actors)
    assert profile.resilience == profile.section("resilience").score
    # Narratives: every paragraph names the country, opens with its indicators' cues,
    # and the records point at each other consistently.
    assert profile.paragraphs
    guess = detect_country(p.text for p in profile.paragraphs)
    assert guess is not None
    assert guess.country.iso3 == profile.iso3
    assert guess.runner_up == 0
    assert lookup_country(profile.iso3 or "") is not None
    # Each indicator's narrative is its parts (one per paragraph covering it) joined by a
    # blank line, and each paragraph is its indicators' parts joined by a space.
    parts = {
        i.key: iter((i.narrative or "").split("\n\n")) for i in profile.indicators if i.narrative
    }
    for index, paragraph in enumerate(profile.paragraphs):
        assert paragraph.index == index
        assert 1 <= len(paragraph.indicators) <= 2
        assert " ".join(next(parts[k]) for k in paragraph.indicators) == paragraph.text
    assert all(next(rest, None) is None for rest in parts.values())
    for indicator in profile.indicators:
        first = next((p for p in profile.paragraphs if indicator.key in p.indicators), None)
        assert indicator.paragraph == (first.index if first else None)
        assert (indicator.narrative is None) == (first is None)


@records
@given(strategies.profiles())
def test_profiles_are_consistent(profile: Profile) -> None:
    _check_profile(profile)
    assert layout(profile) == profile  # default: the lines of the compact style
    assert profile.details is None


@records
@given(st.data())
def test_profiles_carry_the_lines_of_their_style(data: st.DataObject) -> None:
    style = data.draw(strategies.styles())
    profile = data.draw(strategies.profiles(style=style))
    assert layout(profile, style) == profile
    _check_profile(profile)


@records
@given(strategies.profiles(style="profile", details=True, edition=st.sampled_from([2023, 2025])))
def test_profile_blocks_agree_with_the_page(profile: Profile) -> None:
    details = profile.details
    assert details is not None
    assert details.country == profile.country
    assert details.criminality == profile.criminality
    assert details.resilience in (None, profile.resilience)
    for rank in details.ranks:
        assert 1 <= rank.rank <= rank.of
        assert rank.change is not None
        assert 1 <= rank.rank + rank.change <= rank.of
    assert [r.measure for r in details.ranks] == sorted(
        (r.measure for r in details.ranks), key=["criminality", "resilience"].index
    )


@records
@given(strategies.profiles(style="profile", details=True, country="BEL", edition=2025))
def test_profile_blocks_rank_in_the_indexs_own_regions(profile: Profile) -> None:
    # Belgium is one of 11 countries of "Western Europe" on the Index's pages (the
    # official scores table), not of a 19-country "Western & Southern Europe".
    assert profile.details is not None
    scopes = {(r.scope, r.of) for r in profile.details.ranks}
    assert scopes <= {("world", 193), ("Europe", 44), ("Western Europe", 11)}


def test_regions_cover_every_country_once_per_edition() -> None:
    regions = strategies.details._regions()
    assert sorted(regions) == list(editions.years())
    every = sorted(c.iso3 for c in all_countries())
    for continents in regions.values():
        codes = [iso3 for places in continents.values() for c in places.values() for iso3 in c]
        assert sorted(codes) == every


@records
@given(
    strategies.profiles(
        edition=2023, country="Netherlands", definitions=False, merged=False, split=False
    )
)
def test_profile_arguments(profile: Profile) -> None:
    assert (profile.edition, profile.country, profile.iso3) == (2023, "Netherlands", "NLD")
    assert all(i.description is None for i in profile.indicators)
    assert all(s.description is None for s in profile.sections)
    assert len(profile.paragraphs) == len(profile.indicators)
    assert {i.key for i in profile.indicators if i.delta is None} == editions.get(2023).new


@records
@given(strategies.profiles(scores=st.just(D("5.00")), previous_scores=st.just(D("4.50"))))
def test_scores_sub_strategies(profile: Profile) -> None:
    assert {i.score for i in profile.indicators} == {D("5.00")}
    assert {i.delta for i in profile.indicators} <= {D("0.50"), None}
    assert profile.criminality == D("5.00")
    for section in profile.sections:
        assert section.delta in (None, D("0.50"))


@records
@given(strategies.indicators(key="financial_crimes"))
def test_indicators_by_key_only_in_editions_that_have_it(indicator: Indicator) -> None:
    assert indicator.key == "financial_crimes"
    assert indicator.name == "Financial crimes"
    assert indicator.narrative
    assert indicator.paragraph is not None
    assert indicator.delta is None or indicator.line > 1


@records
@given(strategies.indicators(section="resilience", edition=2021))
def test_indicators_by_section(indicator: Indicator) -> None:
    spec = taxonomy.find_indicator(indicator.name)
    assert spec is not None
    assert spec.spec.section == "resilience"
    assert indicator.delta is None


@records
@given(strategies.sections(key="criminal_markets", edition=2025))
def test_sections(section: Section) -> None:
    assert section.name == "Criminal markets"
    assert len(section.indicators) == 15
    mean = composites.mean([i.score - (i.delta or 0) for i in section.indicators])
    assert mean is not None
    assert section.delta == section.score - composites.round_score(mean)


def test_bad_arguments_are_refused() -> None:
    # Hypothesis's own error for a bad argument, raised when the strategy is made
    with pytest.raises(InvalidArgument, match="not a country"):
        strategies.profiles(country="Freedonia")
    with pytest.raises(InvalidArgument, match="not a country"):
        strategies.pages(country="Freedonia")
    with pytest.raises(InvalidArgument, match="no indicator"):
        strategies.indicators(key="financial_crimes", section="resilience")
    with pytest.raises(InvalidArgument, match="no indicator"):
        strategies.indicators(key="markets")
    with pytest.raises(InvalidArgument, match="section must be"):
        strategies.indicators(section="markets")
    with pytest.raises(InvalidArgument, match="key must be"):
        strategies.sections(key="markets")
    with pytest.raises(InvalidArgument, match="min_pages"):
        strategies.dumps(min_pages=2, max_pages=1)
    with pytest.raises(InvalidArgument, match=r"edition must be one of \(2021, 2023, 2025\)"):
        strategies.profiles(edition=2027)
    for make in (strategies.pages, strategies.dumps):
        with pytest.raises(InvalidArgument, match="edition must be"):
            make(edition=2022)
        with pytest.raises(InvalidArgument, match="style must be"):
            make(style="fancy")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument, match="newline must be"):
            make(newline="\n\n")
    with pytest.raises(InvalidArgument, match="style must be"):
        strategies.sections(style="fancy")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="kind must be"):
        strategies.fused_scores(kind="percent")


@records
@given(strategies.pages())
def test_pages_are_text_and_the_document_it_parses_to(page: strategies.Page) -> None:
    text, expected = page
    assert isinstance(text, str)
    assert isinstance(expected, Document)
    assert len(expected.profiles) == 1
    assert expected.diagnostics == ()
    assert all(1 <= s.line <= text.count("\n") + text.count("\r") + 1 for s in expected.skipped)


@records
@given(strategies.dumps(min_pages=2, max_pages=3, style="compact"))
def test_dumps_hold_several_countries(page: strategies.Page) -> None:
    _, expected = page
    assert 2 <= len(expected.profiles) <= 3
    assert len({p.iso3 for p in expected.profiles}) == len(expected.profiles)
    starts = [p.source.start_line for p in expected.profiles]
    ends = [p.source.end_line for p in expected.profiles]
    assert all(end + 1 == start for end, start in zip(ends, starts[1:], strict=False))


# --- shrinking: minimal examples are small and plain -------------------------------------
# Shrinking a whole page takes hundreds of redraws: these are the slowest tests (~50 s).


def test_minimal_2025_page_is_plain() -> None:
    profile = find(strategies.profiles(edition=2025), lambda p: True, settings=quick_find)
    assert {i.score for i in profile.indicators} == {D("1.00")}
    assert {i.delta for i in profile.indicators} == {D("0.00")}
    assert len(profile.paragraphs) == len(profile.indicators)  # no merged paragraphs
    assert all(i.description is not None for i in profile.indicators)
    assert profile.iso3 == all_countries()[0].iso3


def test_minimal_profile_is_the_smallest_edition() -> None:
    profile = find(strategies.profiles(), lambda p: True, settings=quick_find)
    assert profile.edition == 2021
    assert len(profile.indicators) == 26


def test_shrinks_to_the_smallest_failing_score() -> None:
    indicator = find(
        strategies.indicators(key="cocaine_trade", edition=2021, style="compact"),
        lambda i: i.score >= 7,
        settings=quick_find,
    )
    assert indicator.score == D("7.00")
    assert indicator.delta in (None, D("0.00"))


def test_shrinks_merged_paragraphs_to_one() -> None:
    profile = find(
        strategies.profiles(edition=2021),
        lambda p: len(p.paragraphs) < len(p.indicators),
        settings=quick_find,
    )
    assert len(profile.paragraphs) == len(profile.indicators) - 1


# --- narratives and countries ------------------------------------------------------------


def test_every_country_is_named_so_that_it_is_detected() -> None:
    for country in all_countries():
        prose = strategies.names._prose(country)
        text = f"In {prose}, x drew sustained attention. Observers in {prose} agree."
        guess = detect_country([text])
        assert guess is not None, prose
        assert (guess.country, guess.runner_up) == (country, 0), prose
        assert lookup_country(country.name) == country


def test_every_indicator_has_cue_words_of_its_own() -> None:
    for key in [s.key for s in taxonomy.indicators_for(2025)]:
        cues = strategies.narratives._cues(key)
        assert cues, key
        assert all(detect_country([c, c.title()]) is None for c in cues)


# "Korean" and "Dominican" point to foreign actors, but on the pages of the Koreas, the
# Dominican Republic and Dominica they name the country. Drawn there as a cue, they made
# "Reports from South Korea also point to korean.", a paragraph of no known indicator.
@pytest.mark.parametrize("iso3", ["KOR", "PRK", "DOM", "DMA", "JPN"])
def test_the_cues_drawn_for_a_page_are_cues_on_that_page(iso3: str) -> None:
    where = lookup_country(iso3)
    assert where is not None
    keys = [s.key for s in taxonomy.indicators_for(2025)]
    for key in keys:
        for cue in strategies.narratives._page_cues(key, where):
            text = f"Reports from {strategies.names._prose(where)} also point to {cue}."
            aligned = align([text], keys, own_names=names_of(iso3))
            assert aligned.paragraphs[0].keys == (key,), (key, cue)
    korean = "korean" in strategies.narratives._page_cues("foreign_actors", where)
    assert korean == (iso3 not in ("KOR", "PRK"))


# --- the Hypothesis plugin ---------------------------------------------------------------

REGISTERED = [
    Document,
    Profile,
    ProfileDetails,
    Section,
    Indicator,
    Paragraph,
    Rank,
    Source,
    SkippedLine,
]


@pytest.mark.parametrize("cls", REGISTERED, ids=lambda c: c.__name__)
def test_register_makes_from_type_work(cls: type) -> None:
    register()
    register()  # twice is fine

    @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_type(cls))
    def check(value: object) -> None:
        assert isinstance(value, cls)

    check()


def test_from_type_profiles_are_valid() -> None:
    register()

    @records
    @given(st.from_type(Profile))
    def check(profile: Profile) -> None:
        _check_profile(profile)

    check()


def test_core_package_does_not_import_hypothesis() -> None:
    code = (
        "import sys, ocparse; from ocparse.render import render;"
        "render(ocparse.parse_file(sys.argv[1]).profiles[0]);"
        "assert 'hypothesis' not in sys.modules, 'hypothesis imported'"
    )
    from support import SAMPLE

    subprocess.run([sys.executable, "-c", code, str(SAMPLE)], check=True)


def test_plugin_module_imports_nothing_heavy_at_registration() -> None:
    code = (
        "import sys; from ocparse import _hypothesis; _hypothesis.register();"
        "assert 'ocparse.strategies' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_arrange_follows_its_rates() -> None:
    import random

    from ocparse.strategies.narratives import Rates, arrange, arranged_texts

    texts = {"heroin_trade": "Heroin. More. Even more. And more.", "cocaine_trade": "Cocaine."}
    keys = list(texts)
    plain = arrange(random.Random(1), keys, [texts], Rates(drop=0, split=0, merge=0, legacy=0))
    assert plain == (keys, [[(k, texts[k])] for k in keys])
    assert arrange(random.Random(1), keys, [texts], Rates(drop=1, legacy=0, junk=0)) == (keys, [])
    split = arrange(random.Random(1), keys, [texts], Rates(drop=0, split=1, merge=0, legacy=0))
    assert [k for p in split[1] for k, _ in p] == ["heroin_trade", "heroin_trade", "cocaine_trade"]
    merged = arrange(random.Random(1), keys, [texts], Rates(drop=0, split=0, merge=1, legacy=0))
    assert merged[1] == [[(k, texts[k]) for k in keys]]
    with pytest.raises(InvalidArgument, match="every key"):
        arranged_texts([*keys, "fraud"], [texts])
