"""A line of numbers is never a name; a mid-page Resilience score block is profile data."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import ocparse
from support import FIXTURES, SAMPLE

LEGACY_INDENTED = FIXTURES / "2021_netherlands_legacy_indented.txt"
CHART = "4.69 7.42 5.00 4.69 7.42 5.00"


def test_chart_labels_before_a_score_line_are_no_indicator(sample_text: str) -> None:
    lines = sample_text.split("\n")
    lines.insert(4, "4.13 7.38 6.30 4.13 7.38 6.30")  # before "5.500.00", Human trafficking's
    doc = ocparse.parse("\n".join(lines), lenient=True)
    keys = [i.key for p in doc.profiles for i in p.indicators]
    assert not [k for k in keys if not any(c.isalpha() for c in k)]
    assert (5, "unrecognized") in {(s.line, s.reason) for s in doc.skipped}


@settings(deadline=None, max_examples=80)
@given(st.from_regex(r"[0-9.,+\-− ]{0,30}[0-9][0-9.,+\-− ]{0,30}", fullmatch=True))
def test_no_line_of_numbers_becomes_a_name(numbers: str) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    lines[3] = numbers  # the name line of Human trafficking, before its score line
    doc = ocparse.parse("\n".join(lines), lenient=True)
    names = [i.name for p in doc.profiles for i in p.indicators]
    names += [s.name for p in doc.profiles for s in p.sections]
    assert all(any(c.isalpha() for c in name) for name in names)


def test_mid_page_resilience_block_goes_to_the_details() -> None:
    doc = ocparse.parse_file(LEGACY_INDENTED)  # strict: no error
    (profile,) = doc.profiles
    details = profile.details
    assert details is not None
    assert (details.country, details.resilience) == ("Netherlands", Decimal("7.42"))
    assert profile.resilience == details.resilience  # the cross-check holds
    assert [(r.measure, r.scope, r.rank, r.of) for r in details.ranks] == [
        ("resilience", "world", 11, 193),
        ("resilience", "Europe", 5, 44),
        ("resilience", "Western Europe", 3, 9),
    ]
    assert len(profile.indicators) == 26
    chart = next(s for s in doc.skipped if s.text == CHART)
    assert chart.reason == "profile"
    assert details.line <= chart.line <= details.end_line


def test_a_disagreeing_mid_page_resilience_score_is_a_warning() -> None:
    text = LEGACY_INDENTED.read_text(encoding="utf-8").replace("    7.42\n", "    6.42\n", 1)
    doc = ocparse.parse(text)
    assert doc.profiles[0].details.resilience == Decimal("6.42")
    assert "composite-mismatch" in {d.code for d in doc.diagnostics}
