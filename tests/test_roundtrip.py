"""Round trips: parse(render(p)) == p in every style, split_fused inverts, JSON reads back.

Examples per test come from the Hypothesis profile (``HYPOTHESIS_PROFILE=ci``: 150,
``nightly``: 5000); the tests that parse several pages per example run a third of that.
"""

import tempfile
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocparse
from ocparse import strategies
from ocparse.countries import names_of
from ocparse.fused import format_delta, format_score
from ocparse.narratives import align
from ocparse.records import Document, Profile
from ocparse.render import NEWLINES, STYLES, layout, layout_document, render, render_document

heavy = settings(
    max_examples=max(10, settings.default.max_examples // 3),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
pages_settings = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def settled(doc: Document) -> Document:
    """The document without advisory ``weak-alignment`` warnings.

    Generated narratives are aligned exactly (the records must match), but a filler
    sentence after a merge can leave the split point itself close to a tie, which the
    aligner reports as a warning; whether it does is not part of the round trip.
    """
    kept = tuple(d for d in doc.diagnostics if d.code != "weak-alignment")
    return attrs.evolve(doc, diagnostics=kept)


@heavy
@given(strategies.profiles(style=strategies.styles()))
def test_parse_of_render_is_the_profile_in_every_style(profile: Profile) -> None:
    for style in STYLES:
        parsed = ocparse.parse(render(profile, style=style))
        assert parsed.profiles == (layout(profile, style),), style
        assert settled(parsed).diagnostics == ()


@pages_settings
@given(strategies.pages())
def test_pages_parse_to_exactly_their_document(page: strategies.Page) -> None:
    text, expected = page
    assert settled(ocparse.parse(text)) == expected


@heavy
@given(strategies.dumps(max_pages=3))
def test_dumps_parse_to_exactly_their_document(page: strategies.Page) -> None:
    text, expected = page
    assert settled(ocparse.parse(text)) == expected


@heavy
@given(
    strategies.profiles(style="profile", details=True),
    st.sampled_from(NEWLINES),
    st.booleans(),
)
def test_profile_blocks_round_trip_with_any_line_end(
    profile: Profile, newline: str, bom: bool
) -> None:
    text = render(profile, style="profile", newline=newline, bom=bom, footer=True)
    assert settled(ocparse.parse(text)) == layout_document([profile], "profile", footer=True)


@heavy
@given(strategies.dumps(max_pages=2), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_parse_file_reads_rendered_files(page: strategies.Page, encoding: str) -> None:
    text, expected = page
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dump.txt"
        path.write_bytes(text.encode(encoding))
        doc = ocparse.parse_file(path)
    profiles = tuple(
        attrs.evolve(p, source=attrs.evolve(p.source, file=str(path))) for p in expected.profiles
    )
    assert settled(doc) == attrs.evolve(expected, profiles=profiles)


@given(strategies.fused_scores())
def test_split_fused_inverts_every_spelling(
    case: tuple[str, tuple[Decimal, Decimal | None]],
) -> None:
    text, expected = case
    assert ocparse.split_fused(text) == expected


@given(strategies.half_steps(), strategies.half_steps())
def test_split_fused_inverts_format(score: Decimal, previous: Decimal) -> None:
    delta = score - previous
    assert ocparse.split_fused(format_score(score) + format_delta(delta)) == (score, delta)
    assert ocparse.split_fused(format_score(score) + format_delta(None)) == (score, None)


@heavy
@given(strategies.dumps())
def test_json_reads_back_the_same_document(page: strategies.Page) -> None:
    _, doc = page
    assert ocparse.load_json(ocparse.to_json(doc)) == doc
    assert ocparse.load_json(ocparse.to_json(doc, indent=None)) == doc


@heavy
@given(strategies.dumps(max_pages=2))
def test_json_of_a_parsed_dump_reads_back(page: strategies.Page) -> None:
    text, _ = page
    doc = ocparse.parse(text)
    assert ocparse.load_json(ocparse.to_json(doc)) == doc


@heavy
@given(st.lists(strategies.profiles(), min_size=1, max_size=3, unique_by=lambda p: p.iso3))
def test_render_document_lays_pages_back_to_back(profiles: list[Profile]) -> None:
    doc = layout_document(profiles)
    assert render_document(doc) == render_document(profiles)
    assert layout_document(doc) == doc  # re-laying out a laid-out document changes nothing
    assert Document(profiles=tuple(profiles)).profiles[0].iso3 == doc.profiles[0].iso3


# --- hard cases for the aligner, smallest forms ------------------------------------------
#
# Pages where an indicator has no paragraph (strategies.profiles(missing=True)) and texts
# that run on into a second paragraph. All but one are recovered; the last one, a merged
# text whose second indicator runs on into the next paragraph, is still split at the
# paragraph break (xfail until align() handles it; the generator does not make it).


def test_paragraph_before_an_indicator_without_text_is_confident() -> None:
    keys = ["heroin_trade", "cocaine_trade", "cannabis_trade"]
    paragraphs = [
        "Heroin trade featured prominently in Chile during the period under review. "
        "This has been documented in Chile over recent years.",
        "Cannabis trade featured prominently in Chile during the period under review.",
    ]
    result = align(paragraphs, keys)
    assert [p.keys for p in result.paragraphs] == [("heroin_trade",), ("cannabis_trade",)]
    assert all(p.warning is None for p in result.paragraphs)


def test_a_paragraph_naming_only_the_own_country_is_left_unassigned() -> None:
    # docs/alignment.md, "Paragraphs without a cue": such a paragraph may end the text before
    # it, open the next or be page furniture; the aligner does not guess, it warns.
    keys = ["state_embedded_actors", "foreign_actors", "private_sector_actors"]
    paragraphs = [
        f"{name} featured prominently in South Korea during the period under review."
        for name in ("State-embedded actors", "Foreign actors", "Private sector actors")
    ]
    paragraphs.insert(2, "Reports from South Korea also point to korean.")
    own = align(paragraphs, keys, own_names=names_of("KOR")).paragraphs
    assert [p.keys for p in own] == [(keys[0],), (keys[1],), (), (keys[2],)]
    assert own[2].warning == "matches no indicator; left unassigned"
    # Inside a paragraph, the same sentence stays with the text it follows.
    inside = [paragraphs[0], " ".join(paragraphs[1:3]), paragraphs[3]]
    merged = align(inside, keys, own_names=names_of("KOR"))
    assert merged.narrative("foreign_actors") == inside[1]
    # On another page "Korean" is a cue of foreign actors.
    japan = [text.replace("South Korea", "Japan") for text in paragraphs]
    assert align(japan, keys, own_names=names_of("JPN")).paragraphs[2].keys == (keys[1],)


def test_cue_less_sentences_stay_with_their_paragraph() -> None:
    keys = [
        "human_smuggling",
        "arms_trafficking",
        "trade_in_counterfeit_goods",
        "illicit_trade_in_excisable_goods",
        "flora_crimes",
        "fauna_crimes",
        "non_renewable_resource_crimes",
    ]
    paragraphs = [
        "Human smuggling featured prominently in Congo during the period under review.",
        "Arms trafficking featured prominently in Congo during the period under review.",
        "In Congo, flora crimes drew sustained attention. This has been documented in Congo "
        "over recent years. Observers in Congo describe the situation as serious.",
        "Non-renewable resource crimes featured prominently in Congo during the period under "
        "review. Reports from Congo also point to huachicoleros. Observers in Congo describe "
        "the situation as serious.",
    ]
    result = align(paragraphs, keys)
    assert [p.keys for p in result.paragraphs] == [
        ("human_smuggling",),
        ("arms_trafficking",),
        ("flora_crimes",),
        ("non_renewable_resource_crimes",),
    ]


def test_run_on_text_then_the_next_indicator_in_one_paragraph() -> None:
    keys = ["cocaine_trade", "cannabis_trade", "synthetic_drug_trade"]
    paragraphs = [
        "Cocaine trade featured prominently in Bolivia during the period under review.",
        "Reports from Bolivia also point to cocaine trafficking. Cannabis trade featured "
        "prominently in Bolivia during the period under review.",
        "Synthetic drug trade featured prominently in Bolivia during the period under review.",
    ]
    result = align(paragraphs, keys)
    assert result.paragraphs[1].keys == ("cocaine_trade", "cannabis_trade")


@pytest.mark.xfail(reason="align: a merged text that runs on is split wrongly", strict=False)
def test_merged_text_that_runs_on_into_the_next_paragraph() -> None:
    keys = ["cocaine_trade", "cannabis_trade", "synthetic_drug_trade"]
    paragraphs = [
        "In Bolivia, observers noted cocaine trade, including crack cocaine. Cannabis trade "
        "featured prominently in Bolivia during the period under review.",
        "The scale of grow operations in Bolivia has grown since the last assessment.",
        "Synthetic drug trade featured prominently in Bolivia during the period under review.",
    ]
    result = align(paragraphs, keys)
    assert result.paragraphs[0].keys == ("cocaine_trade", "cannabis_trade")


def test_run_on_paragraph_before_an_indicator_without_text() -> None:
    keys = ["cocaine_trade", "non_state_actors"]
    paragraphs = [
        "In Papua New Guinea, cocaine trade drew sustained attention.",
        "Reports from Papua New Guinea also point to coca.",
    ]
    result = align(paragraphs, keys)
    assert all(0 <= p.confidence <= 1 for p in result.paragraphs)  # documented range
    assert [p.keys for p in result.paragraphs] == [("cocaine_trade",), ("cocaine_trade",)]
