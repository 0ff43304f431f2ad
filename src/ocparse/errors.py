"""The error raised for input that cannot be parsed in strict mode."""

from __future__ import annotations

import attrs

__all__ = ["ParseError"]


@attrs.define(frozen=True, slots=True, eq=False)
class ParseError(Exception):
    """Input that strict parsing cannot accept, located by 1-based line and column.

    ``text`` quotes the offending line and ``expected`` says what should have been there.
    ``str(error)`` is one line, ready for a terminal:
    ``line 5, column 1: expected a score line like 5.50 or 5.500.50 ...; got '5.5x'``.
    """

    message: str
    line: int = 0
    column: int = 0
    text: str = ""
    expected: str = ""
    file: str | None = None

    def __str__(self) -> str:
        """Render as ``[file: ]line L, column C: message[; expected …][; got '…']``."""
        where = f"line {self.line}, column {self.column}"
        if self.file:
            where = f"{self.file}: {where}"
        return f"{where}: {self.detail()}"

    def detail(self) -> str:
        """The message with what was expected and the offending text, without the place."""
        parts = [self.message]
        if self.expected:
            parts.append(f"expected {self.expected}")
        if self.text:
            parts.append(f"got {_quote(self.text)}")
        return "; ".join(parts)


def _quote(text: str, limit: int = 80) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)
