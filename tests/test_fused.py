from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocparse import ParseError, split_fused
from ocparse.fused import format_delta, format_score, parse_fused

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.330.10", (D("5.33"), D("0.10"))),
        ("2.00-0.50", (D("2.00"), D("-0.50"))),
        ("6.001.00", (D("6.00"), D("1.00"))),
        ("10.000.00", (D("10.00"), D("0.00"))),
        ("8.504.00", (D("8.50"), D("4.00"))),
        ("4.73-0.02", (D("4.73"), D("-0.02"))),
        ("2.50 n/a", (D("2.50"), None)),
        ("2.50 N/A", (D("2.50"), None)),
        ("5.00", (D("5.00"), None)),
        ("7.00−0.50", (D("7.00"), D("-0.50"))),
        ("5.33+0.10", (D("5.33"), D("0.10"))),
        ("5.33 +0.10", (D("5.33"), D("0.10"))),
        ("5.33 - 0.10", (D("5.33"), D("-0.10"))),
        ("1.00-0.00", (D("1.00"), D("0.00"))),
    ],
)
def test_split_fused_examples(text: str, expected: tuple[Decimal, Decimal | None]) -> None:
    assert split_fused(text) == expected


def test_values_keep_two_places_and_no_negative_zero() -> None:
    score, delta = split_fused("1.00-0.00")
    assert str(score) == "1.00"
    assert str(delta) == "0.00"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("10.00-1.50", "previous score"),  # previous score would be 11.50
        ("1.505.00", "previous score"),  # previous score would be -3.50
        ("11.00", "out of range"),
        ("0.50", "out of range"),
        ("5.5", "previous score"),
        ("abc", "previous score"),
    ],
)
def test_invalid_scores_raise_with_position(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as caught:
        split_fused(text, line=7, column=3)
    error = caught.value
    assert (error.line, error.column, error.text) == (7, 3, text)
    assert reason in str(error)
    assert str(error).startswith("line 7, column 3: ")


def test_kind_tells_na_from_bare_score() -> None:
    assert parse_fused("5.00").kind == "none"
    assert parse_fused("5.00 n/a").kind == "na"
    assert parse_fused("5.000.50").kind == "value"


_cents = st.integers(min_value=100, max_value=1000).map(lambda c: Decimal(c) / 100)


@st.composite
def score_and_delta(draw: st.DrawFn) -> tuple[Decimal, Decimal]:
    score = draw(_cents)
    previous = draw(_cents)
    return score, score - previous


@given(score_and_delta(), st.sampled_from(["", " ", "+", " +", "−"]))
def test_split_fused_inverts_formatting(pair: tuple[Decimal, Decimal], glue: str) -> None:
    score, delta = pair
    printed = format_delta(delta)
    if delta >= 0 and glue.strip() in ("+",):
        printed = glue + printed
    elif delta < 0 and glue == "−":
        printed = "−" + printed[1:]
    elif glue == " ":
        printed = " " + printed
    assert split_fused(format_score(score) + printed) == (score, delta + 0)


@given(_cents)
def test_bare_and_na_scores(score: Decimal) -> None:
    assert split_fused(format_score(score)) == (score, None)
    assert split_fused(format_score(score) + format_delta(None)) == (score, None)
