#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment in .venv and install Marsad with its development tools and
# pyspark for `marsad batch` (which also needs Java 17 on the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
# The interpreter of a new .venv: $MARSAD_PYTHON if set; else the first of python3 and /usr/bin/python3 that is a
# CPython 3.11 or newer with venv, preferring one whose executable holds the interpreter itself over one that calls
# it in a shared libpython (every call within the interpreter then goes through the dynamic linker's tables). Such
# a build (Debian's /usr/bin/python3.11) runs the engine about 1.15x faster than pyenv's default build
# (docs/performance.md, "The thirteenth session"). An existing .venv is kept: remove it to choose again.
pick_python() {
  if [ -n "${MARSAD_PYTHON:-}" ]; then
    echo "$MARSAD_PYTHON"
    return
  fi
  local first="" cand exe deps
  for cand in python3 /usr/bin/python3; do
    exe=$("$cand" -c 'import sys, ensurepip, venv
assert sys.implementation.name == "cpython" and sys.version_info >= (3, 11)
print(sys.executable)' 2>/dev/null) || continue
    [ -n "$first" ] || first=$exe
    command -v ldd >/dev/null || continue
    deps=$(ldd "$exe" 2>/dev/null || true)  # (read whole: a pipe into grep -q may end ldd early, under pipefail)
    if [[ "$deps" != *libpython* ]]; then
      echo "$exe"
      return
    fi
  done
  echo "${first:-python3}"
}
if [ ! -x .venv/bin/python ]; then
  python=$(pick_python)
  echo "setup: creating .venv with $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))" >&2
  "$python" -m venv .venv
fi
stamp=.venv/.marsad-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev,batch]'
  touch "$stamp"
fi
# the engine's hot modules compiled with mypyc beside their sources (scripts/build_native.py, docs/native.md): about
# 1.3x the pure engine's speed; without a C compiler, or with MARSAD_NATIVE=0, the pure Python sources run. Rebuilt
# only when a compiled module's source changed (a stale build would run old code: --check tells)
if [ "${MARSAD_NATIVE:-1}" = "0" ]; then
  .venv/bin/python scripts/build_native.py --clean >/dev/null
elif ! .venv/bin/python scripts/build_native.py --check >/dev/null 2>&1 || [ ! -f src/marsad/native.json ]; then
  .venv/bin/python scripts/build_native.py --quiet || true
fi
# byte-code of the sources, so that a command starts without compiling them (even where PYTHONDONTWRITEBYTECODE is
# set; a source changed since is compiled again when imported): about a third of `marsad extract`'s start-up
.venv/bin/python -m compileall -q src >/dev/null || true
# the compiled gazetteer and lexicon in the user's cache (src/marsad/cache.py), so that the first command starts
# as fast as the next ones (a cache that cannot be written only means each command compiles them: ~1.5 s)
.venv/bin/python -c "from marsad.extract.pipeline import Extractor; Extractor.default()" >/dev/null 2>&1 || true
