"""What ``ocparse convert``'s worker processes do: parse a batch of pages and encode it."""

import io
import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs

from ocparse import cli, formats
from ocparse.consistency import page_values
from ocparse.convert import WholeFile, convert, convert_batch
from ocparse.errors import ParseError
from ocparse.options import Options
from ocparse.records import Document
from ocparse.stream import Batch, batches, parse_batch
from ocparse.workers import LOCAL, Workers
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


def test_a_whole_file_is_its_batches_together(tmp_path: Path) -> None:
    encoder = formats.get("json").writer(io.StringIO(), several_inputs=True).encoder
    options = Options(lenient=True, file=str(LENIENT))
    whole = convert_batch((WholeFile(3, str(LENIENT), options), encoder))
    parts = [convert_batch((b, encoder)) for b in _batches(str(LENIENT), options, size=1)]
    assert (whole.source, whole.progress, whole.error) == (3, 1.0, None)
    assert whole.encoded.diagnostics == b",".join(
        p.encoded.diagnostics for p in parts if p.severities
    )
    assert whole.encoded.profiles == b",".join(p.encoded.profiles for p in parts if p.profiles)
    assert whole.severities == tuple(s for p in parts for s in p.severities)
    missing = convert_batch((WholeFile(0, str(tmp_path / "gone.txt"), options), encoder))
    assert isinstance(missing.error, FileNotFoundError)
    assert missing.empty
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"Criminal markets\n5.33\n\x81\x8d\n")
    undecodable = convert_batch((WholeFile(0, str(binary), options), encoder))
    assert isinstance(undecodable.error, ParseError)
    assert undecodable.error.line == 3
    latin = convert_batch((WholeFile(0, str(binary), options, encoding="latin-1"), encoder))
    assert latin.error is None


def test_small_files_go_whole_to_workers_when_there_are_more_inputs_than_workers(
    tmp_path: Path,
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(SAMPLE.read_text("utf-8") * 50, encoding="utf-8")  # over 1 MB
    assert big.stat().st_size > cli._WHOLE_FILE
    inputs = [cli._input(str(p), lambda _: (None, None)) for p in (SAMPLE, big, LENIENT)]
    with ThreadPoolExecutor(1) as pool:
        two = Workers(pool, 2)  # given no task: only its number of jobs counts
        tasks = list(cli._tasks(inputs, Options(), two))
        assert isinstance(tasks[0], WholeFile)
        assert isinstance(tasks[-1], WholeFile)
        assert (tasks[0].path, tasks[0].options.file) == (str(SAMPLE), str(SAMPLE))
        assert all(isinstance(t, Batch) and t.source == 1 for t in tasks[1:-1])
        assert sum(len(t.pages) for t in tasks[1:-1]) == 100  # the big file cut here
        assert not any(isinstance(t, WholeFile) for t in cli._tasks(inputs[:2], Options(), two))
        assert not any(isinstance(t, WholeFile) for t in cli._tasks(inputs, Options(), LOCAL))
