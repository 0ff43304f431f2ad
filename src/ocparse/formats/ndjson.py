"""NDJSON: one profile per line, as compact JSON, written as each profile comes.

Each line is a ``Profile`` of :func:`ocparse.document_schema`, read back by
:func:`ocparse.load_profile` and :func:`ocparse.iter_ndjson`. Skipped lines and
diagnostics have no place in it.

>>> import io
>>> from ocparse import iter_ndjson, parse_file
>>> out = io.StringIO()
>>> with NdjsonWriter(out) as writer:
...     writer.write(parse_file("fixtures/2025_netherlands_belgium.txt"))
>>> [p.iso3 for p in iter_ndjson(io.StringIO(out.getvalue()))]
['NLD', 'BEL']
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from ocparse.formats.base import Encoded, Encoder, Format, Writer
from ocparse.output import profile_to_dict
from ocparse.records import Profile

__all__ = ["FORMAT", "NdjsonEncoder", "NdjsonWriter"]


class NdjsonEncoder(Encoder):
    """Each profile as one line of compact JSON."""

    def profiles(self, profiles: Sequence[Profile]) -> tuple[bytes, int]:
        """The lines of ``profiles``, each ending with a line feed."""
        lines = [_line(profile_to_dict(p)) for p in profiles]
        return "".join(lines).encode("utf-8"), len(lines)


def _line(data: dict[str, Any]) -> str:
    # Fresh dicts, never a cycle: no need for the encoder to look for one.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False) + "\n"


class NdjsonWriter(Writer):
    """Writes each profile as one line of compact JSON; drops skipped lines and diagnostics."""

    def __init__(self, out: TextIO, *, several_inputs: bool = False) -> None:
        super().__init__(out, several_inputs=several_inputs)
        self.encoder = NdjsonEncoder(several_inputs=several_inputs)

    def write_encoded(self, encoded: Encoded) -> None:
        """Write the profiles' lines."""
        if encoded.profiles:
            self.write_utf8(encoded.profiles)


FORMAT = Format(
    name="ndjson",
    extensions=(".ndjson", ".jsonl"),
    writer=NdjsonWriter,
    summary="one profile per line (a Profile of the schema), written as each page is "
    "read: memory stays flat however large the input.",
    keeps_diagnostics=False,
)
"""The registry entry."""
