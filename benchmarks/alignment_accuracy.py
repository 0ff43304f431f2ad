"""Accuracy of ocparse.narratives.align on generated pages (a script, not a test).

Pages are built from the hand-labelled paragraphs of fixtures/2025_netherlands_belgium.txt: one
text per indicator (the five merged Netherlands paragraphs are cut at their labelled sentence),
then indicators are randomly dropped, texts split in two and adjacent texts merged, as real pages
do. Some pages use the 2021 key set (10 markets, 4 actor types), some end with a line of web-page
furniture ("The Index Podcast") that belongs to no indicator. The aligner never sees the truth;
its output is compared with it:

* per-indicator accuracy: ``paragraph_of(key)`` is the generated paragraph (None if dropped);
* split accuracy: a merged paragraph gets exactly its keys and, per key, exactly its sentences;
* exact-page accuracy: every paragraph of the page gets its keys (and spans, when merged);
* warnings: how many paragraphs carry one, and how errors split between warned and not.

Run:  PYTHONPATH=src python benchmarks/alignment_accuracy.py [--pages 3000] [--seed 2025]

Note that the cue data was written with these two pages in view, so the figures are in-sample
for vocabulary; the structure (drops, merges, splits, key subsets, mixed sources) is what varies.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "src"))  # PYTHONPATH, if set, takes precedence

from ocparse.narratives import Alignment, align  # noqa: E402
from ocparse.sentences import split_sentences  # noqa: E402
from ocparse.strategies.narratives import Rates, Segment  # noqa: E402
from ocparse.strategies.narratives import arrange as generate  # noqa: E402

FIXTURE = ROOT / "fixtures" / "2025_netherlands_belgium.txt"
LABELS = ROOT / "tests" / "data" / "alignment_2025_netherlands_belgium.json"


def indicator_texts() -> tuple[list[str], list[dict[str, str]], list[str]]:
    """Return the key order, each sample page's indicator texts, and the page furniture."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    pages = []
    keys: list[str] = []
    for page in labels["pages"]:
        first, last = page["lines"]
        paragraphs = lines[first - 1 : last]
        keys = list(page["paragraph_of"])
        texts: dict[str, str] = {}
        cuts = {s["paragraph"]: s for s in page["splits"]}
        for key in keys:
            index = page["paragraph_of"][key]
            text = paragraphs[index]
            if index in cuts:
                head, tail = cut(text, cuts[index]["second_starts"])
                text = head if key == cuts[index]["keys"][0] else tail
            texts[key] = text
        pages.append(texts)
    # Lines after the last page's narratives: web-page furniture such as "The Index Podcast".
    furniture = [line for line in lines[labels["pages"][-1]["lines"][1] :] if line.strip()]
    return keys, pages, furniture


def cut(text: str, second_starts: str) -> tuple[str, str]:
    """Cut a merged paragraph before the sentence that starts with ``second_starts``."""
    pieces = split_sentences(text)
    at = next(i for i, s in enumerate(pieces) if s.startswith(second_starts))
    return "".join(pieces[:at]).strip(), "".join(pieces[at:]).strip()


def text_of(paragraph: list[Segment]) -> str:
    """Return the paragraph text: its segments joined by a space."""
    return " ".join(text for _, text in paragraph)


def truth_paragraph_of(paragraphs: list[list[Segment]], key: str) -> int | None:
    """Index of the first paragraph with a segment about ``key``."""
    return next((i for i, p in enumerate(paragraphs) if any(k == key for k, _ in p)), None)


@dataclass
class Tally:
    """Running counts over generated pages."""

    indicators: int = 0
    indicators_ok: int = 0
    merged: int = 0
    merged_ok: int = 0
    pages: int = 0
    pages_ok: int = 0
    paragraphs: int = 0
    warned: int = 0
    warned_wrong: int = 0
    unwarned_wrong: int = 0
    seconds: float = 0.0
    misses: Counter[int] = field(default_factory=Counter)  # pages by wrong indicators

    def add(self, keys: list[str], truth: list[list[Segment]], result: Alignment) -> None:
        """Score one page."""
        self.pages += 1
        wrong = sum(result.paragraph_of(k) != truth_paragraph_of(truth, k) for k in keys)
        self.indicators += len(keys)
        self.indicators_ok += len(keys) - wrong
        self.misses[min(wrong, 3)] += 1
        exact = True
        for expected, got in zip(truth, result.paragraphs, strict=True):
            want_keys = tuple(k for k, _ in expected if k)
            right = got.keys == want_keys
            if len(expected) > 1:
                right = right and got.spans == tuple(t for _, t in expected)
                self.merged += 1
                self.merged_ok += right
            exact = exact and right
            self.paragraphs += 1
            warned = got.warning is not None
            self.warned += warned
            self.warned_wrong += warned and not right
            self.unwarned_wrong += not warned and not right
        self.pages_ok += exact

    def report(self) -> str:
        """Format the figures."""
        right_paragraphs = self.paragraphs - self.warned_wrong - self.unwarned_wrong
        lines = [
            f"pages generated:               {self.pages}",
            f"per-indicator accuracy:        {self.indicators_ok / self.indicators:.4f}"
            f"  ({self.indicators_ok}/{self.indicators})",
            f"split accuracy (merged paras): {self.merged_ok / max(1, self.merged):.4f}"
            f"  ({self.merged_ok}/{self.merged})",
            f"exact-page accuracy:           {self.pages_ok / self.pages:.4f}"
            f"  ({self.pages_ok}/{self.pages})",
            "pages by misplaced indicators:  "
            + ", ".join(f"{'3+' if n == 3 else n}: {self.misses[n]}" for n in range(4)),
            f"paragraphs right:              {right_paragraphs / self.paragraphs:.4f}",
            f"paragraphs warned:             {self.warned / self.paragraphs:.4f}"
            f"  (wrong among warned {self.warned_wrong}/{self.warned},"
            f" wrong among unwarned {self.unwarned_wrong}/{self.paragraphs - self.warned})",
            f"mean time per page:            {1000 * self.seconds / self.pages:.2f} ms"
            f"  ({1000 * self.seconds / self.paragraphs:.3f} ms per paragraph)",
        ]
        return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Generate pages, align them and print the accuracy figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--drop", type=float, default=Rates.drop)
    parser.add_argument("--split", type=float, default=Rates.split)
    parser.add_argument("--merge", type=float, default=Rates.merge)
    parser.add_argument("--show-errors", type=int, default=0, help="print this many wrong pages")
    args = parser.parse_args(argv)
    rates = Rates(drop=args.drop, split=args.split, merge=args.merge)
    keys, sources, furniture = indicator_texts()
    rng = random.Random(args.seed)
    tally = Tally()
    shown = 0
    align(["warm-up"], keys)  # load the cue data outside the timing
    for _ in range(args.pages):
        page_keys, truth = generate(rng, keys, sources, rates, furniture)
        texts = [text_of(p) for p in truth]
        start = time.perf_counter()
        result = align(texts, page_keys)
        tally.seconds += time.perf_counter() - start
        before = tally.pages_ok
        tally.add(page_keys, truth, result)
        if tally.pages_ok == before and shown < args.show_errors:
            shown += 1
            show(truth, result)
    print(
        f"rates: drop {rates.drop}, split {rates.split}, merge {rates.merge},"
        f" 2021 keys {rates.legacy}, furniture {rates.junk}; seed {args.seed}"
    )
    print(tally.report())


def show(truth: list[list[Segment]], result: Alignment) -> None:
    """Print the paragraphs where the alignment differs from the truth."""
    print("-" * 80)
    for expected, got in zip(truth, result.paragraphs, strict=True):
        want = [k for k, _ in expected if k]
        mark = "  " if list(got.keys) == want else "!!"
        print(f"{mark} {got.index:2d} want={want} got={list(got.keys)} conf={got.confidence:.2f}")
        if mark == "!!" or (len(expected) > 1 and got.spans != tuple(t for _, t in expected)):
            print("     ", text_of(expected)[:160])
            for span in got.spans:
                print("      span:", span[:100])


if __name__ == "__main__":
    main()
