"""ocparse.dask against the serial readers, with dask's local process scheduler."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import ocparse
from ocparse.dask import Part, bag, frame, parts
from ocparse.frames import to_frame
from support import FIXTURES, SAMPLE

STRICT = sorted(p for p in FIXTURES.glob("*.txt") if not p.name.startswith("lenient_"))
TRUNCATED = FIXTURES / "lenient_2025_belgium_truncated.txt"


def serial(paths: list[Path], **options: object) -> list[ocparse.Profile]:
    return [p for path in paths for p in ocparse.iter_profiles(str(path), **options)]  # type: ignore[arg-type]


def test_bag_equals_the_serial_profiles_with_processes() -> None:
    pages = bag([str(p) for p in STRICT])
    assert pages.npartitions == len(STRICT)  # one per file: none is large
    assert pages.compute(scheduler="processes", num_workers=2) == serial(STRICT)


def test_a_large_file_is_cut_at_pages_and_reads_the_same(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    text = SAMPLE.read_text(encoding="utf-8") + "\n"  # the sample ends without one
    big.write_text(text * 3, encoding="utf-8")
    two_pages = len(text)  # characters, not bytes
    found = parts(big, partition_chars=two_pages)
    assert [(p.start, p.stop) for p in found] == [(0, 2), (2, 4), (4, 6)]
    pages = bag(big, partition_chars=two_pages)
    assert pages.npartitions == 3
    got = pages.compute(scheduler="processes", num_workers=2)
    assert got == serial([big])
    # Lines count from the start of the file in every part, as in the serial reading.
    starts = [p.source.start_line for p in got]
    assert starts[:2] == [1, 130]
    assert starts[2] == text.count("\n") + 1


def test_one_page_per_part_at_the_smallest_size() -> None:
    found = parts(SAMPLE, partition_chars=1)
    assert found == [Part(str(SAMPLE), 0, 1), Part(str(SAMPLE), 1, 2)]
    assert bag(SAMPLE, partition_chars=1).compute(scheduler="sync") == serial([SAMPLE])


def test_globs_are_expanded_sorted_and_recursive(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    for name in ("b/c/z.txt", "a.txt", "b/y.txt"):
        (tmp_path / name).write_bytes(SAMPLE.read_bytes())
    found = parts(str(tmp_path / "**" / "*.txt"))
    assert [Path(p.path).relative_to(tmp_path).as_posix() for p in found] == [
        "a.txt", "b/c/z.txt", "b/y.txt",
    ]  # fmt: skip
    with pytest.raises(FileNotFoundError, match="no file matches"):
        parts(str(tmp_path / "*.json"))
    with pytest.raises(FileNotFoundError, match="no such file"):
        parts(tmp_path / "missing.txt")


def test_parse_options_reach_every_task() -> None:
    strict = bag(TRUNCATED)
    with pytest.raises(ocparse.ParseError, match="page ends inside"):
        strict.compute(scheduler="sync")
    lenient = bag(TRUNCATED, lenient=True, country="Belgium")
    (profile,) = lenient.compute(scheduler="sync")
    assert profile.iso3 == "BEL"
    assert [profile] == serial([TRUNCATED], lenient=True, country="Belgium")
    assert {p.edition for p in bag(SAMPLE, edition=2023).compute(scheduler="sync")} == {2023}
    with pytest.raises(ValueError, match="edition must be one of"):
        bag(SAMPLE, edition=2022)
    with pytest.raises(ValueError, match="partition_chars"):
        parts(SAMPLE, partition_chars=0)


def test_importing_ocparse_imports_no_dask() -> None:
    code = (
        "import sys, ocparse; list(ocparse.iter_profiles(sys.argv[1]));"
        "assert 'dask' not in sys.modules, 'dask imported'"
    )
    subprocess.run([sys.executable, "-c", code, str(SAMPLE)], check=True)


# ------------------------------------------------------------------------------ frame


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or isinstance(column.dtype, pd.StringDtype)


def _plain(table: pd.DataFrame, text: list[str]) -> pd.DataFrame:
    """Text columns as plain objects, a missing value as None, whatever their flavour."""
    plain = table.astype({c: object for c in text})
    for column in text:
        plain[column] = plain[column].where(plain[column].notna(), None)
    return plain


@pytest.mark.parametrize("table", ["indicators", "profiles"])
def test_frame_equals_the_serial_table_with_processes(table: str) -> None:
    files = sorted(FIXTURES.glob("*.txt"))
    lazy = frame([str(p) for p in files], table, lenient=True)
    assert lazy.npartitions == len(files)
    got = lazy.compute(scheduler="processes", num_workers=2).reset_index(drop=True)
    want = to_frame(serial(files, lenient=True), table=table)
    assert list(got.columns) == list(want.columns)
    assert got.dtypes.to_dict() == lazy.dtypes.to_dict()  # the types dask was told
    # Text columns may differ in flavour: pandas 2 keeps text as object where dask makes
    # it pyarrow strings, and serial to_frame types an all-missing text column (gini) as
    # object. Numbers, integers and the values themselves must be the same.
    text = [c for c in want.columns if _is_text(got[c]) or _is_text(want[c])]
    differ = {c for c in want.columns if got[c].dtype != want[c].dtype} - set(text)
    assert differ == set(), differ
    pd.testing.assert_frame_equal(_plain(got, text), _plain(want, text))
    if table == "indicators":
        assert len(got) == sum(len(p.indicators) for p in serial(files, lenient=True))


def test_frame_of_the_sample_and_a_cut_file(tmp_path: Path) -> None:
    got = frame(SAMPLE, "profiles", partition_chars=1).compute(scheduler="sync")
    assert list(got["iso3"]) == ["NLD", "BEL"]
    assert list(got["criminality"]) == [5.17, 4.82]
    assert frame(SAMPLE).compute(scheduler="sync").shape == (64, 10)
    with pytest.raises(ValueError, match="table must be one of"):
        frame(SAMPLE, "pages")
