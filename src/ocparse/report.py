"""The state every parsing rule reports to: diagnostics, skipped lines, strictness.

Strict and lenient parsing share one path: a rule calls :meth:`Reporter.problem` where
the input is wrong; strict mode raises there, lenient mode records an error diagnostic
and the rule goes on. Warnings and remarks go to :meth:`Reporter.note`. Either way the
rule names a :class:`~ocparse.codes.Code`, and the severity is the code's.
"""

from __future__ import annotations

import attrs

from ocparse.codes import Code
from ocparse.errors import ParseError
from ocparse.records import Diagnostic, SkippedLine, SkipReason

__all__ = ["Reporter"]


@attrs.define(slots=True)
class Reporter:
    """Collects diagnostics and skipped lines; raises on problems when strict."""

    strict: bool
    file: str | None = None
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    skipped: list[SkippedLine] = attrs.Factory(list)

    def problem(
        self,
        line: int,
        column: int,
        code: Code,
        message: str,
        *,
        text: str = "",
        expected: str = "",
    ) -> None:
        """Report input that is wrong: raise :class:`ParseError` if strict, else record it.

        ``code`` must be an error code; warnings and remarks go to :meth:`note`.
        """
        if code.severity != "error":
            raise ValueError(f"{code} is a {code.severity} code: report it with note()")
        error = ParseError(message, line, column, text, expected, self.file)
        if self.strict:
            raise error
        self._record(line, column, code, error.detail())

    def unrecognized(
        self, line: int, column: int, code: Code, message: str, *, text: str, expected: str
    ) -> None:
        """Skip a line nothing can use (``unrecognized``) and report it as a problem."""
        self.skip(line, text, "unrecognized")
        self.problem(line, column, code, message, text=text, expected=expected)

    def reject(self, error: ParseError, code: Code) -> None:
        """Report a :class:`ParseError` raised by a helper such as :func:`parse_fused`."""
        self.problem(
            error.line,
            error.column,
            code,
            error.message,
            text=error.text,
            expected=error.expected,
        )

    def note(self, line: int, code: Code, message: str, column: int = 1) -> None:
        """Record a warning or a remark (``info``), as ``code``'s severity says; never raise."""
        if code.severity == "error":
            raise ValueError(f"{code} is an error code: report it with problem()")
        self._record(line, column, code, message)

    def _record(self, line: int, column: int, code: Code, message: str) -> None:
        self.diagnostics.append(Diagnostic(line, column, code.severity, code, message))

    def skip(self, line: int, text: str, reason: SkipReason) -> None:
        """Record a non-blank line that belongs to no record."""
        self.skipped.append(SkippedLine(line, text, reason))
