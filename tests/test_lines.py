import codecs
import re
from collections.abc import Callable

import pytest
import regex

import ocparse
from ocparse import ParseError
from ocparse.lines import ODD_SPACES, choose_encoding, decode, normalise


def test_odd_spaces_are_the_unicode_space_separators() -> None:
    odd = re.compile(f"[{ODD_SPACES}]")
    every = (chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    separators = {c for c in every if regex.fullmatch(r"\p{Zs}", c)} - {" "}
    assert {c for c in separators if odd.fullmatch(c)} == separators
    assert {c for c in "\t\x0b\x0c" if odd.fullmatch(c)} == set("\t\x0b\x0c")


def test_line_ends_and_odd_characters() -> None:
    text = "\ufeffa\r\nb\rc\u2028still c\x0cd\u00a0e\u200bf\tg"
    assert normalise(text) == "a\nb\nc\u2028still c d ef g"


@pytest.mark.parametrize(
    "data",
    [
        "Belgium’s police".encode(),
        codecs.BOM_UTF8 + "Belgium’s police".encode(),
        "Belgium’s police".encode("utf-16"),
        "Belgium’s police".encode("utf-16-le"),
        "Belgium’s police".encode("cp1252"),
    ],
)
def test_decode(data: bytes) -> None:
    assert normalise(decode(data)) == "Belgium’s police"


def test_undecodable_byte_after_a_bom_is_located_in_the_file() -> None:
    with pytest.raises(ParseError, match=r"byte 0xff at byte offset 5 as utf-8-sig"):
        decode(codecs.BOM_UTF8 + b"ab\xff")


def test_undecodable_bytes_name_the_offset() -> None:
    with pytest.raises(ParseError, match=r"byte 0x81 at byte offset 5") as caught:
        decode(b"ab\ncd\x81\xff", file="x.txt")
    assert (caught.value.line, caught.value.column, caught.value.file) == (2, 3, "x.txt")


def test_line_numbers_survive_unicode_separators(sample_text: str) -> None:
    # U+2028 and form feeds inside a narrative must not shift later line numbers.
    lines = sample_text.split("\n")
    lines[103] = lines[103].replace(". ", ".\u2028", 1).replace(", ", ",\x0c", 1)
    doc = ocparse.parse("\r\n".join(lines))
    assert doc.profiles[1].indicator("cocaine_trade").line == 163
    assert doc.profiles[0].paragraphs[1].line == 104


def test_indented_crlf_nbsp_variant_parses_the_same(sample_text: str) -> None:
    lines = sample_text.split("\n")
    messy = "\r\n\r\n".join("    " + line.replace(" ", "\u00a0", 1) + "  " for line in lines)
    doc = ocparse.parse("\ufeff" + messy)
    plain = ocparse.parse(sample_text)
    assert [p.iso3 for p in doc.profiles] == ["NLD", "BEL"]
    assert [i.score for i in doc.profiles[1].indicators] == [
        i.score for i in plain.profiles[1].indicators
    ]
    assert doc.profiles[1].indicator("cocaine_trade").line == 2 * 163 - 1


def test_choose_encoding_is_the_one_rule() -> None:
    tried: list[str] = []

    def fails_at(offsets: dict[str, int]) -> Callable[[str], int | None]:
        def first_error(encoding: str) -> int | None:
            tried.append(encoding)
            return offsets.get(encoding)

        return first_error

    def undecodable(offset: int, name: str) -> ParseError:
        return ParseError(f"byte offset {offset} as {name}", 1, offset + 1)

    assert choose_encoding(b"abc", fails_at({}), undecodable) == "utf-8"
    assert choose_encoding(b"abc", fails_at({"utf-8": 2}), undecodable) == "cp1252"
    assert tried == ["utf-8", "utf-8", "cp1252"]
    with pytest.raises(ParseError, match=r"byte offset 2 as UTF-8 or cp1252"):
        choose_encoding(b"abc", fails_at({"utf-8": 2, "cp1252": 7}), undecodable)
    bom = codecs.BOM_UTF16_LE + b"a\x00"
    with pytest.raises(ParseError, match=r"byte offset 9 as utf-16"):
        choose_encoding(bom, fails_at({"utf-16": 9}), undecodable)
