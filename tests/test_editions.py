"""The edition of a page is the one it fits best; a page that fits none is said, not guessed."""

import json
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path

import attrs
import pytest

import ocparse
from ocparse import composites, editions, taxonomy
from ocparse.editions import ScoreLine, expected_kind, fit
from ocparse.render import STYLES, Style, layout, render
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


# --- the editions table -------------------------------------------------------------------

DATA = resources.files("ocparse") / "data"


def test_the_table_gives_each_edition_its_rules() -> None:
    assert editions.years() == tuple(e.year for e in editions.all())
    assert editions.latest() == editions.all()[-1]
    first, *later = editions.all()
    assert (first.previous, first.deltas, first.new) == (None, "none", first.new)
    for edition in later:
        before = {s.key for s in editions.get(edition.previous or 0).indicators}
        assert edition.deltas == "fused"
        assert edition.new == {s.key for s in edition.indicators} - before
    assert editions.get(2023).new == {s.key for s in taxonomy.indicators() if s.since == 2023}
    with pytest.raises(ValueError, match=r"edition must be one of \(2021, 2023, 2025\), got 2027"):
        editions.get(2027)


def _belgium() -> ocparse.Profile:
    """The 2025 Belgium page with a profile block, its fields taken from the 2023 page."""
    belgium = ocparse.parse_file(FIXTURES / "2025_compact_then_indented.txt").profiles[1]
    older = ocparse.parse_file(FIXTURES / "2023_belgium_indented_profile.txt").profiles[0]
    assert belgium.details is not None
    assert older.details is not None
    fields = ("capital", "income_group", "population", "area", "geography", "gdp")
    found = {name: getattr(older.details, name) for name in fields}
    return attrs.evolve(belgium, details=attrs.evolve(belgium.details, **found))


def test_details_read_the_labels_render_writes() -> None:
    belgium = _belgium()
    for edition in editions.all():
        profile = attrs.evolve(belgium, edition=edition.year)
        text = render(profile, style="profile")
        assert edition.label("gdp") in [line.strip() for line in text.splitlines()]
        assert ocparse.parse(text, edition=edition.year).profiles[0].details == (
            layout(profile, "profile").details
        )


def _table_with_2027(directory: Path) -> None:
    """Copy the tables and add 2027: 2025's indicators and one new market, new labels."""
    table = json.loads(DATA.joinpath("editions.json").read_text("utf-8"))
    entry = dict(table["editions"][-1], year=2027, previous=2025)
    entry["profile_titles"] = ["Read the 2027 report"]
    entry["profile_labels"] = dict(entry["profile_labels"], gdp="GDP (current US$ million)")
    table["editions"].append(entry)
    (directory / "editions.json").write_text(json.dumps(table), "utf-8")
    tax = json.loads(DATA.joinpath("taxonomy.json").read_text("utf-8"))
    smuggling = next(i for i, s in enumerate(tax["indicators"]) if s["key"] == "human_smuggling")
    piracy = {"key": "space_piracy", "name": "Space piracy", "section": "criminal_markets"}
    piracy |= {"since": 2027, "aliases": [], "definition": "Crimes committed in orbit."}
    tax["indicators"].insert(smuggling + 1, piracy)
    (directory / "taxonomy.json").write_text(json.dumps(tax), "utf-8")


def _as_2027(profile: ocparse.Profile) -> ocparse.Profile:
    """``profile`` as a 2027 page: Space piracy added, composites recomputed to fit."""
    markets = profile.section("criminal_markets")
    piracy = ocparse.Indicator(
        "space_piracy", "Space piracy", Decimal("6.50"), None, "Crimes committed in orbit.", 1
    )
    found = list(markets.indicators)
    found.insert(2, piracy)
    markets = attrs.evolve(
        markets,
        indicators=tuple(found),
        score=composites.round_score(composites.mean([i.score for i in found]) or Decimal(0)),
    )
    actors = [i.score for i in profile.section("criminal_actors").indicators]
    criminality = composites.criminality([i.score for i in found], actors)
    details = profile.details and attrs.evolve(profile.details, criminality=criminality)
    sections = (markets, *profile.sections[1:])
    return attrs.evolve(
        profile, edition=2027, sections=sections, criminality=criminality, details=details
    )


@pytest.mark.parametrize("style", STYLES)
def test_a_fictional_edition_parses_and_renders_with_no_code_change(
    tmp_path: Path, style: Style
) -> None:
    belgium = _belgium()
    _table_with_2027(tmp_path)
    with editions.load(tmp_path):
        assert editions.latest().year == 2027
        profile = _as_2027(belgium)
        text = render(profile, style=style)
        assert ("Space piracy\n6.50 n/a" in text) == (style in ("compact", "prologue"))
        doc = ocparse.parse(text)
        assert doc.diagnostics == ()
        (back,) = doc.profiles
        assert back.edition == 2027
        assert [(i.key, i.score, i.delta) for i in back.indicators] == [
            (i.key, i.score, i.delta) for i in profile.indicators
        ]
        assert back == layout(profile, style)
        # A 2025 page is still 2025: it lacks Space piracy between indicators it has.
        assert ocparse.parse(render(belgium, style=style)).profiles[0].edition == 2025
    assert editions.latest().year == 2025
    # Outside the block ocparse knows no 2027: the page is said to fit no edition.
    assert "edition-unknown" in _codes(ocparse.parse(text, lenient=True))
