"""Typed records for parsed pages: frozen, slotted attrs classes.

Every field read from the text carries the 1-based line it came from.
Scores and deltas are :class:`~decimal.Decimal` with two places, exactly as printed.
"""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any, Literal

import attrs
from attrs import validators as v

from ocparse.codes import Code, Severity

__all__ = [
    "Diagnostic",
    "Document",
    "Indicator",
    "Paragraph",
    "Profile",
    "ProfileDetails",
    "Rank",
    "Section",
    "Severity",
    "SkipReason",
    "SkippedLine",
    "Source",
]

SkipReason = Literal["boilerplate", "prologue", "profile", "duplicate", "unrecognized"]

_SEVERITIES = typing.get_args(Severity)
_SKIP_REASONS = ("boilerplate", "prologue", "profile", "duplicate", "unrecognized")
_positive = v.and_(v.instance_of(int), v.ge(1))
_optional_score = v.optional(v.instance_of(Decimal))


def _file() -> Any:
    """The input an entry of a document made from several inputs belongs to.

    :func:`ocparse.load_json` sets it from the ``file`` keys ``ocparse convert`` writes
    for several inputs (and the command sets it to write them); the parser leaves it
    None, as it is for standard input. The key is
    optional in JSON (``metadata``), so documents of one input have none.
    """
    return attrs.field(
        default=None, kw_only=True, validator=v.optional(v.instance_of(str)),
        metadata={"optional": True},
    )  # fmt: skip


def _score_line() -> Any:
    """The line of the score line under the name: where the page prints the delta.

    None for a record built without a page, and for the resilience section (no header,
    so no score line of its own). The key is optional in JSON: documents written before
    it existed have none.
    """
    return attrs.field(
        default=None, kw_only=True, validator=v.optional(_positive),
        metadata={"optional": True},
    )  # fmt: skip


def _code(value: str) -> Code:
    """The registered :class:`~ocparse.codes.Code` of ``value``; an unknown code is refused."""
    if isinstance(value, Code):
        return value
    try:
        return Code(value)
    except ValueError:
        raise ValueError(f"unknown diagnostic code {value!r}; see ocparse.codes") from None


def _score(_: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not isinstance(value, Decimal):
        raise TypeError(f"{attribute.name} must be a Decimal, got {value!r}")
    if not Decimal(1) <= value <= Decimal(10):
        raise ValueError(f"{attribute.name} must be in [1, 10], got {value}")


@attrs.frozen(slots=True)
class Diagnostic:
    """A problem or remark about the input, at a 1-based line and column.

    ``code`` is a stable identifier (``unknown-indicator``, ``section-score-mismatch``, …)
    for filtering, one of :class:`~ocparse.codes.Code` (a ``str``; others are refused);
    ``message`` is for people. ``file`` names the input in a document read
    back from several inputs' JSON (see :func:`ocparse.load_json`), else None.
    """

    line: int = attrs.field(validator=v.instance_of(int))
    column: int = attrs.field(validator=v.instance_of(int))
    severity: Severity = attrs.field(validator=v.in_(_SEVERITIES))
    code: Code = attrs.field(converter=_code)
    message: str = attrs.field(validator=v.instance_of(str))
    file: str | None = _file()


@attrs.frozen(slots=True)
class SkippedLine:
    """A non-blank input line that is not part of any record, and why.

    ``file`` names the input as in :class:`Diagnostic`.
    """

    line: int = attrs.field(validator=_positive)
    text: str = attrs.field(validator=v.instance_of(str))
    reason: SkipReason = attrs.field(validator=v.in_(_SKIP_REASONS))
    file: str | None = _file()


@attrs.frozen(slots=True)
class Source:
    """Where a page came from: the input file (None for text) and its line span."""

    file: str | None
    start_line: int = attrs.field(validator=_positive)
    end_line: int = attrs.field(validator=_positive)


@attrs.frozen(slots=True)
class Indicator:
    """One indicator of a page: its score, change since the last edition, and narrative.

    ``delta`` is None when the page prints ``n/a`` or the edition has no deltas.
    ``narrative`` is the indicator's own text; ``paragraph`` the index of the first
    paragraph that discusses it (None when no paragraph does).
    """

    key: str
    name: str
    score: Decimal = attrs.field(validator=_score)
    delta: Decimal | None = attrs.field(validator=_optional_score)
    description: str | None
    line: int = attrs.field(validator=_positive)
    narrative: str | None = None
    paragraph: int | None = None
    score_line: int | None = _score_line()


@attrs.frozen(slots=True)
class Section:
    """A section of a page with its score and indicators.

    The resilience section has no header line in dumps: its ``score`` and ``delta`` are
    computed from its indicators (None unless all of the edition's were read),
    ``description`` is None and ``line`` is the line of its first indicator.
    """

    key: str
    name: str
    score: Decimal | None = attrs.field(validator=v.optional(_score))
    delta: Decimal | None = attrs.field(validator=_optional_score)
    description: str | None
    line: int = attrs.field(validator=_positive)
    indicators: tuple[Indicator, ...] = ()
    score_line: int | None = _score_line()


@attrs.frozen(slots=True)
class Paragraph:
    """A narrative paragraph (one line of the dump) and the indicator keys it covers."""

    index: int
    line: int = attrs.field(validator=_positive)
    text: str
    indicators: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class Rank:
    """A rank line of the profile block: ``44th of 193 countries 3``.

    ``measure`` is ``criminality`` or ``resilience``; ``scope`` is ``world`` or the
    continent or region named (``Asia``, ``Central & Eastern Europe``); ``change`` is the
    printed change since the last edition (None when not printed).
    """

    measure: str
    scope: str
    rank: int = attrs.field(validator=_positive)
    of: int = attrs.field(validator=_positive)
    change: int | None
    line: int = attrs.field(validator=_positive)


@attrs.frozen(slots=True)
class ProfileDetails:
    """What a profile block before the scores says, where the scrape has one.

    Values are kept as printed where their format varies (``area``: ``1,234 km²``;
    ``gdp``: ``USD 12,345.67 million`` or ``No data``); ``population`` is an integer.
    ``criminality``/``resilience`` are the printed composite scores with their deltas.
    ``line`` and ``end_line`` span the block.
    """

    line: int = attrs.field(validator=_positive)
    end_line: int = attrs.field(validator=_positive)
    country: str | None = None
    capital: str | None = None
    income_group: str | None = None
    population: int | None = None
    area: str | None = None
    geography: str | None = None
    gdp: str | None = None
    gini: str | None = None
    criminality: Decimal | None = None
    criminality_delta: Decimal | None = None
    resilience: Decimal | None = None
    resilience_delta: Decimal | None = None
    ranks: tuple[Rank, ...] = ()


@attrs.frozen(slots=True)
class Profile:
    """One country page: composites, sections with indicators, and narrative paragraphs.

    ``details`` holds the profile block (capital, population, ranks …) when the scrape
    has one. ``criminality`` is the mean of the criminal markets and criminal actors means and
    ``resilience`` the mean of the resilience indicators, both computed from unrounded
    means and rounded half-up to two places, as the Index does. A section with indicators
    missing counts with the score the page prints for it; with none printed, the composite
    is None (and a diagnostic says why): never a mean of part of a section.
    """

    source: Source
    country: str | None
    iso3: str | None
    edition: int
    criminality: Decimal | None
    resilience: Decimal | None
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    details: ProfileDetails | None = None

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """All indicators of the page, in page order."""
        return tuple(i for s in self.sections for i in s.indicators)

    def section(self, key: str) -> Section:
        """Return the section with this key; ``KeyError`` names the keys present."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(f"no section {key!r}; this page has {[s.key for s in self.sections]}")

    def indicator(self, key: str) -> Indicator:
        """Return the indicator with this key, e.g. ``profile.indicator("cocaine_trade")``.

        ``KeyError`` when the page has no such indicator.
        """
        for i in self.indicators:
            if i.key == key:
                return i
        raise KeyError(f"no indicator {key!r} on this page")


@attrs.frozen(slots=True)
class Document:
    """Everything read from one input: its pages, the lines skipped, and diagnostics."""

    profiles: tuple[Profile, ...] = ()
    skipped: tuple[SkippedLine, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
