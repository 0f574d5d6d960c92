"""Peak memory (RSS) of ``marsad extract`` and ``marsad ingest`` on every input path, with large and hostile
inputs, beside the peer measured in the same run: the same command on one small article (the engine's floor).

    .venv/bin/python benchmarks/memory.py [--articles 20000] [--only NAME]

Inputs are made in a temporary folder from the benchmark corpus (``../shared/data/corpus``): JSON Lines (plain,
gzip, on standard input), one line of 100 MB, a 1 GB text file, HTML pages of 50 MB (refused before parsing) and
at the 5 MB limit, a page nested 3,000 deep, an RSS feed at the limit, 300 MB of text on standard input, a folder
of 10,000 files, a page of small elements (what costs the parser memory) just within the parse budget, and one of
5 MB far over it. Each command runs with ``--jobs 1`` (reading, extraction and storing in one process); the peak
RSS is the kernel's (``getrusage`` of a small wrapper process that starts the command). The figures and the command go in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-2018.jsonl.gz"
MB = 1024 * 1024


def corpus(n: int) -> Iterator[dict[str, str]]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n:
                return
            yield json.loads(line)


def page(articles: list[dict[str, str]], size: int) -> bytes:
    """An HTML page of about ``size`` bytes: articles in markup, with the scripts and navigation of a news site."""
    script = "<script>window.__STATE__ = " + json.dumps({"k": list(range(200))}) + ";</script>\n"
    parts = ["<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>أخبار</title></head><body>"]
    total, i = 0, 0
    while total < size:
        art = articles[i % len(articles)]
        paras = "".join(f"<p>{escape(p)}</p>" for p in art["text"].split("\n") if p.strip())
        chunk = f"<nav><a href='/'>الرئيسية</a></nav><article><h1>{escape(art['title'])}</h1>{paras}</article>{script}"
        parts.append(chunk)
        total += len(chunk.encode())
        i += 1
    parts.append("</body></html>")
    return "".join(parts).encode()


def dense_page(article: dict[str, str], cells: int, size: int) -> bytes:
    """A page of ``size`` bytes: one article, ``cells`` blocks of three small elements, a script filling the rest
    (the worst case for the parser's memory: elements, not bytes, cost it)."""
    head = f"<html><head><title>t</title></head><body><article><h1>{escape(article['title'])}</h1>"
    body = "".join(f"<p>{escape(p)}</p>" for p in article["text"].split("\n") if p.strip()) + "</article>"
    cell = "<div class='c'><span class='x'><a href='#'>.</a></span></div>\n" * cells
    used = len((head + body + cell).encode()) + 100
    return (head + body + cell + "<script>var s='" + "x" * max(0, size - used) + "';</script></body></html>").encode()


def feed(articles: list[dict[str, str]], size: int) -> bytes:
    items, total, i = [], 0, 0
    while total < size:
        art = articles[i % len(articles)]
        item = (f"<item><title>{escape(art['title'])}</title><guid>urn:{i}</guid>"
                f"<description>{escape(art['text'])}</description></item>")  # fmt: skip
        items.append(item)
        total += len(item.encode())
        i += 1
    return ("<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>وكالة</title>"
            + "".join(items) + "</channel></rss>").encode()  # fmt: skip


def make_inputs(folder: Path, n: int) -> dict[str, tuple[list[str], Callable[[], bytes] | None]]:
    """name -> (paths given to the command, the bytes of its standard input when it reads one)."""
    articles = list(corpus(n))
    lines = [json.dumps(a, ensure_ascii=False) + "\n" for a in articles]
    (folder / "one.txt").write_text(articles[0]["title"] + "\n" + articles[0]["text"], encoding="utf-8")
    (folder / "articles.jsonl").write_text("".join(lines), encoding="utf-8")
    with gzip.open(folder / "articles.jsonl.gz", "wt", encoding="utf-8") as gz:
        gz.writelines(lines)
    with (folder / "long-line.jsonl").open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "long", "text": "قصف " * (100 * MB // 8)}, ensure_ascii=False) + "\n")
        fh.write(lines[0])
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(1024 * MB)
    (folder / "page-50mb.html").write_bytes(page(articles[:200], 50 * MB))
    (folder / "page-1mb.html").write_bytes(page(articles[:200], MB))
    (folder / "page-limit.html").write_bytes(page(articles[:200], 5 * MB - 200_000))
    event_article = next(a for a in articles if "قصف" in a["text"])
    (folder / "dense-parsed.html").write_bytes(dense_page(event_article, 8_300, 0))
    (folder / "dense-stripped.html").write_bytes(dense_page(event_article, 80_000, 5 * MB - 10_000))
    (folder / "feed-limit.xml").write_bytes(feed(articles[:2000], 5 * MB - 200_000))
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 3000 + f"<p>{escape(articles[0]['text'])}</p>" + "</div>" * 3000 + "</body></html>",
        encoding="utf-8",
    )
    many = folder / "many"
    many.mkdir()
    for i in range(10_000):
        art = articles[i % len(articles)]
        (many / f"{i:05d}.txt").write_text(art["title"] + "\n" + art["text"][:2000], encoding="utf-8")
    stdin_text = (articles[0]["text"] + "\n").encode()
    return {
        "one article (peer)": ([str(folder / "one.txt")], None),
        f"JSON Lines, {n:,} articles": ([str(folder / "articles.jsonl")], None),
        f"JSON Lines gzip, {n:,} articles": ([str(folder / "articles.jsonl.gz")], None),
        f"JSON Lines on stdin, {n:,} articles": (["-"], lambda: "".join(lines).encode()),
        "one JSON line of 100 MB": ([str(folder / "long-line.jsonl")], None),
        "text file of 1 GB": ([str(folder / "huge.txt")], None),
        "300 MB of text on stdin": (["-"], lambda: stdin_text * (300 * MB // len(stdin_text))),
        "HTML page of 50 MB": ([str(folder / "page-50mb.html")], None),
        "HTML page of 1 MB": ([str(folder / "page-1mb.html")], None),
        "HTML page at the 5 MB limit": ([str(folder / "page-limit.html")], None),
        "HTML page nested 3,000 deep": ([str(folder / "deep.html")], None),
        "HTML of 25,000 small elements (parsed)": ([str(folder / "dense-parsed.html")], None),
        "HTML, 5 MB, 240,000 elements (stripped)": ([str(folder / "dense-stripped.html")], None),
        "RSS feed at the 5 MB limit": ([str(folder / "feed-limit.xml")], None),
        "folder of 10,000 files": ([str(many)], None),
    }


# Linux keeps a process's peak RSS across fork and exec: a command started from this (large) process would
# report this process's peak. It is started from a small wrapper instead, which reports its child's.
_WRAPPER = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(f'{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {code}')"
)


def measure(cmd: list[str], stdin: Callable[[], bytes] | None, report: Path) -> tuple[float, float, int]:
    """Peak RSS in MB, seconds and exit code of ``cmd``."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, str(report), *cmd], stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    if stdin is not None:
        pipe = proc.stdin
        assert pipe is not None

        def feed_stdin() -> None:
            try:
                data = stdin()
                for at in range(0, len(data), MB):
                    pipe.write(data[at : at + MB])
            except BrokenPipeError:  # the reader stopped early, as it should for an oversized input
                pass
            finally:
                try:
                    pipe.close()
                except BrokenPipeError:
                    pass

        threading.Thread(target=feed_stdin, daemon=True).start()
    proc.wait()
    seconds = time.perf_counter() - started
    kilobytes, code = report.read_text().split()
    return int(kilobytes) / 1024, seconds, int(code)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--only", help="run only the inputs whose name contains this")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="marsad-memory-"))
    try:
        inputs = make_inputs(work, args.articles)
        marsad = [sys.executable, "-c", "from marsad.cli.main import app; app()"]
        print(f"{'input':42} {'command':8} {'peak RSS':>9} {'seconds':>8} {'exit':>5}")
        worst = 0.0
        for name, (paths, stdin) in inputs.items():
            if args.only and args.only not in name and "peer" not in name:
                continue
            for command in ("extract", "ingest"):
                if command == "extract":
                    cmd = [*marsad, "extract", *paths, "--format", "jsonl", "-o", os.devnull]
                else:
                    db = work / "store.db"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{db}{suffix}").unlink(missing_ok=True)
                    cmd = [*marsad, "ingest", *paths, "--db", str(db), "--no-progress"]
                rss, seconds, code = measure(cmd, stdin, work / "report.txt")
                worst = max(worst, rss)
                print(f"{name:42} {command:8} {rss:7.0f} MB {seconds:8.1f} {code:5}")
        print(f"largest peak: {worst:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
