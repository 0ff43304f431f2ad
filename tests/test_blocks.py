"""The BLOCKS and TEXTS terminals: lines in a row read as one token, cut into line tokens."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Token

from ocparse.blocks import RawBlock, grammar_text, parser, scan, terminal
from ocparse.pages import HEADER_MAX, NAME_MAX

HEADER = "Criminal markets\n5.00\nAn assessment of markets.\n"


def _blocks(text: str) -> list[RawBlock]:
    (page,) = scan(text).pages
    return [e for e in page.entries if isinstance(e, RawBlock)]


def _where(token: Token | None) -> tuple[object, ...] | None:
    if token is None:
        return None
    return (token.type, token.value, token.line, token.column, token.start_pos,
            token.end_line, token.end_column, token.end_pos)  # fmt: skip


def test_a_block_is_cut_into_the_tokens_of_its_lines() -> None:
    text = HEADER + "  Human trafficking   \n \n   8.500.50  \n\n  Illicit activity.  \nNarrative."
    (block,) = _blocks(text)
    start = len(HEADER)
    name = ("LABEL", "Human trafficking   ", 4, 3, start + 2, 4, 23, start + 22)
    assert _where(block.name) == name
    score_at = text.index("8.50")
    assert _where(block.score) == ("SCORE", "8.500.50  ", 6, 4, score_at, 6, 14, score_at + 10)
    text_at = text.index("Illicit")
    assert _where(block.description) == (
        "TEXT", "Illicit activity.  ", 8, 3, text_at, 8, 22, text_at + 19
    )  # fmt: skip


def test_first_line_offsets_the_cut_tokens_too() -> None:
    (page,) = scan(HEADER + "Fauna crimes\n4.00\n", first_line=10).pages
    (block,) = [e for e in page.entries if isinstance(e, RawBlock)]
    assert (block.name.line, block.score.line, block.description) == (13, 14, None)


@pytest.mark.parametrize(
    ("after", "kind"),
    [
        ("Fauna crimes\n4.00", "LABEL"),  # the next block (legacy pages: no descriptions)
        ("7.00 6.50", "NUMBERS"),
        ("Read more on example.org", "NAV"),
        ("The Index Podcast", "BOILER"),
        ("Criminal actors\n6.00", "ACTORS"),
        ("Criminal markets\n6.00", "MARKETS"),
        ("Profile", "PROFILE"),
    ],
)
def test_a_line_of_another_kind_is_no_description(after: str, kind: str) -> None:
    dump = scan(HEADER + "Flora crimes\n6.00\n" + after + "\n")
    block = dump.pages[0].entries[0]
    assert isinstance(block, RawBlock)
    assert block.description is None
    kinds = [t.type for t in dump.tokens() if t.line == 6]
    assert kinds == [kind]


def test_a_damaged_score_line_after_a_score_line_is_its_description() -> None:
    # A score line with "n/a" is no line of numbers: the parser read it as text here.
    (block,) = _blocks(HEADER + "Flora crimes\n6.00\n7.00 n/a\n")
    assert _where(block.description)[:2] == ("TEXT", "7.00 n/a")  # type: ignore[index]


@pytest.mark.parametrize(
    "before",
    [
        "Criminal markets\n5.00\nFauna crimes\n4.00\n",  # a block: its description comes next
        HEADER + "A narrative.\n",  # a run of text lines: the next line may go on it
    ],
)
def test_the_plain_text_guard_names_every_other_line_kind_that_may_come(before: str) -> None:
    # BLOCK takes the next line as its description, and TEXTS the next line as its own,
    # when the parser would have read it as text: when no other terminal it accepts there
    # matches it.
    source = re.search(r"^_PLAIN_TEXT: /\(\?!/ \(([^)]*)\) /\)/ TEXT$", grammar_text(), re.M)
    assert source is not None
    guarded = {name.strip() for name in source.group(1).split("|")}
    assert guarded == (_accepted_after(before) - {"TEXTS", "BLOCKS"}) | {"LABEL"}


def test_blocks_in_a_row_go_on_where_the_parser_would_read_the_next_block() -> None:
    # The run goes on unless a terminal the lexer tries before BLOCKS matches the next line.
    source = re.search(r"^BLOCKS\.(\d+): .*/\(\?!/ \(([^)]*)\) /\)/", grammar_text(), re.M)
    assert source is not None
    guarded = {name.strip() for name in source.group(2).split("|")}
    accepted = _accepted_after("Criminal markets\n5.00\nFauna crimes\n4.00\n")
    priority = {name: parser().get_terminal(name).priority for name in accepted}
    assert guarded == {name for name in accepted if priority[name] > int(source.group(1))}
    # Of the same priority, NUMBERS holds no letter, and a name needs one.
    tied = {name for name in accepted if priority[name] == int(source.group(1))}
    assert tied == {"BLOCKS", "NUMBERS"}


def test_blocks_in_a_row_are_cut_into_blocks_of_line_tokens() -> None:
    # A legacy name right after a score line, a description, then a name after a description.
    blocks = "Flora crimes\n6.00\nFauna crimes\n  4.50\n\n  Wildlife.\nArms trafficking\n7.00\n"
    text = HEADER + blocks + "2019 2021\n"  # a line of numbers is no description
    found = [tuple(_where(t) for t in (b.name, b.score, b.description)) for b in _blocks(text)]
    at = {s: text.index(s) for s in ("Flora", "6.00", "Fauna", "4.50", "Wildlife", "Arms", "7.00")}
    assert found == [
        (
            ("LABEL", "Flora crimes", 4, 1, at["Flora"], 4, 13, at["Flora"] + 12),
            ("SCORE", "6.00", 5, 1, at["6.00"], 5, 5, at["6.00"] + 4),
            None,
        ),
        (
            ("LABEL", "Fauna crimes", 6, 1, at["Fauna"], 6, 13, at["Fauna"] + 12),
            ("SCORE", "4.50", 7, 3, at["4.50"], 7, 7, at["4.50"] + 4),
            ("TEXT", "Wildlife.", 9, 3, at["Wildlife"], 9, 12, at["Wildlife"] + 9),
        ),
        (
            ("LABEL", "Arms trafficking", 10, 1, at["Arms"], 10, 17, at["Arms"] + 16),
            ("SCORE", "7.00", 11, 1, at["7.00"], 11, 5, at["7.00"] + 4),
            None,
        ),
    ]


def test_text_lines_in_a_row_are_cut_into_the_tokens_of_their_lines() -> None:
    narrative = "  First paragraph.  \n\n \n   Second one.\nThird.\n"
    text = HEADER + "Flora crimes\n6.00\nDefinition.\n" + narrative + "2019 2021\nFourth."
    (page,) = scan(text).pages
    lines = [_where(e) for e in page.entries if isinstance(e, Token)]
    first, second, third = (text.index(s) for s in ("First", "Second", "Third"))
    assert lines == [
        ("TEXT", "First paragraph.  ", 7, 3, first, 7, 21, first + 18),
        ("TEXT", "Second one.", 10, 4, second, 10, 15, second + 11),
        ("TEXT", "Third.", 11, 1, third, 11, 7, third + 6),
        ("NUMBERS", "2019 2021", 12, 1, third + 7, 12, 10, third + 16),
        ("TEXT", "Fourth.", 13, 1, third + 17, 13, 8, third + 24),
    ]


def test_a_description_line_after_a_header_is_read_alone() -> None:
    # TEXT, not the run of lines that follows: the header's description line is a TEXT.
    (page,) = scan("Criminal markets\n5.00\nAn assessment.\nA narrative.\nAnother.\n").pages
    assert _where(page.header.description)[:2] == ("TEXT", "An assessment.")  # type: ignore[index]
    assert [e.value for e in page.entries if isinstance(e, Token)] == ["A narrative.", "Another."]


def _accepted_after(text: str) -> set[str]:
    """The terminals the contextual lexer tries after reading ``text``."""
    interactive = parser().parse_interactive(text)
    interactive.exhaust_lexer()
    return {name for name in interactive.accepts() if name != "$END"}


@pytest.mark.parametrize(("length", "kind"), [(100, "LABEL"), (101, "TEXT")])
def test_a_name_is_at_most_100_characters_whatever_spaces_follow(length: int, kind: str) -> None:
    name = "N" * length + " " * 30
    dump = scan(HEADER + name + "\n5.00\n")
    entry = dump.pages[0].entries[0]
    if kind == "LABEL":
        assert isinstance(entry, RawBlock)
        assert entry.name.value == "N" * 100
    else:
        assert isinstance(entry, Token)
        assert (entry.type, entry.value) == ("TEXT", name)


@pytest.mark.parametrize(("prefix", "is_header"), [(200, True), (201, False)])
def test_a_header_glued_to_200_characters_is_still_a_header(prefix: int, is_header: bool) -> None:
    line = "x" * prefix + "Criminal markets" + " " * 30
    dump = scan(line + "\n5.00\nFauna crimes\n4.00\n")
    assert len(dump.pages) == int(is_header)
    if is_header:
        assert dump.pages[0].header.name.value == line.rstrip()


# The _SCORE_NEXT lookahead as Lark inlines it (line ends as they are) into the terminals.
_SCORE_NEXT = "(?=[^\n]*\n(?: *\n)* *" + r"\d{1,2}\.\d{2})"
_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Criminal markets",
                "CRIMINAL ACTORS ",
                "Read more on x.orgCriminal market",
                "Human trafficking",
                "5.00",
                "7.50-0.50",
                "3.75 n/a",
                " 6.00 n/b",
                "4.5",
                "",
                "  ",
                "2019 2021",
                "A definition.",
                "x" * 120,
                "Arms trafficking " * 14,
            ]
        ),
        st.text(alphabet="ab CRIMINALmarketsctor.0123456789-n/", max_size=40),
    ),
    min_size=1,
    max_size=5,
)


@pytest.mark.parametrize("name", ["MARKETS", "ACTORS", "LABEL"])
@given(lines=_LINES)
def test_the_score_next_lookahead_changes_no_match(name: str, lines: list[str]) -> None:
    # It only says early what the terminal's own lookahead says at the end of the line.
    pattern = terminal(name).pattern
    assert pattern.count(_SCORE_NEXT) == 1
    without = re.compile(pattern.replace(_SCORE_NEXT, ""))
    text = "\n".join(lines)
    # Where lines start, and where the lexer matches: after a line's indent.
    for start in [
        0,
        *(m.end() for m in re.finditer("\n *", text)),
        *(m.start() + 1 for m in re.finditer("\n", text)),
    ]:
        got, want = terminal(name).match(text, start), without.match(text, start)
        assert (got and got.group()) == (want and want.group())


@pytest.mark.parametrize(
    ("name", "limit"), [("LABEL", NAME_MAX), ("MARKETS", HEADER_MAX), ("ACTORS", HEADER_MAX)]
)
def test_the_length_guards_are_the_constants_python_reads(name: str, limit: int) -> None:
    # The splitter and the page builder tell names and headers from text by their length.
    definition = re.search(rf"^{name}\.\d+: (\w+) ", grammar_text(), re.M)
    assert definition is not None
    assert definition.group(1) == f"_NO_TEXT_PAST_{limit}"
    guard = re.search(rf"^_NO_TEXT_PAST_{limit}: /\(\?!\[\^\\n\]\{{(\d+)\}}", grammar_text(), re.M)
    assert guard is not None
    assert int(guard.group(1)) == limit
