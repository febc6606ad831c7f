"""A published release loads without surprises: frictionless, DuckDB, pandas; same data → same bytes."""

import datetime as dt
import json
import math

import duckdb
import pandas as pd
import pytest

from flows.extract.codes import codebook_rows
from flows.publish import publish_release
from flows.publish.frictionless_parquet import validate_release
from flows.publish.sample import sample_quality, sample_sources, sample_tables
from schemas import TABLES, columns

T0 = dt.datetime(2024, 3, 1, 8, 0, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    t = sample_tables()
    t["indicators"].loc[1, "section"] = "-增速"  # a guarded text cell
    publish_release(t, output_dir=out, sources=sample_sources(), quality=sample_quality(), now=T0)
    return out / "v1.0.0"


def test_datapackage_is_a_valid_v2_package(release):
    package = json.loads((release / "datapackage.json").read_text())
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert (package["name"], package["version"], package["created"]) == ("gov-work-reports", "1.0.0",
                                                                        "2024-03-01T08:00:00Z")
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["path"] for r in package["resources"]} == {
        f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")} | {"gwr.duckdb"}
    for r in package["resources"]:
        assert r["hash"].startswith("sha256:") and r["bytes"] > 0
    tables = [r for r in package["resources"] if r["format"] == "csv"]
    assert [r["name"] for r in tables] == list(TABLES)
    for r in tables:
        assert r["type"] == "table"
        assert r["schema"]["primaryKey"] == [TABLES[r["name"]].primary_key]
        assert all(f["description"] for f in r["schema"]["fields"])
    parquet = [r for r in package["resources"] if r["format"] == "parquet"]
    assert {(r["name"], r["type"]) for r in parquet} == {(f"{t}-parquet", "file") for t in TABLES}
    csv = next(r for r in package["resources"] if r["name"] == "reports")
    assert (csv["format"], csv["mediatype"], csv["encoding"]) == ("csv", "text/csv", "utf-8-sig")
    assert csv["dialect"]["lineTerminator"] == "\r\n"
    adcode = next(f for f in csv["schema"]["fields"] if f["name"] == "adcode")
    assert adcode["type"] == "string" and adcode["constraints"] == {"pattern": r"\d{6}"}
    mentions = next(r for r in package["resources"] if r["name"] == "place_mentions")
    assert mentions["format"] == "csv"
    assert {"fields": ["indicator_id"], "reference": {"resource": "indicators", "fields": ["indicator_id"]}} \
        in mentions["schema"]["foreignKeys"]


def test_frictionless_validates_every_resource(release):
    report = validate_release(release)
    assert report.valid, report.to_summary()
    assert len(report.tasks) == 17  # 8 CSV tables, 8 Parquet files, gwr.duckdb


def test_frictionless_checks_parquet_bytes_hash_and_constraints(release, tmp_path):
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    places = pq.read_table(copy / "places.parquet")
    names = places["name"].to_pylist()
    names[0] = "运城"
    lat = places["lat"].to_pylist()
    lat[0] = 135.0  # out of range
    places = places.set_column(1, places.schema.field("name"), pa.array(names))
    places = places.set_column(8, places.schema.field("lat"), pa.array(lat))
    pq.write_table(places, copy / "places.parquet")

    report = validate_release(copy)

    assert not report.valid
    errors = {(task.name, e.type) for task in report.tasks for e in task.errors}
    assert errors == {("places-parquet", "hash-count"), ("places-parquet", "byte-count")}


def test_duckdb_loads_typed_tables_with_keys(release, monkeypatch):
    monkeypatch.chdir(release)
    con = duckdb.connect()
    con.execute((release / "load_duckdb.sql").read_text())
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    assert counts == {"reports": 1, "pledges": 2, "indicator_codes": len(codebook_rows()), "indicators": 3,
                      "places": 3, "place_mentions": 3, "target_outcomes": 0, "series": 3}
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'reports'").fetchall())
    assert (types["adcode"], types["delivered_on"], types["report_year"], types["is_template"]) == (
        "VARCHAR", "DATE", "BIGINT", "BOOLEAN")
    row = con.execute("SELECT region_name, adcode, delivered_on FROM reports").fetchone()
    assert row == ("新绛县", "140825", dt.date(2024, 2, 27))
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO place_mentions VALUES ('m9', 'pl-none', 'r-140825-2024', '某地', 1, 3, NULL, NULL)")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO places SELECT * FROM places LIMIT 1")
    comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'indicators' "
                          "AND column_name = 'unit_std'").fetchone()[0]
    assert "标准单位" in comment


def _unguard(value):
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


@pytest.mark.parametrize("table", list(TABLES))
def test_pandas_reads_the_csv_with_the_values_of_the_parquet(release, table):
    parquet = pd.read_parquet(release / f"{table}.parquet")
    strings = {c.name: str for c in columns(table) if c.type == "string"}
    csv = pd.read_csv(release / f"{table}.csv", encoding="utf-8-sig", dtype=strings,
                      keep_default_na=False, na_values=[""])
    assert list(csv.columns) == list(parquet.columns)
    assert len(csv) == len(parquet)
    for c in columns(table):
        got, want = csv[c.name].tolist(), parquet[c.name].tolist()
        if c.type == "string":
            got = [_unguard(v) for v in got]
        if c.type == "date":
            got = [None if pd.isna(v) else dt.date.fromisoformat(v) for v in got]
        norm = [(None if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else v)
                for v in want]
        got = [(None if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else v)
               for v in got]
        assert got == norm, (table, c.name)


def test_parquet_has_the_generated_arrow_schema_and_no_pandas_metadata(release):
    import pyarrow.parquet as pq
    schema = pq.read_schema(release / "reports.parquet")
    assert b"pandas" not in (schema.metadata or {})
    assert str(schema.field("adcode").type) == "string" and schema.field("adcode").nullable
    assert not schema.field("report_id").nullable
    assert str(schema.field("delivered_on").type) == "date32[day]"
    assert schema.field("region_name").metadata[b"description_zh"].decode().startswith("作报告的政府")
    meta = pq.ParquetFile(release / "indicators.parquet").metadata
    col = meta.row_group(0).column(meta.schema.names.index("unit_std"))
    assert col.compression == "ZSTD" and "RLE_DICTIONARY" in col.encodings


def test_two_runs_into_two_empty_folders_give_identical_data_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    publish_release(sample_tables(), output_dir=a, sources=sample_sources(), quality=sample_quality(), now=T0)
    shuffled = {k: v.sample(frac=1, random_state=7) for k, v in sample_tables().items()}
    publish_release(shuffled, output_dir=b, sources=sample_sources(), quality=sample_quality(),
                    now=T0 + dt.timedelta(hours=5))
    sums_a = json.loads((a / "releases.json").read_text())["releases"][0]["files"]
    sums_b = json.loads((b / "releases.json").read_text())["releases"][0]["files"]
    data = [f for f in sums_a if f.endswith((".parquet", ".csv"))]
    assert len(data) == 16
    assert {f: sums_a[f] for f in data} == {f: sums_b[f] for f in data}
    # only documents that carry the release time differ (the DuckDB file's random identifier
    # is replaced by a digest of its content: flows.publish.database.fix_identifier)
    assert {f for f in sums_a if sums_a[f] != sums_b[f]} == {"datapackage.json", "README.md", "release.json",
                                                             "SHA256SUMS"}


def test_stock_frictionless_cli_validates_the_release(release):
    """A user's own `frictionless validate datapackage.json`, with no plugin of ours, passes."""
    import subprocess
    import sys
    from pathlib import Path
    cli = Path(sys.executable).parent / "frictionless"
    done = subprocess.run([str(cli), "validate", "--json", "datapackage.json"], cwd=release,
                          capture_output=True, text=True)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["valid"], done.stdout[-2000:]
    assert len(report["tasks"]) == 17


def test_csv_and_row_digests_do_not_depend_on_the_batch_size(release, tmp_path, monkeypatch):
    """Big tables are written and compared in batches; batches of one row change nothing."""
    import pyarrow.parquet as pq

    from flows.publish import files

    table = pq.read_table(release / "indicators.parquet")
    files.write_csv(table, "indicators", tmp_path / "whole.csv")
    names = table.column_names
    whole = files.row_digests(table, "indicator_id", names)
    monkeypatch.setattr(files, "CSV_BATCH_ROWS", 1)
    monkeypatch.setattr(files, "DIGEST_BATCH_ROWS", 1)
    files.write_csv(table, "indicators", tmp_path / "rows.csv")

    assert (tmp_path / "rows.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes() \
        == (release / "indicators.csv").read_bytes()
    assert files.row_digests(table, "indicator_id", names) == whole
    assert len(set(whole.values())) == table.num_rows == 3
