"""The reports of ``ocparse validate``: problem lines, GitHub annotations or JSON.

Also the wording the command shares with them: ``file:line:col`` lines and option names
in place of the library's keywords.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from typing import Any, ClassVar, Protocol, TextIO

import attrs

from ocparse import __version__
from ocparse.output import entry_to_dict
from ocparse.records import Diagnostic

__all__ = ["REPORTS", "Report", "Source", "cli_words", "located", "plural"]


class Source(Protocol):
    """An input as reports name it."""

    @property
    def name(self) -> str | None:
        """The input as given; None for standard input."""

    @property
    def label(self) -> str:
        """How messages name it."""


def located(item: Source, line: int, column: int, severity: str, message: str) -> str:
    """``file:line:col: severity: message``, the line editors and CI annotations recognise."""
    return f"{item.label}:{line}:{column}: {severity}: {cli_words(message)}"


# A library keyword named alone ("pass country= to set it"), not a value (country=BEL).
_KEYWORD = re.compile(r"(?<![\w-])(country|edition|encoding|lenient|jobs)=(?=[\s;,.)]|$)")


def cli_words(message: str) -> str:
    """The library's message in the command's words: ``country=`` is ``--country`` here."""
    return _KEYWORD.sub(lambda keyword: f"--{keyword[1]}", message)


class Report(Protocol):
    """What ``validate`` writes its findings to, file by file."""

    def problem(self, item: Source, diagnostic: Diagnostic) -> None:
        """One problem of ``item``."""

    def summary(self, item: Source, pages: int, counts: Counter[str], encoding: str | None) -> None:
        """``item`` is done: its pages, its count by severity, the encoding it was read in."""

    def across(self, item: Source, diagnostic: Diagnostic) -> None:
        """A problem found across files (``item``'s page against another's)."""

    def close(self) -> None:
        """Every file is done."""


class TextReport:
    """``file:line:col: severity: message [code]`` lines, then a summary line per file."""

    def __init__(self, out: TextIO, *, quiet: bool = False) -> None:
        self._out = out
        self._quiet = quiet
        self._across = 0

    def problem(self, item: Source, diagnostic: Diagnostic) -> None:
        d = diagnostic
        message = f"{d.message} [{d.code}]"
        print(located(item, d.line, d.column, d.severity, message), file=self._out)

    def summary(self, item: Source, pages: int, counts: Counter[str], encoding: str | None) -> None:
        if self._quiet:
            return
        found = [plural(counts[severity], severity) for severity in ("error", "warning")]
        read_as = f" ({encoding})" if encoding else ""
        line = f"{item.label}: {', '.join([plural(pages, 'page'), *found])}{read_as}"
        print(line, file=self._out)
        self._out.flush()  # file by file, as they are checked

    def across(self, item: Source, diagnostic: Diagnostic) -> None:
        """A problem found across files, once all are read: after every summary."""
        self.problem(item, diagnostic)
        self._across += 1

    def close(self) -> None:
        if self._across:
            print(f"across editions: {plural(self._across, 'warning')}", file=self._out)


class GithubReport(TextReport):
    """GitHub Actions workflow commands, which annotate the files of a pull request."""

    _COMMANDS: ClassVar[dict[str, str]] = {"error": "error", "warning": "warning", "info": "notice"}

    def problem(self, item: Source, diagnostic: Diagnostic) -> None:
        d = diagnostic
        where = f"file={escape(item.label, ':,')},line={d.line},col={d.column}"
        title = f",title={escape(d.code, ':,')}"
        command = self._COMMANDS[d.severity]
        message = escape(cli_words(d.message))
        print(f"::{command} {where}{title}::{message}", file=self._out)


def escape(text: str, more: str = "") -> str:
    """Escape ``text`` for a workflow command (and ``more`` characters of a property)."""
    for char in "%\r\n" + more:
        text = text.replace(char, f"%{ord(char):02X}")
    return text


class JsonReport:
    """One JSON document of every file's problems and counts, written at the end."""

    def __init__(self, out: TextIO, *, quiet: bool = False) -> None:
        self._out = out  # one document at the end: nothing per file to keep quiet
        self._files: list[dict[str, Any]] = []
        self._problems: list[dict[str, Any]] = []

    def problem(self, item: Source, diagnostic: Diagnostic) -> None:
        data = entry_to_dict(diagnostic, with_file=False)
        self._problems.append({**data, "message": cli_words(diagnostic.message)})

    def summary(self, item: Source, pages: int, counts: Counter[str], encoding: str | None) -> None:
        self._files.append(
            {"file": item.name, "encoding": encoding, "pages": pages, "errors": counts["error"],
             "warnings": counts["warning"], "diagnostics": self._problems}
        )  # fmt: skip
        self._problems = []

    def across(self, item: Source, diagnostic: Diagnostic) -> None:
        """A problem found across files goes with the file it is in."""
        for entry in self._files:
            if entry["file"] == item.name:
                data = entry_to_dict(attrs.evolve(diagnostic, file=None), with_file=False)
                entry["diagnostics"].append(data)
                entry[f"{diagnostic.severity}s"] += 1
                return

    def close(self) -> None:
        data = {"ocparse_version": __version__, "files": self._files}
        self._out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        self._out.flush()


REPORTS: dict[str, Callable[..., Report]] = {
    "text": TextReport,
    "github": GithubReport,
    "json": JsonReport,
}


def plural(count: int, noun: str) -> str:
    """``1 page``, ``2 pages``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
