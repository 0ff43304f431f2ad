"""The progress bar of the ``ocparse`` command, drawn on stderr when it is a terminal.

Hand-written: one line, redrawn at most ten times a second, is all it needs, and a
dependency (tqdm) would buy nothing the command uses.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """A one-line progress bar: share done, files, pages done, pages per second and ETA.

    ``stream`` defaults to stderr (looked up when drawing); ``clock`` is for tests.
    """

    _WIDTH = 30
    _EVERY = 0.1  # seconds between redraws

    def __init__(
        self,
        total: int,
        *,
        enabled: bool,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._total = total
        self._enabled = enabled
        self._stream = stream
        self._clock = clock
        self._start = clock()
        self._drawn = 0.0
        self._pages = 0

    def show(self, done: float, *, pages: int = 0) -> None:
        """Show ``done`` inputs of the total (fractions for the input being read).

        ``pages`` more pages have been read since the last call.
        """
        self._pages += pages
        now = self._clock()
        if not self._enabled or now - self._drawn < self._EVERY:
            return
        self._drawn = now
        share = min(done / self._total, 1.0)
        filled = int(share * self._WIDTH)
        bar = "#" * filled + "-" * (self._WIDTH - filled)
        files = f"  {int(done)}/{self._total} files" if self._total > 1 else ""
        stream = self._stream or sys.stderr
        stream.write(f"\rocparse [{bar}] {share:4.0%}{files}  {self._rates(share, now)}")
        stream.flush()

    def _rates(self, share: float, now: float) -> str:
        """Pages done, pages per second and the time left, estimated from the share done."""
        elapsed = now - self._start
        pages = f"{self._pages} page{'' if self._pages == 1 else 's'}"
        if elapsed <= 0 or share <= 0:
            return pages
        left = elapsed * (1 - share) / share
        return f"{pages}  {self._pages / elapsed:.1f} pages/s  ETA {_clock_time(left)}"

    def close(self) -> None:
        """Erase the bar."""
        if self._enabled and self._drawn:
            stream = self._stream or sys.stderr
            stream.write("\r\x1b[K")
            stream.flush()


def _clock_time(seconds: float) -> str:
    """``M:SS``, or ``H:MM:SS`` from an hour on."""
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
