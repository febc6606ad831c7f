"""Validate a release folder with frictionless, Parquet resources included.

Why a plugin: frictionless 5.21's built-in Parquet parser reads the file with pyarrow outside
frictionless' loader and goes through pandas, so (1) it never counts the bytes or hashes the
file (every Parquet resource that declares ``bytes`` fails with ``byte-count ... actual is
"None"``, and ``hash`` is silently skipped) and (2) under pandas 3 / numpy 2 a null in an
integer, number or string column arrives as a float NaN that is not recognised as missing
(``type-error`` / ``constraint-error`` on "nan"). CSV resources are unaffected.

``ArrowParquetPlugin`` replaces that parser: it reads the bytes through frictionless' loader
(so ``bytes`` and ``hash`` are verified) and turns the Arrow table into plain Python rows
(nulls stay ``None``). ``validate_release(folder)`` registers it and validates
``datapackage.json``: all resources, their Table Schemas, primary and foreign keys.

Command line: ``python -m flows.publish.frictionless_parquet output/v1.0.0`` (exit 1 when invalid).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import frictionless
import pyarrow.parquet as pq
from frictionless import Plugin, system
from frictionless.system import Parser

PLUGIN_NAME = "arrow_parquet"


class ArrowParquetParser(Parser):
    requires_loader = True
    supported_types = ["boolean", "date", "datetime", "integer", "number", "string", "time"]

    def read_cell_stream_create(self) -> Any:
        stream = self.loader.byte_stream
        chunks = []
        while True:
            chunk = stream.read1(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        table = pq.read_table(io.BytesIO(b"".join(chunks)))
        yield table.column_names
        columns = [col.to_pylist() for col in table.columns]
        yield from (list(row) for row in zip(*columns))


class ArrowParquetPlugin(Plugin):
    def create_parser(self, resource: Any) -> Parser | None:
        if resource.format in ("parquet", "parq"):
            return ArrowParquetParser(resource)
        return None


def register() -> None:
    """Make frictionless read Parquet through ArrowParquetParser (idempotent)."""
    system.register(PLUGIN_NAME, ArrowParquetPlugin())


def validate_release(folder: Path) -> frictionless.Report:
    """Validate ``folder/datapackage.json`` and every file it describes."""
    register()
    package = frictionless.Package(str(Path(folder) / "datapackage.json"))
    return package.validate()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m flows.publish.frictionless_parquet RELEASE_FOLDER", file=sys.stderr)
        return 2
    report = validate_release(Path(args[0]))
    print("valid" if report.valid else report.to_summary())
    return 0 if report.valid else 1


if __name__ == "__main__":
    sys.exit(main())
