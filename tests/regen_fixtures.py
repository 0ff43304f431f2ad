"""Write fixtures/<name>.json from the current parser, for review before committing.

Usage: python tests/regen_fixtures.py [NAME ...]   (NAME without .txt; none: all of them)
``make fixtures`` runs it for all; review the changes with ``git diff fixtures/``.
"""

import sys

import ocparse
from support import CASES, FIXTURES, parse_fixture

for source in [FIXTURES / f"{name}.txt" for name in sys.argv[1:]] or CASES:
    target = source.with_suffix(".json")
    target.write_text(ocparse.to_json(parse_fixture(source)) + "\n", encoding="utf-8")
    print(f"wrote {target}; review it before committing")
