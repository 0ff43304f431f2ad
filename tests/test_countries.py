"""Tests of the country gazetteer (``ocparse.countries`` and ``data/countries.json``)."""

from __future__ import annotations

import ast
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib.resources import files
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocparse import countries as countries_module
from ocparse.countries import (
    Country,
    CountryGuess,
    all_countries,
    detect_country,
    lookup_country,
)
from support import SAMPLE, TEST_DATA

FIXTURE = SAMPLE
MODULE_SOURCE = Path(countries_module.__file__)


def _raw_entries() -> list[dict[str, Any]]:
    text = (files("ocparse") / "data" / "countries.json").read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = json.loads(text)
    return entries


RAW = _raw_entries()
BY_ISO3 = {e["iso3"]: Country(name=e["name"], iso3=e["iso3"]) for e in RAW}
CODES = json.loads((files("ocparse") / "data" / "country_codes.json").read_text(encoding="utf-8"))
# pycountry's records of the 193 countries (tools/make_country_codes.py), which
# lookup_country resolved through pycountry before ocparse stopped depending on it.
PYCOUNTRY = json.loads((TEST_DATA / "pycountry_countries.json").read_text(encoding="utf-8"))


def _fold(term: str) -> str:
    return " ".join(term.replace("\u2019", "'").replace("\u2013", "-").split())


def _terms(kinds: tuple[str, ...] = ("name", "aliases", "demonyms")) -> Iterator[tuple[str, str]]:
    """Yield (iso3, term) for every listed term of the given kinds."""
    for entry in RAW:
        for kind in kinds:
            value = entry[kind]
            for term in [value] if isinstance(value, str) else value:
                yield entry["iso3"], term


ALL_TERMS = sorted(set(_terms()))
NAME_TERMS = sorted(set(_terms(("name", "aliases"))))
AMBIGUOUS = sorted({t for e in RAW for t in e["ambiguous"]})


# --- the shipped data -------------------------------------------------------------------


def test_exactly_193_countries_with_unique_codes_and_names() -> None:
    assert len(RAW) == 193
    assert len({e["iso3"] for e in RAW}) == 193
    assert len({e["name"] for e in RAW}) == 193
    assert len(all_countries()) == 193
    assert [c.iso3 for c in all_countries()] == sorted(BY_ISO3)


def test_entries_have_the_expected_shape() -> None:
    for entry in RAW:
        assert set(entry) == {"iso3", "name", "aliases", "demonyms", "ambiguous"}, entry
        assert re.fullmatch(r"[A-Z]{3}", entry["iso3"])
        for kind in ("aliases", "demonyms", "ambiguous"):
            values = entry[kind]
            assert all(isinstance(v, str) and v == v.strip() and v for v in values), entry
            assert len(values) == len(set(values)), (entry["iso3"], kind)
        assert entry["name"] not in entry["aliases"]


def test_every_iso3_is_in_the_pycountry_snapshot() -> None:
    assert [record["alpha_3"] for record in PYCOUNTRY] == sorted(BY_ISO3)


def test_codes_file_has_one_entry_per_country_with_unique_codes() -> None:
    assert [item["iso3"] for item in CODES] == sorted(BY_ISO3)
    for item in CODES:
        assert set(item) == {"iso3", "alpha2", "numeric", "flag", "names"}, item
        assert re.fullmatch(r"[A-Z]{2}", item["alpha2"]), item
        assert re.fullmatch(r"[0-9]{3}", item["numeric"]), item
        assert len(item["flag"]) == 2, item
    for field in ("alpha2", "numeric", "flag"):
        assert len({item[field] for item in CODES}) == 193, field


def test_codes_file_repeats_no_name_or_alias_of_the_gazetteer() -> None:
    for item in CODES:
        entry = next(e for e in RAW if e["iso3"] == item["iso3"])
        known = {_fold(t).casefold() for t in [entry["name"], *entry["aliases"]]}
        assert all(_fold(n).casefold() not in known for n in item["names"]), item


def test_index_spellings_are_kept_as_names() -> None:
    assert BY_ISO3["NLD"].name == "Netherlands"
    assert BY_ISO3["COD"].name == "Congo, Dem. Rep."
    assert BY_ISO3["KOR"].name == "Korea, Rep."
    assert BY_ISO3["KNA"].name == "St. Kitts and Nevis"
    assert BY_ISO3["SWZ"].name == "eSwatini"


def test_every_term_belongs_to_exactly_one_country() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for iso3, term in ALL_TERMS:
        owners[_fold(term)].add(iso3)
    shared = {term: isos for term, isos in owners.items() if len(isos) > 1}
    assert shared == {}
    for term in AMBIGUOUS:
        assert _fold(term) not in owners, f"{term!r} is both ambiguous and owned"


def test_ambiguous_terms_are_listed_under_every_country_sharing_them() -> None:
    listed: dict[str, set[str]] = defaultdict(set)
    for entry in RAW:
        for term in entry["ambiguous"]:
            listed[term].add(entry["iso3"])
    assert listed["Congolese"] == {"COD", "COG"}
    assert listed["Dominican"] == {"DOM", "DMA"}
    assert listed["Korean"] == {"KOR", "PRK"}
    assert listed["Guinean"] == {"GIN", "GNB", "GNQ"}
    assert all(len(isos) >= 2 for isos in listed.values()), listed


def _imported(nodes: Iterable[ast.AST]) -> set[str]:
    imports = [node for node in nodes if isinstance(node, (ast.Import, ast.ImportFrom))]
    names = {alias.name for node in imports for alias in node.names}
    return names | {
        node.module for node in imports if isinstance(node, ast.ImportFrom) and node.module
    }


def test_module_does_not_read_shared_data_or_import_heavy_modules_eagerly() -> None:
    source = MODULE_SOURCE.read_text(encoding="utf-8")
    assert "/work/shared" not in source
    assert "regex" in _imported(ast.walk(ast.parse(source)))
    assert "regex" not in _imported(ast.parse(source).body)


def test_no_module_of_ocparse_imports_pycountry() -> None:
    for path in MODULE_SOURCE.parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not {n for n in _imported(ast.walk(tree)) if n.split(".")[0] == "pycountry"}, path


# --- lookup_country -----------------------------------------------------------------------


@pytest.mark.parametrize(("iso3", "term"), NAME_TERMS)
def test_every_name_and_alias_looks_up_its_own_country(iso3: str, term: str) -> None:
    assert lookup_country(term) == BY_ISO3[iso3]
    assert lookup_country(term.upper()) == BY_ISO3[iso3]
    assert lookup_country(f"  {term.lower()} ") == BY_ISO3[iso3]


@pytest.mark.parametrize("record", PYCOUNTRY, ids=lambda record: record["alpha_3"])
def test_codes_and_pycountry_names_look_up(record: dict[str, str]) -> None:
    country = BY_ISO3[record["alpha_3"]]
    iso3, alpha2 = record["alpha_3"], record["alpha_2"]
    codes = [iso3, iso3.lower(), alpha2, alpha2.lower(), alpha2.capitalize(), alpha2.swapcase()]
    names = [record[field] for field in ("name", "official_name", "common_name") if field in record]
    for query in [*codes, record["numeric"], record["flag"], *names]:
        assert lookup_country(query) == country, query


@pytest.mark.parametrize(
    ("query", "iso3"),
    [
        ("Netherlands", "NLD"),
        ("the Netherlands", "NLD"),
        ("The Netherlands", "NLD"),
        ("  THE NETHERLANDS\t", "NLD"),
        ("Holland", "NLD"),
        ("NL", "NLD"),
        ("nld", "NLD"),
        ("Netherlnds", "NLD"),
        ("Nehterlands", None),  # a transposition is two edits
        ("Belgum", "BEL"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("côte d‘ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("DRC", "COD"),
        ("Democratic Republic of the Congo", "COD"),
        ("DR Congo", "COD"),
        ("Congo, The Democratic Republic of the", "COD"),
        ("Republic of the Congo", "COG"),
        ("Congo-Brazzaville", "COG"),
        ("United States", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("U.S.", "USA"),
        ("UK", "GBR"),
        ("GB", "GBR"),
        ("Great Britain", "GBR"),
        ("South Korea", "KOR"),
        ("Republic of Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Korea", None),
        ("Saint Kitts and Nevis", "KNA"),
        ("St Kitts & Nevis", "KNA"),
        ("Eswatini", "SWZ"),
        ("Swaziland", "SWZ"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Czechia", "CZE"),
        ("Cape Verde", "CPV"),
        ("Burma", "MMR"),
        ("East Timor", "TLS"),
        ("Guinea-Bissau", "GNB"),
        ("Guinea–Bissau", "GNB"),
        ("Equatorial Guinea", "GNQ"),
        ("Guinea", "GIN"),
        ("Niger", "NER"),
        ("Nigeria", "NGA"),
        ("Sudan", "SDN"),
        ("South Sudan", "SSD"),
        ("Dominica", "DMA"),
        ("Dominican Republic", "DOM"),
        ("Xambia", None),  # one edit from both Gambia and Zambia
        ("Irak", None),  # too short for fuzzy matching
        ("Congolese", None),
        ("Dominican", None),
        ("Taiwan", None),
        ("TWN", None),
        ("Atlantis", None),
        ("", None),
        ("   ", None),
    ],
)
def test_lookup_country(query: str, iso3: str | None) -> None:
    expected = None if iso3 is None else BY_ISO3[iso3]
    assert lookup_country(query) == expected


# --- detect_country -----------------------------------------------------------------------


def _detected(*texts: str) -> str | None:
    guess = detect_country(texts)
    return None if guess is None else guess.country.iso3


@pytest.mark.parametrize(("iso3", "term"), ALL_TERMS)
def test_every_term_is_detected_as_its_own_country(iso3: str, term: str) -> None:
    for text in (term, f"In {term}, crime is rife.", f"{term}’s ports", f"({term}'s)"):
        guess = detect_country([text])
        assert guess == CountryGuess(country=BY_ISO3[iso3], mentions=1, runner_up=0), text


@pytest.mark.parametrize("term", AMBIGUOUS)
def test_ambiguous_terms_never_decide(term: str) -> None:
    assert detect_country([f"{term} groups are active. The {term} authorities."]) is None


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Niger borders Nigeria. Nigerien smugglers move goods through Niger.", "NER"),
        ("Nigeria borders Niger. Nigerian groups dominate; Nigeria is a hub.", "NGA"),
        ("Guinea-Bissau and Equatorial Guinea; Papua New Guinea too; Guinea-Bissau.", "GNB"),
        ("Equatorial Guinea, Guinea, Equatorial Guinea and Guinea-Bissau.", "GNQ"),
        ("Guinea, unlike Equatorial Guinea, Guinea-Bissau or Papua New Guinea, is Guinea.", "GIN"),
        ("Piracy in the Gulf of Guinea affects Guinea-Bissau.", "GNB"),
        ("Dominica and the Dominican Republic; the Dominican Republic again.", "DOM"),
        ("Dominica's ports; Dominica's police; the Dominican Republic.", "DMA"),
        ("South Sudan and Sudan; South Sudanese militias in South Sudan.", "SSD"),
        ("Sudan and South Sudan; Sudanese militias in Sudan.", "SDN"),
        ("The DRC and the Republic of the Congo; the DRC's east.", "COD"),
        ("The Democratic Republic of the Congo borders Congo. Congo's forests.", "COG"),
        ("Georgia is a transit country; Georgian groups operate abroad.", "GEO"),
        ("The Dutch judiciary is generally well-resourced.", "NLD"),
        ("Belgium’s ports and the Netherlands' ports; Belgium’s police.", "BEL"),
        ("Côte d’Ivoire’s cocoa; Ivorian traders; Cote d'Ivoire.", "CIV"),
        ("South African syndicates in South Africa; African routes.", "ZAF"),
        ("Cocaine from South America; South American and Latin American cartels.", None),
        ("Payments of US$5 million and US$ 3 million in US dollars.", None),
        ("Cocaine bound for the U.S. market; US-based buyers.", "USA"),
        ("Oil theft in the Niger Delta; Lake Chad basin; Benin City.", None),
        ("Congolese and Korean and Guinean and Dominican nationals.", None),
        ("Smuggling into Northern Ireland from the Indian Ocean.", None),
        ("St. Kitts and Nevis and Saint Kitts; Kittitian officials.", "KNA"),
        ("eSwatini, Eswatini, the Kingdom of Eswatini, Swazi police.", "SWZ"),
        ("the Netherlands", "NLD"),
        ("", None),
    ],
)
def test_detection_on_tricky_sentences(text: str, iso3: str | None) -> None:
    assert _detected(text) == iso3


def test_detection_counts_and_runner_up() -> None:
    guess = detect_country(["Niger and Nigeria.", "Niger, Nigerien, Nigerians; Chad."])
    assert guess == CountryGuess(country=BY_ISO3["NER"], mentions=3, runner_up=2)


def test_ties_go_to_the_earliest_first_mention() -> None:
    assert _detected("Chad borders Niger.", "Niger borders Chad.") == "TCD"
    assert _detected("Niger borders Chad.", "Chad borders Niger.") == "NER"
    guess = detect_country(["Mali", "Chad", "Chad", "Mali"])
    assert guess == CountryGuess(country=BY_ISO3["MLI"], mentions=2, runner_up=2)


def test_detection_accepts_any_iterable_and_nothing() -> None:
    assert detect_country([]) is None
    assert detect_country(iter(["no country here", "nor here"])) is None
    assert _detected(*(t for t in ("Kenyan police", "in Kenya"))) == "KEN"


def test_detection_is_case_sensitive() -> None:
    assert detect_country(["us and them", "a chad of paper", "turkey dinner"]) is None
    assert detect_country(["THE BUS, PLUS FOCUS ON CAMPUS", "CHAD", "ukraine"]) is None
    assert _detected("US") == "USA"


_TERMS = sorted(countries_module._detection_terms())
_GLUE = ["", " ", "x", "the ", "The ", "-", "\u2019s", ".", "$", "\n", "1", "\u00e9", "e", "of "]


def _single_pattern() -> re.Pattern[str]:
    """Every detection term in one trie pattern: what detection must find, more slowly."""
    terms = countries_module._detection_terms()
    trie = countries_module._trie_regex(terms)
    return re.compile(rf"\b(?:{trie}){countries_module._TERM_END}")


_SINGLE = _single_pattern()


# A term as a text may spell it: any run of spaces or line breaks, any apostrophe or dash.
_SPELT = st.tuples(
    st.sampled_from(_TERMS),
    st.sampled_from([" ", "  ", "\n", " \n "]),
    st.sampled_from(["'", "\u2019", "\u2018", "\u02bc"]),
    st.sampled_from(["-", "\u2013", "\u2011"]),
).map(lambda t: t[0].replace(" ", t[1]).replace("'", t[2]).replace("-", t[3]))


@given(st.lists(st.one_of(_SPELT, st.sampled_from(_GLUE)), max_size=12))
def test_the_patterns_by_first_letter_find_what_one_pattern_finds(parts: list[str]) -> None:
    text = "".join(parts)
    assert countries_module._mentions(text) == _SINGLE.findall(text)


def test_a_mention_that_starts_in_lower_case_between_others() -> None:
    text = "Niger, the Netherlands and the United States of America; mainland China, eSwatini."
    assert countries_module._mentions(text) == _SINGLE.findall(text)
    assert countries_module._mentions(text) == [
        "Niger", "the Netherlands", "the United States", "America", "mainland China", "eSwatini"
    ]  # fmt: skip


def test_line_breaks_and_dashes_inside_names() -> None:
    assert _detected(
        "Trafficking via Sierra\nLeone and Guinea\u2013Bissau; Guinea\u2013Bissau"
    ) == ("GNB")


def _fixture_lines(first: int, last: int) -> list[str]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return lines[first - 1 : last]


def test_detects_the_netherlands_on_the_sample_page() -> None:
    guess = detect_country(_fixture_lines(103, 129))
    assert guess is not None
    assert guess.country == Country(name="Netherlands", iso3="NLD")
    assert guess.mentions >= 30
    assert guess.mentions >= 4 * guess.runner_up


def test_detects_belgium_on_the_sample_page() -> None:
    guess = detect_country(_fixture_lines(232, 263))
    assert guess is not None
    assert guess.country == Country(name="Belgium", iso3="BEL")
    assert guess.mentions >= 30
    assert guess.mentions >= 4 * guess.runner_up


def test_mentions_are_those_of_a_longest_first_alternation() -> None:
    """The trie-factored patterns find what a flat longest-first alternation finds."""
    terms = countries_module._detection_terms()
    ordered = sorted(terms, key=lambda t: (-len(t), t))
    flat = re.compile(
        r"(?<!\w)(?:"
        + "|".join(countries_module._term_regex(t) for t in ordered)
        + r")(?:(?<!\w)|(?!\w))"
    )
    samples = [FIXTURE.read_text(encoding="utf-8"), " ; ".join(sorted(terms))]
    samples.append(" ".join(f"{t}-{u}" for t, u in pairwise(sorted(terms))))
    for text in samples:
        assert countries_module._mentions(text) == flat.findall(text)


@settings(max_examples=60, deadline=None)
@given(
    iso3=st.sampled_from(sorted(BY_ISO3)),
    fillers=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1), max_size=8),
    times=st.integers(min_value=1, max_value=5),
)
def test_name_repeated_among_lowercase_words_is_counted(
    iso3: str, fillers: list[str], times: int
) -> None:
    name = BY_ISO3[iso3].name
    words = [*fillers]
    for i in range(times):
        words.insert(min(i * 2, len(words)), f"{name},")
    guess = detect_country([" ".join(words)])
    assert guess is not None
    assert guess.country == BY_ISO3[iso3]
    assert guess.mentions == times
    assert guess.runner_up == 0


def test_aliases_of_lists_other_names_but_no_demonyms() -> None:
    from ocparse.countries import aliases_of

    assert "the Netherlands" in aliases_of("NLD")
    assert "Dutch" not in aliases_of("NLD")
    assert aliases_of("XXX") == ()


def test_similar_countries_for_typos_and_shared_terms() -> None:
    from ocparse.countries import similar_countries

    assert [c.iso3 for c in similar_countries("Swtizerland")] == ["CHE"]
    assert {c.iso3 for c in similar_countries("korea")} == {"KOR", "PRK"}
    assert similar_countries("Atlantis") == ()
    assert similar_countries("Europe") == ()  # a region is no typo of a country
    assert len(similar_countries("Niger", most=1)) == 1


def test_detection_terms_start_with_a_letter() -> None:
    # The detection patterns, one by first letter with a word-boundary guard, rely on it.
    terms = countries_module._detection_terms()
    assert terms
    assert all(term[:1].isalpha() for term in terms)
    found = countries_module._mentions("x Belgium, Belgian and Belgiums'")
    assert found == ["Belgium", "Belgian"]
