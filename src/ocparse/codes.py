"""Every diagnostic code ocparse reports, with its severity and summary, in one place.

A rule reports ``Code.NO_HEADER``, never the string ``"no-header"``: grep for
``Code.NO_HEADER`` finds every place that reports it, and a code no rule reports fails
``tests/test_codes.py``. The severity comes from here, so a rule cannot give a code
another severity than its documented one. ``docs/format.md`` lists this table, written by
``tools/make_codes_table.py`` (a test checks that the committed table is the generated one).

In JSON a code stays its plain string (``"no-header"``); ``Code`` is a ``str``, so
``diagnostic.code == "no-header"`` holds.

>>> Code.NO_HEADER.severity
'error'
>>> Code("repeated-indicator").severity
'info'
>>> f"[{Code.NO_PAGE}]"
'[no-page]'
"""

from __future__ import annotations

import enum
import typing
from typing import Literal

__all__ = ["Code", "Severity"]

Severity = Literal["error", "warning", "info"]
"""How bad a diagnostic is: ``error`` raises in strict mode; ``warning`` and ``info`` never do."""


class Code(str, enum.Enum):
    """A diagnostic code: its value (``"no-header"``), :attr:`severity` and :attr:`summary`.

    To add a diagnostic: add a member here, report it from the rule, and run
    ``tools/make_codes_table.py`` to regenerate the table in ``docs/format.md``.
    """

    _value_: str
    severity: Severity
    """``error``, ``warning`` or ``info``: what every diagnostic of this code has."""
    summary: str
    """What the code means, in one line of Markdown (the docs table's *meaning* column)."""

    def __new__(cls, value: str, *registry: str) -> Code:
        """A member, written ``(value, severity, summary)``; its value is the code alone."""
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity, member.summary = typing.cast("tuple[Severity, str]", registry)
        return member

    def __str__(self) -> str:
        # The plain code, in f-strings and messages too (Python 3.12 formats mixed-in
        # enums with str(), which by default is "Code.NO_PAGE").
        return self._value_

    # Reading the input into pages.
    NO_PAGE = (
        "no-page",
        "error",
        "the input has text but no page (no `Criminal markets` header with a score line)",
    )
    TRUNCATED_PAGE = (
        "truncated-page",
        "error",
        "a profile block with no page after it (the scrape stopped, or the page's header is lost)",
    )
    NO_HEADER = (
        "no-header",
        "error",
        "score lines with no `Criminal markets` header before them: a page whose header is lost",
    )
    ORPHAN_PROLOGUE = ("orphan-prologue", "warning", "site navigation with no page after it")
    UNKNOWN_PROLOGUE = (
        "unknown-prologue",
        "warning",
        "a line before a page (not the first) that is no known site navigation",
    )
    # Reading a page's lines.
    INVALID_SCORE = ("invalid-score", "error", "a score line that no rule above reads")
    UNEXPECTED_LINE = ("unexpected-line", "error", "a text line between two indicator blocks")
    ORPHAN_SCORE = ("orphan-score", "error", "a score line without a name line before it")
    DUPLICATE_SECTION = ("duplicate-section", "error", "a section header twice on one page")
    DUPLICATE_INDICATOR = (
        "duplicate-indicator",
        "error",
        "an indicator twice on one page with different scores",
    )
    TRUNCATED_LINE = (
        "truncated-line",
        "error",
        "the page ends with a cut-off line, or inside a definition",
    )
    TRUNCATED_PARAGRAPH = (
        "truncated-paragraph",
        "warning",
        "the last narrative paragraph ends mid-sentence (it is kept)",
    )
    # Indicators against the edition.
    MISSING_INDICATOR = ("missing-indicator", "warning", "the page lacks indicators of its edition")
    INDICATOR_NOT_IN_EDITION = (
        "indicator-not-in-edition",
        "warning",
        "an indicator that its page's edition does not have",
    )
    INDICATOR_OUT_OF_SECTION = (
        "indicator-out-of-section",
        "warning",
        "an indicator under another section's header",
    )
    UNKNOWN_INDICATOR = (
        "unknown-indicator",
        "warning",
        "a name that matches no indicator (kept under its slug)",
    )
    MISSPELLED_INDICATOR = (
        "misspelled-indicator",
        "warning",
        "a name read as the indicator it nearly spells",
    )
    # Composites.
    SECTION_SCORE_MISMATCH = (
        "section-score-mismatch",
        "warning",
        "a printed section score more than 0.01 from the mean of its indicators",
    )
    SECTION_DELTA_MISMATCH = (
        "section-delta-mismatch",
        "warning",
        "the same for the section's delta",
    )
    INCOMPLETE_SECTION = (
        "incomplete-section",
        "warning",
        "a section with indicators missing and no printed score: its score is unknown (`null`)",
    )
    INCOMPLETE_COMPOSITE = (
        "incomplete-composite",
        "warning",
        "criminality is unknown (`null`): a section score it needs is unknown",
    )
    COMPOSITE_MISMATCH = (
        "composite-mismatch",
        "warning",
        "a profile block's criminality or resilience more than 0.01 from the computed one",
    )
    # Labels of the input, and other pages.
    FILE_COUNTRY_MISMATCH = (
        "file-country-mismatch",
        "warning",
        "the input is labelled (`country_hint=`, `--country-from`, `--manifest`) with another "
        "country than the page names; the page's wins",
    )
    FILE_EDITION_MISMATCH = (
        "file-edition-mismatch",
        "warning",
        "the input is labelled with another edition than the one the page clearly is; "
        "the page's wins",
    )
    EDITION_DELTA_MISMATCH = (
        "edition-delta-mismatch",
        "warning",
        "across pages ([`check_editions`][ocparse.check_editions], `validate`, `convert`): "
        "a printed delta that is not the score minus the score of the same country's page "
        "of the previous edition",
    )
    # Country and narratives.
    COUNTRY_UNDETECTED = ("country-undetected", "warning", "the narratives name no country")
    COUNTRY_UNCERTAIN = (
        "country-uncertain",
        "warning",
        "another country is named more than half as often as the chosen one",
    )
    UNKNOWN_COUNTRY = (
        "unknown-country",
        "warning",
        "`country=` names no country of the Index (kept as given, `iso3` null)",
    )
    WEAK_ALIGNMENT = (
        "weak-alignment",
        "warning",
        "a narrative paragraph's assignment to indicators is doubtful "
        "([Narrative alignment](alignment.md))",
    )
    # Remarks.
    REPEATED_INDICATOR = (
        "repeated-indicator",
        "info",
        "an indicator repeated with the same scores (legacy layout)",
    )
    EDITION_UNKNOWN = (
        "edition-unknown",
        "warning",
        "the page fits no edition exactly: read as the nearest, the message says what does not fit",
    )
    EDITION_AMBIGUOUS = (
        "edition-ambiguous",
        "warning",
        "the page fits two editions equally well: read as the latest",
    )
    EDITION_OVERRIDE = (
        "edition-override",
        "info",
        "`edition=` differs from the edition the page looks like",
    )
    COMPOSITE_FROM_PRINTED = (
        "composite-from-printed",
        "info",
        "a section with indicators missing: criminality uses its printed score",
    )
    AVERAGES_PAGE = (
        "averages-page",
        "info",
        "a region or continent page of averages: no country",
    )
    # The command line.
    UNREADABLE_INPUT = (
        "unreadable-input",
        "error",
        "`ocparse validate` only: input that is not text in UTF-8, UTF-16 or cp1252 "
        "(parsing raises `ParseError` instead)",
    )
