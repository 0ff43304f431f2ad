"""Small input/expected cases per parsing rule, read from tests/cases/<rule>.txt.

Each rule is shown through a function that turns a case's input into text; the case
passes when that text equals the expected output. See tests/cases/README.md.
"""

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ocparse.countries import detect_country
from ocparse.errors import ParseError
from ocparse.fused import parse_fused
from ocparse.sentences import split_sentences
from ocparse.splitter import split_pages
from ocparse.taxonomy import find_indicator
from support import ROOT

CASES_DIR = ROOT / "tests" / "cases"


def _fused(text: str) -> str:
    try:
        fused = parse_fused(text)
    except ParseError as e:
        return f"error: {e.message.split(':')[0]}"
    printed = {"none": "none", "na": "n/a"}.get(fused.kind) or f"{fused.delta:+}"
    return f"{fused.score} {printed}"


def _name(text: str) -> str:
    match = find_indicator(text)
    return match.spec.key if match else "none"


def _country(text: str) -> str:
    guess = detect_country([text])
    return guess.country.iso3 if guess else "none"


def _pages(text: str) -> str:
    starts = [chunk.first_line for chunk in split_pages(io.StringIO(text))]
    return "pages start at lines " + ", ".join(map(str, starts))


RULES: dict[str, Callable[[str], str]] = {
    "fused": _fused,  # the score and how the delta was printed (none, n/a, a signed value)
    "names": _name,  # the indicator key a name line maps to, or none
    "sentences": lambda text: "\n".join(s.strip() for s in split_sentences(text)),
    "countries": _country,  # the ISO3 code of the country a narrative is about
    "splitter": _pages,
}


def read_cases(path: Path) -> Iterator[tuple[str, str, str]]:
    """(title, input, expected) for each case of a file in the layout of README.md."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, parts, i = lines[i], [], i + 1
        for _ in range(2):
            _expect_dot(path, lines, i)
            if "." not in lines[i + 1 :]:
                raise ValueError(f"{path.name}:{i + 1}: no line holding a single '.' closes this")
            end = lines.index(".", i + 1)
            parts.append("\n".join(lines[i + 1 : end]))
            i = end
        yield title, parts[0], parts[1]
        i += 1


def _expect_dot(path: Path, lines: list[str], i: int) -> None:
    if i >= len(lines) or lines[i] != ".":
        raise ValueError(f"{path.name}:{i + 1}: expected a line holding a single '.'")


def _unescape(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode("unicode_escape")


ALL = [
    pytest.param(rule, given, expected, id=f"{rule}: {title}")
    for rule in sorted(RULES)
    for title, given, expected in read_cases(CASES_DIR / f"{rule}.txt")
]


def test_every_case_file_has_a_rule() -> None:
    assert sorted(p.stem for p in CASES_DIR.glob("*.txt")) == sorted(RULES)


@pytest.mark.parametrize(("rule", "given", "expected"), ALL)
def test_rule_case(rule: str, given: str, expected: str) -> None:
    assert RULES[rule](_unescape(given)) == expected


def test_reader_refuses_a_case_without_its_dots(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("a title\n.\ninput\nexpected\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.txt:2: no line holding a single '.' closes this"):
        list(read_cases(broken))
