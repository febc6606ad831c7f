"""Documents of a release generated from the models: DATA_DICTIONARY.md, README.md, load_duckdb.sql."""

from __future__ import annotations

import re

import csv
from pathlib import Path

from flows.publish.citation import citation_line
from flows.publish.datapackage import DATABASE_FILE, LICENSE, NAME, TITLE
from flows.publish.files import PARQUET_OPTIONS
from schemas import TABLES, Column, columns
from schemas.describe import TYPES
from schemas.tables import EXTRACT_VOCAB, HERE

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


SPREADSHEETS = """\
Excel and LibreOffice read the CSV files, but a double-click may guess the encoding and the
column types wrongly: LibreOffice may garble the Chinese, and both turn `value_text` "7.4%"
into the number 0.074 and drop the leading zeros of codes. Import instead:

- **Excel** (365 / 2019+): Data → From Text/CSV → File origin **65001: Unicode (UTF-8)** →
  Transform Data → set `adcode`, `value_text` and the id columns to **Text** → Close & Load.
- **LibreOffice Calc**: File → Open → choose the `.csv` → in the Text Import dialog set
  Character set **Unicode (UTF-8)**, Separated by **Comma**, String delimiter `"`; click the
  `adcode` and `value_text` columns (and ids) and set Column type **Text** → OK.

A text cell that begins with `'` had one added as a formula-injection guard (see CSV
conventions). No `.xlsx` is published: Excel stops at 1,048,576 rows, which a large release's
indicators table can pass, and the CSV above keeps every row.
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
    lines += ["", "## Qualifiers 限定词 (`indicators.qualifier`)", "",
              "What the word beside a figure means (the extractor's vocabulary, "
              "`flows/extract/vocab/qualifiers.csv`).", "",
              "| qualifier | meaning | 含义 |", "|---|---|---|"]
    with open(EXTRACT_VOCAB / "qualifiers.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lines.append(f"| {row['qualifier']} | {_cell(row['meaning_en'])} | {_cell(row['meaning_zh'])} |")
    lines += ["", "## CSV files CSV文件", "", CSV_CONVENTIONS,
              "## Parquet files Parquet文件", "",
              f"Arrow types as above, {PARQUET_OPTIONS['compression']} compression, dictionary-encoded "
              "text columns, rows sorted by primary key, column descriptions in the Arrow field "
              "metadata, no pandas metadata and no timestamps (the same data gives the same bytes).", ""]
    return "\n".join(lines)


def load_duckdb_sql(version: str = "vX.Y.Z", parquet_dir: Path | None = None) -> str:
    """DuckDB statements that (re)create the release's tables from its Parquet files.

    Re-runnable: the tables are dropped first (referencing tables before the tables they
    reference), so running it twice into the same database gives the same tables. Parquet
    paths are relative: DuckDB resolves them against ``file_search_path`` (or the working
    directory), so the database itself can live anywhere, outside the release folder.
    ``parquet_dir`` names the files by their full path instead (quoted as SQL strings): how
    gwr.duckdb is built, since ``file_search_path`` is a comma-separated list and a folder
    with a comma in its path cannot be one of its entries.
    """
    folder = f"output/{version}"
    out = ["-- Load this release into a DuckDB database of your own: typed tables, primary and",
           "-- foreign keys, column comments. The release already ships one, gwr.duckdb (open it",
           "-- read-only); use this script to load the tables into another database.",
           "-- Re-runnable: it drops and re-creates the tables. The Parquet paths are relative:",
           "-- set file_search_path to this folder and keep your database outside it, e.g. in Python:",
           "--   import duckdb",
           "--   con = duckdb.connect('my.duckdb')",
           f"--   con.execute(\"SET file_search_path = '{folder}'\")",
           f"--   con.execute(open('{folder}/load_duckdb.sql', encoding='utf-8').read())",
           "-- Generated from the pandera models in schemas/.", ""]
    for name in reversed(list(TABLES)):
        out.append(f"DROP TABLE IF EXISTS {name};")
    out.append("")
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
        out.append(f"INSERT INTO {name} SELECT {col_list} FROM read_parquet('{_sql(str(Path(parquet_dir) / name) if parquet_dir else name)}.parquet');")
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
        "## Browse it 浏览", "",
        "Open `site/index.html` in a web browser (no server, no internet needed): what the release "
        "covers, each report's headline targets beside last year's outcomes, its pledges by theme "
        "and its places on a map, each standard indicator's targets by region, the codebook and "
        "previews of every table.", "",
        "## Load it 加载", "",
        f"DuckDB: `{DATABASE_FILE}` holds every table, typed, with primary and foreign keys and "
        "column comments. With the `duckdb` Python package (`pip install duckdb`), from inside "
        "this folder:", "",
        "```sh",
        f"python -c \"import duckdb; print(duckdb.connect('{DATABASE_FILE}', read_only=True).sql("
        "\\\"SELECT r.region_name, i.value_text, i.qualifier FROM indicators i JOIN reports r USING (report_id) "
        "WHERE i.indicator_code = 'gdp' AND i.measure = 'growth_rate' AND i.kind = 'target' AND i.period = r.report_year AND i.is_main_target "
        "ORDER BY r.region_name\\\"))\"",
        "```", "",
        "To load the tables into a database of your own (kept outside this folder, which must not "
        "change), run `load_duckdb.sql` — it can be run again, it drops and re-creates the tables:", "",
        "```sh",
        "python -c \"import duckdb; con = duckdb.connect('../my.duckdb'); "
        "con.execute(open('load_duckdb.sql', encoding='utf-8').read())\"",
        "```", "",
        "or query the files directly, without loading them:", "",
        "```sh",
        "python -c \"import duckdb; print(duckdb.sql(\\\"SELECT r.region_name, i.indicator, i.value_std, i.unit_std "
        "FROM 'indicators.parquet' i JOIN 'reports.parquet' r USING (report_id) "
        "WHERE i.indicator_code = 'gdp'\\\"))\"",
        "```", "",
        "pandas:", "", "```python", "import pandas as pd",
        "indicators = pd.read_parquet(\"indicators.parquet\")",
        "# or the CSV: keep codes as text and only empty cells as null",
        "reports = pd.read_csv(\"reports.csv\", encoding=\"utf-8-sig\", dtype={\"adcode\": str},",
        "                      keep_default_na=False, na_values=[\"\"])", "```", "",
        "Polars: `pl.read_parquet(\"indicators.parquet\")`.", "",
        "## Spreadsheets 电子表格", "", SPREADSHEETS,
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
        "Cite as (also in `CITATION.cff`):", "",
        f"> {citation_line(version=version, created=created)}", "",
        "## Source files 源文件", "", "| file | bytes | sha256 |", "|---|---|---|",
    ]
    for s in sources:
        lines.append(f"| {md_cell(s['source_file'])} | {s['bytes']} | `{s['sha256']}` |")
    with_origin = [s for s in sources if s.get("source_url") or s.get("publisher")]
    if with_origin:
        lines += ["", "| file | published by | on | address |", "|---|---|---|---|"]
        for s in with_origin:
            lines.append(f"| {md_cell(s['source_file'])} | {md_cell(s.get('publisher') or '')} | "
                         f"{md_cell(s.get('published_on') or '')} | {md_cell(s.get('source_url') or '')} |")
    lines += ["", "## Changes in this release", "", changelog_entry.strip(), ""]
    return "\n".join(lines)
