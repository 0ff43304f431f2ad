"""The edges of the ``ocparse`` command, run in a subprocess: quiet runs and summaries,
inputs that are not page text, encodings, the command's words, ``-o -``, progress."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

import ocparse
from ocparse.progress import Progress
from support import FIXTURES, SAMPLE
from test_cli import on_terminal, run

LEGACY = FIXTURES / "2021_netherlands_legacy.txt"


# ---------------------------------------------------------------------------- progress


def test_progress_bar_shows_pages_rate_and_eta() -> None:
    now = [0.0]
    terminal = io.StringIO()
    bar = Progress(4, enabled=True, stream=terminal, clock=lambda: now[0])
    now[0] = 2.0
    bar.show(1.0, pages=10)  # a quarter in 2 s: 5 pages a second, 6 s to go
    assert terminal.getvalue() == (
        "\rocparse [#######-----------------------]  25%  1/4 files"
        "  10 pages  5.0 pages/s  ETA 0:06"
    )
    now[0] = 2.05
    bar.show(2.0, pages=5)  # too soon to redraw, but the pages count
    assert terminal.getvalue().count("\r") == 1
    now[0] = 4000.0
    bar.show(2.0)
    assert terminal.getvalue().endswith("50%  2/4 files  15 pages  0.0 pages/s  ETA 1:06:40")
    bar.close()
    assert terminal.getvalue().endswith("\r\x1b[K")


def test_progress_bar_off_draws_nothing() -> None:
    terminal = io.StringIO()
    bar = Progress(1, enabled=False, stream=terminal, clock=lambda: 10.0)
    bar.show(1.0, pages=3)
    bar.close()
    assert terminal.getvalue() == ""


needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


@needs_pty
def test_progress_bar_of_the_command_shows_pages_and_eta() -> None:
    status, drawn = on_terminal("convert", "-f", "ndjson", SAMPLE, LEGACY, LEGACY)
    assert status == 0
    assert re.search(rb"\rocparse \[[#-]{30}\] +\d+%  [0-3]/3 files  \d+ pages?", drawn)
    assert b" pages/s  ETA " in drawn


# ------------------------------------------------------------------ quiet and summary


@needs_pty
@pytest.mark.parametrize("command", ["convert", "validate"])
def test_summary_over_all_inputs_on_a_terminal(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    args = [command, SAMPLE, LEGACY, empty, "--country", "Atlantis"]
    status, drawn = on_terminal(*args, *(["--lenient"] if command == "convert" else []))
    assert status == (0 if command == "convert" else 1)
    # 3 pages, each with an unknown-country warning; the empty file is a no-page error.
    assert drawn.endswith(b"ocparse: 3 files, 3 pages, 1 error, 3 warnings\r\n")
    quiet_status, quiet = on_terminal(*args, "-q", *(["--lenient"] * (command == "convert")))
    assert (quiet_status, quiet) == (status, b"")  # no bar, no counts, no summary


def test_quiet_keeps_problems_and_drops_per_file_counts() -> None:
    lenient = FIXTURES / "lenient_2025_belgium_truncated.txt"
    loud = run("validate", lenient, SAMPLE)
    quiet = run("validate", "-q", lenient, SAMPLE)
    assert quiet.returncode == loud.returncode == 1
    counts = re.compile(r"^\S+: \d+ pages?, \d+ errors?, \d+ warnings? \(utf-8\)$")
    lines = loud.stdout.splitlines()
    problems = [line for line in lines if not counts.match(line)]
    assert (len(lines), len(problems)) == (6, 4)  # 3 warnings, 1 error, 2 per-file counts
    assert quiet.stdout.splitlines() == problems
    converted = run("convert", "-q", "--lenient", "-f", "csv", lenient)
    assert (converted.returncode, converted.stderr) == (0, "")  # no "not shown in csv" count
    assert run("convert", "--lenient", "-f", "csv", lenient).stderr.startswith("ocparse: ")


# ------------------------------------------------------------- inputs that are no text

HTML = (
    "<!DOCTYPE html>\n<html><head><title>Belgium</title></head>\n<body><p>5.00</p></body></html>\n"
)
HTML_HINT = 'this looks like an HTML page, not page text: save the page as text (Ctrl-S, "Text")'


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (HTML.encode(), "an HTML page"),
        (b"<div>\n" + b"<p>Belgium</p>\n" * 6 + b"</div>\n", "an HTML page"),  # no doctype
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF file"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "a ZIP archive"),  # .xlsx
        (b"abc\x00\x01\x02\x03 some\x05 text\x06", "binary data"),
    ],
)
def test_what_is_no_page_text_gets_a_hint(tmp_path: Path, data: bytes, kind: str) -> None:
    path = tmp_path / "saved.txt"
    path.write_bytes(data)
    strict = run("convert", path)
    assert strict.returncode == 1
    assert strict.stderr.startswith(f"{path}:1:1: error: this looks like {kind}")
    assert strict.stderr.endswith(': save the page as text (Ctrl-S, "Text")\n')
    checked = run("validate", "--output-format", "json", path)
    (problem,) = json.loads(checked.stdout)["files"][0]["diagnostics"]
    assert problem["message"].startswith(f"this looks like {kind}")
    assert "no page found" not in strict.stderr + checked.stdout


def test_the_library_gives_the_hint_too() -> None:
    doc = ocparse.parse(HTML, lenient=True)
    assert [(d.code, d.message) for d in doc.diagnostics] == [("no-page", HTML_HINT)]
    with pytest.raises(ocparse.ParseError, match="line 1, column 1: this looks like an HTML"):
        ocparse.parse(HTML)
    with pytest.raises(ocparse.ParseError, match="this looks like a PDF file"):
        list(ocparse.iter_pages(io.BytesIO(b"%PDF-1.4\n\x81\x8d\x8f")))


def test_page_text_gets_no_hint(sample_text: str) -> None:
    from ocparse.lines import not_page_text

    assert not_page_text(sample_text) is None
    assert not_page_text(sample_text.encode("utf-8")) is None
    assert not_page_text("just some text\n<b>bold</b> once\n") is None  # one tag is no page
    assert not_page_text("tab\tand form feed\x0c are text") is None


# ---------------------------------------------------------------- empty and garbage


@pytest.mark.parametrize("data", [b"", b"\n  \n\n", b"just\nsome garbage\n"])
def test_empty_blank_and_garbage_inputs_are_treated_alike(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    strict = run("convert", path)
    assert strict.returncode == 1
    assert strict.stderr.startswith(f"{path}:1:1: error: no page found")
    assert strict.stdout == ""
    for fmt in ("json", "ndjson"):
        lenient = run("convert", "--lenient", "-f", fmt, path)
        assert lenient.returncode == 0
    document = json.loads(run("convert", "--lenient", path).stdout)
    assert [d["code"] for d in document["diagnostics"]] == ["no-page"]
    assert run("convert", "--lenient", "-f", "ndjson", path).stderr == (
        f"ocparse: {path}: 1 error not shown in ndjson output "
        "(ocparse validate or --format json lists them)\n"
    )
    checked = run("validate", path)
    assert checked.returncode == 1
    assert checked.stdout.endswith(f"{path}: 0 pages, 1 error, 0 warnings (utf-8)\n")
    assert checked.stdout.splitlines()[0].endswith("[no-page]")
    paged = run("convert", "-j", "2", "-f", "csv", SAMPLE, path, LEGACY)  # between others
    assert (paged.returncode, paged.stderr[: len(str(path))]) == (1, str(path))


def test_empty_standard_input_is_no_page() -> None:
    result = run("convert", stdin=b"")
    assert result.returncode == 1
    assert result.stderr.startswith("<stdin>:1:1: error: no page found: the input has no text")


# ------------------------------------------------------------------------- encodings


def test_encoding_overrides_detection(tmp_path: Path, sample_text: str) -> None:
    # Latin-1 and cp1252 differ at 0x80-0x9f: 0x81 is no cp1252 character.
    path = tmp_path / "latin1.txt"
    path.write_bytes(sample_text.encode("utf-8").replace(b"Belgium", b"Belg\x81um", 1))
    assert run("convert", path).returncode == 1  # neither UTF-8 nor cp1252
    forced = run("convert", "--encoding", "latin-1", "-f", "ndjson", path)
    assert forced.returncode == 0
    assert [json.loads(line)["iso3"] for line in forced.stdout.splitlines()] == ["NLD", "BEL"]
    # Workers that read small files whole read them as told.
    several = run("convert", "--encoding", "latin-1", "-f", "ndjson", "-j", "2", *[path] * 3)
    assert several.returncode == 0
    assert several.stdout == forced.stdout * 3
    checked = run("validate", "--encoding", "latin-1", path)
    assert checked.stdout.endswith(f"{path}: 2 pages, 0 errors, 0 warnings (iso8859-1)\n")
    wrong = run("validate", "--encoding", "ascii", path)
    assert wrong.returncode == 1
    assert "as ascii; expected text in ascii" in wrong.stdout


def test_validate_reports_the_encoding_it_used(tmp_path: Path, sample_text: str) -> None:
    paths = []
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "cp1252"):
        path = tmp_path / f"{encoding}.txt"
        path.write_text(sample_text + "Côte d’Ivoire\n" * (encoding == "cp1252"), encoding)
        paths.append(path)
    files = json.loads(run("validate", "--output-format", "json", *paths).stdout)["files"]
    assert [f["encoding"] for f in files] == ["utf-8", "utf-8-sig", "utf-16", "cp1252"]
    text = run("validate", *paths).stdout.splitlines()
    assert [line.rsplit(" ", 1)[1] for line in text if "pages," in line] == [
        "(utf-8)", "(utf-8-sig)", "(utf-16)", "(cp1252)"
    ]  # fmt: skip


@pytest.mark.parametrize(("name", "problem"), [("klingon", "unknown"), ("rot13", "not a text")])
def test_unknown_encoding_is_a_usage_error(name: str, problem: str) -> None:
    for command in ("convert", "validate"):
        result = run(command, "--encoding", name, SAMPLE)
        assert result.returncode == 2
        assert f"argument --encoding: {problem} encoding: '{name}'" in result.stderr


def test_library_reads_with_a_given_encoding(sample_text: str) -> None:
    data = sample_text.replace("Belgium", "Belgïum", 1).encode("cp1252")
    with ocparse.stream.open_dump(io.BytesIO(data), encoding="latin-1") as text:
        assert text.encoding == "latin-1"
        assert "Belgïum" in text.read()
    pages = ocparse.iter_pages(io.BytesIO(data), encoding="cp1252")
    assert [p.iso3 for page in pages for p in page.profiles] == ["NLD", "BEL"]


# -------------------------------------------------------------- the command's words


def test_messages_name_options_not_keywords() -> None:
    lenient = FIXTURES / "lenient_2025_belgium_truncated.txt"
    assert "pass country= to set it" in str(ocparse.parse_file(lenient, lenient=True))
    for fmt in ("text", "github", "json"):
        out = run("validate", "--output-format", fmt, lenient).stdout
        assert "pass --country to set it" in out
        assert "country=" not in out


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Blegium", "did you mean Belgium?"),
        ("Nehterlands", "did you mean Netherlands?"),
        ("Korea", "did you mean Korea, Rep. (KOR) or Korea, DPR (PRK)?"),
    ],
)
def test_mistyped_country_suggests_the_nearest(name: str, suggestion: str) -> None:
    for command in ("convert", "validate"):
        result = run(command, "--country", name, SAMPLE)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"ocparse: unknown --country '{name}': {suggestion}\n"


def test_country_far_from_any_is_kept_with_a_warning() -> None:
    result = run("validate", "--country", "Atlantis", SAMPLE)
    assert result.returncode == 0
    assert "'Atlantis' is not a country of the Index [unknown-country]" in result.stdout
    assert run("convert", "--country", "belgum", SAMPLE).returncode == 0  # one typo: found


# ---------------------------------------------------------------------------- -o -


def test_dash_output_is_stdout(tmp_path: Path) -> None:
    result = run("convert", "-f", "ndjson", "-o", "-", SAMPLE, cwd=tmp_path)
    assert result.returncode == 0
    assert [json.loads(line)["iso3"] for line in result.stdout.splitlines()] == ["NLD", "BEL"]
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_cli_words_change_keywords_not_values() -> None:
    from ocparse.validate_reports import cli_words

    assert cli_words("pass country= to set it; or edition=.") == (
        "pass --country to set it; or --edition."
    )
    assert cli_words("country=BEL and my_country= stay") == "country=BEL and my_country= stay"
