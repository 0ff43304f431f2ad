"""Write the scrape-style and edition variants in fixtures/ from the real sample.

The variants are built by hand-written string templates, not by ocparse.render, so
they test the parser independently of the renderer. Scores come from the official
workbook slice in tests/data (the sample's narratives are reused as page text).

Usage: python tools/make_variant_fixtures.py   (then python tests/regen_fixtures.py NAME
and review each expected .json by hand before committing)
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "fixtures" / "2025_netherlands_belgium.txt").read_text(encoding="utf-8")
LINES = SAMPLE.split("\n")
SCORES = ROOT / "tests" / "data" / "scores_slice.csv"

NEW_2023 = {
    "Extortion and protection racketeering",
    "Trade in counterfeit goods",
    "Illicit trade in excisable goods",
    "Cyber-dependent crimes",
    "Financial crimes",
    "Private sector actors",
}
FOOTER = LINES[263:268]
PROLOGUE = [
    "How to measure organized crime?",
    "A series of 13 discussion papers, drawing on the expertise of over 30 authors.",
]


def scores() -> dict[tuple[int, str, str], Decimal]:
    with SCORES.open(encoding="utf-8") as f:
        return {
            (int(r["edition"]), r["iso3"], r["indicator"]): Decimal(r["score"])
            for r in csv.DictReader(f)
        }


def page_layout(first: int, last: int) -> list[tuple[str, str]]:
    """(name, definition) pairs of the sample page at LINES[first:last]."""
    out = []
    i = first
    while i < last:
        out.append((LINES[i], LINES[i + 2]))
        i += 3
    return out


NLD_BLOCKS = page_layout(0, 102)
NLD_PARAGRAPHS = LINES[102:129]
BEL_PARAGRAPHS = LINES[231:263]
COMPOSITE = {"Criminal markets": "criminal_markets", "Criminal actors": "criminal_actors"}


def fmt(score: Decimal, delta: Decimal | None, edition: int, new: bool) -> str:
    if edition == 2021:
        return f"{score:.2f}"
    if delta is None or (edition == 2023 and new):
        return f"{score:.2f} n/a"
    return f"{score:.2f}{delta:.2f}"


def blocks(iso3: str, edition: int, definitions: bool = True) -> list[str]:
    truth = scores()
    previous = {2023: 2021, 2025: 2023}.get(edition)
    out = []
    for name, definition in NLD_BLOCKS:
        if edition == 2021 and name in NEW_2023:
            continue
        key = COMPOSITE.get(name, name)
        score = truth[(edition, iso3, key)].quantize(Decimal("0.01"))
        delta = None
        if previous and (previous, iso3, key) in truth:
            delta = score - truth[(previous, iso3, key)]
        out.append(name)
        out.append(fmt(score, delta, edition, name in NEW_2023))
        if definitions:
            out.append(definition)
    return out


def nld_2021_paragraphs() -> list[str]:
    # Drop the paragraphs of indicators new in 2023: extortion, counterfeit+excise,
    # cyber, financial crimes, private sector actors.
    return [p for i, p in enumerate(NLD_PARAGRAPHS) if i not in (2, 4, 12, 13, 18)]


def write(name: str, lines: list[str], *, newline: str = "\n", encoding: str = "utf-8") -> None:
    data = newline.join(lines) + newline
    (ROOT / "fixtures" / f"{name}.txt").write_bytes(data.encode(encoding))
    print("wrote", name)


def indented(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += ["    " + line, ""]
    return out


def profile_block_bel_2023() -> list[str]:
    head = ["The Organized Crime Index | ENACT", "Year:", "Read the report", "Belgium", "x", ""]
    block = [
        "Profile", "Belgium", "Capital", "Brussels", "Income group", "High income",
        "Population", "11,589,623", "Area", "30,528 km²", "Geography type", "Coastal",
        "Gross domestic product (GDP)", "USD 578,604.00 million",
        "4.430.09", "Criminality score",
        "80th of 193 countries -19", "25th of 44 countries in Europe-7",
        "6th of 9 countries in Western Europe1",
    ]  # fmt: skip
    return head + indented(block)


def main() -> None:
    bel_2023 = blocks("BEL", 2023)
    write(
        "2023_belgium_indented_profile",
        profile_block_bel_2023() + indented(bel_2023 + BEL_PARAGRAPHS),
        newline="\r\n",
    )
    nld_2021 = blocks("NLD", 2021)
    prologue = [*PROLOGUE, "Read more on globalinitiative.net" + nld_2021[0], *nld_2021[1:]]
    write("2021_netherlands_prologue", prologue + nld_2021_paragraphs() + FOOTER)

    legacy = blocks("NLD", 2021, definitions=False)
    legacy = [_title_case(line) if not re.match(r"\d", line) else line for line in legacy]
    legacy[0] = "Criminal Market"
    legacy = [_old_label(line) for line in legacy]
    resilience = legacy[legacy.index("Political Leadership And Governance") :]
    write("2021_netherlands_legacy", legacy + resilience + nld_2021_paragraphs())

    bel_2025 = LINES[129:231]
    cut = bel_2025.index("Mafia-style groups") + 2
    truncated = [*bel_2025[:cut], bel_2025[cut][:20]]
    write("lenient_2025_belgium_truncated", truncated)

    nld_2025 = LINES[0:129]
    write("2025_netherlands_cp1252_crlf", nld_2025, newline="\r\n", encoding="cp1252")

    write(
        "2025_compact_then_indented",
        LINES[0:129] + ["The Organized Crime Index | ENACT", "Belgium", "x"] + indented(
            ["Profile", "Belgium", "4.820.39", "Criminality score", "97th of 193 countries 2"]
            + LINES[129:263]
        ) + FOOTER,
    )  # fmt: skip


def _title_case(line: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in line.split(" "))


def _old_label(line: str) -> str:
    return {
        "Non-renewable Resource Crimes": "Non-Renewable Resources Crimes",
        "Synthetic Drug Trade": "Synthetic Drugs Trade",
        "Economic Regulatory Capacity": "Economic Regulatory Environment",
    }.get(line, line)


if __name__ == "__main__":
    main()
