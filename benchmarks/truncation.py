"""Composites of truncated pages against the official workbook (make bench-truncation).

Renders every country page of every edition from benchmarks/data/scores_wide.csv (the
official workbook's scores, as bench.py does), cuts each page after every line of its
score part and after its first narrative, parses each cut page leniently, and compares
``criminality``, ``resilience`` and each section's score with the workbook:

* right: equal to the official value;
* null: None (a diagnostic says why);
* wrong: any other value. The target is 0.

It also counts each cut page's edition: right, wrong with an ``edition-*`` warning, or
wrong with none (the target is 0).

Usage: python benchmarks/truncation.py [--every N]   (cut after every Nth line; default 1)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench import PREVIOUS, _profile, _rows

import ocparse
from ocparse.render import render

FIELDS = ("criminality", "resilience", "criminal_markets", "criminal_actors")


def _values(profile: ocparse.Profile) -> dict[str, Decimal | None]:
    sections = {s.key: s.score for s in profile.sections}
    return {
        "criminality": profile.criminality,
        "resilience": profile.resilience,
        "criminal_markets": sections.get("criminal_markets"),
        "criminal_actors": sections.get("criminal_actors"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=int, default=1)
    args = parser.parse_args()
    rows = _rows()
    counts: Counter[str] = Counter()
    editions: Counter[str] = Counter()
    wrong: list[str] = []
    cuts = 0
    start = time.perf_counter()
    for (edition, iso3), row in sorted(rows.items()):
        before = rows.get((PREVIOUS.get(edition, 0), iso3))
        lines = render(_profile(edition, row, before)).split("\n")
        first_narrative = next(i for i, line in enumerate(lines) if len(line) > 250)
        official = {f: Decimal(row[f]).quantize(Decimal("0.01")) for f in FIELDS}
        for end in [*range(2, first_narrative, args.every), first_narrative + 1]:
            doc = ocparse.parse("\n".join(lines[:end]), lenient=True, country=iso3)
            cuts += 1
            warned = any(d.code.startswith("edition-") for d in doc.diagnostics)
            if doc.profiles[0].edition == edition:
                editions["right"] += 1
            else:
                editions["wrong, with a warning" if warned else "wrong, silently"] += 1
            for field, value in _values(doc.profiles[0]).items():
                if value is None:
                    counts["null"] += 1
                elif value == official[field]:
                    counts["right"] += 1
                else:
                    counts["wrong"] += 1
                    wrong.append(f"{iso3} {edition} cut at line {end}: {field} {value}, "
                                 f"official {official[field]}")  # fmt: skip
    seconds = time.perf_counter() - start
    pages = len(rows)
    print(f"{pages} pages of the official workbook, {cuts} truncated pages, {seconds:.0f} s")
    total = sum(counts.values())
    for outcome in ("right", "null", "wrong"):
        print(f"{outcome:>6}: {counts[outcome]:6d} of {total} values")
    for outcome in ("right", "wrong, with a warning", "wrong, silently"):
        print(f"edition {outcome}: {editions[outcome]} of {cuts} pages")
    for line in wrong[:20]:
        print("  ", line)


if __name__ == "__main__":
    main()
