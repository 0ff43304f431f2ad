"""The grammar's view of a dump: raw blocks and pages of line tokens.

The Lark LALR parser (contextual lexer, grammar in ``grammars/ocindex.lark``) runs
with :class:`BlockTransformer` inline, so no parse tree is built.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Union, cast

import attrs
from lark import Lark, Token, Transformer

__all__ = [
    "BlockTransformer",
    "RawBlock",
    "RawDump",
    "RawPage",
    "RawProfile",
    "grammar_text",
    "parser",
    "scan",
    "terminal",
]


@attrs.frozen(slots=True)
class RawBlock:
    """A name (or section header) line, its score line and optional description line."""

    name: Token
    score: Token
    description: Token | None


Entry = Union[RawBlock, Token]  # noqa: UP007 (a runtime alias: | needs 3.10 types)


@attrs.frozen(slots=True)
class RawProfile:
    """The lines of a profile block (country, capital, criminality score, ranks …)."""

    tokens: tuple[Token, ...]


@attrs.frozen(slots=True)
class RawPage:
    """One page: profile block lines, ``Criminal markets`` header block, then entries."""

    profile: tuple[Token, ...]
    header: RawBlock
    entries: tuple[Entry, ...]


@attrs.frozen(slots=True)
class RawDump:
    """The line tokens before the first page, the pages, and a profile block left over."""

    prologue: tuple[Token, ...]
    pages: tuple[RawPage, ...]
    trailing_profile: tuple[Token, ...] = ()

    def tokens(self) -> Iterator[Token]:
        """Every line token, in no particular order."""
        yield from self.prologue
        yield from self.trailing_profile
        for page in self.pages:
            yield from page.profile
            for entry in (page.header, *page.entries):
                if isinstance(entry, RawBlock):
                    yield from (t for t in (entry.name, entry.score, entry.description) if t)
                else:
                    yield entry


def _block(children: list[Token]) -> RawBlock:
    description = children[2] if len(children) > 2 else None
    return RawBlock(children[0], children[1], description)


def _cut_blocks(run: Token) -> list[RawBlock]:
    """Cut a BLOCKS token into the blocks of line tokens the parser would have read.

    Each block is a name (the grammar's LABEL: cut at 100 characters, only spaces after
    it), its score line, then the line after it unless that line is the next block's name.
    Inside the run LABEL alone tells them apart: any other kind of line that the grammar
    keeps from a description also ends the run (or holds no letter, as a name must).
    LABEL reads the run's own text, not the whole input, and decides the same: a name needs
    its score line after it, so the run's last line is never one here; nor was it in the
    input, or the run would have gone on past it (or stopped before it).
    """
    label = terminal("LABEL")
    value, offset = str(run.value), run.start_pos or 0
    lines = _lines(run)
    blocks = []
    at = 0
    while at < len(lines):
        _, start, line, column = lines[at]
        name = label.match(value, start - offset)
        assert name is not None  # the BLOCKS terminal starts every block with a LABEL
        score = _token("SCORE", *lines[at + 1])
        at += 2
        description = None
        if at < len(lines) and not label.match(value, lines[at][1] - offset):
            description = _token("TEXT", *lines[at])
            at += 1
        blocks.append(
            RawBlock(_token("LABEL", name.group(), start, line, column), score, description)
        )
    return blocks


def _cut_texts(run: Token) -> list[Token]:
    """Cut a TEXTS token into the TEXT tokens the parser would have read one by one."""
    return [_token("TEXT", *line) for line in _lines(run)]


def _lines(run: Token) -> list[tuple[str, int, int, int]]:
    """The non-blank lines of a token that spans lines, as (text, offset, line, column).

    A line's text starts at its first non-space character, and so do its offset in the
    input and its column.
    """
    line, start = run.line or 1, run.start_pos or 0
    found = []
    at = 0  # where the line starts in the token
    for text in str(run.value).split("\n"):
        indent = len(text) - len(text.lstrip(" "))
        if indent < len(text):
            # The first line starts at the token's own column; the others after their indent.
            column = (run.column or 1) if not at else indent + 1
            found.append((text[indent:], start + at + indent, line, column))
        at += len(text) + 1
        line += 1
    return found


_CUT: dict[str, Callable[[Token], list[Any]]] = {"BLOCKS": _cut_blocks, "TEXTS": _cut_texts}


def _token(kind: str, text: str, start: int, line: int, column: int) -> Token:
    """A line token as the lexer makes it (a line token ends on its line)."""
    return Token(kind, text, start, line, column, line, column + len(text), start + len(text))


def _append(children: list[Any]) -> list[Any]:
    """Grow a sequence in place: ``seq: seq item |`` gives ``[]`` or ``[seq, item]``."""
    if not children:
        return []
    sequence, item = children
    sequence.append(item)
    return cast("list[Any]", sequence)


class BlockTransformer(Transformer[Token, RawDump]):
    """Build raw blocks and pages while the parser reduces (no tree)."""

    lines = entries = pages = profile_lines = staticmethod(_append)

    def block(self, children: list[Token]) -> RawBlock:
        """A name line, score line and optional description."""
        return _block(children)

    def header(self, children: list[Token]) -> RawBlock:
        """The ``Criminal markets`` header block that starts a page."""
        return _block(children)

    def profile(self, children: list[Any]) -> RawProfile:
        """The profile block that may open a page: its first line, then the rest."""
        first, rest = children
        return RawProfile((first, *rest))

    def page(self, children: list[Any]) -> RawPage:
        """A page: optional profile block, header block, then entries."""
        profile = children[0].tokens if isinstance(children[0], RawProfile) else ()
        header, entries = children[-2:]
        cut: list[Entry] = []
        for entry in entries:
            if isinstance(entry, Token) and entry.type in _CUT:
                cut += _CUT[entry.type](entry)
            else:
                cut.append(entry)
        return RawPage(profile, header, tuple(cut))

    def start(self, children: list[Any]) -> RawDump:
        """The whole dump."""
        lines, pages, *trailing = children
        left_over = trailing[0].tokens if trailing else ()
        return RawDump(tuple(lines), tuple(pages), left_over)


def grammar_text() -> str:
    """Return the source of the Lark grammar, ``ocindex.lark``.

    A wheel ships it as package data, ``ocparse/grammars/ocindex.lark``. An editable
    install runs from the source tree, which keeps it in the top-level ``grammars/``.
    """
    packaged = files("ocparse") / "grammars" / "ocindex.lark"
    if packaged.is_file():
        return packaged.read_text("utf-8")
    source_tree = Path(__file__).resolve().parents[2] / "grammars" / "ocindex.lark"
    return source_tree.read_text("utf-8")


@cache
def parser() -> Lark:
    """The grammar's LALR parser, built once (other modules read its terminals)."""
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        transformer=BlockTransformer(),
        cache=True,
    )


@cache
def terminal(name: str) -> re.Pattern[str]:
    r"""The grammar's terminal ``name``, compiled (``re``, as Lark compiles it).

    Other modules classify lines with these, so that no pattern is written twice. The
    patterns that end a line look ahead for ``\n`` or the end of the text.

    >>> bool(terminal("SCORE").match("5.330.10")), bool(terminal("SCORE").match("5.3"))
    (True, False)
    """
    return re.compile(parser().get_terminal(name).pattern.to_regexp())


def scan(text: str, *, first_line: int = 1) -> RawDump:
    r"""Tokenize normalised text (``\n`` line ends) into a :class:`RawDump`.

    ``first_line`` numbers the lines of a text cut from a larger input.
    """
    result = parser().parse(text)
    assert isinstance(result, RawDump)
    if first_line != 1:
        # Lark counts from 1; move the tokens before any record or message uses them.
        for token in result.tokens():
            token.line = (token.line or 1) + first_line - 1
    return result
