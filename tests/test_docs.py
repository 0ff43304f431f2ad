"""Run every code example of the docs (docs/**/*.md and README.md), so they never drift.

How examples are written, and what this module does with them:

* ```` ```python ```` blocks of a page run in order, in one namespace per page, with the
  repository root as working directory (write files only to temporary directories).
  Expected output is written as ``# -> text`` comments, at the end of a line or alone on
  one: when a block has any, its whole standard output must be those lines, in order
  (``...`` matches anything, as in doctest's ELLIPSIS). A block without them only has to
  run. A block that imports pandas is skipped when pandas is not installed, except in
  CI (``CI`` set), where it fails: requirements-docs.txt installs pandas.
* ```` ```pycon ```` blocks are doctests (``>>>`` prompts, output below), run in the
  same namespace.
* Shell examples run with the installed ``ocparse`` script first on ``PATH``, under
  ``bash -o pipefail``, in a scratch directory made for each page that holds a copy
  of ``fixtures/``, ``dump.txt`` (a copy of the sample dump) and ``global_oc_index.xlsx``
  (the official workbook's slice of tests/data); the blocks of a page share it, in order.

  - ```` ```console ```` blocks: ``$ command`` lines, each followed by what it prints
    (standard output and error, as a terminal shows them; ``...`` matches anything).
    Each command must exit with 0: show another status with ``; echo "exit status $?"``.
  - ```` ```sh ```` / ```` ```bash ```` blocks: every line is a command that must exit
    with 0, except ``make`` and ``pip`` lines (set-up, which ``make test`` itself runs)
    and comments.

* Other blocks (``text``, ``json``, ...) are not run.
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import inspect
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tokenize
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import ocparse
from ocparse import records
from ocparse.schema import document_schema
from support import FIXTURES, ROOT, SAMPLE, TEST_DATA

DOCS = ROOT / "docs"
PAGES = sorted([*DOCS.rglob("*.md"), ROOT / "README.md"])
SHELLS = ("sh", "bash", "shell", "console")
# Set-up and the project's own checks, which `make test` runs itself: not run here.
NOT_RUN = re.compile(
    r"^\s*(?:#|(?:[A-Z_]+=\S*\s+)*(?:make|pip|pytest|python3? -m (?:pip|venv|pytest))\b)"
)
EXPECTED = "# ->"
CHECK = doctest.OutputChecker()
FLAGS = doctest.ELLIPSIS


@dataclass(frozen=True)
class Block:
    """A fenced code block: its language, info string, first code line and text."""

    page: Path
    language: str
    info: str
    line: int
    code: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page (indented fences too, as in tabs)."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        info = opening["info"].strip()
        body: list[str] = []
        i += 1
        while i < len(lines) and not re.fullmatch(
            rf" *{re.escape(fence[0])}{{{len(fence)},}} *", lines[i]
        ):
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        language = info.split()[0].lstrip(".{").lower() if info else ""
        first = i - len(body) + 1  # 1-based number of the first code line
        found.append(Block(page, language, info, first, "\n".join(body) + "\n"))
        i += 1
    return found


def _id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _pages_with(languages: tuple[str, ...]) -> list[Path]:
    return [p for p in PAGES if any(b.language in languages for b in blocks(p))]


# ------------------------------------------------------------------------------ python


def expected_output(code: str) -> list[str] | None:
    """The ``# ->`` lines of a Python block, or None when it shows no output."""
    lines = []
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    for token in tokens:
        if token.type == tokenize.COMMENT and token.string.startswith(EXPECTED):
            text = token.string[len(EXPECTED) :]
            lines.append(text[1:] if text.startswith(" ") else text)
    return lines or None


def _needs_pandas(code: str) -> bool:
    return re.search(r"^\s*(?:import pandas|from pandas\b)", code, re.MULTILINE) is not None


def _pandas_missing() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return True
    return False


def _run_python(block: Block, namespace: dict[str, Any]) -> None:
    code = compile(block.code, block.where, "exec")
    out = io.StringIO()
    # A block written as a script (its work under `if __name__ == "__main__":`) runs as one.
    name = namespace["__name__"]
    if 'if __name__ == "__main__":' in block.code:
        namespace["__name__"] = "__main__"
    try:
        with contextlib.redirect_stdout(out):
            exec(code, namespace)
    finally:
        namespace["__name__"] = name
    expected = expected_output(block.code)
    if expected is None:
        return
    want = "\n".join(expected) + "\n"
    got = out.getvalue()
    if not CHECK.check_output(want, got, FLAGS):
        pytest.fail(f"{block.where}: output differs\n--- expected\n{want}--- got\n{got}")


def _run_pycon(block: Block, namespace: dict[str, Any]) -> None:
    test = doctest.DocTestParser().get_doctest(
        block.code, namespace, block.where, str(block.page), block.line - 1
    )
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, out=report.write, clear_globs=False)
    if runner.failures:
        pytest.fail(f"{block.where}: doctest failed\n{report.getvalue()}")


@pytest.mark.parametrize("page", _pages_with(("python", "py", "pycon")), ids=_id)
def test_python_examples(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem.replace('-', '_')}"}
    skipped = []
    for block in blocks(page):
        if block.language in ("python", "py"):
            if _needs_pandas(block.code) and _pandas_missing():
                if os.environ.get("CI"):
                    pytest.fail(
                        f"{block.where}: pandas is missing (pip install -r requirements-docs.txt)"
                    )
                skipped.append(block.where)
                continue
            _run_python(block, namespace)
        elif block.language == "pycon":
            _run_pycon(block, namespace)
    if skipped:
        pytest.skip(f"pandas is not installed: did not run {', '.join(skipped)}")


# ------------------------------------------------------------------------------- shell


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A directory with fixtures/, dump.txt and a workbook, where shell examples run."""
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    shutil.copyfile(SAMPLE, tmp_path / "dump.txt")
    shutil.copyfile(TEST_DATA / "workbook_slice.xlsx", tmp_path / "global_oc_index.xlsx")
    return tmp_path


def _environment() -> dict[str, str]:
    scripts = Path(sys.executable).parent
    assert (scripts / "ocparse").exists(), f"ocparse is not installed in {scripts}"
    env = dict(os.environ)
    env["PATH"] = f"{scripts}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=cwd,
        env=_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def console_steps(code: str) -> Iterator[tuple[str, str]]:
    """``(command, expected output)`` for each ``$ `` line of a console block."""
    command: list[str] | None = None
    output: list[str] = []
    continued = False
    for line in code.rstrip("\n").split("\n"):
        if continued and command is not None:
            command.append(line)
            continued = line.endswith("\\")
        elif line.startswith("$ "):
            if command is not None:
                yield "\n".join(command), "\n".join(output)
            command, output = [line[2:]], []
            continued = line.endswith("\\")
        elif command is not None:
            output.append(line)
    if command is not None:
        yield "\n".join(command), "\n".join(output)


def _trimmed(text: str) -> str:
    lines = [line.rstrip() for line in text.rstrip("\n").split("\n")]
    return "\n".join(lines) + "\n" if any(lines) else ""


def _run_console(block: Block, cwd: Path) -> None:
    steps = list(console_steps(block.code))
    assert steps, f"{block.where}: a console block without any '$ ' command"
    for command, want in steps:
        result = _shell(command, cwd)
        got = result.stdout
        assert result.returncode == 0, (
            f"{block.where}: `{command}` exited with {result.returncode}:\n{got}"
        )
        if not CHECK.check_output(_trimmed(want), _trimmed(got), FLAGS):
            pytest.fail(f"{block.where}: `{command}` printed\n{got}\n--- expected\n{want}")


def _run_script(block: Block, cwd: Path) -> None:
    for number, line in enumerate(block.code.split("\n"), start=block.line):
        if not line.strip() or NOT_RUN.match(line):
            continue
        result = _shell(line, cwd)
        assert result.returncode == 0, (
            f"{_id(block.page)}:{number}: `{line}` exited with {result.returncode}:\n"
            f"{result.stdout}"
        )


@pytest.mark.parametrize("page", _pages_with(SHELLS), ids=_id)
def test_shell_examples(page: Path, scratch: Path) -> None:
    for block in blocks(page):
        if block.language == "console":
            _run_console(block, scratch)
        elif block.language in SHELLS:
            _run_script(block, scratch)


# ------------------------------------------------------------------- what must be there


def _markdown(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# A table cell: up to a "|" that is neither escaped nor in a `code span`.
_CELL = re.compile(r"((?:`[^`]*`|\\.|[^|`\\])*)\|")


def _table_rows(text: str, heading: str) -> list[list[str]]:
    """The body rows of the first table after ``heading`` (cells without backticks)."""
    lines = text.split("\n")
    start = lines.index(heading)
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip().replace("`", "") for c in _CELL.findall(line.strip()[1:-1] + "|")]
        if all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue
        rows.append(cells)
    return rows[1:]  # without the header row


def _json_type(schema: dict[str, Any]) -> str:
    """How records.md writes a JSON Schema type: ``number or null``, ``array of Section``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_json_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"])
    kind = schema["type"]
    if kind == "array":
        return f"array of {_json_type(schema['items'])}"
    return " or ".join(kind) if isinstance(kind, list) else str(kind)


def _nullable(schema: dict[str, Any]) -> bool:
    return "null" in _json_type(schema)


def _record_classes() -> dict[str, type]:
    schema = document_schema()
    return {name: getattr(records, name) for name in ["Document", *schema["$defs"]]}


@pytest.mark.parametrize("name", list(_record_classes()))
def test_records_page_documents_every_field(name: str) -> None:
    """records.md has a row per JSON property: name, JSON type, Python type, null cases."""
    schema = document_schema()
    record = schema if name == "Document" else schema["$defs"][name]
    cls = _record_classes()[name]
    python_types = inspect.get_annotations(cls)  # as written (field.type may be resolved)
    rows = _table_rows(_markdown("records.md"), f"### {name}")
    assert [r[0] for r in rows] == list(record["properties"]), f"fields of {name}"
    for field, json_type, python_type, _source, null_when in rows:
        prop = record["properties"][field]
        assert json_type == _json_type(prop), f"{name}.{field}: JSON type"
        assert python_type == str(python_types.get(field, "—")), f"{name}.{field}: Python type"
        assert null_when.startswith("never") != _nullable(prop), f"{name}.{field}: null cases"


def test_records_page_schema_is_generated() -> None:
    text = _markdown("records.md")
    executed = [b for b in blocks(DOCS / "records.md") if 'exec="on"' in b.info]
    assert executed, "records.md shows the schema from a markdown-exec block"
    assert any("document_schema()" in b.code for b in executed)
    assert "```json" not in text.split("## JSON Schema", 1)[1], "no hand-copied schema"


def test_format_page_lists_every_skip_reason() -> None:
    rows = _table_rows(_markdown("format.md"), "### Skipped lines")
    assert [r[0] for r in rows] == list(typing.get_args(records.SkipReason))


def test_format_page_lists_every_indicator() -> None:
    from ocparse.taxonomy import indicators_for

    rows = _table_rows(_markdown("format.md"), "### Indicators")
    expected = [
        [spec.section, spec.key, spec.name, str(spec.since), "; ".join(spec.aliases)]
        for spec in indicators_for(2025)
    ]
    assert rows == expected


def _help(*command: str) -> str:
    result = _shell(" ".join(["ocparse", *command, "--help"]), ROOT)
    assert result.returncode == 0
    return result.stdout


@pytest.mark.parametrize("command", ["convert", "validate", "schema"])
def test_cli_page_documents_every_option(command: str) -> None:
    text = _markdown("cli.md")
    section = text.split(f"## ocparse {command}", 1)[1].split("\n## ", 1)[0]
    options = set()
    for line in _help(command).split("\n"):
        if re.match(r"\s+-", line):  # "  -o OUT, --output OUT  write to OUT, not stdout"
            usage = re.split(r"\s{2,}", line.strip())[0]
            options |= set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", usage))
    options -= {"-h", "--help"}
    missing = {o for o in options if f"`{o}" not in section and f" {o}`" not in section}
    assert not missing, f"ocparse {command}: options not in cli.md: {sorted(missing)}"


def test_cli_page_documents_every_exit_status() -> None:
    from ocparse import cli

    statuses = {getattr(cli, name) for name in cli.__all__ if name.startswith("EXIT_")}
    rows = _table_rows(_markdown("cli.md"), "## Exit status")
    assert {int(r[0]) for r in rows} == statuses


def test_api_pages_render_every_public_name() -> None:
    rendered = set()
    for page in (DOCS / "api").glob("*.md"):
        rendered |= set(re.findall(r"^::: (ocparse\.\w+)", page.read_text(encoding="utf-8"), re.M))
    public = {f"ocparse.{name}" for name in ocparse.__all__ if not name.startswith("__")}
    assert public <= rendered


def _attribute_docstrings(module: Any) -> set[str]:
    """Names of module attributes with a docstring (a string right after the assignment)."""
    tree = ast.parse(inspect.getsource(module))
    names = set()
    for node, following in zip(tree.body, tree.body[1:], strict=False):
        documented = isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
        if documented and isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


@pytest.mark.parametrize("name", [n for n in ocparse.__all__ if not n.startswith("__")])
def test_public_names_have_docstrings(name: str) -> None:
    value = getattr(ocparse, name)
    if callable(value):
        assert inspect.getdoc(value), f"ocparse.{name} has no docstring"
    else:
        module = next(m for m in (ocparse.schema, ocparse.api) if getattr(m, name, None) is value)
        assert name in _attribute_docstrings(module), f"ocparse.{name} has no docstring"


def test_every_docs_page_is_in_the_nav() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        assert f" {page.name}" in config, f"{page.name} is not in the nav of mkdocs.yml"
    for page in (DOCS / "api").glob("*.md"):
        assert f"api/{page.name}" in config, f"api/{page.name} is not in the nav"


def test_json_examples_are_valid_json() -> None:
    for page in PAGES:
        for block in blocks(page):
            if block.language == "json":
                json.loads(block.code)
