"""docs/examples/test_downstream.py runs as written, against the installed package.

It is copied to a temporary directory and run by pytest in a subprocess, with the
interpreter of this test run (the .venv where ocparse is installed as a wheel), so it sees
what a user gets: no source tree on the path, the Hypothesis plugin from the installed
entry points.
"""

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.wheel

EXAMPLE = ROOT / "docs" / "examples" / "test_downstream.py"


def _entry_point_installed() -> bool:
    return any(
        entry.value.startswith("ocparse._hypothesis")
        for entry in importlib.metadata.entry_points(group="hypothesis")
    )


def _run_pytest(folder: Path) -> subprocess.CompletedProcess[str]:
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HYPOTHESIS_PROFILE")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_downstream.py"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_downstream_example_passes_from_the_installed_package(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "test_downstream.py")
    result = _run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
    where = subprocess.run(
        [sys.executable, "-c", "import ocparse; print(ocparse.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert not Path(where).is_relative_to(ROOT / "src")


def test_hypothesis_plugin_entry_point_is_installed() -> None:
    assert _entry_point_installed(), "the hypothesis entry point is missing from pyproject"
    code = (
        "import hypothesis.strategies as st, ocparse;"
        "from hypothesis import given, settings;"
        "t = settings(max_examples=2, deadline=None)(given(st.from_type(ocparse.Profile))"
        "(lambda p: None)); t()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT.parent)
