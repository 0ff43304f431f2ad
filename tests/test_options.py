"""One options record (ocparse.options.Options) under the public functions' keywords."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import ocparse
from ocparse.options import Options
from support import SAMPLE

# parse_file takes its file name from the path.
_TAKES: dict[Callable[..., Any], set[str]] = {
    ocparse.parse: set(),
    ocparse.parse_file: {"file"},
    ocparse.iter_pages: set(),
    ocparse.iter_profiles: set(),
}


@pytest.mark.parametrize("function", list(_TAKES), ids=lambda f: f.__name__)
def test_every_option_is_a_keyword_of_the_public_functions(function: Callable[..., Any]) -> None:
    """A field added to Options fails here until the public functions take it too."""
    parameters = inspect.signature(function).parameters
    for field in attrs.fields(Options):
        if field.name in _TAKES[function]:
            assert field.name not in parameters
            continue
        parameter = parameters[field.name]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, field.name
        assert parameter.default == field.default, field.name


def test_parse_file_has_a_real_signature() -> None:
    parameters = inspect.signature(ocparse.parse_file).parameters
    assert list(parameters) == [
        "path", "lenient", "country", "edition", "country_hint", "edition_hint", "align"
    ]  # fmt: skip
    assert all(p.kind is not inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    with pytest.raises(TypeError):
        ocparse.parse_file(SAMPLE, file="other.txt")  # type: ignore[call-arg]
    doc = ocparse.parse_file(SAMPLE, country="Belgium", edition=2025, lenient=True)
    assert [p.country for p in doc.profiles] == ["Belgium", "Belgium"]
    assert {p.source.file for p in doc.profiles} == {str(SAMPLE)}


@pytest.mark.parametrize(
    "read",
    [
        lambda: ocparse.parse("", edition=2020),
        lambda: ocparse.parse_file(SAMPLE, edition=2020),
        lambda: ocparse.iter_pages(SAMPLE, edition=2020),
        lambda: Options(edition=2020),
    ],
    ids=["parse", "parse_file", "iter_pages", "Options"],
)
def test_an_unknown_edition_is_refused_at_once_in_one_words(read: Callable[[], object]) -> None:
    with pytest.raises(
        ValueError, match=r"^edition must be one of \(2021, 2023, 2025\), got 2020$"
    ):
        read()


def test_options_are_frozen_and_keyword_only() -> None:
    options = Options(lenient=True, file="dump.txt")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        options.lenient = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        Options(True)  # type: ignore[call-arg]
    assert attrs.evolve(options, edition=2023) == Options(
        lenient=True, edition=2023, file="dump.txt"
    )
