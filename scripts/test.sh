#!/usr/bin/env bash
# The README's test command: set up, then lint (ruff), type-check (mypy) and run the test suite (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests scripts benchmarks
.venv/bin/mypy
.venv/bin/pytest "$@"
