"""The ``ocparse`` command: convert dumps to JSON, NDJSON or CSV, validate them, print the schema.

Output goes to stdout (or atomically to ``-o FILE``), messages to stderr, and the exit
status says what happened (see ``ocparse --help``). ``main`` is the console script and
``python -m ocparse``.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import errno
import functools
import io
import json
import os
import re
import signal
import stat
import sys
import tempfile
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import IO, Any, TextIO, TypeAlias, TypeVar, cast

import attrs

from ocparse import __version__, editions, formats
from ocparse.api import empty_input_error, parse
from ocparse.codes import Code
from ocparse.consistency import EditionCheck
from ocparse.convert import Converted, WholeFile, convert, convert_batch
from ocparse.countries import lookup_country, similar_countries
from ocparse.errors import ParseError
from ocparse.formats.base import Encoder
from ocparse.frames import TABLES
from ocparse.options import Options
from ocparse.progress import Progress
from ocparse.records import Diagnostic, Document
from ocparse.schema import document_schema
from ocparse.stream import (
    BATCH_PAGES,
    Batch,
    batches,
    iter_pages,
    open_dump,
    warm_up,
)
from ocparse.validate_reports import REPORTS as _REPORTS
from ocparse.validate_reports import Report as _Report
from ocparse.validate_reports import located as _located
from ocparse.validate_reports import plural as _plural
from ocparse.workers import LOCAL, Workers, worker_pool

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_HANGUP",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "main",
]

EXIT_OK = 0
"""Success."""
EXIT_PROBLEMS = 1
"""A parse error (strict), undecodable bytes, or problems found by ``validate``."""
EXIT_USAGE = 2
"""Bad options, unreadable inputs, or an output that cannot or may not be written."""
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C)."""
EXIT_TERMINATED = 143
"""Stopped by SIGTERM (``kill``, ``timeout``, a batch scheduler), as a shell reports it."""
EXIT_HANGUP = 129
"""Stopped by SIGHUP (the terminal closed), as a shell reports it."""
EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (as with ``| head``), as a shell reports SIGPIPE."""

_LARGE_INPUT = 16 << 20  # bytes; a single input this big gets a progress bar
# Bytes; with more inputs than workers, a file up to this size goes to a worker whole.
# About half a second of parsing: small enough for the workers to end close together,
# and what is in flight (four tasks a worker, each a file's output) stays a few MB.
_WHOLE_FILE = 1 << 20

_EPILOG = """\
examples:
  ocparse convert dump.txt > dump.json           a JSON document on stdout
  cat dump.txt | ocparse convert --lenient       read standard input, never stop
  ocparse convert pages/*.txt -o all.json        several files, one document
  ocparse convert -f ndjson big.txt | jq .iso3   one profile per line, page by page
  ocparse convert -f csv pages/*.txt -j 4 -o scores.csv
  ocparse validate pages/*.txt                   file:line:col: severity: message
  ocparse verify pages/*.txt --against global_oc_index.xlsx
  ocparse schema > ocparse.schema.json

exit status:
  0    success
  1    the input is wrong: a parse error (strict mode), bytes that are not text,
       errors found by validate (and warnings, with --fail-on warning), or values
       that differ from the official workbook (verify)
  2    the command cannot run as asked: bad options; an input that is missing,
       unreadable or a directory without .txt files; a workbook that verify cannot
       read; an output file that exists (without --force); an output (file or
       stdout) that cannot be written, e.g. a full disk
  130  interrupted (Ctrl-C); 143 and 129 stopped by SIGTERM and SIGHUP (temporary
       files removed); 141 the reader of the output went away (e.g. | head)
Errors are one line on stderr: "ocparse: FILE: problem", or for a problem at a place
in an input, "FILE:LINE:COL: error: problem" as validate lists them.
"""


def _formats_help() -> str:
    """The formats part of ``convert --help``, from the registry."""
    lines = ["formats:"]
    for fmt in formats.FORMATS.values():
        default = "(default) " if fmt.name == formats.DEFAULT else ""
        text = f"{default}{fmt.summary} Chosen by an OUT ending in {' or '.join(fmt.extensions)}."
        lines += textwrap.wrap(
            text, 86, initial_indent=f"  {fmt.name:<8}", subsequent_indent=" " * 10,
            break_on_hyphens=False,
        )  # fmt: skip
    dropped = [f.name for f in formats.FORMATS.values() if not f.keeps_diagnostics]
    lines += textwrap.wrap(
        f"In {' and '.join(dropped)}, which have no place for them, errors and warnings are "
        f"counted on stderr per input; `ocparse validate` or --format {formats.DEFAULT} "
        "lists them. Without --format, OUT's extension chooses the format (another "
        f"extension, or stdout, means {formats.DEFAULT}); a --format that OUT's extension "
        "contradicts is an error.",
        86,
    )
    return "\n".join(lines)


_CONVERT_EPILOG = f"""\
{_formats_help()}

FILE - or no FILE reads standard input; a directory is read as the *.txt files under
it, at any depth, in sorted order. Files and standard input may be UTF-8, UTF-16 or
cp1252 (or what --encoding names), with any line ends. An input without a page (blank,
empty, an HTML page, a PDF ...) is a no-page error, with a hint when it looks like
something else. -o writes to a temporary file beside OUT and renames it when done, so
OUT is never left half written; a FIFO or a device (/dev/null, /dev/stdout) is written
in place, as the shell's > would, never replaced; -o - is stdout. On a terminal, stderr
shows a progress bar (pages, pages/s, time left) for several inputs or an input over
{_LARGE_INPUT >> 20} MB, then a summary over all inputs; -q leaves out both, and the
counts of ndjson and csv.
"""

_VALIDATE_EPILOG = """\
Every problem is listed, not only the first (the file is read as --lenient would),
as "file:line:col: severity: message [code]", then a summary per file such as
"dump.txt: 2 pages, 0 errors, 1 warning (utf-8)", ending with the encoding the file was
read in (--encoding sets it); -q leaves the summaries out. --output-format github writes
GitHub Actions annotations ("::error file=F,line=L,col=C,title=code::message") instead
of the problem lines; json writes one document: {"files": [{"file", "encoding", "pages",
"errors", "warnings", "diagnostics": [{"line", "column", "severity", "code",
"message"}]}]}. Exit status 0 when no file has an error (with --fail-on warning: nor a
warning; info remarks never count), 1 otherwise, 2 when a file cannot be read (the other
files are still checked).
"""


_VERIFY_EPILOG = """\
Each page's country (detected, or --country) and edition pick its row of the workbook;
country names are matched through ocparse's gazetteer, as the workbook has no codes.
Compared: every indicator score, the criminal markets and criminal actors scores, and
criminality and resilience as the profile block prints them (where it prints none, as
ocparse computes them, unless a score they come from already differs). Each difference
is one line, "file:line:col: score 6.50 for Peru 2025 human_trafficking, official 7.00",
on stdout; pages that cannot be compared (country unknown, not in the workbook) are
listed as "file:line: note: ..." lines. The last line sums up: pages matched, fields
compared, disagreements. Exit status 0 when every value agrees, 1 when one differs, 2
when the workbook or an input cannot be read (openpyxl missing: install ocparse[workbook]).
"""


class _Stopped(BaseException):
    """SIGTERM or SIGHUP arrived; raised where the program is, to unwind like Ctrl-C.

    A BaseException, as KeyboardInterrupt is, so that only cleanup code sees it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# The exit status of each, by name: SIGHUP does not exist on Windows.
_STOP_SIGNALS = {
    getattr(signal, name): status
    for name, status in (("SIGTERM", EXIT_TERMINATED), ("SIGHUP", EXIT_HANGUP))
    if hasattr(signal, name)
}


def _stop(signum: int, _: object) -> None:
    raise _Stopped(signum)


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`_Stopped` while the command runs."""
    previous = {signum: signal.signal(signum, _stop) for signum in _STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _warm_up(parent: int) -> None:
    """Get a worker process ready: it ignores SIGTERM and SIGHUP, as it ignores Ctrl-C.

    ``timeout`` and batch schedulers signal every process of the job. The parent alone
    stops, cleans up and shuts the pool down; the workers finish their batch and exit
    before it does. A worker killed while it sends a result would leave the pool's
    manager thread waiting forever for the rest, and the parent with it.
    """
    if os.getpid() != parent:
        for signum in _STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
    warm_up()


class _Failure(Exception):
    """A one-line message for stderr and the exit status that goes with it.

    A ``located`` message is a ``file:line:col: severity: message`` line, printed as it is
    (editors and CI recognise it at the start of a line); others get ``ocparse: `` first.
    """

    def __init__(self, message: str, status: int, *, located: bool = False) -> None:
        super().__init__(message, status)
        self.message = message
        self.status = status
        self.located = located

    @property
    def line(self) -> str:
        """The line for stderr."""
        return self.message if self.located else f"ocparse: {self.message}"


class _WriteError(_Failure):
    """The output could not be written (a full disk, a device error): never the input's."""

    def __init__(self, label: str, error: OSError) -> None:
        super().__init__(f"{label}: {error.strerror or error}", EXIT_USAGE)
        self.label = label


@attrs.frozen(slots=True)
class _Input:
    """One input: ``name`` as given (None for standard input) and where to read it."""

    name: str | None
    path: str | None
    size: int = 0
    country: str | None = None
    """The country the input is labelled with (``--country-from``, ``--manifest``)."""
    edition: int | None = None
    """The edition the input is labelled with."""
    encoding: str | None = None
    """The codec to read it with (``--encoding``); None: detected."""

    def options(self, options: Options) -> Options:
        """``options`` for this input: its name, and its labels as hints."""
        return attrs.evolve(
            options, file=self.name, country_hint=self.country, edition_hint=self.edition
        )

    @property
    def label(self) -> str:
        """How messages name this input."""
        return "<stdin>" if self.name is None else self.name


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ocparse`` command line with ``argv`` (default ``sys.argv[1:]``).

    Returns the exit status: 0 success, 1 input problems, 2 usage errors (see ``--help``).
    """
    args = _parser().parse_args(argv)
    try:
        with _stop_on_signals():
            status: int = args.run(args)
    except _Stopped as stopped:
        with suppress(OSError):  # after SIGHUP the terminal may be gone
            print(f"ocparse: stopped by {signal.Signals(stopped.signum).name}", file=sys.stderr)
        return _STOP_SIGNALS[stopped.signum]
    except _Failure as failure:
        if isinstance(failure, _WriteError) and failure.label == _STDOUT:
            _discard_stdout()  # what could not be written would fail again at exit
        print(failure.line, file=sys.stderr)
        return failure.status
    except KeyboardInterrupt:
        print("ocparse: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ocparse",
        description="Parse Global Organized Crime Index (ocindex.net) country page dumps.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ocparse {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_convert(commands)
    _add_validate(commands)
    _add_verify(commands)
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the JSON documents",
        description="Print the JSON Schema (draft 2020-12) of what convert writes.",
    )
    schema.set_defaults(run=_schema)
    return parser


Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _add_convert(commands: Commands) -> None:
    convert = commands.add_parser(
        "convert",
        help="convert dumps to JSON, NDJSON or CSV",
        description="Convert page dumps to JSON (default), NDJSON or CSV.",
        epilog=_CONVERT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    convert.add_argument("files", nargs="*", metavar="FILE", help="dump files; - is stdin")
    convert.add_argument("-o", "--output", metavar="OUT", help="write to OUT, not stdout")
    convert.add_argument(
        "-f",
        "--format",
        choices=tuple(formats.FORMATS),
        help=f"output format (default: by OUT's extension, else {formats.DEFAULT})",
    )
    convert.add_argument(
        "--table", choices=tuple(TABLES), default=None,
        help="with -f csv: one row per indicator (indicators, the default) or per page (profiles)",
    )  # fmt: skip
    convert.add_argument("--force", action="store_true", help="overwrite an existing OUT")
    convert.add_argument(
        "-j", "--jobs", type=_jobs, default=1, metavar="N",
        help="parse pages in N worker processes (0: one per CPU)",
    )  # fmt: skip
    _add_parse_options(convert, with_lenient=True)
    convert.set_defaults(run=_convert)


def _add_validate(commands: Commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="check dumps and list their problems",
        description="Parse dumps and list every error and warning, compiler style.",
        epilog=_VALIDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("files", nargs="*", metavar="FILE", help="dump files; - is stdin")
    validate.add_argument(
        "--info", action="store_true", help="also list remarks that are not problems (info)"
    )
    validate.add_argument(
        "--output-format", choices=tuple(_REPORTS), default="text",
        help="text (default): file:line:col lines; github: workflow annotations; json",
    )  # fmt: skip
    validate.add_argument(
        "--fail-on", choices=("error", "warning"), default="error",
        help="exit 1 when a file has an error (default), or an error or a warning",
    )  # fmt: skip
    _add_parse_options(validate, with_lenient=False)
    validate.set_defaults(run=_validate)


def _add_verify(commands: Commands) -> None:
    verify = commands.add_parser(
        "verify",
        help="compare the scores of dumps with the Index's official workbook",
        description="Compare every parsed score and composite with the official workbook.",
        epilog=_VERIFY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("files", nargs="*", metavar="FILE", help="dump files; - is stdin")
    verify.add_argument(
        "--against", required=True, metavar="WORKBOOK",
        help="the official workbook, global_oc_index.xlsx (needs ocparse[workbook])",
    )  # fmt: skip
    _add_parse_options(verify, with_lenient=False)
    verify.set_defaults(run=_verify)


def _add_parse_options(parser: argparse.ArgumentParser, *, with_lenient: bool) -> None:
    parser.add_argument(
        "-q", "--quiet", action="store_true",
        help="no progress bar, per-file counts or summary; problems still print",
    )  # fmt: skip
    parser.add_argument(
        "--encoding", type=_encoding, metavar="NAME",
        help="decode every input as NAME (such as utf-8, cp1252, latin-1), not detected",
    )  # fmt: skip
    if with_lenient:
        parser.add_argument(
            "--lenient", action="store_true",
            help="never stop at a bad line: keep what can be read, report the rest",
        )  # fmt: skip
    parser.add_argument("--country", metavar="NAME", help="country of every page (name/ISO)")
    parser.add_argument(
        "--country-from", metavar="REGEX", type=_label_pattern,
        help="label each file from its path: named groups country and/or edition, "
        "e.g. '(?P<country>[a-z_]+)\\.txt$'; a page that says otherwise wins",
    )  # fmt: skip
    parser.add_argument(
        "--manifest", metavar="CSV",
        help="label files from a CSV with columns path,country,edition (paths relative "
        "to the CSV's folder); a page that says otherwise wins",
    )  # fmt: skip
    parser.add_argument(
        "--edition", type=int, choices=editions.years(), metavar="YEAR",
        help=f"edition of every page: {', '.join(map(str, editions.years()))} (default: detected)",
    )  # fmt: skip
    parser.add_argument(
        "--no-align", action="store_true",
        help="scores only: list narrative paragraphs without matching them to indicators",
    )  # fmt: skip


def _encoding(name: str) -> str:
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding: {name!r}") from None
    if not getattr(codec, "_is_text_encoding", True):  # base64, rot13 ...: not for text
        raise argparse.ArgumentTypeError(f"not a text encoding: {name!r}")
    return codec.name


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return jobs or os.cpu_count() or 1


# ---------------------------------------------------------------------------- commands


def _read_options(args: argparse.Namespace, *, lenient: bool) -> Options:
    if args.country is not None:
        _check_country(args.country)
    return Options(
        lenient=lenient, country=args.country, edition=args.edition, align=not args.no_align
    )


def _check_country(name: str) -> None:
    """Refuse a ``--country`` that is a near miss of countries of the Index (a typo).

    A name close to none ("Atlantis") goes through: each page then gets the library's
    ``unknown-country`` warning and keeps the name as given.
    """
    if lookup_country(name) is not None:
        return
    near = similar_countries(name)
    if near:
        # Several get their codes: names such as "Korea, Rep." hold commas.
        names = [f"{c.name} ({c.iso3})" if len(near) > 1 else c.name for c in near]
        either = " or ".join(names)
        raise _Failure(f"unknown --country {name!r}: did you mean {either}?", EXIT_USAGE)


def _convert(args: argparse.Namespace) -> int:
    fmt = _format(args.format, args.output)
    if args.table is not None and fmt.name != "csv":
        raise _Failure(f"--table is for --format csv, not {fmt.name}", EXIT_USAGE)
    inputs = _inputs(args.files, _labels(args), args.encoding)
    options = _read_options(args, lenient=args.lenient)
    with ExitStack() as stack:
        out = stack.enter_context(_output(args.output, force=args.force))
        progress = stack.enter_context(_progress(inputs, quiet=args.quiet))
        workers = stack.enter_context(
            worker_pool(args.jobs, functools.partial(_warm_up, os.getpid()), fork=True)
        )
        sink = _Sink(fmt, out, several=len(inputs) > 1, table=args.table)
        tally = _Tally(len(inputs))
        for item, converted in _converted(inputs, options, (workers, sink.encoder), progress):
            tally.add(converted.profiles, converted.severities)
            sink.add(item, converted)
        sink.close()
    for note in [] if args.quiet else sink.notes():
        print(f"ocparse: {note}", file=sys.stderr)
    tally.print(quiet=args.quiet)
    return EXIT_OK


def _format(name: str | None, output: str | None) -> formats.Format:
    """The format asked for, else the one OUT's extension means, else the default.

    A ``--format`` that OUT's extension contradicts is a usage error: ``-o x.csv -f json``
    is more likely a slip than a wish for JSON in a file named .csv.
    """
    implied = None if output is None or output == "-" else formats.for_path(output)
    if name is None:
        return implied or formats.get(formats.DEFAULT)
    if implied is not None and implied.name != name:
        raise _Failure(
            f"-o {output}: the extension means --format {implied.name}, not --format {name}",
            EXIT_USAGE,
        )
    return formats.get(name)


def _validate(args: argparse.Namespace) -> int:
    options = _read_options(args, lenient=True)
    report = _REPORTS[args.output_format](_guarded_stdout(), quiet=args.quiet)
    failing = ("error", "warning") if args.fail_on == "warning" else ("error",)
    status = EXIT_OK
    editions = EditionCheck()
    labels = _labels(args)
    names = _names(args.files)
    tally = _Tally(len(names))
    for name in names:
        try:
            item = _input(name, labels, args.encoding)
            counts = _validate_one(item, options, report, (editions, tally), info=args.info)
        except _WriteError:
            raise  # no use going on to the next file
        except _Failure as failure:
            print(failure.line, file=sys.stderr)
            status = max(status, failure.status)
            continue
        if any(counts[severity] for severity in failing):
            status = max(status, EXIT_PROBLEMS)
    across = editions.check()
    for diagnostic in across:
        report.across(_Input(diagnostic.file, diagnostic.file), diagnostic)
    if across and "warning" in failing:
        status = max(status, EXIT_PROBLEMS)
    report.close()
    tally.print(quiet=args.quiet)
    return status


def _verify(args: argparse.Namespace) -> int:
    from ocparse.verify import compare
    from ocparse.workbook import WorkbookError, read_workbook

    inputs = _inputs(args.files, _labels(args))  # a typo fails before the workbook is read
    options = Options(lenient=True, country=args.country, edition=args.edition)
    try:
        workbook = read_workbook(args.against)
    except ImportError as error:
        raise _Failure(str(error), EXIT_USAGE) from None
    except WorkbookError as error:
        raise _Failure(f"{args.against}: {error}", EXIT_USAGE) from None
    except OSError as error:
        raise _Failure(f"{args.against}: {error.strerror or error}", EXIT_USAGE) from None
    out = _guarded_stdout()
    pages = fields = wrong = 0
    for item in inputs:
        try:
            with _opened(item) as opened:
                text = opened.read()
        except ParseError as error:  # bytes that are not text
            raise _failure(error, item) from None
        except OSError as error:
            raise _failure(error, item) from None
        document = parse(text, **attrs.asdict(item.options(options)))
        found = compare(document, workbook, text=text)
        for d in found.disagreements:
            print(f"{item.label}:{d.line}:{d.column}: {d.message()}", file=out)
        for page in found.unmatched:
            print(f"{item.label}:{page.line}: note: page not compared: {page.reason}", file=out)
        pages += found.pages
        fields += found.fields
        wrong += len(found.disagreements)
    print(
        f"{_plural(pages, 'page')} matched, {_plural(fields, 'field')} compared, "
        f"{_plural(wrong, 'disagreement')}",
        file=out,
    )
    out.flush()
    return EXIT_PROBLEMS if wrong else EXIT_OK


def _schema(_: argparse.Namespace) -> int:
    out = _guarded_stdout()
    out.write(json.dumps(document_schema(), ensure_ascii=False, indent=2) + "\n")
    out.flush()
    return EXIT_OK


def _validate_one(
    item: _Input,
    options: Options,
    report: _Report,
    totals: tuple[EditionCheck, _Tally],
    *,
    info: bool,
) -> Counter[str]:
    """Report the problems of one input and its summary; return the count by severity.

    ``totals`` gather what spans the inputs: the pages of each edition, and the counts
    of the final summary.
    """
    editions, tally = totals
    counts: Counter[str] = Counter()
    pages = 0
    encoding: str | None = None
    try:
        with _opened(item) as text:
            encoding = text.encoding
            read = _read(text, item, options)
            for _, document in _with_empty_inputs([item], read, options, lambda _, d: d):
                pages += len(document.profiles)
                for profile in document.profiles:
                    editions.add(profile)
                for d in document.diagnostics:
                    counts[d.severity] += 1
                    if info or d.severity != "info":
                        report.problem(item, d)
    except ParseError as error:  # bytes that are not text, or the grammar's guard
        code = Code.UNREADABLE_INPUT
        report.problem(
            item, Diagnostic(error.line, error.column, code.severity, code, error.detail())
        )
        counts[code.severity] += 1
    except BrokenPipeError:
        raise  # the output closed (| head): main exits quietly with EXIT_BROKEN_PIPE
    except OSError as error:
        raise _failure(error, item) from None
    report.summary(item, pages, counts, encoding)
    tally.pages += pages
    tally.counts += counts
    return counts


@attrs.define
class _Tally:
    """What the final summary line counts, over all inputs."""

    files: int
    pages: int = 0
    counts: Counter[str] = attrs.Factory(Counter)

    def add(self, pages: int, severities: Iterable[str]) -> None:
        self.pages += pages
        self.counts.update(severities)

    def print(self, *, quiet: bool) -> None:
        """The summary line on stderr, for a person at a terminal (as the progress bar).

        Scripts and logs keep an empty stderr on success, as they always had.
        """
        if quiet or not sys.stderr.isatty():
            return
        found = [_plural(self.counts[severity], severity) for severity in ("error", "warning")]
        totals = [_plural(self.files, "file"), _plural(self.pages, "page"), *found]
        print(f"ocparse: {', '.join(totals)}", file=sys.stderr)


# ------------------------------------------------------------------------------ inputs


def _names(names: Sequence[str]) -> list[str]:
    """The inputs: a directory is the ``*.txt`` files under it, at any depth, in order."""
    names = list(names) or ["-"]
    if names.count("-") > 1:
        raise _Failure("-: standard input can be read only once", EXIT_USAGE)
    return [found for name in names for found in _expanded(name)]


def _expanded(name: str) -> list[str]:
    if name == "-" or not os.path.isdir(name):
        return [name]
    root = Path(name)
    # Sorted by path components, so that a folder's files come together ("a/b.txt"
    # before "a-b.txt", which plain string order would put first).
    found = sorted(
        (path for path in root.rglob("*.txt") if path.is_file()),
        key=lambda path: path.relative_to(root).parts,
    )
    if not found:
        raise _Failure(f"{name}: a directory without .txt files", EXIT_USAGE)
    return [str(path) for path in found]


def _inputs(names: Sequence[str], labels: _Labels, encoding: str | None = None) -> list[_Input]:
    """Check every input before reading any, so a typo fails before output starts."""
    return [_input(name, labels, encoding) for name in _names(names)]


_Labels: TypeAlias = Callable[[str], "tuple[str | None, int | None]"]


def _label_pattern(text: str) -> re.Pattern[str]:
    try:
        pattern = re.compile(text)
    except re.error as error:
        raise argparse.ArgumentTypeError(f"not a regular expression: {error}") from None
    if not {"country", "edition"} & set(pattern.groupindex):
        raise argparse.ArgumentTypeError("needs a named group (?P<country>...) or (?P<edition>...)")
    return pattern


def _labels(args: argparse.Namespace) -> _Labels:
    """The country and edition each input is labelled with, from its path and the manifest."""
    pattern: re.Pattern[str] | None = args.country_from
    manifest = _manifest(args.manifest) if args.manifest else {}

    def label(name: str) -> tuple[str | None, int | None]:
        country: str | None = None
        edition: str | None = None
        found = pattern.search(name) if pattern else None
        if found:
            groups = found.groupdict()
            country = groups.get("country")
            country = country.replace("_", " ").replace("-", " ") if country else None
            edition = groups.get("edition")
        listed = manifest.get(os.path.abspath(name))
        if listed:  # a manifest row names the file itself: it wins over the pattern
            country = listed[0] or country
            edition = listed[1] or edition
        return country, _labelled_edition(name, edition)

    return label


def _labelled_edition(name: str, edition: str | None) -> int | None:
    if not edition:
        return None
    if not edition.isdigit() or int(edition) not in editions.years():
        choices = ", ".join(map(str, editions.years()))
        raise _Failure(f"{name}: labelled edition {edition!r}, not one of {choices}", EXIT_USAGE)
    return int(edition)


def _manifest(name: str) -> dict[str, tuple[str | None, str | None]]:
    """The manifest's rows by absolute path: (country, edition), empty cells None."""
    try:
        with open(name, encoding="utf-8-sig", newline="") as text:
            reader = csv.DictReader(text)
            rows = list(reader)
            header = list(reader.fieldnames or ())
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        message = error.strerror if isinstance(error, OSError) else error
        raise _Failure(f"{name}: {message}", EXIT_USAGE) from None
    if "path" not in header:
        raise _Failure(f"{name}: a manifest needs a 'path' column", EXIT_USAGE)
    folder = os.path.dirname(os.path.abspath(name))
    return {
        os.path.abspath(os.path.join(folder, row["path"])): (
            (row.get("country") or "").strip() or None,
            (row.get("edition") or "").strip() or None,
        )
        for row in rows
        if row.get("path")
    }


def _input(name: str, labels: _Labels, encoding: str | None = None) -> _Input:
    if name == "-":
        return _Input(None, None, encoding=encoding)
    try:
        info = os.stat(name)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
        if stat.S_ISREG(info.st_mode):
            open(name, "rb").close()  # permission denied shows here, not halfway
    except OSError as error:
        raise _failure(error, _Input(name, name)) from None
    size = info.st_size if stat.S_ISREG(info.st_mode) else 0
    return _Input(name, name, size, *labels(name), encoding)


def _failure(error: ParseError | OSError, item: _Input) -> _Failure:
    if isinstance(error, ParseError):
        located = _located(item, error.line, error.column, "error", error.detail())
        return _Failure(located, EXIT_PROBLEMS, located=True)
    return _Failure(f"{item.label}: {error.strerror or error}", EXIT_USAGE)


@contextmanager
def _opened(item: _Input) -> Iterator[io.TextIOWrapper]:
    """The input as text; standard input is decoded like a file (see ``open_dump``)."""
    stdin = sys.stdin.buffer
    binary: IO[bytes] = stdin if item.path is None else open(item.path, "rb")  # noqa: SIM115
    try:
        text = open_dump(binary, file=item.name, encoding=item.encoding)
    except BaseException:
        if binary is not stdin:
            binary.close()
        raise
    try:
        yield text
    finally:
        if text.buffer is stdin:
            text.detach()  # leave sys.stdin usable
        else:
            text.close()


def _read(text: IO[str], item: _Input, options: Options) -> Iterator[tuple[_Input, Document]]:
    """The input's Documents, one per page, each with ``item``."""
    kwargs: dict[str, Any] = attrs.asdict(item.options(options))
    for page in iter_pages(text, **kwargs):
        yield item, page


def _where(text: io.TextIOWrapper) -> Callable[[], float]:
    """How far into its file the reading of ``text`` has got, from 0 to 1 (0: unknown)."""
    binary = cast(IO[bytes], text.buffer)
    size = _size(binary)
    return lambda: binary.tell() / size if size else 0.0


def _size(binary: IO[bytes]) -> int:
    try:
        return os.fstat(binary.fileno()).st_size
    except (OSError, ValueError, io.UnsupportedOperation):
        return 0


def _converted(
    inputs: Sequence[_Input],
    options: Options,
    work: tuple[Workers, Encoder],
    progress: Progress,
) -> Iterator[tuple[_Input, Converted]]:
    encoder = work[1]

    def no_page(item: _Input, document: Document) -> Converted:
        return convert([document], encoder, item.name)

    pages = _paged(inputs, options, work, progress)
    return _with_empty_inputs(inputs, pages, options, no_page)


_Result = TypeVar("_Result", Document, Converted)
_Task: TypeAlias = "Batch | WholeFile"


def _with_empty_inputs(
    inputs: Sequence[_Input],
    results: Iterable[tuple[_Input, _Result]],
    options: Options,
    no_page: Callable[[_Input, Document], _Result],
) -> Iterator[tuple[_Input, _Result]]:
    """The results, and a no-page error for each input with nothing but blank lines.

    The library reads such an input as an empty Document; the command treats it as
    any input without a page (strict: exit 1), so that an empty file is never mistaken
    for a converted one. Results come in input order, so an input with nothing is one
    passed over; ``no_page`` makes its result from the Document of its error (lenient).
    """
    position = {id(item): number for number, item in enumerate(inputs)}
    done = 0  # the inputs before this one have been yielded or flagged
    for item, result in results:
        if _is_empty(result):
            continue
        number = position[id(item)]
        for empty in inputs[done:number]:
            yield empty, no_page(empty, _empty_input(empty, options))
        done = number + 1
        yield item, result
    for empty in inputs[done:]:
        yield empty, no_page(empty, _empty_input(empty, options))


def _is_empty(result: Document | Converted) -> bool:
    if isinstance(result, Converted):
        return result.empty
    return not (result.profiles or result.skipped or result.diagnostics)


def _empty_input(item: _Input, options: Options) -> Document:
    error = empty_input_error(item.name)
    if not options.lenient:
        raise _failure(error, item)
    code = Code.NO_PAGE
    problem = Diagnostic(error.line, error.column, code.severity, code, error.detail())
    return Document(diagnostics=(problem,))


def _paged(
    inputs: Sequence[_Input],
    options: Options,
    work: tuple[Workers, Encoder],
    progress: Progress,
) -> Iterator[tuple[_Input, Converted]]:
    """Pages of all inputs, parsed and encoded by the workers across input boundaries.

    They come in input order, a batch at a time.
    """
    workers, encoder = work
    tasks = ((task, encoder) for task in _tasks(inputs, options, workers))
    for converted in workers.map(convert_batch, tasks):
        item = inputs[converted.source]
        yield item, converted
        if converted.error is not None:
            raise _failure(converted.error, item)
        progress.show(converted.source + converted.progress, pages=converted.profiles)


def _tasks(inputs: Sequence[_Input], options: Options, workers: Workers) -> Iterator[_Task]:
    """What the workers do, input by input: batches of pages, or small files whole.

    With more inputs than workers, a regular file up to :data:`_WHOLE_FILE` bytes goes
    whole: its worker reads and cuts it too, and this process only writes. Other inputs
    (standard input, large files) are cut into pages here, ``BATCH_PAGES`` a batch (one
    page with no workers, so that each page is written as soon as it is read).
    """
    whole = workers is not LOCAL and len(inputs) > workers.jobs
    size = 1 if workers is LOCAL else BATCH_PAGES
    for number, item in enumerate(inputs):
        read = item.options(options)
        if whole and item.path is not None and 0 < item.size <= _WHOLE_FILE:
            yield WholeFile(number, item.path, read, item.encoding)
            continue
        try:
            with _opened(item) as text:
                yield from batches(number, text, read, size, _where(text))
        except (ParseError, OSError) as error:
            yield Batch(number, 1.0, (), read, failure=error)
            return


# ----------------------------------------------------------------------------- output


class _Sink:
    """Writes each batch of encoded pages; counts what the format has no place for.

    Problems found across inputs (:class:`~ocparse.consistency.EditionCheck`) are known
    only at the end: they go to the writer then, with the input each one is in, or are
    counted with it.
    """

    def __init__(self, fmt: formats.Format, out: TextIO, *, several: bool, table: str | None):
        self._format = fmt
        options = {} if table is None else {"table": TABLES[table]}
        self._writer = fmt.writer(out, several_inputs=several, **options)
        self._out = out
        self._several = several
        self._counts: list[tuple[_Input, Counter[str]]] = []
        self._editions = EditionCheck()

    @property
    def encoder(self) -> Encoder:
        """What encodes pages for this output (a copy goes to each worker process)."""
        return self._writer.encoder

    def add(self, item: _Input, converted: Converted) -> None:
        if not self._counts or self._counts[-1][0] is not item:
            self._counts.append((item, Counter()))
            self._writer.begin_input(item.name)
        self._counts[-1][1].update(converted.severities)
        for values in converted.values:
            self._editions.add_values(values)
        self._writer.write_encoded(converted.encoded)
        self._out.flush()  # a reader downstream gets each page as soon as it is read

    def close(self) -> None:
        for diagnostic in self._editions.check():
            for item, counts in self._counts:
                if item.name == diagnostic.file:
                    counts[diagnostic.severity] += 1
                    break
            # One input: its diagnostics carry no file; several: the writer groups them.
            self._writer.write_diagnostic(
                diagnostic if self._several else attrs.evolve(diagnostic, file=None)
            )
        self._writer.close()

    def notes(self) -> list[str]:
        if self._format.keeps_diagnostics:
            return []  # the diagnostics are in the output
        notes = []
        for item, counts in self._counts:
            found = [_plural(counts[s], s) for s in ("error", "warning") if counts[s]]
            if found:
                notes.append(
                    f"{item.label}: {', '.join(found)} not shown in {self._format.name} output "
                    "(ocparse validate or --format json lists them)"
                )
        return notes


@contextmanager
def _output(name: str | None, *, force: bool) -> Iterator[TextIO]:
    if name is None or name == "-":
        out = _guarded_stdout()
        yield out
        out.flush()
        return
    mode = _mode(name)
    if mode is not None and stat.S_ISDIR(mode):
        raise _Failure(f"{name}: {os.strerror(errno.EISDIR)}", EXIT_USAGE)
    if mode is not None and not stat.S_ISREG(mode) and (force or _holds_nothing(mode)):
        with _in_place(name) as out:
            yield out
    else:
        with _atomic(name, force=force) as out:
            yield out


def _mode(name: str) -> int | None:
    """The file type and permissions of what ``name`` leads to, None if nothing."""
    try:
        return os.stat(name).st_mode  # through symlinks, /dev/stdout included
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _Failure(f"{name}: {error.strerror}", EXIT_USAGE) from None


def _holds_nothing(mode: int) -> bool:
    """A FIFO, terminal, /dev/null or socket: writing to it overwrites nothing."""
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


@contextmanager
def _in_place(name: str) -> Iterator[TextIO]:
    """Open what is not a regular file and write to it, as a shell's ``>`` would.

    Renaming a file over a FIFO or a device would replace it with a regular file.
    """
    try:
        out = open(name, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as error:
        raise _Failure(f"{name}: {error.strerror}", EXIT_USAGE) from None
    try:
        guarded = _guarded(out, name, utf8=True)
        yield guarded
        guarded.flush()
    finally:
        with suppress(OSError):  # what could not be written would fail again here
            out.close()


def _stdout() -> tuple[TextIO, bool]:
    """Standard output, writing UTF-8 whatever the locale, with line ends unchanged.

    Also whether that could be set: else it writes as the caller of ocparse set it.
    """
    if isinstance(sys.stdout, io.TextIOWrapper):
        with suppress(ValueError, io.UnsupportedOperation):
            sys.stdout.reconfigure(encoding="utf-8", newline="")
            return sys.stdout, True
    return sys.stdout, False


_STDOUT = "<stdout>"


def _guarded_stdout() -> TextIO:
    stream, as_set = _stdout()
    return _guarded(stream, _STDOUT, utf8=as_set)


def _guarded(stream: TextIO, label: str, *, utf8: bool) -> TextIO:
    """``stream``, for writers that take a text file (csv, print), errors named ``label``.

    ``utf8``: ocparse opened or set ``stream`` to write UTF-8 with line ends as they are, so
    text already encoded may go to its binary file as it is (:meth:`Writer.write_utf8`).
    """
    if utf8 and type(stream) is io.TextIOWrapper:  # a subclass may do more in write()
        # Text then reaches the binary file at once, in order with the bytes written there.
        stream.reconfigure(write_through=True)
        return cast(TextIO, _GuardedUtf8(stream, label))
    return cast(TextIO, _Guarded(stream, label))


class _Guarded:
    """Writes to ``stream``; an error (but a closed pipe) is a :class:`_WriteError`.

    What is written is the output, not an input, whatever code does the writing.
    """

    def __init__(self, stream: TextIO, label: str) -> None:
        self._stream = stream
        self._label = label

    def write(self, text: str) -> int:
        with _writing(self._label):
            return self._stream.write(text)

    def flush(self) -> None:
        with _writing(self._label):
            self._stream.flush()


class _GuardedUtf8(_Guarded):
    """A guarded UTF-8 text file that also takes text encoded already, to write as it is."""

    def __init__(self, stream: io.TextIOWrapper, label: str) -> None:
        super().__init__(stream, label)
        self._binary = stream.buffer

    def write_utf8(self, data: bytes) -> None:
        """Write UTF-8 ``data`` unchanged: the workers encoded it, decoding it would be waste."""
        with _writing(self._label):
            self._binary.write(data)


@contextmanager
def _writing(label: str) -> Iterator[None]:
    """Turn an error writing the output ``label`` into a :class:`_WriteError`."""
    try:
        yield
    except BrokenPipeError:
        raise  # the reader went away (| head): main exits quietly
    except OSError as error:
        raise _WriteError(label, error) from None


@contextmanager
def _atomic(name: str, *, force: bool) -> Iterator[TextIO]:
    """Write ``name`` through a temporary file beside it, renamed into place when done.

    An error, Ctrl-C, SIGTERM or SIGHUP before the end removes the temporary file and
    leaves ``name`` as it was. Without ``force`` an existing ``name`` is refused before
    any work is done.
    """
    target = os.path.realpath(name)  # through a symlink to the file it names
    _check_target(name, target, force=force)
    mode = _new_file_mode(target)
    try:
        fd, temporary = tempfile.mkstemp(
            dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
    except OSError as error:
        raise _Failure(f"{name}: {error.strerror}", EXIT_USAGE) from None
    out = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        try:
            yield _guarded(out, name, utf8=True)
            with _writing(name):
                out.flush()
                os.fsync(out.fileno())
        finally:
            with suppress(OSError):  # what could not be written would fail again here
                out.close()
        with _writing(name):
            os.chmod(temporary, mode)
        _check_target(name, target, force=force)  # created meanwhile by someone else?
        with _writing(name):
            os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _check_target(name: str, target: str, *, force: bool) -> None:
    mode = _mode(target)
    if mode is None:
        return
    if stat.S_ISDIR(mode):
        raise _Failure(f"{name}: {os.strerror(errno.EISDIR)}", EXIT_USAGE)
    if not force:
        raise _Failure(f"{name}: already exists; use --force to overwrite it", EXIT_USAGE)
    if not stat.S_ISREG(mode):  # appeared while we wrote: never replaced by a rename
        raise _Failure(f"{name}: not a regular file; not replaced", EXIT_USAGE)


def _new_file_mode(target: str) -> int:
    """Keep an overwritten file's permissions; a new file gets the usual 0666 & ~umask."""
    with suppress(OSError):
        return stat.S_IMODE(os.stat(target).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _discard_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that the closed
    # pipe does not print "Exception ignored ... BrokenPipeError".
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# ---------------------------------------------------------------------------- progress


@contextmanager
def _progress(inputs: Sequence[_Input], *, quiet: bool) -> Iterator[Progress]:
    large = len(inputs) > 1 or sum(i.size for i in inputs) >= _LARGE_INPUT
    progress = Progress(len(inputs), enabled=large and not quiet and sys.stderr.isatty())
    try:
        yield progress
    finally:
        progress.close()
