"""Strict errors name line, column and text; lenient mode keeps going and loses nothing."""

import pytest

import ocparse
from ocparse import ParseError


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _replace(text: str, line: int, new: str) -> str:
    lines = _lines(text)
    lines[line - 1] = new
    return "\n".join(lines)


def test_bad_score_line_strict(sample_text: str) -> None:
    broken = _replace(sample_text, 11, "2.00-9.50")  # Extortion: previous score 11.50
    with pytest.raises(ParseError) as caught:
        ocparse.parse(broken, file="dump.txt")
    error = caught.value
    assert (error.line, error.column, error.text, error.file) == (11, 1, "2.00-9.50", "dump.txt")
    message = str(error)
    assert message.startswith("dump.txt: line 11, column 1: not a valid score line")
    assert "after 'Extortion and protection racketeering'" in message
    assert "\n" not in message


def test_bad_score_line_lenient_keeps_the_rest(sample_text: str) -> None:
    broken = _replace(sample_text, 11, "2.00-9.50")
    doc = ocparse.parse(broken, lenient=True)
    nld = doc.profiles[0]
    assert len(nld.indicators) == 31
    with pytest.raises(KeyError):
        nld.indicator("extortion_and_protection_racketeering")
    assert nld.indicator("arms_trafficking").line == 13
    assert [(s.line, s.reason) for s in doc.skipped if s.line < 20] == [
        (10, "unrecognized"),
        (11, "unrecognized"),
        (12, "unrecognized"),
    ]
    codes = {(d.line, d.code, d.severity) for d in doc.diagnostics}
    assert (11, "invalid-score", "error") in codes
    assert any(d.code == "missing-indicator" and d.line == 1 for d in doc.diagnostics)


def test_stray_line_between_indicators(sample_text: str) -> None:
    lines = _lines(sample_text)
    lines.insert(15, "garbage here")  # after Arms trafficking's description (line 15)
    broken = "\n".join(lines)
    with pytest.raises(ParseError, match=r"line 16, column 1: unexpected line between"):
        ocparse.parse(broken)
    doc = ocparse.parse(broken, lenient=True)
    assert len(doc.profiles[0].indicators) == 32
    assert (16, "garbage here", "unrecognized") in {(s.line, s.text, s.reason) for s in doc.skipped}


@pytest.mark.parametrize("score", ["5.50", "5.50 n/a", "5.5 N/A", "5.330.10", "-0.50"])
def test_orphan_score_in_narratives(sample_text: str, score: str) -> None:
    lines = _lines(sample_text)
    lines.insert(110, score)
    broken = "\n".join(lines)
    with pytest.raises(ParseError, match="line 111, column 1: score line without an indicator"):
        ocparse.parse(broken)
    doc = ocparse.parse(broken, lenient=True)
    assert len(doc.profiles[0].paragraphs) == 27


def test_unknown_indicator_is_a_warning_not_an_error(sample_text: str) -> None:
    doc = ocparse.parse(_replace(sample_text, 37, "Wildlife poaching"))
    nld = doc.profiles[0]
    assert str(nld.indicator("wildlife_poaching").score) == "5.50"
    codes = {(d.line, d.code) for d in doc.diagnostics}
    assert (37, "unknown-indicator") in codes
    assert (1, "missing-indicator") in codes


def test_no_page_at_all() -> None:
    with pytest.raises(ParseError, match="line 2, column 3: no page found"):
        ocparse.parse("\n  just some text\nmore text\n")
    doc = ocparse.parse("\n  just some text\nmore text\n", lenient=True)
    assert doc.profiles == ()
    assert [(s.line, s.reason) for s in doc.skipped] == [(2, "prologue"), (3, "prologue")]
    assert ocparse.parse("") == ocparse.Document()


def test_edition_and_country_overrides(sample_text: str) -> None:
    doc = ocparse.parse(sample_text, country="BEL", edition=2023)
    assert {(p.country, p.iso3, p.edition) for p in doc.profiles} == {("Belgium", "BEL", 2023)}
    assert any(d.code == "edition-override" for d in doc.diagnostics)
    as_2021 = ocparse.parse(sample_text, edition=2021).diagnostics
    outside = [d for d in as_2021 if d.code == "indicator-not-in-edition"]
    assert len(outside) == 12  # 5 markets and 1 actor type new in 2023, on each page
    assert outside[0].line == 10  # Extortion and protection racketeering
    with pytest.raises(ValueError, match="edition must be one of"):
        ocparse.parse(sample_text, edition=2019)
    unknown = ocparse.parse(sample_text, country="Atlantis")
    assert unknown.profiles[0].country == "Atlantis"
    assert unknown.profiles[0].iso3 is None


def test_section_score_mismatch_is_a_warning(sample_text: str) -> None:
    doc = ocparse.parse(_replace(sample_text, 2, "6.330.10"))
    assert [(d.line, d.code) for d in doc.diagnostics if d.severity == "warning"][:1] == [
        (1, "section-score-mismatch")
    ]


def test_glued_prologue_and_duplicates() -> None:
    page = (
        "How to measure organized crime?\n"
        "Read more on example.orgCriminal markets\n5.000.00\n"
        "Human trafficking\n5.000.00\nHuman trafficking\n5.000.00\n"
    )
    doc = ocparse.parse(page, lenient=True)
    assert doc.profiles[0].sections[0].name == "Criminal markets"
    assert [(s.line, s.text, s.reason) for s in doc.skipped] == [
        (1, "How to measure organized crime?", "prologue"),
        (2, "Read more on example.org", "prologue"),
        (6, "Human trafficking", "duplicate"),
        (7, "5.000.00", "duplicate"),
    ]
    with pytest.raises(ParseError, match="appears again with a different score"):
        ocparse.parse(page.replace("5.000.00", "6.000.00", 2))
