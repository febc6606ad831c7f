"""Documents of a release generated from the models: DATA_DICTIONARY.md, README.md, load_duckdb.sql."""

from __future__ import annotations

import re

import csv

from flows.publish.datapackage import LICENSE, NAME, TITLE
from flows.publish.files import PARQUET_OPTIONS
from schemas import TABLES, Column, columns
from schemas.describe import TYPES
from schemas.tables import HERE

CSV_CONVENTIONS = """\
- UTF-8 with a byte-order mark (open with `encoding="utf-8-sig"`), comma-separated, header row,
  RFC 4180 quoting (a cell is quoted only when it contains a comma, a quote or a line break;
  quotes are doubled), lines end with CRLF (`\\r\\n`).
- Null is the empty string. Read with `keep_default_na=False, na_values=[""]` in pandas so that
  text such as `NA` stays text.
- Dates are ISO 8601 (`2024-02-27`); booleans are `true` / `false`; numbers use `.` and no
  thousands separator; codes such as `adcode` are text with their leading zeros.
- **Formula-injection guard**: a text cell that begins with `=`, `+`, `-`, `@`, a tab, a
  carriage return or `'` is written with one extra leading `'` so that spreadsheet programs do
  not run it as a formula. Remove one leading `'` from a text cell to get the original value
  back. Numeric columns (e.g. a negative `value`) are never changed. The Parquet files hold the
  original text.
"""


def _allowed(c: Column) -> str:
    parts = []
    if c.enum:
        parts.append(", ".join(f"`{v}`" for v in c.enum))
    if c.pattern:
        parts.append(f"pattern `{c.pattern}`")
    if c.minimum is not None and c.maximum is not None:
        parts.append(f"{c.minimum} – {c.maximum}")
    elif c.minimum is not None:
        parts.append(f"≥ {c.minimum}")
    if c.min_length:
        parts.append("non-empty")
    if c.unique:
        parts.append("unique")
    return "; ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary(*, version: str, row_counts: dict[str, int]) -> str:
    lines = [f"# Data dictionary 数据字典 — {NAME} {version}", "",
             "Generated from the pandera models in `schemas/`; do not edit by hand.",
             "由`schemas/`中的pandera模型生成，请勿手工编辑。", "",
             "Types: `string`, `integer` (64-bit), `number` (64-bit float), `boolean`, `date` (ISO 8601).",
             "Offsets `char_start`/`char_end` are Python string indices into the report's text as "
             "published in this release: `text = open(f\"texts/{report_id}.txt\", encoding=\"utf-8\").read()`, "
             "and `text[char_start:char_end]` is the cited span. For a plain-text source that text is the "
             "source file decoded, `open(source_file, encoding=reports.encoding).read()` (universal "
             "newlines; `utf-8` for `utf-8-bom`, whose BOM is the character at offset 0); for a web page, "
             "PDF or Word file it is the report's extracted text.", ""]
    for name, spec in TABLES.items():
        lines += [f"## {name} — {spec.title} {spec.title_zh}", "",
                  f"{spec.description} {spec.description_zh}", "",
                  f"- Rows 行数: {row_counts.get(name, 0)}",
                  f"- Primary key 主键: `{spec.primary_key}`"]
        for fk in spec.foreign_keys:
            lines.append(f"- Foreign key 外键: `{fk.column}` → `{fk.table}.{fk.ref_column}`")
        lines += ["", "| column | type | unit | nullable | allowed values | description | 说明 |",
                  "|---|---|---|---|---|---|---|"]
        for c in columns(spec):
            lines.append("| " + " | ".join([
                f"`{c.name}`", c.type, _cell(c.unit or ""), "yes" if c.nullable else "no",
                _cell(_allowed(c)), _cell(f"**{c.title}.** {c.description}"),
                _cell(f"**{c.title_zh}**：{c.description_zh}"),
            ]) + " |")
        lines.append("")
    lines += ["## Standard units 标准单位 (`indicators.unit_std`)", "",
              "| unit_std | meaning | 含义 |", "|---|---|---|"]
    with open(HERE / "unit_std.csv", encoding="utf-8", newline="") as fh:  # the data the model checks
        for row in csv.DictReader(fh):
            lines.append(f"| `{row['unit_std']}` | {_cell(row['en'])} | {_cell(row['zh'])} |")
    lines += ["", "## CSV files CSV文件", "", CSV_CONVENTIONS,
              "## Parquet files Parquet文件", "",
              f"Arrow types as above, {PARQUET_OPTIONS['compression']} compression, dictionary-encoded "
              "text columns, rows sorted by primary key, column descriptions in the Arrow field "
              "metadata, no pandas metadata and no timestamps (the same data gives the same bytes).", ""]
    return "\n".join(lines)


def load_duckdb_sql() -> str:
    out = ["-- Load this release into DuckDB with types, primary and foreign keys.",
           "-- Run from inside the release folder:  duckdb gwr.duckdb < load_duckdb.sql",
           "-- Generated from the pandera models in schemas/.", ""]
    for name, spec in TABLES.items():
        cols = columns(spec)
        defs = []
        for c in cols:
            d = f"    {c.name} {TYPES[c.type][2]}"
            if c.name == spec.primary_key:
                d += " PRIMARY KEY"
            elif not c.nullable:
                d += " NOT NULL"
            if c.enum:
                values = ", ".join("'" + v.replace("'", "''") + "'" for v in c.enum)
                d += f" CHECK ({c.name} IN ({values}))"
            defs.append(d)
        if {"char_start", "char_end"} <= {c.name for c in cols}:
            defs.append("    CHECK (char_start < char_end)")
        for fk in spec.foreign_keys:
            defs.append(f"    FOREIGN KEY ({fk.column}) REFERENCES {fk.table} ({fk.ref_column})")
        out.append(f"CREATE TABLE {name} (\n" + ",\n".join(defs) + "\n);")
        col_list = ", ".join(c.name for c in cols)
        out.append(f"INSERT INTO {name} SELECT {col_list} FROM read_parquet('{name}.parquet');")
        out.append(f"COMMENT ON TABLE {name} IS '{_sql(spec.description + ' ' + spec.description_zh)}';")
        for c in cols:
            out.append(f"COMMENT ON COLUMN {name}.{c.name} IS "
                       f"'{_sql(c.description + ' — ' + c.description_zh)}';")
        out.append("")
    return "\n".join(out)


def md_cell(value: object) -> str:
    """Text from outside (file names, region names) made inert inside a Markdown table cell:
    whitespace runs (line breaks included) become one space, and every character that makes a
    table cell end, a link, code, emphasis or HTML is backslash-escaped. CommonMark shows the
    text as it is; no name can open a link or break a table."""
    text = " ".join(str(value).split())
    return re.sub(r"([\\`*\[\]()<>|!&~])", r"\\\1", text)


def _sql(text: str) -> str:
    return text.replace("'", "''")


def release_readme(*, version: str, created: str, sources: list[dict], row_counts: dict[str, int],
                   reports: list[dict], changelog_entry: str) -> str:
    version_plain = version.removeprefix("v")
    year = created[:4]
    lines = [
        f"# {TITLE} — {version}", "",
        f"Release {version}, published {created}. Data licence: "
        f"[{LICENSE['name']}]({LICENSE['path']}).", "",
        "Quantitative facts (indicators), commitments (pledges) and places extracted from Chinese "
        "local-government work reports (政府工作报告), each row citing the character span of the "
        "source text it came from.", "",
        "## What it covers 覆盖范围", "",
        "| report_id | region 地区 | level | report year 报告年份 | source file |",
        "|---|---|---|---|---|",
    ]
    for r in reports:
        lines.append(f"| {md_cell(r['report_id'])} | {md_cell(r['region_name'] or '')} | "
                     f"{r.get('region_level') or ''} | {r['report_year']} | {md_cell(r['source_file'])} |")
    lines += ["", "| table | rows | primary key |", "|---|---|---|"]
    for name, spec in TABLES.items():
        lines.append(f"| {name} | {row_counts.get(name, 0)} | `{spec.primary_key}` |")
    lines += [
        "", "Every table comes as Parquet (typed; preferred) and as CSV. Columns, types, units and "
        "allowed values: `DATA_DICTIONARY.md`; machine-readable: `datapackage.json` (Frictionless "
        "Data Package v2). What the run saw and rejected: `quality.json`. Checksums: `SHA256SUMS` "
        "(`sha256sum -c SHA256SUMS`).", "",
        "## Load it 加载", "",
        "DuckDB (typed tables with primary and foreign keys), from inside this folder:", "",
        "```sh", "duckdb gwr.duckdb < load_duckdb.sql", "```", "",
        "or query the files directly:", "",
        "```sql",
        "SELECT r.region_name, i.indicator, i.value_std, i.unit_std",
        "FROM 'indicators.parquet' i JOIN 'reports.parquet' r USING (report_id)",
        "WHERE i.indicator_code = 'gdp';", "```", "",
        "pandas:", "", "```python", "import pandas as pd",
        "indicators = pd.read_parquet(\"indicators.parquet\")",
        "# or the CSV: keep codes as text and only empty cells as null",
        "reports = pd.read_csv(\"reports.csv\", encoding=\"utf-8-sig\", dtype={\"adcode\": str},",
        "                      keep_default_na=False, na_values=[\"\"])", "```", "",
        "Polars: `pl.read_parquet(\"indicators.parquet\")`.", "",
        "## Check it 校验", "",
        "```sh", "sha256sum -c SHA256SUMS", "frictionless validate datapackage.json", "```", "",
        "frictionless 5.21's stock Parquet reader cannot count the bytes of a Parquet file and, "
        "under pandas 3, reads nulls as \"nan\", so it reports errors on the Parquet resources "
        "(the CSV resources validate as they are). With the project installed, "
        "`python -m flows.publish.frictionless_parquet .` validates every resource, Parquet "
        "included (bytes, sha256, types, constraints, keys).", "",
        "## CSV conventions", "", CSV_CONVENTIONS,
        "## Licence and citation 许可与引用", "",
        f"The data are released under {LICENSE['title']} ({LICENSE['name']}). The source texts are "
        "government documents; the rows quote short spans of them.", "",
        "Cite as:", "",
        f"> {NAME} contributors ({year}). *{TITLE}*, version {version_plain}. "
        f"Released {created[:10]}.", "",
        "## Source files 源文件", "", "| file | bytes | sha256 |", "|---|---|---|",
    ]
    for s in sources:
        lines.append(f"| {md_cell(s['source_file'])} | {s['bytes']} | `{s['sha256']}` |")
    lines += ["", "## Changes in this release", "", changelog_entry.strip(), ""]
    return "\n".join(lines)
