"""Build a :class:`~ocparse.records.Profile` from one raw page of the grammar.

Each step is a small rule over a shared :class:`PageState`; problems go to the
:class:`~ocparse.report.Reporter`, which raises in strict mode.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import attrs
import regex
from lark import Token

from ocparse import composites, editions, taxonomy
from ocparse.blocks import RawBlock, RawPage, terminal
from ocparse.codes import Code
from ocparse.countries import detect_country, lookup_country, names_of
from ocparse.details import MEASURE_LABEL, merge_details, read_details
from ocparse.editions import ScoreLine
from ocparse.errors import ParseError
from ocparse.fused import Fused, parse_fused
from ocparse.narratives import align
from ocparse.options import Options
from ocparse.records import (
    Indicator,
    Paragraph,
    Profile,
    ProfileDetails,
    Section,
    SkipReason,
    Source,
)
from ocparse.report import Reporter

__all__ = [
    "DEFINITION_MAX",
    "HEADER_MAX",
    "NAME_MAX",
    "SENTENCE_END",
    "PageState",
    "build_profile",
    "orphan_score",
]

_SCORE_EXPECTED = "a score line like 5.50 or 5.500.50"
SENTENCE_END = regex.compile(r"[.!?…][\"'”’)\]]*$")
"""How a sentence (a paragraph, a definition) ends."""
NAME_MAX = 100
"""Names are short: a longer line is text (the grammar's LABEL guard, ``_NO_TEXT_PAST_100``)."""
HEADER_MAX = 216
"""A longer line, stripped of spaces, is no section header (the MARKETS and ACTORS guard)."""
DEFINITION_MAX = 250
"""Definitions are one sentence; narrative paragraphs run to several hundred characters."""


@attrs.define(slots=True)
class _Draft:
    key: str
    name: str
    score: Decimal | None
    delta: Decimal | None
    description: str | None
    line: int
    score_line: int | None = None
    indicators: list[Indicator] = attrs.Factory(list)


@attrs.define(slots=True)
class PageState:
    """What the rules of one page share while it is being built."""

    rep: Reporter
    options: Options
    start_line: int
    end_line: int
    drafts: list[_Draft] = attrs.Factory(list)
    score_lines: list[ScoreLine] = attrs.Factory(list)
    paragraphs: list[Token] = attrs.Factory(list)


def build_profile(page: RawPage, rep: Reporter, options: Options) -> Profile:
    """Turn a raw page into a Profile, reporting problems to ``rep``."""
    details = read_details(page.profile, rep)
    start = details.line if details else _line(page.header.name)
    blocks, tail, measures = _split(page, rep)
    details = merge_details(details, read_details(measures, rep))
    state = PageState(rep, options, start, _last_line(blocks[-1]))
    blocks = [_without_score_description(b, rep) for b in _with_legacy_descriptions(blocks, tail)]
    if not tail:
        blocks = _without_cut_description(blocks, rep)
    _read_blocks(blocks, state)
    _read_tail(tail, state)
    edition = _edition(state)
    _check_indicator_set(state, edition)
    sections = _sections(state, edition)
    texts = [t.value.strip() for t in state.paragraphs]
    country, iso3 = _country(state, texts, sections, details)
    paragraphs, sections = _align(state, texts, sections, names_of(iso3) if iso3 else ())
    _check_sections(state, sections, edition)
    criminality, resilience = _composites(state, sections, edition)
    _check_printed_composites(state, details, criminality, resilience)
    return Profile(
        source=Source(options.file, state.start_line, state.end_line),
        country=country,
        iso3=iso3,
        edition=edition,
        criminality=criminality,
        resilience=resilience,
        sections=tuple(sections),
        paragraphs=tuple(paragraphs),
        details=details,
    )


def _last_line(block: RawBlock) -> int:
    return _line(block.description or block.score)


def _split(page: RawPage, rep: Reporter) -> tuple[list[RawBlock], list[Token], list[Token]]:
    """Blocks in order, the text lines after the last block, and measure blocks' lines.

    Lines between two blocks are stray (reported), unless they print a composite
    (``7.38`` / ``Resilience score`` / rank lines, as some legacy scrapes do mid-page):
    those lines are returned for the profile details.
    """
    entries = page.entries
    last = max((i for i, e in enumerate(entries) if isinstance(e, RawBlock)), default=-1)
    blocks = [page.header]
    measures: list[Token] = []
    run: list[Token] = []
    for entry in entries[: last + 1]:
        if isinstance(entry, RawBlock):
            blocks.append(entry)
            measures += _measure_or_stray(run, rep)
            run = []
        else:
            run.append(entry)
    tail = [e for e in entries[last + 1 :] if isinstance(e, Token)]
    return blocks, tail, measures


def _measure_or_stray(run: list[Token], rep: Reporter) -> list[Token]:
    if any(MEASURE_LABEL.fullmatch(t.value.strip()) for t in run):
        return run
    for token in run:
        _stray(token, rep)
    return []


def _stray(token: Token, rep: Reporter) -> None:
    if token.type == "BOILER":
        rep.skip(_line(token), token.value.strip(), "boilerplate")
        return
    rep.unrecognized(
        _line(token),
        _column(token),
        Code.UNEXPECTED_LINE,
        "unexpected line between indicators",
        text=token.value.strip(),
        expected="an indicator name followed by a score line",
    )


def _with_legacy_descriptions(blocks: list[RawBlock], tail: list[Token]) -> list[RawBlock]:
    """Give the last block's "description" back to the narratives on legacy pages.

    Legacy pages print no definitions, so the grammar takes the first narrative for the
    last indicator's description; a page whose other blocks have descriptions is fine.
    """
    last = blocks[-1]
    if last.description is None or any(b.description for b in blocks[:-1]):
        return blocks
    if len(blocks) == 1 and len(last.description.value) <= DEFINITION_MAX:
        return blocks
    tail.insert(0, last.description)
    return [*blocks[:-1], RawBlock(last.name, last.score, None)]


def _read_blocks(blocks: list[RawBlock], state: PageState) -> None:
    seen: dict[str, Indicator] = {}
    for block in blocks:
        fused = _fused(block, state)
        if block.name.type in ("MARKETS", "ACTORS"):
            _open_section(block, fused, state)
        elif fused is not None:
            _add_indicator(block, fused, state, seen)
        else:
            _skip_block(block, state.rep, "unrecognized")


def _fused(block: RawBlock, state: PageState) -> Fused | None:
    token = block.score
    try:
        return parse_fused(token.value.strip(), line=_line(token), column=_column(token))
    except ParseError as error:
        expected = f"{_SCORE_EXPECTED} after {_name(block)!r}"
        state.rep.reject(attrs.evolve(error, expected=expected), Code.INVALID_SCORE)
        return None


def _name(block: RawBlock) -> str:
    return str(block.name.value).strip()


def _skip_block(block: RawBlock, rep: Reporter, reason: SkipReason) -> None:
    for token in (block.name, block.score, block.description):
        if token is not None:
            rep.skip(_line(token), token.value.strip(), reason)


def _open_section(block: RawBlock, fused: Fused | None, state: PageState) -> None:
    score, delta = (fused.score, fused.delta) if fused else (None, None)
    if fused is not None:
        state.score_lines.append(ScoreLine(None, fused.kind))
    raw = block.name.value.rstrip()
    prefix, name = _split_header(raw)
    if prefix:
        # The last prologue line glued to the header: "…Read more on example.orgCriminal markets"
        state.rep.skip(_line(block.name), prefix, "prologue")
    spec = taxonomy.find_section(name)
    key = spec.key if spec else taxonomy.slug(name)
    if any(d.key == key for d in state.drafts):
        state.rep.problem(
            _line(block.name),
            _column(block.name),
            Code.DUPLICATE_SECTION,
            f"section {name!r} appears twice on one page",
            text=raw.strip(),
            expected="each section header once per page",
        )
    description = block.description.value.strip() if block.description else None
    state.drafts.append(
        _Draft(key, name, score, delta, description, _line(block.name), _line(block.score))
    )


def _add_indicator(
    block: RawBlock, fused: Fused, state: PageState, seen: dict[str, Indicator]
) -> None:
    name, line = _name(block), _line(block.name)
    score, delta = fused.score, fused.delta
    key, section_key = _identify(name, line, state)
    state.score_lines.append(ScoreLine(key, fused.kind))
    if key in seen:
        _duplicate(block, seen[key], score, delta, state)
        return
    if section_key == "resilience" and state.drafts[-1].key != "resilience":
        # Dumps print no "Resilience" header: its first indicator opens the section.
        state.drafts.append(_Draft("resilience", "Resilience", None, None, None, line))
    current = state.drafts[-1]
    if section_key not in (None, current.key):
        state.rep.note(
            line,
            Code.INDICATOR_OUT_OF_SECTION,
            f"indicator {name!r} belongs to {section_key}, found under {current.name!r}",
        )
    description = block.description.value.strip() if block.description else None
    indicator = Indicator(key, name, score, delta, description, line, score_line=_line(block.score))
    seen[key] = indicator
    current.indicators.append(indicator)


def _identify(name: str, line: int, state: PageState) -> tuple[str, str | None]:
    """Return the indicator key for a printed name and the section it belongs to."""
    match = taxonomy.find_indicator(name)
    if match is None:
        key = taxonomy.slug(name)
        state.rep.note(
            line, Code.UNKNOWN_INDICATOR, f"unknown indicator name {name!r}, kept as {key!r}"
        )
        return key, None
    if not match.exact:
        state.rep.note(
            line, Code.MISSPELLED_INDICATOR, f"read indicator name {name!r} as {match.spec.name!r}"
        )
    return match.spec.key, match.spec.section


def _duplicate(
    block: RawBlock, first: Indicator, score: Decimal, delta: Decimal | None, state: PageState
) -> None:
    line = _line(block.name)
    _skip_block(block, state.rep, "duplicate")
    if (first.score, first.delta) == (score, delta):
        # The legacy layout prints the resilience list twice.
        state.rep.note(line, Code.REPEATED_INDICATOR, f"{_name(block)!r} repeats line {first.line}")
        return
    state.rep.problem(
        line,
        _column(block.name),
        Code.DUPLICATE_INDICATOR,
        f"indicator {_name(block)!r} appears again with a different score "
        f"(line {first.line} has {first.score})",
        text=_name(block),
        expected="each indicator once per page",
    )


def _split_header(raw: str) -> tuple[str, str]:
    """A header line as ``(prefix, name)``: the longest section label (any case) ends it."""
    labels = (
        label
        for key in taxonomy.SECTION_KEYS
        for label in (taxonomy.section(key).name, *taxonomy.section(key).aliases)
        if raw[-len(label) :].lower() == label.lower()
    )
    label = max(labels, key=len, default="")
    if not label:
        return "", raw.strip()
    return raw[: -len(label)].strip(), raw[-len(label) :]


def _score_like(text: str) -> bool:
    """Whether a line is the grammar's line of numbers, maybe with ``n/a`` after it.

    That covers its score lines too, and damaged ones (``5.5 n/a``): a score, not text.
    """
    bare = text[:-3].rstrip() if text[-3:].lower() == "n/a" else text
    return terminal("NUMBERS").match(bare) is not None


def _read_tail(tail: Sequence[Token], state: PageState) -> None:
    in_footer = False
    for token in tail:
        text, line = token.value.strip(), _line(token)
        # Footer text after the first known footer line is footer too, known or not.
        in_footer = in_footer or token.type == "BOILER"
        if in_footer:
            state.rep.skip(line, text, "boilerplate")
        elif token.type == "NUMBERS" or _score_like(text):
            orphan_score(token, state.rep)
        else:
            state.paragraphs.append(token)
    _check_cut_off(state)
    if state.paragraphs:
        state.end_line = _line(state.paragraphs[-1])


def _check_cut_off(state: PageState) -> None:
    """Flag a page that ends mid-sentence: scrapes often stop mid-page or mid-word."""
    if not state.paragraphs:
        return
    last = state.paragraphs[-1]
    text = last.value.strip()
    if SENTENCE_END.search(text):
        return
    if len(text) > NAME_MAX:
        state.rep.note(_line(last), Code.TRUNCATED_PARAGRAPH, "paragraph ends mid-sentence")
        return
    state.paragraphs.pop()
    state.rep.unrecognized(
        _line(last),
        _column(last),
        Code.TRUNCATED_LINE,
        "page ends with a cut-off line",
        text=last.value.strip(),
        expected="an indicator name followed by a score line, or a narrative paragraph",
    )


def _without_score_description(block: RawBlock, rep: Reporter) -> RawBlock:
    """A score line where a definition belongs is a score without a name."""
    token = block.description
    if token is None or not _score_like(token.value.strip()):
        return block
    orphan_score(token, rep)
    return RawBlock(block.name, block.score, None)


def orphan_score(token: Token, rep: Reporter) -> None:
    """Report a score line without a name line before it (skipped as unrecognized)."""
    rep.unrecognized(
        _line(token),
        _column(token),
        Code.ORPHAN_SCORE,
        "score line without an indicator name",
        text=token.value.strip(),
        expected="an indicator name on the line before a score line",
    )


def _without_cut_description(blocks: list[RawBlock], rep: Reporter) -> list[RawBlock]:
    """A page cut inside its last definition: drop the fragment, keep the indicator."""
    last = blocks[-1]
    fragment = last.description
    if fragment is None or SENTENCE_END.search(fragment.value.strip()):
        return blocks
    rep.unrecognized(
        _line(fragment),
        _column(fragment),
        Code.TRUNCATED_LINE,
        f"page ends inside the definition of {_name(last)!r}",
        text=fragment.value.strip(),
        expected="a complete one-sentence definition",
    )
    return [*blocks[:-1], RawBlock(last.name, last.score, None)]


def _edition(state: PageState) -> int:
    """``edition=``, else the edition the page fits best (:mod:`ocparse.editions`)."""
    found = editions.fit(state.score_lines)
    asked = state.options.edition
    hint = state.options.edition_hint
    if asked is None and hint is not None:
        return _hinted_edition(state, found, hint)
    if asked is not None:
        if asked != found.edition:
            state.rep.note(
                state.start_line,
                Code.EDITION_OVERRIDE,
                f"page looks like the {found.edition} edition; read as {asked} as asked",
            )
        return asked
    if not found.exact:
        misfits = found.misfits[found.edition]
        state.rep.note(
            state.start_line,
            Code.EDITION_UNKNOWN,
            f"page fits no known edition; read as {found.edition}, the nearest, though "
            + "; ".join(misfits[:3])
            + (f" and {len(misfits) - 3} more" if len(misfits) > 3 else "")
            + "; pass edition= to set it",
        )
    elif found.ties:
        others = " or ".join(str(e) for e in found.ties)
        state.rep.note(
            state.start_line,
            Code.EDITION_AMBIGUOUS,
            f"page fits the {others} edition as well as {found.edition}; read as "
            f"{found.edition}; pass edition= to set it",
        )
    return found.edition


def _hinted_edition(state: PageState, found: editions.EditionFit, hint: int) -> int:
    """The edition a file is labelled with, unless the page clearly is another one."""
    if not found.exact or hint == found.edition or hint in found.ties:
        return hint
    state.rep.note(
        state.start_line,
        Code.FILE_EDITION_MISMATCH,
        f"the input is labelled edition {hint} but the page is the {found.edition} edition; "
        f"read as {found.edition}",
    )
    return found.edition


def _check_indicator_set(state: PageState, edition: int) -> None:
    present = {i.key for d in state.drafts for i in d.indicators}
    expected = taxonomy.indicators_for(edition)
    missing = [spec.name for spec in expected if spec.key not in present]
    if missing:
        state.rep.note(
            state.start_line,
            Code.MISSING_INDICATOR,
            f"page lacks {len(missing)} indicator(s) of the {edition} edition: "
            + ", ".join(missing),
        )
    known = {spec.key for spec in expected}
    # Keys of every edition: an unknown name (already reported) is not "not in edition".
    every = {spec.key for spec in taxonomy.indicators()}
    outside = every - known
    for draft in state.drafts:
        for indicator in draft.indicators:
            if indicator.key in outside:
                state.rep.note(
                    indicator.line,
                    Code.INDICATOR_NOT_IN_EDITION,
                    f"{indicator.name!r} is not an indicator of the {edition} edition",
                )


def _sections(state: PageState, edition: int) -> list[Section]:
    sections = []
    for d in state.drafts:
        score, delta = d.score, d.delta
        if d.key == "resilience" and score is None and _is_complete(d.indicators, d.key, edition):
            score, delta = _computed(d.indicators)
        indicators = tuple(d.indicators)
        section = Section(
            d.key, d.name, score, delta, d.description, d.line, indicators, score_line=d.score_line
        )
        sections.append(section)
    return sections


def _expected(section_key: str, edition: int) -> set[str]:
    return {s.key for s in taxonomy.indicators_for(edition) if s.section == section_key}


def _is_complete(indicators: Sequence[Indicator], section_key: str, edition: int) -> bool:
    """Whether every indicator the edition has in this section was read."""
    return _expected(section_key, edition) <= {i.key for i in indicators}


def _computed(indicators: Sequence[Indicator]) -> tuple[Decimal | None, Decimal | None]:
    """Score and delta of a section printed without a header, from its indicators."""
    return composites.section_score([(i.score, i.delta) for i in indicators])


def _align(
    state: PageState, texts: list[str], sections: list[Section], own_names: tuple[str, ...]
) -> tuple[list[Paragraph], list[Section]]:
    if not state.options.align:
        return [
            Paragraph(index, _line(token), text)
            for index, (token, text) in enumerate(zip(state.paragraphs, texts, strict=True))
        ], sections
    keys = [i.key for s in sections for i in s.indicators]
    alignment = align(texts, keys, own_names=own_names)
    paragraphs = []
    for token, text, assigned in zip(state.paragraphs, texts, alignment.paragraphs, strict=True):
        paragraphs.append(Paragraph(assigned.index, _line(token), text, assigned.keys))
        if assigned.warning:
            state.rep.note(_line(token), Code.WEAK_ALIGNMENT, assigned.warning)
    aligned = [
        attrs.evolve(
            s,
            indicators=tuple(
                attrs.evolve(
                    i, narrative=alignment.narrative(i.key), paragraph=alignment.paragraph_of(i.key)
                )
                for i in s.indicators
            ),
        )
        for s in sections
    ]
    return paragraphs, aligned


def _country(
    state: PageState,
    texts: Sequence[str],
    sections: Sequence[Section],
    details: ProfileDetails | None,
) -> tuple[str | None, str | None]:
    """The caller's choice, else the profile block's country, else the narratives'."""
    if state.options.country is not None:
        return _asked_country(state, state.options.country)
    hint = state.options.country_hint
    if details is not None and details.country is not None:
        found = _asked_country(state, details.country)
        return _check_country_hint(state, found, hint) if hint is not None else found
    if _is_averages_page(sections):
        state.rep.note(
            state.start_line,
            Code.AVERAGES_PAGE,
            "indicator scores are off the 0.5 grid: a region or continent page of averages",
        )
        return None, None
    if hint is not None:
        if detect_country(texts) is None:
            return _asked_country(state, hint)
        return _check_country_hint(state, _detected_country(state, texts), hint)
    return _detected_country(state, texts)


def _check_country_hint(
    state: PageState, found: tuple[str | None, str | None], hint: str
) -> tuple[str | None, str | None]:
    """The page's own country wins over the input's label; a disagreement is a warning."""
    labelled = lookup_country(hint)
    if labelled is not None and found[1] is not None and labelled.iso3 != found[1]:
        state.rep.note(
            state.start_line,
            Code.FILE_COUNTRY_MISMATCH,
            f"the input is labelled {labelled.name} but the page is about {found[0]}; "
            f"read as {found[0]}",
        )
    return found


def _asked_country(state: PageState, name: str) -> tuple[str, str | None]:
    country = lookup_country(name)
    if country is None:
        state.rep.note(
            state.start_line, Code.UNKNOWN_COUNTRY, f"{name!r} is not a country of the Index"
        )
        return name, None
    return country.name, country.iso3


def _is_averages_page(sections: Sequence[Section]) -> bool:
    return any((i.score * 2) % 1 for s in sections for i in s.indicators)


def _detected_country(state: PageState, texts: Sequence[str]) -> tuple[str | None, str | None]:
    guess = detect_country(texts)
    if guess is None:
        state.rep.note(
            state.start_line,
            Code.COUNTRY_UNDETECTED,
            "no country is named in the narratives; pass country= to set it",
        )
        return None, None
    if guess.runner_up * 2 > guess.mentions:
        state.rep.note(
            state.start_line,
            Code.COUNTRY_UNCERTAIN,
            f"{guess.country.name} is named {guess.mentions} times, another country "
            f"{guess.runner_up} times; pass country= to set it",
        )
    return guess.country.name, guess.country.iso3


def _check_printed_composites(
    state: PageState,
    details: ProfileDetails | None,
    criminality: Decimal | None,
    resilience: Decimal | None,
) -> None:
    if details is None:
        return
    for name, printed, computed in (
        ("criminality", details.criminality, criminality),
        ("resilience", details.resilience, resilience),
    ):
        if printed is None or computed is None:
            continue
        if not composites.within_tolerance(printed, computed):
            state.rep.note(
                details.line,
                Code.COMPOSITE_MISMATCH,
                f"the profile prints {name} {printed}; its indicators give {computed}",
            )


def _check_sections(state: PageState, sections: Sequence[Section], edition: int) -> None:
    expected = Counter(spec.section for spec in taxonomy.indicators_for(edition))
    for s in sections:
        if len(s.indicators) < expected[s.key]:
            continue  # already reported as missing indicators; the means cannot agree
        _compare(state, s, "score", s.score, [i.score for i in s.indicators])
        deltas = [i.delta for i in s.indicators if i.delta is not None]
        if len(deltas) == len(s.indicators):
            _compare(state, s, "delta", s.delta, deltas)


def _compare(
    state: PageState, s: Section, what: str, printed: Decimal | None, values: list[Decimal]
) -> None:
    average = composites.mean(values)
    if printed is None or average is None or composites.within_tolerance(printed, average):
        return
    state.rep.note(
        s.line,
        Code.SECTION_SCORE_MISMATCH if what == "score" else Code.SECTION_DELTA_MISMATCH,
        f"{s.name} {what} is printed as {printed} but its {len(values)} indicators "
        f"average {average:.4f}",
    )


def _composites(
    state: PageState, sections: Sequence[Section], edition: int
) -> tuple[Decimal | None, Decimal | None]:
    """Criminality and resilience as the Index computes them, or None when unknown.

    A section counts through the unrounded mean of its indicators only when all of the
    edition's indicators of that section were read; otherwise through the score the page
    prints for it (see :func:`composites.means_printed_as`). Never from a part of a
    section: a truncated page would give a wrong number that looks right.
    """
    by_key = {s.key: s for s in sections}
    markets, actors = (_section_means(state, by_key.get(k), k, edition) for k in _CRIMINALITY)
    criminality = None
    if markets is not None and actors is not None:
        criminality = composites.criminality_between(markets, actors)
        if criminality is None:
            _unknown_criminality(state, "the printed section scores are rounded too far")
    else:
        unknown = [k for k, m in zip(_CRIMINALITY, (markets, actors), strict=True) if m is None]
        names = " and ".join(taxonomy.section(k).name for k in unknown)
        _unknown_criminality(state, f"so is {names}'s score")
    resilience = by_key.get("resilience")
    if resilience is None or resilience.score is None:
        _incomplete_section(state, resilience, "resilience", edition)
        return criminality, None
    return criminality, resilience.score


_CRIMINALITY = ("criminal_markets", "criminal_actors")


def _section_means(
    state: PageState, section: Section | None, key: str, edition: int
) -> tuple[Decimal, Decimal] | None:
    """The unrounded mean of a section: (lowest, highest) it can be, or None if unknown."""
    read = section.indicators if section else ()
    expected = _expected(key, edition)
    if _is_complete(read, key, edition):
        mean = composites.mean([i.score for i in read if i.key in expected])
        assert mean is not None
        return mean, mean
    if section is None or section.score is None:
        _incomplete_section(state, section, key, edition)
        return None
    state.rep.note(
        section.line,
        Code.COMPOSITE_FROM_PRINTED,
        f"criminality uses the {section.name} score as printed, {section.score}: "
        + _read_count(read, expected),
    )
    return composites.means_printed_as(section.score, len(expected))


def _incomplete_section(state: PageState, section: Section | None, key: str, edition: int) -> None:
    read = section.indicators if section else ()
    state.rep.note(
        section.line if section else state.start_line,
        Code.INCOMPLETE_SECTION,
        f"{taxonomy.section(key).name} score is unknown: "
        f"{_read_count(read, _expected(key, edition))} and none is printed",
    )


def _read_count(read: Sequence[Indicator], expected: set[str]) -> str:
    return f"{sum(i.key in expected for i in read)} of its {len(expected)} indicators were read"


def _unknown_criminality(state: PageState, why: str) -> None:
    state.rep.note(state.start_line, Code.INCOMPLETE_COMPOSITE, f"criminality is unknown: {why}")


def _line(token: Token) -> int:
    return token.line or 1


def _column(token: Token) -> int:
    return token.column or 1
