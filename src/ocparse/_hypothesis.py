"""Hypothesis plugin: ``st.from_type(ocparse.Profile)`` gives valid profiles.

Hypothesis runs :func:`register` when it is imported, through the entry point

```toml
[project.entry-points.hypothesis]
_ = "ocparse._hypothesis:register"
```

It runs while Hypothesis itself is still initialising, so it only registers functions
that build the strategies later, when ``from_type`` first asks for one: nothing is drawn,
and :mod:`ocparse.strategies` is not imported until then.

>>> from hypothesis import given, settings, strategies as st
>>> import ocparse
>>> register()
>>> @settings(max_examples=3, deadline=None)
... @given(st.from_type(ocparse.Profile))
... def test_profiles_are_valid(profile):
...     assert profile.criminality is not None and profile.paragraphs
>>> test_profiles_are_valid()
"""

from __future__ import annotations

from typing import Any

__all__ = ["register"]


def _profiles(_: type) -> Any:
    from ocparse import strategies

    return strategies.profiles(style=strategies.styles())


def _documents(_: type) -> Any:
    from ocparse import strategies

    return strategies.dumps().map(lambda page: page[1])


def _part(kind: str) -> Any:
    def build(_: type) -> Any:
        from hypothesis import strategies as st

        from ocparse import strategies

        profiles = strategies.profiles(style=strategies.styles())
        if kind == "section":
            return profiles.flatmap(lambda p: st.sampled_from(p.sections))
        if kind == "indicator":
            return profiles.flatmap(lambda p: st.sampled_from(p.indicators))
        if kind == "paragraph":
            return profiles.flatmap(lambda p: st.sampled_from(p.paragraphs))
        if kind == "source":
            return profiles.map(lambda p: p.source)
        details = strategies.profiles(style="profile", details=True).map(lambda p: p.details)
        if kind == "details":
            return details
        return details.filter(_has_ranks).flatmap(_ranks_of)

    return build


def _has_ranks(details: Any) -> bool:
    return bool(details.ranks)


def _ranks_of(details: Any) -> Any:
    from hypothesis import strategies as st

    return st.sampled_from(details.ranks)


def _skipped(_: type) -> Any:
    from hypothesis import strategies as st

    from ocparse import strategies

    pages = strategies.pages(style=st.sampled_from(["profile", "prologue"]), footer=True)
    return pages.flatmap(lambda page: st.sampled_from(page[1].skipped))


def register() -> None:
    """Register strategies for the record classes with ``st.register_type_strategy``.

    ``Document``, ``Profile``, ``ProfileDetails``, ``Section``, ``Indicator``,
    ``Paragraph``, ``Rank``, ``Source`` and ``SkippedLine`` then resolve with
    ``st.from_type`` to records as :mod:`ocparse.strategies` makes them. Safe to call
    more than once.
    """
    from hypothesis import strategies as st

    from ocparse import records

    resolvers: dict[type, Any] = {
        records.Document: _documents,
        records.Profile: _profiles,
        records.ProfileDetails: _part("details"),
        records.Section: _part("section"),
        records.Indicator: _part("indicator"),
        records.Paragraph: _part("paragraph"),
        records.Rank: _part("rank"),
        records.Source: _part("source"),
        records.SkippedLine: _skipped,
    }
    for cls, resolve in resolvers.items():
        st.register_type_strategy(cls, resolve)
