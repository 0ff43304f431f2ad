"""Peak memory of ``ocparse convert --format ndjson`` on large inputs (a script, not a test).

Writes dumps of the sample's two pages repeated with varied scores until they reach each
size, then runs ``ocparse convert --format ndjson BIG > /dev/null`` for each in a fresh
measuring process and prints its peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``,
which for one child is that child's peak). Streaming keeps it flat: the figures for a
small and a ten times larger input should be about the same.

Usage: python benchmarks/ndjson_memory.py [--sizes 20 200] [--format ndjson]
The dumps go to a temporary directory and are removed at the end.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from ocparse.fused import format_delta, format_score, parse_fused

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "2025_netherlands_belgium.txt"
SCORE_LINE = re.compile(r"^\d{1,2}\.\d{2}-?\d{1,2}\.\d{2}$", re.MULTILINE)
STEP = Decimal("0.50")

# Runs in a fresh process so that each figure is the peak of one conversion only.
MEASURE = """
import resource, subprocess, sys
with open(sys.argv[2], "wb") as sink:
    subprocess.run([sys.argv[1], *sys.argv[3:]], stdout=sink, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def varied(text: str, rng: random.Random) -> str:
    """The sample with every fused indicator score moved by -0.5, 0 or +0.5 (valid)."""

    def move(found: re.Match[str]) -> str:
        fused = parse_fused(found.group())
        assert fused.delta is not None
        low = max(Decimal(1), Decimal(1) + fused.delta)
        high = min(Decimal(10), Decimal(10) + fused.delta)
        score = min(max(fused.score + rng.choice((-STEP, 0, STEP)), low), high)
        return format_score(score) + format_delta(fused.delta)

    return SCORE_LINE.sub(move, text)


def write_dump(path: Path, megabytes: int, seed: int = 1) -> int:
    """Write about ``megabytes`` MB of pages to ``path``; return the number of pages."""
    rng = random.Random(seed)
    sample = SAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n"
    variants = [varied(sample, rng) for _ in range(50)]
    target, written, pages = megabytes * 1_000_000, 0, 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        while written < target:
            chunk = variants[pages // 2 % len(variants)]
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            pages += 2
    return pages


def peak_rss_kib(script: str, dump: Path, output: str, fmt: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, script, output, "convert", "--format", fmt, str(dump)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout)  # KiB on Linux (bytes on macOS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200], metavar="MB")
    parser.add_argument("--format", default="ndjson", choices=("ndjson", "csv", "json"))
    args = parser.parse_args()
    script = shutil.which("ocparse", path=str(Path(sys.executable).parent)) or "ocparse"
    with tempfile.TemporaryDirectory(prefix="ocparse-bench-") as tmp:
        print(f"ocparse convert --format {args.format} BIG > /dev/null")
        print(f"{'input':>10} {'pages':>8} {'peak RSS':>10} {'time':>8}")
        for megabytes in args.sizes:
            dump = Path(tmp) / f"big-{megabytes}.txt"
            pages = write_dump(dump, megabytes)
            size = dump.stat().st_size / 1e6
            start = time.perf_counter()
            peak = peak_rss_kib(script, dump, "/dev/null", args.format)
            seconds = time.perf_counter() - start
            print(f"{size:8.0f}MB {pages:8d} {peak / 1024:8.1f}MB {seconds:7.0f}s", flush=True)
            dump.unlink()


if __name__ == "__main__":
    main()
