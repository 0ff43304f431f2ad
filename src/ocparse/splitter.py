r"""Cut a dump into pages where each page starts, before the grammar reads any of them.

A page is bounded by what starts the next one, never by what ends the one before: a
damaged line in one page cannot make it swallow the next. What starts a page, in the
order a page prints them:

0. site navigation (``Skip to main content``, ``How to measure organized crime?`` …);
1. a profile block's title line (``The Organized Crime Index | ENACT``);
2. a ``Profile`` line;
3. its ``Criminal markets`` header (a line the grammar reads as ``MARKETS``), or, when
   the header is lost, its first score block after the previous page's narratives.

A line of kind *k* starts a new page once the current page has got as far as *k* (a
second title, a second ``Profile`` line, a header after a header, navigation after a
title), or once the page has shown content that only follows a header: before it, a
score block (a score line followed by a definition or an indicator's name, not by a
profile block's ``Criminality score`` or next label) or a paragraph; after it, a
paragraph, after which a score block or a ``Criminal markets`` line (its score line
lost) starts the next page. So a page whose header was
lost still ends where the next one begins, and a stray ``Profile`` line among narratives
does not turn them into the next page's profile block.

Short loose lines just before a page's first line (a damaged navigation line, a country
name left of a lost title) go with that page, as its prologue. Lines before the first
start stay with the first page (the input's prologue), and the footer with the last.

Each line's kind is decided with the grammar's own terminals (``NAV``, ``TITLE``,
``PROFILE``, ``MARKETS``, ``SCORE``, ``LABEL``, ``BOILER``), so splitter and grammar
always agree.

Lines end at ``\n``, ``\r\n`` or a lone ``\r`` (never at U+2028 or a form feed, as
``str.splitlines`` would).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import IO, cast

import attrs

from ocparse import taxonomy
from ocparse.blocks import terminal
from ocparse.lines import normalise
from ocparse.pages import DEFINITION_MAX, HEADER_MAX, NAME_MAX, SENTENCE_END

__all__ = ["Chunk", "physical_lines", "split_pages"]

_LINE_END = re.compile(r"\r\n|\r|\n")
_READ_CHARS = 1 << 16
_SCORE_PROBE = "\n5.00\n"  # any score line: asks "is this line a header if one follows?"
_PROLOGUE, _NAV, _TITLE, _PROFILE, _HEADER = -1, 0, 1, 2, 3


@attrs.frozen(slots=True)
class Chunk:
    """One page's lines as they are in the input (line ends kept), and where it starts."""

    first_line: int
    """The number of its first line in the whole input."""
    text: str
    first: bool
    """Whether it is the first chunk of the input (it holds the prologue)."""
    last: bool
    """Whether it is the last chunk of the input (it holds the footer)."""


def split_pages(text: IO[str] | str, *, normalised: bool = False) -> Iterator[Chunk]:
    """Cut ``text`` (a text file or a string) into one :class:`Chunk` per page.

    An input without pages is one chunk. ``normalised=True`` says that ``text`` has been
    through :func:`ocparse.lines.normalise` already, which its lines then need not go
    through again.
    """
    # A string is read a piece at a time too: io.StringIO would copy it whole, twice.
    source = cast("IO[str]", _Pieces(text)) if isinstance(text, str) else text
    previous: tuple[int, str] | None = None
    for first_line, chunk in _chunks(physical_lines(source, normalised=normalised)):
        if previous is not None:
            yield Chunk(*previous, first=previous[0] == 1, last=False)
        previous = first_line, chunk
    if previous is not None:
        yield Chunk(*previous, first=previous[0] == 1, last=True)


class _Pieces:
    """A string read as a text file is, ``size`` characters at a time."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._at = 0

    def read(self, size: int) -> str:
        piece = self._text[self._at : self._at + size]
        self._at += len(piece)
        return piece


def physical_lines(text: IO[str], *, normalised: bool = False) -> Iterator[tuple[str, str]]:
    r"""Yield each line of ``text`` with its end (``\n``, ``\r\n`` or a lone ``\r``), and its text.

    The text is the line normalised as the parser sees it (:func:`ocparse.lines.normalise`)
    and stripped of spaces. Normalising a whole read at once is what makes this fast: it
    maps line ends to ``\n`` and never adds or removes one, so its lines pair up with the
    raw ones. ``normalised=True``: the text is normalised already (the lines are only
    stripped).
    """
    pending: list[str] = []  # the start of a line begun in earlier reads
    held = ""
    while chunk := text.read(_READ_CHARS):
        chunk, held = held + chunk, ""
        if chunk.endswith("\r"):
            chunk, held = chunk[:-1], "\r"  # may be the first half of a \r\n
        *ended, rest = _split_lines(chunk)
        if ended:
            ended[0] = "".join([*pending, ended[0]])
            pending.clear()
            yield from zip(ended, _texts(ended, normalised), strict=True)
        pending.append(rest)
    if last := "".join([*pending, held]):
        yield last, _texts([last], normalised)[0]


def _split_lines(text: str) -> list[str]:
    """Lines with their ends, then what follows the last line end ("" if nothing)."""
    if "\r" not in text:
        lines = text.split("\n")
        return [line + "\n" for line in lines[:-1]] + [lines[-1]]
    ends = [m.end() for m in _LINE_END.finditer(text)]
    return [text[a:b] for a, b in zip([0, *ends], [*ends, len(text)], strict=True)]


def _texts(lines: list[str], normalised: bool = False) -> list[str]:
    """The normalised, stripped text of each line (lines with their ends)."""
    if normalised:
        # Each line ends in "\n" but perhaps the last (normalised text has no "\r").
        return [line.rstrip("\n").strip(" ") for line in lines]
    joined = normalise("".join(lines))
    return [line.strip(" ") for line in joined.split("\n")[: len(lines)]]


@attrs.define(slots=True)
class _Page:
    """How far the page being cut has got, and whether it has shown content.

    ``content`` is what only follows a header: before the header, a score block or a
    paragraph (the header was lost); after it, a paragraph (the narratives have begun, so
    a score block now belongs to a next page whose header was lost).
    """

    reached: int = _PROLOGUE
    content: bool = False

    def starts_new(self, kind: int) -> bool:
        """Whether a line of ``kind`` starts the next page; records it either way."""
        new = self.content or self.reached >= max(kind, _TITLE)
        self.reached = kind if new else max(self.reached, kind)
        self.content = self.content and not new
        return new


def _chunks(lines: Iterable[tuple[str, str]]) -> Iterator[tuple[int, str]]:
    """Cut the input before every line that starts a page: yield (first line, text)."""
    buffer: list[str] = []
    texts: list[str] = []  # the normalised text of each line of buffer
    first = 1  # the line number of buffer[0]
    previous: int | None = None  # the index of the last non-blank line
    page = _Page()
    for line, text in _with_end(lines):
        if text != "" and previous is not None:
            # A line's kind depends on the next non-blank line: decide it now.
            kind = _kind(texts[previous], text or "", page)
            if kind is not None and page.starts_new(kind):
                cut = _before_loose_lines(texts, previous)
                if _any_text(texts[:cut]):
                    yield first, "".join(buffer[:cut])
                    first += cut
                    del buffer[:cut], texts[:cut]
                    previous -= cut
        if text is None:
            break
        if text:
            previous = len(buffer)
        buffer.append(line)
        texts.append(text)
    if buffer:
        yield first, "".join(buffer)


def _with_end(lines: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str | None]]:
    """The lines, then ``("", None)``: what follows the last line decides its kind too."""
    yield from lines
    yield "", None


def _before_loose_lines(texts: list[str], start: int) -> int:
    """Where a page starting at ``start`` really starts: before the loose lines above it.

    Short lines that are no sentence, no score, no footer, start no page and follow no
    score line (a country name, an ``x`` left of a lost title line, site navigation
    ocparse does not know or that is damaged, chart labels) belong to the page they
    precede, not to the end of the one before: its prologue reports them. A line after a
    score line is that block's definition, and a sentence may be the last paragraph of
    the page above: both stay there.
    """
    cut = start
    while cut > 0 and _is_loose(texts, cut - 1):
        cut -= 1
    while cut < start and not texts[cut]:
        cut += 1  # blank lines stay with the page above
    return cut


def _is_loose(texts: list[str], index: int) -> bool:
    text = texts[index]
    if not text:
        return True
    terminals, line = _terminals(), text + "\n"
    if len(text) > NAME_MAX or SENTENCE_END.search(text):
        return False  # a short paragraph, maybe: the text cannot tell, and it stays
    if any(t.match(line) for t in terminals.not_loose):
        return False
    above = next((t for t in reversed(texts[:index]) if t), "")
    return not terminals.score.match(above + "\n")


def _any_text(texts: list[str]) -> bool:
    return any(texts)


def _kind(line: str, next_line: str, page: _Page) -> int | None:
    """The start kind of ``line`` (before ``next_line``; both normalised and stripped).

    None for a line that starts no page; a line that shows content is recorded in
    ``page`` (looked for only while it can still matter: until some is seen).
    """
    terminals = _terminals()
    # The header's guard leaves no stripped line longer than HEADER_MAX: paragraph lines
    # need not be lowered (that took a twentieth of a scores-only parse).
    if (
        len(line) <= HEADER_MAX
        and "criminal market" in line.lower()
        and terminals.markets.match(line + _SCORE_PROBE)
    ):
        if terminals.markets.match(f"{line}\n{next_line}\n"):
            return _HEADER
        # After the narratives, the next page's header even with its score line lost.
        return _HEADER if page.content and page.reached == _HEADER else None
    if start := terminals.starts.match(line + "\n"):
        return _START_KINDS[start.lastgroup or ""]
    if page.content:
        # A score block after the narratives: the next page, its header lost.
        if page.reached == _HEADER and _starts_block(line, next_line, terminals):
            return _HEADER
        return None
    if len(line) > DEFINITION_MAX:
        page.content = True
    elif page.reached < _HEADER:
        # Only the score line tells: a profile block prints "Freedonia", then its score.
        page.content = _is_block_score(line, next_line, terminals)
    return None


def _starts_block(line: str, next_line: str, terminals: _Terminals) -> bool:
    """Whether ``line`` is the name or score line of a score block.

    A score line followed by a paragraph is a stray score among narratives, no block.
    """
    if next_line[:1].isdigit() and terminals.label.match(f"{line}\n{next_line}\n"):
        return True
    return len(next_line) <= DEFINITION_MAX and _is_block_score(line, next_line, terminals)


def _is_block_score(line: str, next_line: str, terminals: _Terminals) -> bool:
    """Whether ``line`` is the score line of a score block.

    That is, followed by a definition (a sentence) or, in the legacy layout, the next
    indicator's name: a profile block has score-like values too (a GINI index of 35.50,
    a criminality score), followed by labels.
    """
    if not (line[:1].isdigit() and terminals.score.match(line + "\n")):
        return False
    if SENTENCE_END.search(next_line):
        return True
    match = taxonomy.find_indicator(next_line)
    return bool(match and match.exact) or taxonomy.find_section(next_line) is not None


_START_KINDS = {"NAV": _NAV, "TITLE": _TITLE, "PROFILE": _PROFILE}


@attrs.frozen(slots=True)
class _Terminals:
    markets: re.Pattern[str]
    starts: re.Pattern[str]
    """NAV, TITLE or PROFILE, as named groups."""
    score: re.Pattern[str]
    label: re.Pattern[str]
    footer: re.Pattern[str]

    @property
    def not_loose(self) -> tuple[re.Pattern[str], ...]:
        """Lines that stay where they are when a page starts after them."""
        return (self.footer, self.starts, self.score)


@functools.cache
def _terminals() -> _Terminals:
    """The grammar's own terminals (Lark compiles them with ``re`` as well)."""
    starts = "|".join(f"(?P<{name}>{terminal(name).pattern})" for name in _START_KINDS)
    return _Terminals(
        terminal("MARKETS"),
        re.compile(starts),
        terminal("SCORE"),
        terminal("LABEL"),
        terminal("BOILER"),
    )
