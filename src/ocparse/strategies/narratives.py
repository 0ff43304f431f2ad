"""Narrative paragraphs that ``align`` reads back: cue words, merges, splits, gaps.

Two generators share the page shapes (merged paragraphs, split texts, missing ones):
the paragraphs of :func:`ocparse.strategies.profiles`, written from templates around
each indicator's cue words so that ``parse`` recovers them exactly, and
:func:`arranged_texts` / :func:`arrange`, which arrange texts you give (real prose) for
measuring :func:`ocparse.narratives.align` (tests/test_narratives.py and
benchmarks/alignment_accuracy.py).
"""

from __future__ import annotations

import dataclasses
import functools
import random
import re
from collections.abc import Mapping, Sequence

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from ocparse import editions as editions_table
from ocparse import taxonomy
from ocparse.countries import Country, detect_country, names_of
from ocparse.narratives import cue_keys, cues_of
from ocparse.records import Paragraph
from ocparse.sentences import split_sentences
from ocparse.strategies.names import _prose

__all__ = ["Rates", "Segment", "arrange", "arranged_texts"]

# A text that follows another in a merged paragraph names its indicator and a cue of it:
# with less ("Fraud featured ...") the split is in doubt and parse warns.
_OPEN_NAMED = ("{Name} remained a significant issue for {country}, with reports of {cue}.",)
_OPEN_ANY = (
    *_OPEN_NAMED,
    "{Name} featured prominently in {country} during the period under review.",
    "{Cue} featured prominently in {country} during the period under review.",
    "In {country}, {name} drew sustained attention.",
    "In {country}, observers noted {name}, including {cue}.",
)
_BODY = (
    "Observers in {country} describe the situation as serious.",
    "Reports from {country} also point to {cue}.",
    "This has been documented in {country} over recent years.",
    "The scale of {cue} in {country} has grown since the last assessment.",
)
_CUE_WORDS = re.compile(r"[a-z]+(?:[ -][a-z]+){0,3}")


@functools.cache
def _all_keys() -> tuple[str, ...]:
    """Every indicator key of every edition, in page order: the set cues compete in."""
    keys = (spec.key for spec in taxonomy.indicators())
    return tuple(dict.fromkeys(keys))


@functools.cache
def _cues(key: str) -> tuple[str, ...]:
    """Cue words of ``key`` (``data/cues.json``) that count for no other indicator.

    Only plain words (no ``*`` prefixes, digits or apostrophes), no country names or
    demonyms, and no phrase that also holds a cue of another key as ``align`` matches
    cues (:func:`ocparse.narratives.cue_keys`).
    """
    return tuple(
        cue
        for cue in cues_of(key)
        if _CUE_WORDS.fullmatch(cue)
        and cue_keys(cue, _all_keys()) == {key}
        and detect_country([cue, cue.title()]) is None
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


_OPEN_ANY_ST = st.sampled_from(_OPEN_ANY)
_OPEN_NAMED_ST = st.sampled_from(_OPEN_NAMED)
_BODIES_ST = st.lists(st.sampled_from(_BODY), max_size=2)
_ABSENT_ST = st.integers(0, 11)  # 11: the indicator has no paragraph
_JOIN_ST = st.integers(0, 5)  # 5: its text joins the paragraph before
_SPLIT_ST = st.integers(0, 7)  # 7: its text runs on into a second paragraph
_RUN_ON = (
    "Reports from {country} also point to {cue}.",
    "The scale of {cue} in {country} has grown since the last assessment.",
)
_RUN_ON_ST = st.sampled_from(_RUN_ON)


@functools.cache
def _page_cues(key: str, where: Country) -> tuple[str, ...]:
    """The cues of ``key`` (:func:`_cues`) that count on ``where``'s page.

    A name of the page's own country is no cue there ("Korean" on South Korea's page names
    the country, see :func:`ocparse.narratives.align`): a paragraph whose only cue it was
    would belong to no indicator the parser can know, and would be left unassigned.
    """
    own = names_of(where.iso3)
    return tuple(cue for cue in _cues(key) if cue_keys(cue, _all_keys(), own_names=own) == {key})


@functools.cache
def _cue_strategy(spec: taxonomy.IndicatorSpec, where: Country) -> SearchStrategy[str]:
    return st.sampled_from(_page_cues(spec.key, where) or (_lower_first(spec.name),))


def _draw_segment(
    draw: st.DrawFn, spec: taxonomy.IndicatorSpec, where: Country, opens: bool
) -> str:
    """One indicator's narrative text: an opening sentence with its cues, then 0-2 more.

    ``opens`` says the text starts its paragraph (any opening); otherwise it follows
    another indicator's text in a merged paragraph and opens with its name and a cue.
    """
    cue = _cue_strategy(spec, where)
    country = _prose(where)
    values = {"country": country, "Name": spec.name, "name": _lower_first(spec.name)}
    template = draw(_OPEN_ANY_ST if opens else _OPEN_NAMED_ST)
    first = draw(cue)
    sentences = [template.format(**values, cue=first, Cue=_upper_first(first))]
    for template in draw(_BODIES_ST):
        sentences.append(template.format(**values, cue=draw(cue)))
    return " ".join(sentences)


def _draw_continuation(draw: st.DrawFn, spec: taxonomy.IndicatorSpec, where: Country) -> str:
    """A second paragraph about the same indicator: it opens with one of its cues."""
    cue = _cue_strategy(spec, where)
    country = _prose(where)
    sentences = [draw(_RUN_ON_ST).format(country=country, cue=draw(cue))]
    for template in draw(_BODIES_ST):
        sentences.append(template.format(country=country, cue=draw(cue)))
    return " ".join(sentences)


@attrs.frozen
class _Narratives:
    paragraphs: tuple[Paragraph, ...]
    narrative: dict[str, str]
    paragraph_of: dict[str, int]


def _draw_narratives(
    draw: st.DrawFn,
    specs: Sequence[taxonomy.IndicatorSpec],
    where: Country,
    options: tuple[bool, bool, bool],
) -> _Narratives:
    """Paragraphs in indicator order; the truth ``align`` has to recover from them.

    ``options`` allow merged paragraphs, indicators without a paragraph, and indicators
    whose text runs on into a second paragraph. Every indicator draws the same choices
    whatever the others drew, so that shrinking one keeps the rest.
    """
    merged, missing, split = options
    groups: list[list[tuple[str, str]]] = []
    run_on = False  # the last paragraph continues an indicator's text
    for spec in specs:
        absent = missing and draw(_ABSENT_ST) == 11
        wanted = merged and draw(_JOIN_ST) == 5
        # (align cannot yet follow a text across a paragraph break within a merged one)
        joins = wanted and bool(groups) and len(groups[-1]) == 1 and not run_on
        text = _draw_segment(draw, spec, where, opens=not joins)
        more = _draw_continuation(draw, spec, where) if split and draw(_SPLIT_ST) == 7 else None
        if absent:
            continue
        if joins:
            groups[-1].append((spec.key, text))
        else:
            groups.append([(spec.key, text)])
        run_on = bool(more) and not joins
        if run_on:
            groups.append([(spec.key, more or "")])
    if not groups:  # every indicator drew "absent": keep the first one's text
        groups.append([(specs[0].key, _draw_segment(draw, specs[0], where, opens=True))])
    paragraphs: list[Paragraph] = []
    texts: dict[str, list[str]] = {}
    paragraph_of: dict[str, int] = {}
    for index, group in enumerate(groups):
        for key, text in group:
            texts.setdefault(key, []).append(text)
            paragraph_of.setdefault(key, index)
        keys = tuple(key for key, _ in group)
        paragraphs.append(Paragraph(index, 1, " ".join(t for _, t in group), keys))
    narrative = {key: "\n\n".join(parts) for key, parts in texts.items()}
    return _Narratives(tuple(paragraphs), narrative, paragraph_of)


# --- pages of given texts ----------------------------------------------------------------

Segment = tuple[str, str]
"""One indicator's text in a paragraph, as ``(key, text)``; key ``""`` for page furniture."""


@dataclasses.dataclass(frozen=True)
class Rates:
    """How often :func:`arrange` changes a page, as probabilities."""

    drop: float = 0.08
    """An indicator has no text."""
    split: float = 0.08
    """An indicator's text (of 4 sentences or more) is cut into two paragraphs."""
    merge: float = 0.15
    """An indicator's text joins the paragraph before (whole texts only)."""
    legacy: float = 0.25
    """The page lists only the first edition's indicators."""
    junk: float = 0.1
    """A line of page furniture (from ``furniture``) ends the narratives."""


def arrange(
    rng: random.Random,
    keys: Sequence[str],
    sources: Sequence[Mapping[str, str]],
    rates: Rates,
    furniture: Sequence[str] = (),
) -> tuple[list[str], list[list[Segment]]]:
    """Build one page from real indicator texts: the keys it lists and its paragraphs.

    ``sources`` are pages of texts by indicator key; the page takes every text from one
    of them, or each from any. Indicators are dropped, texts split in two or merged into
    the paragraph before at ``rates``, as real pages do; every paragraph is a list of
    ``(key, text)`` segments, the truth that :func:`ocparse.narratives.align` should
    recover. Deterministic for a given ``rng`` state.
    """
    if rng.random() < rates.legacy:
        first = {spec.key for spec in editions_table.all()[0].indicators}
        keys = [k for k in keys if k in first]
    mode = rng.randrange(len(sources) + 1)
    paragraphs: list[list[Segment]] = []
    mergeable = False  # whether the last paragraph holds whole indicator texts only
    for key in keys:
        source = sources[mode] if mode < len(sources) else rng.choice(sources)
        if rng.random() < rates.drop:
            continue
        pieces = split_sentences(source[key])
        if len(pieces) >= 4 and rng.random() < rates.split:
            at = rng.randrange(2, len(pieces) - 1)
            paragraphs.append([(key, "".join(pieces[:at]).strip())])
            paragraphs.append([(key, "".join(pieces[at:]).strip())])
            mergeable = False
        elif mergeable and rng.random() < rates.merge:
            paragraphs[-1].append((key, source[key]))
        else:
            paragraphs.append([(key, source[key])])
            mergeable = True
    if furniture and rng.random() < rates.junk:
        paragraphs.append([("", rng.choice(furniture))])
    return list(keys), paragraphs


def arranged_texts(
    keys: Sequence[str],
    sources: Sequence[Mapping[str, str]],
    rates: Rates | None = None,
    furniture: Sequence[str] = (),
) -> SearchStrategy[tuple[list[str], list[list[Segment]]]]:
    """Pages of given indicator texts, as :func:`arrange` builds them (default ``Rates()``).

    For testing :func:`ocparse.narratives.align` on real prose: each example is the
    keys a page lists and its paragraphs as ``(key, text)`` segments.

    >>> from hypothesis import given, settings
    >>> from ocparse.narratives import align
    >>> texts = {"heroin_trade": "Heroin is sold.", "cocaine_trade": "Cocaine is sold."}
    >>> @settings(max_examples=5)
    ... @given(arranged_texts(list(texts), [texts], Rates(drop=0, merge=0, legacy=0)))
    ... def test_align(page):
    ...     keys, paragraphs = page
    ...     found = align([" ".join(t for _, t in p) for p in paragraphs], keys)
    ...     assert [p.keys for p in found.paragraphs] == [(k,) for k in keys]
    >>> test_align()
    """
    if not sources or any(set(keys) - set(source) for source in sources):
        raise InvalidArgument("arranged_texts needs sources with a text for every key")
    chosen = rates if rates is not None else Rates()
    # A seeded Random, not Hypothesis's own draws: the rates are probabilities, and
    # Hypothesis's floats are not uniform.
    return st.randoms(use_true_random=True).map(
        lambda rng: arrange(rng, keys, sources, chosen, furniture)
    )
