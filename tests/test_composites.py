"""Composites of truncated pages: the full page's value, or None with a diagnostic, never wrong."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ocparse
from ocparse import composites, strategies
from ocparse.render import render
from support import CASES, parse_fixture

_COMPOSITE_CODES = {"incomplete-section", "incomplete-composite", "composite-from-printed"}


def _values(profile: ocparse.Profile) -> dict[str, D | None]:
    return {
        "criminality": profile.criminality,
        "resilience": profile.resilience,
        **{s.key: s.score for s in profile.sections},
    }


def _assert_right_or_null(cut: ocparse.Profile, full: ocparse.Profile) -> None:
    expected = _values(full)
    for field, value in _values(cut).items():
        assert value in (None, expected[field]), (field, value, expected[field])


def test_truncated_belgium_gives_the_full_pages_criminality() -> None:
    full = ocparse.parse_file("fixtures/2025_netherlands_belgium.txt").profiles[1]
    doc = ocparse.parse_file("fixtures/lenient_2025_belgium_truncated.txt", lenient=True)
    cut = doc.profiles[0]
    assert (cut.criminality, full.criminality) == (D("4.82"), D("4.82"))
    assert cut.resilience is None
    codes = {(d.line, d.code) for d in doc.diagnostics}
    assert (49, "composite-from-printed") in codes  # the Criminal actors header
    assert (1, "incomplete-section") in codes  # no resilience indicator at all


def test_a_cut_section_without_a_printed_score_makes_criminality_unknown(
    sample_text: str,
) -> None:
    lines = sample_text.split("\n")[:60]  # Netherlands, cut inside the criminal actors
    lines[48] = "4.xx"  # the Criminal actors score line, damaged
    doc = ocparse.parse("\n".join(lines), lenient=True)
    profile = doc.profiles[0]
    assert profile.criminality is None
    assert {"incomplete-section", "incomplete-composite"} <= {d.code for d in doc.diagnostics}


def _page_cuts() -> list[tuple[str, int]]:
    """(fixture, line) for every line of the score part of every page of every fixture."""
    cuts = []
    for path in CASES:
        for profile in parse_fixture(path).profiles:
            first = profile.sections[0].line
            last = max(i.line for i in profile.indicators) + 2
            cuts += [(path.name, n) for n in range(first + 1, last + 1)]
    return cuts


CUTS = _page_cuts()


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_real_pages_cut_at_every_line_keep_right_composites(path: ocparse.Profile) -> None:
    full = {p.source.start_line: p for p in parse_fixture(path).profiles}
    text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
    lines = text.split("\n")
    checked = 0
    for name, end in CUTS:
        if name != path.name:
            continue
        doc = ocparse.parse("\n".join(lines[:end]), lenient=True)
        cut = [p for p in doc.profiles if p.source.start_line in full]
        if not cut:  # cut between a page's header and its score line: no page to check
            assert doc.diagnostics
            continue
        _assert_right_or_null(cut[-1], full[cut[-1].source.start_line])
        checked += 1
    assert checked > 20


@settings(deadline=None, max_examples=60)
@given(strategies.profiles(), st.data())
def test_generated_pages_cut_anywhere_keep_right_composites(
    profile: ocparse.Profile, data: st.DataObject
) -> None:
    lines = render(profile).split("\n")
    full = ocparse.parse("\n".join(lines)).profiles[0]
    last_score_line = max(i.line for i in full.indicators) + 1
    end = data.draw(st.integers(2, last_score_line), label="cut after line")
    doc = ocparse.parse("\n".join(lines[:end]), lenient=True, country=profile.iso3)
    cut = doc.profiles[0]
    _assert_right_or_null(cut, full)
    if cut.criminality is None or cut.resilience is None:
        assert _COMPOSITE_CODES & {d.code for d in doc.diagnostics}


@pytest.mark.parametrize(
    ("printed", "count", "low", "high"),
    [
        ("4.63", 4, "4.625", "4.625"),  # 2021 actors: (1 + 4.5 + 9 + 4) / 4
        ("4.10", 5, "4.1", "4.1"),
        ("7.17", 12, "7.166666666666666666666666667", "7.166666666666666666666666667"),
        ("5.95", 15, "5.945", "5.954999999999"),  # off the 0.5 grid: a page of averages
    ],
)
def test_means_printed_as(printed: str, count: int, low: str, high: str) -> None:
    assert composites.means_printed_as(D(printed), count) == (D(low), D(high))


def test_criminality_between_is_none_when_the_ends_round_apart() -> None:
    exact = (D("4.4"), D("4.4"))
    assert composites.criminality_between(exact, (D("4.625"), D("4.625"))) == D("4.51")
    assert composites.criminality_between(exact, (D("4.625"), D("4.635"))) is None


def test_section_score_is_the_difference_of_rounded_means() -> None:
    # Means 4.125 -> 4.13 now and 4.0 before: the printed delta is 0.13, not the mean
    # delta 0.125 (which the Index never prints) nor its rounding alone.
    scored = [(D("4.50"), D("0.50")), (D("4.00"), D("0.00")), (D("4.00"), D("0.00")),
              (D("4.00"), D("0.00"))]  # fmt: skip
    assert composites.section_score(scored) == (D("4.13"), D("0.13"))
    assert composites.section_score([]) == (None, None)


def test_section_score_without_every_delta() -> None:
    scored = [(D("5.50"), D("0.50")), (D("4.00"), None)]
    assert composites.section_score(scored) == (D("4.75"), None)
    # partial: the previous mean is that of the indicators with a delta (5.00)
    assert composites.section_score(scored, partial=True) == (D("4.75"), D("-0.25"))
    assert composites.section_score([(D("4.00"), None)], partial=True) == (D("4.00"), None)


def test_criminality_delta() -> None:
    markets = [(D("6.00"), D("1.00")), (D("5.00"), None)]
    actors = [(D("4.00"), D("-0.50"))]
    # now (5.50 + 4.00) / 2 = 4.75; before (5.00 + 4.50) / 2 = 4.75 from the known ones
    assert composites.criminality_delta(markets, actors) == D("0.00")
    assert composites.criminality_delta(markets, [(D("4.00"), None)]) is None
    assert composites.criminality_delta([], actors) is None
