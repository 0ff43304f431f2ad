"""Records to plain data and JSON and back, with cattrs.

Scores are exact decimals; JSON carries them as numbers with no float noise
(``5.33``, never ``5.330000000000001``), and reading JSON back gives equal records.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import cattrs

from ocparse.records import Document

__all__ = ["converter", "load_json", "to_dict", "to_json"]

_CENT = Decimal("0.01")

converter = cattrs.Converter(unstruct_collection_overrides={tuple: list})
"""The cattrs converter used for (un)structuring records; extend it for your own types."""

converter.register_unstructure_hook(Decimal, float)
# repr() of a float is its shortest round-trip form, so 5.33 comes back as Decimal("5.33").
converter.register_structure_hook(
    Decimal,
    lambda value, _: Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(
        _CENT
    ),
)


def to_dict(doc: Document) -> dict[str, Any]:
    """Return the Document as plain dicts, lists, strings, numbers and None.

    >>> from ocparse import parse
    >>> to_dict(parse(""))
    {'profiles': [], 'skipped': [], 'diagnostics': []}
    """
    result: dict[str, Any] = converter.unstructure(doc)
    return result


def to_json(doc: Document, *, indent: int | None = 2) -> str:
    """Return the Document as JSON text (UTF-8 characters kept, not escaped)."""
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=indent)


def load_json(text: str) -> Document:
    """Read JSON written by :func:`to_json` back into records: ``load_json(to_json(d)) == d``."""
    data = json.loads(text)
    data = {k: v for k, v in data.items() if k in ("profiles", "skipped", "diagnostics")}
    return converter.structure(data, Document)
