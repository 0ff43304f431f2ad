"""Write the table of diagnostic codes in docs/format.md from the registry, ocparse.codes.

The table sits between two HTML comments (``<!-- codes: ... -->`` and ``<!-- /codes -->``)
and is replaced whole; the text around it is the docs' own. tests/test_codes.py checks
that the committed table is the one this writes, so a code added to ``ocparse.codes``
fails the tests until this has run.

Usage:
    .venv/bin/python tools/make_codes_table.py          # rewrite docs/format.md
    .venv/bin/python tools/make_codes_table.py --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from ocparse.codes import Code

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "format.md"
BEGIN = "<!-- codes: generated from src/ocparse/codes.py by tools/make_codes_table.py -->"
END = "<!-- /codes -->"


def table() -> str:
    """The Markdown table of every code, in the registry's order, between the markers."""
    rows = [
        f"| `{code}` | {code.severity} | {code.summary.replace('|', chr(92) + '|')} |"
        for code in Code
    ]
    return "\n".join([BEGIN, "| code | severity | meaning |", "|---|---|---|", *rows, END])


def rewrite(text: str) -> str:
    """``text`` (the page) with the table between the markers replaced by :func:`table`."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + table() + text[end:]


def main(argv: list[str]) -> int:
    """Rewrite the page, or with ``--check`` say whether it is up to date (exit 0 or 1)."""
    text = PAGE.read_text(encoding="utf-8")
    wanted = rewrite(text)
    if "--check" in argv:
        if wanted != text:
            print(f"{PAGE.relative_to(ROOT)}: the codes table is out of date; run {argv[0]}")
            return 1
        return 0
    PAGE.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
