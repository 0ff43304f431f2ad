r"""Write records back as page text in the format ocparse reads: the inverse of :func:`parse`.

:func:`render` writes one :class:`~ocparse.records.Profile` as a page and
:func:`render_document` several pages back to back, in one of the scrape styles ocparse
supports (see ``STYLES``):

* ``compact``: the sample's layout: one field a line, no indentation, no blank lines.
* ``indented``: every field indented by four spaces, with an empty line between fields.
* ``profile``: ``indented``, with the title lines and profile block (capital, population,
  the criminality score with its rank lines …) before the scores, from ``profile.details``.
* ``prologue``: ``compact``, after site-navigation lines whose last one is glued to the
  first header (``Read more on ocindex.netCriminal markets``).

Any style can be written with ``\r\n`` or ``\r`` line ends (``newline=``), a byte order
mark (``bom=True``) and the site footer after the last page (``footer=True``).

Only what the parser reads back is written: scores through
:func:`ocparse.fused.format_score` / :func:`~ocparse.fused.format_delta`, names,
definitions and paragraphs as the records hold them. The resilience section has no header
on the site, so its score is not written (``parse`` computes it).

Line numbers. Records carry the 1-based lines they were read from, and those depend on
the style. :func:`layout` returns the profile with the lines (and ``source``) that
``render`` gives it in a style, and without ``details`` in styles that have no profile
block; :func:`layout_document` does the same for a document and predicts the lines that
``parse`` skips (prologue, profile titles, footer). For a consistent profile (as
``parse`` returns for a page without warnings, or as :mod:`ocparse.strategies` makes),
``parse(render(p, style=s)).profiles[0] == layout(p, s)``.

>>> import ocparse
>>> from ocparse.render import layout, render
>>> doc = ocparse.parse_file("fixtures/2025_netherlands_belgium.txt")
>>> belgium = doc.profiles[1]
>>> text = render(belgium, style="indented")
>>> text.splitlines()[:3]
['    Criminal markets', '', '    5.530.36']
>>> ocparse.parse(text).profiles[0] == layout(belgium, "indented")
True
>>> layout(belgium, "indented").indicator("cocaine_trade").line
67
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Literal

import attrs

from ocparse import editions
from ocparse.fused import format_delta, format_score
from ocparse.records import (
    Document,
    Indicator,
    Profile,
    ProfileDetails,
    Rank,
    Section,
    SkippedLine,
    SkipReason,
    Source,
)

__all__ = [
    "DEFAULT_PROLOGUE",
    "FOOTER",
    "NEWLINES",
    "STYLES",
    "Style",
    "layout",
    "layout_document",
    "rank_text",
    "render",
    "render_document",
    "score_line",
]

Style = Literal["compact", "indented", "profile", "prologue"]

STYLES: tuple[Style, ...] = ("compact", "indented", "profile", "prologue")
"""The scrape styles :func:`render` writes."""

NEWLINES: tuple[str, ...] = ("\n", "\r\n", "\r")
"""The line ends :func:`render` can write (``parse`` reads all three)."""

DEFAULT_PROLOGUE: tuple[str, ...] = (
    "How to measure organized crime?",
    "A series of 13 discussion papers, produced under the Index, examines the methodology.",
    "Read more on ocindex.net",
)
"""Site-navigation lines written before the first page in the ``prologue`` style."""

FOOTER: tuple[str, ...] = (
    "For a better experience, please rotate your device.",
    "The criminal markets score is represented by the pyramid base size and the criminal "
    "actors score is represented by the pyramid height, on a scale ranging from 1 to 10. "
    "The resilience score is represented by the panel height, which can be identified by "
    "the side of the panel.",
    "The Index Podcast",
    "A deep dive into the Global Organized Crime Index",
    "We're constantly working to improve the Index. By participating in this survey, you "
    "will be providing us with insights and suggestions that will help us make the Index an "
    "even better resource.",
)
"""The site footer written after the last page with ``footer=True`` (as in the sample)."""

_INDENT = "    "
_TITLE = "The Organized Crime Index | ENACT"
_HEADERLESS = "resilience"  # dumps print no header line for this section
_MEASURES = (("criminality", "Criminality score"), ("resilience", "Resilience score"))
# The fields of ProfileDetails a profile block prints under a label (the edition's).
_FIELDS = ("capital", "income_group", "population", "area", "geography", "gdp", "gini")


def render(
    profile: Profile,
    *,
    style: Style = "compact",
    newline: str = "\n",
    bom: bool = False,
    footer: bool = False,
    prologue: Sequence[str] = DEFAULT_PROLOGUE,
) -> str:
    r"""Write one profile as a page in ``style``; the text ends with a line end.

    ``newline`` is ``"\n"``, ``"\r\n"`` or ``"\r"``; ``bom`` starts the text with U+FEFF;
    ``footer`` adds the site footer; ``prologue`` gives the site-navigation lines of the
    ``prologue`` style. Raises ``ValueError`` for a profile no page can hold (no
    ``Criminal markets`` section first, a headed section without a score, a field holding
    a line end).

    >>> import ocparse
    >>> page = ocparse.parse_file("fixtures/2025_netherlands_belgium.txt").profiles[0]
    >>> render(page, style="prologue").splitlines()[2:4]
    ['Read more on ocindex.netCriminal markets', '5.330.10']
    """
    return render_document(
        (profile,), style=style, newline=newline, bom=bom, footer=footer, prologue=prologue
    )


def render_document(
    doc: Document | Iterable[Profile],
    *,
    style: Style = "compact",
    newline: str = "\n",
    bom: bool = False,
    footer: bool = False,
    prologue: Sequence[str] = DEFAULT_PROLOGUE,
) -> str:
    r"""Write several profiles back to back (a document's, or any iterable), as :func:`render`.

    The prologue goes before the first page only and the footer after the last one, as
    on the site. Skipped lines and diagnostics of a :class:`Document` are not written.

    >>> import ocparse
    >>> sample = open("fixtures/2025_netherlands_belgium.txt", encoding="utf-8").read()
    >>> render_document(ocparse.parse(sample), footer=True) == sample + "\n"
    True
    """
    if newline not in NEWLINES:
        raise ValueError(f"newline must be one of {NEWLINES!r}, got {newline!r}")
    sheet, _ = _lay_out(_profiles(doc), style, footer=footer, prologue=prologue, file=None)
    text = "".join(line + newline for line in sheet.lines)
    return "\ufeff" + text if bom else text


def layout(
    profile: Profile,
    style: Style = "compact",
    *,
    file: str | None = None,
    prologue: Sequence[str] = DEFAULT_PROLOGUE,
) -> Profile:
    """Return ``profile`` as ``parse`` reads it back from ``render(profile, style=style)``.

    Every line number (indicators, sections, paragraphs, ``source``, profile block and
    ranks) is the one the page has in ``style``; ``details`` is dropped in styles without
    a profile block; ``source.file`` is ``file``. Nothing else changes, so for a
    consistent profile ``parse(render(p, style=s)).profiles[0] == layout(p, s)``.
    """
    _, profiles = _lay_out((profile,), style, footer=False, prologue=prologue, file=file)
    return profiles[0]


def layout_document(
    doc: Document | Iterable[Profile],
    style: Style = "compact",
    *,
    footer: bool = False,
    file: str | None = None,
    prologue: Sequence[str] = DEFAULT_PROLOGUE,
) -> Document:
    """Return the :class:`Document` ``parse`` gives for :func:`render_document` of ``doc``.

    Its profiles are re-lined as by :func:`layout`, ``skipped`` lists the lines the
    renderer wrote that no record holds (prologue, profile-block titles, footer), and
    ``diagnostics`` is empty: a document of consistent profiles parses without any.
    """
    sheet, profiles = _lay_out(_profiles(doc), style, footer=footer, prologue=prologue, file=file)
    skipped = tuple(sorted(sheet.skipped, key=lambda s: s.line))
    return Document(profiles=tuple(profiles), skipped=skipped, diagnostics=())


def score_line(score: Decimal, delta: Decimal | None, edition: int) -> str:
    """Return the score line the site prints: ``5.330.10``, ``7.00 n/a`` or ``5.33``.

    An edition without deltas (2021) prints the score only; ``ValueError`` for a year
    that is no edition.

    >>> score_line(Decimal("7.00"), Decimal("-0.50"), 2025)
    '7.00-0.50'
    >>> score_line(Decimal("2.50"), None, 2023), score_line(Decimal("2.50"), None, 2021)
    ('2.50 n/a', '2.50')
    """
    if delta is None and editions.get(edition).deltas == "none":
        return format_score(score)
    return format_score(score) + format_delta(delta)


def rank_text(rank: Rank) -> str:
    """Return a rank line as the site prints it, the change glued to a region's name.

    >>> rank_text(Rank("criminality", "Asia", 9, 46, -2, 1))
    '9th of 46 countries in Asia-2'
    >>> rank_text(Rank("criminality", "world", 44, 193, 3, 1))
    '44th of 193 countries 3'
    """
    text = f"{rank.rank}{_ordinal(rank.rank)} of {rank.of} countries"
    change = "" if rank.change is None else str(rank.change)
    if rank.scope != "world":
        return f"{text} in {rank.scope}{change}"
    return f"{text} {change}" if change else text


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _profiles(doc: Document | Iterable[Profile]) -> tuple[Profile, ...]:
    return doc.profiles if isinstance(doc, Document) else tuple(doc)


@attrs.define(slots=True)
class _Sheet:
    """The lines written so far, and those of them that ``parse`` skips."""

    indent: str
    spaced: bool
    lines: list[str] = attrs.Factory(list)
    skipped: list[SkippedLine] = attrs.Factory(list)
    titled: bool = False

    def field(self, text: str) -> int:
        """Write a field (indented and spaced in the indented styles); return its line."""
        _check_line(text)
        if self.spaced and self.lines:
            self.lines.append("")
        self.titled = False
        self.lines.append(self.indent + text)
        return len(self.lines)

    def title(self, text: str) -> int:
        """Write a title line of a profile block: never indented, no blank line between."""
        _check_line(text)
        if self.spaced and self.lines and not self.titled:
            self.lines.append("")
        self.titled = True
        self.lines.append(text)
        return len(self.lines)

    def skip(self, line: int, text: str, reason: SkipReason) -> int:
        """Record that ``parse`` skips ``text`` on ``line``."""
        self.skipped.append(SkippedLine(line, text.strip(), reason))
        return line


def _check_line(text: str) -> None:
    if "\n" in text or "\r" in text:
        raise ValueError(f"a field of a page is one line; got {text!r}")
    if not text.strip():
        raise ValueError("a field of a page is not blank")


def _lay_out(
    profiles: Sequence[Profile],
    style: Style,
    *,
    footer: bool,
    prologue: Sequence[str],
    file: str | None,
) -> tuple[_Sheet, list[Profile]]:
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES!r}, got {style!r}")
    indented = style in ("indented", "profile")
    sheet = _Sheet(_INDENT if indented else "", spaced=indented)
    glue = ""
    if style == "prologue" and profiles and prologue:
        *lines, glue = prologue
        for text in lines:
            sheet.skip(sheet.field(text), text, "prologue")
    laid = []
    for profile in profiles:
        laid.append(_page(sheet, profile, style, glue, file))
        glue = ""
    if footer and profiles:
        for text in FOOTER:
            sheet.skip(sheet.field(text), text, "boilerplate")
    return sheet, laid


def _page(sheet: _Sheet, profile: Profile, style: Style, glue: str, file: str | None) -> Profile:
    if not profile.sections or profile.sections[0].key != "criminal_markets":
        raise ValueError("a page starts with its Criminal markets section")
    details = None
    if style == "profile" and profile.details is not None:
        details = _details(sheet, profile.details, profile.edition)
    sections = []
    for section in profile.sections:
        sections.append(_section(sheet, section, profile.edition, glue))
        glue = ""
    paragraphs = tuple(attrs.evolve(p, line=sheet.field(p.text)) for p in profile.paragraphs)
    start = details.line if details else sections[0].line
    source = Source(file, start, len(sheet.lines))
    return attrs.evolve(
        profile, source=source, sections=tuple(sections), paragraphs=paragraphs, details=details
    )


def _section(sheet: _Sheet, section: Section, edition: int, glue: str) -> Section:
    if section.key == _HEADERLESS:
        if not section.indicators:
            raise ValueError("a resilience section without indicators cannot be written")
        indicators = tuple(_indicator(sheet, i, edition) for i in section.indicators)
        return attrs.evolve(section, line=indicators[0].line, indicators=indicators)
    if section.score is None:
        raise ValueError(f"section {section.name!r} has no score to print")
    line = sheet.field(glue + section.name)
    if glue.strip():
        sheet.skip(line, glue, "prologue")
    scored = sheet.field(score_line(section.score, section.delta, edition))
    if section.description is not None:
        sheet.field(section.description)
    indicators = tuple(_indicator(sheet, i, edition) for i in section.indicators)
    return attrs.evolve(section, line=line, indicators=indicators, score_line=scored)


def _indicator(sheet: _Sheet, indicator: Indicator, edition: int) -> Indicator:
    line = sheet.field(indicator.name)
    scored = sheet.field(score_line(indicator.score, indicator.delta, edition))
    if indicator.description is not None:
        sheet.field(indicator.description)
    return attrs.evolve(indicator, line=line, score_line=scored)


def _details(sheet: _Sheet, details: ProfileDetails, edition: int) -> ProfileDetails:
    """Write the title lines and profile block as the indented scrapes have them."""
    first = sheet.skip(sheet.title(_TITLE), _TITLE, "profile")
    printed = editions.get(edition)
    for text in printed.profile_titles:
        sheet.skip(sheet.title(text), text, "profile")
    if details.country is not None:
        sheet.title(details.country)  # the line parse reads the country from
        sheet.skip(sheet.title("x"), "x", "profile")
    sheet.skip(sheet.field("Profile"), "Profile", "profile")
    if details.country is not None:
        sheet.skip(sheet.field(details.country), details.country, "profile")
    labelled = dict(printed.profile_labels)
    unlabelled = [f for f in _FIELDS if getattr(details, f) is not None and f not in labelled]
    if unlabelled:
        raise ValueError(f"the {edition} profile block prints no {unlabelled[0]!r} field")
    for name, label in printed.profile_labels:
        value = getattr(details, name)
        if value is not None:
            sheet.field(label)
            sheet.field(f"{value:,}" if name == "population" else str(value))
    ranks: list[Rank] = []
    for measure, label in _MEASURES:
        score: Decimal | None = getattr(details, measure)
        own = [r for r in details.ranks if r.measure == measure]
        if score is not None:
            sheet.field(score_line(score, getattr(details, f"{measure}_delta"), edition))
            sheet.field(label)
        elif own and measure != "criminality":
            raise ValueError(f"{measure} ranks are printed under a {measure} score; it has none")
        ranks += [attrs.evolve(r, line=sheet.field(rank_text(r))) for r in own]
    unknown = [r for r in details.ranks if r.measure not in dict(_MEASURES)]
    if unknown:
        raise ValueError(f"unknown rank measure {unknown[0].measure!r}")
    return attrs.evolve(details, line=first, end_line=len(sheet.lines), ranks=tuple(ranks))
