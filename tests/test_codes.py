"""The registry of diagnostic codes (ocparse.codes) against the code that reports them."""

from __future__ import annotations

import ast
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

import ocparse
from ocparse.codes import Code
from ocparse.errors import ParseError
from ocparse.report import Reporter
from support import CASES, FIXTURES, ROOT

SOURCE = ROOT / "src" / "ocparse"
# Where a call names its code: Reporter's methods and the Diagnostic record.
_CODE_ARGUMENT = {"problem": 2, "unrecognized": 2, "reject": 1, "note": 1, "Diagnostic": 3}


def _trees() -> dict[str, ast.Module]:
    return {
        path.name: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(SOURCE.glob("*.py"))
        if path.name != "codes.py"
    }


def _referenced(tree: ast.AST) -> set[str]:
    """The members named as ``Code.NAME`` in a module."""
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Code"
    }


def test_every_registered_code_is_reported_and_every_reported_code_is_registered() -> None:
    referenced = set().union(*(_referenced(tree) for tree in _trees().values()))
    assert referenced == set(Code.__members__), "registered but never reported, or unknown"


def test_no_rule_spells_a_code_as_a_string() -> None:
    """A code is ``Code.NAME`` wherever it is reported: grep for the name finds every use."""
    values = {code.value for code in Code}
    for name, tree in _trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value not in values, f"{name}:{node.lineno}: {node.value!r}"
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            index = _CODE_ARGUMENT.get(called)
            if index is not None and len(node.args) > index:
                argument = node.args[index]
                assert not isinstance(argument, (ast.Constant, ast.JoinedStr)), (
                    f"{name}:{node.lineno}: {called}() is given a code as a string"
                )


def test_every_fixture_diagnostic_has_its_codes_severity() -> None:
    seen: set[Code] = set()
    for path in CASES:
        for d in ocparse.parse_file(path, lenient=True).diagnostics:
            assert isinstance(d.code, Code)
            assert d.severity == d.code.severity, (path.name, d)
            seen.add(d.code)
    assert len(seen) >= 5  # the fixtures exercise errors, warnings and remarks
    assert {d.severity for d in seen} == {"error", "warning", "info"}


def test_diagnostic_takes_registered_codes_only() -> None:
    d = ocparse.Diagnostic(1, 1, "error", "no-header", "lost header")
    assert d.code is Code.NO_HEADER
    assert d.code == "no-header"
    with pytest.raises(ValueError, match="unknown diagnostic code 'no-heading'"):
        ocparse.Diagnostic(1, 1, "error", "no-heading", "lost header")
    with pytest.raises(ValueError, match="unknown diagnostic code ''"):
        ocparse.Diagnostic(1, 1, "error", "", "no code")


def test_a_code_prints_and_serialises_as_its_plain_string() -> None:
    code = Code.SECTION_SCORE_MISMATCH
    assert (str(code), f"[{code}]") == ("section-score-mismatch", "[section-score-mismatch]")
    assert json.dumps({"code": code}) == '{"code": "section-score-mismatch"}'
    doc = ocparse.Document(diagnostics=(ocparse.Diagnostic(3, 1, "warning", code, "m"),))
    assert ocparse.to_dict(doc)["diagnostics"][0]["code"] == "section-score-mismatch"
    assert ocparse.document_schema()["$defs"]["Diagnostic"]["properties"]["code"] == {
        "type": "string"
    }


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_old_documents_load_with_typed_codes(path: Path) -> None:
    """The committed golden JSON predates the registry: it reads back, codes typed."""
    text = path.read_text(encoding="utf-8")
    doc = ocparse.load_json(text)
    assert all(isinstance(d.code, Code) for d in doc.diagnostics)
    data = json.loads(text)
    assert [d["code"] for d in data["diagnostics"]] == [d.code for d in doc.diagnostics]
    assert json.loads(ocparse.to_json(doc)) == {
        k: v for k, v in data.items() if k in ("profiles", "skipped", "diagnostics")
    }


def test_load_json_refuses_an_unknown_code() -> None:
    entry = {"line": 1, "column": 1, "severity": "error", "code": "nope", "message": ""}
    text = json.dumps({"profiles": [], "skipped": [], "diagnostics": [entry]})
    with pytest.raises(ValueError, match=r"^\$\.diagnostics\[0\]\.code: .*'nope'"):
        ocparse.load_json(text)


def test_reporter_takes_the_severity_from_the_code() -> None:
    rep = Reporter(strict=False)
    rep.note(4, Code.REPEATED_INDICATOR, "again")
    rep.note(5, Code.UNKNOWN_COUNTRY, "Atlantis", column=2)
    rep.problem(6, 3, Code.ORPHAN_SCORE, "score line without a name", text="5.00")
    assert [(d.line, d.column, d.severity, d.code) for d in rep.diagnostics] == [
        (4, 1, "info", Code.REPEATED_INDICATOR),
        (5, 2, "warning", Code.UNKNOWN_COUNTRY),
        (6, 3, "error", Code.ORPHAN_SCORE),
    ]
    with pytest.raises(ValueError, match="error code"):
        rep.note(7, Code.NO_PAGE, "errors go through problem()")
    with pytest.raises(ValueError, match="warning code"):
        rep.problem(7, 1, Code.UNKNOWN_COUNTRY, "warnings go through note()")
    with pytest.raises(ParseError):
        Reporter(strict=True).problem(1, 1, Code.NO_PAGE, "no page found")


def _tool() -> ModuleType:
    path = ROOT / "tools" / "make_codes_table.py"
    spec = importlib.util.spec_from_file_location("make_codes_table", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_table_of_codes_is_the_generated_one() -> None:
    tool = _tool()
    text = tool.PAGE.read_text(encoding="utf-8")
    assert tool.rewrite(text) == text, "run tools/make_codes_table.py"
    for code in Code:  # one row per code, as the page shows it
        assert f"| `{code}` | {code.severity} | {code.summary} |" in text


def test_docs_table_generator_replaces_only_the_table() -> None:
    tool = _tool()
    table = "| code | severity | meaning |\n| `old` | x | y |"
    stale = f"before\n\n{tool.BEGIN}\n{table}\n{tool.END}\n\nafter\n"
    rewritten = tool.rewrite(stale)
    assert rewritten.startswith("before\n\n")
    assert rewritten.endswith("\n\nafter\n")
    assert "`old`" not in rewritten
    assert rewritten.count("\n| `") == len(Code)
