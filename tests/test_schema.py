"""The JSON Schema: valid draft 2020-12, and exactly the shape ``to_dict`` writes."""

import copy
import json
import shutil
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
from jsonschema import Draft202012Validator

import ocparse
from ocparse.records import Document
from ocparse.schema import SCHEMA_VERSION, document_schema
from support import CASES, FIXTURES, SAMPLE

SCRIPT = shutil.which("ocparse", path=str(Path(sys.executable).parent))
SCHEMA = document_schema()
VALIDATOR = Draft202012Validator(SCHEMA)


def _cli(*args: str | Path) -> str:
    assert SCRIPT
    return subprocess.run(
        [SCRIPT, *map(str, args)], capture_output=True, text=True, check=True, encoding="utf-8"
    ).stdout


def _lenient(path: Path) -> list[str]:
    return ["--lenient"] if path.name.startswith("lenient_") else []


def _errors(instance: object) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(instance)]


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["properties"]["schema_version"] == {
        "const": SCHEMA_VERSION, "description": "Version of this layout."
    }  # fmt: skip


def test_schema_command_prints_it() -> None:
    assert json.loads(_cli("schema")) == SCHEMA


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_fixture_converts_to_a_valid_document(path: Path) -> None:
    data = json.loads(_cli("convert", *_lenient(path), path))
    assert _errors(data) == []
    assert data["schema_version"] == SCHEMA_VERSION
    assert _errors(ocparse.to_dict(ocparse.parse_file(path, lenient=bool(_lenient(path))))) == []


def test_several_inputs_and_ndjson_lines_are_valid() -> None:
    assert _errors(json.loads(_cli("convert", "--lenient", *CASES))) == []
    profile = Draft202012Validator({"$ref": "#/$defs/Profile", "$defs": SCHEMA["$defs"]})
    lines = _cli("convert", "--lenient", "-f", "ndjson", *CASES).splitlines()
    assert len(lines) == sum(len(ocparse.parse_file(p, lenient=True).profiles) for p in CASES)
    for line in lines:
        profile.validate(json.loads(line))


def _reachable(cls: type) -> set[type]:
    found = {cls}
    for hint in typing.get_type_hints(cls).values():
        for part in (hint, *typing.get_args(hint)):
            for inner in (part, *typing.get_args(part)):
                if isinstance(inner, type) and attrs.has(inner) and inner not in found:
                    found |= _reachable(inner)
    return found


def test_every_record_is_defined_field_for_field() -> None:
    records = _reachable(Document) - {Document}
    assert set(SCHEMA["$defs"]) == {cls.__name__ for cls in records}
    for cls in (Document, *records):
        schema = SCHEMA if cls is Document else SCHEMA["$defs"][cls.__name__]
        names = [f.name for f in attrs.fields(cls)]
        optional = {"score_line"} if cls in (ocparse.Indicator, ocparse.Section) else {"file"}
        assert schema["required"] == [
            n for n in names if n not in optional or cls is ocparse.Source
        ]
        assert [p for p in schema["properties"] if p in names] == names
        extra = set(schema["properties"]) - set(names)
        assert extra <= {"ocparse_version", "schema_version"}
        assert schema["additionalProperties"] is False


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    data = json.loads(_cli("convert", SAMPLE))
    assert _errors(data) == []
    return data


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("profile", lambda p: p.pop("iso3")),  # a required key missing
        ("profile", lambda p: p.update(flag=True)),  # an unknown key
        ("profile", lambda p: p.update(edition=None)),  # null where a number must be
        ("profile", lambda p: p.update(criminality="5.17")),  # a score as text
        ("indicator", lambda i: i.update(line=12.5)),  # a line that is not an integer
        ("indicator", lambda i: i.update(delta=[0.5])),
        ("section", lambda s: s.update(indicators={})),
        ("source", lambda s: s.update(file=3)),
        ("top", lambda d: d.update(schema_version="2")),
        ("top", lambda d: d.update(profiles=None)),
        ("skipped", lambda s: s.update(reason="other")),
    ],
)
def test_wrong_documents_are_rejected(document: dict[str, Any], where: str, change: Any) -> None:
    data = copy.deepcopy(document)
    data["skipped"].append({"line": 1, "text": "x", "reason": "prologue"})
    profile = data["profiles"][0]
    target = {
        "top": data,
        "profile": profile,
        "source": profile["source"],
        "section": profile["sections"][0],
        "indicator": profile["sections"][0]["indicators"][0],
        "skipped": data["skipped"][-1],
    }[where]
    assert _errors(data) == []
    change(target)
    assert _errors(data) != []


def test_nullable_fields_accept_null(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    profile = data["profiles"][0]
    profile.update(country=None, iso3=None, criminality=None, details=None)
    profile["source"]["file"] = None
    profile["sections"][0]["indicators"][0].update(delta=None, narrative=None, paragraph=None)
    del data["ocparse_version"], data["schema_version"]  # to_json writes neither
    assert _errors(data) == []


def test_load_json_reads_what_the_command_writes() -> None:
    single = _cli("convert", SAMPLE)
    assert ocparse.load_json(single) == ocparse.parse_file(SAMPLE)
    several = ocparse.load_json(_cli("convert", "--lenient", LENIENT, SAMPLE))
    lenient = ocparse.parse_file(LENIENT, lenient=True).diagnostics
    assert several.diagnostics == tuple(attrs.evolve(d, file=str(LENIENT)) for d in lenient)


LENIENT = FIXTURES / "lenient_2025_belgium_truncated.txt"
