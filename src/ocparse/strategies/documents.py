"""Strategies of page text with the Document ``parse`` returns for it."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from ocparse import editions as editions_table
from ocparse.countries import Country
from ocparse.records import Document, Profile
from ocparse.render import (
    DEFAULT_PROLOGUE,
    NEWLINES,
    STYLES,
    Style,
    layout_document,
    render_document,
)
from ocparse.strategies._args import _one_of, _strategy
from ocparse.strategies.names import _countries, editions, styles
from ocparse.strategies.records import profiles as _profiles

__all__ = ["Page", "dumps", "pages"]

Page = tuple[str, Document]
"""What :func:`pages` and :func:`dumps` draw: the page text and the Document it parses to."""


_NAVIGATION = (
    "How to measure organized crime?",
    "A series of 13 discussion papers, produced under the Index, examines the methodology.",
    "Rankings",
    "Download the report",
    "The Index Podcast",
)
_HOSTS = ("ocindex.net", "example.org", "globalinitiative.net")


@st.composite
def _prologue(draw: st.DrawFn) -> tuple[str, ...]:
    lines = draw(st.lists(st.sampled_from(_NAVIGATION), unique=True, max_size=3))
    return (*lines, f"Read more on {draw(st.sampled_from(_HOSTS))}")


@st.composite
def _document(
    draw: st.DrawFn,
    style: SearchStrategy[Style],
    profiles_in: Callable[[Style], SearchStrategy[Profile]],
    size: tuple[int, int],
    newline: SearchStrategy[str],
    bom: SearchStrategy[bool],
    footer: SearchStrategy[bool],
) -> Page:
    chosen = draw(style)
    found = draw(st.lists(profiles_in(chosen), min_size=size[0], max_size=size[1], unique_by=_iso3))
    prologue = draw(_prologue()) if chosen == "prologue" else DEFAULT_PROLOGUE
    with_footer = draw(footer)
    text = render_document(
        found,
        style=chosen,
        newline=draw(newline),
        bom=draw(bom),
        footer=with_footer,
        prologue=prologue,
    )
    return text, layout_document(found, chosen, footer=with_footer, prologue=prologue)


def _iso3(profile: Profile) -> str | None:
    return profile.iso3


def dumps(
    *,
    min_pages: int = 1,
    max_pages: int = 3,
    profiles: SearchStrategy[Profile] | None = None,
    edition: int | SearchStrategy[int] | None = None,
    style: Style | SearchStrategy[Style] | None = None,
    newline: str | SearchStrategy[str] | None = None,
    bom: bool | SearchStrategy[bool] | None = None,
    footer: bool | SearchStrategy[bool] | None = None,
) -> SearchStrategy[Page]:
    r"""Dumps of several pages back to back, with the Document ``parse`` must return.

    ``profiles`` draws each page (default :func:`profiles` with ``edition``, in the
    chosen style); the pages of one dump are about different countries. ``style``: one
    of :data:`~ocparse.render.STYLES` (default any); ``newline``: ``"\n"``, ``"\r\n"``
    or ``"\r"``; ``bom``: start with a byte order mark; ``footer``: end with the site
    footer (defaults: any).

    >>> from hypothesis import given, settings
    >>> import ocparse
    >>> @settings(max_examples=3, deadline=None)
    ... @given(dumps(max_pages=2, style="compact", newline="\r\n"))
    ... def test_pages(dump):
    ...     text, expected = dump
    ...     assert ocparse.parse(text) == expected
    >>> test_pages()
    """
    if not 1 <= min_pages <= max_pages:
        raise InvalidArgument("dumps needs 1 <= min_pages <= max_pages")

    years = _one_of(edition, editions_table.years(), "edition", editions())

    def profiles_in(style: Style) -> SearchStrategy[Profile]:
        return profiles if profiles is not None else _profiles(edition=years, style=style)

    return _document(
        _one_of(style, STYLES, "style", styles()),
        profiles_in,
        (min_pages, max_pages),
        _one_of(newline, NEWLINES, "newline", st.sampled_from(NEWLINES)),
        _strategy(bom, st.booleans()),
        _strategy(footer, st.booleans()),
    )


def pages(
    *,
    edition: int | SearchStrategy[int] | None = None,
    style: Style | SearchStrategy[Style] | None = None,
    country: str | Country | SearchStrategy[Country] | None = None,
    profiles: SearchStrategy[Profile] | None = None,
    newline: str | SearchStrategy[str] | None = None,
    bom: bool | SearchStrategy[bool] | None = None,
    footer: bool | SearchStrategy[bool] | None = None,
) -> SearchStrategy[Page]:
    r"""One page as text, with the exact :class:`~ocparse.records.Document` ``parse`` returns.

    ``edition`` and ``country`` are passed to :func:`profiles` (or give ``profiles``
    yourself); ``style``, ``newline``, ``bom`` and ``footer`` are as in :func:`dumps`.
    The Document's profile carries the page's line numbers, its ``skipped`` the lines the
    page has outside any record, and it has no diagnostics.

    >>> from hypothesis import given, settings
    >>> import ocparse
    >>> @settings(max_examples=3, deadline=None)
    ... @given(pages(style="profile", country="NLD"))
    ... def test_profile_block(page):
    ...     text, expected = page
    ...     profile = ocparse.parse(text).profiles[0]
    ...     assert profile == expected.profiles[0] and profile.iso3 == "NLD"
    >>> test_profile_block()
    """
    years = _one_of(edition, editions_table.years(), "edition", editions())
    where = _countries(country)

    def profiles_in(style: Style) -> SearchStrategy[Profile]:
        if profiles is not None:
            return profiles
        return _profiles(edition=years, country=where, style=style)

    return _document(
        _one_of(style, STYLES, "style", styles()),
        profiles_in,
        (1, 1),
        _one_of(newline, NEWLINES, "newline", st.sampled_from(NEWLINES)),
        _strategy(bom, st.booleans()),
        _strategy(footer, st.booleans()),
    )
