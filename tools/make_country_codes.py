"""Write what pycountry knows of the Index's 193 countries into ocparse's data files.

After the Index's names, aliases and ISO3 codes, ocparse.lookup_country accepts a
country's ISO 3166-1 alpha-2 and numeric codes, its flag emoji and the names pycountry
gives it. They are copied from pycountry once, here, so that installing ocparse does not
install pycountry (23 MB of data for every country, subdivision, language and currency).

Two files are written:

* src/ocparse/data/country_codes.json (shipped): per country its alpha-2 code, numeric
  code, flag and those of pycountry's name, official_name and common_name that the
  gazetteer (data/countries.json) does not already resolve to that country. A name is
  kept only when pycountry's own lookup resolves it to that country, so that ocparse
  answers as it did when it asked pycountry.
* tests/data/pycountry_countries.json (tests): pycountry's records of the 193 countries,
  unfiltered, which the tests look up one by one.

Usage (pycountry is needed here only, not by ocparse):
    .venv/bin/pip install pycountry && .venv/bin/python tools/make_country_codes.py
Rerun it after editing data/countries.json (an alias added there drops a name here) or
to follow a new pycountry, and review the diff.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

import pycountry

from ocparse import countries

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "src" / "ocparse" / "data" / "country_codes.json"
SNAPSHOT = ROOT / "tests" / "data" / "pycountry_countries.json"
NAME_FIELDS = ("name", "official_name", "common_name")


def resolves_to(term: str, alpha_3: str) -> bool:
    """Tell whether pycountry's lookup, as ocparse used it, finds *term* as *alpha_3*."""
    try:
        record: Any = pycountry.countries.lookup(term)
    except LookupError:
        return False
    return bool(record.alpha_3 == alpha_3)


def shipped_entry(country: countries.Country, record: Any) -> dict[str, Any]:
    codes = {"alpha2": record.alpha_2, "numeric": record.numeric, "flag": record.flag}
    # Every country needs all three: a code pycountry resolved elsewhere is a bug to see.
    if pycountry.countries.get(alpha_2=record.alpha_2) is not record:
        raise SystemExit(f"{country.iso3}: alpha-2 {record.alpha_2} is another country's")
    for term in (record.numeric, record.flag):
        if not resolves_to(term, country.iso3):
            raise SystemExit(f"{country.iso3}: {term!r} is another country's")
    index = countries._lookup_index()
    # A query reaches a name here only after lookup_country has stripped one leading
    # "the " from it, so "the State of Eritrea" is reached by "the the State of Eritrea",
    # whose key is not the gazetteer's "state of eritrea".
    names = [
        value
        for value in dict.fromkeys(getattr(record, field, None) for field in NAME_FIELDS)
        if value
        and index.get(countries._lookup_key(f"the {value}")) != country
        and resolves_to(value, country.iso3)
    ]
    return {"iso3": country.iso3, **codes, "names": names}


def write_lines(path: Path, items: list[dict[str, Any]]) -> None:
    """Write *items* as a JSON array, one item per line (as data/countries.json is)."""
    body = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
    path.write_text(f"[\n{body}\n]\n", encoding="utf-8")


def main() -> None:
    shipped: list[dict[str, Any]] = []
    snapshot: list[dict[str, Any]] = []
    for country in countries.all_countries():
        record: Any = pycountry.countries.get(alpha_3=country.iso3)
        if record is None:
            raise SystemExit(f"{country.iso3} is not an ISO 3166-1 alpha-3 code in pycountry")
        shipped.append(shipped_entry(country, record))
        snapshot.append(dict(sorted(record._fields.items())))
    write_lines(SHIPPED, shipped)
    write_lines(SNAPSHOT, snapshot)
    extra = sum(len(item["names"]) for item in shipped)
    print(f"{len(shipped)} countries, {extra} extra names -> {SHIPPED.relative_to(ROOT)}")
    print(f"from pycountry {metadata.version('pycountry')}")


if __name__ == "__main__":
    main()
