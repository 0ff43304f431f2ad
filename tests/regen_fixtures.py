"""Write fixtures/<name>.json from the current parser, for review before committing.

Usage: python tests/regen_fixtures.py NAME [NAME ...]   (NAME without .txt)
"""

import sys

import ocparse
from test_fixtures import FIXTURES, parse_fixture

for name in sys.argv[1:]:
    source = FIXTURES / f"{name}.txt"
    target = source.with_suffix(".json")
    target.write_text(ocparse.to_json(parse_fixture(source)) + "\n", encoding="utf-8")
    print(f"wrote {target}; review it before committing")
