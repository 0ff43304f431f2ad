"""The CSV tables of ``ocparse convert -f csv``; they live in :mod:`ocparse.formats.csv`."""

from ocparse.formats.csv import COLUMNS, indicator_rows, write_csv

__all__ = ["COLUMNS", "indicator_rows", "write_csv"]
