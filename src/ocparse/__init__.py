"""ocparse: Global Organized Crime Index page dumps into typed, validated records and JSON.

>>> import ocparse
>>> doc = ocparse.parse_file("fixtures/2025_netherlands_belgium.txt")
>>> doc.profiles[1].indicator("cocaine_trade").score
Decimal('8.00')
"""

from ocparse.api import parse, parse_file
from ocparse.codes import Code
from ocparse.consistency import check_editions
from ocparse.errors import ParseError
from ocparse.frames import to_frame
from ocparse.fused import split_fused
from ocparse.output import (
    Envelope,
    iter_ndjson,
    load_envelope,
    load_json,
    load_profile,
    to_dict,
    to_json,
)
from ocparse.records import (
    Diagnostic,
    Document,
    Indicator,
    Paragraph,
    Profile,
    ProfileDetails,
    Rank,
    Section,
    SkippedLine,
    Source,
)
from ocparse.render import layout, layout_document, render, render_document
from ocparse.schema import SCHEMA_VERSION, document_schema
from ocparse.stream import iter_pages, iter_profiles
from ocparse.tables import write_csv
from ocparse.verify import verify

# The package's only version number: the build reads it from here (pyproject.toml).
__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Code",
    "Diagnostic",
    "Document",
    "Envelope",
    "Indicator",
    "Paragraph",
    "ParseError",
    "Profile",
    "ProfileDetails",
    "Rank",
    "Section",
    "SkippedLine",
    "Source",
    "__version__",
    "check_editions",
    "document_schema",
    "iter_ndjson",
    "iter_pages",
    "iter_profiles",
    "layout",
    "layout_document",
    "load_envelope",
    "load_json",
    "load_profile",
    "parse",
    "parse_file",
    "render",
    "render_document",
    "split_fused",
    "to_dict",
    "to_frame",
    "to_json",
    "verify",
    "write_csv",
]
