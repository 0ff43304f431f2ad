"""The output formats package: registry, streaming writers, and the JSON envelope."""

import csv
import io
import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import ocparse
from ocparse import Document, Envelope, cli, formats, load_envelope, to_json
from ocparse.formats import csv as csv_format
from ocparse.formats import json as json_format
from ocparse.formats.base import Encoded, Writer
from ocparse.formats.csv import COLUMNS, CsvWriter
from ocparse.formats.json import JsonWriter
from ocparse.formats.ndjson import NdjsonWriter
from ocparse.frames import TABLES, Table
from ocparse.output import make_converter
from support import CASES, FIXTURES, SAMPLE, parse_fixture

parsed = parse_fixture


def pages(path: Path) -> Iterator[ocparse.Document]:
    """The pages of a fixture, named as :func:`parse_fixture` names it."""
    return ocparse.iter_pages(path, lenient=path.name.startswith("lenient_"), file=path.name)


# ---------------------------------------------------------------------------- registry


def test_registry_names_extensions_and_writers() -> None:
    assert list(formats.FORMATS) == ["json", "ndjson", "csv"]
    assert formats.DEFAULT in formats.FORMATS
    assert formats.get("json").writer is JsonWriter
    assert formats.get("ndjson").writer is NdjsonWriter
    assert formats.get("csv").writer is CsvWriter
    assert [f.keeps_diagnostics for f in formats.FORMATS.values()] == [True, False, False]
    with pytest.raises(ValueError, match="unknown format 'xml': choose from json, ndjson, csv"):
        formats.get("xml")
    with pytest.raises(TypeError):
        formats.FORMATS["xml"] = formats.FORMATS["json"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("out.json", "json"),
        ("dir.d/out.JSON", "json"),
        ("out.ndjson", "ndjson"),
        ("out.jsonl", "ndjson"),
        (Path("out.csv"), "csv"),
        ("out.Csv", "csv"),
        ("out.txt", None),
        ("out", None),
        ("out.csv.gz", None),
        ("/dev/null", None),
    ],
)
def test_for_path_reads_the_extension(path: str | Path, name: str | None) -> None:
    found = formats.for_path(path)
    assert (found.name if found else None) == name


# ------------------------------------------------------------------------ json writer


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_json_writer_page_by_page_is_to_json(path: Path) -> None:
    out = io.StringIO()
    with JsonWriter(out) as writer:
        for page in pages(path):
            writer.write(page)  # entries arrive between profiles: kept for the end
    assert out.getvalue() == to_json(Envelope(parsed(path))) + "\n"


@pytest.mark.parametrize("indent", [None, 0, 4])
def test_json_writer_other_indents_and_no_versions(indent: int | None) -> None:
    doc = parsed(FIXTURES / "lenient_2025_belgium_truncated.txt")
    out = io.StringIO()
    with JsonWriter(out, versions=False, indent=indent) as writer:
        writer.write(doc)
    assert out.getvalue() == to_json(doc, indent=indent) + "\n"


def test_json_writer_of_nothing_is_an_empty_document() -> None:
    out = io.StringIO()
    writer = JsonWriter(out, versions=False)
    writer.close()
    writer.close()  # a second close adds nothing
    assert out.getvalue() == to_json(ocparse.Document()) + "\n"
    assert json.loads(out.getvalue()) == {"profiles": [], "skipped": [], "diagnostics": []}


def test_json_writer_writes_nothing_before_the_first_profile() -> None:
    doc = parsed(FIXTURES / "lenient_2025_belgium_truncated.txt")
    out = io.StringIO()
    writer = JsonWriter(out)
    for entry in doc.diagnostics:
        writer.write_diagnostic(entry)
    assert out.getvalue() == ""
    writer.write_profile(doc.profiles[0])
    assert out.getvalue().startswith('{\n  "ocparse_version"')
    assert '"diagnostics"' not in out.getvalue()  # still waiting in the spool


def test_json_writer_left_by_an_exception_stays_unfinished() -> None:
    out = io.StringIO()

    def fail_after_one_profile() -> None:
        with JsonWriter(out) as writer:
            writer.write_profile(parsed(SAMPLE).profiles[0])
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_one_profile()
    assert out.getvalue().endswith("}")  # the profile, but no closing of the document
    with pytest.raises(json.JSONDecodeError):
        json.loads(out.getvalue())


def test_json_writer_spools_entries_to_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_format, "_SPOOL_BYTES", 64)  # every entry rolls over to a file
    doc = parsed(FIXTURES / "lenient_2025_belgium_truncated.txt")
    many = attrs.evolve(doc, diagnostics=doc.diagnostics * 200, skipped=doc.skipped * 50)
    out = io.StringIO()
    writer = JsonWriter(out)
    writer.write(many)
    assert all(kept._spool._rolled for kept in writer._kept.values())  # type: ignore[attr-defined]
    writer.close()
    assert out.getvalue() == to_json(Envelope(many)) + "\n"


def _several() -> list[ocparse.Document]:
    """The Documents of three inputs (the last one standard input), entries named."""
    lenient = FIXTURES / "lenient_2025_belgium_truncated.txt"
    return [
        attrs.evolve(
            doc,
            skipped=tuple(attrs.evolve(s, file=name) for s in doc.skipped),
            diagnostics=tuple(attrs.evolve(d, file=name) for d in doc.diagnostics),
        )
        for name, doc in ((str(lenient), parsed(lenient)), (str(SAMPLE), parsed(SAMPLE)),
                          (None, parsed(lenient)))
    ]  # fmt: skip


def test_json_writer_several_inputs_names_each_entry_first() -> None:
    documents = _several()
    out = io.StringIO()
    with JsonWriter(out, several_inputs=True) as writer:
        for doc in documents:
            writer.write(doc)
    data = json.loads(out.getvalue())
    assert all(next(iter(entry)) == "file" for entry in data["skipped"] + data["diagnostics"])
    assert data["diagnostics"][0]["file"] == str(FIXTURES / "lenient_2025_belgium_truncated.txt")
    assert data["diagnostics"][-1]["file"] is None  # standard input
    merged = ocparse.stream.merge(documents)
    assert out.getvalue() == to_json(Envelope(merged, several_inputs=True)) + "\n"


def test_json_writer_several_inputs_keeps_late_entries_with_their_input() -> None:
    first, second, third = _several()
    late = first.diagnostics[-1]
    out = io.StringIO()
    with JsonWriter(out, several_inputs=True) as writer:
        early = attrs.evolve(first, diagnostics=first.diagnostics[:-1])
        names = (str(FIXTURES / "lenient_2025_belgium_truncated.txt"), str(SAMPLE), None)
        for name, doc in zip(names, (early, second, third), strict=True):
            writer.begin_input(name)
            writer.write(doc)
        writer.write_diagnostic(late)  # found at the end, across inputs
    merged = ocparse.stream.merge([first, second, third])
    assert out.getvalue() == to_json(Envelope(merged, several_inputs=True)) + "\n"


def test_json_writer_begun_input_without_entries_keeps_its_place() -> None:
    first, _, third = _several()
    empty = ocparse.Document(profiles=first.profiles)
    out = io.StringIO()
    writer = JsonWriter(out, several_inputs=True)
    writer.begin_input("empty")
    writer.write(empty)
    writer.begin_input(third.diagnostics[0].file)
    writer.write(third)
    late = attrs.evolve(first.diagnostics[0], file="empty")
    writer.write_diagnostic(late)
    writer.close()
    data = json.loads(out.getvalue())
    assert data["diagnostics"][0]["file"] == "empty"
    assert [d["file"] for d in data["diagnostics"][1:]] == [None] * len(third.diagnostics)


# ------------------------------------------------------------------------------ encoders


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("json", {}),
        ("json", {"indent": None}),
        ("ndjson", {}),
        ("csv", {}),
        ("csv", {"table": TABLES["profiles"]}),
    ],
)
@pytest.mark.parametrize("several", [False, True])
def test_records_encoded_by_a_copy_of_the_encoder_write_the_same(
    name: str, options: dict[str, object], several: bool, tmp_path: Path
) -> None:
    lenient = FIXTURES / "lenient_2025_belgium_truncated.txt"
    documents = _several() if several else [parsed(lenient)]
    files = [str(lenient), str(SAMPLE), None] if several else [None]
    direct, encoded = io.StringIO(), io.StringIO()
    with formats.get(name).writer(direct, several_inputs=several, **options) as writer:
        for file, doc in zip(files, documents, strict=True):
            writer.begin_input(file)
            writer.write(doc)
    with formats.get(name).writer(encoded, several_inputs=several, **options) as writer:
        _write_in_parts(writer, documents, files)
    assert encoded.getvalue() == direct.getvalue()
    assert "lenient_2025_belgium_truncated.txt" in encoded.getvalue()  # not empty
    # The command's output takes the encoded bytes as they are, between the text written.
    path = tmp_path / f"out.{name}"
    with open(path, "w", encoding="utf-8", newline="") as out:
        guarded = cli._guarded(out, str(path), utf8=True)
        with formats.get(name).writer(guarded, several_inputs=several, **options) as writer:
            _write_in_parts(writer, documents, files)
    assert path.read_bytes() == direct.getvalue().encode("utf-8")


def _write_in_parts(writer: Writer, documents: list[Document], files: list[str | None]) -> None:
    """Write the documents encoded by a copy of the writer's encoder, a part at a time."""
    copy = pickle.loads(pickle.dumps(writer.encoder))  # as a worker process gets it
    assert type(copy) is type(writer.encoder)
    for file, doc in zip(files, documents, strict=True):
        writer.begin_input(file)
        # A part at a time, as workers hand them back, with an empty one among them.
        writer.write_encoded(copy.encode(doc.profiles[:1], doc.skipped[:2], file=file))
        writer.write_encoded(copy.encode(file=file))
        writer.write_encoded(
            copy.encode(doc.profiles[1:], doc.skipped[2:], doc.diagnostics, file=file)
        )


@pytest.mark.parametrize(("utf8", "written"), [(True, b"a\nb\r\nc"), (False, b"a\r\nb\r\nc")])
def test_the_command_output_writes_encoded_text_as_it_is_only_where_it_may(
    tmp_path: Path, utf8: bool, written: bytes
) -> None:
    # A stream that translates line ends shows which way the bytes went: ocparse opens its
    # outputs with newline="" (utf8=True) and falls back to decoding where it could not.
    path = tmp_path / "out.txt"
    with open(path, "w", encoding="utf-8", newline="\r\n") as out:
        writer = NdjsonWriter(cli._guarded(out, str(path), utf8=utf8))
        writer.write_utf8(b"a\n")
        writer.out.write("b\n")
        writer.write_utf8(b"c")
    assert path.read_bytes() == written


def test_a_standard_output_that_cannot_be_set_to_utf8_gets_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Read from with text left to read, a text stream keeps its encoding and line ends: the
    # encoded text is decoded for it, as for any other text file.
    binary = io.BytesIO(b"x\r\ny\r\n")
    stdout = io.TextIOWrapper(binary, encoding="cp1252", newline="\r\n")
    stdout.readline()
    monkeypatch.setattr("sys.stdout", stdout)
    NdjsonWriter(cli._guarded_stdout()).write_utf8("é\n".encode())
    stdout.flush()
    assert binary.getvalue() == b"x\r\ny\r\n\xe9\r\n"


def test_encoded_counts_items_and_leaves_out_what_a_format_has_no_place_for() -> None:
    doc = parsed(SAMPLE)
    lenient = parsed(FIXTURES / "lenient_2025_belgium_truncated.txt")
    json_encoder = JsonWriter(io.StringIO(), indent=None).encoder
    encoded = json_encoder.encode(doc.profiles, lenient.skipped, lenient.diagnostics)
    assert encoded.items == len(doc.profiles) == 2
    items = json.loads(b"[" + encoded.profiles + b"]")
    assert [p["iso3"] for p in items] == ["NLD", "BEL"]
    assert len(json.loads(b"[" + encoded.diagnostics + b"]")) == len(lenient.diagnostics)
    csv_encoded = CsvWriter(io.StringIO()).encoder.encode(doc.profiles, lenient.skipped)
    assert csv_encoded.items == 64
    assert csv_encoded.profiles.count(b"\n") == 64
    assert csv_encoded.skipped == b""
    ndjson = NdjsonWriter(io.StringIO()).encoder.encode(doc.profiles, lenient.skipped)
    assert (ndjson.items, ndjson.profiles.count(b"\n"), ndjson.skipped) == (2, 2, b"")
    assert CsvWriter(io.StringIO()).encoder.encode() == Encoded()


def test_csv_writer_counts_rows_written_encoded() -> None:
    doc = parsed(SAMPLE)
    out = io.StringIO()
    writer = CsvWriter(out, header=False)
    writer.write_encoded(writer.encoder.encode(doc.profiles))
    assert writer.rows == 64
    assert out.getvalue() == CsvWriter(io.StringIO()).encoder.encode(doc.profiles).profiles.decode()


# ----------------------------------------------------------------- ndjson and csv writers


def test_ndjson_writer_reads_back() -> None:
    doc = parsed(FIXTURES / "lenient_2025_belgium_truncated.txt")
    out = io.StringIO()
    with NdjsonWriter(out) as writer:
        writer.write(doc)  # skipped lines and diagnostics have no place: left out
    assert tuple(ocparse.iter_ndjson(io.StringIO(out.getvalue()))) == doc.profiles
    assert out.getvalue().count("\n") == len(doc.profiles)


def test_csv_writer_is_write_csv() -> None:
    doc = parsed(SAMPLE)
    table, written = io.StringIO(), io.StringIO()
    with CsvWriter(table) as writer:
        writer.write(doc)
    assert writer.rows == ocparse.write_csv(doc.profiles, written) == 64
    assert table.getvalue() == written.getvalue()
    assert table.getvalue().startswith(",".join(COLUMNS) + "\n")


def test_csv_writer_takes_another_table() -> None:
    per_profile = Table(
        "mine",
        ("country", "criminality", "indicators"),
        lambda p: iter([(p.country, p.criminality, sum(len(s.indicators) for s in p.sections))]),
    )
    out = io.StringIO()
    with CsvWriter(out, table=per_profile) as writer:
        writer.write(parsed(SAMPLE))
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["country", "criminality", "indicators"]
    assert [row[:2] for row in rows[1:]] == [
        [p.country, str(p.criminality)] for p in parsed(SAMPLE).profiles
    ]
    assert rows[1][0] == "Netherlands"
    assert int(rows[1][2]) > 20
    assert writer.rows == 2
    assert csv_format.INDICATORS is TABLES["indicators"]
    assert csv_format.INDICATORS.columns == COLUMNS
    profiles = io.StringIO()
    ocparse.write_csv(parsed(SAMPLE).profiles, profiles, table="profiles")
    assert profiles.getvalue().startswith(",".join(TABLES["profiles"].columns) + "\n")


# ----------------------------------------------------------------- envelope, converter


def test_envelope_defaults_are_what_convert_writes() -> None:
    envelope = Envelope(ocparse.Document())
    assert (envelope.ocparse_version, envelope.schema_version) == (
        ocparse.__version__,
        ocparse.SCHEMA_VERSION,
    )
    assert not envelope.several_inputs
    data = json.loads(to_json(envelope))
    assert list(data) == ["ocparse_version", "schema_version", "profiles", "skipped", "diagnostics"]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_load_envelope_round_trips_bytes(path: Path) -> None:
    doc = parsed(path)
    for envelope in (Envelope(doc), Envelope(doc, None, None), Envelope(doc, "0.0.9", None)):
        text = to_json(envelope)
        assert load_envelope(text) == envelope
        assert to_json(load_envelope(text)) == text
    assert load_envelope(to_json(doc)).document == doc


def test_load_envelope_of_several_inputs() -> None:
    merged = ocparse.stream.merge(_several())
    text = to_json(Envelope(merged, several_inputs=True))
    again = load_envelope(text)
    assert again.several_inputs
    assert again.document == merged
    assert to_json(again) == text
    assert ocparse.load_json(text) == merged


def test_several_inputs_without_entries_need_no_flag() -> None:
    doc = parsed(SAMPLE)  # no skipped lines or diagnostics: nothing to carry a file key
    text = to_json(Envelope(doc, several_inputs=True))
    assert to_json(load_envelope(text)) == text


def test_make_converter_gives_independent_converters() -> None:
    doc = parsed(SAMPLE)
    before = to_json(doc)
    mine = make_converter()
    mine.register_unstructure_hook(ocparse.Source, lambda source: "mine")
    assert mine.unstructure(doc.profiles[0])["source"] == "mine"
    assert make_converter() is not mine
    assert to_json(doc) == before  # ocparse's own converter is untouched
    assert not hasattr(ocparse.output, "converter")


def test_tables_and_the_package_reexport_the_csv_format() -> None:
    from ocparse import tables

    assert tables.write_csv is csv_format.write_csv is ocparse.write_csv
    assert tables.COLUMNS is csv_format.COLUMNS
    assert tables.indicator_rows is csv_format.indicator_rows
