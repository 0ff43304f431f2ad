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
from collections.abc import Sequence
from typing import Any, TextIO

from ocparse.formats.base import Encoded, Encoder, Format, Writer
from ocparse.output import (
    _current_version,
    _json_items,
    _json_newline,
    _json_separator,
    entry_to_dict,
    profile_to_dict,
)
from ocparse.records import Diagnostic, Profile, SkippedLine
from ocparse.schema import SCHEMA_VERSION

__all__ = ["FORMAT", "JsonEncoder", "JsonWriter"]

_SPOOL_BYTES = 1 << 20  # entries kept in memory up to this much, then in a temporary file


class JsonEncoder(Encoder):
    """Profiles, skipped lines and diagnostics as items of the document's arrays.

    Items are laid out as ``json.dumps`` lays out the whole document with ``indent``:
    each starts on its own line, two levels in, and items are separated as in an array;
    what comes before the first item of a run (a separator, if the array already has
    items) is the writer's to add.
    """

    def __init__(self, *, several_inputs: bool = False, indent: int | None = 2) -> None:
        super().__init__(several_inputs=several_inputs)
        self.indent = indent
        """Spaces per level, as ``json.dumps`` takes it (None: all on one line)."""

    @property
    def separator(self) -> str:
        """What separates items, as ``json.dumps`` writes it."""
        return _json_separator(self.indent)

    def newline(self, depth: int) -> str:
        """What starts a line at ``depth`` levels in (nothing on one line)."""
        return _json_newline(self.indent, depth)

    def profiles(self, profiles: Sequence[Profile]) -> tuple[bytes, int]:
        """The items of ``profiles``, and how many."""
        return self._items([profile_to_dict(p) for p in profiles]), len(profiles)

    def entries(self, entries: Sequence[SkippedLine] | Sequence[Diagnostic]) -> bytes:
        """The items of skipped lines or diagnostics (with a ``file`` key for several inputs)."""
        return self._items([entry_to_dict(e, with_file=self.several_inputs) for e in entries])

    def _items(self, items: list[Any]) -> bytes:
        return self.separator.join(_json_items(items, self.indent)).encode("utf-8")


class _Array:
    """An array of the document, written a run of items at a time."""

    def __init__(self, encoder: JsonEncoder) -> None:
        self._encoder = encoder
        self.count = 0

    def before(self, items: int) -> str:
        """What goes before a run of ``items`` more items: a separator unless they are the first."""
        separator = self._encoder.separator if self.count else ""
        self.count += items
        return separator

    def end(self) -> str:
        """What closes the array: ``]`` on its own line unless it is empty."""
        return (self._encoder.newline(1) if self.count else "") + "]"


class _Kept(_Array):
    """An array kept for after the profiles, in a temporary file, grouped by input.

    With several inputs the items of each input stay together, inputs in the order they
    began: an item that arrives after its input's turn (a problem found across inputs)
    still goes with it. Each run of items is stored with a separator before it; the
    first one written out drops it.
    """

    def __init__(self, encoder: JsonEncoder) -> None:
        super().__init__(encoder)
        self._spool = tempfile.SpooledTemporaryFile(_SPOOL_BYTES)  # noqa: SIM115 (closed in copy)
        self._runs: dict[str | None, list[tuple[int, int]]] = {}  # byte ranges by input

    def begin(self, key: str | None) -> None:
        """Give the input ``key`` its place in the order, even before any item of it."""
        self._runs.setdefault(key, [])

    def add(self, key: str | None, items: bytes) -> None:
        """Keep a run of encoded items of the input ``key``."""
        self.count = max(self.count, 1)  # every kept run has its separator
        start = self._spool.seek(0, io.SEEK_END)
        end = start + self._spool.write(self._encoder.separator.encode("ascii"))
        end += self._spool.write(items)
        runs = self._runs.setdefault(key, [])
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end)  # one range for a run of the same input
        else:
            runs.append((start, end))

    def copy(self, out: TextIO) -> None:
        """Write every item to ``out``, input by input, then let the spool go."""
        skip = len(self._encoder.separator)  # before the first item (ASCII)
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

    encoder: JsonEncoder

    def __init__(
        self,
        out: TextIO,
        *,
        several_inputs: bool = False,
        versions: bool = True,
        indent: int | None = 2,
    ) -> None:
        super().__init__(out, several_inputs=several_inputs)
        self.encoder = JsonEncoder(several_inputs=several_inputs, indent=indent)
        self.indent = indent
        """Spaces per level, as ``json.dumps`` takes it (None: all on one line)."""
        self._head = (
            {"ocparse_version": _current_version(), "schema_version": SCHEMA_VERSION}
            if versions
            else {}
        )
        self._profiles: _Array | None = None
        self._closed = False
        self._kept = {"skipped": _Kept(self.encoder), "diagnostics": _Kept(self.encoder)}

    def begin_input(self, file: str | None) -> None:
        """With several inputs, the skipped lines and diagnostics of ``file`` come next."""
        if self.several_inputs:
            for kept in self._kept.values():
                kept.begin(file)

    def write_encoded(self, encoded: Encoded) -> None:
        """Write the profiles to ``out``; keep the skipped lines and diagnostics for after them."""
        if encoded.items:
            profiles = self._start()
            self.out.write(profiles.before(encoded.items))
            self.write_utf8(encoded.profiles)
        # One input: one group, in order of arrival, whatever file the entries name.
        key = encoded.file if self.several_inputs else None
        for name, items in (("skipped", encoded.skipped), ("diagnostics", encoded.diagnostics)):
            if items:
                self._kept[name].add(key, items)

    def close(self) -> None:
        """Close the profiles, copy out the skipped lines and diagnostics, end the document.

        Closing again does nothing.
        """
        if self._closed:
            return
        self._closed = True
        encoder = self.encoder
        profiles = self._start()
        self.out.write(profiles.end())
        for key, kept in self._kept.items():
            self.out.write(f"{encoder.separator}{encoder.newline(1)}{json.dumps(key)}: [")
            kept.copy(self.out)
            self.out.write(kept.end())
        self.out.write(encoder.newline(0) + "}\n")

    def _start(self) -> _Array:
        """The profiles' array, after the document's opening (written the first time)."""
        if self._profiles is None:
            encoder = self.encoder
            self.out.write("{")
            for key, value in self._head.items():
                pair = f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                self.out.write(encoder.newline(1) + pair + encoder.separator)
            self.out.write(encoder.newline(1) + '"profiles": [')
            self._profiles = _Array(encoder)
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
