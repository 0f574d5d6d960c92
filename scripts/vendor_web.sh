#!/usr/bin/env bash
# Refresh the web view's third-party browser libraries from npm (build time only; nothing is fetched at run
# time) and rebuild the offline base map from world-atlas and ../shared/data.
#
#   bash scripts/vendor_web.sh            # the pinned versions below
#
# Each library is copied with its licence into src/marsad/web/static/vendor/<name>/ and listed, with its
# version, in src/marsad/web/static/vendor/VERSIONS.txt. The base map (scripts/build_basemap.py) needs shapely:
# `.venv/bin/pip install shapely` (a build-time tool only, not a dependency of Marsad).
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
UPLOT=1.6.32
SWAGGER_UI=5.36.0
WORLD_ATLAS=2.0.2

work=build/npm
rm -rf "$work"
mkdir -p "$work"
# swagger-ui-dist depends on an install-analytics package; keep it quiet and offline
export SCARF_ANALYTICS=false
npm install --prefix "$work" --no-audit --no-fund --ignore-scripts --silent \
  "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" "uplot@$UPLOT" \
  "swagger-ui-dist@$SWAGGER_UI" "world-atlas@$WORLD_ATLAS"
nm="$work/node_modules"

vendor=src/marsad/web/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor"/{leaflet/images,leaflet.markercluster,uplot,swagger-ui}

cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "$nm/leaflet/LICENSE" "$vendor/leaflet/"
cp "$nm/leaflet/dist/images/"*.png "$vendor/leaflet/images/"
cp "$nm/leaflet.markercluster/dist/leaflet.markercluster.js" "$nm/leaflet.markercluster/dist/MarkerCluster.css" \
  "$nm/leaflet.markercluster/MIT-LICENCE.txt" "$vendor/leaflet.markercluster/"
cp "$nm/uplot/dist/uPlot.iife.min.js" "$nm/uplot/dist/uPlot.min.css" "$nm/uplot/LICENSE" "$vendor/uplot/"
cp "$nm/swagger-ui-dist/swagger-ui-bundle.js" "$nm/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt" \
  "$nm/swagger-ui-dist/swagger-ui.css" "$nm/swagger-ui-dist/LICENSE" "$nm/swagger-ui-dist/NOTICE" "$vendor/swagger-ui/"
# the bundles end with a source-map comment naming a file that is not shipped: drop it (no 404 in the console)
sed -i '/^\/\/# sourceMappingURL=/d' "$vendor/leaflet/leaflet.js" "$vendor/leaflet.markercluster/leaflet.markercluster.js" \
  "$vendor/swagger-ui/swagger-ui-bundle.js"
sed -i 's|/\*# sourceMappingURL=[^*]*\*/||' "$vendor/swagger-ui/swagger-ui.css"

{
  echo "# Browser libraries vendored by scripts/vendor_web.sh from npm (licences beside each)."
  for pkg in leaflet leaflet.markercluster uplot swagger-ui-dist world-atlas; do
    version=$(node -p "require('./$nm/$pkg/package.json').version")
    license=$(node -p "require('./$nm/$pkg/package.json').license")
    echo "$pkg $version $license"
  done
} > "$vendor/VERSIONS.txt"

basemap_args=(--world-atlas "$nm/world-atlas/countries-50m.json" --world-atlas-license "$nm/world-atlas/LICENSE")
if .venv/bin/python -c "import shapely" 2>/dev/null; then
  .venv/bin/python scripts/build_basemap.py "${basemap_args[@]}"
else
  echo "shapely is not installed: the base map was not rebuilt (.venv/bin/pip install shapely)" >&2
fi
echo "vendored into $vendor:"
cat "$vendor/VERSIONS.txt"
