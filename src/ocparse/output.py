"""Records to plain data and JSON and back, with cattrs.

Scores are exact decimals; JSON carries them as numbers with no float noise
(``5.33``, never ``5.330000000000001``), and reading JSON back gives equal records.
Reading back is strict: what does not match :func:`ocparse.document_schema` is a
``ValueError`` naming where (``$.profiles[0].edition: expected an integer``).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from ocparse.records import Diagnostic, Document, Indicator, Profile, Section, SkippedLine
from ocparse.schema import SCHEMA_VERSION, document_schema

__all__ = [
    "Envelope",
    "entry_to_dict",
    "iter_ndjson",
    "load_envelope",
    "load_json",
    "load_profile",
    "make_converter",
    "profile_to_dict",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

_CENT = Decimal("0.01")
_VERSION_KEYS = ("ocparse_version", "schema_version")


def make_converter() -> cattrs.Converter:
    """Return a new cattrs converter that (un)structures records as ocparse does.

    Decimals become JSON numbers without float noise and come back as two-place
    decimals; tuples become lists; the ``file`` of a skipped line or diagnostic is left
    out when it is None. Each call gives a fresh converter, so hooks you register for
    your own types change no one else's.

    >>> from decimal import Decimal
    >>> make_converter().unstructure(Decimal("5.30"))
    5.3
    """
    converter = cattrs.Converter(unstruct_collection_overrides={tuple: list})
    converter.register_unstructure_hook(Decimal, float)
    # repr() of a float is its shortest round-trip form, so 5.33 comes back as Decimal("5.33").
    converter.register_structure_hook(
        Decimal,
        lambda value, _: Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(
            _CENT
        ),
    )
    for entry in (SkippedLine, Diagnostic):
        converter.register_unstructure_hook(
            entry, make_dict_unstructure_fn(entry, converter, file=override(omit_if_default=True))
        )
    for block in (Indicator, Section):
        omit = override(omit_if_default=True)
        converter.register_unstructure_hook(
            block, make_dict_unstructure_fn(block, converter, score_line=omit)
        )
    return converter


@functools.cache
def _converter() -> cattrs.Converter:
    """The converter ocparse itself uses, made once and never changed."""
    return make_converter()


def _current_version() -> str:
    from ocparse import __version__  # the package imports this module first

    return __version__


@attrs.frozen(slots=True)
class Envelope:
    """A Document with what ``ocparse convert`` writes around it.

    ``to_json(Envelope(doc))`` is what ``ocparse convert`` writes for ``doc`` (but the
    final newline), and :func:`load_envelope` reads such a document back into an equal
    Envelope, so the JSON text round-trips byte for byte.
    """

    document: Document
    """The records."""
    ocparse_version: str | None = attrs.field(factory=_current_version)
    """The ocparse that wrote the document (None: no ``ocparse_version`` key)."""
    schema_version: str | None = SCHEMA_VERSION
    """The version of the JSON layout (None: no ``schema_version`` key)."""
    several_inputs: bool = False
    """The document joins several inputs: every skipped line and diagnostic has a
    ``file`` key (null for standard input), written first."""


def entry_to_dict(entry: SkippedLine | Diagnostic, *, with_file: bool) -> dict[str, Any]:
    """Return a skipped line or diagnostic as plain data, as documents hold it.

    ``with_file`` (a document of several inputs) puts the ``file`` key first, null when
    ``entry.file`` is None; otherwise the key is there only when ``entry.file`` is set.
    """
    data: dict[str, Any] = _converter().unstructure(entry)
    if not with_file:
        return data
    data.pop("file", None)
    return {"file": entry.file, **data}


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """Return a Profile as plain data, as documents and NDJSON lines hold it."""
    data: dict[str, Any] = _converter().unstructure(profile)
    return data


def to_dict(doc: Document | Envelope) -> dict[str, Any]:
    """Return the Document (or Envelope) as plain dicts, lists, strings, numbers and None.

    Skipped lines and diagnostics of a document of several inputs (an Envelope with
    ``several_inputs``, or entries with a ``file``, as :func:`load_json` reads them)
    have a ``file`` key first; a document of one input has none.

    >>> from ocparse import parse
    >>> to_dict(parse(""))
    {'profiles': [], 'skipped': [], 'diagnostics': []}
    """
    envelope = doc if isinstance(doc, Envelope) else Envelope(doc, None, None)
    document = envelope.document
    entries: list[SkippedLine | Diagnostic] = [*document.skipped, *document.diagnostics]
    with_file = envelope.several_inputs or any(e.file is not None for e in entries)
    result: dict[str, Any] = {
        key: value
        for key, value in zip(
            _VERSION_KEYS, (envelope.ocparse_version, envelope.schema_version), strict=True
        )
        if value is not None
    }
    result["profiles"] = [profile_to_dict(p) for p in document.profiles]
    for key in ("skipped", "diagnostics"):
        result[key] = [entry_to_dict(e, with_file=with_file) for e in getattr(document, key)]
    return result


def to_json(doc: Document | Envelope, *, indent: int | str | None = 2) -> str:
    """Return the Document (or Envelope) as JSON text (UTF-8 characters kept, not escaped).

    ``indent`` is as ``json.dumps`` takes it: spaces (or a string) per level, None for one line.
    :class:`ocparse.formats.json.JsonWriter` writes the same text a profile at a time.
    """
    envelope = doc if isinstance(doc, Envelope) else Envelope(doc, None, None)
    if isinstance(indent, str) and "\n" in indent:
        return _dumps(to_dict(envelope), indent)  # its line breaks are no layout to re-indent
    profiles = envelope.document.profiles
    # The profiles are encoded one at a time into the rest of the document, so the dicts of
    # one profile, not of the whole document, are alive at once. Same text; on the bench
    # corpus 0.22 s instead of 0.25 s, and 4x the pages take 4.05x the time instead of 4.9x.
    rest = attrs.evolve(envelope, document=attrs.evolve(envelope.document, profiles=()))
    # Only a key can hold this text: a quote inside a string value is escaped.
    head, _, tail = _dumps(to_dict(rest), indent).partition('"profiles": []')
    parts = [head, '"profiles": [']
    separator = _json_separator(indent)
    for text in _json_items(map(profile_to_dict, profiles), indent):
        parts += (text, separator)
    if profiles:
        parts[-1] = _json_newline(indent, 1)  # the last item needs no separator
    parts += ("]", tail)
    return "".join(parts)


def _json_separator(indent: int | str | None) -> str:
    """What separates the items of an array, as ``json.dumps`` writes it with ``indent``."""
    return ", " if indent is None else ","


def _json_newline(indent: int | str | None, depth: int) -> str:
    """What starts a line ``depth`` levels in, as ``json.dumps`` writes it (none on one line)."""
    if indent is None:
        return ""
    return "\n" + depth * (indent if isinstance(indent, str) else " " * indent)


def _dumps(data: Any, indent: int | str | None) -> str:
    # Fresh dicts and lists, never a cycle: the encoder need not look for one (it kept a
    # table of every container; the text is the same).
    return json.dumps(data, ensure_ascii=False, indent=indent, check_circular=False)


def _json_items(values: Iterable[Any], indent: int | str | None) -> Iterator[str]:
    """Each value as an array item two levels into a document, laid out as ``json.dumps`` does.

    With ``indent``, an item starts with the line break before it. Separators are the caller's.
    """
    if indent is None:
        yield from (_dumps(value, None) for value in values)
        return
    newline = _json_newline(indent, 2)
    # json.dumps indents a nested value by its depth; these items sit two levels deep. A
    # string never holds a raw line break (it is escaped), so every one is a layout break.
    yield from (newline + _dumps(value, indent).replace("\n", newline) for value in values)


def load_json(text: str) -> Document:
    """Read a JSON document back into records: ``load_json(to_json(d)) == d``.

    Reads what :func:`to_json` and ``ocparse convert`` write, ``ocparse_version``,
    ``schema_version`` and the ``file`` keys of a document of several inputs included
    (:func:`load_envelope` keeps all of them).
    Anything else is a ``ValueError`` naming the first problem's place, as in
    ``$.profiles[0].edition: expected an integer``: a missing or unknown key, a value of
    the wrong type, or one the records refuse (a score out of 1-10).

    >>> load_json('{"profiles": [], "skipped": [], "diagnostics": 3}')
    Traceback (most recent call last):
    ...
    ValueError: $.diagnostics: expected an array
    """
    return load_envelope(text).document


def load_envelope(text: str) -> Envelope:
    """Read a JSON document back into an :class:`Envelope`, versions and ``file`` keys kept.

    Strict as :func:`load_json`. ``to_json(load_envelope(text))`` gives ``text`` back
    (but a final newline) for what :func:`to_json` and ``ocparse convert`` write.

    >>> envelope = load_envelope('{"schema_version": "1", "profiles": [], '
    ...                          '"skipped": [], "diagnostics": []}')
    >>> envelope.ocparse_version, envelope.schema_version
    (None, '1')
    """
    data = json.loads(text)
    _check(data, _SCHEMA, "$")
    entries = [*data["skipped"], *data["diagnostics"]]
    # A file key on any entry means several inputs: convert writes one on every entry.
    several = any("file" in entry for entry in entries)
    document = _structure({k: v for k, v in data.items() if k not in _VERSION_KEYS}, Document)
    return Envelope(
        document, data.get("ocparse_version"), data.get("schema_version"), several_inputs=several
    )


def load_profile(line: str) -> Profile:
    """Read one line of ``ocparse convert --format ndjson`` back into a Profile.

    Strict as :func:`load_json`: a ``ValueError`` names the first problem's place.
    """
    data = json.loads(line)
    _check(data, {"$ref": "#/$defs/Profile"}, "$")
    return _structure(data, Profile)


def iter_ndjson(file: str | os.PathLike[str] | IO[str]) -> Iterator[Profile]:
    """Yield the Profiles of an NDJSON file (a path, or a text file open for reading).

    Blank lines are skipped. A line that is not a Profile is a ``ValueError`` naming its
    line number and the place in it: ``line 3: $.edition: expected an integer``.
    """
    if isinstance(file, (str, os.PathLike)):
        with open(file, encoding="utf-8") as text:
            yield from iter_ndjson(text)
        return
    for number, line in enumerate(file, 1):
        if not line.strip():
            continue
        try:
            profile = load_profile(line)
        except ValueError as error:
            raise ValueError(f"line {number}: {error}") from None
        yield profile


# ------------------------------------------------------------------------- validation

_SCHEMA = document_schema()
_DEFS: dict[str, Any] = _SCHEMA["$defs"]
_TYPES: dict[str, tuple[type | tuple[type, ...], str]] = {
    "object": (dict, "an object"),
    "array": (list, "an array"),
    "string": (str, "a string"),
    "integer": (int, "an integer"),
    "number": ((int, float), "a number"),
    "boolean": (bool, "true or false"),
    "null": (type(None), "null"),
}


def _check(value: Any, schema: dict[str, Any], path: str) -> None:
    """Raise ``ValueError("path: problem")`` where ``value`` first breaks ``schema``.

    Knows the parts of JSON Schema that :func:`ocparse.document_schema` uses.
    """
    if "$ref" in schema:
        _check(value, _DEFS[schema["$ref"].rsplit("/", 1)[1]], path)
        return
    if "anyOf" in schema:
        problems = []
        for option in schema["anyOf"]:
            try:
                _check(value, option, path)
                return
            except ValueError as error:
                problems.append(str(error))
        inside = [p for p in problems if not p.startswith(f"{path}: ")]
        if inside:  # the value is of an allowed type: what is wrong within it
            raise ValueError(inside[0])
        wanted = [p.removeprefix(f"{path}: expected ") for p in problems]
        raise ValueError(f"{path}: expected {' or '.join(wanted)}")
    if "const" in schema and value != schema["const"]:
        raise ValueError(f"{path}: expected {json.dumps(schema['const'])}")
    if "enum" in schema and not any(_same(value, e) for e in schema["enum"]):
        choices = ", ".join(json.dumps(e) for e in schema["enum"])
        raise ValueError(f"{path}: expected one of {choices}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, t) for t in types):
            raise ValueError(f"{path}: expected {' or '.join(_TYPES[t][1] for t in types)}")
    if isinstance(value, dict) and "properties" in schema:
        for key in schema.get("required", []):
            if key not in value:
                raise ValueError(f"{path}: missing key {key!r}")
        for key, item in value.items():
            if key not in schema["properties"]:
                raise ValueError(f"{path}: unexpected key {key!r}")
            _check(item, schema["properties"][key], f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _check(item, schema["items"], f"{path}[{index}]")


def _is(value: Any, type_name: str) -> bool:
    # JSON true is not the integer 1.
    return isinstance(value, _TYPES[type_name][0]) and (
        type_name == "boolean" or not isinstance(value, bool)
    )


def _same(value: Any, expected: Any) -> bool:
    return type(value) is type(expected) and value == expected


def _structure(data: Any, cls: type[T]) -> T:
    """``data`` as a ``cls``; what the records refuse is a ValueError naming its place."""
    try:
        return _converter().structure(data, cls)
    except cattrs.BaseValidationError as error:
        first = cattrs.transform_error(error, format_exception=lambda e, _: str(e))[0]
        message, _, where = first.rpartition(" @ ")
        raise ValueError(f"{where}: {message}") from None
