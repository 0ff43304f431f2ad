"""Mutated fixtures: strict raises only ParseError; lenient never raises, loses nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocparse
from accounting import accounted_lines, non_blank_lines
from ocparse.lines import decode
from support import CASES

FIXTURES = CASES
TEXTS = [decode(p.read_bytes()).replace("\r\n", "\n") for p in FIXTURES]
GARBAGE = st.one_of(
    st.text(max_size=40),
    st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
    st.sampled_from(["5.50", "7.00-0.50", "99.99", "1.505.00", "Cocaine trade", "Profile", "x"]),
    st.sampled_from(["Criminal markets", "Criminal actors", "The Index Podcast", "2.50 n/a"]),
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        lines = draw(_mutation(lines))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return ending.join(lines)


def _mutation(lines: list[str]) -> st.SearchStrategy[list[str]]:
    if not lines:
        return st.just(lines)
    at = st.integers(0, len(lines) - 1)
    return st.one_of(
        at.map(lambda i: lines[:i] + lines[i + 1 :]),  # delete
        at.map(lambda i: lines[: i + 1] + lines[i:]),  # duplicate
        st.tuples(at, at).map(lambda ij: _swap(lines, *ij)),
        at.map(lambda i: lines[:i]),  # truncate at a line
        st.tuples(at, st.integers(0, 80)).map(lambda t: _cut(lines, *t)),  # mid-line
        st.tuples(at, GARBAGE).map(lambda t: [*lines[: t[0]], t[1], *lines[t[0] :]]),
        st.tuples(at, st.sampled_from("0123456789.-−+ ")).map(lambda t: _corrupt(lines, *t)),
    )


def _swap(lines: list[str], i: int, j: int) -> list[str]:
    out = list(lines)
    out[i], out[j] = out[j], out[i]
    return out


def _cut(lines: list[str], i: int, k: int) -> list[str]:
    return [*lines[:i], lines[i][:k]]


def _corrupt(lines: list[str], i: int, char: str) -> list[str]:
    out = list(lines)
    if out[i]:
        out[i] = out[i][:-1] + char
    return out


_SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@_SETTINGS
@given(mutated())
def test_strict_raises_only_parse_error(text: str) -> None:
    error = _strict_error(text)  # anything but ParseError propagates and fails the test
    if error is not None:
        assert error.line >= 1
        assert error.column >= 1
        assert "\n" not in str(error)


def _strict_error(text: str) -> ocparse.ParseError | None:
    try:
        ocparse.parse(text)
    except ocparse.ParseError as error:
        return error
    return None


@_SETTINGS
@given(mutated())
def test_lenient_never_raises_and_loses_nothing(text: str) -> None:
    doc = ocparse.parse(text, lenient=True)
    missing = non_blank_lines(text) - accounted_lines(text, doc)
    assert not missing, sorted(missing)[:5]
    ocparse.load_json(ocparse.to_json(doc))  # whatever was read serialises


@pytest.mark.parametrize(
    "text",
    ["\x00\x01\x02", "\x00\nCriminal markets\n5.00\n", "\ufeff", "\r\r\r", "−" * 5, "5.50\n" * 3],
)
def test_odd_inputs(text: str) -> None:
    doc = ocparse.parse(text, lenient=True)
    assert non_blank_lines(text) <= accounted_lines(text, doc)
