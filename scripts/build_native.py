"""Compile the extraction engine's hot modules with mypyc into extension modules beside their sources.

    .venv/bin/python scripts/build_native.py            # build (or rebuild what changed); run by scripts/setup.sh
    .venv/bin/python scripts/build_native.py --no-pgo   # a quicker build without the profile (while editing)
    .venv/bin/python scripts/build_native.py --check    # exit 1 if a compiled module is older than its source
    .venv/bin/python scripts/build_native.py --clean    # remove the compiled modules: pure Python again

Python imports ``marsad/text/normalize.cpython-311-x86_64-linux-gnu.so`` before ``normalize.py`` when both are in
the same folder, so the compiled modules replace the sources without any change to the code that imports them; with
no compiled module the package is the same pure Python. The build is optional: without mypyc or a C compiler it
logs why and exits 0 (the pure sources run, slower). The ``.so`` files, the shared ``marsad_native__mypyc`` library
and ``build/native`` are git-ignored. ``src/marsad/native.json`` records the SHA-256 of each compiled source, so
that ``--check`` (and the test suite, ``tests/conftest.py``) can tell a compiled module from a source edited since.

With GCC and the corpus beside the project (:data:`PGO_CORPUS`), the build is guided by a profile: the modules are
compiled once with instrumentation (``-fprofile-generate``), the engine extracts :data:`PGO_ARTICLES` corpus articles
with them, and they are compiled again with the counts (``-fprofile-use``), with link-time optimisation across the
modules. The code is the same; the compiler lays out and inlines it for the branches the articles take. About 1.1x
the engine's speed against the plain build (docs/performance.md, "The thirteenth session"); the build takes about
twice as long. Without GCC or the corpus, or with ``--no-pgo``, the plain build runs (what changed only).
Details: docs/native.md.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from typing import Any

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

#: The articles the profile-guided build trains on (read at build time only; nothing of them is kept but the
#: compiler's counts in ``build/native``): one line in :data:`PGO_EVERY`, :data:`PGO_ARTICLES` of them. The corpus
#: is in blocks of one category and outlet; a line in ten takes every category in its share (the first 3,000 lines
#: hold no Middle East news, the articles that reach the deepest stages).
PGO_CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
PGO_ARTICLES = 3000
PGO_EVERY = 10
# Across modules: inlining at link time, and calls between the group's C files that may be bound within the library.
_LTO = ["-flto=auto", "-fno-semantic-interposition"]
_PGO_GENERATE = ["-fprofile-generate", *_LTO]
# ``-fprofile-partial-training``: what the articles never ran is optimised as in the plain build, not for size;
# ``-Wno-missing-profile``: a file whose code the training never reached; ``-Wno-coverage-mismatch``: a function whose
# counts do not fit its code is compiled without them (both are errors under mypyc's -Werror; neither happens when
# both passes compile the same C, as here)
_PGO_USE = [
    "-fprofile-use", "-fprofile-correction", "-fprofile-partial-training", "-Wno-missing-profile",
    "-Wno-coverage-mismatch", *_LTO,
]
#: The kind of the last build in ``build/native`` (plain or pgo): its objects are reused only by a build of its kind.
VARIANT = BUILD / "variant"
# the training run, in a fresh interpreter importing the modules just built (``src`` first on its path)
_TRAIN = """
import gzip, json, sys
from marsad.extract.pipeline import Extractor
extractor = Extractor.default()
limit, every = int(sys.argv[2]), int(sys.argv[3])
done = events = 0
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as fh:
    for n, line in enumerate(fh):
        if n >= limit * every:
            break
        if n % every:
            continue
        row = json.loads(line)
        title = (row.get("title") or "").strip()
        text = (row.get("text") or "").replace("\\r\\n", "\\n")
        if title and not text.lstrip().startswith(title):
            text = title + "\\n" + text
        if text.strip():
            done += 1
            events += len(extractor.extract(text, published=row.get("published"), doc_id=row.get("id")).events)
print(done, events)
"""

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


def _gcc() -> bool:
    """Whether the C compiler is GCC (the profile flags and files below are GCC's)."""
    cc = (sysconfig.get_config_var("CC") or "cc").split()
    try:
        out = subprocess.run([*cc[:1], "-v"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return "gcc version" in out.stderr


def _compile(extensions: list[Any], flags: list[str], quiet: bool, force: bool) -> None:
    """``build_ext --inplace`` of copies of the extensions, each with ``flags`` added to its compile and link
    commands (the extensions themselves are left as they are, for the next pass)."""
    from setuptools import Distribution

    flagged = []
    for ext in extensions:
        ext = copy.copy(ext)
        ext.extra_compile_args = [*ext.extra_compile_args, *flags]
        ext.extra_link_args = [*ext.extra_link_args, *flags]
        flagged.append(ext)
    dist = Distribution({"name": "marsad-native", "ext_modules": flagged})
    dist.verbose = 0 if quiet else 1
    dist.script_args = [
        "build_ext", "--inplace", "--build-temp", str(BUILD / "temp"), "--build-lib", str(BUILD / "lib"),
        "--parallel", str(os.cpu_count() or 1), *(["--force"] if force else []),
    ]
    dist.parse_command_line()
    dist.run_commands()


def _train(corpus: Path, articles: int, every: int = PGO_EVERY) -> tuple[int, int]:
    """The engine of ``src`` (as just built with instrumentation: the counts land in ``build/native`` beside the
    objects) over one line in ``every`` of ``corpus``, ``articles`` lines at most; the articles extracted and their
    events. The resource cache is off: its key names the sources of the last finished build."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "MARSAD_CACHE_DIR": "off", "PYTHONHASHSEED": "0"}
    run = subprocess.run(
        [sys.executable, "-c", _TRAIN, str(corpus), str(articles), str(every)],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    done, events = run.stdout.split()
    return int(done), int(events)


def _profiled(extensions: list[Any], quiet: bool) -> None:
    """The profile-guided build: instrumented, trained on the corpus, compiled again with the counts."""
    for counts in (BUILD / "temp").rglob("*.gcda"):  # (counts of older code would not match it)
        counts.unlink()
    _compile(extensions, _PGO_GENERATE, quiet, force=True)
    t0 = time.perf_counter()
    done, events = _train(PGO_CORPUS, PGO_ARTICLES)
    log.info("profile: %d articles extracted (%d events) in %.1f s", done, events, time.perf_counter() - t0)
    _compile(extensions, _PGO_USE, quiet, force=True)


def build(opt_level: str, quiet: bool, pgo: bool = True) -> int:
    try:
        from mypyc.build import mypycify
        from setuptools import Extension
    except ImportError as exc:
        log.warning("native build skipped (%s): the pure Python sources run", exc)
        return 0
    if shutil.which((sysconfig.get_config_var("CC") or "cc").split()[0]) is None:
        log.warning("native build skipped (no C compiler): the pure Python sources run")
        return 0
    if pgo and not PGO_CORPUS.is_file():
        log.info("no corpus at %s: the plain build (no profile)", PGO_CORPUS)
        pgo = False
    if pgo and not _gcc():
        log.info("the C compiler is not GCC: the plain build (no profile)")
        pgo = False
    t0 = time.perf_counter()
    remove_strays()
    BUILD.mkdir(parents=True, exist_ok=True)
    variant = "pgo" if pgo else "plain"
    try:
        previous = VARIANT.read_text(encoding="utf-8").strip()
    except OSError:
        previous = ""
    VARIANT.unlink(missing_ok=True)  # (written again once this build has succeeded)
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
        if pgo:
            try:
                _profiled(extensions, quiet)
            except (Exception, SystemExit) as exc:  # (a flag the compiler lacks, a failed run): the plain build
                detail = getattr(exc, "stderr", None) or ""
                log.warning("profile-guided build failed (%s): the plain build %s", exc, detail[-2000:])
                pgo, variant, previous = False, "plain", "pgo"
        if not pgo:  # (the objects of a profiled build are no plain build's)
            _compile(extensions, [], quiet, force=previous != "plain")
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
    VARIANT.write_text(variant + "\n", encoding="utf-8")
    sources = {m: _sha(SRC / m) for m in (*MODULES, *(c for _, c in C_EXTENSIONS))}
    manifest = {"group": GROUP, "sources": sources, "profile": PGO_ARTICLES if pgo else None}
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    log.info(
        "native build (%s): %d modules compiled and %d C extension(s) built in %.1f s",
        "profile-guided" if pgo else "plain", len(MODULES), len(C_EXTENSIONS), time.perf_counter() - t0,
    )
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 if a compiled module is older than its source")
    ap.add_argument("--clean", action="store_true", help="remove the compiled modules (pure Python again)")
    ap.add_argument("--opt-level", default="3", help="mypyc's C optimisation level (default 3)")
    ap.add_argument("--quiet", action="store_true", help="only the summary (and the compiler's errors)")
    ap.add_argument(
        "--pgo", action=argparse.BooleanOptionalAction, default=True,
        help="guide the build by a profile of the engine on corpus articles (default: with GCC and the corpus)",
    )
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log.setLevel(logging.INFO)  # (setuptools sets the root logger's level from its verbosity while it builds)
    if args.clean:
        clean()
        return 0
    if args.check:
        stale = stale_modules()
        for rel in stale:
            log.error("compiled module older than its source: %s (run scripts/build_native.py)", rel)
        return 1 if stale else 0
    return build(args.opt_level, args.quiet, args.pgo)


if __name__ == "__main__":
    sys.exit(main())
