"""Reading JSON and NDJSON back: strict, with the place of the first problem named."""

import copy
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ocparse
from support import CASES, FIXTURES, SAMPLE

LENIENT = FIXTURES / "lenient_2025_belgium_truncated.txt"


def _cli(*args: str | Path, stdin: str = "") -> str:
    result = subprocess.run(
        [sys.executable, "-m", "ocparse", *map(str, args)],
        input=stdin, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return ocparse.to_dict(ocparse.parse_file(SAMPLE))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "$: expected an object"),
        ("{}", "$: missing key 'profiles'"),
        ('{"profiles": 3, "skipped": [], "diagnostics": []}', "$.profiles: expected an array"),
        ('{"profiles": [], "skipped": []}', "$: missing key 'diagnostics'"),
        ('{"profiles": [], "skipped": [], "diagnostics": [], "x": 1}', "$: unexpected key 'x'"),
        ('{"profiles": [], "skipped": [], "diagnostics": [], "schema_version": "2"}',
         '$.schema_version: expected "1"'),
    ],
)  # fmt: skip
def test_bad_documents_name_the_place(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=_exactly(message)):
        ocparse.load_json(text)


def _exactly(message: str) -> str:
    return f"^{re.escape(message)}$"


Edit = Callable[[dict[str, Any]], object]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda p: p.update(edition="2025"), "$.profiles[0].edition: expected an integer"),
        (lambda p: p.update(edition=True), "$.profiles[0].edition: expected an integer"),
        (lambda p: p["sections"][0]["indicators"][1].update(score="8.00"),
         "$.profiles[0].sections[0].indicators[1].score: expected a number"),
        (lambda p: p.update(criminality="5.17"),
         "$.profiles[0].criminality: expected a number or null"),
        (lambda p: p["sections"][0]["indicators"][1].update(score=11),
         "$.profiles[0].sections[0].indicators[1]: score must be in [1, 10], got 11.00"),
        (lambda p: p["source"].pop("end_line"), "$.profiles[0].source: missing key 'end_line'"),
        (lambda p: p.update(details=[]), "$.profiles[0].details: expected an object or null"),
    ],
)  # fmt: skip
def test_bad_profiles_name_the_place(document: dict[str, Any], edit: Edit, message: str) -> None:
    data = copy.deepcopy(document)
    edit(data["profiles"][0])
    with pytest.raises(ValueError, match=_exactly(message)):
        ocparse.load_json(json.dumps(data))
    line = json.dumps(data["profiles"][0])
    with pytest.raises(ValueError, match=_exactly(message.replace("$.profiles[0]", "$"))):
        ocparse.load_profile(line)


def test_bad_diagnostic_severity(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    data["diagnostics"] = [
        {"line": 1, "column": 1, "severity": "fatal", "code": "x", "message": ""}
    ]
    with pytest.raises(
        ValueError, match=r'^\$\.diagnostics\[0\]\.severity: expected one of "error"'
    ):
        ocparse.load_json(json.dumps(data))


def test_ndjson_of_the_command_reads_back(tmp_path: Path) -> None:
    text = _cli("convert", "-f", "ndjson", "--lenient", *CASES)
    expected = [
        p for path in CASES
        for p in ocparse.parse_file(path, lenient=True).profiles
    ]  # fmt: skip
    assert len(expected) > 5
    assert [ocparse.load_profile(line) for line in text.splitlines()] == expected
    path = tmp_path / "profiles.ndjson"
    path.write_text(text + "\n", encoding="utf-8")  # a blank line is no profile
    assert list(ocparse.iter_ndjson(path)) == expected
    assert list(ocparse.iter_ndjson(str(path))) == expected
    assert list(ocparse.iter_ndjson(io.StringIO(text))) == expected


def test_ndjson_error_names_the_line() -> None:
    good = ocparse.to_dict(ocparse.parse_file(SAMPLE))["profiles"][0]
    lines = [json.dumps(good), "", json.dumps({**good, "iso3": 3})]
    profiles = ocparse.iter_ndjson(io.StringIO("\n".join(lines)))
    assert next(profiles).iso3 == "NLD"
    with pytest.raises(ValueError, match=r"^line 3: \$\.iso3: expected a string or null$"):
        next(profiles)


def test_several_inputs_round_trip_with_their_file_keys(sample_text: str) -> None:
    text = _cli("convert", "--lenient", LENIENT, "-", SAMPLE, stdin=sample_text)
    data = json.loads(text)
    files = {entry["file"] for key in ("skipped", "diagnostics") for entry in data[key]}
    assert {str(LENIENT), str(SAMPLE), None} <= files  # None: standard input
    doc = ocparse.load_json(text)
    assert {d.file for d in doc.diagnostics} == {d["file"] for d in data["diagnostics"]}
    del data["ocparse_version"], data["schema_version"]
    assert ocparse.to_dict(doc) == data
    assert ocparse.load_json(ocparse.to_json(doc)) == doc


def test_one_input_has_no_file_keys() -> None:
    doc = ocparse.load_json(_cli("convert", "--lenient", LENIENT))
    assert doc.diagnostics
    assert {d.file for d in doc.diagnostics} == {None}
    assert all("file" not in d for d in ocparse.to_dict(doc)["diagnostics"])
