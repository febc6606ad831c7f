"""Pandera models of the published tables and the TABLES registry (single source of truth)."""

from schemas.describe import Column, columns, fingerprint, schema_summary
from schemas.tables import (
    KINDS,
    MEASURES,
    REGION_LEVELS,
    TABLES,
    UNIT_STD,
    ForeignKey,
    Indicators,
    PlaceMentions,
    Places,
    Pledges,
    Reports,
    TableSpec,
)

__all__ = [
    "TABLES", "TableSpec", "ForeignKey", "Reports", "Pledges", "Indicators", "Places",
    "PlaceMentions", "UNIT_STD", "REGION_LEVELS", "KINDS", "MEASURES", "Column", "columns",
    "fingerprint", "schema_summary",
]
