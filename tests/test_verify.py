"""ocparse verify and ocparse.workbook, against slices of the official workbooks.

tests/data/workbook_slice*.xlsx are made by tools/make_workbook_slice.py from the three
official releases: their sheets and headers as published, with the rows of Belgium, the
Netherlands and the two Congos only.
"""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest

import ocparse
from ocparse.taxonomy import indicators_for
from ocparse.verify import Disagreement, compare
from ocparse.workbook import COMPOSITES, Workbook, WorkbookError, read_workbook
from support import FIXTURES, SAMPLE, TEST_DATA
from test_cli import run

SLICE = TEST_DATA / "workbook_slice.xlsx"  # the 2025 release: 2021, 2023 and 2025 sheets
SLICE_2023 = TEST_DATA / "workbook_slice_2023edition.xlsx"
SLICE_2021 = TEST_DATA / "workbook_slice_2021.xlsx"  # Full_dataset, with Country Code
INDENTED_2023 = FIXTURES / "2023_belgium_indented_profile.txt"
TRUNCATED = FIXTURES / "lenient_2025_belgium_truncated.txt"


@pytest.fixture(scope="module")
def workbook() -> Workbook:
    return read_workbook(SLICE)


def changed(tmp_path: Path, source: Path, line: int, old: str, new: str) -> Path:
    """A copy of ``source`` with ``old`` replaced by ``new`` on one 1-based line."""
    lines = source.read_bytes().split(b"\n")
    assert old.encode() in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old.encode(), new.encode(), 1)
    path = tmp_path / source.name
    path.write_bytes(b"\n".join(lines))
    return path


def workbook_of(tmp_path: Path, title: str, *rows: list[object]) -> Path:
    """A workbook of one sheet: a header of the 2025 layout's kind, then ``rows``."""
    path = tmp_path / "wb.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["Country", "Criminality avg.", "Human trafficking"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# ---------------------------------------------------------------------------- workbook


@pytest.mark.parametrize(
    ("path", "editions"),
    [(SLICE, (2021, 2023, 2025)), (SLICE_2023, (2021, 2023)), (SLICE_2021, (2021,))],
)
def test_every_release_reads_with_every_column(path: Path, editions: tuple[int, ...]) -> None:
    wb = read_workbook(path)
    assert wb.editions == editions
    assert wb.unknown == ()
    for edition in editions:
        for iso3 in ("BEL", "NLD", "COD", "COG"):
            row = wb.row(iso3, edition)
            assert row is not None, (iso3, edition)
            expected = {spec.key for spec in indicators_for(edition)} | set(COMPOSITES)
            assert set(row.values) == expected


def test_values_are_the_official_ones_as_pages_print_them(workbook: Workbook) -> None:
    assert workbook.value("BEL", 2025, "criminality") == Decimal("4.82")
    assert workbook.value("BEL", 2025, "cocaine_trade") == Decimal("8.00")
    assert workbook.value("NLD", 2021, "criminal_actors") == Decimal("4.38")
    assert str(workbook.value("NLD", 2025, "resilience")) == "7.42"  # two places
    assert workbook.value("BEL", 2025, "no_such_indicator") is None
    assert workbook.value("FRA", 2025, "criminality") is None


def test_unrounded_values_of_the_2021_release_are_rounded_half_up() -> None:
    # Full_dataset has the composites unrounded: COD resilience 2.29166666666667.
    wb = read_workbook(SLICE_2021)
    row = wb.row("COD", 2021)
    assert row is not None
    assert row.values["resilience"] == Decimal("2.29")
    assert row.values["criminality"] == Decimal("7.75")
    assert row.sheet == "Full_dataset"
    # The 2025 release's rounding of the same edition agrees.
    assert read_workbook(SLICE).value("COD", 2021, "resilience") == Decimal("2.29")


def test_workbook_spellings_are_matched_through_the_gazetteer() -> None:
    wb = read_workbook(SLICE_2023)
    row = wb.row("COD", 2023)
    assert row is not None
    assert row.name == "Congo, Dem, Rep,"  # as the 2023 sheet spells it
    assert row.country.name == "Congo, Dem. Rep."
    other = wb.row("COG", 2023)
    assert other is not None
    assert other.name != row.name


def test_a_name_the_gazetteer_does_not_know_is_listed(tmp_path: Path) -> None:
    path = workbook_of(tmp_path, "2025_dataset", ["Atlantis", 5.5, 6], ["Türkiye", 6.25, 7])
    wb = read_workbook(path)
    assert wb.unknown == ("2025_dataset:2: Atlantis",)
    assert wb.value("TUR", 2025, "criminality") == Decimal("6.25")
    assert wb.value("TUR", 2025, "human_trafficking") == Decimal("7.00")


def test_a_sheet_of_unknown_edition_is_an_error(tmp_path: Path) -> None:
    path = workbook_of(tmp_path, "Data", ["Peru", 5.5, 6])
    with pytest.raises(WorkbookError, match="'Data': cannot tell its edition"):
        read_workbook(path)


def test_a_workbook_without_scores_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "wb.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Name", "Value"])
    book.save(path)
    with pytest.raises(WorkbookError, match="no sheet of country scores"):
        read_workbook(path)


def test_a_file_that_is_no_workbook_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "wb.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(WorkbookError, match=r"not an Excel workbook \(\.xlsx\)"):
        read_workbook(path)
    with pytest.raises(FileNotFoundError):
        read_workbook(tmp_path / "missing.xlsx")


# ------------------------------------------------------------------------------ verify


def test_an_unchanged_dump_agrees(workbook: Workbook) -> None:
    found = compare(ocparse.parse_file(SAMPLE), workbook)
    assert found.disagreements == ()
    assert found.unmatched == ()
    assert found.pages == 2
    assert found.fields == 2 * (32 + 4)  # indicators + composites of each page
    assert ocparse.verify(ocparse.parse_file(SAMPLE), SLICE) == []


def test_a_single_changed_score_in_a_multi_page_dump(tmp_path: Path, workbook: Workbook) -> None:
    # Line 164 is Belgium's cocaine trade score, 8.00 (delta 0.00), on the second page.
    path = changed(tmp_path, SAMPLE, 164, "8.000.00", "7.500.00")
    doc = ocparse.parse_file(path)
    text = path.read_text(encoding="utf-8")
    # Without the text, the line is the indicator's (its name's); with it, its score's.
    assert ocparse.verify(doc, workbook) == [
        Disagreement(str(path), 163, 1, "Belgium", 2025, "cocaine_trade",
                     Decimal("7.50"), Decimal("8.00"))
    ]  # fmt: skip
    assert [d.line for d in ocparse.verify(doc, workbook, text=text)] == [164]
    found = compare(doc, workbook, text=text)
    # Criminality is computed from the changed score: it is left out, not reported twice.
    assert found.fields == 2 * 36 - 1
    assert [d.message() for d in found.disagreements] == [
        "score 7.50 for Belgium 2025 cocaine_trade, official 8.00"
    ]


def test_columns_are_where_the_digits_are(tmp_path: Path, workbook: Workbook) -> None:
    # Indented page: the score of international cooperation is at line 191, column 5,
    # and the printed criminality of the profile block at line 35, column 5.
    path = changed(tmp_path, INDENTED_2023, 191, "8.000.00", "7.500.00")
    path = changed(tmp_path, path, 35, "4.430.09", "4.530.09")
    text = ocparse.stream.open_dump(path).read()
    found = compare(ocparse.parse_file(path), workbook, text=text)
    assert [(d.line, d.column, d.field, d.parsed, d.official, d.printed)
            for d in found.disagreements] == [
        (191, 5, "international_cooperation", Decimal("7.50"), Decimal("8.00"), True),
        (35, 5, "criminality", Decimal("4.53"), Decimal("4.43"), True),
    ]  # fmt: skip


def test_a_computed_composite_is_compared_when_the_page_prints_none(workbook: Workbook) -> None:
    row = workbook.row("NLD", 2025)
    assert row is not None
    wrong = attrs.evolve(row, values={**row.values, "criminality": Decimal("5.18")})
    altered = attrs.evolve(workbook, rows={**workbook.rows, ("NLD", 2025): wrong})
    (found,) = ocparse.verify(ocparse.parse_file(SAMPLE), altered)
    assert (found.field, found.parsed, found.official, found.printed) == (
        "criminality", Decimal("5.17"), Decimal("5.18"), False,
    )  # fmt: skip
    assert found.line == 1
    assert found.message() == "computed 5.17 for Netherlands 2025 criminality, official 5.18"


def test_pages_that_cannot_be_compared_are_reported(workbook: Workbook) -> None:
    found = compare(ocparse.parse_file(TRUNCATED, lenient=True), workbook)
    assert found.pages == 0
    (page,) = found.unmatched
    assert (page.line, page.country, page.edition) == (1, None, 2025)
    assert "country is unknown" in page.reason
    # Named, the same page is compared: what it has agrees.
    named = compare(ocparse.parse_file(TRUNCATED, lenient=True, country="BEL"), workbook)
    assert (named.pages, named.unmatched, named.disagreements) == (1, (), ())
    (profile,) = ocparse.parse_file(TRUNCATED, lenient=True).profiles
    assert profile.resilience is None  # cut before the resilience indicators
    assert named.fields == len(profile.indicators) + 2 + 1  # two sections, criminality
    older = compare(ocparse.parse_file(SAMPLE), read_workbook(SLICE_2021))
    assert [u.reason for u in older.unmatched] == ["the workbook has no 2025 edition"] * 2


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_every_fixture_agrees_with_the_official_workbook(path: Path, workbook: Workbook) -> None:
    found = compare(ocparse.parse_file(path, lenient=True), workbook)
    assert found.disagreements == ()
    assert found.pages + len(found.unmatched) >= 1


# --------------------------------------------------------------------------------- CLI


def test_cli_prints_each_disagreement_and_exits_1(tmp_path: Path) -> None:
    path = changed(tmp_path, SAMPLE, 164, "8.000.00", "7.500.00")
    result = run("verify", SAMPLE, path, "--against", SLICE)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{path}:164:1: score 7.50 for Belgium 2025 cocaine_trade, official 8.00",
        "4 pages matched, 143 fields compared, 1 disagreement",
    ]
    assert result.stderr == ""


def test_cli_is_silent_and_exits_0_when_all_agree() -> None:
    result = run("verify", SAMPLE, "--against", SLICE)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "2 pages matched, 72 fields compared, 0 disagreements\n"


def test_cli_reads_stdin_and_notes_pages_it_cannot_compare() -> None:
    result = run("verify", "--against", SLICE, stdin=TRUNCATED.read_bytes())
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "<stdin>:1: note: page not compared: the page's country is unknown "
        "(give it with --country)",
        "0 pages matched, 0 fields compared, 0 disagreements",
    ]
    named = run("verify", "--country", "Belgium", "--against", SLICE, stdin=TRUNCATED.read_bytes())
    assert named.stdout.startswith("1 page matched, ")


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = run("verify", SAMPLE, "--against", tmp_path / "missing.xlsx")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == f"ocparse: {tmp_path / 'missing.xlsx'}: No such file or directory\n"
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"junk")
    unreadable = run("verify", SAMPLE, "--against", junk)
    assert unreadable.returncode == 2
    assert unreadable.stderr.startswith(f"ocparse: {junk}: not an Excel workbook (.xlsx)")
    no_input = run("verify", tmp_path / "none.txt", "--against", SLICE)
    assert no_input.returncode == 2
    assert no_input.stderr == f"ocparse: {tmp_path / 'none.txt'}: No such file or directory\n"
    no_workbook = run("verify", SAMPLE)
    assert no_workbook.returncode == 2
    assert "--against" in no_workbook.stderr


def test_cli_without_openpyxl_names_the_extra(tmp_path: Path) -> None:
    # An openpyxl that cannot be imported, first on the path.
    (tmp_path / "openpyxl.py").write_text("raise ImportError('no openpyxl here')\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "ocparse", "verify", str(SAMPLE), "--against", str(SLICE)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        "ocparse: reading a workbook needs openpyxl: pip install 'ocparse[workbook]'\n"
    )


def test_importing_ocparse_imports_no_openpyxl() -> None:
    code = (
        "import sys, ocparse; ocparse.parse_file(sys.argv[1]);"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'"
    )
    subprocess.run([sys.executable, "-c", code, str(SAMPLE)], check=True)


def test_cli_reads_a_directory_and_labels_files_from_their_paths(tmp_path: Path) -> None:
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / "belgium.txt").write_bytes(TRUNCATED.read_bytes())
    (tmp_path / "2025" / "both.txt").write_bytes(SAMPLE.read_bytes())
    unlabelled = run("verify", tmp_path, "--against", SLICE)
    assert unlabelled.stdout.splitlines()[-1] == (
        "2 pages matched, 72 fields compared, 0 disagreements"
    )
    labelled = run(
        "verify", tmp_path, "--against", SLICE, "--country-from", r"(?P<country>belgium)\.txt$"
    )
    assert labelled.returncode == 0, labelled.stderr
    assert labelled.stdout.startswith("3 pages matched, ")
