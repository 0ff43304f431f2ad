"""The streaming reader: page by page, the same records as parsing the whole input."""

import codecs
import io
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ocparse
from ocparse import stream
from ocparse.lines import decode
from ocparse.stream import BATCH_PAGES, iter_pages, iter_profiles, merge, open_dump
from ocparse.workers import WINDOW_PER_WORKER
from support import CASES, FIXTURES, SAMPLE


def _lenient(path: Path) -> bool:
    return path.name.startswith("lenient_")


def _texts() -> list[str]:
    return [decode(path.read_bytes()) for path in CASES]


def _without_messages(doc: ocparse.Document) -> ocparse.Document:
    """The document with message texts blanked (they may quote page-relative lines)."""
    return attrs.evolve(
        doc, diagnostics=tuple(attrs.evolve(d, message="") for d in doc.diagnostics)
    )


def _outcome(text: str, *, stream: bool, **options: object) -> object:
    """The Document (message texts blanked: they may quote page-relative lines) or error."""
    try:
        if stream:
            doc = merge(iter_pages(io.StringIO(text, newline=""), **options))  # type: ignore[arg-type]
        else:
            doc = ocparse.parse(text, **options)  # type: ignore[arg-type]
    except ocparse.ParseError as error:
        return ("error", error.line, error.column, error.text, error.expected)
    return _without_messages(doc)


def _same(text: str, **options: object) -> None:
    """iter_pages over ``text`` gives what ocparse.parse gives for the whole of it."""
    assert _outcome(text, stream=True, **options) == _outcome(text, stream=False, **options)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_fixture_streams_to_parse_file(path: Path) -> None:
    lenient = _lenient(path)
    expected = ocparse.parse_file(path, lenient=lenient)
    assert merge(iter_pages(path, lenient=lenient)) == expected
    assert list(iter_profiles(path, lenient=lenient)) == list(expected.profiles)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_all_fixtures_back_to_back(end: str) -> None:
    text = end.join(re.split(r"\r\n|\r|\n", "\n".join(_texts())))
    _same(text, lenient=True)
    pages = list(iter_pages(io.StringIO(text, newline=""), lenient=True))
    assert all(len(page.profiles) == 1 for page in pages)
    assert len(pages) == len(ocparse.parse(text, lenient=True).profiles) >= len(CASES)


def test_messages_quote_lines_of_the_whole_input() -> None:
    legacy = decode((FIXTURES / "2021_netherlands_legacy.txt").read_bytes())
    text = legacy + "\n" + legacy
    assert merge(iter_pages(io.StringIO(text))) == ocparse.parse(text)


def test_prologue_with_first_page_footer_with_last(sample_text: str) -> None:
    text = "Menu\nRead more on example.org" + sample_text
    first, last = iter_pages(io.StringIO(text))
    assert [s.line for s in first.skipped[:2]] == [1, 2]
    assert [s.reason for s in first.skipped[:2]] == ["prologue", "prologue"]
    assert first.profiles[0].source.start_line == 2  # the header glued to line 2
    assert last.profiles[0].source.start_line == 131
    assert [s.reason for s in last.skipped] == ["boilerplate"] * len(last.skipped)
    assert last.skipped[-1].line == text.count("\n") + 1


def test_input_without_pages_and_empty_input() -> None:
    (only,) = iter_pages(io.StringIO("just\nsome text\n"), lenient=True)
    assert only.profiles == ()
    assert [d.code for d in only.diagnostics] == ["no-page"]
    assert list(iter_pages(io.StringIO(""))) == []
    assert list(iter_pages(io.StringIO("\n  \n\n"))) == []


def test_strict_error_after_the_pages_before_it(sample_text: str) -> None:
    lines = sample_text.split("\n")
    score = [n for n, line in enumerate(lines) if line == "Human smuggling"][1] + 1
    lines[score] = "2.00-9.50"  # a score line of the second page
    profiles = iter_profiles(io.StringIO("\n".join(lines)), file="dump.txt")
    assert next(profiles).iso3 == "NLD"
    with pytest.raises(ocparse.ParseError) as error:
        next(profiles)
    assert (error.value.line, error.value.file) == (score + 1, "dump.txt")
    assert str(error.value).startswith(f"dump.txt: line {score + 1}, column 1: not a valid score")


def test_unicode_line_separators_are_not_line_ends(sample_text: str) -> None:
    lines = sample_text.split("\n")
    lines[120] += " one\u2028two\x0cthree\x85four\u2029"
    _same("\n".join(lines))


def test_line_ends_split_across_reads(sample_text: str) -> None:
    class Trickle(io.StringIO):
        def read(self, size: int | None = -1) -> str:
            # \r and \n of one line end arrive in different reads
            return super().read(3 if size is None or size < 0 else min(size, 3))

    text = sample_text.replace("\n", "\r\n").replace("Human smuggling\r\n", "Human smuggling\r")
    expected = ocparse.parse(text)
    assert merge(iter_pages(Trickle(text, newline=""))) == expected
    assert merge(iter_pages(io.StringIO(text))) == expected  # newline=None: \r\n read as \n


@settings(deadline=None)  # each example parses a few pages twice
@given(
    st.lists(
        st.tuples(st.sampled_from(range(len(CASES))), st.integers(0, 320), st.integers(0, 120)),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_any_slices_of_fixtures_stream_like_parse(
    pieces: list[tuple[int, int, int]], end: str
) -> None:
    texts = [text.split("\n") for text in _TEXTS]
    lines = [line for case, start, size in pieces for line in texts[case][start : start + size]]
    _same(end.join(lines), lenient=True)


_TEXTS = [re.sub(r"\r\n|\r", "\n", text) for text in _texts()]


def test_reads_one_page_at_a_time(sample_text: str) -> None:
    class Counting(io.StringIO):
        read_chars = 0

        def read(self, size: int | None = -1) -> str:
            data = super().read(size)
            self.read_chars += len(data)
            return data

    source = Counting(sample_text * 20)
    pages = iter_pages(source)
    next(pages)
    # The first page comes after reading on to the next one, not the whole input.
    assert source.read_chars < 3 * len(sample_text) < len(source.getvalue())


@pytest.mark.parametrize(
    "codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-8"]
)
def test_files_decode_like_parse_file(tmp_path: Path, codec: str, sample_text: str) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(sample_text.replace("’", "'").encode(codec))
    assert merge(iter_pages(path)) == ocparse.parse_file(path)
    with open(path, "rb") as binary:
        assert merge(iter_pages(binary)) == ocparse.parse(decode(path.read_bytes()))
        assert not binary.closed  # the caller's file stays open


@pytest.mark.parametrize(
    "data",
    [
        b"abc\x81\x8ddef",
        b"line one\nline two \xe9\x81\n",
        b"x" * 5000 + b"\n\x81",
        codecs.BOM_UTF16_LE + "ab\n".encode("utf-16-le") + b"\x00\xdc",
        codecs.BOM_UTF16_LE + b"a\x00b",
    ],
)
@pytest.mark.parametrize("scan_bytes", [1 << 20, 3])
def test_undecodable_bytes_raise_like_decode(
    tmp_path: Path, data: bytes, scan_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "_SCAN_BYTES", scan_bytes)  # errors across read boundaries
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ocparse.ParseError) as expected:
        decode(data, file=str(path))
    with pytest.raises(ocparse.ParseError) as streamed:
        next(iter_pages(path))
    assert str(streamed.value) == str(expected.value)
    assert streamed.value == expected.value or repr(streamed.value) == repr(expected.value)


def test_undecodable_after_a_utf8_bom_names_the_right_byte(tmp_path: Path) -> None:
    # ocparse.lines.decode counts offsets after the BOM here (and so quotes 0x6f, the "o");
    # the streaming reader counts from the start of the file like everywhere else.
    path = tmp_path / "bad.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"ok\n\xff\xfe\n")
    with pytest.raises(ocparse.ParseError) as error:
        next(iter_pages(path))
    assert (error.value.line, error.value.column) == (2, 1)
    assert error.value.message == "cannot decode byte 0xff at byte offset 6 as utf-8-sig"


def test_unseekable_binary_is_copied_aside(sample_text: str) -> None:
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: "bytearray | memoryview") -> int:  # type: ignore[override]
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    pipe = io.BufferedReader(Pipe(sample_text.encode("cp1252", "replace")))
    assert not pipe.seekable()
    with open_dump(pipe) as text:
        assert text.read() == sample_text.encode("cp1252", "replace").decode("cp1252")


def test_text_file_stays_open(sample_text: str) -> None:
    source = io.StringIO(sample_text)
    assert len(list(iter_profiles(source))) == 2
    assert not source.closed


def test_options_are_passed_and_checked(sample_text: str) -> None:
    (first, second) = iter_profiles(io.StringIO(sample_text), country="BEL", file="x.txt")
    assert (first.iso3, second.iso3, first.source.file) == ("BEL", "BEL", "x.txt")
    with pytest.raises(ValueError, match="edition"):
        iter_pages(SAMPLE, edition=2020)  # at once, not at the first page
    with pytest.raises(ValueError, match="edition"):
        iter_profiles(SAMPLE, edition=2020)
    assert next(iter_profiles(SAMPLE)).source.file == str(SAMPLE)


def test_merge_concatenates_in_order() -> None:
    pages: Iterator[ocparse.Document] = iter_pages(SAMPLE)
    first, second = pages
    merged = merge([first, second])
    assert merged.profiles == first.profiles + second.profiles
    assert merged.skipped == first.skipped + second.skipped
    assert merge([]) == ocparse.Document()


# ------------------------------------------------------------------------ worker processes


def test_jobs_give_the_same_pages_in_the_same_order() -> None:
    text = "\n".join(_texts() * 5)
    serial = list(iter_pages(io.StringIO(text), lenient=True))
    parallel = list(iter_pages(io.StringIO(text), lenient=True, jobs=2))
    assert len(parallel) > 2 * WINDOW_PER_WORKER * BATCH_PAGES  # more than are ever in flight
    assert parallel == serial
    profiles = list(iter_profiles(io.StringIO(text), lenient=True, jobs=3))
    assert profiles == [p for page in serial for p in page.profiles]


def test_jobs_strict_error_after_the_pages_before_it(sample_text: str) -> None:
    lines = (sample_text * 6).split("\n")
    bad = [n for n, line in enumerate(lines) if line == "Human smuggling"][5] + 1
    lines[bad] = "2.00-9.50"  # a score line of the sixth page
    pages = iter_profiles(io.StringIO("\n".join(lines)), file="dump.txt", jobs=2)
    assert [next(pages).iso3 for _ in range(5)] == ["NLD", "BEL", "NLD", "BEL", "NLD"]
    with pytest.raises(ocparse.ParseError) as error:
        next(pages)
    assert (error.value.line, error.value.file) == (bad + 1, "dump.txt")


def test_jobs_stop_early_and_bad_jobs(sample_text: str) -> None:
    pages = iter_pages(io.StringIO(sample_text * 30), jobs=2)
    assert next(pages).profiles[0].iso3 == "NLD"
    pages.close()  # the pool shuts down without parsing the remaining pages
    with pytest.raises(ValueError, match="jobs must be 1 or more, got 0"):
        iter_pages(io.StringIO(sample_text), jobs=0)
