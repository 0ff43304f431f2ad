"""ocparse.render writes pages that parse back to the records they were written from."""

from decimal import Decimal

import attrs
import pytest

import ocparse
from ocparse import editions
from ocparse.records import Document, Profile, ProfileDetails, Rank, SkippedLine
from ocparse.render import (
    DEFAULT_PROLOGUE,
    FOOTER,
    NEWLINES,
    STYLES,
    layout,
    layout_document,
    rank_text,
    render,
    render_document,
    score_line,
)

D = Decimal


@pytest.fixture(scope="module")
def sample_doc(sample_text: str) -> Document:
    return ocparse.parse(sample_text)


@pytest.fixture(scope="module")
def belgium(sample_doc: Document) -> Profile:
    return sample_doc.profiles[1]


def test_compact_with_footer_writes_the_sample_byte_for_byte(
    sample_text: str, sample_doc: Document
) -> None:
    assert render_document(sample_doc, footer=True) == sample_text + "\n"


def test_layout_of_a_parsed_page_in_its_own_style_changes_nothing(
    sample_doc: Document,
) -> None:
    assert layout_document(sample_doc, "compact", footer=True) == sample_doc


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("newline", NEWLINES)
@pytest.mark.parametrize("bom", [False, True])
def test_sample_round_trips_in_every_style(
    sample_doc: Document, style: str, newline: str, bom: bool
) -> None:
    text = render_document(sample_doc, style=style, newline=newline, bom=bom, footer=True)
    assert ocparse.parse(text) == layout_document(sample_doc, style, footer=True)


def test_render_of_one_profile_is_render_document_of_it(belgium: Profile) -> None:
    assert render(belgium, style="indented") == render_document([belgium], style="indented")
    assert ocparse.parse(render(belgium)).profiles == (layout(belgium),)


def test_indented_style_indents_every_field_and_separates_them(belgium: Profile) -> None:
    lines = render(belgium, style="indented").split("\n")
    assert lines[:5] == [
        "    Criminal markets",
        "",
        "    5.530.36",
        "",
        "    An assessment " + lines[4][18:],
    ]
    assert all(line == "" or line.startswith("    ") for line in lines[:-1])
    assert lines[-1] == ""  # the text ends with a line end
    relined = layout(belgium, "indented")
    assert relined.indicator("human_trafficking").line == 7
    assert relined.paragraphs[0].line == 2 * (3 * 32 + 3 * 2) + 1


def test_prologue_style_glues_the_last_line_to_the_first_header(belgium: Profile) -> None:
    prologue = ("Rankings", "Read more on example.org")
    text = render(belgium, style="prologue", prologue=prologue)
    assert text.startswith("Rankings\nRead more on example.orgCriminal markets\n5.530.36\n")
    doc = ocparse.parse(text)
    assert doc.skipped == (
        SkippedLine(1, "Rankings", "prologue"),
        SkippedLine(2, "Read more on example.org", "prologue"),
    )
    assert doc.profiles[0].section("criminal_markets").line == 2
    assert doc == layout_document([belgium], "prologue", prologue=prologue)
    assert DEFAULT_PROLOGUE[-1].startswith("Read more on ")


def test_footer_lines_are_skipped_as_boilerplate(belgium: Profile) -> None:
    doc = ocparse.parse(render(belgium, footer=True))
    assert [s.text for s in doc.skipped] == list(FOOTER)
    assert {s.reason for s in doc.skipped} == {"boilerplate"}


def test_crlf_cr_and_bom_keep_line_numbers(belgium: Profile) -> None:
    plain = render(belgium)
    assert render(belgium, newline="\r\n") == plain.replace("\n", "\r\n")
    assert render(belgium, newline="\r", bom=True) == "\ufeff" + plain.replace("\n", "\r")
    for text in (render(belgium, newline="\r\n"), render(belgium, newline="\r", bom=True)):
        assert ocparse.parse(text).profiles[0] == layout(belgium)


def _details(edition: int) -> ProfileDetails:
    fused = editions.get(edition).deltas == "fused"
    return ProfileDetails(
        line=1,
        end_line=1,
        country="Belgium",
        capital="Brussels",
        income_group="High income",
        population=11_697_557,
        area="30,689 km²",
        geography="Coastal",
        gdp="No data" if edition == 2025 else "USD 578,604.00 million",
        gini="27.2",
        criminality=D("4.82"),
        criminality_delta=D("0.39") if fused else None,
        resilience=D("7.17"),
        resilience_delta=D("0.00") if fused else None,
        ranks=(
            Rank("criminality", "world", 92, 193, -12 if fused else None, 1),
            Rank("criminality", "Europe", 21, 44, 3 if fused else None, 1),
            Rank("criminality", "Western & Southern Europe", 9, 19, 0 if fused else None, 1),
            Rank("resilience", "world", 21, 193, -1 if fused else None, 1),
        ),
    )


def test_profile_block_is_written_and_read_back(belgium: Profile) -> None:
    profile = attrs.evolve(belgium, details=_details(2025))
    text = render(profile, style="profile")
    lines = text.split("\n")
    assert lines[:5] == ["The Organized Crime Index | ENACT", "Read the report", "Belgium", "x", ""]
    assert "    Area (KM²)" in lines
    assert "    4.820.39" in lines
    assert "    21st of 44 countries in Europe3" in lines
    assert "    92nd of 193 countries -12" in lines
    doc = ocparse.parse(text)
    assert doc == layout_document([profile], "profile")
    read = doc.profiles[0].details
    assert read is not None
    assert read.population == 11_697_557
    assert [r.line for r in read.ranks] == [
        lines.index("    " + rank_text(r)) + 1 for r in read.ranks
    ]
    assert {s.text for s in doc.skipped} == {
        "The Organized Crime Index | ENACT",
        "Read the report",
        "x",
        "Profile",
        "Belgium",
    }
    assert doc.profiles[0].source.start_line == 1


@pytest.mark.parametrize("edition", [2021, 2023])
def test_older_profile_blocks_have_a_year_line_and_older_labels(edition: int) -> None:
    sample = ocparse.parse_file("fixtures/2025_netherlands_belgium.txt").profiles[1]
    profile = attrs.evolve(sample, edition=edition, details=_details(edition))
    lines = render(profile, style="profile").split("\n")
    assert lines[1] == "Year:"
    assert "    Area" in lines
    assert "    Gross domestic product (GDP)" in lines
    if edition == 2021:
        assert "    4.82" in lines
        assert "    92nd of 193 countries" in lines


def test_profile_block_only_in_the_profile_style(belgium: Profile) -> None:
    profile = attrs.evolve(belgium, details=_details(2025))
    assert layout(profile, "indented").details is None
    assert render(profile, style="indented") == render(belgium, style="indented")
    assert layout(profile, "profile").details is not None


def test_score_lines_by_edition() -> None:
    assert score_line(D("5.33"), D("0.10"), 2025) == "5.330.10"
    assert score_line(D("10.00"), D("-4.00"), 2025) == "10.00-4.00"
    assert score_line(D("7.00"), None, 2023) == "7.00 n/a"
    assert score_line(D("7.00"), None, 2021) == "7.00"
    assert ocparse.split_fused(score_line(D("10.00"), D("0.50"), 2025)) == (D("10.00"), D("0.50"))


@pytest.mark.parametrize(
    ("rank", "text"),
    [
        (Rank("criminality", "world", 1, 193, None, 1), "1st of 193 countries"),
        (Rank("criminality", "world", 112, 193, 0, 1), "112th of 193 countries 0"),
        (Rank("criminality", "Asia", 3, 46, -4, 1), "3rd of 46 countries in Asia-4"),
        (
            Rank("resilience", "Central & Eastern Europe", 2, 20, 1, 1),
            "2nd of 20 countries in Central & Eastern Europe1",
        ),
        (Rank("criminality", "world", 11, 193, None, 1), "11th of 193 countries"),
        (Rank("criminality", "Americas", 13, 35, 12, 1), "13th of 35 countries in Americas12"),
    ],
)
def test_rank_lines(rank: Rank, text: str) -> None:
    assert rank_text(rank) == text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: attrs.evolve(p, sections=p.sections[1:]), "starts with its Criminal markets"),
        (
            lambda p: attrs.evolve(
                p, sections=(attrs.evolve(p.sections[0], score=None), *p.sections[1:])
            ),
            "no score",
        ),
        (
            lambda p: attrs.evolve(
                p, paragraphs=(attrs.evolve(p.paragraphs[0], text="two\nlines"),)
            ),
            "one line",
        ),
    ],
)
def test_profiles_no_page_can_hold_are_refused(belgium: Profile, change, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render(change(belgium))


def test_unknown_style_and_newline_are_refused(belgium: Profile) -> None:
    with pytest.raises(ValueError, match="style"):
        render(belgium, style="fancy")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="newline"):
        render(belgium, newline="\n\n")


def test_resilience_ranks_need_a_resilience_score(belgium: Profile) -> None:
    details = attrs.evolve(_details(2025), resilience=None, resilience_delta=None)
    with pytest.raises(ValueError, match="resilience ranks"):
        render(attrs.evolve(belgium, details=details), style="profile")


def test_empty_document_renders_empty() -> None:
    assert render_document(Document(), footer=True, style="prologue") == ""
    assert ocparse.parse("") == layout_document(Document())
