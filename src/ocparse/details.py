"""Read the profile block some scrapes print before the scores.

```
Profile / Freedonia / Capital / Port Town / Population / 1,234,567 /
5.420.11 / Criminality score / 44th of 193 countries 3 / 9th of 46 countries in Asia-2
```
Labels vary by edition (``Area`` or ``Area (KM²)``, ``Gross domestic product (GDP)`` or
``… (GDP - CURRENT $US MILLION)``; ``profile_labels`` in ``data/editions.json``, which
:mod:`ocparse.render` writes) and any may be missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import attrs
import regex
from lark import Token

from ocparse import _data, editions
from ocparse.codes import Code
from ocparse.countries import lookup_country
from ocparse.errors import ParseError
from ocparse.fused import parse_fused
from ocparse.records import ProfileDetails, Rank
from ocparse.report import Reporter
from ocparse.taxonomy import slug

__all__ = ["MEASURE_LABEL", "merge_details", "read_details"]

MEASURE_LABEL = regex.compile(r"(?i)(criminality|resilience) score")
"""The line after a composite's score line in a profile block (match it in full)."""

# The change is glued to region names ("in Asia-4", "in Central & Eastern Europe1"),
# which never end in digits, or follows a space ("countries -12").
_RANK = regex.compile(
    r"(?P<rank>\d+)(?:st|nd|rd|th) of (?P<of>\d+) countries"
    r"(?: in (?P<scope>.*?[^\d\s+\-−]))? *(?P<change>[+\-−]? *\d+)?",
    regex.IGNORECASE,
)
_POPULATION = regex.compile(r"\d{1,3}(?:[,.\s]\d{3})*|\d+")


def read_details(tokens: Sequence[Token], rep: Reporter) -> ProfileDetails | None:
    """Return the details of a profile block; unused lines go to skipped as ``profile``."""
    if not tokens:
        return None
    fields = _fields()
    values: dict[str, Any] = {}
    ranks: list[Rank] = []
    measure = "criminality"
    i = 0
    while i < len(tokens):
        token, text = tokens[i], tokens[i].value.strip()
        after = tokens[i + 1].value.strip() if i + 1 < len(tokens) else None
        field = fields.get(slug(text))
        if field and after is not None:
            values[field] = after
            i += 2
        elif after is not None and (label := MEASURE_LABEL.fullmatch(after)):
            measure = label[1].lower()
            _read_measure(tokens[i], measure, values, rep)
            i += 2
        elif rank := _rank(text, measure, token.line or 1):
            ranks.append(rank)
            i += 1
        else:
            _other_line(token, text, values, rep)
            i += 1
    values["population"] = _population(values.get("population"))
    first, last = tokens[0].line or 1, tokens[-1].line or 1
    return ProfileDetails(line=first, end_line=last, ranks=tuple(ranks), **values)


@cache
def _fields() -> dict[str, str]:
    """The field each label of any edition's profile block names, by the label's slug."""
    return {slug(label): field for e in editions.all() for field, label in e.profile_labels}


_data.on_change(_fields.cache_clear)


def _read_measure(token: Token, measure: str, values: dict[str, Any], rep: Reporter) -> None:
    try:
        fused = parse_fused(token.value.strip(), line=token.line or 1, column=token.column or 1)
    except ParseError as error:
        rep.reject(error, Code.INVALID_SCORE)
        return
    values[measure] = fused.score
    values[f"{measure}_delta"] = fused.delta


def _rank(text: str, measure: str, line: int) -> Rank | None:
    found = _RANK.fullmatch(text)
    if found is None:
        return None
    change = found["change"]
    return Rank(
        measure=measure,
        scope=found["scope"] or "world",
        rank=int(found["rank"]),
        of=int(found["of"]),
        change=int(change.replace("−", "-").replace(" ", "")) if change else None,
        line=line,
    )


def _other_line(token: Token, text: str, values: dict[str, Any], rep: Reporter) -> None:
    """The country name line is kept; titles, "x" and chart labels are skipped."""
    country = lookup_country(text) if "country" not in values else None
    if country is not None:
        values["country"] = country.name
    else:
        rep.skip(token.line or 1, text, "profile")


def _population(printed: str | None) -> int | None:
    if printed is None or not _POPULATION.fullmatch(printed):
        return None
    return int(regex.sub(r"\D", "", printed))


def merge_details(
    first: ProfileDetails | None, second: ProfileDetails | None
) -> ProfileDetails | None:
    """Join the details of two blocks of one page (a profile block, a mid-page measure).

    A field keeps the first block's value when it has one; ranks are joined in page
    order; ``line`` and ``end_line`` span both.
    """
    if first is None or second is None:
        return first or second
    values = {
        field.name: getattr(first, field.name)
        if getattr(first, field.name) is not None
        else getattr(second, field.name)
        for field in attrs.fields(ProfileDetails)
    }
    values.update(
        line=min(first.line, second.line),
        end_line=max(first.end_line, second.end_line),
        ranks=first.ranks + second.ranks,
    )
    return ProfileDetails(**values)
