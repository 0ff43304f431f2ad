import json
from decimal import Decimal

import ocparse


def test_json_shape_and_numbers(sample_text: str) -> None:
    doc = ocparse.parse(sample_text)
    text = ocparse.to_json(doc)
    data = json.loads(text)
    assert list(data) == ["profiles", "skipped", "diagnostics"]
    profile = data["profiles"][1]
    assert list(profile) == [
        "source", "country", "iso3", "edition", "criminality", "resilience",
        "sections", "paragraphs", "details",
    ]  # fmt: skip
    section = profile["sections"][0]
    assert list(section) == [
        "key", "name", "score", "delta", "description", "line", "indicators", "score_line",
    ]  # fmt: skip
    assert list(section["indicators"][0]) == [
        "key", "name", "score", "delta", "description", "line", "narrative", "paragraph",
        "score_line",
    ]  # fmt: skip
    assert list(profile["paragraphs"][0]) == ["index", "line", "text", "indicators"]
    assert (section["line"], section["score_line"]) == (130, 131)  # Belgium, the second page
    resilience = profile["sections"][2]
    assert "score_line" not in resilience  # no header, so no score line of its own
    assert profile["criminality"] == 4.82
    assert '"criminality": 4.82,' in text
    assert "000000" not in text
    assert "99999" not in text
    assert "’" in text  # curly quotes kept, not escaped


def test_round_trip(sample_text: str) -> None:
    doc = ocparse.parse(sample_text)
    again = ocparse.load_json(ocparse.to_json(doc))
    assert again == doc
    assert str(again.profiles[1].indicator("cocaine_trade").score) == "8.00"
    assert isinstance(again.profiles[0].criminality, Decimal)
