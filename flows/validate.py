"""Validate the five tables against the pandera models in ``schemas/`` and their foreign keys.

``validate_tables`` never raises on bad data: it collects every failure (pandera ``lazy=True``,
then the foreign keys) as one dict per failing row or cell:
``{"table", "column", "check", "value", "primary_key"}``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pandera.pandas as pa

from schemas import TABLES, TableSpec

CHECK_NAMES = {
    "field_uniqueness": "unique",
    "char_start_lt_char_end": "char_start < char_end",
    "column_in_schema": "column not in schema (strict)",
    "column_in_dataframe": "column missing",
}


@dataclass
class ValidationResult:
    tables: dict[str, pd.DataFrame]  # coerced, sorted by primary key
    failures: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> dict[str, int]:
        """Number of failures per table (tables without failures are left out)."""
        counts: dict[str, int] = {}
        for f in self.failures:
            counts[f["table"]] = counts.get(f["table"], 0) + 1
        return counts

    def failing_keys(self, table: str) -> set[str]:
        """Primary keys of the rows of `table` that failed at least one check."""
        return {f["primary_key"] for f in self.failures
                if f["table"] == table and f["primary_key"] is not None}


def _plain(value: Any) -> Any:
    """A JSON-friendly scalar for a failure record."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _empty(spec: TableSpec) -> pd.DataFrame:
    return spec.model.validate(pd.DataFrame({c: pd.Series([], dtype=object) for c in spec.columns}))


def _sorted(df: pd.DataFrame, pk: str) -> pd.DataFrame:
    if pk in df.columns:
        df = df.sort_values(pk, kind="stable", key=lambda s: s.astype(str))
    return df.reset_index(drop=True)


def _pandera_failures(spec: TableSpec, df: pd.DataFrame, cases: pd.DataFrame) -> list[dict]:
    pk = spec.primary_key

    def key_at(index: Any) -> Any:
        if index is None or (isinstance(index, float) and math.isnan(index)) or pk not in df.columns:
            return None
        try:
            return _plain(df.loc[index, pk])
        except KeyError:
            return None

    coerce_failed = {c for c, chk in zip(cases["column"], cases["check"]) if str(chk).startswith("coerce_dtype")}
    failures: list[dict] = []
    seen_frame_checks: set[tuple[str, Any]] = set()
    for row in cases.itertuples(index=False):
        check, column, index = str(row.check), row.column, row.index
        if column in coerce_failed and not check.startswith("coerce_dtype"):
            continue  # pandera repeats a failed coercion as dtype and check errors on the whole column
        if row.schema_context == "DataFrameSchema" and index is not None and not pd.isna(index):
            # a frame-wide check: pandera reports every cell of the row; report the row once
            if (check, index) in seen_frame_checks:
                continue
            seen_frame_checks.add((check, index))
            if check == "char_start_lt_char_end":
                column = "char_start, char_end"
                value: Any = f"{_plain(df.loc[index, 'char_start'])}..{_plain(df.loc[index, 'char_end'])}"
            else:
                value = _plain(row.failure_case)
        elif row.schema_context == "DataFrameSchema" and coerce_failed:
            continue  # a frame check that errored only because a column could not be coerced
        else:
            value = _plain(row.failure_case)
        if column == spec.model.__name__:
            column = _plain(row.failure_case) if check.startswith("column_in") else None
        failures.append({
            "table": spec.name,
            "column": column,
            "check": "allowed values" if check.startswith("isin(") else CHECK_NAMES.get(check, check),
            "value": value,
            "primary_key": key_at(index),
        })
    return failures


def validate_table(spec: TableSpec, df: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Validate and coerce one table; returns (frame sorted by primary key, failures)."""
    try:
        out = spec.model.validate(df, lazy=True)
        return _sorted(out, spec.primary_key), []
    except pa.errors.SchemaErrors as err:
        failures = _pandera_failures(spec, df, err.failure_cases)
        return _sorted(df.copy(), spec.primary_key), failures


def foreign_key_failures(tables: dict[str, pd.DataFrame]) -> list[dict]:
    failures = []
    for spec in TABLES.values():
        child = tables[spec.name]
        for fk in spec.foreign_keys:
            parent = tables[fk.table]
            if fk.column not in child.columns or fk.ref_column not in parent.columns:
                continue  # already reported as a missing column
            known = set(parent[fk.ref_column].dropna().astype(str))
            values = child[fk.column]
            bad = values.notna() & ~values.astype(str).isin(known)
            pk = child[spec.primary_key] if spec.primary_key in child.columns else pd.Series(None, index=child.index)
            for value, key in zip(values[bad], pk[bad]):
                failures.append({
                    "table": spec.name,
                    "column": fk.column,
                    "check": f"foreign_key({fk.table}.{fk.ref_column})",
                    "value": _plain(value),
                    "primary_key": _plain(key),
                })
    return failures


def validate_tables(tables: dict[str, pd.DataFrame]) -> ValidationResult:
    """Validate every table in TABLES (lazily, all failures collected) and the foreign keys."""
    out: dict[str, pd.DataFrame] = {}
    failures: list[dict] = []
    for name in tables:
        if name not in TABLES:
            failures.append({"table": name, "column": None, "check": "unknown table",
                             "value": None, "primary_key": None})
    for name, spec in TABLES.items():
        if name not in tables:
            failures.append({"table": name, "column": None, "check": "table missing",
                             "value": None, "primary_key": None})
            out[name] = _empty(spec)
            continue
        out[name], table_failures = validate_table(spec, tables[name])
        failures.extend(table_failures)
    failures.extend(foreign_key_failures(out))
    return ValidationResult(tables=out, failures=failures)
