"""Cross-edition checks: a page's printed deltas against the previous edition's page."""

import json
import pickle
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import ocparse
from ocparse.codes import Code
from ocparse.consistency import EditionCheck, page_values
from support import FIXTURES, SAMPLE
from test_cli import _document_bytes, run

CODE = Code.EDITION_DELTA_MISMATCH

BELGIUM_2023 = FIXTURES / "2023_belgium_indented_profile.txt"
COCAINE_SCORE_LINE = 164  # Belgium's "Cocaine trade" score line in the sample: 8.000.00


@pytest.fixture
def changed(tmp_path: Path) -> Path:
    """The sample with Belgium's cocaine trade delta printed as 0.50 (2023 scored it 8.00)."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    assert lines[COCAINE_SCORE_LINE - 1] == "8.000.00"
    lines[COCAINE_SCORE_LINE - 1] = "8.000.50"
    path = tmp_path / "belgium_2025.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _belgium(path: Path) -> ocparse.Profile:
    return next(p for p in ocparse.parse_file(path, lenient=True).profiles if p.iso3 == "BEL")


def test_real_pages_agree() -> None:
    older, newer = _belgium(BELGIUM_2023), _belgium(SAMPLE)
    assert ocparse.check_editions([older, newer]) == []


def test_a_changed_delta_is_a_warning_at_its_line(changed: Path) -> None:
    older, newer = _belgium(BELGIUM_2023), _belgium(changed)
    (warning,) = ocparse.check_editions([newer, older])  # input order does not matter
    cocaine = newer.indicator("cocaine_trade")
    assert cocaine.delta == Decimal("0.50")
    # At the line that prints the delta: the score line under the name.
    assert (warning.line, warning.severity, warning.code) == (COCAINE_SCORE_LINE, "warning", CODE)
    assert cocaine.score_line == COCAINE_SCORE_LINE
    assert warning.file == str(changed)
    assert f"{changed}:{COCAINE_SCORE_LINE}" in warning.message
    assert f"{BELGIUM_2023}:{older.indicator('cocaine_trade').score_line}" in warning.message
    assert "2025" in warning.message
    assert "2023" in warning.message
    assert "+0.00" in warning.message  # what the delta should be


def test_only_consecutive_editions_are_compared(changed: Path) -> None:
    newer = _belgium(changed)
    older = attrs.evolve(_belgium(BELGIUM_2023), edition=2021)
    assert ocparse.check_editions([older, newer]) == []


def test_other_countries_are_not_compared(changed: Path) -> None:
    newer = _belgium(changed)
    older = attrs.evolve(_belgium(BELGIUM_2023), iso3="NLD", country="Netherlands")
    assert ocparse.check_editions([older, newer]) == []


def _unchanged(
    profile: ocparse.Profile, markets_delta: str = "0.00"
) -> tuple[ocparse.Section, ...]:
    """The sections of ``profile`` with every delta 0 (the markets delta as given)."""
    zero = Decimal("0.00")
    return tuple(
        attrs.evolve(
            s,
            delta=Decimal(markets_delta) if s.key == "criminal_markets" else zero,
            indicators=tuple(attrs.evolve(i, delta=zero) for i in s.indicators),
        )
        for s in profile.sections
    )


def test_composite_and_section_deltas() -> None:
    """The composite rule: the difference of the rounded composites, exactly."""
    older = _belgium(BELGIUM_2023)
    assert older.details is not None
    assert older.details.criminality is not None
    # A later page of the same country, its criminality 0.10 higher, printing 0.10: agrees.
    details = attrs.evolve(
        older.details,
        criminality=older.details.criminality + Decimal("0.10"),
        criminality_delta=Decimal("0.10"),
        resilience_delta=Decimal("0.00"),
    )
    agreeing = attrs.evolve(older, edition=2025, details=details, sections=_unchanged(older))
    assert ocparse.check_editions([older, agreeing]) == []
    # Printing 0.20 and a section delta of 0.05 where the scores have not moved: two warnings.
    wrong = attrs.evolve(
        agreeing,
        details=attrs.evolve(details, criminality_delta=Decimal("0.20")),
        sections=_unchanged(older, markets_delta="0.05"),
    )
    found = ocparse.check_editions([older, wrong])
    markets = older.section("criminal_markets")
    expected = {(details.line, CODE), (markets.score_line, CODE)}
    assert {(d.line, d.code) for d in found} == expected
    composite = next(d for d in found if d.line == details.line)
    assert "criminality" in composite.message
    assert "+0.10" in composite.message


def test_edition_check_collects_pages_one_at_a_time(changed: Path) -> None:
    check = EditionCheck()
    for path in (BELGIUM_2023, changed):
        for profile in ocparse.iter_profiles(path):
            check.add(profile)
    assert [d.code for d in check.check()] == [CODE]


def test_edition_check_takes_what_a_worker_kept_of_each_page(changed: Path) -> None:
    direct, handed = EditionCheck(), EditionCheck()
    for path in (BELGIUM_2023, changed):
        for profile in ocparse.iter_profiles(path, file=str(path)):
            direct.add(profile)
            values = page_values(profile)
            assert values is not None
            handed.add_values(pickle.loads(pickle.dumps(values)))  # as from a worker
    assert [d.code for d in handed.check()] == [CODE]
    assert handed.check() == direct.check()
    no_country = attrs.evolve(_belgium(BELGIUM_2023), iso3=None)
    assert page_values(no_country) is None
    handed.add_values(None)  # such a page is left out
    assert handed.check() == direct.check()


def test_validate_reports_across_files(changed: Path) -> None:
    result = run("validate", BELGIUM_2023, changed)
    line = _belgium(changed).indicator("cocaine_trade").score_line
    assert f"{changed}:{line}:1: warning: Cocaine trade: " in result.stdout
    assert result.stdout.endswith("across editions: 1 warning\n")
    assert result.returncode == 0  # warnings fail only with --fail-on warning
    strict = run("validate", "--fail-on", "warning", BELGIUM_2023, changed)
    assert strict.returncode == 1
    data = json.loads(run("validate", "--output-format", "json", BELGIUM_2023, changed).stdout)
    entry = data["files"][1]
    assert entry["file"] == str(changed)
    assert [d["code"] for d in entry["diagnostics"]].count(CODE) == 1
    assert entry["warnings"] == len(entry["diagnostics"])


def test_convert_carries_them(changed: Path) -> None:
    line = _belgium(changed).indicator("cocaine_trade").score_line
    data = json.loads(run("convert", "--lenient", BELGIUM_2023, changed).stdout)
    (found,) = [d for d in data["diagnostics"] if d["code"] == CODE]
    assert (found["file"], found["line"]) == (str(changed), line)
    ocparse.load_json(json.dumps(data))  # still a valid document
    csv = run("convert", "-f", "csv", "--lenient", BELGIUM_2023, changed)
    assert f"{changed}: 2 warnings not shown in csv output" in csv.stderr


def test_convert_with_workers_checks_the_same(changed: Path) -> None:
    result = run("convert", "-f", "ndjson", "-j", "2", "--lenient", BELGIUM_2023, changed)
    assert result.returncode == 0, result.stderr
    assert f"{changed}: 2 warnings not shown in ndjson output" in result.stderr
    github = run("validate", "--output-format", "github", BELGIUM_2023, changed)
    assert f"::warning file={changed},line=" in github.stdout
    assert f"title={CODE}::Cocaine trade: " in github.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_streamed_json_puts_them_with_their_input(tmp_path: Path, changed: Path, jobs: str) -> None:
    lenient = FIXTURES / "lenient_2025_belgium_truncated.txt"
    # The changed page's warning is found at the end, after the later inputs' diagnostics.
    several = run("convert", "--lenient", "-j", jobs, changed, BELGIUM_2023, lenient)
    inputs = [(changed, str(changed)), (BELGIUM_2023, str(BELGIUM_2023)), (lenient, str(lenient))]
    assert several.stdout == _document_bytes(*inputs, lenient=True)
    files = [d["file"] for d in json.loads(several.stdout)["diagnostics"]]
    assert files[0] == str(changed)
    assert files == sorted(files, key=[str(changed), str(BELGIUM_2023), str(lenient)].index)
    one = tmp_path / "both.txt"
    one.write_text(BELGIUM_2023.read_text("utf-8") + changed.read_text("utf-8"), "utf-8")
    single = run("convert", "--lenient", "-j", jobs, one)
    assert single.stdout == _document_bytes((one, str(one)), lenient=True)
    assert CODE in single.stdout


def test_a_page_read_many_times_is_kept_once(changed: Path) -> None:
    older, newer = _belgium(BELGIUM_2023), _belgium(changed)
    copies = 40
    check = EditionCheck()
    for n in range(copies):  # as a dump that repeats both pages, each copy elsewhere
        check.add(attrs.evolve(older, source=attrs.evolve(older.source, start_line=n + 1)))
        check.add(attrs.evolve(newer, source=attrs.evolve(newer.source, file=f"copy{n}.txt")))
    found = check.check()
    # Each later page is warned once (against the first of the equal earlier pages), not
    # once per copy of the earlier page: 40 warnings, not 1,600.
    assert [d.file for d in found] == [f"copy{n}.txt" for n in range(copies)]
    assert all(f"{BELGIUM_2023}:" in d.message for d in found)
    assert len(check._contents) == 2  # the scores of two different pages, not of 80
