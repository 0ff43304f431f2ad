"""Country gazetteer: look up the Index's 193 countries and detect which one a page is about.

Country pages of the Global Organized Crime Index carry no line naming the country, so
:func:`detect_country` counts how often each country is named in the page's narrative
paragraphs ("The Netherlands is mainly a destination country…", "The Dutch judiciary…")
and picks the most mentioned one.

The gazetteer is the shipped file ``data/countries.json``: one entry per country with the
Index's spelling (``name``), its ISO 3166-1 alpha-3 code, prose ``aliases`` ("the
Netherlands", "Holland"), ``demonyms`` ("Dutch") and ``ambiguous`` terms that several
countries share ("Congolese", "Korean"); ambiguous terms are recognised but never count as
a mention. A second file, ``data/country_codes.json``, gives each country's ISO 3166-1
alpha-2 and numeric codes, its flag emoji and the further names pycountry knows it by
(copied from pycountry by ``tools/make_country_codes.py``). Both files are read lazily on
first use, and :mod:`regex` is only imported when :func:`lookup_country` needs it.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from importlib.resources import files
from typing import Any

import attrs

__all__ = [
    "Country",
    "CountryGuess",
    "aliases_of",
    "all_countries",
    "detect_country",
    "lookup_country",
    "names_of",
    "similar_countries",
]


@attrs.frozen(slots=True)
class Country:
    """A country covered by the Index.

    Attributes:
        name: The Index's spelling of the name, e.g. ``"Congo, Dem. Rep."``.
        iso3: The ISO 3166-1 alpha-3 code, e.g. ``"COD"``.

    """

    name: str
    iso3: str


@attrs.frozen(slots=True)
class CountryGuess:
    """The country a set of texts is most likely about, with the evidence for it.

    Attributes:
        country: The most mentioned country.
        mentions: How many times it is mentioned.
        runner_up: Mentions of the second most mentioned country (0 if there is none).

    """

    country: Country
    mentions: int
    runner_up: int


_PUNCT_TABLE = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'"}
    | {dash: "-" for dash in "\u2010\u2011\u2012\u2013\u2014"}
    | {"\u00a0": " "}
)
_APOSTROPHE_CLASS = "['\u2018\u2019\u02bc]"
_DASH_CLASS = "[-\u2010\u2011\u2012\u2013\u2014]"
_SPACE_RUN = re.compile(r"\s+")
_MIN_FUZZY_LENGTH = 6


@attrs.frozen(slots=True)
class _Entry:
    """One gazetteer entry as shipped in ``data/countries.json``."""

    country: Country
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    ambiguous: tuple[str, ...]


def _fold(text: str) -> str:
    """Return *text* with curly apostrophes and dashes straightened and spaces collapsed."""
    return _SPACE_RUN.sub(" ", text.translate(_PUNCT_TABLE)).strip()


def _lookup_key(text: str) -> str:
    """Return the case-, accent- and leading-"the"-insensitive key of a country name."""
    folded = unicodedata.normalize("NFKD", _fold(text))
    key = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return key[4:] if key.startswith("the ") else key


@functools.cache
def _non_country_phrases() -> tuple[str, ...]:
    """Phrases with a country's name or demonym that are not about it (``Gulf of Guinea``).

    They are matched like any other term (longest first) and then ignored, so that "South
    American" does not count as "American" (``data/non_country_phrases.json``).
    """
    resource = files("ocparse") / "data" / "non_country_phrases.json"
    return tuple(json.loads(resource.read_text(encoding="utf-8"))["phrases"])


@functools.cache
def _entries() -> tuple[_Entry, ...]:
    """Load the shipped gazetteer (once)."""
    resource = files("ocparse") / "data" / "countries.json"
    raw: list[dict[str, Any]] = json.loads(resource.read_text(encoding="utf-8"))
    return tuple(
        _Entry(
            country=Country(name=str(item["name"]), iso3=str(item["iso3"])),
            aliases=tuple(str(a) for a in item.get("aliases", ())),
            demonyms=tuple(str(d) for d in item.get("demonyms", ())),
            ambiguous=tuple(str(t) for t in item.get("ambiguous", ())),
        )
        for item in raw
    )


def all_countries() -> tuple[Country, ...]:
    """Return every country of the gazetteer, ordered by ISO3 code.

    Returns:
        The 193 UN member states covered by the Index.

    """
    return tuple(sorted((e.country for e in _entries()), key=lambda c: c.iso3))


def aliases_of(iso3: str) -> tuple[str, ...]:
    """Return the other names of a country (no demonyms), as the gazetteer lists them.

    >>> aliases_of("NLD")
    ('Kingdom of the Netherlands', 'the Netherlands', 'The Netherlands', 'Holland')
    """
    entry = _entries_by_iso3().get(iso3)
    return () if entry is None else entry.aliases


def names_of(iso3: str) -> tuple[str, ...]:
    """Return what may name a country in its own page: name, aliases, demonyms, shared terms.

    Shared (ambiguous) terms are included: on the Dominican Republic's page, "Dominican"
    means the Dominican Republic. An unknown code gives ``()``.

    >>> names_of("DOM")
    ('Dominican Republic', 'Dominican', 'Dominicans')
    """
    entry = _entries_by_iso3().get(iso3)
    if entry is None:
        return ()
    return (entry.country.name, *entry.aliases, *entry.demonyms, *entry.ambiguous)


@functools.cache
def _entries_by_iso3() -> dict[str, _Entry]:
    return {e.country.iso3: e for e in _entries()}


@functools.cache
def _ambiguous_keys() -> frozenset[str]:
    """Return the lookup keys of terms shared by several countries."""
    return frozenset(_lookup_key(t) for e in _entries() for t in e.ambiguous)


@functools.cache
def _lookup_index() -> dict[str, Country]:
    """Map lookup keys of names, aliases and ISO3 codes to countries.

    A key claimed by two countries, or listed as ambiguous, is left out.
    """
    index: dict[str, Country] = {}
    clashes: set[str] = set(_ambiguous_keys())
    for entry in _entries():
        country = entry.country
        for term in (country.name, country.iso3, *entry.aliases):
            key = _lookup_key(term)
            if index.setdefault(key, country) != country:
                clashes.add(key)
    for key in clashes:
        index.pop(key, None)
    return index


@functools.cache
def _fuzzy_patterns() -> tuple[tuple[Any, Country], ...]:
    """Compile one fuzzy (one edit at most) pattern per name or alias of 6+ characters."""
    import regex  # type: ignore[import-untyped, unused-ignore]

    iso3s = {e.country.iso3.casefold() for e in _entries()}
    return tuple(
        (regex.compile(f"(?:{regex.escape(key)}){{e<=1}}"), country)
        for key, country in _lookup_index().items()
        if len(key) >= _MIN_FUZZY_LENGTH and key not in iso3s
    )


@functools.cache
def _code_index() -> dict[str, Country]:
    """Map lower-cased ISO2 and numeric codes, flags and extra names to countries."""
    resource = files("ocparse") / "data" / "country_codes.json"
    raw: list[dict[str, Any]] = json.loads(resource.read_text(encoding="utf-8"))
    by_iso3 = _entries_by_iso3()
    return {
        str(term).lower(): by_iso3[item["iso3"]].country
        for item in raw
        for term in (item["alpha2"], item["numeric"], item["flag"], *item["names"])
    }


def lookup_country(name: str) -> Country | None:
    """Find a country by name, alias or code.

    The lookup ignores case, accents, surrounding spaces, a leading "the " and the
    difference between curly and straight apostrophes. It tries, in order: the Index's
    names, the gazetteer's aliases and ISO3 codes; ISO2 codes, numeric codes ("528"),
    flag emoji and the country's other ISO 3166 names ("Iran, Islamic Republic of"),
    these with accents as written; and finally a fuzzy match allowing one typo against
    names and aliases of at least 6 characters, accepted only when exactly one country
    matches. Terms shared by several countries ("Korea", "Congolese") resolve to nothing.

    Args:
        name: A country name ("the Netherlands", "Côte d’Ivoire", "Netherlnds") or an
            ISO 3166-1 alpha-2 / alpha-3 code ("NL", "nld").

    Returns:
        The country, or ``None`` when the name is unknown or ambiguous.

    """
    key = _lookup_key(name)
    if not key or key in _ambiguous_keys():
        return None
    found = _lookup_index().get(key)
    if found is not None:
        return found
    stripped = _fold(name)
    if stripped.casefold().startswith("the "):
        stripped = stripped[4:]
    # str.lower, not the lookup key: pycountry matched these without folding accents.
    found = _code_index().get(stripped.lower())
    if found is not None:
        return found
    matches = {country for pattern, country in _fuzzy_patterns() if pattern.fullmatch(key)}
    return matches.pop() if len(matches) == 1 else None


def similar_countries(name: str, most: int = 3) -> tuple[Country, ...]:
    """Return up to ``most`` countries whose name or alias is close to ``name``, best first.

    For a name :func:`lookup_country` does not know: a typo beyond its one-edit fuzzy
    match ("Blegium"), or a term shared by several countries ("Korea").

    >>> [c.name for c in similar_countries("Nehterlands")]
    ['Netherlands']
    >>> sorted(c.iso3 for c in similar_countries("Korea"))
    ['KOR', 'PRK']
    """
    key = _lookup_key(name)
    index = _lookup_index()
    close = difflib.get_close_matches(key, list(index), n=most * 2, cutoff=0.8)
    # A shared term ("Korea", "Congo") is part of the names it may mean.
    shared = key in _ambiguous_keys()
    words = [k for k in index if shared and re.search(rf"\b{re.escape(key)}\b", k)]
    found: list[Country] = []
    for term in [*close, *words]:
        if index[term] not in found:
            found.append(index[term])
    return tuple(found[:most])


@functools.cache
def _detection_terms() -> dict[str, Country | None]:
    """Map each matchable term (case-sensitive, folded) to its country, or ``None``.

    ``None`` marks terms that are recognised but must not count: ambiguous terms,
    non-country phrases, and any term that two countries would both claim.
    """
    terms: dict[str, Country | None] = {}
    ignored: set[str] = {_fold(p) for p in _non_country_phrases()}
    for entry in _entries():
        ignored.update(_fold(t) for t in entry.ambiguous)
        for term in (entry.country.name, *entry.aliases, *entry.demonyms):
            key = _fold(term)
            if terms.setdefault(key, entry.country) != entry.country:
                ignored.add(key)
    for key in ignored:
        terms[key] = None
    return terms


def _term_regex(term: str) -> str:
    """Return the regex source matching *term* with any apostrophe, dash or spacing."""
    parts: list[str] = []
    for ch in term:
        if ch == "'":
            parts.append(_APOSTROPHE_CLASS)
        elif ch == "-":
            parts.append(_DASH_CLASS)
        elif ch == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _trie_regex(terms: Iterable[str]) -> str:
    """Return one regex alternation of *terms*, factored into a prefix trie.

    ``Niger``, ``Nigeria`` and ``Nigerien`` share one ``Niger`` branch. Every optional
    continuation is greedy, so at any position the longest term that can match is tried
    first, exactly as in a longest-first flat alternation; but the regex engine never
    retries a shared prefix, which makes the pass roughly 15x faster.
    Sibling branches start with disjoint characters (terms are folded, so apostrophes,
    dashes and spaces each have one spelling), hence at most one branch can match.
    """
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a term

    def emit(node: dict[str, Any]) -> str:
        branches = [_term_regex(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


# What may follow a term: punctuation that ends it ("U.S.", "US$") even before a word
# character, else no word character.
_TERM_END = r"(?:(?<!\w)|(?!\w))"


def _common_letters(terms: list[str]) -> str:
    """The letters all ``terms`` start with.

    Only letters: a space, apostrophe or dash in a term is a class of spellings in its
    pattern, and these letters are written as they are (a fixed-width lookbehind repeats them).
    """
    prefix = os.path.commonprefix(terms)  # noqa: RUF071 (characters, not paths, are wanted)
    return "".join(itertools.takewhile(str.isalpha, prefix))


@functools.cache
def _detection_patterns() -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """The detection terms that start with a capital in one pattern; the others by first letter.

    Each pattern is a trie of its terms (:func:`_trie_regex`), at word boundaries. The one
    of capitals starts with a capital letter, the word-boundary guard after it, so the
    engine skips ahead to capitals; each of the others ("the Gambia", "mainland China",
    "eSwatini") starts with what its terms have in common, which it skips ahead to.
    No two patterns can match at the same place: their terms start with different letters.
    """
    groups: dict[str, list[str]] = {}
    for term in _detection_terms():
        groups.setdefault(term[0], []).append(term)

    def starting_with(firsts: list[str]) -> re.Pattern[str]:
        branches = []
        for first in firsts:
            common = _common_letters(groups[first])
            rest = _trie_regex(term[len(common) :] for term in groups[first])
            # After its first letters, a term is at a word boundary if no word character
            # comes before them.
            branches.append(rf"{re.escape(common)}(?<!\w{re.escape(common)}){rest}")
        return re.compile(f"(?:{'|'.join(branches)}){_TERM_END}")

    capitals = sorted(first for first in groups if first.isupper())
    others = sorted(first for first in groups if not first.isupper())
    return starting_with(capitals), tuple(starting_with([first]) for first in others)


def _mentions(text: str) -> list[str]:
    """Every mention in ``text``, left to right, each the longest term that starts there.

    Most texts name no term that starts in lower case: the capitals' pattern finds them
    all. Otherwise the next mention is the first of the patterns' next matches, and a
    pattern whose next match starts inside the mention looks again from its end.
    """
    capitals, others = _detection_patterns()
    ahead = [other.search(text) for other in others]
    if not any(ahead):
        return capitals.findall(text)
    patterns = (capitals, *others)
    ahead.insert(0, capitals.search(text))
    found = []
    while live := [match for match in ahead if match is not None]:
        mention = min(live, key=lambda match: match.start())
        found.append(mention.group())
        end = mention.end()
        ahead = [
            pattern.search(text, end) if match is not None and match.start() < end else match
            for pattern, match in zip(patterns, ahead, strict=True)
        ]
    return found


def detect_country(texts: Iterable[str]) -> CountryGuess | None:
    """Guess which country a set of texts is about.

    Counts word-bounded, case-sensitive mentions of each country's name, aliases and
    unambiguous demonyms across all *texts* with compiled regexes, leftmost first, so
    that overlapping names resolve to the longest ("Equatorial Guinea" is not "Guinea",
    "Nigeria" is not "Niger"). Possessives ("Belgium’s") and curly apostrophes are fine.

    Args:
        texts: The narrative paragraphs of a page (or any texts about one country).

    Returns:
        The most mentioned country, its mention count and the runner-up's count; ties
        go to the country mentioned first. ``None`` when no country is mentioned.

    """
    terms = _detection_terms()
    mentions: Counter[str] = Counter()  # insertion order = order of first mention
    for text in texts:
        mentions.update(_mentions(text))
    counts: dict[Country, int] = {}
    for matched, n in mentions.items():
        country = terms[matched] if matched in terms else terms.get(_fold(matched))
        if country is not None:
            counts[country] = counts.get(country, 0) + n
    best: Country | None = None
    for country, n in counts.items():
        if best is None or n > counts[best]:
            best = country
    if best is None:
        return None
    runner_up = max((n for c, n in counts.items() if c != best), default=0)
    return CountryGuess(country=best, mentions=counts[best], runner_up=runner_up)
