"""Where ocparse reads its edition tables: the package's ``data/``, or a directory a test sets.

The tables that say what an edition is (``editions.json``, ``taxonomy.json``) are read
through :func:`read_json`, so that :func:`ocparse.editions.load` can point the library at
a copy with a fictional edition in it. The modules that cache what they derive from these
tables register the cache's ``cache_clear`` with :func:`on_change`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

_directory: Path | None = None
_clearers: list[Callable[[], None]] = []


def read_json(name: str) -> Any:
    """Return the JSON table ``name`` from the directory in use, else from the package."""
    if _directory is not None and (_directory / name).is_file():
        return json.loads((_directory / name).read_text("utf-8"))
    return json.loads((files("ocparse") / "data" / name).read_text("utf-8"))


def on_change(clear: Callable[[], None]) -> None:
    """Call ``clear`` whenever the tables change (a cache of what was derived from them)."""
    _clearers.append(clear)


@contextmanager
def directory(path: Path) -> Iterator[None]:
    """Read the tables from ``path`` (those it has) inside the ``with`` block."""
    global _directory
    previous, _directory = _directory, path
    _clear()
    try:
        yield
    finally:
        _directory = previous
        _clear()


def _clear() -> None:
    for clear in _clearers:
        clear()
