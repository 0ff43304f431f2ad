"""The ``ocparse`` console script, run for real in a subprocess."""

import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import attrs
import pytest

import ocparse
from ocparse import formats
from ocparse.lines import decode
from ocparse.tables import COLUMNS
from support import CASES, FIXTURES, SAMPLE

SCRIPT = shutil.which("ocparse", path=str(Path(sys.executable).parent))
STRICT_CASES = [p for p in CASES if not p.name.startswith("lenient_")]
LENIENT = FIXTURES / "lenient_2025_belgium_truncated.txt"
VERSIONS = {"ocparse_version": ocparse.__version__, "schema_version": "1"}


def run(
    *args: str | Path, stdin: bytes | str = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    assert SCRIPT, "the ocparse console script is not installed beside this Python"
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    result = subprocess.run(
        [SCRIPT, *map(str, args)], input=data, capture_output=True, cwd=cwd, check=False
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode()
    )


def on_terminal(*args: str | Path) -> tuple[int, bytes]:
    """Run the command with stderr on a pseudo-terminal; its status and what it drew."""
    import pty

    leader, follower = pty.openpty()
    assert SCRIPT
    with subprocess.Popen(
        [SCRIPT, *map(str, args)], stdout=subprocess.DEVNULL, stderr=follower
    ) as process:
        os.close(follower)
        drawn = b""
        with open(leader, "rb", buffering=0) as terminal:
            while True:
                try:
                    chunk = terminal.read(1024)
                except OSError:  # EIO once the command has closed the terminal
                    break
                if not chunk:
                    break
                drawn += chunk
    return process.returncode, drawn


def expected_json(path: Path, name: str | None, **options: object) -> dict[str, object]:
    doc = ocparse.parse(decode(path.read_bytes()), file=name, **options)  # type: ignore[arg-type]
    return {**VERSIONS, **ocparse.to_dict(doc)}


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.txt"
    path.write_text("Criminal markets\n5.330.10\nHeroin trade\n1.505.00\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------------------- json


@pytest.mark.parametrize("path", STRICT_CASES, ids=[p.stem for p in STRICT_CASES])
def test_json_is_to_dict_plus_versions(path: Path) -> None:
    result = run("convert", path)
    assert (result.returncode, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert list(data)[:2] == ["ocparse_version", "schema_version"]
    assert data == expected_json(path, str(path))


def test_lenient_json_keeps_the_errors() -> None:
    result = run("convert", "--lenient", LENIENT)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data == expected_json(LENIENT, str(LENIENT), lenient=True)
    assert "error" in {d["severity"] for d in data["diagnostics"]}


def test_stdin_dash_and_no_file_agree_with_the_file(sample_text: str) -> None:
    from_file = json.loads(run("convert", SAMPLE).stdout)
    for args in (("convert", "-"), ("convert",)):
        result = run(*args, stdin=sample_text)
        assert result.returncode == 0
        data = json.loads(result.stdout)
        assert data == expected_json(SAMPLE, None)
        assert data["profiles"][0]["source"]["file"] is None
        assert data["profiles"][1]["sections"] == from_file["profiles"][1]["sections"]


def test_stdin_is_decoded_like_a_file() -> None:
    path = FIXTURES / "2025_netherlands_cp1252_crlf.txt"
    result = run("convert", "-", stdin=path.read_bytes())
    assert json.loads(result.stdout) == expected_json(path, None)


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ocparse", "convert", SAMPLE], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads(run("convert", SAMPLE).stdout)


def test_several_files_make_one_document_with_file_keys() -> None:
    files = [SAMPLE, LENIENT, FIXTURES / "2021_netherlands_legacy.txt"]
    result = run("convert", "--lenient", *files)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert list(data) == ["ocparse_version", "schema_version", "profiles", "skipped", "diagnostics"]
    parts = [ocparse.to_dict(ocparse.parse_file(f, lenient=True)) for f in files]
    assert data["profiles"] == [p for part in parts for p in part["profiles"]]
    for key in ("skipped", "diagnostics"):
        assert data[key] == [
            {"file": str(f), **e} for f, p in zip(files, parts, strict=False) for e in p[key]
        ]
        assert next(iter(data[key][0])) == "file"
    assert ocparse.load_json(result.stdout).profiles == tuple(
        p for f in files for p in ocparse.parse_file(f, lenient=True).profiles
    )


def test_single_file_output_has_no_file_keys() -> None:
    data = json.loads(run("convert", "--lenient", LENIENT).stdout)
    assert all("file" not in entry for entry in data["skipped"] + data["diagnostics"])


def test_options_reach_the_parser() -> None:
    result = run("convert", "--country", "Côte d'Ivoire", "--edition", "2025", SAMPLE)
    data = json.loads(result.stdout)
    assert {p["iso3"] for p in data["profiles"]} == {"CIV"}
    assert data == expected_json(SAMPLE, str(SAMPLE), country="Côte d'Ivoire", edition=2025)


def _document_bytes(*inputs: tuple[Path, str | None], lenient: bool = False) -> str:
    """What convert must write for these inputs (path, name), built in this process."""
    documents = [ocparse.parse(decode(p.read_bytes()), file=n, lenient=lenient) for p, n in inputs]
    several = len(inputs) > 1
    # Problems across inputs follow the diagnostics of the input they are in.
    across = ocparse.check_editions(p for doc in documents for p in doc.profiles)
    documents = [
        attrs.evolve(
            doc,
            skipped=tuple(attrs.evolve(e, file=name if several else None) for e in doc.skipped),
            diagnostics=tuple(
                attrs.evolve(e, file=name if several else None)
                for e in (*doc.diagnostics, *(d for d in across if d.file == name))
            ),
        )
        for (_, name), doc in zip(inputs, documents, strict=True)
    ]
    merged = ocparse.stream.merge(documents)
    return ocparse.to_json(ocparse.Envelope(merged, several_inputs=several)) + "\n"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_streamed_json_is_byte_identical_to_to_json(path: Path) -> None:
    lenient = path == LENIENT
    result = run("convert", *(["--lenient"] if lenient else []), path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == _document_bytes((path, str(path)), lenient=lenient)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_streamed_json_of_several_inputs_and_stdin_round_trips(jobs: str) -> None:
    files = [LENIENT, SAMPLE, FIXTURES / "2021_netherlands_prologue.txt"]
    result = run("convert", "--lenient", "-j", jobs, files[0], "-", *files[1:],
                 stdin=LENIENT.read_bytes())  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    inputs = [(files[0], str(files[0])), (LENIENT, None), *((f, str(f)) for f in files[1:])]
    assert result.stdout == _document_bytes(*inputs, lenient=True)
    envelope = ocparse.load_envelope(result.stdout)
    assert envelope.several_inputs
    assert ocparse.to_json(envelope) + "\n" == result.stdout  # the envelope round-trips


def test_streamed_json_of_stdin_is_byte_identical(sample_text: str) -> None:
    result = run("convert", "-j", "2", stdin=sample_text)
    assert result.stdout == _document_bytes((SAMPLE, None))


def test_json_streams_profiles_as_they_are_read(tmp_path: Path, sample_text: str) -> None:
    big = tmp_path / "big.txt"
    big.write_text(sample_text * 30, encoding="utf-8")
    assert SCRIPT
    with subprocess.Popen([SCRIPT, "convert", str(big)], stdout=subprocess.PIPE) as process:
        assert process.stdout is not None
        head = [process.stdout.readline() for _ in range(4)]
        first: list[bytes] = []
        while not first or first[-1] != b"    },\n":  # the end of the first profile
            first.append(process.stdout.readline())
        still_running = process.poll() is None  # 59 pages still to go
        rest = process.stdout.read()
    assert head[3] == b'  "profiles": [\n'
    assert json.loads(b"".join(first)[:-2])["iso3"] == "NLD"
    assert still_running
    assert json.loads(b"".join([*head, *first, rest]))["profiles"][59]["iso3"] == "BEL"


def test_json_error_on_the_first_page_writes_nothing(bad: Path) -> None:
    result = run("convert", bad, SAMPLE)
    assert (result.returncode, result.stdout) == (1, "")


# ------------------------------------------------------------------ -o and --format


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("out.csv", "csv"), ("out.ndjson", "ndjson"), ("out.JSONL", "ndjson"), ("out.json", "json"),
     ("out.txt", "json"), ("out", "json")],
)  # fmt: skip
def test_output_extension_chooses_the_format(tmp_path: Path, name: str, fmt: str) -> None:
    out = tmp_path / name
    assert run("convert", SAMPLE, "-o", out).returncode == 0
    assert out.read_text("utf-8") == run("convert", "-f", fmt, SAMPLE).stdout
    explicit = run("convert", "-f", fmt, SAMPLE, "-o", out, "--force")  # agreeing: fine
    assert (explicit.returncode, explicit.stderr) == (0, "")


@pytest.mark.parametrize(("name", "fmt"), [("out.csv", "json"), ("out.jsonl", "csv")])
def test_format_contradicting_the_extension_is_a_usage_error(
    tmp_path: Path, name: str, fmt: str
) -> None:
    out = tmp_path / name
    result = run("convert", "--format", fmt, SAMPLE, "-o", out)
    assert (result.returncode, result.stdout) == (2, "")
    implied = "csv" if name.endswith(".csv") else "ndjson"
    assert result.stderr == (
        f"ocparse: -o {out}: the extension means --format {implied}, not --format {fmt}\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_dash_output_is_stdout_in_json_unless_asked() -> None:
    assert run("convert", SAMPLE, "-o", "-").stdout == run("convert", SAMPLE).stdout
    csv_out = run("convert", "-f", "csv", SAMPLE, "-o", "-")
    assert csv_out.stdout.startswith("file,country,")


def test_format_choices_and_help_come_from_the_registry() -> None:
    usage = run("convert", "--format", "xml", SAMPLE)
    assert usage.returncode == 2
    assert re.search(r"choose from '?json'?, '?ndjson'?, '?csv'?\)", usage.stderr)
    text = run("convert", "--help").stdout
    flat = " ".join(text.split())
    for fmt in formats.FORMATS.values():
        assert f"\n  {fmt.name:<8}" in text
        assert " ".join(fmt.summary.split()) in flat
        assert f"Chosen by an OUT ending in {' or '.join(fmt.extensions)}." in flat


# ----------------------------------------------------------------------------- ndjson


def test_ndjson_one_profile_per_line() -> None:
    result = run("convert", "--format", "ndjson", *STRICT_CASES)
    assert result.returncode == 0
    lines = result.stdout.split("\n")
    assert lines[-1] == ""
    profiles = [json.loads(line) for line in lines[:-1]]
    expected = [
        p for path in STRICT_CASES for p in ocparse.to_dict(ocparse.parse_file(path))["profiles"]
    ]
    assert profiles == expected


def test_ndjson_streams_pages_as_they_are_read(tmp_path: Path, sample_text: str) -> None:
    big = tmp_path / "big.txt"
    big.write_text(sample_text * 30, encoding="utf-8")
    assert SCRIPT
    with subprocess.Popen(
        [SCRIPT, "convert", "-f", "ndjson", str(big)], stdout=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        first = json.loads(process.stdout.readline())
        still_running = process.poll() is None  # 59 pages still to go
        rest = process.stdout.read().splitlines()
    assert first["iso3"] == "NLD"
    assert still_running
    assert len(rest) == 59


def test_ndjson_counts_diagnostics_on_stderr() -> None:
    result = run("convert", "-f", "ndjson", "--lenient", LENIENT)
    assert result.returncode == 0
    assert result.stderr == (
        f"ocparse: {LENIENT}: 1 error, 3 warnings not shown in ndjson output "
        "(ocparse validate or --format json lists them)\n"
    )


# -------------------------------------------------------------------------------- csv


def test_csv_reads_back_with_the_csv_module() -> None:
    result = run("convert", "-f", "csv", SAMPLE, FIXTURES / "2023_belgium_indented_profile.txt")
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert tuple(rows[0]) == COLUMNS
    docs = [ocparse.parse_file(SAMPLE), ocparse.parse_file(rows[-1]["file"])]
    indicators = [(p, i) for d in docs for p in d.profiles for i in p.indicators]
    assert len(rows) == len(indicators)
    cocaine = next(r for r in rows if r["iso3"] == "BEL" and r["indicator"] == "cocaine_trade")
    assert cocaine == {
        "file": str(SAMPLE), "country": "Belgium", "iso3": "BEL", "edition": "2025",
        "section": "criminal_markets", "indicator": "cocaine_trade", "name": "Cocaine trade",
        "score": "8.00", "delta": "0.00", "line": str(
            ocparse.parse_file(SAMPLE).profiles[1].indicator("cocaine_trade").line
        ),
    }  # fmt: skip
    assert [r["score"] for r in rows] == [str(i.score) for _, i in indicators]
    assert [r["delta"] for r in rows] == [
        "" if i.delta is None else str(i.delta) for _, i in indicators
    ]


def test_csv_quotes_and_keeps_utf8(tmp_path: Path, sample_text: str) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text(sample_text.replace("Heroin trade", 'Heroin, "brown" trade'), encoding="utf-8")
    result = run("convert", "-f", "csv", "--country", "Côte d'Ivoire", odd)
    assert result.returncode == 0
    assert '"Heroin, ""brown"" trade"' in result.stdout
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert {len(row) for row in rows} == {len(COLUMNS)}
    assert 'Heroin, "brown" trade' in {row[6] for row in rows}
    assert rows[1][1] == "Côte d'Ivoire"
    assert "\r" not in result.stdout
    assert "unknown indicator" not in result.stdout
    assert re.fullmatch(
        r"ocparse: .*odd.txt: \d+ warnings not shown in csv output .*\n", result.stderr
    )


def test_csv_empty_cells_for_missing_values() -> None:
    result = run("convert", "-f", "csv", FIXTURES / "2021_netherlands_legacy.txt")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert rows
    assert all(row["delta"] == "" for row in rows)


# ----------------------------------------------------------------------------- output


def test_output_file_is_written_and_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    first = run("convert", SAMPLE, "-o", out)
    assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
    assert json.loads(out.read_text("utf-8")) == expected_json(SAMPLE, str(SAMPLE))
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()  # not mkstemp's 0600

    out.write_text("keep me", encoding="utf-8")
    refused = run("convert", SAMPLE, "-o", out)
    assert refused.returncode == 2
    assert refused.stderr == f"ocparse: {out}: already exists; use --force to overwrite it\n"
    assert out.read_text("utf-8") == "keep me"

    out.chmod(0o640)
    forced = run("convert", "--lenient", LENIENT, "-o", out, "--force")
    assert forced.returncode == 0
    assert json.loads(out.read_text("utf-8")) == expected_json(LENIENT, str(LENIENT), lenient=True)
    assert out.stat().st_mode & 0o777 == 0o640  # the overwritten file's permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_failed_run_leaves_no_file(tmp_path: Path, bad: Path) -> None:
    out = tmp_path / "out.ndjson"
    result = run("convert", "-f", "ndjson", SAMPLE, bad, "-o", out)
    assert result.returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt"]  # no out, no temp file
    out.write_text("old", encoding="utf-8")
    assert run("convert", SAMPLE, bad, "-o", out, "--force").returncode == 1
    assert out.read_text("utf-8") == "old"


def _ctrl_c_as_in_a_terminal() -> None:
    # A shell without job control starts background commands with SIGINT ignored, and
    # Python keeps it ignored: these tests may run so (CI running suites side by side).
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupted_run_leaves_no_file(tmp_path: Path, sample_text: str, jobs: str) -> None:
    big = tmp_path / "big.txt"
    big.write_text(sample_text * 400, encoding="utf-8")  # 800 pages: seconds, even with -j 2
    out = tmp_path / "out.json"
    assert SCRIPT
    process = subprocess.Popen(
        [SCRIPT, "convert", str(big), "-o", str(out), "-j", jobs],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode in (130, -signal.SIGINT), stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt"]


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has exited
            continue
        if int(fields[1]) == pid:
            found.append(int(status.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in /proc")
def test_workers_ignore_ctrl_c_while_they_start(tmp_path: Path, sample_text: str) -> None:
    # A terminal's Ctrl-C reaches the workers too, also while they still import ocparse:
    # every child of the command gets SIGINT as soon as it is seen, then the command.
    big = tmp_path / "big.txt"
    big.write_text(sample_text * 400, encoding="utf-8")
    assert SCRIPT
    process = subprocess.Popen(
        [SCRIPT, "convert", str(big), "-o", str(tmp_path / "out.json"), "-j", "2"],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    signalled: set[int] = set()
    until = time.monotonic() + 30  # then 1.5 s more from when the children start
    while time.monotonic() < until:
        for child in _children(process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGINT)
                signalled.add(child)
        if len(signalled) >= 2 and until > time.monotonic() + 1.5:
            until = time.monotonic() + 1.5
        time.sleep(0.002)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert len(signalled) >= 2, "no workers seen"
    assert process.returncode in (130, -signal.SIGINT), stderr
    assert stderr == "ocparse: interrupted\n"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="lists processes in /proc")
@pytest.mark.parametrize(
    ("signum", "jobs", "group"),
    [
        (signal.SIGTERM, "1", False),  # `kill PID`
        (signal.SIGTERM, "2", True),  # `timeout`, a batch scheduler: every process
        (signal.SIGHUP, "2", False),
        (signal.SIGHUP, "1", True),  # the terminal closed
    ],
)
def test_terminated_run_leaves_no_file_and_no_worker(
    tmp_path: Path, sample_text: str, signum: signal.Signals, jobs: str, group: bool
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(sample_text * 400, encoding="utf-8")
    out = tmp_path / "out.json"
    assert SCRIPT
    process = subprocess.Popen(
        [SCRIPT, "convert", str(big), "-o", str(out), "-j", jobs],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, to signal or inspect as a whole
    )
    deadline = time.monotonic() + 30
    while not any(p.suffix == ".tmp" for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline, "no temporary file"
        assert process.poll() is None
        time.sleep(0.02)
    time.sleep(0.5)  # into the parsing, workers started
    if group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, stderr
    assert stderr == f"ocparse: stopped by {signum.name}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt"]
    deadline = time.monotonic() + 2  # init reaps orphans in its own time
    while _group(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group(process.pid) == []


def _group(pgid: int) -> list[int]:
    """The processes in process group ``pgid``, from /proc."""
    members = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                members.append(int(stat_file.parent.name))
    return members


def test_output_to_a_directory_or_missing_directory(tmp_path: Path) -> None:
    result = run("convert", SAMPLE, "-o", tmp_path)
    assert (result.returncode, result.stderr) == (2, f"ocparse: {tmp_path}: Is a directory\n")
    missing = tmp_path / "no" / "out.json"
    result = run("convert", SAMPLE, "-o", missing)
    assert result.returncode == 2
    assert result.stderr == f"ocparse: {missing}: No such file or directory\n"


def test_output_to_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("convert", SAMPLE, "-o", fifo)  # no --force: a FIFO holds nothing to lose
    reader.join(timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(received[0]) == expected_json(SAMPLE, str(SAMPLE))
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.skipif(not os.access("/dev", os.W_OK), reason="only root could replace /dev/null")
def test_output_to_dev_null_keeps_the_device() -> None:
    before = os.stat(os.devnull)
    assert stat.S_ISCHR(before.st_mode)
    for args in ((), ("--force",)):
        result = run("convert", SAMPLE, "-o", os.devnull, *args)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
        after = os.stat(os.devnull)
        assert stat.S_ISCHR(after.st_mode)
        assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_output_to_dev_stdout_reaches_standard_output() -> None:
    result = run("convert", SAMPLE, "-f", "ndjson", "-o", "/dev/stdout")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == run("convert", SAMPLE, "-f", "ndjson").stdout


def test_regular_file_is_still_replaced_atomically(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    inode = out.stat().st_ino
    keep = out.open("rb")  # a reader of the old file keeps reading the old file
    try:
        assert run("convert", SAMPLE, "-o", out, "--force").returncode == 0
        assert keep.read() == b"old"
    finally:
        keep.close()
    assert out.stat().st_ino != inode  # a new file renamed into place, not rewritten
    assert json.loads(out.read_text("utf-8")) == expected_json(SAMPLE, str(SAMPLE))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ("convert", SAMPLE),
        ("convert", "-f", "ndjson", SAMPLE),
        ("convert", "-f", "csv", "-j", "2", SAMPLE),
        ("validate", "--info", SAMPLE),
        ("schema",),
    ],
)
def test_full_disk_on_stdout_is_one_line_and_status_2(args: tuple[str, ...]) -> None:
    assert SCRIPT
    with FULL.open("wb") as full:
        result = subprocess.run(
            [SCRIPT, *map(str, args)], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert (result.returncode, result.stderr) == (2, "ocparse: <stdout>: No space left on device\n")


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_full_disk_on_output_file_is_one_line_and_status_2(fmt: str) -> None:
    result = run("convert", "-f", fmt, SAMPLE, "-o", FULL)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"ocparse: {FULL}: No space left on device\n"
    assert stat.S_ISCHR(FULL.stat().st_mode)


# ------------------------------------------------------------------------------- jobs


# Every format and table: workers encode the pages, the output must not tell.
FORMAT_OPTIONS = [
    ("-f", "json"),
    ("-f", "ndjson"),
    ("-f", "csv"),
    ("-f", "csv", "--table", "profiles"),
]


@pytest.mark.parametrize("fmt", FORMAT_OPTIONS, ids=" ".join)
def test_jobs_output_equals_serial_output(
    tmp_path: Path, fmt: tuple[str, ...], sample_text: str
) -> None:
    blank = tmp_path / "blank.txt"  # no page: a no-page error among the diagnostics
    blank.write_text("\n\n", encoding="utf-8")
    inputs = [*CASES, "-", blank, SAMPLE]
    serial = run("convert", "--lenient", *fmt, *inputs, stdin=sample_text)
    parallel = run("convert", "--lenient", *fmt, "--jobs", "2", *inputs, stdin=sample_text)
    assert serial.returncode == parallel.returncode == 0
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    assert serial.stdout.count("Belgium") >= 2
    # Standard input alone: one input, so no "file" keys.
    alone = run("convert", "--lenient", *fmt, "-j", "2", "-", stdin=LENIENT.read_bytes())
    assert alone.returncode == 0
    assert alone.stdout == run("convert", "--lenient", *fmt, stdin=LENIENT.read_bytes()).stdout


@pytest.mark.parametrize("fmt", FORMAT_OPTIONS, ids=" ".join)
def test_jobs_share_out_the_pages_of_one_file(
    tmp_path: Path, sample_text: str, fmt: tuple[str, ...]
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(sample_text * 12, encoding="utf-8")
    serial = run("convert", *fmt, big)
    parallel = run("convert", *fmt, "-j", "2", big)
    assert serial.returncode == parallel.returncode == 0
    assert parallel.stdout == serial.stdout
    belgium = {"json": '"iso3": "BEL"', "ndjson": '"iso3":"BEL"', "csv": ",BEL,"}[fmt[1]]
    per_page = 32 if fmt == ("-f", "csv") else 1  # a row per indicator
    assert serial.stdout.count(belgium) == 12 * per_page


def test_jobs_with_output_file_and_error(tmp_path: Path, bad: Path) -> None:
    out = tmp_path / "out.csv"
    assert run("convert", "-j", "2", "-f", "csv", *CASES[:3], "-o", out).returncode == 0
    serial = run("convert", "-f", "csv", *CASES[:3]).stdout
    assert out.read_text("utf-8") == serial
    serial_error = run("convert", "-f", "ndjson", SAMPLE, bad, SAMPLE)
    parallel_error = run("convert", "-f", "ndjson", "-j", "2", SAMPLE, bad, SAMPLE)
    assert parallel_error.returncode == serial_error.returncode == 1
    assert parallel_error.stdout == serial_error.stdout  # the pages before the error
    assert parallel_error.stderr == serial_error.stderr


# ------------------------------------------------------------------------- bad inputs


def test_parse_error_exit_code(bad: Path) -> None:
    result = run("convert", bad)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bad}:4:1: error: not a valid score line")
    assert result.stderr.count("\n") == 1


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run("convert", SAMPLE, missing)
    assert (result.returncode, result.stdout) == (2, "")  # checked before any output
    assert result.stderr == f"ocparse: {missing}: No such file or directory\n"
    result = run("convert", tmp_path)  # a directory is its .txt files: here none
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"ocparse: {tmp_path}: a directory without .txt files\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("x", encoding="utf-8")
    locked.chmod(0)
    result = run("convert", locked)
    assert (result.returncode, result.stderr) == (2, f"ocparse: {locked}: Permission denied\n")


def test_permission_denied_message_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same path as above, for when the tests run as root (who may read anything).
    from ocparse import cli

    def denied(name: str, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", name)

    locked = tmp_path / "locked.txt"
    locked.write_text("x", encoding="utf-8")
    monkeypatch.setattr(cli, "open", denied, raising=False)
    assert cli.main(["convert", str(locked)]) == 2
    assert capsys.readouterr().err == f"ocparse: {locked}: Permission denied\n"


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"Criminal markets\n5.33\n\x81\x8d\n")
    result = run("convert", path)
    assert result.returncode == 1
    assert result.stderr == (
        f"{path}:3:1: error: cannot decode byte 0x81 at byte offset 22 as "
        "UTF-8 or cp1252; expected text in UTF-8, UTF-16 or cp1252\n"
    )
    piped = run("convert", "-f", "ndjson", stdin=path.read_bytes())
    assert piped.returncode == 1
    assert piped.stderr.startswith("<stdin>:3:1: error: cannot decode byte")
    # Among other inputs, with workers: the pages before it are written, then the error.
    serial = run("convert", "-f", "ndjson", SAMPLE, path, SAMPLE)
    parallel = run("convert", "-f", "ndjson", "-j", "2", SAMPLE, path, SAMPLE)
    assert parallel.returncode == serial.returncode == 1
    assert parallel.stdout == serial.stdout
    assert parallel.stdout.count("\n") == 2
    assert parallel.stderr == serial.stderr == result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("convert", "--format", "xml"),
        ("convert", "--edition", "2020"),
        ("convert", "--jobs", "-1"),
        ("convert", "--jobs", "many"),
        ("frobnicate",),
        (),
    ],
)
def test_usage_errors(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: ocparse")


def test_stdin_only_once(sample_text: str) -> None:
    result = run("convert", "-", "-", stdin=sample_text)
    assert result.returncode == 2
    assert result.stderr == "ocparse: -: standard input can be read only once\n"


@pytest.mark.parametrize(
    ("command", "first"), [("convert --lenient -f ndjson", "{"), ("validate", "/")]
)
def test_closed_pipe_is_quiet(tmp_path: Path, sample_text: str, command: str, first: str) -> None:
    big = tmp_path / "big.txt"
    # Many pages with stray lines between indicators: more output than a pipe buffers.
    lines = sample_text.split("\n")
    page = "\n".join([*lines[:3], *["stray line"] * 500, *lines[3:]])
    big.write_text(page * 20, encoding="utf-8")
    script = f"set -o pipefail; '{SCRIPT}' {command} '{big}' 2>'{tmp_path}/err' | head -c 1"
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout == first
    assert result.returncode == 141
    assert (tmp_path / "err").read_text() == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    result = run("convert", "-f", "csv", *STRICT_CASES)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    status, drawn = on_terminal("convert", "-f", "csv", *STRICT_CASES, "-o", tmp_path / "o")
    assert status == 0
    assert b"\rocparse [" in drawn
    assert b"files" in drawn
    # Erased at the end, before the summary line.
    summary = rb"\r\x1b\[Kocparse: %d files, \d+ pages, 0 errors, 0 warnings\r\n" % len(
        STRICT_CASES
    )
    assert re.search(summary + rb"\Z", drawn)


# --------------------------------------------------------------------------- validate


def test_validate_clean_files() -> None:
    result = run("validate", SAMPLE, FIXTURES / "2021_netherlands_legacy.txt")
    assert result.returncode == 0
    assert result.stdout == (
        f"{SAMPLE}: 2 pages, 0 errors, 0 warnings (utf-8)\n"
        f"{FIXTURES / '2021_netherlands_legacy.txt'}: 1 page, 0 errors, 0 warnings (utf-8)\n"
    )
    assert result.stderr == ""


def test_validate_lists_every_problem_compiler_style() -> None:
    result = run("validate", LENIENT, SAMPLE)
    assert result.returncode == 1
    *problems, summary, clean = result.stdout.splitlines()
    pattern = re.compile(rf"{re.escape(str(LENIENT))}:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$")
    assert problems
    assert all(pattern.match(line) for line in problems)
    assert summary == f"{LENIENT}: 1 page, 1 error, 3 warnings (utf-8)"
    assert clean == f"{SAMPLE}: 2 pages, 0 errors, 0 warnings (utf-8)"
    doc = ocparse.parse_file(LENIENT, lenient=True)
    located = [line.split(": ")[0] for line in problems]
    assert located == [
        f"{LENIENT}:{d.line}:{d.column}" for d in doc.diagnostics if d.severity != "info"
    ]


def test_validate_info_only_on_request() -> None:
    legacy = FIXTURES / "2021_netherlands_legacy.txt"
    assert ": info: " not in run("validate", legacy).stdout
    shown = run("validate", "--info", legacy)
    assert shown.returncode == 0  # remarks are not problems
    assert re.search(r":\d+:1: info: .* \[repeated-indicator\]", shown.stdout)


def test_validate_goes_on_after_unreadable_files(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"abc\x81\x8d\n")
    missing = tmp_path / "missing.txt"
    result = run("validate", missing, binary, SAMPLE)
    assert result.returncode == 2
    assert result.stderr == f"ocparse: {missing}: No such file or directory\n"
    assert result.stdout == (
        f"{binary}:1:4: error: cannot decode byte 0x81 at byte offset 3 as UTF-8 or cp1252; "
        "expected text in UTF-8, UTF-16 or cp1252 [unreadable-input]\n"
        f"{binary}: 0 pages, 1 error, 0 warnings\n"
        f"{SAMPLE}: 2 pages, 0 errors, 0 warnings (utf-8)\n"
    )


def test_validate_stdin(sample_text: str) -> None:
    result = run("validate", stdin=sample_text)
    assert (result.returncode, result.stdout) == (
        0,
        "<stdin>: 2 pages, 0 errors, 0 warnings (utf-8)\n",
    )


def test_validate_fails_on_errors_or_on_request_on_warnings() -> None:
    warned = ("validate", "--country", "Atlantis", SAMPLE)  # warnings, no error
    result = run(*warned)
    assert result.returncode == 0
    assert result.stdout.endswith(f"{SAMPLE}: 2 pages, 0 errors, 2 warnings (utf-8)\n")
    assert ": warning: 'Atlantis' is not a country of the Index [unknown-country]" in result.stdout
    assert run(*warned, "--fail-on", "warning").returncode == 1
    assert run("validate", "--fail-on", "warning", SAMPLE).returncode == 0
    assert run("validate", "--fail-on", "error", LENIENT).returncode == 1


def test_validate_github_annotations(tmp_path: Path) -> None:
    result = run("validate", "--output-format", "github", LENIENT)
    assert result.returncode == 1
    *annotations, summary = result.stdout.splitlines()
    doc = ocparse.parse_file(LENIENT, lenient=True)
    shown = [d for d in doc.diagnostics if d.severity != "info"]
    assert annotations == [
        f"::{d.severity} file={LENIENT},line={d.line},col={d.column},title={d.code}::"
        + d.message.replace("pass country=", "pass --country")  # the command's words
        for d in shown
    ]
    assert summary == f"{LENIENT}: 1 page, 1 error, 3 warnings (utf-8)"
    odd = tmp_path / "a,b:c%.txt"  # characters that workflow commands escape
    odd.write_bytes(b"abc\x81\n")
    escaped = run("validate", "--output-format", "github", odd).stdout.splitlines()[0]
    assert escaped.startswith(
        f"::error file={tmp_path}/a%2Cb%3Ac%25.txt,line=1,col=4,title=unreadable-input::cannot"
    )
    info = run(
        "validate", "--output-format", "github", "--info", FIXTURES / "2021_netherlands_legacy.txt"
    )
    assert "::notice file=" in info.stdout


def test_validate_json(sample_text: str) -> None:
    result = run("validate", "--output-format", "json", LENIENT, "-", stdin=sample_text)
    assert (result.returncode, result.stderr) == (1, "")
    data = json.loads(result.stdout)
    doc = ocparse.parse_file(LENIENT, lenient=True)
    in_cli_words = [
        attrs.evolve(d, message=d.message.replace("pass country=", "pass --country"))
        for d in doc.diagnostics
        if d.severity != "info"
    ]
    assert data == {
        "ocparse_version": ocparse.__version__,
        "files": [
            {
                "file": str(LENIENT), "encoding": "utf-8", "pages": 1, "errors": 1,
                "warnings": 3,
                "diagnostics": [
                    ocparse.to_dict(ocparse.Document(diagnostics=(d,)))["diagnostics"][0]
                    for d in in_cli_words
                ],
            },
            {"file": None, "encoding": "utf-8", "pages": 2, "errors": 0, "warnings": 0,
             "diagnostics": []},
        ],
    }  # fmt: skip


def test_validate_json_names_the_code_of_input_that_is_not_text(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"abc\x81\x8d\n")
    result = run("validate", "--output-format", "json", binary)
    (problem,) = json.loads(result.stdout)["files"][0]["diagnostics"]
    assert (problem["severity"], problem["code"]) == ("error", "unreadable-input")
    assert problem["message"].startswith("cannot decode byte 0x81")


# ------------------------------------------------------------------------------- help


def test_help_has_examples_and_exit_codes() -> None:
    top = run("--help")
    assert top.returncode == 0
    assert "examples:" in top.stdout
    assert "exit status:" in top.stdout
    convert = run("convert", "--help").stdout
    for word in ("ndjson", "csv", "--jobs", "--force", '"file" key', ",".join(COLUMNS)):
        assert word in convert
    assert "file:line:col" in run("validate", "--help").stdout
    assert run("--version").stdout == f"ocparse {ocparse.__version__}\n"
