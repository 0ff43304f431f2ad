"""Run the examples in every module's docstrings."""

import doctest
import importlib
import pkgutil

import pytest

import ocparse
from support import ROOT

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(ocparse.__path__, "ocparse.")
    if m.name != "ocparse.__main__"
)


@pytest.mark.parametrize("name", ["ocparse", *MODULES])
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # examples name files relative to the repository
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
