from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocparse.sentences import split_sentences
from support import SAMPLE

FIXTURE = SAMPLE


ATOMS = [
    *("U.S.", "e.g.", "St.", "5.5", "No.", "word", "Word", ". ", "… ", "? ", "! ", " ", "\n"),
    *("“", "”", "(", ")", "‘", "’", ".”", ".)", "A.", "etc.", "Dr.", "1.2", "x"),
]


def bare(text: str) -> list[str]:
    return [piece.strip() for piece in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Firearms come from the U.S. and Canada.", ["Firearms come from the U.S. and Canada."]),
        ("The U.S. Navy seized it. It was big.", ["The U.S. Navy seized it.", "It was big."]),
        ("Guns come from the U.S. The trade grew.", ["Guns come from the U.S.", "The trade grew."]),
        ("Flights from the U.K. to Spain rose.", ["Flights from the U.K. to Spain rose."]),
        ("Drugs, e.g. Cocaine, are seized.", ["Drugs, e.g. Cocaine, are seized."]),
        ("Markets, i.e. Ports, matter. Next.", ["Markets, i.e. Ports, matter.", "Next."]),
        ("Use grew 5.5 percent. Then fell.", ["Use grew 5.5 percent.", "Then fell."]),
        ("About 1.2 million people. More.", ["About 1.2 million people.", "More."]),
        ("A hub for St. Kitts and Nevis. Next.", ["A hub for St. Kitts and Nevis.", "Next."]),
        ("Dr. Smith and Mr. Jones met. Then left.", ["Dr. Smith and Mr. Jones met.", "Then left."]),
        ("Seized approx. 30 tonnes. Next.", ["Seized approx. 30 tonnes.", "Next."]),
        ("Case No. 5 was heard. Next.", ["Case No. 5 was heard.", "Next."]),
        ("The answer was no. The end.", ["The answer was no.", "The end."]),
        ("It began in Jan. 2024 in Lagos. Next.", ["It began in Jan. 2024 in Lagos.", "Next."]),
        ("Led by J. R. Smith since 2020. Next.", ["Led by J. R. Smith since 2020.", "Next."]),
        ("It grew… Then it fell.", ["It grew… Then it fell."]),
        ("It grew... Then it fell.", ["It grew... Then it fell."]),
        ("He said “it is over.” Then he left.", ["He said “it is over.”", "Then he left."]),
        ("Prices rose (sharply.) Then fell.", ["Prices rose (sharply.)", "Then fell."]),
        ("The ‘Mocro Mafia’. The next one.", ["The ‘Mocro Mafia’.", "The next one."]),
        ("End of one. ‘Quoted’ start.", ["End of one.", "‘Quoted’ start."]),
        ("In 2024. 30 000 cases were filed.", ["In 2024.", "30 000 cases were filed."]),
        ("Visit ocindex.net for data. Next.", ["Visit ocindex.net for data.", "Next."]),
        ("lower case. continues here.", ["lower case. continues here."]),
        ("Drugs, guns, etc. The rest.", ["Drugs, guns, etc.", "The rest."]),
        ("Élan. Über alles.", ["Élan.", "Über alles."]),
    ],
)
def test_examples(text: str, expected: list[str]) -> None:
    assert bare(text) == expected


def test_vs_is_not_a_boundary() -> None:
    assert bare("Drugs vs. Guns is a debate. Next.") == ["Drugs vs. Guns is a debate.", "Next."]


def test_pieces_keep_their_trailing_whitespace() -> None:
    text = "  First one.  Second one.\nThird one. "
    assert split_sentences(text) == ["  First one.  ", "Second one.\n", "Third one. "]


@pytest.mark.parametrize(("text", "expected"), [("", []), ("   ", ["   "]), ("x", ["x"])])
def test_degenerate_inputs(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ATOMS)).map("".join) | st.text())
def test_pieces_reconstruct_the_text(text: str) -> None:
    pieces = split_sentences(text)
    assert "".join(pieces) == text
    assert all(pieces)
    # Whitespace only ever ends a piece, never starts one (except leading text whitespace).
    assert all(not piece[:1].isspace() for piece in pieces[1:])


def fixture_paragraphs() -> list[str]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return lines[102:129] + lines[231:263]


def test_fixture_paragraphs_split_cleanly() -> None:
    for paragraph in fixture_paragraphs():
        sentences = bare(paragraph)
        assert "".join(split_sentences(paragraph)) == paragraph
        for sentence in sentences:
            # Every sentence starts like a sentence and ends with terminal punctuation.
            assert sentence[0].isupper() or sentence[0] in "‘“(" or sentence[0].isdigit(), sentence
            assert sentence.rstrip("”’)")[-1] in ".!?", sentence


def test_fixture_sentence_counts() -> None:
    paragraphs = fixture_paragraphs()
    # Netherlands human trafficking (6 sentences), Belgium prevention (5), Belgium AML (3).
    assert len(split_sentences(paragraphs[0])) == 6
    assert len(split_sentences(paragraphs[27 + 30])) == 5
    assert len(split_sentences(paragraphs[27 + 27])) == 3
