"""The ``ocparse`` command: convert page dumps to JSON."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ocparse.api import parse, parse_file
from ocparse.errors import ParseError
from ocparse.output import to_json

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ocparse",
        description="Parse Global Organized Crime Index page dumps into JSON.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    convert = commands.add_parser("convert", help="convert a dump to JSON on stdout")
    convert.add_argument("file", help="dump file, or - for standard input")
    convert.add_argument("--lenient", action="store_true", help="never stop at bad lines")
    convert.add_argument("--country", help="country of every page (name or ISO code)")
    convert.add_argument("--edition", type=int, choices=(2021, 2023, 2025))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 parse error, 2 usage)."""
    args = _parser().parse_args(argv)
    options = {"lenient": args.lenient, "country": args.country, "edition": args.edition}
    try:
        if args.file == "-":
            doc = parse(sys.stdin.read(), **options)
        else:
            doc = parse_file(args.file, **options)
    except ParseError as error:
        print(f"ocparse: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"ocparse: {error.filename}: {error.strerror}", file=sys.stderr)
        return 2
    sys.stdout.write(to_json(doc) + "\n")
    return 0
