"""Hypothesis strategies for Organized Crime Index pages and the records ocparse reads from them.

Install with ``pip install ocparse[testing]`` (the core package never imports Hypothesis).

Every strategy makes *valid* data, exactly as :func:`ocparse.parse` returns it for some page:

* :func:`fused_scores` - score lines in every spelling the parser accepts, with their values;
* :func:`indicators`, :func:`sections`, :func:`profiles` - records of an edition: real
  indicator names, keys and definitions, indicator scores in 0.5 steps in [1, 10], deltas
  to a previous score in range (none in 2021, ``n/a`` for the indicators new in 2023),
  section scores that are the rounded means of their indicators, composites computed as
  the Index does, and narratives that name the country and open with each indicator's cue
  words (some paragraphs covering two indicators, some texts running on into a second);
* :func:`pages` and :func:`dumps` - ``(text, Document)`` pairs: page text in any scrape
  style (:data:`ocparse.render.STYLES`, with CRLF/CR line ends, BOM and footer) and the
  exact :class:`~ocparse.records.Document` ``parse`` returns for it, skipped lines
  included and no diagnostics.

Records carry the line numbers of the page they would be read from: ``profiles(style=s)``
gives the lines of ``render(p, style=s)``; :func:`ocparse.render.layout` re-lines a
profile for another style. Arguments take a value or a strategy (``edition=2023`` or
``edition=st.sampled_from([2023, 2025])``); ``scores=`` and ``previous_scores=`` replace
the strategies of indicator scores and of the scores of the previous edition. Examples
shrink towards plain pages: one short paragraph per indicator, scores 1.00, zero deltas.

>>> from hypothesis import given, settings
>>> import ocparse
>>> @settings(max_examples=5, deadline=None)
... @given(pages(edition=2025))
... def test_parse_reads_the_page(page):
...     text, expected = page
...     assert ocparse.parse(text) == expected
>>> test_parse_reads_the_page()
"""

from __future__ import annotations

try:  # every module of the package needs Hypothesis: say so once, here
    import hypothesis  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "ocparse.strategies needs Hypothesis: pip install 'ocparse[testing]'"
    ) from error

from ocparse.strategies.documents import Page, dumps, pages
from ocparse.strategies.names import countries, editions, styles
from ocparse.strategies.numbers import composite_scores, fused_scores, half_steps
from ocparse.strategies.records import indicators, profiles, sections

__all__ = [
    "Page",
    "composite_scores",
    "countries",
    "dumps",
    "editions",
    "fused_scores",
    "half_steps",
    "indicators",
    "pages",
    "profiles",
    "sections",
    "styles",
]
