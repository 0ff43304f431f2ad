import json
import subprocess
import sys

from conftest import SAMPLE


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ocparse", *args], input=stdin, capture_output=True, text=True
    )


def test_convert_file_and_stdin_agree() -> None:
    from_file = _run("convert", str(SAMPLE))
    from_stdin = _run("convert", "-", stdin=SAMPLE.read_text(encoding="utf-8"))
    assert from_file.returncode == from_stdin.returncode == 0
    a, b = json.loads(from_file.stdout), json.loads(from_stdin.stdout)
    assert [p["iso3"] for p in a["profiles"]] == ["NLD", "BEL"]
    assert a["profiles"][0]["source"]["file"] == str(SAMPLE)
    assert b["profiles"][0]["source"]["file"] is None
    assert a["profiles"][1]["sections"] == b["profiles"][1]["sections"]


def test_parse_error_exit_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.txt"
    bad.write_text("Criminal markets\n5.330.10\nHeroin trade\n1.505.00\n", encoding="utf-8")
    result = _run("convert", str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"ocparse: {bad}: line 4, column 1: not a valid score line")
    assert _run("convert", str(tmp_path / "missing.txt")).returncode == 2
