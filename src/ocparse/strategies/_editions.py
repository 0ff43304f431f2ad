"""What the strategies know of each edition beyond the taxonomy: the one home of its literals.

Indicators, their order and their delta style come from the library (``taxonomy``,
:func:`ocparse.editions.expected_kind`); what is left is page text that differs by
edition. Keep every edition literal of the strategies here, so that an editions table
can replace them in one place.
"""

from __future__ import annotations

from ocparse import taxonomy

__all__ = ["gdp_in_usd_millions", "ranks_change"]

_GDP_AS_PLAIN_NUMBER_SINCE = 2025


def ranks_change(edition: int) -> bool:
    """Whether a rank line prints a change: every edition after the first one."""
    return edition != taxonomy.EDITIONS[0]


def gdp_in_usd_millions(edition: int) -> bool:
    """Whether the profile block prints GDP as ``USD 1,234.00 million`` (before 2025)."""
    return edition < _GDP_AS_PLAIN_NUMBER_SINCE
