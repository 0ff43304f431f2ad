import json
from decimal import Decimal

import attrs
import pytest

import ocparse
from ocparse.output import Envelope


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


@pytest.mark.parametrize("indent", [None, 0, -1, 2, 4, "\t", " \n"])
@pytest.mark.parametrize("profiles", [0, 1, 2])
@pytest.mark.parametrize("versions", [False, True])
def test_to_json_is_json_dumps_of_to_dict(
    sample_text: str, indent: int | str | None, profiles: int, versions: bool
) -> None:
    # to_json encodes a profile at a time into the rest; the text must be the whole tree's.
    doc = ocparse.parse(sample_text + "\nstray line\n", lenient=True)
    doc = attrs.evolve(doc, profiles=doc.profiles[:profiles])
    assert doc.skipped or doc.diagnostics
    target: ocparse.Document | Envelope = Envelope(doc, several_inputs=True) if versions else doc
    expected = json.dumps(ocparse.to_dict(target), ensure_ascii=False, indent=indent)
    assert ocparse.to_json(target, indent=indent) == expected
