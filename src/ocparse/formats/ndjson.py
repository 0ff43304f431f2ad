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

from ocparse.formats.base import Format, Writer
from ocparse.output import profile_to_dict
from ocparse.records import Profile

__all__ = ["FORMAT", "NdjsonWriter"]


class NdjsonWriter(Writer):
    """Writes each profile as one line of compact JSON; drops skipped lines and diagnostics."""

    def write_profile(self, profile: Profile) -> None:
        """Write the profile's line."""
        line = json.dumps(profile_to_dict(profile), ensure_ascii=False, separators=(",", ":"))
        self.out.write(line + "\n")


FORMAT = Format(
    name="ndjson",
    extensions=(".ndjson", ".jsonl"),
    writer=NdjsonWriter,
    summary="one profile per line (a Profile of the schema), written as each page is "
    "read: memory stays flat however large the input.",
    keeps_diagnostics=False,
)
"""The registry entry."""
