"""Pages are bounded by what starts the next one: damage to one page never reaches another."""

import io
import re
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocparse
from ocparse import blocks, splitter
from ocparse.blocks import grammar_text
from ocparse.lines import decode
from ocparse.splitter import split_pages
from support import FIXTURES

NAVIGATION = ["Skip to main content", "Compare countries", "Download the profile (PDF)"]
GLUED = "Explore the full profile"  # glued to the header, as a scrape leaves it


def _fixture(name: str) -> str:
    return decode((FIXTURES / name).read_bytes()).replace("\r\n", "\n").rstrip("\n")


def _pages(name: str) -> list[str]:
    """The pages of a fixture, each as text without its trailing line end."""
    return [c.text.rstrip("\n") for c in split_pages(io.StringIO(_fixture(name)))]


def _with_navigation(page: str) -> str:
    """A page as scraped alone: site navigation first, the last line glued to the header."""
    header = page.index("Criminal markets")
    return "\n".join(NAVIGATION) + "\n" + page[:header] + GLUED + page[header:]


INDENTED = _fixture("2023_belgium_indented_profile.txt")  # profile block, one page
COMPACT_THEN_INDENTED = _pages("2025_compact_then_indented.txt")
SAMPLE_PAGES = _pages("2025_netherlands_belgium.txt")


def _lines_of(text: str, page: int) -> range:
    chunks = list(split_pages(io.StringIO(text)))
    end = chunks[page + 1].first_line if page + 1 < len(chunks) else text.count("\n") + 2
    return range(chunks[page].first_line, end)


def _replace(text: str, line: int, new: str) -> str:
    lines = text.split("\n")
    lines[line - 1] = new
    return "\n".join(lines)


def test_grammar_page_starts_are_the_ones_the_splitter_knows() -> None:
    # A new terminal that may start a page must be taught to ocparse.splitter too.
    terminals = set(re.findall(r"^([A-Z][A-Z_]*)(?:\.\d+)?:", grammar_text(), re.M))
    assert terminals == {
        *("MARKETS", "ACTORS", "TITLE", "PROFILE", "NAV"),  # start pages
        *("SCORE", "BOILER", "LABEL", "BLOCKS", "NUMBERS", "TEXT", "TEXTS"),  # do not
    }


def test_navigation_between_pages_is_the_next_pages_prologue() -> None:
    plain = "\n".join(SAMPLE_PAGES)
    scraped = "\n".join(_with_navigation(p) for p in SAMPLE_PAGES)
    doc = ocparse.parse(scraped)  # strict: navigation is no error
    expected = ocparse.parse(plain)
    assert [p.country for p in doc.profiles] == ["Netherlands", "Belgium"]
    for got, want in zip(doc.profiles, expected.profiles, strict=True):
        assert [i.score for i in got.indicators] == [i.score for i in want.indicators]
        assert got.paragraphs[-1].text == want.paragraphs[-1].text
        assert (got.criminality, got.resilience) == (want.criminality, want.resilience)
    second = doc.profiles[1].source.start_line
    navigation = {s.text for s in doc.skipped if s.reason == "prologue" and s.line < second}
    assert {*NAVIGATION, GLUED} <= navigation
    assert doc.diagnostics == ()
    lenient = ocparse.parse(scraped, lenient=True)
    assert lenient == doc


def test_navigation_with_no_page_after_it_is_a_warning() -> None:
    text = SAMPLE_PAGES[0] + "\n" + "\n".join(NAVIGATION)
    doc = ocparse.parse(text)
    assert [d.code for d in doc.diagnostics] == ["orphan-prologue"]
    assert {s.text for s in doc.skipped if s.reason == "prologue"} == set(NAVIGATION)


def test_damaged_header_score_keeps_the_next_page() -> None:
    dump = INDENTED + "\n" + COMPACT_THEN_INDENTED[1]
    header_score = dump.split("\n").index("    5.170.12") + 1
    damaged = _replace(dump, header_score, "    3.75 n/b")
    with pytest.raises(ocparse.ParseError, match=f"line {header_score}, column 5: not a valid"):
        ocparse.parse(damaged)
    doc = ocparse.parse(damaged, lenient=True)
    before = ocparse.parse(dump)
    assert [p.country for p in doc.profiles] == ["Belgium", "Belgium"]
    assert doc.profiles[1] == before.profiles[1]
    first = doc.profiles[0]
    assert first.source == before.profiles[0].source
    assert first.section("criminal_markets").score is None
    assert first.criminality == before.profiles[0].criminality  # every market was read
    assert first.details is not None
    assert first.details.end_line < doc.profiles[1].source.start_line


def test_lost_header_never_swallows_the_next_page() -> None:
    dump = INDENTED + "\n" + COMPACT_THEN_INDENTED[1]
    header = dump.split("\n").index("    Criminal markets") + 1
    lost = _replace(dump, header, "")
    with pytest.raises(ocparse.ParseError, match=r"profile block without a page after it"):
        ocparse.parse(lost)
    doc = ocparse.parse(lost, lenient=True)
    assert doc.profiles == ocparse.parse(dump).profiles[1:]
    assert {"truncated-page"} <= {d.code for d in doc.diagnostics}


@pytest.mark.parametrize(("length", "header_starts"), [(216, True), (217, False)])
def test_a_header_line_starts_a_page_up_to_the_headers_length(
    length: int, header_starts: bool
) -> None:
    # Text glued before the header: at 216 characters it is still the header line (the
    # grammar's guard, HEADER_MAX); one more and only the score block below it is seen.
    first, second = SAMPLE_PAGES
    header = "Criminal markets".rjust(length, "x")
    chunks = list(split_pages(first + "\n" + header + second.removeprefix("Criminal markets")))
    assert len(chunks) == 2
    assert chunks[1].text.startswith(header) is header_starts


def test_a_stray_profile_line_in_narratives_starts_nothing_of_the_next_page() -> None:
    dump = "\n".join(SAMPLE_PAGES)
    lines = dump.split("\n")
    last_narrative = len(SAMPLE_PAGES[0].split("\n")) - 3
    lines[last_narrative] = "Profile"
    doc = ocparse.parse("\n".join(lines), lenient=True)
    assert doc.profiles[-1] == ocparse.parse(dump).profiles[-1]
    assert doc.profiles[-1].details is None


# ---------------------------------------------------------------- damage stays in its page

# A page cut inside its profile block, followed by a page that starts right at its header,
# reads as one whole page to anyone: no dump here has a bare header after a profile block.
DUMPS = [
    "\n".join(SAMPLE_PAGES),
    "\n".join(COMPACT_THEN_INDENTED),
    "\n".join([SAMPLE_PAGES[1], INDENTED, COMPACT_THEN_INDENTED[1]]),
    "\n".join(_with_navigation(p) for p in [SAMPLE_PAGES[1], *COMPACT_THEN_INDENTED]),
    "\n".join([_fixture("2021_netherlands_legacy.txt"), _fixture("2021_netherlands_prologue.txt")]),
]
# No damage ends a line with a sentence's end: a short sentence just before a page may be
# the last paragraph of the page above, and the text alone cannot tell (ocparse.splitter).
GARBAGE = st.one_of(
    st.text(max_size=30).map(lambda t: re.sub(r"[.!?…\"'”’)\]\s]+$", "", re.sub(r"\s", " ", t))),
    st.sampled_from(["5.50", "3.75 n/b", "Cocaine trade", "Profile", "x", "4.13 7.38 6.30"]),
    st.sampled_from(["Criminal markets", "Criminal actors", "Skip to main content", ""]),
)


@st.composite
def damages(draw: st.DrawFn) -> tuple[int, int, str, str]:
    """Which dump, which of its lines, what damage and its text: small enough to print."""
    number = draw(st.integers(0, len(DUMPS) - 1))
    dump = DUMPS[number]
    pages = len(list(split_pages(io.StringIO(dump))))
    span = _lines_of(dump, draw(st.integers(0, pages - 1)))
    line = draw(st.integers(span.start, min(span.stop, dump.count("\n") + 2) - 1))
    kind = draw(st.sampled_from(["blank", "garbage", "corrupt", "cut", "copy", "truncate"]))
    text = ""
    if kind == "garbage":
        text = draw(GARBAGE)
    elif kind == "corrupt":
        text = draw(st.sampled_from("0123456789-−+ n/"))
    elif kind == "cut":
        text = str(draw(st.integers(0, 60)))
    return number, line, kind, text


def _damage(dump: str, line: int, kind: str, text: str) -> tuple[str, range]:
    """The dump with one page damaged at ``line``, and that page's lines.

    Every damage keeps the number of lines, so the other pages keep their line numbers.
    """
    page = next(n for n, c in enumerate(split_pages(io.StringIO(dump))) if _in(dump, n, line))
    span = _lines_of(dump, page)
    lines = dump.split("\n")
    at = line - 1
    if kind == "blank":
        lines[at] = ""
    elif kind == "garbage":
        lines[at] = text
    elif kind == "corrupt" and lines[at]:
        lines[at] = lines[at][:-1] + text
    elif kind == "cut":
        lines[at] = lines[at][: int(text)]
    elif kind == "copy" and at + 1 > span.start:
        lines[at] = lines[at - 1]
    elif kind == "truncate":
        for n in range(at, min(span.stop - 1, len(lines))):
            lines[n] = ""
    return "\n".join(lines), span


def _in(dump: str, page: int, line: int) -> bool:
    return line in _lines_of(dump, page)


def _outside(doc: ocparse.Document, span: range) -> tuple[object, ...]:
    """What a Document says of the lines outside ``span``."""
    return (
        [p for p in doc.profiles if p.source.start_line not in span],
        [s for s in doc.skipped if s.line not in span],
        [d for d in doc.diagnostics if d.line not in span],
    )


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(damages())
def test_damage_to_one_page_never_changes_another(case: tuple[int, int, str, str]) -> None:
    number, line, kind, text = case
    dump = DUMPS[number]
    damaged, span = _damage(dump, line, kind, text)
    before = ocparse.parse(dump, lenient=True)
    after = ocparse.parse(damaged, lenient=True)
    assert _outside(after, span) == _outside(before, span)
    for profile in after.profiles:
        _assert_fields_inside_source(profile)
        if profile.source.start_line in span:
            assert profile.source.end_line < span.stop


def _assert_fields_inside_source(profile: ocparse.Profile) -> None:
    """Every line a profile's fields come from lies within its own ``source`` range."""
    lines = [s.line for s in profile.sections] + [i.line for i in profile.indicators]
    lines += [p.line for p in profile.paragraphs]
    if profile.details is not None:
        lines += [profile.details.line, profile.details.end_line]
        lines += [r.line for r in profile.details.ranks]
    inside = range(profile.source.start_line, profile.source.end_line + 1)
    assert all(line in inside for line in lines), (profile.source, sorted(lines)[-3:])


def test_the_grammar_writes_the_score_pattern_once() -> None:
    assert blocks.grammar_text().count(r"\d{1,2}\.\d{2}") == 1


@pytest.mark.parametrize(
    ("name", "text", "matches"),
    [
        ("SCORE", "5.330.10", True),
        ("SCORE", "7.00 n/a", True),
        ("SCORE", "7.0 n/a", False),
        ("NUMBERS", "1,234 5.5", True),
        ("LABEL", "Cocaine trade\n\n5.50\n", True),
        ("LABEL", "Cocaine trade\n5.5\n", False),
        ("MARKETS", "Read more on x.orgCriminal markets\n3.75 n/b\n", True),
        ("MARKETS", "Criminal markets\nNo score\n", False),
    ],
)
def test_terminals_are_the_grammars(name: str, text: str, matches: bool) -> None:
    pattern = blocks.terminal(name)
    assert pattern.pattern == blocks.parser().get_terminal(name).pattern.to_regexp()
    assert bool(pattern.match(text)) is matches


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(["Criminal markets", "5.00", "\r", "\n", "\r\n", "Profile", "x " * 9]),
        max_size=40,
    )
)
def test_a_string_is_cut_as_the_same_text_read_from_a_file(parts: list[str]) -> None:
    # Read seven characters at a time, a line end falls across reads (even \r from \n).
    text = "".join(parts)
    with patch.object(splitter, "_READ_CHARS", 7):
        from_string = list(split_pages(text))
        from_file = list(split_pages(io.StringIO(text)))
    assert from_string == from_file
    assert "".join(chunk.text for chunk in from_string) == text
