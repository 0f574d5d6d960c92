"""Compile the extraction engine's hot modules with mypyc into extension modules beside their sources.

    .venv/bin/python scripts/build_native.py            # build (or rebuild what changed); run by scripts/setup.sh
    .venv/bin/python scripts/build_native.py --check    # exit 1 if a compiled module is older than its source
    .venv/bin/python scripts/build_native.py --clean    # remove the compiled modules: pure Python again

Python imports ``marsad/text/normalize.cpython-311-x86_64-linux-gnu.so`` before ``normalize.py`` when both are in
the same folder, so the compiled modules replace the sources without any change to the code that imports them; with
no compiled module the package is the same pure Python. The build is optional: without mypyc or a C compiler it
logs why and exits 0 (the pure sources run, slower). The ``.so`` files, the shared ``marsad_native__mypyc`` library
and ``build/native`` are git-ignored. ``src/marsad/native.json`` records the SHA-256 of each compiled source, so
that ``--check`` (and the test suite, ``tests/conftest.py``) can tell a compiled module from a source edited since.
Details: docs/native.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
BUILD = ROOT / "build" / "native"
MANIFEST = SRC / "marsad" / "native.json"
GROUP = "marsad_native"

# The modules the extraction engine runs for every article (profiled: docs/performance.md, branch speed5). Not the
# resource builders (run once, then cached) nor the store, API, CLI and batch layers.
MODULES: tuple[str, ...] = (
    "marsad/text/_resources.py",
    "marsad/text/normalize.py",
    "marsad/text/segment.py",
    "marsad/text/numbers.py",
    "marsad/text/dates.py",
    "marsad/lexicon/matcher.py",
    "marsad/geo/mentions.py",
    "marsad/extract/candidates.py",
    "marsad/extract/discourse.py",
    "marsad/extract/document.py",
    "marsad/extract/pipeline.py",
    "marsad/extract/roles.py",
    "marsad/extract/arguments.py",
    "marsad/extract/actor_mentions.py",
    "marsad/extract/attribution.py",
    "marsad/extract/spans.py",
    "marsad/extract/records.py",
    "marsad/extract/decide.py",
    "marsad/extract/merge.py",
    "marsad/lexicon/compiled.py",
    "marsad/lexicon/nisba.py",
    "marsad/lexicon/discourse.py",
    "marsad/geo/gazetteer.py",
    "marsad/geo/data.py",
)
# Extension modules written in C, built with the compiled modules (docs/native.md, "The scanner"): each module's name
# and its source, relative to src/.
C_EXTENSIONS: tuple[tuple[str, str], ...] = (("marsad.text._scan", "marsad/text/_scan.c"),)

log = logging.getLogger("build_native")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extension_suffix() -> str:
    return str(sysconfig.get_config_var("EXT_SUFFIX"))


def compiled_files() -> list[Path]:
    """Every compiled module of the package and the shared library, as they lie in ``src``."""
    suffix = _extension_suffix()
    found = sorted((SRC / "marsad").rglob(f"*{suffix}"))
    return found + sorted(SRC.glob(f"{GROUP}__mypyc*{suffix}"))


def stale_modules() -> list[str]:
    """The compiled modules whose source changed since the build (or that the manifest does not list), and, when
    there is a build, the modules of :data:`MODULES` it lacks. Nothing compiled: nothing stale (pure Python)."""
    suffix = _extension_suffix()
    try:
        recorded: dict[str, str] = json.loads(MANIFEST.read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError):
        recorded = {}
    stale = []
    built = sorted((SRC / "marsad").rglob(f"*{suffix}"))
    c_sources = {name.replace(".", "/"): source for name, source in C_EXTENSIONS}
    for so in built:
        stem = so.relative_to(SRC).as_posix()[: -len(suffix)]
        rel = c_sources.get(stem, stem + ".py")
        source = SRC / rel
        if not source.exists() or recorded.get(rel) != _sha(source):
            stale.append(rel)
    if built:
        stale += [m for m in (*MODULES, *(c for _, c in C_EXTENSIONS)) if m not in recorded]
    return stale


def stale_message() -> str | None:
    """What to tell a tool that would run this tree's engine on a stale build (None when the build is fresh or there
    is none): a compiled module is imported before its edited source, so the old code would run."""
    stale = stale_modules()
    if not stale:
        return None
    return (
        f"compiled modules older than their sources: {', '.join(stale)}; run scripts/build_native.py "
        "(or scripts/build_native.py --clean for pure Python)"
    )


def clean() -> None:
    for path in compiled_files():
        path.unlink()
        log.info("removed %s", path.relative_to(ROOT))
    MANIFEST.unlink(missing_ok=True)


def remove_strays() -> None:
    """Remove compiled modules of the package that neither :data:`MODULES` nor :data:`C_EXTENSIONS` build any more
    (a module since moved or no longer compiled): left beside the sources they would shadow a source, or count as
    stale for ever."""
    suffix = _extension_suffix()
    wanted = {m[: -len(".py")] for m in MODULES} | {name.replace(".", "/") for name, _ in C_EXTENSIONS}
    for so in sorted((SRC / "marsad").rglob(f"*{suffix}")):
        if so.relative_to(SRC).as_posix()[: -len(suffix)] not in wanted:
            so.unlink()
            log.info("removed %s (no longer built)", so.relative_to(ROOT))


def build(opt_level: str, quiet: bool) -> int:
    try:
        from mypyc.build import mypycify
        from setuptools import Distribution, Extension
    except ImportError as exc:
        log.warning("native build skipped (%s): the pure Python sources run", exc)
        return 0
    if shutil.which((sysconfig.get_config_var("CC") or "cc").split()[0]) is None:
        log.warning("native build skipped (no C compiler): the pure Python sources run")
        return 0
    t0 = time.perf_counter()
    remove_strays()
    BUILD.mkdir(parents=True, exist_ok=True)
    cwd = Path.cwd()
    stdout = os.dup(1)
    if quiet:  # mypyc's notes ("Treating generator comprehension as list") and the compiler's commands
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    os.chdir(SRC)  # module names come from the paths (marsad/text/normalize.py -> marsad.text.normalize)
    try:
        extensions = mypycify(
            ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(BUILD / "mypy_cache"), *MODULES],
            opt_level=opt_level,
            group_name=GROUP,
            target_dir=str(BUILD / "c"),
            multi_file=True,  # one C file per module: compiled in parallel, and only the changed ones again
            verbose=False,
        )
        extensions += [Extension(name, [source], extra_compile_args=["-O3"]) for name, source in C_EXTENSIONS]
        dist = Distribution({"name": "marsad-native", "ext_modules": extensions})
        dist.verbose = 0 if quiet else 1
        dist.script_args = [
            "build_ext", "--inplace", "--build-temp", str(BUILD / "temp"), "--build-lib", str(BUILD / "lib"),
            "--parallel", str(os.cpu_count() or 1),
        ]
        dist.parse_command_line()
        dist.run_commands()
    except (Exception, SystemExit) as exc:  # a failed compilation must not fail the set-up: pure Python remains
        log.warning("native build failed (%s): removing any partial build, the pure Python sources run", exc)
        os.chdir(cwd)
        clean()
        return 0
    finally:
        sys.stdout.flush()
        os.dup2(stdout, 1)
        os.close(stdout)
        os.chdir(cwd)
    sources = {m: _sha(SRC / m) for m in (*MODULES, *(c for _, c in C_EXTENSIONS))}
    MANIFEST.write_text(json.dumps({"group": GROUP, "sources": sources}, indent=1) + "\n", encoding="utf-8")
    log.info(
        "native build: %d modules compiled and %d C extension(s) built in %.1f s",
        len(MODULES), len(C_EXTENSIONS), time.perf_counter() - t0,
    )
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 if a compiled module is older than its source")
    ap.add_argument("--clean", action="store_true", help="remove the compiled modules (pure Python again)")
    ap.add_argument("--opt-level", default="3", help="mypyc's C optimisation level (default 3)")
    ap.add_argument("--quiet", action="store_true", help="only the summary (and the compiler's errors)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.clean:
        clean()
        return 0
    if args.check:
        stale = stale_modules()
        for rel in stale:
            log.error("compiled module older than its source: %s (run scripts/build_native.py)", rel)
        return 1 if stale else 0
    return build(args.opt_level, args.quiet)


if __name__ == "__main__":
    sys.exit(main())
