"""Peak memory of ``ocparse convert --format json`` against ``--format ndjson`` (a script).

Builds one dump of about ``--size`` MB (the sample's two pages repeated with varied
scores, as benchmarks/ndjson_memory.py does), then runs ``ocparse convert --format json``
and ``--format ndjson`` on it, each in a fresh measuring process, output to /dev/null,
and prints each peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``) and their ratio.
The JSON document is streamed, so the target is json within 1.5x of ndjson.

Usage: python benchmarks/json_memory.py [--size 200] (make bench-memory)
The dump goes to a temporary directory and is removed at the end.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ndjson_memory import peak_rss_kib, write_dump

TARGET = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200, metavar="MB")
    args = parser.parse_args()
    script = shutil.which("ocparse", path=str(Path(sys.executable).parent)) or "ocparse"
    peaks = {}
    with tempfile.TemporaryDirectory(prefix="ocparse-bench-") as tmp:
        dump = Path(tmp) / "big.txt"
        pages = write_dump(dump, args.size)
        print(f"input: {dump.stat().st_size / 1e6:.0f} MB, {pages} pages")
        print(f"{'format':>8} {'peak RSS':>10} {'time':>8}")
        for fmt in ("ndjson", "json"):
            start = time.perf_counter()
            peaks[fmt] = peak_rss_kib(script, dump, "/dev/null", fmt)
            seconds = time.perf_counter() - start
            print(f"{fmt:>8} {peaks[fmt] / 1024:8.1f}MB {seconds:7.0f}s", flush=True)
    ratio = peaks["json"] / peaks["ndjson"]
    print(f"json / ndjson: {ratio:.2f}x (target: within {TARGET}x)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
