"""Build the web view's offline base map (GeoJSON under src/marsad/web/static/basemap/).

    .venv/bin/pip install shapely           # build-time tool only
    bash scripts/vendor_web.sh              # fetches world-atlas from npm and calls this script

Outputs:
- ``countries.geojson``: Natural Earth 1:50m country outlines (world-atlas ``countries-50m.json``), clipped to
  the Middle East and North Africa and simplified.
- ``admin1.geojson``: approximate province/governorate outlines of Syria, Iraq, Lebanon, Jordan and Palestine.
  No open boundary polygons are in ``../shared/data``, so they are derived from its points: every village and
  town of Who's On First carries its province, each point gets the area nearer to it than to any other point
  (a Voronoi diagram), and the areas of one province are merged and cut to the country outline. Borders are
  therefore right to within the spacing of villages (a few km where people live, coarser in the desert); they
  are drawn as a faint dashed line for orientation, never used to place an event. Labels (a ``labels`` member)
  are the gazetteer's governorates, in English and Arabic.
- ``places.geojson``: the gazetteer's cities and larger towns, as labels in English and Arabic.
- ``NOTICE``: the sources and their licences.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from shapely import MultiPoint, Polygon, make_valid, voronoi_polygons
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "geo"
OUT = ROOT / "src" / "marsad" / "web" / "static" / "basemap"
GAZETTEER = ROOT / "src" / "marsad" / "resources" / "geo" / "gazetteer.json.gz"

REGION = (-18.0, 5.0, 66.0, 44.0)  # west, south, east, north: North Africa to Iran
COUNTRY_TOLERANCE = 0.02  # degrees (~2 km): finer than the map shows at province zoom
PROVINCE_TOLERANCE = 0.01
MIN_PART = 0.01  # square degrees: slivers from a mislabelled village are dropped
PRECISION = 3
#: Who's On First files and the world-atlas (Natural Earth) name of their country.
WOF = {"sy": "Syria", "iq": "Iraq", "lb": "Lebanon", "jo": "Jordan", "ps": "Palestine"}
MIN_TOWN_POP = 40_000

log = logging.getLogger("build_basemap")


# --------------------------------------------------------------------------------------------- TopoJSON


def _arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def countries(path: Path) -> dict[str, BaseGeometry]:
    """Country name → outline, from a world-atlas TopoJSON file."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    arcs = _arcs(topo)
    out: dict[str, BaseGeometry] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        polygons = geom.get("arcs") or []
        if geom["type"] == "Polygon":
            polygons = [polygons]
        elif geom["type"] != "MultiPolygon":
            continue
        parts = [Polygon(_ring(p[0], arcs), [_ring(h, arcs) for h in p[1:]]) for p in polygons]
        out[geom["properties"]["name"]] = unary_union([make_valid(p) for p in parts])
    return out


# --------------------------------------------------------------------------------------------- output


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, PRECISION) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _feature(geometry: BaseGeometry, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": _rounded(mapping(geometry))}


def _write(name: str, collection: dict[str, Any]) -> None:
    path = OUT / name
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    log.info(
        "wrote %s (%d features, %.0f KB)",
        path.relative_to(ROOT),
        len(collection["features"]),
        path.stat().st_size / 1024,
    )


def _clean(geometry: BaseGeometry) -> BaseGeometry:
    """Drop the parts and holes smaller than MIN_PART (left by villages filed under a neighbouring province)."""
    polygons = [g for g in getattr(geometry, "geoms", [geometry]) if isinstance(g, Polygon)]
    kept = [
        Polygon(p.exterior, [h for h in p.interiors if Polygon(h).area >= MIN_PART])
        for p in polygons
        if p.area >= MIN_PART
    ]
    return unary_union(kept)


# --------------------------------------------------------------------------------------------- provinces


def provinces(outlines: dict[str, BaseGeometry]) -> list[dict[str, Any]]:
    features = []
    for code, country in WOF.items():
        outline = outlines.get(country)
        if outline is None:
            log.warning("world-atlas has no outline for %s", country)
            continue
        points: dict[tuple[float, float], str] = {}
        with (SHARED / "whosonfirst" / f"wof_{code}_places.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["region"] and row["lat"] and row["lon"]:
                    points.setdefault(
                        (round(float(row["lon"]), 4), round(float(row["lat"]), 4)), row["region"]
                    )
        coords = list(points)
        cells = voronoi_polygons(MultiPoint(coords), extend_to=outline.envelope.buffer(1), ordered=True)
        by_region: dict[str, list[BaseGeometry]] = defaultdict(list)
        for cell, xy in zip(cells.geoms, coords, strict=True):
            by_region[points[xy]].append(cell)
        for region, parts in sorted(by_region.items()):
            area = _clean(unary_union(parts).intersection(outline))
            if area.is_empty:
                continue
            simplified = area.simplify(PROVINCE_TOLERANCE, preserve_topology=True)
            features.append(_feature(simplified, {"country": country, "name": region}))
        log.info("%s: %d provinces from %d points", country, len(by_region), len(coords))
    return features


def _gazetteer_rows() -> list[dict[str, Any]]:
    import gzip

    with gzip.open(GAZETTEER, "rt", encoding="utf-8") as fh:
        payload = json.load(fh)
    return [dict(zip(payload["columns"], row, strict=True)) for row in payload["rows"]]


#: Zoom from which a province label shows: small countries' governorates crowd the map until zoomed in.
LABEL_ZOOM = {"Palestine": 8.5, "Lebanon": 7.5, "Jordan": 7}
DEFAULT_LABEL_ZOOM = 5.5


def _point(place: dict[str, Any], kind: str) -> dict[str, Any]:
    minzoom = LABEL_ZOOM.get(place["country"], DEFAULT_LABEL_ZOOM) if kind == "admin1" else 7.5
    return {
        "type": "Feature",
        "properties": {"name": place["name"], "name_ar": place["name_ar"], "kind": kind, "minzoom": minzoom},
        "geometry": {"type": "Point", "coordinates": [round(place["lon"], 4), round(place["lat"], 4)]},
    }


NOTICE = """Marsad's offline base map, built by scripts/build_basemap.py.

- countries.geojson: Natural Earth 1:50m Admin 0 countries (public domain, https://www.naturalearthdata.com),
  through the world-atlas npm package (ISC licence, Mike Bostock; licence text below), clipped and simplified.
- admin1.geojson: approximate province outlines derived from the points of Who's On First (CC0 and CC BY;
  credit: Who's On First, https://whosonfirst.org, and its sources, GeoNames CC BY 4.0) by a Voronoi diagram
  cut to the Natural Earth country outlines. Its labels, and places.geojson, come from Marsad's gazetteer
  (src/marsad/resources/geo/NOTICE: Open-Syria / OCHA COD CC BY 4.0, GeoNames CC BY 4.0, m7amad-t/iraq_geo_data MIT).

world-atlas licence:
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world-atlas", type=Path, required=True, help="world-atlas countries-50m.json")
    parser.add_argument("--world-atlas-license", type=Path, required=True, help="world-atlas LICENSE")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    OUT.mkdir(parents=True, exist_ok=True)

    outlines = countries(args.world_atlas)
    region = box(*REGION)
    country_features = []
    for name, outline in sorted(outlines.items()):
        clipped = outline.intersection(region)
        if clipped.is_empty:
            continue
        simplified = clipped.simplify(COUNTRY_TOLERANCE, preserve_topology=True)
        country_features.append(_feature(simplified, {"name": name}))
    _write("countries.geojson", {"type": "FeatureCollection", "features": country_features})

    rows = _gazetteer_rows()
    labels = [_point(p, "admin1") for p in rows if p["kind"] == "governorate" and p["lat"] is not None]
    admin1 = {
        "type": "FeatureCollection",
        "features": provinces(outlines),
        "labels": {"type": "FeatureCollection", "features": labels},
    }
    _write("admin1.geojson", admin1)

    towns = [
        _point(p, p["kind"])
        for p in rows
        if p["lat"] is not None
        and (p["kind"] == "city" or (p["kind"] == "town" and p["pop"] >= MIN_TOWN_POP))
    ]
    _write("places.geojson", {"type": "FeatureCollection", "features": towns})
    (OUT / "NOTICE").write_text(
        NOTICE + args.world_atlas_license.read_text(encoding="utf-8"), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
