"""Which input lines a Document accounts for: a field's line, skipped, or diagnosed."""

import ocparse
from ocparse.lines import normalise


def non_blank_lines(text: str) -> set[int]:
    return {n for n, line in enumerate(normalise(text).split("\n"), 1) if line.strip()}


def _next_non_blank(lines: list[str], after: int, count: int) -> list[int]:
    found, n = [], after
    while len(found) < count and n < len(lines):
        n += 1
        if n <= len(lines) and lines[n - 1].strip():
            found.append(n)
    return found


def _block_lines(lines: list[str], line: int, has_description: bool) -> set[int]:
    return {line, *_next_non_blank(lines, line, 2 if has_description else 1)}


def accounted_lines(text: str, doc: ocparse.Document) -> set[int]:
    lines = normalise(text).split("\n")
    used = {s.line for s in doc.skipped} | {d.line for d in doc.diagnostics}
    for profile in doc.profiles:
        if profile.details is not None:
            used |= set(range(profile.details.line, profile.details.end_line + 1))
        for section in profile.sections:
            if section.key != "resilience" or section.description is not None:
                used |= _block_lines(lines, section.line, section.description is not None)
            for i in section.indicators:
                used |= _block_lines(lines, i.line, i.description is not None)
        used |= {p.line for p in profile.paragraphs}
    return used
