#!/usr/bin/env bash
# The README's main job: set up, then ingest the canonical article into the default SQLite store (./marsad.db)
# and print its events as a table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/marsad ingest examples/alwatan-2022-01-30-hasakah.txt --published 2022-01-30 --outlet "Al-Watan" --show
