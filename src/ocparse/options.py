"""How to read an input: the options of :func:`ocparse.parse` and its siblings, as one record.

The public functions (``parse``, ``parse_file``, ``iter_pages``, ``iter_profiles``, the
command line) take these as keyword arguments and build one :class:`Options`; everything
under them (the page builder, the streaming reader, the worker processes) passes the
record along. An option is added as a field here, with its default, and a keyword of the
public functions; the rules read it from ``options``, and it travels to worker
processes with no other change.
"""

from __future__ import annotations

from typing import Any

import attrs

from ocparse import editions

__all__ = ["Options"]


def _edition(_: object, __: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None:
        editions.get(value)  # raises ValueError for an edition the table lacks


@attrs.frozen(slots=True, kw_only=True)
class Options:
    """The options of one read, the same for every page of the input.

    >>> Options(country="Belgium").country
    'Belgium'
    >>> Options(edition=2020)
    Traceback (most recent call last):
    ...
    ValueError: edition must be one of (2021, 2023, 2025), got 2020
    """

    lenient: bool = False
    """Keep going at wrong lines, recording them as error diagnostics, instead of raising."""
    country: str | None = None
    """The country of every page (a name or ISO code), instead of detecting it."""
    edition: int | None = attrs.field(default=None, validator=_edition)
    """The edition of every page (2021, 2023 or 2025), instead of detecting it."""
    file: str | None = None
    """The input's name, for ``profile.source.file`` and errors."""
    country_hint: str | None = None
    """What is known of the input's country from outside (its file name, a manifest):
    the country of a page that names none; a page that names another keeps its own, with
    a ``file-country-mismatch`` warning."""
    edition_hint: int | None = attrs.field(default=None, validator=_edition)
    """The same for the edition (``file-edition-mismatch``)."""
    align: bool = True
    """Align the narratives to the indicators; False reads the scores only: paragraphs are
    listed with their lines but cover no indicator, and indicators carry no narrative."""
