"""The real sample, field by field, against the official workbook (tests/data)."""

from decimal import Decimal

import pytest

import ocparse
from ocparse import taxonomy
from support import official_scores


@pytest.fixture(scope="module")
def doc(sample_text: str) -> ocparse.Document:
    return ocparse.parse(sample_text)


def test_two_profiles_detected(doc: ocparse.Document) -> None:
    assert [(p.country, p.iso3, p.edition) for p in doc.profiles] == [
        ("Netherlands", "NLD", 2025),
        ("Belgium", "BEL", 2025),
    ]
    assert [(p.source.start_line, p.source.end_line) for p in doc.profiles] == [
        (1, 129),
        (130, 263),
    ]


def test_every_indicator_score_and_delta_matches_the_workbook(doc: ocparse.Document) -> None:
    truth = official_scores()
    checked = 0
    for profile in doc.profiles:
        assert profile.iso3 is not None
        for indicator in profile.indicators:
            score = truth[(2025, profile.iso3, indicator.key)]
            previous = truth[(2023, profile.iso3, indicator.key)]
            assert indicator.score == score, indicator
            assert indicator.delta == score - previous, indicator
            checked += 1
    assert checked == 64


def test_composites_match_the_workbook(doc: ocparse.Document) -> None:
    truth = official_scores()
    nld, bel = doc.profiles
    assert (nld.criminality, nld.resilience) == (Decimal("5.17"), Decimal("7.42"))
    assert (bel.criminality, bel.resilience) == (Decimal("4.82"), Decimal("7.17"))
    for profile in doc.profiles:
        assert profile.iso3 is not None
        for section in profile.sections:
            assert section.score == truth[(2025, profile.iso3, section.key)]
        assert profile.criminality == truth[(2025, profile.iso3, "criminality")]


def test_sections_and_headers(doc: ocparse.Document) -> None:
    for profile in doc.profiles:
        assert [s.key for s in profile.sections] == list(taxonomy.SECTION_KEYS)
        assert [len(s.indicators) for s in profile.sections] == [15, 5, 12]
        headers = [s for s in profile.sections if s.description is not None]
        assert [s.name for s in headers] == ["Criminal markets", "Criminal actors"]
    nld = doc.profiles[0]
    markets = nld.section("criminal_markets")
    assert (markets.score, markets.delta, markets.line) == (Decimal("5.33"), Decimal("0.10"), 1)
    resilience = nld.section("resilience")
    assert resilience.description is None
    assert resilience.line == nld.indicator("political_leadership_and_governance").line == 67
    # A composite delta is the difference of rounded composites: 7.42 - 7.46 (2023).
    assert resilience.delta == Decimal("-0.04")


def test_indicator_fields_carry_their_lines(doc: ocparse.Document, sample_text: str) -> None:
    lines = sample_text.split("\n")
    for indicator in (i for p in doc.profiles for i in p.indicators):
        assert lines[indicator.line - 1] == indicator.name
        assert lines[indicator.line + 1] == indicator.description
    assert doc.profiles[1].indicator("cocaine_trade").score == Decimal("8.00")
    assert doc.profiles[1].indicator("cocaine_trade").line == 163


def test_paragraphs_and_footer(doc: ocparse.Document, sample_text: str) -> None:
    nld, bel = doc.profiles
    assert (len(nld.paragraphs), len(bel.paragraphs)) == (27, 32)
    lines = sample_text.split("\n")
    for paragraph in (*nld.paragraphs, *bel.paragraphs):
        assert lines[paragraph.line - 1] == paragraph.text
    assert [p.index for p in bel.paragraphs] == list(range(32))
    assert [(s.line, s.reason) for s in doc.skipped] == [
        (n, "boilerplate") for n in range(264, 269)
    ]
    assert doc.skipped[2].text == "The Index Podcast"


def test_no_warnings_on_the_sample(doc: ocparse.Document) -> None:
    serious = [d for d in doc.diagnostics if d.severity != "info" and d.code != "weak-alignment"]
    assert serious == []


def test_every_line_is_accounted_for(doc: ocparse.Document, sample_text: str) -> None:
    used = {s.line for s in doc.skipped}
    for profile in doc.profiles:
        for section in profile.sections:
            if section.description is not None:
                used |= {section.line, section.line + 1, section.line + 2}
            for i in section.indicators:
                used |= {i.line, i.line + 1, i.line + 2}
        used |= {p.line for p in profile.paragraphs}
    non_blank = {n for n, line in enumerate(sample_text.split("\n"), 1) if line.strip()}
    assert non_blank == used
