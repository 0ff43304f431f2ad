"""Hostile inputs finish in time proportional to their size (issue: real-world dumps).

Prints seconds and MB/s for a single huge line and for a garbage file at two sizes,
and the ratio of times for 4x the input (linear scaling means about 4).
Run: .venv/bin/python benchmarks/robustness.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import ocparse


def one_line(size: int) -> str:
    rnd = random.Random(1)
    return "".join(rnd.choice("abc Criminal markets 5.50\t−") for _ in range(size))


def garbage_lines(count: int) -> str:
    rnd = random.Random(2)
    alphabet = "abcdefgh 0123456789.-−\u00a0\u2028"
    return "\n".join(
        "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 60))) for _ in range(count)
    )


def timed(text: str) -> float:
    start = time.perf_counter()
    ocparse.parse(text, lenient=True)
    return time.perf_counter() - start


def report(label: str, make: Callable[[int], str], small: int) -> None:
    times = []
    for n in (small, 4 * small):
        text = make(n)
        seconds = timed(text)
        times.append(seconds)
        size = len(text.encode()) / 1e6
        rate = size / seconds
        print(f"{label:>14} n={n:>10,}: {size:6.1f} MB  {seconds:7.3f} s  {rate:6.1f} MB/s")
    print(f"{label:>14} 4x input -> {times[1] / times[0]:.2f}x time")


if __name__ == "__main__":
    ocparse.parse("Criminal markets\n5.00\n")  # build the parser once, outside the timings
    report("single line", one_line, 2_500_000)
    report("garbage lines", garbage_lines, 25_000)
