"""Checks across pages: a page's printed deltas against the previous edition's page.

A page prints, beside each score, its change since the previous edition. When the
inputs hold the same country in two consecutive editions (2021 and 2023, or 2023 and
2025), each delta of the later page must be exactly its score minus the earlier page's
score, with composites and section scores compared as the Index prints them, rounded
(:func:`ocparse.composites.delta`). A delta that disagrees is an
``edition-delta-mismatch`` warning at the line of the later page that carries it (the
indicator's, the section header's, or the profile block's for criminality and
resilience), naming both pages by file, line and edition.

Only deltas that a page prints are checked: indicator deltas, the criminal markets and
criminal actors section deltas, and the criminality and resilience deltas of a profile
block. Pages without a country ISO code are left out.

>>> from ocparse import parse_file
>>> older = parse_file("fixtures/2023_belgium_indented_profile.txt").profiles
>>> newer = parse_file("fixtures/2025_netherlands_belgium.txt").profiles
>>> check_editions([*older, *newer])
[]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

import attrs

from ocparse import composites, editions
from ocparse.codes import Code
from ocparse.records import Diagnostic, Profile
from ocparse.report import Reporter

__all__ = ["EditionCheck", "check_editions"]

_COMPARED_SECTIONS = ("criminal_markets", "criminal_actors")  # resilience's delta is computed


@attrs.frozen(slots=True)
class _Value:
    """A score of a page and the delta printed beside it, where it is printed."""

    label: str
    score: Decimal | None
    delta: Decimal | None
    line: int


@attrs.frozen(slots=True)
class _Page:
    """What the check needs of a page: far less than the Profile (no narratives)."""

    iso3: str
    edition: int
    file: str | None
    line: int
    values: dict[str, _Value]


def _page(profile: Profile) -> _Page | None:
    if profile.iso3 is None:
        return None
    values = {
        f"indicator {i.key}": _Value(i.name, i.score, i.delta, i.line) for i in profile.indicators
    }
    for section in profile.sections:
        if section.key in _COMPARED_SECTIONS:
            values[f"section {section.key}"] = _Value(
                f"{section.name} score", section.score, section.delta, section.line
            )
    details = profile.details
    if details is not None:
        for measure, computed in (
            ("criminality", profile.criminality),
            ("resilience", profile.resilience),
        ):
            printed = getattr(details, measure)
            values[f"composite {measure}"] = _Value(
                measure,
                printed if printed is not None else computed,
                getattr(details, f"{measure}_delta"),
                details.line,
            )
    return _Page(
        profile.iso3, profile.edition, profile.source.file, profile.source.start_line, values
    )


class EditionCheck:
    """Collects pages one at a time, then checks them: for inputs read as a stream.

    It keeps only the scores and deltas of each page, not the profiles.
    """

    def __init__(self) -> None:
        self._pages: list[_Page] = []

    def add(self, profile: Profile) -> None:
        """Take one more page into account."""
        page = _page(profile)
        if page is not None:
            self._pages.append(page)

    def check(self) -> list[Diagnostic]:
        """The warnings of every pair of pages added so far, in the order pages came."""
        by_country: dict[tuple[str, int], list[_Page]] = defaultdict(list)
        for page in self._pages:
            by_country[page.iso3, page.edition].append(page)
        found = []
        for page in self._pages:
            if page.edition not in editions.years():
                continue
            previous = editions.get(page.edition).previous
            if previous is None:
                continue
            for earlier in by_country.get((page.iso3, previous), ()):
                found += _compare(page, earlier)
        return found


def check_editions(profiles: Iterable[Profile]) -> list[Diagnostic]:
    """Check each page's printed deltas against the page of the previous edition.

    ``profiles`` may come from several inputs (their ``source.file`` names them). Returns
    one ``edition-delta-mismatch`` warning per delta that is not the later page's score
    minus the earlier page's, at the later page's line and with its ``file``; nothing
    when no country appears in two consecutive editions.
    """
    check = EditionCheck()
    for profile in profiles:
        check.add(profile)
    return check.check()


def _compare(page: _Page, earlier: _Page) -> list[Diagnostic]:
    rep = Reporter(strict=False, file=page.file)
    for key, value in page.values.items():
        before = earlier.values.get(key)
        if value.delta is None or value.score is None or before is None:
            continue
        if before.score is None:
            continue
        expected = composites.delta(value.score, before.score)
        if value.delta == expected:
            continue
        rep.note(
            value.line,
            Code.EDITION_DELTA_MISMATCH,
            f"{value.label}: the {page.edition} page prints delta {value.delta:+} "
            f"({_place(page.file, value.line)}), but its score {value.score} minus "
            f"{before.score} on the {earlier.edition} page ({_place(earlier.file, before.line)}) "
            f"is {expected:+}",
        )
    # The pages come from different inputs: each warning names the later page's.
    return sorted((attrs.evolve(d, file=page.file) for d in rep.diagnostics), key=lambda d: d.line)


def _place(file: str | None, line: int) -> str:
    return f"{file or '<stdin>'}:{line}"
