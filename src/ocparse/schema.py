"""The JSON Schema (draft 2020-12) of the JSON documents ``ocparse convert`` writes.

The schema is generated from the attrs record classes, which are also what cattrs turns
into JSON in :func:`ocparse.to_dict`, so the two cannot drift apart: every field is a
required property of its object (but ``file``, below), fields that may be None allow
``null``, scores are numbers, and no other property is allowed. Each record class is a definition in
``$defs``; one NDJSON line of ``ocparse convert --format ndjson`` is a ``Profile``.

Beyond ``to_dict``, a document may carry ``ocparse_version`` and ``schema_version`` (the
command always writes them), and the entries of ``skipped`` and ``diagnostics`` carry a
``file`` key when the document was made from several input files.

>>> schema = document_schema()
>>> schema["$defs"]["Diagnostic"]["required"]
['line', 'column', 'severity', 'code', 'message']
"""

from __future__ import annotations

import enum
import types
import typing
from decimal import Decimal
from typing import Any, Literal, Union

import attrs

from ocparse.records import Diagnostic, Document, SkippedLine

__all__ = ["SCHEMA_VERSION", "document_schema"]

SCHEMA_VERSION = "1"
"""Version of the JSON layout, written as ``schema_version``; raised when it changes."""

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_SCALARS: dict[object, dict[str, Any]] = {
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    str: {"type": "string"},
    float: {"type": "number"},
    Decimal: {"type": "number"},
    type(None): {"type": "null"},
}
_FILE_KEY = {
    "type": ["string", "null"],
    "description": "The input file this entry belongs to (null for standard input); "
    "present only in documents made from several inputs.",
}


def document_schema() -> dict[str, Any]:
    """Return the JSON Schema of a Document as written by ``ocparse convert``."""
    defs: dict[str, Any] = {}
    root = _object(Document, defs)
    root["properties"] = {
        "ocparse_version": {"type": "string", "description": "The ocparse that wrote this."},
        "schema_version": {"const": SCHEMA_VERSION, "description": "Version of this layout."},
        **root["properties"],
    }
    for record in (SkippedLine, Diagnostic):
        defs[record.__name__]["properties"]["file"] = dict(_FILE_KEY)
    return {
        "$schema": _DIALECT,
        "$id": f"urn:ocparse:document:{SCHEMA_VERSION}",
        "title": "ocparse document",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one attrs class: its fields, in order, all required but optional keys."""
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    return {
        "type": "object",
        "description": _summary(cls),
        "properties": {f.name: _value(hints[f.name], defs) for f in fields},
        "required": [f.name for f in fields if not f.metadata.get("optional")],
        "additionalProperties": False,
    }


def _value(hint: object, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of a field's type hint, as cattrs unstructures it."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return _union([_value(arg, defs) for arg in args])
    if origin is Literal:
        return {"enum": list(args)}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _value(args[0], defs)}
    if hint in _SCALARS:
        return dict(_SCALARS[hint])
    if isinstance(hint, type) and issubclass(hint, enum.Enum) and issubclass(hint, str):
        # A str enum such as Code is its plain string in JSON; the records check the value.
        return {"type": "string"}
    if isinstance(hint, type) and attrs.has(hint):
        return _reference(hint, defs)
    raise TypeError(f"no JSON Schema for the type {hint!r}; extend ocparse.schema")


def _reference(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    if cls.__name__ not in defs:
        defs[cls.__name__] = {}  # placeholder first: records may refer to each other
        defs[cls.__name__] = _object(cls, defs)
    return {"$ref": f"#/$defs/{cls.__name__}"}


def _union(options: list[dict[str, Any]]) -> dict[str, Any]:
    """``{"type": [...]}`` for plain types (``["string", "null"]``), else ``anyOf``."""
    if all(list(o) == ["type"] and isinstance(o["type"], str) for o in options):
        return {"type": [o["type"] for o in options]}
    if all(list(o) == ["enum"] or o == {"type": "null"} for o in options):
        return {"enum": [v for o in options for v in o.get("enum", [None])]}
    return {"anyOf": options}


def _summary(cls: type) -> str:
    """The first paragraph of the class docstring, on one line."""
    doc = (cls.__doc__ or cls.__name__).strip().split("\n\n")[0]
    return " ".join(doc.split())
