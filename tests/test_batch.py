"""Batch inputs: folders, and labels for each file from its path or a manifest."""

import json
import shutil
from pathlib import Path

import pytest

import ocparse
from support import FIXTURES, SAMPLE
from test_cli import run

TRUNCATED = FIXTURES / "lenient_2025_belgium_truncated.txt"  # names no country
BELGIUM_2023 = FIXTURES / "2023_belgium_indented_profile.txt"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A nested folder of dumps, with a file that is no dump beside them."""
    root = tmp_path / "scrapes"
    (root / "2025" / "sub").mkdir(parents=True)
    (root / "2023").mkdir()
    shutil.copy(BELGIUM_2023, root / "2023" / "belgium.txt")
    shutil.copy(SAMPLE, root / "2025" / "netherlands.txt")
    shutil.copy(TRUNCATED, root / "2025" / "sub" / "belgium.txt")
    (root / "2025" / "notes.md").write_text("not a dump\n", encoding="utf-8")
    (root / "2025-a.txt").write_text("", encoding="utf-8")  # sorts after 2025/ by parts
    return root


def _files(root: Path) -> list[str]:
    names = ["2023/belgium.txt", "2025/netherlands.txt", "2025/sub/belgium.txt", "2025-a.txt"]
    return [str(root / name) for name in names]


def test_a_folder_is_its_txt_files_in_order(tree: Path) -> None:
    whole = run("convert", "--lenient", tree)
    listed = run("convert", "--lenient", *_files(tree))
    assert whole.returncode == listed.returncode == 0, whole.stderr
    assert whole.stdout == listed.stdout
    data = json.loads(whole.stdout)
    assert [p["source"]["file"] for p in data["profiles"]] == [
        _files(tree)[0],
        *[_files(tree)[1]] * 2,
        _files(tree)[2],
    ]


def test_validate_reads_folders(tree: Path) -> None:
    result = run("validate", tree)
    summaries = [line.split(":")[0] for line in result.stdout.splitlines() if ": " in line]
    assert sorted(set(summaries), key=summaries.index) == _files(tree)


def test_country_from_path_labels_pages_without_a_country(tree: Path) -> None:
    pattern = r"(?P<edition>\d{4})/(?:\w+/)*(?P<country>[a-z_]+)\.txt$"
    plain = json.loads(run("convert", "--lenient", tree / "2025" / "sub").stdout)
    assert plain["profiles"][0]["country"] is None
    result = run("convert", "--lenient", "--country-from", pattern, tree)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    countries = [(p["source"]["file"], p["iso3"], p["edition"]) for p in data["profiles"]]
    assert (_files(tree)[2], "BEL", 2025) in countries
    # netherlands.txt holds Belgium too: its own page wins, with a warning at its start.
    assert (_files(tree)[1], "BEL", 2025) in countries
    (mismatch,) = [d for d in data["diagnostics"] if d["code"] == "file-country-mismatch"]
    assert mismatch["file"] == _files(tree)[1]
    assert mismatch["line"] == ocparse.parse_file(SAMPLE).profiles[1].source.start_line
    assert "labelled Netherlands" in mismatch["message"]


def test_manifest_labels_files_and_wins_over_the_pattern(tree: Path) -> None:
    manifest = tree / "manifest.csv"
    manifest.write_text(
        "path,country,edition\n2025/sub/belgium.txt,BEL,2025\n2023/belgium.txt,,2025\n",
        encoding="utf-8",
    )
    result = run(
        "convert", "--lenient", "--manifest", manifest,
        "--country-from", r"(?P<country>[a-z]+)\.txt$", tree / "2025" / "sub", tree / "2023",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(p["iso3"], p["edition"]) for p in data["profiles"]] == [("BEL", 2025), ("BEL", 2023)]
    codes = {(d["file"], d["code"]) for d in data["diagnostics"]}
    # The 2023 page is clearly 2023, whatever the manifest says.
    assert (_files(tree)[0], "file-edition-mismatch") in codes
    assert (_files(tree)[2], "country-undetected") not in codes


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--country-from", "("], "argument --country-from: not a regular expression"),
        (["--country-from", r"\w+\.txt"], "needs a named group"),
        (["--country-from", r"dump(?P<edition>\d+)"], "labelled edition '2'"),
    ],
)
def test_bad_labels_are_usage_errors(tmp_path: Path, options: list[str], message: str) -> None:
    path = tmp_path / "dump2.txt"
    shutil.copy(SAMPLE, path)
    result = run("convert", *options, path)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_manifest_without_path_column(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,country\nx.txt,BEL\n", encoding="utf-8")
    result = run("validate", "--manifest", manifest, SAMPLE)
    assert (result.returncode, result.stderr) == (
        2,
        f"ocparse: {manifest}: a manifest needs a 'path' column\n",
    )


def test_hints_in_the_library() -> None:
    text = TRUNCATED.read_text(encoding="utf-8")
    labelled = ocparse.parse(text, lenient=True, country_hint="Belgium")
    assert labelled.profiles[0].iso3 == "BEL"
    assert "country-undetected" not in {d.code for d in labelled.diagnostics}
    sample = ocparse.parse(SAMPLE.read_text(encoding="utf-8"), edition_hint=2023)
    assert [p.edition for p in sample.profiles] == [2025, 2025]
    assert [d.code for d in sample.diagnostics] == ["file-edition-mismatch"] * 2
    with pytest.raises(ValueError, match="edition must be one of"):
        ocparse.parse(text, edition_hint=2019)
    pages = list(ocparse.iter_profiles(TRUNCATED, lenient=True, country_hint="BEL"))
    assert [p.iso3 for p in pages] == ["BEL"]
