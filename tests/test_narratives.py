from __future__ import annotations

import importlib.resources
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocparse import narratives, taxonomy
from ocparse.countries import names_of
from ocparse.narratives import (
    LOW_CONFIDENCE,
    Alignment,
    ParagraphAlignment,
    align,
    cue_keys,
    cues_of,
)
from ocparse.sentences import split_sentences
from ocparse.strategies.narratives import Rates, Segment, arrange
from support import SAMPLE, TEST_DATA

FIXTURE = SAMPLE
LABELS = TEST_DATA / "alignment_2025_netherlands_belgium.json"


@dataclass(frozen=True)
class Page:
    name: str
    paragraphs: list[str]
    paragraph_of: dict[str, int]
    splits: list[dict[str, Any]]


@cache
def lines() -> list[str]:
    return FIXTURE.read_text(encoding="utf-8").splitlines()


@cache
def pages() -> dict[str, Page]:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    result = {}
    for page in labels["pages"]:
        first, last = page["lines"]
        paragraphs = lines()[first - 1 : last]
        result[page["name"]] = Page(page["name"], paragraphs, page["paragraph_of"], page["splits"])
    return result


KEYS: list[str] = list(pages()["netherlands"].paragraph_of)
KEYS_2021 = [k for k in KEYS if k in {s.key for s in taxonomy.indicators_for(2021)}]


@cache
def aligned(name: str) -> Alignment:
    return align(pages()[name].paragraphs, KEYS)


# --- the labels themselves ---------------------------------------------------------------


def test_labels_are_complete_and_monotone() -> None:
    assert len(KEYS) == 32
    for page in pages().values():
        assert list(page.paragraph_of) == KEYS
        indices = list(page.paragraph_of.values())
        assert indices == sorted(indices)
        assert set(indices) == set(range(len(page.paragraphs)))
    assert len(pages()["netherlands"].paragraphs) == 27
    assert len(pages()["belgium"].paragraphs) == 32


def test_labelled_split_sentences_exist() -> None:
    for page in pages().values():
        for split in page.splits:
            sentences = split_sentences(page.paragraphs[split["paragraph"]])
            starts = [s for s in sentences[1:] if s.startswith(split["second_starts"])]
            assert len(starts) == 1, split


def test_cue_data_is_well_formed() -> None:
    resource = importlib.resources.files("ocparse") / "data" / "cues.json"
    data = json.loads(resource.read_text(encoding="utf-8"))
    cues = {k: v for k, v in data.items() if not k.startswith("_")}
    assert list(cues) == KEYS
    for key, phrases in cues.items():
        assert len(phrases) >= 20, key
        assert len(set(phrases)) == len(phrases), key
        assert all(p == p.lower() and p.strip() == p and p for p in phrases), key
        assert phrases[0].replace("-", " ") == key.replace("_", " "), key


# --- the sample pages --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["netherlands", "belgium"])
@pytest.mark.parametrize("key", KEYS)
def test_sample_indicator_paragraph(name: str, key: str) -> None:
    assert aligned(name).paragraph_of(key) == pages()[name].paragraph_of[key]


@pytest.mark.parametrize(
    "split", pages()["netherlands"].splits, ids=lambda s: f"paragraph-{s['paragraph']}"
)
def test_netherlands_merged_paragraph_split(split: dict[str, Any]) -> None:
    page = pages()["netherlands"]
    result = aligned("netherlands").paragraphs[split["paragraph"]]
    assert result.keys == tuple(split["keys"])
    assert result.spans[1].startswith(split["second_starts"])
    assert not result.spans[0].endswith(" ")
    # The spans are whole sentences that together make up the paragraph.
    assert " ".join(result.spans) == page.paragraphs[split["paragraph"]]
    first, second = split["keys"]
    assert aligned("netherlands").narrative(first) == result.spans[0]
    assert aligned("netherlands").narrative(second) == result.spans[1]


@pytest.mark.parametrize("name", ["netherlands", "belgium"])
def test_sample_single_indicator_paragraphs_keep_their_text(name: str) -> None:
    page = pages()[name]
    merged = {s["paragraph"] for s in page.splits}
    for paragraph, result in zip(page.paragraphs, aligned(name).paragraphs, strict=True):
        if result.index not in merged:
            assert len(result.keys) == 1
            assert result.spans == (paragraph,)
            assert aligned(name).narrative(result.keys[0]) == paragraph


@pytest.mark.parametrize("name", ["netherlands", "belgium"])
def test_sample_confidences_are_high(name: str) -> None:
    for result in aligned(name).paragraphs:
        assert result.confidence >= LOW_CONFIDENCE, result
        assert result.warning is None


def test_belgium_with_2021_keys() -> None:
    page = pages()["belgium"]
    kept = [page.paragraphs[page.paragraph_of[k]] for k in KEYS_2021]
    result = align(kept, KEYS_2021)
    assert [p.keys for p in result.paragraphs] == [(k,) for k in KEYS_2021]


def test_page_furniture_is_left_unassigned() -> None:
    furniture = [line for line in lines()[263:] if line.strip()]
    assert len(furniture) >= 3
    page = pages()["belgium"]
    result = align([*page.paragraphs, *furniture], KEYS)
    for key in KEYS:
        assert result.paragraph_of(key) == page.paragraph_of[key]
    for extra in result.paragraphs[len(page.paragraphs) :]:
        assert extra.keys == ()
        assert extra.spans == ()
        assert extra.warning


# --- contract ----------------------------------------------------------------------------


def test_every_paragraph_is_reported_in_order() -> None:
    texts = ["", "   ", "Cocaine arrives by sea.", "Nothing to see here.", "Police are busy."]
    result = align(texts, ["cocaine_trade", "law_enforcement"])
    assert [p.index for p in result.paragraphs] == list(range(len(texts)))
    assert result.paragraphs[0] == ParagraphAlignment(
        0, (), (), 1.0, "empty paragraph; left unassigned"
    )
    assert result.paragraphs[1].keys == ()
    assert result.paragraphs[2].keys == ("cocaine_trade",)
    assert result.paragraphs[3].keys == ()
    assert result.paragraphs[3].warning
    assert result.paragraphs[4].keys == ("law_enforcement",)


def test_no_keys_or_no_paragraphs() -> None:
    assert align([], KEYS).paragraphs == ()
    result = align(["Cocaine arrives by sea."], [])
    assert result.paragraphs[0].keys == ()
    assert result.paragraphs[0].warning
    assert result.narrative("cocaine_trade") is None
    assert result.paragraph_of("cocaine_trade") is None


def test_unknown_keys_fall_back_to_their_own_words() -> None:
    texts = [
        "Widget smuggling is rife along the coast.",
        "Gadget piracy grew fast last year.",
    ]
    result = align(texts, ["widget_smuggling", "gadget_piracy"])
    assert result.paragraph_of("widget_smuggling") == 0
    assert result.paragraph_of("gadget_piracy") == 1


def test_merged_paragraph_with_three_indicators() -> None:
    page = pages()["belgium"]
    keys = ["heroin_trade", "cocaine_trade", "cannabis_trade"]
    text = " ".join(page.paragraphs[page.paragraph_of[k]] for k in keys)
    result = align([text], keys)
    (paragraph,) = result.paragraphs
    assert paragraph.keys == tuple(keys)
    assert paragraph.spans == tuple(page.paragraphs[page.paragraph_of[k]] for k in keys)


def test_indicator_split_over_two_paragraphs() -> None:
    page = pages()["belgium"]
    keys = ["mafia_style_groups", "criminal_networks", "state_embedded_actors"]
    texts = [page.paragraphs[page.paragraph_of[k]] for k in keys]
    pieces = split_sentences(texts[1])
    halves = ["".join(pieces[:3]).strip(), "".join(pieces[3:]).strip()]
    result = align([texts[0], *halves, texts[2]], keys)
    assert [p.keys for p in result.paragraphs] == [(k,) for k in [keys[0], keys[1], *keys[1:]]]
    assert result.narrative("criminal_networks") == "\n\n".join(halves)
    assert result.paragraph_of("criminal_networks") == 1


def test_confidence_and_warning_are_consistent() -> None:
    for name in ("netherlands", "belgium"):
        for result in aligned(name).paragraphs:
            assert 0.0 <= result.confidence <= 1.0
            assert len(result.spans) == len(result.keys)
    shuffled = align(list(reversed(pages()["belgium"].paragraphs)), KEYS)
    for result in shuffled.paragraphs:
        assert (result.warning is not None) == (
            result.confidence < LOW_CONFIDENCE or not result.keys
        )
    assert any(result.warning for result in shuffled.paragraphs)


# --- generated pages ---------------------------------------------------------------------


@cache
def indicator_texts() -> tuple[dict[str, str], ...]:
    """Each sample page's per-indicator texts, cutting merged paragraphs at their label."""
    result = []
    for page in pages().values():
        cuts = {s["paragraph"]: s for s in page.splits}
        texts = {}
        for key, index in page.paragraph_of.items():
            text = page.paragraphs[index]
            if index in cuts:
                pieces = split_sentences(text)
                at = next(
                    i for i, s in enumerate(pieces) if s.startswith(cuts[index]["second_starts"])
                )
                part = pieces[:at] if key == cuts[index]["keys"][0] else pieces[at:]
                text = "".join(part).strip()
            texts[key] = text
        result.append(texts)
    return tuple(result)


def generated_pages(
    *, drop: bool, split: bool = True, merge: bool = True
) -> Iterator[tuple[int, tuple[list[str], list[list[Segment]]]]]:
    """Pages of the sample's real texts, as the benchmark makes them, for fixed seeds.

    Seeded ``random.Random``, not Hypothesis's draws: the thresholds below allow rare
    pages with one more error, so the pages must not change with what Hypothesis draws.
    """
    rates = Rates(drop=Rates.drop * drop, split=Rates.split * split, merge=Rates.merge * merge)
    for seed in range(60):
        yield seed, arrange(random.Random(seed), KEYS, indicator_texts(), rates)


def misplaced(keys: list[str], truth: list[list[Segment]], result: Alignment) -> list[str]:
    wrong = []
    for key in keys:
        expected = next((i for i, p in enumerate(truth) if any(k == key for k, _ in p)), None)
        if result.paragraph_of(key) != expected:
            wrong.append(key)
    return wrong


def wrong_splits(truth: list[list[Segment]], result: Alignment) -> list[int]:
    """Merged paragraphs whose keys or split sentences differ from the truth."""
    return [
        i
        for i, (expected, got) in enumerate(zip(truth, result.paragraphs, strict=True))
        if len(expected) > 1 and (got.keys, got.spans) != expected_alignment(expected)
    ]


def wrong_paragraphs(truth: list[list[Segment]], result: Alignment) -> list[int]:
    """Paragraphs whose keys (or, when merged, split sentences) differ from the truth."""
    return [
        i
        for i, (expected, got) in enumerate(zip(truth, result.paragraphs, strict=True))
        if got.keys != expected_alignment(expected)[0]
        or (len(expected) > 1 and got.spans != expected_alignment(expected)[1])
    ]


def expected_alignment(expected: list[Segment]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(k for k, _ in expected), tuple(t for _, t in expected)


@dataclass(frozen=True)
class Outcome:
    misplaced: list[str]  # indicators whose first paragraph is wrong
    bad_splits: list[int]  # merged paragraphs not split exactly as generated
    wrong: list[int]  # paragraphs with wrong keys or spans


def run(page: tuple[list[str], list[list[Segment]]]) -> Outcome:
    keys, truth = page
    result = align([" ".join(t for _, t in p) for p in truth], keys)
    assert len(result.paragraphs) == len(truth)
    return Outcome(
        misplaced(keys, truth, result), wrong_splits(truth, result), wrong_paragraphs(truth, result)
    )


# Thresholds from benchmarks/alignment_accuracy.py over thousands of pages: merges alone are
# always recovered exactly; with splits but no drops every indicator is placed and every merge
# split right, though an indicator's second half with no cue words may be left unassigned (one
# page in 15) and, rarely, two; with drops, at most one indicator is misplaced on 99.9% of pages.


def test_generated_merges_are_recovered_exactly() -> None:
    for seed, page in generated_pages(drop=False, split=False):
        assert run(page) == Outcome([], [], []), seed


def test_generated_merges_and_splits() -> None:
    for seed, page in generated_pages(drop=False):
        outcome = run(page)
        assert outcome.misplaced == [], seed
        assert outcome.bad_splits == [], seed
        assert len(outcome.wrong) <= 1, (seed, outcome)


def test_generated_drops_merges_and_splits() -> None:
    for seed, page in generated_pages(drop=True):
        outcome = run(page)
        assert len(outcome.misplaced) <= 1, (seed, outcome)
        assert len(outcome.bad_splits) <= 1, (seed, outcome)
        assert len(outcome.wrong) <= 2, (seed, outcome)


def test_own_country_names_are_no_cues() -> None:
    # "Dominican" is a foreign-actor cue (Dominican groups abroad), but not on the
    # Dominican Republic's own page, where it names the country.
    keys = [s.key for s in taxonomy.indicators_for(2021)]
    texts = [f"{s.name} featured prominently in the Dominican Republic." for s in
             taxonomy.indicators_for(2021)]  # fmt: skip
    state = keys.index("state_embedded_actors")
    texts[state] += " Observers in the Dominican Republic describe it as serious." * 2
    own = align(texts, keys, own_names=names_of("DOM"))
    assert [p.keys for p in own.paragraphs] == [(key,) for key in keys]
    assert all(p.warning is None for p in own.paragraphs)
    # Elsewhere a demonym still counts: the same text pulls towards foreign actors.
    assert align(texts, keys).paragraph_of("state_embedded_actors") is None


def test_cue_keys_match_as_align_does() -> None:
    keys = [s.key for s in taxonomy.indicators_for(2025)]
    assert "cocaine" in cues_of("cocaine_trade")
    assert cues_of("no_such_key") == ()
    # plural forms count ("bribes" for the cue "bribe"), and the longest cue wins
    assert cue_keys("Bribes were paid.", keys) == {"state_embedded_actors"}
    assert cue_keys("coca leaves", keys) == {"cocaine_trade"}
    assert cue_keys("The weather was fine.", keys) == frozenset()
    # a name of the page's own country is no cue there, as in align
    assert cue_keys("Korean groups", keys) == {"foreign_actors"}
    assert cue_keys("Korean groups", keys, own_names=names_of("KOR")) == frozenset()


# --- the two rounds (paragraphs, then sentences where needed) against one sentence-level round ---


def both_rounds(paragraphs: list[str], keys: list[str]) -> tuple[list[int], list[int]]:
    """Per-sentence labels of the two rounds, and of one sentence-level round over the page."""
    pieces = [split_sentences(text) if text.strip() else [] for text in paragraphs]
    rows, ranges = narratives._read(pieces, tuple(keys), ())
    scored = [rows.scores(t, 0, len(keys) - 1) for t in range(len(rows.firsts))]
    one = narratives._Lattice([g for g, _ in scored], [b for _, b in scored], rows.firsts)
    return narratives._Solved(tuple(keys), rows, ranges).labels, one.best_labels()


def shuffled_pages(count: int) -> Iterator[tuple[int, list[str], list[str]]]:
    """Pages of the sample's sentences in key order, with stray and swapped sentences.

    A key subset in page order; each key gets a few of its own sentences (sometimes none, and
    now and then one of any key); paragraph breaks fall anywhere, so paragraphs begin or end
    with a neighbour's sentences, the splits the two rounds must not miss.
    """
    own = {k: split_sentences(t) for texts in indicator_texts() for k, t in texts.items()}
    every = [s for sentences in own.values() for s in sentences]
    for seed in range(count):
        rng = random.Random(seed)
        keys = sorted(rng.sample(KEYS, rng.randint(2, 12)), key=KEYS.index)
        sentences = []
        for key in keys:
            if rng.random() < 0.15:
                continue
            for _ in range(rng.randint(1, 4)):
                pool = own[key] if rng.random() < 0.85 else every
                sentences.append(rng.choice(pool).strip())
        paragraphs: list[str] = []
        current: list[str] = []
        for sentence in sentences:
            current.append(sentence)
            if rng.random() < 0.45:
                paragraphs.append(" ".join(current))
                current = []
        paragraphs += [" ".join(current)] if current else []
        yield seed, paragraphs or ["x"], keys


def test_two_rounds_label_as_one_sentence_level_round() -> None:
    # Drops, merges and splits make windows of every kind: leading and trailing keys without
    # text, gaps between paragraphs, unsure paragraphs.
    for seed, (keys, truth) in generated_pages(drop=True):
        two, one = both_rounds([" ".join(t for _, t in p) for p in truth], keys)
        assert two == one, seed


def test_two_rounds_catch_sentences_borrowed_from_a_neighbour() -> None:
    for seed, paragraphs, keys in shuffled_pages(300):
        two, one = both_rounds(paragraphs, keys)
        assert two == one, seed


def test_a_paragraph_ending_on_the_next_key_is_split() -> None:
    # Read whole, each paragraph has its own key and no doubt; only the last sentence of the
    # first leans to the second's key (a review found this split missed).
    keys = ["arms_trafficking", "non_state_actors"]
    paragraphs = [
        "Some is arsenal noted arms trade gun smuggling. Some salw firearms trafficking is"
        " noted. Some is charities noted.",
        "It is noted. Civil-society it is free press noted. It community organizations is noted"
        " journalism. Some is universities ngos noted.",
    ]
    two, one = both_rounds(paragraphs, keys)
    assert two == one == [0, 0, 1, 1, 1, 1, 1]
    assert align(paragraphs, keys).paragraphs[0].keys == tuple(keys)


def test_windows_cover_gaps_unsure_paragraphs_and_borrowed_sentences() -> None:
    def never(p: int, q: int, k: int, j: int) -> bool:
        return False

    def windows(chosen: list[int], shares: list[float] | None = None, size: int = 5) -> object:
        return narratives._windows(chosen, shares or [1.0] * len(chosen), size, never)

    assert windows([0, 1, 2, 3, 4]) == []
    # Key 2 has no text: the paragraphs on either side are read sentence by sentence.
    assert windows([0, 1, 3, 4]) == [(1, 2, 1, 3)]
    # Keys before the first and after the last paragraph's.
    assert windows([1, 2, 3]) == [(0, 0, 0, 1), (2, 2, 3, 4)]
    # An unsure paragraph joins its neighbours' window; windows sharing a paragraph merge.
    assert windows([0, 1, 2, 3, 4], [1.0, 1.0, 0.5, 1.0, 1.0]) == [(1, 3, 1, 3)]
    assert windows([0, 2, 4]) == [(0, 2, 0, 4)]
    # Nothing assigned: the whole page.
    assert windows([-1, -1], size=3) == [(0, 1, 0, 2)]
    # A sentence leaning to the neighbour's key: paragraphs 1 and 2 (keys 1 and 2).
    asked = []

    def second_pair(p: int, q: int, k: int, j: int) -> bool:
        asked.append((p, q, k, j))
        return (p, q) == (1, 2)

    found = narratives._windows([0, 1, 2, 3, 4], [1.0] * 5, 5, second_pair)
    assert found == [(1, 2, 1, 2)]
    assert asked == [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3), (3, 4, 3, 4)]


# U+212A (Kelvin) lower-cases to an ASCII k; the quotes and dashes part words as spaces do.
# A capital sigma lower-cases by its neighbours (final or not); \x1c is whitespace to split().
@given(st.text(alphabet="ab's’‘“”–—1 .-éZ'\u212a\x00ΣΟ\n\xa0\x1c", max_size=20))
def test_tokens_follow_the_token_rule(text: str) -> None:
    def plain(word: str) -> str:
        word = word.replace("’", "'")
        return (word[:-2] if word.endswith("'s") else word).replace("'", "")

    expected = [plain(w) for w in narratives._TOKEN.findall(text.lower())]
    assert narratives._tokens(text) == expected
    # The matcher reads a text word by word (whitespace apart): the tokens are the same.
    assert [t for word in text.split() for t in narratives._tokens(word)] == expected


@given(st.text(alphabet="ab's’ .-éZ\x1c\xa0\n", max_size=30) | st.sampled_from(list(lines())))
def test_matcher_reads_the_tokens_of_the_whole_text(text: str) -> None:
    # The matcher reads a sentence word by word through its memories: the same row of entries
    # as the tokens of the whole text give.
    matcher = narratives._matcher(tuple(KEYS))
    expected = [matcher.entry(token) for token in narratives._tokens(text)]
    assert matcher._row(text) == [*expected, narratives._CLOSED]


def test_long_words_are_not_remembered() -> None:
    matcher = narratives._matcher(tuple(KEYS))
    word = "trafficking" * 10
    assert matcher.evidence([f"{word} drugs"]) == matcher.evidence([f"{word} drugs"])
    assert word not in narratives._WORDS
    assert word not in matcher.entries
    assert "drugs" in narratives._WORDS


def test_words_are_forgotten_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = narratives._matcher(tuple(KEYS))
    remembered = {text: matcher.evidence(split_sentences(text)) for text in lines()}
    monkeypatch.setattr(narratives, "_WORDS_KEPT", 3)
    monkeypatch.setattr(narratives, "_WORDS", narratives._Words())
    for text, evidence in remembered.items():
        assert matcher.evidence(split_sentences(text)) == evidence
        assert 0 < len(narratives._WORDS) <= 3
