"""The installed package works from outside the source tree (grammar as package data)."""

import importlib.util
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from support import ROOT, SAMPLE

pytestmark = pytest.mark.wheel


def test_installed_wheel_parses_from_another_directory(tmp_path: Path) -> None:
    code = (
        "import ocparse, pathlib;"
        "print(pathlib.Path(ocparse.__file__).parent);"
        f"print(ocparse.parse(open({str(SAMPLE)!r}, encoding='utf-8').read())"
        ".profiles[1].indicator('cocaine_trade').score)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    package_dir, score = result.stdout.split()
    assert score == "8.00"
    assert not Path(package_dir).is_relative_to(ROOT / "src")
    packaged = Path(package_dir) / "grammars" / "ocindex.lark"
    assert packaged.read_bytes() == (ROOT / "grammars" / "ocindex.lark").read_bytes()


def test_downstream_mypy_strict_sees_ocparse_types(tmp_path: Path) -> None:
    (tmp_path / "downstream.py").write_text(
        'import ocparse\n\nx: int = ocparse.parse("")\n', encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "downstream.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'expression has type "Document", variable has type "int"' in result.stdout
    assert "missing library stubs or py.typed marker" not in result.stdout
    assert "Found 1 error in 1 file" in result.stdout


def test_installed_distribution_carries_the_mit_license() -> None:
    dist = metadata.distribution("ocparse")
    assert dist.metadata["License-Expression"] == "MIT"
    licenses = [f for f in dist.files or () if f.name == "LICENSE"]
    assert len(licenses) == 1
    text = licenses[0].read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 ocparse developers\n")


def test_installed_distribution_does_without_pycountry() -> None:
    requirements = metadata.requires("ocparse") or []
    assert any(r.startswith("lark") for r in requirements)
    assert not any(r.lower().startswith("pycountry") for r in requirements)
    # The wheel's environment is built from its requirements alone, so this shows none
    # of them pulls pycountry back in.
    assert importlib.util.find_spec("pycountry") is None


def test_installed_version_is_ocparse_version() -> None:
    import ocparse

    assert metadata.version("ocparse") == ocparse.__version__
