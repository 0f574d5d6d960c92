#!/usr/bin/env python3
"""Compare the extracted records of corpus articles between two commits, field by field.

    python scripts/compare_events.py BEFORE [AFTER] [--limit 5000] [--category news|all] [--jobs 2]

``BEFORE`` and ``AFTER`` are git revisions (a commit, a branch, ``main``, ``HEAD~1``) or ``.`` for the working
tree (the default ``AFTER``). Each revision's ``src/`` is exported with ``git archive`` into ``build/compare/``
and run in its own process with the same virtual environment (``PYTHONPATH`` puts that ``src`` first), so the
two engines never share a cache. Both extract the same articles (the first ``--limit`` of the corpus in file
order, news categories by default, leaving out the ``check`` split of eval/ant as ``scripts/corpus_events.py``
does), composed as the JSON Lines reader composes them, and write every ``to_contract()`` record. Then every
difference is printed: a document missing on one side, an error on one side, and every field of every record
that differs (``events[2].location.name: 'X' -> 'Y'``). A pure speed change must report zero differences (the
exit code is 0 then, 1 otherwise). The records of a commit are cached under ``build/compare/`` (the working tree
is always run again); ``--hash-seed`` runs both sides with a fixed or random ``PYTHONHASHSEED``, which tells
whether set order leaks into the output. ``--long`` adds long documents made of the same articles (joined by blank
lines: 30, 100 and 300 thousand characters; and 50,000 characters of them without a sentence mark), where the
stages that look at spans around each word do most of their work.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "compare"
WORKTREE = "."


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def _source_of(rev: str) -> tuple[str, Path]:
    """A label for ``rev`` and the ``src`` directory to import Marsad from."""
    if rev == WORKTREE:
        return "working tree", ROOT / "src"
    sha = _git("rev-parse", "--verify", f"{rev}^{{commit}}")
    dest = CACHE / sha
    if not (dest / "src" / "marsad").is_dir():
        tmp = CACHE / f"{sha}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", sha, "src"], cwd=ROOT, check=True, capture_output=True).stdout
        tar = tmp / "src.tar"
        tar.write_bytes(archive)
        with tarfile.open(tar) as tf:
            tf.extractall(tmp, filter="data")
        tar.unlink()
        shutil.rmtree(dest, ignore_errors=True)
        tmp.rename(dest)
    return f"{rev} ({sha[:10]})", dest / "src"


def _selection(limit: int, category: str) -> Iterator[tuple[str, dict[str, Any]]]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from corpus_gold import corpus_records, split_of

    news = {"middleEast", "internationalNews"}
    n = 0
    for cid, rec in corpus_records().items():
        if n >= limit:
            return
        if split_of(cid) == "check" or (category == "news" and rec.get("category") not in news):
            continue
        n += 1
        yield cid, rec


LONG_SIZES = (30_000, 100_000, 300_000)
SENTENCE_SIZE = 50_000


def _long_documents(texts: list[str]) -> Iterator[tuple[str, str]]:
    """(id, text) of the long documents of ``--long``, made of ``texts`` in order."""
    import re

    for size in LONG_SIZES:
        parts: list[str] = []
        total = 0
        for t in texts:
            parts.append(t)
            total += len(t) + 2
            if total >= size:
                break
        yield f"joined-{size}", "\n\n".join(parts)
    marks = re.compile(r"[.!?؟؛;:\n\r\u06d4…]+")
    flat = " ".join(" ".join(marks.sub(" ", t).split()) for t in texts)
    yield f"sentence-{SENTENCE_SIZE}", flat[:SENTENCE_SIZE]


def run_side(out: Path, limit: int, category: str, long: bool) -> int:
    """(In the child process.) Extract the selected articles with the ``marsad`` on ``sys.path``."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from corpus_gold import compose

    import marsad
    from marsad.extract.pipeline import Extractor

    extractor = Extractor.default()
    t0 = time.perf_counter()
    texts: list[str] = []

    def write(fh: Any, doc_id: str, text: str, published: str | None, outlet: str, title: str | None) -> None:
        row: dict[str, Any] = {"doc_id": doc_id}
        try:
            record = extractor.extract(text, published=published, doc_id=doc_id, outlet=outlet, title=title)
            row["record"] = record.to_contract()
        except Exception as exc:  # reported as a difference if the other side does not fail alike
            row["error"] = f"{type(exc).__name__}: {exc}"
        fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")

    with out.open("w", encoding="utf-8") as fh:
        for cid, rec in _selection(limit, category):
            text = compose(rec)
            if long and sum(map(len, texts)) < max(LONG_SIZES):
                texts.append(text)
            published = str(rec.get("published") or "")[:10] or None
            write(fh, cid, text, published, str(rec.get("outlet") or ""), str(rec.get("title") or "") or None)
        for doc_id, text in _long_documents(texts) if long else ():
            write(fh, doc_id, text, "2018-06-01", "", None)
    print(f"{marsad.__file__}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def _records(rev: str, args: argparse.Namespace) -> tuple[str, Path, subprocess.Popen[bytes] | None]:
    label, src = _source_of(rev)
    tag = f"{args.category}-{args.limit}" + (f"-seed{args.hash_seed}" if args.hash_seed else "")
    tag += "-long" if args.long else ""
    out = (src.parent / f"records-{tag}.jsonl") if rev != WORKTREE else CACHE / f"worktree-{tag}.jsonl"
    if rev != WORKTREE and out.exists():
        return label, out, None
    CACHE.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(src)}
    if args.hash_seed:
        env["PYTHONHASHSEED"] = args.hash_seed
    part = out.with_suffix(".part")
    cmd = [sys.executable, __file__, "_run", str(part), "--limit", str(args.limit), "--category", args.category]
    cmd += ["--long"] if args.long else []
    return label, out, subprocess.Popen(cmd, env=env)


def _diff(a: Any, b: Any, path: str, out: list[str]) -> None:
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        out.append(f"{path or '.'}: {a!r} -> {b!r}")
    elif isinstance(a, dict):
        for k in sorted(a.keys() | b.keys()):
            if k not in b:
                out.append(f"{path}.{k}: {a[k]!r} -> (missing)")
            elif k not in a:
                out.append(f"{path}.{k}: (missing) -> {b[k]!r}")
            else:
                _diff(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _diff(x, y, f"{path}[{i}]", out)
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items -> {len(b)} items")
            for i in range(len(b), len(a)):
                out.append(f"{path}[{i}]: {_brief(a[i])} -> (missing)")
            for i in range(len(a), len(b)):
                out.append(f"{path}[{i}]: (missing) -> {_brief(b[i])}")
    elif a != b:
        out.append(f"{path or '.'}: {a!r} -> {b!r}")


def _brief(v: Any) -> str:
    if isinstance(v, dict) and "event_type" in v:
        loc = (v.get("location") or {}).get("name")
        return f"{v.get('id')} {v['event_type']}/{v.get('sub_event_type')} at {loc}"
    return repr(v)[:200]


def _load(path: Path) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return {row["doc_id"]: row for row in map(json.loads, fh)}


def compare(before: Path, after: Path, max_lines: int | None) -> tuple[int, int, int, int]:
    """Print every difference; (documents, events before, events after, documents that differ)."""
    b, a = _load(before), _load(after)
    differing = 0
    printed = 0
    for doc in [*b, *(d for d in a if d not in b)]:
        lines: list[str] = []
        rb, ra = b.get(doc), a.get(doc)
        if rb is None or ra is None:
            lines.append("(missing)" + (" before" if rb is None else " after"))
        else:
            if "error" in rb or "error" in ra:
                _diff(rb.get("error"), ra.get("error"), "error", lines)
            _diff(rb.get("record"), ra.get("record"), "", lines)
        if lines:
            differing += 1
            for line in lines:
                if max_lines is None or printed < max_lines:
                    print(f"{doc}: {line}")
                printed += 1
    if max_lines is not None and printed > max_lines:
        print(f"... and {printed - max_lines} more lines (--max-lines)")

    def events(rows: dict[str, dict[str, Any]]) -> int:
        return sum(len((r.get("record") or {}).get("events", [])) for r in rows.values())

    return len(b.keys() | a.keys()), events(b), events(a), differing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    if (argv if argv is not None else sys.argv[1:])[:1] == ["_run"]:
        ap.add_argument("cmd")
        ap.add_argument("out", type=Path)
        ap.add_argument("--limit", type=int, required=True)
        ap.add_argument("--category", required=True)
        ap.add_argument("--long", action="store_true")
        a = ap.parse_args(argv)
        return run_side(a.out, a.limit, a.category, a.long)
    ap.add_argument("before", help="git revision, or . for the working tree")
    ap.add_argument("after", nargs="?", default=WORKTREE, help="git revision, or . (default: the working tree)")
    ap.add_argument("--limit", type=int, default=5000, help="articles to compare (default 5000)")
    ap.add_argument("--category", choices=("news", "all"), default="news")
    ap.add_argument("--jobs", type=int, default=2, help="run both sides at once (1: one after the other)")
    ap.add_argument("--max-lines", type=int, default=None, help="differences printed at most (default: all)")
    ap.add_argument("--hash-seed", default=None, help="PYTHONHASHSEED of both sides (default: inherited)")
    ap.add_argument("--long", action="store_true", help="also long documents made of the same articles")
    args = ap.parse_args(argv)
    sides = []
    for rev in (args.before, args.after):
        label, out, proc = _records(rev, args)
        if proc is not None and args.jobs < 2:
            proc.wait()
        sides.append((label, out, proc))
    for label, out, proc in sides:
        if proc is not None:
            if proc.wait() != 0:
                print(f"extraction with {label} failed", file=sys.stderr)
                return 2
            out.with_suffix(".part").rename(out)
    (lb, before, _), (la, after, _) = sides
    print(f"before: {lb}\nafter:  {la}")
    docs, nb, na, differing = compare(before, after, args.max_lines)
    print(f"{docs} documents, events {nb} -> {na}; {differing} documents differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
