"""The IT Dashboard export: the rows OMB's IT Dashboard data feeds carry, with their field
names as the feeds spell them, for one program (``tables``) or for every program a person
reads (``portfolio``)."""

from .portfolio import portfolio
from .tables import (
    CIO_FIELDS,
    METRIC_FIELDS,
    PROJECT_FIELDS,
    TABLES,
    colour,
    export,
    export_zip,
    source_report,
    table_csv,
)

__all__ = [
    "CIO_FIELDS",
    "METRIC_FIELDS",
    "PROJECT_FIELDS",
    "TABLES",
    "colour",
    "export",
    "export_zip",
    "portfolio",
    "source_report",
    "table_csv",
]
