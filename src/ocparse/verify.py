"""Parsed pages against the Index's official workbook: where a scrape disagrees with it.

:func:`verify` compares each page's values with the official row of its country and edition
(:mod:`ocparse.workbook`) and returns a :class:`Disagreement` per value that differs:

* every indicator score, and the criminal markets and criminal actors scores, as printed;
* criminality and resilience as the profile block prints them; where it prints none, the
  page's computed composite (and the computed resilience section score), but only when none
  of the scores it is computed from already disagrees, so that one wrong score is one
  disagreement and not three.

Pages are matched by ISO3 code (``Profile.iso3``, detected or given with ``country=``);
a page without one, or whose country or edition the workbook lacks, is listed in
``unmatched`` of :class:`Verification`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from ocparse.records import Document, Profile
from ocparse.workbook import OfficialRow, Workbook, read_workbook

__all__ = ["Disagreement", "Unmatched", "Verification", "compare", "verify"]


@attrs.frozen(slots=True)
class Disagreement:
    """A parsed value that differs from the official workbook's.

    Attributes:
        file: The page's input (``source.file``; None for text).
        line: The 1-based line of the value: where its digits are printed when the text
            was given to :func:`compare`, else the record's line (an indicator's name
            line, a section's header line, the profile block's first line).
        column: The 1-based column of the digits (1 when the text was not given).
        country: The page's country.
        edition: The page's edition.
        field: An indicator key, or ``criminality``, ``criminal_markets``,
            ``criminal_actors`` or ``resilience``.
        parsed: The value read (or computed) from the page.
        official: The workbook's value.
        printed: True when the page prints the value, False when ocparse computed it.

    """

    file: str | None
    line: int
    column: int
    country: str
    edition: int
    field: str
    parsed: Decimal
    official: Decimal
    printed: bool = True

    def message(self) -> str:
        """The problem in words: ``score 6.50 for Peru 2025 human_trafficking, official 7.00``."""
        what = "score" if self.printed else "computed"
        return (
            f"{what} {self.parsed} for {self.country} {self.edition} {self.field}, "
            f"official {self.official}"
        )


@attrs.frozen(slots=True)
class Unmatched:
    """A page that could not be compared, and why (``reason``, for people)."""

    file: str | None
    line: int
    country: str | None
    edition: int
    reason: str


@attrs.frozen(slots=True)
class Verification:
    """Everything :func:`compare` found in one document.

    Attributes:
        disagreements: The values that differ, in page order.
        pages: Pages compared with an official row.
        fields: Values compared.
        unmatched: Pages that could not be compared.

    """

    disagreements: tuple[Disagreement, ...] = ()
    pages: int = 0
    fields: int = 0
    unmatched: tuple[Unmatched, ...] = ()


def verify(
    doc: Document, workbook: Workbook | str | os.PathLike[str], *, text: str | None = None
) -> list[Disagreement]:
    """Return the values of ``doc``'s pages that differ from the official workbook's.

    >>> import ocparse
    >>> doc = ocparse.parse_file("fixtures/2025_netherlands_belgium.txt")
    >>> ocparse.verify(doc, "tests/data/workbook_slice.xlsx")
    []

    Args:
        doc: Parsed pages, e.g. from :func:`ocparse.parse_file`.
        workbook: The official values, from :func:`ocparse.workbook.read_workbook`, or
            the path of the workbook to read (which needs ``ocparse[workbook]``).
        text: The text ``doc`` was parsed from, if at hand, to place each disagreement
            where its digits are printed (see :func:`compare`).

    Returns:
        One :class:`Disagreement` per differing value; empty when all agree. Use
        :func:`compare` for the count of pages and values compared and the pages that
        could not be matched.

    """
    if not isinstance(workbook, Workbook):
        workbook = read_workbook(workbook)
    return list(compare(doc, workbook, text=text).disagreements)


def compare(doc: Document, workbook: Workbook, *, text: str | None = None) -> Verification:
    """Compare ``doc``'s pages with the workbook, counting what was compared.

    Args:
        doc: Parsed pages.
        workbook: The official values.
        text: The text ``doc`` was parsed from, if at hand: each value's line and column
            are then where its digits are printed. Without it, a section or composite
            score is placed on its header or block line, column 1.

    Returns:
        The disagreements, counts and unmatched pages.

    """
    lines = text.split("\n") if text is not None else None
    disagreements: list[Disagreement] = []
    unmatched: list[Unmatched] = []
    pages = fields = 0
    for profile in doc.profiles:
        official = _official(profile, workbook)
        if isinstance(official, Unmatched):
            unmatched.append(official)
            continue
        pages += 1
        for disagreement, compared in _page(profile, official, lines):
            fields += compared
            if disagreement is not None:
                disagreements.append(disagreement)
    return Verification(tuple(disagreements), pages, fields, tuple(unmatched))


def _official(profile: Profile, workbook: Workbook) -> OfficialRow | Unmatched:
    def unmatched(reason: str) -> Unmatched:
        source = profile.source
        return Unmatched(source.file, source.start_line, profile.country, profile.edition, reason)

    if profile.iso3 is None:
        return unmatched("the page's country is unknown (give it with --country)")
    row = workbook.row(profile.iso3, profile.edition)
    if row is None:
        if profile.edition not in workbook.editions:
            return unmatched(f"the workbook has no {profile.edition} edition")
        return unmatched(f"the workbook has no {profile.country} in {profile.edition}")
    return row


_Check = tuple[Disagreement | None, int]


def _page(profile: Profile, row: OfficialRow, lines: Sequence[str] | None) -> Iterator[_Check]:
    """Compare one page's values; yield (disagreement or None, 1) per value compared."""
    place = _Places(profile, lines)
    wrong: set[str] = set()  # sections with a disagreeing score

    def check(field: str, parsed: Decimal | None, at: tuple[int, int], printed: bool) -> _Check:
        official = row.values.get(field)
        if parsed is None or official is None:
            return None, 0
        if parsed == official:
            return None, 1
        line, column = at
        found = Disagreement(
            profile.source.file, line, column, profile.country or row.country.name,
            profile.edition, field, parsed, official, printed,
        )  # fmt: skip
        return found, 1

    for section in profile.sections:
        for indicator in section.indicators:
            at = place.on(indicator.line, indicator.score)
            result = check(indicator.key, indicator.score, at, True)
            if result[0] is not None:
                wrong.add(section.key)
            yield result
        if section.key != "resilience":  # the resilience section is computed, not printed
            score = section.score
            result = check(section.key, score, place.after(section.line, score), True)
            if result[0] is not None:
                wrong.add(section.key)
            yield result
    details = profile.details
    for field, parts in (
        ("criminality", {"criminal_markets", "criminal_actors"}),
        ("resilience", {"resilience"}),
    ):
        shown: Decimal | None = getattr(details, field) if details is not None else None
        if details is not None and shown is not None:
            yield check(field, shown, place.within(details.line, details.end_line, shown), True)
        elif not wrong & parts:
            computed: Decimal | None = getattr(profile, field)
            start = profile.source.start_line
            if field == "resilience":
                start = next((s.line for s in profile.sections if s.key == field), start)
            yield check(field, computed, (start, 1), False)


@attrs.frozen(slots=True)
class _Places:
    """Where a value's digits are printed, found in the page's text when it is at hand."""

    profile: Profile
    lines: Sequence[str] | None

    def on(self, line: int, value: Decimal) -> tuple[int, int]:
        # An indicator's line is its name's: the score follows on it, or on a line below.
        if self.lines is not None and line <= len(self.lines):
            column = self.lines[line - 1].find(str(value))
            if column >= 0:
                return line, column + 1
        return self.after(line, value)

    def after(self, line: int, value: Decimal | None) -> tuple[int, int]:
        return self.within(line, self.profile.source.end_line, value)

    def within(self, first: int, last: int, value: Decimal | None) -> tuple[int, int]:
        if self.lines is not None and value is not None:
            digits = str(value)
            for number in range(first, min(last, len(self.lines)) + 1):
                text = self.lines[number - 1]
                stripped = text.lstrip()
                if stripped.startswith(digits):
                    return number, len(text) - len(stripped) + 1
        return first, 1
