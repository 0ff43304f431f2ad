r"""Bytes and text in: decoding, line ends and odd characters, before the grammar runs.

Lines end at ``\n``, ``\r\n`` or a lone ``\r`` and nowhere else (``str.splitlines``
also breaks at U+2028, form feeds and more, which would shift every later line number).
"""

from __future__ import annotations

import codecs
import re

from ocparse.errors import ParseError

__all__ = ["ODD_SPACES", "decode", "normalise", "sniff_encoding"]

# The \p{Zs} characters but the space, spelled out for the 4x faster `re` engine
# (tests/test_lines.py checks the list against regex's \p{Zs}), tab and two controls.
ODD_SPACES = "\t\x0b\x0c\xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
"""A regex character class body: the characters :func:`normalise` turns into spaces."""
_ODD_SPACE = re.compile(f"[{ODD_SPACES}]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SNIFF_BYTES = 4096
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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ODD_SPACE.sub(" ", text)
    return _ZERO_WIDTH.sub("", text)


def decode(data: bytes, *, file: str | None = None) -> str:
    """Decode a dump: a BOM decides, then UTF-16 without BOM, UTF-8, and cp1252.

    Raises :class:`ParseError` naming the byte offset when no encoding fits.
    """
    encoding = sniff_encoding(data[:_SNIFF_BYTES])
    if encoding is not None:
        return _decode_as(data, encoding, file)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise _undecodable(data, utf8_error.start, "UTF-8 or cp1252", file) from None


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


def _decode_as(data: bytes, encoding: str, file: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        # utf-8-sig counts error offsets after the BOM; report them in the file's bytes.
        skip = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0
        raise _undecodable(data, error.start + skip, encoding, file) from None


def _undecodable(data: bytes, offset: int, encoding: str, file: str | None) -> ParseError:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    bad = data[offset : offset + 1].hex()
    return ParseError(
        f"cannot decode byte 0x{bad} at byte offset {offset} as {encoding}",
        line,
        column,
        expected="text in UTF-8, UTF-16 or cp1252",
        file=file,
    )
