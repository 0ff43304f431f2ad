"""Checks across pages: a page's printed deltas against the previous edition's page.

A page prints, beside each score, its change since the previous edition. When the
inputs hold the same country in two consecutive editions (2021 and 2023, or 2023 and
2025), each delta of the later page must be exactly its score minus the earlier page's
score, with composites and section scores compared as the Index prints them, rounded
(:func:`ocparse.composites.delta`). A delta that disagrees is an
``edition-delta-mismatch`` warning at the line of the later page that prints it (the
score line of the indicator or section header, or the profile block's first line for
criminality and resilience), naming both pages by file, line and edition.

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

from array import array
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

import attrs

from ocparse import composites, editions
from ocparse.codes import Code
from ocparse.records import Diagnostic, Indicator, Profile, Section
from ocparse.report import Reporter

__all__ = ["EditionCheck", "PageValues", "check_editions", "page_values"]

_COMPARED_SECTIONS = ("criminal_markets", "criminal_actors")  # resilience's delta is computed


class _Value(NamedTuple):
    """A score of a page and the delta printed beside it (where it is: see ``PageValues``).

    A named tuple: a worker process pickles some thirty of them a page, and the process
    that checks unpickles them, at half the cost of an attrs class.
    """

    label: str
    score: Decimal | None
    delta: Decimal | None


@attrs.frozen(slots=True)
class _Content:
    """What the check compares of a page; equal pages (the same page read twice) share one."""

    iso3: str
    edition: int
    keys: tuple[str, ...]
    values: tuple[_Value, ...]

    def position(self, key: str) -> int | None:
        """Where ``key`` stands among the values (None: the page has no such value)."""
        return self.keys.index(key) if key in self.keys else None


@attrs.frozen(slots=True)
class PageValues:
    """What the check keeps of one page: its scores and deltas, and where they stand.

    Small and picklable: a worker process that parses a page can take these from it
    (:func:`page_values`) and hand them to the process that checks.
    """

    content: _Content
    """The values compared (equal pages share one)."""
    file: str | None
    """The page's input."""
    line: int
    """The page's first line."""
    lines: array[int]
    """The line of each value."""


def page_values(profile: Profile) -> PageValues | None:
    """What :class:`EditionCheck` compares of ``profile``; None for a page without ISO code."""
    if profile.iso3 is None:
        return None
    found = [
        (f"indicator {i.key}", _Value(i.name, i.score, i.delta), _delta_line(i))
        for i in profile.indicators
    ]
    for section in profile.sections:
        if section.key in _COMPARED_SECTIONS:
            value = _Value(f"{section.name} score", section.score, section.delta)
            found.append((f"section {section.key}", value, _delta_line(section)))
    details = profile.details
    if details is not None:
        for measure, computed in (
            ("criminality", profile.criminality),
            ("resilience", profile.resilience),
        ):
            printed = getattr(details, measure)
            score = printed if printed is not None else computed
            value = _Value(measure, score, getattr(details, f"{measure}_delta"))
            found.append((f"composite {measure}", value, details.line))
    content = _Content(
        profile.iso3,
        profile.edition,
        tuple(key for key, _, _ in found),
        tuple(value for _, value, _ in found),
    )
    lines = array("l", (line for _, _, line in found))
    return PageValues(content, profile.source.file, profile.source.start_line, lines)


def _delta_line(block: Indicator | Section) -> int:
    """Where a page prints the delta: its score line (the name's, for hand-made records)."""
    return block.score_line or block.line


class EditionCheck:
    """Collects pages one at a time, then checks them: for inputs read as a stream.

    It keeps the scores and deltas of each different page once, and of every page read
    only where it stands (a few hundred bytes), so a long stream of pages, however many
    times it repeats a country, stays small. A page is compared with each different
    page of the previous edition, named by the first place it was read.
    """

    def __init__(self) -> None:
        self._contents: dict[_Content, _Content] = {}
        self._pages: list[PageValues] = []
        self._first: dict[tuple[str, int], dict[_Content, PageValues]] = defaultdict(dict)

    def add(self, profile: Profile) -> None:
        """Take one more page into account."""
        self.add_values(page_values(profile))

    def add_values(self, page: PageValues | None) -> None:
        """Take one more page into account, from what :func:`page_values` kept of it."""
        if page is None:
            return
        content = self._contents.setdefault(page.content, page.content)
        page = attrs.evolve(page, content=content)
        self._pages.append(page)
        self._first[content.iso3, content.edition].setdefault(content, page)

    def check(self) -> list[Diagnostic]:
        """The warnings of every pair of pages added so far, in the order pages came."""
        found = []
        for page in self._pages:
            edition = page.content.edition
            if edition not in editions.years():
                continue
            previous = editions.get(edition).previous
            if previous is None:
                continue
            for earlier in self._first.get((page.content.iso3, previous), {}).values():
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


def _compare(page: PageValues, earlier: PageValues) -> list[Diagnostic]:
    rep = Reporter(strict=False, file=page.file)
    for index, key in enumerate(page.content.keys):
        value, where = page.content.values[index], earlier.content.position(key)
        if value.delta is None or value.score is None or where is None:
            continue
        before = earlier.content.values[where]
        if before.score is None:
            continue
        expected = composites.delta(value.score, before.score)
        if value.delta == expected:
            continue
        line, before_line = page.lines[index], earlier.lines[where]
        rep.note(
            line,
            Code.EDITION_DELTA_MISMATCH,
            f"{value.label}: the {page.content.edition} page prints delta {value.delta:+} "
            f"({_place(page.file, line)}), but its score {value.score} minus "
            f"{before.score} on the {earlier.content.edition} page "
            f"({_place(earlier.file, before_line)}) is {expected:+}",
        )
    # The pages come from different inputs: each warning names the later page's.
    return sorted((attrs.evolve(d, file=page.file) for d in rep.diagnostics), key=lambda d: d.line)


def _place(file: str | None, line: int) -> str:
    return f"{file or '<stdin>'}:{line}"
