r"""JSON: one document, written a profile at a time, in the bytes :func:`ocparse.to_json` gives.

:class:`JsonWriter` writes the document's opening and each profile as it comes, so memory
stays flat however many pages there are. Skipped lines and diagnostics come after the
profiles in the document; the writer keeps them in a temporary file (in memory while
small) and copies them out when it is closed. The text is exactly
``to_json(Envelope(document)) + "\n"``, with ``indent`` as in :func:`ocparse.to_json`.

>>> import io
>>> from ocparse import load_json, parse_file, to_json
>>> from ocparse.output import Envelope
>>> doc = parse_file("fixtures/lenient_2025_belgium_truncated.txt", lenient=True)
>>> out = io.StringIO()
>>> with JsonWriter(out) as writer:
...     for profile in doc.profiles:
...         writer.write_profile(profile)
...     for diagnostic in doc.diagnostics:
...         writer.write_diagnostic(diagnostic)
...     for skipped in doc.skipped:
...         writer.write_skipped(skipped)
>>> out.getvalue() == to_json(Envelope(doc)) + "\n"
True
"""

from __future__ import annotations

import codecs
import io
import json
import tempfile
from typing import Any, TextIO

from ocparse.formats.base import Format, Writer
from ocparse.output import _current_version, entry_to_dict, profile_to_dict
from ocparse.records import Diagnostic, Profile, SkippedLine
from ocparse.schema import SCHEMA_VERSION

__all__ = ["FORMAT", "JsonWriter"]

_SPOOL_BYTES = 1 << 20  # entries kept in memory up to this much, then in a temporary file


class _Array:
    """An array of the document written item by item, laid out as ``json.dumps`` does."""

    def __init__(self, writer: JsonWriter) -> None:
        self._writer = writer
        self.count = 0

    def item(self, data: Any) -> str:
        """The text of one more item, the separator before it included (none for the first)."""
        writer = self._writer
        text = json.dumps(data, ensure_ascii=False, indent=writer.indent)
        # json.dumps indents a nested value by its depth; these items sit two levels deep.
        if writer.indent is not None:
            text = text.replace("\n", writer.newline(2))
        separator = writer.separator if self.count else ""
        self.count += 1
        return separator + writer.newline(2) + text

    def end(self) -> str:
        """What closes the array: ``]`` on its own line unless it is empty."""
        return (self._writer.newline(1) if self.count else "") + "]"


class _Kept(_Array):
    """An array kept for after the profiles, in a temporary file, grouped by input.

    With several inputs the items of each input stay together, inputs in the order they
    began: an item that arrives after its input's turn (a problem found across inputs)
    still goes with it. Each item is stored with a separator before it; the first one
    written out drops it.
    """

    def __init__(self, writer: JsonWriter) -> None:
        super().__init__(writer)
        self._spool = tempfile.SpooledTemporaryFile(_SPOOL_BYTES)  # noqa: SIM115 (closed in copy)
        self._runs: dict[str | None, list[tuple[int, int]]] = {}  # byte ranges by input

    def begin(self, key: str | None) -> None:
        """Give the input ``key`` its place in the order, even before any item of it."""
        self._runs.setdefault(key, [])

    def add(self, key: str | None, data: Any) -> None:
        """Keep one item of the input ``key``."""
        self.count = max(self.count, 1)  # every kept item has its separator
        data_bytes = self.item(data).encode("utf-8")
        start = self._spool.seek(0, io.SEEK_END)
        end = start + self._spool.write(data_bytes)
        runs = self._runs.setdefault(key, [])
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end)  # one range for a run of the same input
        else:
            runs.append((start, end))

    def copy(self, out: TextIO) -> None:
        """Write every item to ``out``, input by input, then let the spool go."""
        skip = len(self._writer.separator)  # before the first item (ASCII)
        for runs in self._runs.values():
            for start, end in runs:
                self._spool.seek(start + skip)
                left, skip = end - start - skip, 0
                decoder = codecs.getincrementaldecoder("utf-8")()
                while left:
                    block = self._spool.read(min(left, _SPOOL_BYTES))
                    left -= len(block)
                    out.write(decoder.decode(block, final=not left))
        self._spool.close()


class JsonWriter(Writer):
    """Writes one JSON document: the versions, the profiles as they come, then the rest.

    ``ocparse_version`` and ``schema_version`` (this ocparse's) are written first, as
    ``ocparse convert`` writes them, unless ``versions`` is false. With
    ``several_inputs`` every skipped line and diagnostic has a ``file`` key first (the
    ``file`` of the entry, null for standard input). Nothing is written before the first
    profile or :meth:`close`, so a run that fails on its first page writes nothing.
    """

    def __init__(
        self,
        out: TextIO,
        *,
        several_inputs: bool = False,
        versions: bool = True,
        indent: int | None = 2,
    ) -> None:
        super().__init__(out, several_inputs=several_inputs)
        self.indent = indent
        """Spaces per level, as ``json.dumps`` takes it (None: all on one line)."""
        self._head = (
            {"ocparse_version": _current_version(), "schema_version": SCHEMA_VERSION}
            if versions
            else {}
        )
        self._profiles: _Array | None = None
        self._closed = False
        self._kept = {"skipped": _Kept(self), "diagnostics": _Kept(self)}

    @property
    def separator(self) -> str:
        """What separates items, as ``json.dumps`` writes it."""
        return ", " if self.indent is None else ","

    def newline(self, depth: int) -> str:
        """What starts a line at ``depth`` levels in (nothing on one line)."""
        return "" if self.indent is None else "\n" + " " * (self.indent * depth)

    def begin_input(self, file: str | None) -> None:
        """With several inputs, the skipped lines and diagnostics of ``file`` come next."""
        if self.several_inputs:
            for kept in self._kept.values():
                kept.begin(file)

    def write_profile(self, profile: Profile) -> None:
        """Write one profile to ``out``."""
        self.out.write(self._start().item(profile_to_dict(profile)))

    def write_skipped(self, entry: SkippedLine) -> None:
        """Keep a skipped line for after the profiles."""
        self._keep("skipped", entry)

    def write_diagnostic(self, entry: Diagnostic) -> None:
        """Keep a diagnostic for after the profiles."""
        self._keep("diagnostics", entry)

    def _keep(self, key: str, entry: SkippedLine | Diagnostic) -> None:
        data = entry_to_dict(entry, with_file=self.several_inputs)
        # One input: one group, in order of arrival, whatever file the entries name.
        self._kept[key].add(entry.file if self.several_inputs else None, data)

    def close(self) -> None:
        """Close the profiles, copy out the skipped lines and diagnostics, end the document.

        Closing again does nothing.
        """
        if self._closed:
            return
        self._closed = True
        profiles = self._start()
        self.out.write(profiles.end())
        for key, kept in self._kept.items():
            self.out.write(f"{self.separator}{self.newline(1)}{json.dumps(key)}: [")
            kept.copy(self.out)
            self.out.write(kept.end())
        self.out.write(self.newline(0) + "}\n")

    def _start(self) -> _Array:
        """The profiles' array, after the document's opening (written the first time)."""
        if self._profiles is None:
            self.out.write("{")
            for key, value in self._head.items():
                pair = f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                self.out.write(self.newline(1) + pair + self.separator)
            self.out.write(self.newline(1) + '"profiles": [')
            self._profiles = _Array(self)
        return self._profiles


FORMAT = Format(
    name="json",
    extensions=(".json",),
    writer=JsonWriter,
    summary='one document: {"ocparse_version", "schema_version", "profiles", "skipped", '
    '"diagnostics"}; see `ocparse schema`. With several inputs the profiles, skipped lines '
    "and diagnostics of all of them are concatenated in input order, and each skipped line "
    'and diagnostic gets a "file" key naming its input (profiles name theirs in '
    "source.file). Standard input is named null. Profiles are written as pages are read; "
    "skipped lines and diagnostics wait in a temporary file until the end.",
    keeps_diagnostics=True,
)
"""The registry entry."""
