"""The entry points: :func:`parse` for text and :func:`parse_file` for files."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from lark.exceptions import LarkError

from ocparse.blocks import RawDump, scan
from ocparse.codes import Code
from ocparse.errors import ParseError
from ocparse.lines import decode, normalise, not_page_text
from ocparse.options import Options
from ocparse.pages import build_profile, orphan_score
from ocparse.records import Document
from ocparse.report import Reporter
from ocparse.splitter import Chunk, split_pages

__all__ = ["empty_input_error", "merge", "parse", "parse_chunk", "parse_file"]

_NO_PAGE = "a 'Criminal markets' header line followed by a score line such as 5.330.10"


def parse(
    text: str,
    *,
    lenient: bool = False,
    country: str | None = None,
    edition: int | None = None,
    file: str | None = None,
    first_line: int = 1,
    country_hint: str | None = None,
    edition_hint: int | None = None,
    align: bool = True,
) -> Document:
    """Parse the text of one or more Organized Crime Index pages into a :class:`Document`.

    Strict (the default) raises :class:`ParseError` with line and column at the first
    wrong line; ``lenient=True`` never raises for content: it keeps every page and field it
    can read and records problems in ``doc.diagnostics``. ``country`` (a name or ISO code)
    and ``edition`` (a year of :func:`ocparse.editions.years`) override detection for
    every page; ``file`` names the input in ``profile.source.file`` and in errors.
    ``first_line`` is the number of the first line of ``text`` when it was cut from a
    larger input, so that every line number counts from its start.

    ``country_hint`` and ``edition_hint`` are weaker than ``country`` and ``edition``:
    what is known of the input from outside, such as its file name. A page that names no
    country (or fits no edition for sure) gets them; a page that says otherwise keeps its
    own, with a ``file-country-mismatch`` or ``file-edition-mismatch`` warning.

    ``align=False`` reads the scores only: narrative paragraphs are listed with their
    lines but not matched to indicators (no ``narrative``, ``paragraph`` None, paragraphs
    cover no indicator), which skips the slowest stage; records, checks and composites
    are the same.

    The text is cut into pages first (:mod:`ocparse.splitter`), each bounded by what
    starts the next one, and each page is parsed alone: damage to one page never changes
    another's records.

    >>> doc = parse(open("fixtures/2025_netherlands_belgium.txt", encoding="utf-8").read())
    >>> [(p.country, p.iso3, p.edition) for p in doc.profiles]
    [('Netherlands', 'NLD', 2025), ('Belgium', 'BEL', 2025)]
    """
    options = Options(
        lenient=lenient, country=country, edition=edition, file=file,
        country_hint=country_hint, edition_hint=edition_hint, align=align,
    )  # fmt: skip
    # Normalised once here, the pages need not be again (normalising is a full pass).
    chunks = split_pages(normalise(text), normalised=True)
    return merge(_parse_chunk(c, options, first_line - 1, normalised=True) for c in chunks)


def merge(documents: Iterable[Document]) -> Document:
    """Concatenate Documents (such as the pages of one input) into one, in order."""
    parts = list(documents)
    return Document(
        profiles=tuple(p for d in parts for p in d.profiles),
        skipped=tuple(s for d in parts for s in d.skipped),
        diagnostics=tuple(g for d in parts for g in d.diagnostics),
    )


def parse_chunk(chunk: Chunk, options: Options, *, offset: int = 0) -> Document:
    """Parse one page cut out by :func:`ocparse.splitter.split_pages`, alone.

    Its lines are numbered from ``chunk.first_line + offset``. Strict mode raises
    :class:`ParseError` at its first wrong line.
    """
    return _parse_chunk(chunk, options, offset, normalised=False)


def _parse_chunk(chunk: Chunk, options: Options, offset: int, *, normalised: bool) -> Document:
    rep = Reporter(strict=not options.lenient, file=options.file)
    text = chunk.text if normalised else normalise(chunk.text)
    dump = _scan(text, rep, chunk.first_line + offset)
    _prologue(dump, chunk, rep)
    profiles = tuple(build_profile(page, rep, options) for page in dump.pages)
    _trailing_profile(dump, rep)
    return Document(
        profiles=profiles,
        skipped=tuple(sorted(rep.skipped, key=lambda s: s.line)),
        diagnostics=tuple(sorted(rep.diagnostics, key=lambda d: (d.line, d.column))),
    )


def _prologue(dump: RawDump, chunk: Chunk, rep: Reporter) -> None:
    """Lines before the page: the input's prologue, or the site navigation of a page.

    Without a page after them, score lines are a page whose header was lost (or stray).
    """
    if not dump.pages:
        _without_page(dump, chunk, rep)
        return
    for token in dump.prologue:
        text, line = token.value.strip(), token.line or 1
        if chunk.first or token.type == "NAV":
            rep.skip(line, text, "prologue")
        elif token.type in ("SCORE", "NUMBERS"):
            orphan_score(token, rep)
        else:
            rep.skip(line, text, "prologue")
            rep.note(line, Code.UNKNOWN_PROLOGUE, f"unknown line before the page: {text!r}")


def _without_page(dump: RawDump, chunk: Chunk, rep: Reporter) -> None:
    scored = [t for t in dump.prologue if t.type in ("LABEL", "ACTORS", "SCORE")]
    for token in dump.prologue:
        rep.skip(token.line or 1, token.value.strip(), "unrecognized" if scored else "prologue")
    if not dump.prologue:
        return
    first = dump.prologue[0]
    line, column = first.line or 1, first.column or 1
    if scored:
        rep.problem(
            scored[0].line or 1,
            scored[0].column or 1,
            Code.NO_HEADER,
            "score lines without a 'Criminal markets' header before them",
            text=scored[0].value.strip(),
            expected=_NO_PAGE,
        )
    elif chunk.first and chunk.last and not dump.trailing_profile:
        hint = not_page_text(chunk.text)  # an HTML page, binary data: say what to do
        if hint is not None:
            rep.problem(line, column, Code.NO_PAGE, hint)
        else:
            rep.problem(line, column, Code.NO_PAGE, "no page found", expected=_NO_PAGE)
    elif not chunk.first and not dump.trailing_profile:
        rep.note(line, Code.ORPHAN_PROLOGUE, "site navigation with no page after it")


def empty_input_error(file: str | None = None) -> ParseError:
    """The ``no-page`` error of an input with nothing but blank lines, at line 1.

    :func:`parse` reads such an input as an empty Document (what ``render_document``
    writes for one); the command line reports it as any other input without a page.
    """
    return ParseError("no page found: the input has no text", 1, 1, expected=_NO_PAGE, file=file)


def _trailing_profile(dump: RawDump, rep: Reporter) -> None:
    """A profile block with no scores after it: the scrape stopped after it."""
    for token in dump.trailing_profile:
        rep.skip(token.line or 1, token.value.strip(), "profile")
    if dump.trailing_profile:
        first = dump.trailing_profile[0]
        rep.problem(
            first.line or 1,
            first.column or 1,
            Code.TRUNCATED_PAGE,
            "profile block without a page after it",
            text=first.value.strip(),
            expected=_NO_PAGE,
        )


def _scan(text: str, rep: Reporter, first_line: int) -> RawDump:
    try:
        return scan(text, first_line=first_line)
    except LarkError as error:  # the grammar accepts any line sequence; guard all the same
        line = (getattr(error, "line", 1) or 1) + first_line - 1
        column = getattr(error, "column", 1) or 1
        raise ParseError(
            "the grammar could not read this line", line, column, file=rep.file
        ) from None


def parse_file(
    path: str | os.PathLike[str],
    *,
    lenient: bool = False,
    country: str | None = None,
    edition: int | None = None,
    country_hint: str | None = None,
    edition_hint: int | None = None,
    align: bool = True,
) -> Document:
    """Read, decode (UTF-8, UTF-16, cp1252, with or without BOM) and parse a dump file.

    The options are those of :func:`parse`; ``profile.source.file`` is the path.
    """
    name = os.fspath(path)
    text = decode(Path(name).read_bytes(), file=name)
    return parse(
        text, lenient=lenient, country=country, edition=edition, file=name,
        country_hint=country_hint, edition_hint=edition_hint, align=align,
    )  # fmt: skip
