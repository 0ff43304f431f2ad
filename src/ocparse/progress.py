"""The progress bar of the ``ocparse`` command, drawn on stderr when it is a terminal."""

from __future__ import annotations

import sys
import time

__all__ = ["Progress"]


class Progress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    _WIDTH = 30

    def __init__(self, total: int, *, enabled: bool) -> None:
        self._total = total
        self._enabled = enabled
        self._drawn = 0.0

    def show(self, done: float) -> None:
        """Show ``done`` inputs of the total (fractions for the input being read)."""
        now = time.monotonic()
        if not self._enabled or now - self._drawn < 0.1:
            return
        self._drawn = now
        share = min(done / self._total, 1.0)
        filled = int(share * self._WIDTH)
        bar = "#" * filled + "-" * (self._WIDTH - filled)
        files = f"  {int(done)}/{self._total} files" if self._total > 1 else ""
        sys.stderr.write(f"\rocparse [{bar}] {share:4.0%}{files}")
        sys.stderr.flush()

    def close(self) -> None:
        """Erase the bar."""
        if self._enabled and self._drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
