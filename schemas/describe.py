"""Plain descriptions of the models' columns, for the generators (Arrow, Table Schema, SQL, docs).

``columns(table)`` reads a pandera model back into ``Column`` records; everything published
about a column comes from here, so the models stay the single source of truth.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from schemas.tables import TABLES, TableSpec

# logical type -> (Arrow type name, Table Schema type, DuckDB type)
TYPES = {
    "string": ("string", "string", "VARCHAR"),
    "integer": ("int64", "integer", "BIGINT"),
    "number": ("float64", "number", "DOUBLE"),
    "boolean": ("bool", "boolean", "BOOLEAN"),
    "date": ("date32", "date", "DATE"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of TYPES
    nullable: bool
    unique: bool
    title: str
    title_zh: str
    description: str
    description_zh: str
    unit: str | None
    enum: tuple[str, ...] | None
    pattern: str | None
    minimum: float | None
    maximum: float | None
    min_length: int | None


def _logical_type(dtype: Any) -> str:
    name = str(dtype).lower()
    if "string" in name or name in ("str", "object"):
        return "string"
    if "bool" in name:
        return "boolean"
    if "date" in name:
        return "date"
    if "int" in name:
        return "integer"
    if "float" in name:
        return "number"
    raise TypeError(f"no published type for pandas dtype {dtype!r}")


def columns(table: str | TableSpec) -> list[Column]:
    spec = TABLES[table] if isinstance(table, str) else table
    out = []
    for name, col in spec.model.to_schema().columns.items():
        meta = col.metadata or {}
        enum = pattern = minimum = maximum = min_length = None
        for check in col.checks:
            stats = check.statistics or {}
            if check.name == "isin":
                enum = tuple(stats["allowed_values"])
            elif check.name == "str_matches":
                pattern = stats["pattern"]
            elif check.name == "str_length":
                min_length = stats.get("min_value")
            elif check.name == "in_range":
                minimum, maximum = stats["min_value"], stats["max_value"]
            elif check.name == "greater_than_or_equal_to":
                minimum = stats["min_value"]
        out.append(Column(
            name=name,
            type=_logical_type(col.dtype),
            nullable=bool(col.nullable),
            unique=bool(col.unique),
            title=col.title or "",
            title_zh=meta.get("title_zh") or "",
            description=col.description or "",
            description_zh=meta.get("description_zh") or "",
            unit=meta.get("unit"),
            enum=enum,
            pattern=pattern,
            minimum=minimum,
            maximum=maximum,
            min_length=min_length,
        ))
    return out


def schema_summary() -> dict[str, dict[str, dict[str, Any]]]:
    """Per table, per column: what a consumer relies on (type, nullability, meaning).

    Stored in releases.json; comparing two summaries tells a MAJOR change (a column removed,
    retyped, made nullable or its meaning changed) from a MINOR one (a column added).
    Allowed values and ranges are not part of it: widening them breaks no reader.
    """
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for name, spec in TABLES.items():
        summary[name] = {}
        for c in columns(spec):
            meaning = json.dumps([c.description, c.description_zh, c.unit], ensure_ascii=False)
            summary[name][c.name] = {
                "type": c.type,
                "nullable": c.nullable,
                "meaning": hashlib.sha256(meaning.encode("utf-8")).hexdigest()[:16],
            }
    return summary


def fingerprint(summary: dict | None = None) -> str:
    summary = schema_summary() if summary is None else summary
    blob = json.dumps(summary, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def as_dict(column: Column) -> dict[str, Any]:
    return asdict(column)
