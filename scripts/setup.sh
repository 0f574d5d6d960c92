#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment in .venv and install Marsad with its development tools and
# pyspark for `marsad batch` (which also needs Java 17 on the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.marsad-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev,batch]'
  touch "$stamp"
fi
