"""The grammar's view of a dump: raw blocks and pages of line tokens.

The Lark LALR parser (contextual lexer, grammar in ``grammars/ocindex.lark``) runs
with :class:`BlockTransformer` inline, so no parse tree is built.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Union

import attrs
from lark import Lark, Token, Transformer

__all__ = ["BlockTransformer", "RawBlock", "RawDump", "RawPage", "RawProfile", "scan"]


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


def _block(children: list[Token]) -> RawBlock:
    description = children[2] if len(children) > 2 else None
    return RawBlock(children[0], children[1], description)


class BlockTransformer(Transformer[Token, RawDump]):
    """Build raw blocks and pages while the parser reduces (no tree)."""

    def block(self, children: list[Token]) -> RawBlock:
        """A name line, score line and optional description."""
        return _block(children)

    def header(self, children: list[Token]) -> RawBlock:
        """The ``Criminal markets`` header block that starts a page."""
        return _block(children)

    def profile(self, children: list[Token]) -> RawProfile:
        """The profile block that may open a page."""
        return RawProfile(tuple(children))

    def page(self, children: list[RawProfile | Entry]) -> RawPage:
        """A page: optional profile block, header block, then entries."""
        profile: tuple[Token, ...] = ()
        if isinstance(children[0], RawProfile):
            profile, children = children[0].tokens, children[1:]
        header, *entries = children
        assert isinstance(header, RawBlock)
        return RawPage(profile, header, tuple(e for e in entries if not isinstance(e, RawProfile)))

    def prologue(self, children: list[Token]) -> tuple[Token, ...]:
        """Line tokens before the first page."""
        return tuple(children)

    def start(self, children: list[object]) -> RawDump:
        """The whole dump."""
        prologue, *rest = children
        assert isinstance(prologue, tuple)
        pages = tuple(p for p in rest if isinstance(p, RawPage))
        trailing = next((p.tokens for p in rest if isinstance(p, RawProfile)), ())
        return RawDump(prologue, pages, trailing)


@cache
def _parser() -> Lark:
    grammar = (files("ocparse") / "grammars" / "ocindex.lark").read_text("utf-8")
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        transformer=BlockTransformer(),
        cache=True,
    )


def scan(text: str) -> RawDump:
    r"""Tokenize normalised text (``\\n`` line ends) into a :class:`RawDump`."""
    result = _parser().parse(text)
    assert isinstance(result, RawDump)
    return result
