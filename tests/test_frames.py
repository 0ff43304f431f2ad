"""The tables of ocparse.frames: plain rows, pandas DataFrames and the CSV of each."""

import csv
import io
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import ocparse
from ocparse.frames import (
    INDICATOR_COLUMNS,
    PROFILE_COLUMNS,
    TABLES,
    indicator_rows,
    profile_rows,
    to_frame,
)
from support import FIXTURES, SAMPLE
from test_cli import run

PROFILED = FIXTURES / "2023_belgium_indented_profile.txt"


def test_importing_ocparse_never_imports_pandas() -> None:
    code = "import ocparse, sys; assert 'pandas' not in sys.modules, 'pandas imported'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()


def test_sample_indicators_frame() -> None:
    frame = ocparse.to_frame(ocparse.parse_file(SAMPLE))
    assert frame.shape == (64, len(INDICATOR_COLUMNS))
    assert list(frame.columns) == list(INDICATOR_COLUMNS)
    assert frame["score"].dtype == "float64"
    assert frame["delta"].dtype == "float64"
    assert frame["edition"].dtype == "int64"
    first = frame.iloc[0]
    assert (first["country"], first["indicator"], first["score"]) == (
        "Netherlands",
        "human_trafficking",
        5.5,
    )


def test_sample_profiles_frame() -> None:
    doc = ocparse.parse_file(SAMPLE)
    frame = to_frame(doc, table="profiles")
    assert frame.shape == (2, len(PROFILE_COLUMNS))
    belgium = frame.set_index("iso3").loc["BEL"]
    assert belgium["criminality"] == 4.82
    assert belgium["criminal_markets"] == 5.53
    assert belgium["start_line"] == doc.profiles[1].source.start_line
    assert frame["edition"].dtype == "int64"
    # The sample has no profile block: those cells are missing, typed all the same.
    assert frame["population"].isna().all()
    assert str(frame["population"].dtype) == "Int64"


def test_missing_delta_is_nan() -> None:
    doc = ocparse.parse_file(FIXTURES / "2021_netherlands_legacy.txt")  # 2021: no deltas
    frame = to_frame(doc)
    assert len(frame) > 0
    assert frame["delta"].isna().all()
    assert frame["score"].notna().all()


def test_profile_block_flattened() -> None:
    doc = ocparse.parse_file(PROFILED)
    (profile,) = doc.profiles
    details = profile.details
    assert details is not None
    row = dict(zip(PROFILE_COLUMNS, next(profile_rows(profile)), strict=True))
    assert row["capital"] == details.capital == "Brussels"
    assert row["population"] == details.population
    assert row["printed_criminality"] == details.criminality
    world = next(r for r in details.ranks if r.measure == "criminality" and r.scope == "world")
    assert (row["criminality_rank_world"], row["criminality_rank_world_of"]) == (
        world.rank,
        world.of,
    )
    assert row["criminality_rank_world_change"] == world.change
    regional = [r for r in details.ranks if r.scope != "world"]
    assert regional, "the fixture prints continent and region ranks"
    assert {row["continent"], row["region"]} == {r.scope for r in regional}
    frame = to_frame([profile], table="profiles")
    assert frame.loc[0, "criminality_rank_world"] == world.rank
    assert frame.loc[0, "population"] == details.population


def test_rows_and_frame_agree() -> None:
    """The frame is the rows, typed: one source for both."""
    doc = ocparse.parse_file(PROFILED)
    for name, table in TABLES.items():
        rows = [row for p in doc.profiles for row in table.rows(p)]
        frame = to_frame(iter(doc.profiles), table=name)
        assert len(frame) == len(rows)
        for row, (_, record) in zip(rows, frame.iterrows(), strict=True):
            for column, value in zip(table.columns, row, strict=True):
                cell = record[column]
                if value is None:
                    assert cell is None or pd.isna(cell), (column, cell)
                elif isinstance(value, Decimal):
                    assert math.isclose(cell, float(value)), column
                else:
                    assert cell == value, column


def test_empty_input_gives_typed_empty_frames() -> None:
    for name, table in TABLES.items():
        frame = to_frame(ocparse.parse(""), table=name)
        assert list(frame.columns) == list(table.columns)
        assert len(frame) == 0


def test_unknown_table() -> None:
    with pytest.raises(ValueError, match="indicators, profiles"):
        to_frame([], table="countries")
    with pytest.raises(ValueError, match="indicators, profiles"):
        ocparse.write_csv([], io.StringIO(), table="countries")


def test_indicator_rows_are_the_csv_rows() -> None:
    doc = ocparse.parse_file(SAMPLE)
    out = io.StringIO()
    assert ocparse.write_csv(doc.profiles, out) == 64
    written = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(written[0]) == INDICATOR_COLUMNS
    expected = [row for p in doc.profiles for row in indicator_rows(p)]
    assert written[1:] == [["" if c is None else str(c) for c in row] for row in expected]


def test_cli_profiles_table(tmp_path: Path) -> None:
    result = run("convert", "-f", "csv", "--table", "profiles", SAMPLE)
    assert result.returncode == 0, result.stderr
    written = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["iso3"] for r in written] == ["NLD", "BEL"]
    assert written[1]["criminality"] == "4.82"
    assert list(written[0]) == list(PROFILE_COLUMNS)
    frame = pd.read_csv(io.StringIO(result.stdout))
    pd.testing.assert_frame_equal(
        frame[["criminality", "resilience"]],
        to_frame(ocparse.parse_file(SAMPLE), table="profiles")[["criminality", "resilience"]],
    )


def test_cli_table_needs_csv() -> None:
    result = run("convert", "--table", "profiles", SAMPLE)
    assert result.returncode == 2
    assert result.stderr == "ocparse: --table is for --format csv, not json\n"
    assert result.stdout == ""
