"""What ``ocparse convert``'s worker processes do: parse a batch of pages and encode it."""

import io
import pickle

import attrs

from ocparse import formats
from ocparse.consistency import page_values
from ocparse.convert import convert, convert_batch
from ocparse.errors import ParseError
from ocparse.options import Options
from ocparse.records import Document
from ocparse.stream import Batch, batches, parse_batch
from support import FIXTURES, SAMPLE

LENIENT = FIXTURES / "lenient_2025_belgium_truncated.txt"


def _batches(path: str, options: Options, size: int = 2) -> list[Batch]:
    with open(path, encoding="utf-8") as text:
        return list(batches(3, text, attrs.evolve(options, file=path), size))


def test_a_batch_comes_back_encoded_with_its_counts() -> None:
    encoder = formats.get("json").writer(io.StringIO(), several_inputs=True).encoder
    (batch,) = _batches(str(LENIENT), Options(lenient=True), size=8)
    done = pickle.loads(pickle.dumps(convert_batch((batch, encoder))))  # as from a worker
    (page,) = parse_batch(batch).pages
    assert (done.source, done.error) == (3, None)
    assert done.profiles == len(page.profiles) == 1
    assert done.skipped == len(page.skipped) > 0
    assert done.severities == tuple(d.severity for d in page.diagnostics)
    assert "error" in done.severities
    assert page.profiles[0].iso3 is None  # the fixture names no country: nothing to check
    assert done.values == ()
    named = [attrs.evolve(d, file=str(LENIENT)) for d in page.diagnostics]
    assert done.encoded.diagnostics == encoder.encode(diagnostics=named).diagnostics
    assert done.encoded.file == str(LENIENT)
    assert b'"file": "' + str(LENIENT).encode() in done.encoded.diagnostics
    assert not done.empty


def test_pages_with_an_iso_code_give_values_for_the_edition_check() -> None:
    encoder = formats.get("ndjson").writer(io.StringIO()).encoder
    found = [convert_batch((b, encoder)) for b in _batches(str(SAMPLE), Options())]
    assert sum(c.profiles for c in found) == 2
    values = [v for c in found for v in c.values]
    assert [v.content.iso3 for v in values] == ["NLD", "BEL"]
    profiles = [p for b in _batches(str(SAMPLE), Options()) for d in parse_batch(b).pages
                for p in d.profiles]  # fmt: skip
    assert values == [page_values(p) for p in profiles]
    lines = b"".join(c.encoded.profiles for c in found).decode().splitlines()
    assert len(lines) == 2
    assert '"iso3":"BEL"' in lines[1]


def test_a_strict_error_comes_back_after_the_pages_before_it() -> None:
    text = SAMPLE.read_text("utf-8") + "Criminal markets\n5.330.10\nHeroin trade\n1.505.00\n"
    encoder = formats.get("csv").writer(io.StringIO()).encoder
    (batch,) = list(batches(0, io.StringIO(text), Options(), size=8))
    done = convert_batch((batch, encoder))
    assert isinstance(done.error, ParseError)
    assert done.profiles == 2
    assert done.encoded.items == 64  # the rows of the two pages before the error


def test_empty_is_no_profile_skipped_line_or_diagnostic() -> None:
    encoder = formats.get("json").writer(io.StringIO()).encoder
    assert convert([], encoder, None).empty
    assert convert([Document(), Document()], encoder, "a.txt").empty
    problems = parse_batch(_batches(str(LENIENT), Options(lenient=True), size=8)[0]).pages[0]
    only_diagnostics = convert([Document(diagnostics=problems.diagnostics)], encoder, None)
    assert not only_diagnostics.empty
    assert only_diagnostics.encoded.profiles == b""
    assert not convert([Document(skipped=problems.skipped)], encoder, None).empty
