"""The edition of a page is the one it fits best; a page that fits none is said, not guessed."""

import re

import pytest

import ocparse
from ocparse.editions import ScoreLine, expected_kind, fit
from support import CASES, FIXTURES, SAMPLE

LEGACY_2021 = FIXTURES / "2021_netherlands_prologue.txt"
SCORE_LINE = re.compile(r"^(\d{1,2}\.\d{2})$", re.MULTILINE)


def _codes(doc: ocparse.Document) -> list[str]:
    return [d.code for d in doc.diagnostics if d.code.startswith("edition")]


def test_every_fixture_fits_its_edition_exactly() -> None:
    for path in CASES:
        doc = ocparse.parse_file(path, lenient=True)
        assert _codes(doc) == [], path.name


def test_2021_layout_with_deltas_fits_no_edition() -> None:
    text = SCORE_LINE.sub(r"\g<1>0.00", LEGACY_2021.read_text(encoding="utf-8"))
    doc = ocparse.parse(text)  # a warning: strict mode reads it
    (profile,) = doc.profiles
    (warning,) = [d for d in doc.diagnostics if d.code == "edition-unknown"]
    assert f"read as {profile.edition}, the nearest" in warning.message
    assert "missing between others" in warning.message


def test_an_unknown_indicator_set_fits_no_edition(sample_text: str) -> None:
    page = sample_text.split("\n")[:129]
    for line in (3, 6, 9):  # three market names of the Netherlands
        page[line] = f"Space piracy {line}"
    doc = ocparse.parse("\n".join(page), lenient=True)
    assert "edition-unknown" in _codes(doc)
    assert doc.profiles[0].edition == 2025


def test_a_page_cut_before_the_2023_indicators_is_ambiguous(sample_text: str) -> None:
    cut = "\n".join(sample_text.split("\n")[:9])  # header, human trafficking and smuggling
    doc = ocparse.parse(cut, lenient=True)
    (warning,) = [d for d in doc.diagnostics if d.code.startswith("edition")]
    assert warning.code == "edition-ambiguous"
    assert warning.message.startswith("page fits the 2023 edition as well as 2025; read as 2025")


def test_edition_option_overrides_without_a_fit_warning() -> None:
    text = SCORE_LINE.sub(r"\g<1>0.00", LEGACY_2021.read_text(encoding="utf-8"))
    doc = ocparse.parse(text, edition=2023, lenient=True)
    assert doc.profiles[0].edition == 2023
    assert "edition-unknown" not in _codes(doc)
    assert ocparse.parse_file(SAMPLE, edition=2025).profiles[0].edition == 2025


@pytest.mark.parametrize(
    ("edition", "key", "kind"),
    [
        (2021, "human_trafficking", "none"),
        (2021, None, "none"),
        (2023, "human_trafficking", "value"),
        (2023, "extortion_and_protection_racketeering", "na"),
        (2023, None, "value"),
        (2025, "extortion_and_protection_racketeering", "value"),
    ],
)
def test_expected_kind(edition: int, key: str | None, kind: str) -> None:
    assert expected_kind(edition, key) == kind


def test_fit_counts_misfits_per_edition() -> None:
    keys = ["human_trafficking", "human_smuggling"]
    lines = [ScoreLine(None, "value"), *(ScoreLine(k, "value") for k in keys)]
    lines.append(ScoreLine("extortion_and_protection_racketeering", "na"))
    found = fit(lines)
    assert (found.edition, found.exact, found.ties) == (2023, True, ())
    assert len(found.misfits[2025]) == 1  # n/a where 2025 prints a delta
    assert len(found.misfits[2021]) == 4  # not a 2021 indicator, and three deltas
    assert fit(lines[:3]).ties == (2023,)  # cut before the first indicator new in 2023
    assert fit(lines[:1]).misfits[2025] == ()  # a header alone: nothing is missing yet
    assert (
        "'human_smuggling' is missing between others" in fit([*lines[:2], lines[3]]).misfits[2023]
    )
