"""Extraction throughput of one process over the benchmark corpus, against two references.

    .venv/bin/python benchmarks/throughput.py                  # all 31,517 articles (about 3 minutes)
    .venv/bin/python benchmarks/throughput.py --limit 3000     # a sample
    .venv/bin/python benchmarks/throughput.py --no-spacy --profile /tmp/engine.prof

Figures printed (no assertions; docs/performance.md records them):

- **engine**: ``Extractor.default().extract(text, published=..., doc_id=..., outlet=..., title=...)`` (what
  ``marsad.extract`` runs) on every article, its text being the title line then the body as ``marsad ingest``
  builds it. Articles/s and MB/s (UTF-8 bytes of that text) count the extraction calls only: reading the corpus
  is not timed, and the first load of the resources (lexicon, gazetteer) with one warm-up extraction is reported
  separately. The engine and the spaCy reference take turns on chunks of ``--chunk`` articles, so that both sides
  of their ratio are timed over the same minutes of a shared machine; the corpus is streamed, never held in memory.
- **Aho-Corasick reference**: one pyahocorasick pass over the normalised text with the same actor, place and
  trigger forms (normalised), with and without the normalisation itself: the floor of any dictionary engine.
- **end to end** (``--cli``, on by default): ``marsad extract ARTICLES.jsonl --format jsonl -o /dev/null`` as its own
  process over the same articles (written once, untimed, to a JSON Lines file in a temporary directory): start-up,
  reading and checking each line, extraction and writing the records, by wall clock and by the CPU time of the
  child process; its peak RSS (``ru_maxrss``) is the engine's peak RSS; and the start-up of the same command on a
  two-line article (best of three). The spaCy reference is timed again just before and just after the command
  (``--around``, on by default), and the command's ratio to it printed from those: the host's speed drifts by a
  third from one minute to the next, and the command runs minutes after the engine's pass. With ``--cli-jobs N``
  (default 2), ``marsad extract --jobs N`` is timed too: what the machine's cores give, not the targets' measure
  (one process each).
- **spaCy reference** (``pip install -e .[bench]``; skipped with a message when spaCy is missing):
  ``spacy.blank("ar")`` tokenizer + ``PhraseMatcher(attr="ORTH")`` loaded with the same forms (as written and
  normalised), over the same texts as given to the engine; the ratio engine/spaCy is printed.

The corpus (``../shared/data/corpus/ant-2018.jsonl.gz``, ANT Corpus v2.1, see its README) is read only here.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import gzip
import io
import json
import os
import platform
import pstats
import resource
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"


@dataclass(frozen=True, slots=True)
class Article:
    doc_id: str
    text: str
    published: str | None
    outlet: str | None
    title: str | None


def articles(path: Path, limit: int | None) -> Iterator[Article]:
    """The corpus articles, streamed; the text is the title line then the body (as ``marsad ingest`` does)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            obj = json.loads(line)
            text = obj.get("text") or ""
            title = (obj.get("title") or "").strip() or None
            if title and not text.lstrip().startswith(title):
                text = f"{title}\n{text}"
            published = obj.get("published")
            yield Article(obj["id"], text, published[:10] if published else None, obj.get("outlet"), title)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (``ru_maxrss`` is in KiB on Linux)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    except OSError:
        return float("nan")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


@dataclass(slots=True)
class Pass:
    """Timing of one pass: articles, characters, UTF-8 bytes and seconds spent in the timed calls."""

    name: str
    docs: int = 0
    chars: int = 0
    nbytes: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of this process in the same calls (steadier on a shared VM)

    @property
    def per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else float("nan")

    @property
    def cpu_per_s(self) -> float:
        return self.docs / self.cpu_seconds if self.cpu_seconds else float("nan")

    @property
    def mb_per_s(self) -> float:
        return self.nbytes / 1e6 / self.seconds if self.seconds else float("nan")

    def line(self) -> str:
        us = self.seconds / self.docs * 1e6 if self.docs else float("nan")
        return (
            f"{self.name:<34} {self.per_s:>9,.0f} articles/s  {self.mb_per_s:>6.2f} MB/s  "
            f"{us:>7.0f} us/article  ({self.docs:,} articles, {self.seconds:.1f} s; "
            f"CPU {self.cpu_per_s:,.0f} articles/s)"
        )


def _timed(p: Pass, fn: Callable[[Article], object], art: Article) -> None:
    """One call of ``fn``, its wall and CPU time and the article's size added to ``p``."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn(art)
    p.seconds += time.perf_counter() - t0
    p.cpu_seconds += time.process_time() - c0
    p.docs += 1
    p.chars += len(art.text)
    p.nbytes += len(art.text.encode("utf-8"))


def timed_pass(name: str, path: Path, limit: int | None, fn: Callable[[Article], object]) -> Pass:
    """Run ``fn`` on every article, timing the calls only (reading and decoding the corpus is not timed)."""
    p = Pass(name)
    for art in articles(path, limit):
        _timed(p, fn, art)
    return p


def interleaved_passes(
    path: Path, limit: int | None, runners: list[tuple[str, Callable[[Article], object]]], chunk: int
) -> list[Pass]:
    """Each runner over every article, the runners taking turns on chunks of ``chunk`` articles: on a shared VM
    whose speed drifts from minute to minute, both sides of a ratio are timed over the same minutes."""
    passes = [Pass(name) for name, _ in runners]
    batch: list[Article] = []

    def flush() -> None:
        for p, (_, fn) in zip(passes, runners, strict=True):
            for art in batch:
                _timed(p, fn, art)
        batch.clear()

    for art in articles(path, limit):
        batch.append(art)
        if len(batch) == chunk:
            flush()
    flush()
    return passes


# ------------------------------------------------------------------------------------------------ dictionary forms


def dictionary_forms() -> dict[str, list[str]]:
    """The actor, place and trigger forms the engine matches, as written in the resources."""
    from marsad.geo.data import GAZETTEER_FILE, load_places
    from marsad.lexicon.resources import actor_phrase_entries
    from marsad.lexicon.triggers import conjugate_imperfect, conjugate_perfect, load_triggers

    actors = [form for form, _, _ in actor_phrase_entries()]
    triggers: list[str] = []
    for g in load_triggers().groups:
        triggers.extend(g.nouns)
        for verb in g.verbs:
            triggers.extend(conjugate_perfect(verb))
        triggers.extend(g.passive)
        for verb in g.imperfect:
            triggers.extend(conjugate_imperfect(verb))
    places: list[str] = []
    for p in load_places(GAZETTEER_FILE):
        places.extend(p.forms)
        if p.name_ar:
            places.append(p.name_ar)
    return {"ACTOR": actors, "PLACE": places, "TRIGGER": triggers}


def normalised_forms(forms: dict[str, list[str]]) -> set[str]:
    from marsad.text.normalize import normalize_str

    out: set[str] = set()
    for group in forms.values():
        for f in group:
            key = " ".join(normalize_str(f).split())
            if len(key) >= 2:
                out.add(key)
    return out


# ------------------------------------------------------------------------------------------------ passes


def engine_runner(path: Path, profile: cProfile.Profile | None) -> tuple[Callable[[Article], None], dict[str, Any]]:
    """The engine loaded (and warmed up on one article), and a function that extracts one article."""
    from marsad.errors import MarsadError
    from marsad.extract.pipeline import Extractor

    info: dict[str, Any] = {"rss_before_load": current_rss_mb()}
    t0 = time.perf_counter()
    extractor = Extractor.default()  # compiles the lexicon and loads the gazetteer
    first = next(articles(path, 1))
    extractor.extract(first.text, published=first.published, doc_id=first.doc_id, outlet=first.outlet)
    info["load_s"] = time.perf_counter() - t0
    info["rss_after_load"] = current_rss_mb()
    counts = {"events": 0, "with_events": 0, "failed": 0}

    info["counts"] = counts

    def run(a: Article) -> None:
        if profile:
            profile.enable()
        try:
            rec = extractor.extract(
                a.text, published=a.published, doc_id=a.doc_id, outlet=a.outlet, title=a.title
            )
        except MarsadError:
            counts["failed"] += 1
            return
        finally:
            if profile:
                profile.disable()
        counts["events"] += len(rec.events)
        counts["with_events"] += bool(rec.events)

    gc.collect()
    return run, info


def ac_passes(path: Path, limit: int | None, keys: set[str]) -> tuple[Pass, Pass, int]:
    import ahocorasick

    from marsad.text.normalize import normalize

    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for k in keys:
        automaton.add_word(k)
    automaton.make_automaton()
    hits = 0

    def with_norm(a: Article) -> None:
        nonlocal hits
        for _ in automaton.iter(normalize(a.text).text):
            hits += 1

    p1 = timed_pass("normalise + Aho-Corasick pass", path, limit, with_norm)
    # the pass alone, over texts normalised beforehand (untimed), in chunks so the corpus is never all in memory
    p2 = Pass("Aho-Corasick pass alone")
    chunk: list[Article] = []

    def flush() -> None:
        texts = [normalize(a.text).text for a in chunk]
        t0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            for _ in automaton.iter(t):
                pass
        p2.seconds += time.perf_counter() - t0
        p2.cpu_seconds += time.process_time() - c0
        for a in chunk:
            p2.docs += 1
            p2.chars += len(a.text)
            p2.nbytes += len(a.text.encode("utf-8"))
        chunk.clear()

    for a in articles(path, limit):
        chunk.append(a)
        if len(chunk) == 2000:
            flush()
    flush()
    return p1, p2, hits


def spacy_runner(forms: dict[str, list[str]]) -> tuple[Callable[[Article], None], dict[str, Any]]:
    """spaCy's tokenizer and PhraseMatcher built with ``forms``, and a function that matches one article."""
    import spacy
    from spacy.matcher import PhraseMatcher

    from marsad.text.normalize import normalize_str

    t0 = time.perf_counter()
    nlp = spacy.blank("ar")
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    tokenizer: Any = nlp.tokenizer
    n_patterns = 0
    for label, group in forms.items():
        # each form as written and normalised (spaCy gets the text as given, not normalised)
        variants = {" ".join(f.split()) for f in group} | {" ".join(normalize_str(f).split()) for f in group}
        docs = list(tokenizer.pipe(sorted(v for v in variants if len(v) >= 2)))
        n_patterns += len(docs)
        matcher.add(label, docs)
    info: dict[str, Any] = {
        "build_s": time.perf_counter() - t0, "patterns": n_patterns, "hits": 0, "version": spacy.__version__
    }

    def run(a: Article) -> None:
        info["hits"] += len(matcher(tokenizer(a.text)))

    return run, info


# Runs the `marsad` command and writes its peak RSS (VmHWM, in kB) to argv[1]: the child's own peak, which
# ru_maxrss of a child would mix with the pages of the benchmark process it was started from.
_CLI_WRAPPER = """
import sys
out = sys.argv[1]
sys.argv = ["marsad", *sys.argv[2:]]
try:
    from marsad.cli.main import app
    app()
finally:
    with open("/proc/self/status") as fh:
        hwm = next((line.split()[1] for line in fh if line.startswith("VmHWM:")), "0")
    with open(out, "w") as fh:
        fh.write(hwm)
"""


def cli_pass(
    path: Path, limit: int | None, jobs: int = 0, between: Callable[[], None] | None = None
) -> tuple[Pass, float, float, Pass | None]:
    """``marsad extract`` over the articles as one process (see the module docstring); (pass, start-up seconds of
    the same command on a two-line article, peak RSS in MB, and with ``jobs`` > 1 the pass of
    ``marsad extract --jobs JOBS`` over the same file: its CPU time counts the workers). ``between`` runs right
    after the one-process command, before the one with workers."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "articles.jsonl"
        p = Pass("marsad extract (end to end)")
        with jsonl.open("w", encoding="utf-8") as fh:
            for a in articles(path, limit):
                fh.write(json.dumps({"id": a.doc_id, "text": a.text, "title": a.title, "published": a.published,
                                     "outlet": a.outlet}, ensure_ascii=False) + "\n")
                p.docs += 1
                p.chars += len(a.text)
                p.nbytes += len(a.text.encode("utf-8"))
        two = Path(tmp) / "two.txt"
        two.write_text("قصف مدفعي على بلدة كفرنبل بريف إدلب الجنوبي\nقتل ثلاثة مدنيين في قصف على مدينة حلب\n")
        hwm = Path(tmp) / "hwm"
        wrapped = [sys.executable, "-c", _CLI_WRAPPER, str(hwm)]
        starts = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([*wrapped, "extract", str(two)], check=False, capture_output=True)
            starts.append(time.perf_counter() - t0)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([*wrapped, "extract", str(jsonl), "--format", "jsonl", "-o", os.devnull], check=False)
        p.seconds = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        p.cpu_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        rss = int(hwm.read_text() or 0) / 1024 if hwm.exists() else float("nan")
        if between is not None:
            between()
        pj = None
        if jobs > 1:
            pj = Pass(f"marsad extract --jobs {jobs}")
            pj.docs, pj.chars, pj.nbytes = p.docs, p.chars, p.nbytes
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            cmd = [*wrapped, "extract", str(jsonl), "--format", "jsonl", "-o", os.devnull, "--jobs", str(jobs)]
            subprocess.run(cmd, check=False)
            pj.seconds = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            pj.cpu_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p, min(starts), rss, pj


# ------------------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles (default: all 31,517)")
    ap.add_argument(
        "--spacy", action=argparse.BooleanOptionalAction, default=True, help="time the spaCy reference"
    )
    ap.add_argument(
        "--ac", action=argparse.BooleanOptionalAction, default=True, help="time the Aho-Corasick reference"
    )
    ap.add_argument(
        "--cli", action=argparse.BooleanOptionalAction, default=True, help="time `marsad extract` end to end"
    )
    ap.add_argument(
        "--around",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time the spaCy matcher again just before and after `marsad extract` (its ratio to the command then "
        "compares the same minutes of a host whose speed drifts)",
    )
    ap.add_argument(
        "--cli-jobs",
        type=int,
        default=2,
        help="also time `marsad extract --jobs N` over the same file (default 2; 0 or 1: not run); the targets "
        "compare one process with the peer, this is what a machine's cores give",
    )
    ap.add_argument(
        "--corpus", type=Path, default=CORPUS, help=f"JSON Lines (.gz) corpus (default: {CORPUS})"
    )
    ap.add_argument(
        "--profile", type=Path, default=None, help="write a cProfile of the engine pass here (slower)"
    )
    ap.add_argument("--chunk", type=int, default=500, help="articles per turn of the interleaved passes")
    args = ap.parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # progress shows when the output is a file
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    import marsad

    print(
        f"marsad {marsad.__version__} (engine {marsad.ENGINE_VERSION}), Python {platform.python_version()}, "
        f"pyahocorasick {version('pyahocorasick')}"
    )
    print(f"machine: {cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}")
    print(f"corpus: {args.corpus.name}, limit {args.limit if args.limit is not None else 'none (all)'}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print()

    prof = cProfile.Profile() if args.profile else None
    run_engine, info = engine_runner(args.corpus, prof)
    print(
        f"resources: loaded in {info['load_s']:.2f} s (lexicon + gazetteer + one warm-up article, not timed below);"
        f" RSS {info['rss_before_load']:.0f} MB before, {info['rss_after_load']:.0f} MB after"
    )
    forms: dict[str, list[str]] = {}
    if args.ac or args.spacy:
        forms = dictionary_forms()
        sizes = ", ".join(f"{len(v):,} {k.lower()}" for k, v in forms.items())
        print(f"reference dictionary: {sizes} forms; {len(normalised_forms(forms)):,} distinct normalised forms")
    runners: list[tuple[str, Callable[[Article], object]]] = [("engine (marsad.extract)", run_engine)]
    sinfo: dict[str, Any] = {}
    if args.spacy:
        try:
            import spacy  # noqa: F401
        except ImportError:
            print("spaCy is not installed: skipping its reference (pip install -e '.[bench]')")
        else:
            run_spacy, sinfo = spacy_runner(forms)
            print(f"spaCy {sinfo['version']}: {sinfo['patterns']:,} patterns built in {sinfo['build_s']:.1f} s")
            runners.append(("spaCy blank('ar') + PhraseMatcher", run_spacy))
    print(f"(the passes below take turns on chunks of {args.chunk} articles)\n")
    passes = interleaved_passes(args.corpus, args.limit, runners, args.chunk)
    eng = passes[0]
    sp = passes[1] if len(passes) > 1 else None
    if prof:
        prof.dump_stats(str(args.profile))
        print(f"(profiled run: cProfile overhead inflates the engine time; stats in {args.profile})")
    counts = info["counts"]
    print(eng.line())
    print(
        f"{'':<34} {eng.chars / eng.docs if eng.docs else 0:,.0f} characters/article on average; "
        f"{counts['events']:,} events in {counts['with_events']:,} articles; {counts['failed']} failed"
    )
    if sp:
        print(sp.line())
        print(f"{'':<34} {sinfo['hits'] / max(sp.docs, 1):,.0f} matches/article")

    cli = cli_jobs = None
    cli_rss = float("nan")
    around: list[Pass] = []  # the spaCy matcher timed again just before and just after the command
    if args.cli:
        if sp and args.around:
            (before,) = interleaved_passes(
                args.corpus, args.limit, [("spaCy, just before the command", run_spacy)], args.chunk
            )
            around.append(before)

        def time_after() -> None:
            if sp and args.around:
                (after,) = interleaved_passes(
                    args.corpus, args.limit, [("spaCy, just after the command", run_spacy)], args.chunk
                )
                around.append(after)

        cli, startup, cli_rss, cli_jobs = cli_pass(args.corpus, args.limit, args.cli_jobs, between=time_after)
        print(f"{cli.line()}")
        print(f"{'':<34} peak RSS {cli_rss:.0f} MB (VmHWM of the marsad extract process)")
        print(f"{'':<34} start-up (marsad extract on a two-line article, best of 3): {startup:.2f} s")
        if cli_jobs is not None:
            print(f"{cli_jobs.line()}")

    ac1 = ac2 = None
    if args.ac:
        ac1, ac2, hits = ac_passes(args.corpus, args.limit, normalised_forms(forms))
        print(ac1.line())
        print(ac2.line())
        print(f"{'':<34} {hits / max(ac1.docs, 1):,.0f} raw hits/article")

    print("\nsummary")
    print(
        f"  engine            {eng.per_s:,.0f} articles/s, {eng.mb_per_s:.2f} MB/s, peak RSS {cli_rss:.0f} MB"
        f" (by CPU time {eng.cpu_per_s:,.0f} articles/s: wall time on a shared VM includes time stolen by the host)"
    )
    if ac1 and ac2:
        print(
            f"  engine / (normalise + AC pass)  {eng.per_s / ac1.per_s:.2f}x   (AC pass alone {ac2.per_s:,.0f}/s)"
        )
    if sp:
        print(
            f"  engine / spaCy matcher          {eng.per_s / sp.per_s:.2f}x  (by CPU time "
            f"{eng.cpu_per_s / sp.cpu_per_s:.2f}x)"
        )
        if cli:
            print(
                f"  marsad extract / spaCy matcher  {cli.per_s / sp.per_s:.2f}x  (by CPU time "
                f"{cli.cpu_per_s / sp.cpu_per_s:.2f}x; end to end, start-up included; the matcher timed beside the"
                " engine, minutes before the command)"
            )
        if cli and around:
            rate = len(around) / sum(1 / p.per_s for p in around)  # (the mean of their times)
            cpu_rate = len(around) / sum(1 / p.cpu_per_s for p in around)
            print(
                f"  marsad extract / spaCy matcher  {cli.per_s / rate:.2f}x  (by CPU time {cli.cpu_per_s / cpu_rate:.2f}x;"
                f" the matcher timed just before and just after the command: "
                f"{' and '.join(f'{p.per_s:,.0f}/s' for p in around)}, for a host whose speed drifts)"
            )
        if cli and cli_jobs:
            print(
                f"  {cli_jobs.name}: {cli_jobs.per_s / cli.per_s:.2f}x one process, {cli_jobs.per_s / sp.per_s:.2f}x the one-process "
                f"spaCy matcher ({os.cpu_count()} cores; not the targets' measure, which is one process each)"
            )
    print(f"  process peak RSS {peak_rss_mb():.0f} MB (references included)")
    if args.profile:
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
