"""The entry points: :func:`parse` for text and :func:`parse_file` for files."""

from __future__ import annotations

import os
from pathlib import Path

from lark.exceptions import LarkError

from ocparse.blocks import RawDump, scan
from ocparse.errors import ParseError
from ocparse.lines import decode, normalise
from ocparse.pages import PageOptions, build_profile
from ocparse.records import Document
from ocparse.report import Reporter
from ocparse.taxonomy import EDITIONS

__all__ = ["parse", "parse_file"]

_NO_PAGE = "a 'Criminal markets' header line followed by a score line such as 5.330.10"


def parse(
    text: str,
    *,
    lenient: bool = False,
    country: str | None = None,
    edition: int | None = None,
    file: str | None = None,
    first_line: int = 1,
) -> Document:
    """Parse the text of one or more Organized Crime Index pages into a :class:`Document`.

    Strict (the default) raises :class:`ParseError` with line and column at the first
    wrong line; ``lenient=True`` never raises for content: it keeps every page and field it
    can read and records problems in ``doc.diagnostics``. ``country`` (a name or ISO code)
    and ``edition`` (2021, 2023 or 2025) override detection for every page; ``file`` names
    the input in ``profile.source.file`` and in errors. ``first_line`` is the number of
    the first line of ``text`` when it was cut from a larger input (as
    :func:`ocparse.iter_pages` does), so that every line number counts from its start.

    >>> doc = parse(open("fixtures/2025_netherlands_belgium.txt", encoding="utf-8").read())
    >>> [(p.country, p.iso3, p.edition) for p in doc.profiles]
    [('Netherlands', 'NLD', 2025), ('Belgium', 'BEL', 2025)]
    """
    if edition is not None and edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    rep = Reporter(strict=not lenient, file=file)
    dump = _scan(text, rep, first_line)
    for token in dump.prologue:
        rep.skip(token.line or 1, token.value.strip(), "prologue")
    if not dump.pages and dump.prologue:
        first = dump.prologue[0]
        rep.problem(
            first.line or 1, first.column or 1, "no-page", "no page found", expected=_NO_PAGE
        )
    options = PageOptions(country=country, edition=edition, file=file)
    profiles = tuple(build_profile(page, rep, options) for page in dump.pages)
    _trailing_profile(dump, rep)
    return Document(
        profiles=profiles,
        skipped=tuple(sorted(rep.skipped, key=lambda s: s.line)),
        diagnostics=tuple(sorted(rep.diagnostics, key=lambda d: (d.line, d.column))),
    )


def _trailing_profile(dump: RawDump, rep: Reporter) -> None:
    """A profile block with no scores after it: the scrape stopped after it."""
    for token in dump.trailing_profile:
        rep.skip(token.line or 1, token.value.strip(), "profile")
    if dump.trailing_profile:
        first = dump.trailing_profile[0]
        rep.problem(
            first.line or 1,
            first.column or 1,
            "truncated-page",
            "profile block without a page after it",
            text=first.value.strip(),
            expected=_NO_PAGE,
        )


def _scan(text: str, rep: Reporter, first_line: int) -> RawDump:
    try:
        return scan(normalise(text), first_line=first_line)
    except LarkError as error:  # the grammar accepts any line sequence; guard all the same
        line = (getattr(error, "line", 1) or 1) + first_line - 1
        column = getattr(error, "column", 1) or 1
        raise ParseError(
            "the grammar could not read this line", line, column, file=rep.file
        ) from None


def parse_file(path: str | os.PathLike[str], **options: object) -> Document:
    """Read, decode (UTF-8, UTF-16, cp1252, with or without BOM) and parse a dump file.

    Takes the keyword options of :func:`parse`; ``profile.source.file`` is the path.
    """
    name = os.fspath(path)
    text = decode(Path(name).read_bytes(), file=name)
    return parse(text, file=name, **options)  # type: ignore[arg-type]
