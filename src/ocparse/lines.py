r"""Bytes and text in: decoding, line ends and odd characters, before the grammar runs.

Lines end at ``\n``, ``\r\n`` or a lone ``\r`` and nowhere else (``str.splitlines``
also breaks at U+2028, form feeds and more, which would shift every later line number).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from ocparse.errors import ParseError

__all__ = [
    "ODD_SPACES",
    "choose_encoding",
    "decode",
    "decode_error",
    "normalise",
    "not_page_text",
    "refuse_binary",
    "sniff_encoding",
]

# The \p{Zs} characters but the space, spelled out for the 4x faster `re` engine
# (tests/test_lines.py checks the list against regex's \p{Zs}), tab and two controls.
ODD_SPACES = "\t\x0b\x0c\xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
"""A regex character class body: the characters :func:`normalise` turns into spaces."""
_ODD_SPACE = re.compile(f"[{ODD_SPACES}]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_ODD_OR_ZERO_WIDTH = re.compile(f"[{ODD_SPACES}\u200b\u200c\u200d\u2060\ufeff]")
_SNIFF_BYTES = 4096
_SAVE_AS_TEXT = 'save the page as text (Ctrl-S, "Text")'
# Files that are no text at all, by their first bytes.
_MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (such as an .xlsx, .docx or .odt file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.xls, .doc)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html|head|body|\?xml)\b", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
# C0 controls but tab, line ends, vertical tab and form feed (which text does hold).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def normalise(text: str) -> str:
    r"""Return ``text`` with ``\n`` line ends, plain spaces, and no zero-width characters.

    Line count and the order of characters are kept; only line ends, odd spaces
    (no-break, thin, tabs …) and zero-width characters (including a BOM) change.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Most dumps have none of them: one pass to find out instead of two substitutions.
    if _ODD_OR_ZERO_WIDTH.search(text) is None:
        return text
    text = _ODD_SPACE.sub(" ", text)
    return _ZERO_WIDTH.sub("", text)


def decode(data: bytes, *, file: str | None = None) -> str:
    """Decode a dump: a BOM decides, then UTF-16 without BOM, UTF-8, and cp1252.

    Raises :class:`ParseError` naming the byte offset when no encoding fits.
    """
    decoded: dict[str, str] = {}

    def first_error(encoding: str) -> int | None:
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError as error:
            # utf-8-sig counts error offsets after the BOM; report them in the file's bytes.
            skip = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0
            return error.start + skip
        return None

    def undecodable(offset: int, encoding: str) -> ParseError:
        return _undecodable(data, offset, encoding, file)

    encoding = choose_encoding(data[:_SNIFF_BYTES], first_error, undecodable, file=file)
    return decoded[encoding]


def choose_encoding(
    head: bytes,
    first_error: Callable[[str], int | None],
    undecodable: Callable[[int, str], ParseError],
    *,
    file: str | None = None,
) -> str:
    r"""Choose a dump's encoding: a BOM decides, then UTF-16 without BOM, UTF-8, and cp1252.

    The one rule behind :func:`decode` (bytes in memory) and the streaming reader (a file
    read in pieces). ``head`` is the first bytes; an input that is plainly no text (a PDF,
    a ZIP) is refused from them (:func:`refuse_binary`). ``first_error(encoding)`` gives the
    offset of the first byte ``encoding`` cannot decode (None: every byte decodes);
    ``undecodable(offset, name)`` makes the error raised when no encoding fits (at the
    first bad byte for UTF-8, named ``UTF-8 or cp1252``).

    >>> choose_encoding(b"caf\xe9", lambda e: 3 if e == "utf-8" else None, print)
    'cp1252'
    """
    refuse_binary(head, file)
    announced = sniff_encoding(head)
    candidates = (announced,) if announced is not None else ("utf-8", "cp1252")
    first: int | None = None
    for encoding in candidates:
        offset = first_error(encoding)
        if offset is None:
            return encoding
        first = offset if first is None else first
    assert first is not None
    raise undecodable(first, announced or "UTF-8 or cp1252")


def not_page_text(head: str | bytes) -> str | None:
    """Return a hint when the start of an input is plainly no page text, else None.

    ``head`` is the first few kilobytes, as bytes or decoded. The hint names what the
    input looks like and what to do: a PDF, ZIP (xlsx, docx) or image by its first bytes,
    an HTML page by its doctype, ``<html>`` or its many tags, binary data by its NULs and
    control characters. ``parse`` gives it in place of "no page found", and
    decoding errors give it when bytes that are not text have a known start.

    >>> not_page_text(b"%PDF-1.7 ...")
    'this looks like a PDF file, not page text: save the page as text (Ctrl-S, "Text")'
    >>> not_page_text("Criminal markets") is None
    True
    """
    if isinstance(head, bytes):
        head = head.decode("latin-1")  # byte for byte; cp1252 or UTF-8 keep ASCII as well
    head = head[:_SNIFF_BYTES].lstrip("\ufeff")
    for magic, kind in _MAGIC:
        if head.startswith(magic.decode("latin-1")):
            return _hint(kind)
    lines = [line for line in head.splitlines() if line.strip()]
    tagged = sum(1 for line in lines if _TAG.search(line))
    if _HTML_START.match(head) or (tagged >= 5 and tagged * 2 >= len(lines)):
        return _hint("an HTML page")
    controls = len(_CONTROL.findall(head))
    if controls and (controls * 50 >= len(head) or "\0" in head):
        return _hint("binary data")
    return None


def refuse_binary(head: bytes, file: str | None) -> None:
    """Raise :class:`ParseError` with :func:`not_page_text`'s hint for a PDF, ZIP, image.

    Checked before the encoding is sniffed: their zero bytes could pass for UTF-16.
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise ParseError(_hint(kind), 1, 1, file=file)


def _hint(kind: str) -> str:
    return f"this looks like {kind}, not page text: {_SAVE_AS_TEXT}"


def sniff_encoding(head: bytes) -> str | None:
    """Return the encoding a BOM or UTF-16's zero bytes announce in the first bytes.

    None means no such sign: try UTF-8, then cp1252.
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if len(head) >= 4 and head.count(b"\0") * 3 >= len(head):
        return "utf-16-le" if head[1:2] == b"\0" else "utf-16-be"
    return None


def _undecodable(data: bytes, offset: int, encoding: str, file: str | None) -> ParseError:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return decode_error(
        data[:_SNIFF_BYTES], data[offset : offset + 1], offset, (line, column), encoding, file
    )


def decode_error(
    head: bytes, bad: bytes, offset: int, where: tuple[int, int], encoding: str, file: str | None
) -> ParseError:
    """The error for a byte ``bad`` that ``encoding`` cannot decode, at ``offset`` and ``where``.

    ``where`` is its line and column.

    An input whose ``head`` (first bytes) shows it is no text at all (a PDF, a ZIP) gets
    :func:`not_page_text`'s hint instead, at its start.
    """
    hint = not_page_text(head)
    if hint is not None:
        return ParseError(hint, 1, 1, file=file)
    detected = encoding == "UTF-8 or cp1252" or encoding.startswith(("utf-16", "utf-8-sig"))
    return ParseError(
        f"cannot decode byte 0x{bad.hex()} at byte offset {offset} as {encoding}",
        *where,
        expected="text in UTF-8, UTF-16 or cp1252" if detected else f"text in {encoding}",
        file=file,
    )
