"""Every hostile input of issue 13 run through ``marsad extract`` and ``marsad ingest``: what each prints.

    .venv/bin/python scripts/hostile_inputs.py [--markdown]

Builds the inputs in a temporary folder, next to one good article, runs both commands on each (the good
article after it, so that each run shows the batch going on), and prints the messages and exit codes: the table
of docs/reliability.md. The unreadable folder is simulated by running the commands without the capability that
lets root read any file (``setpriv``), when this runs as root.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ARTICLE = "مقتل ثلاثة مدنيين بقصف مدفعي\nقتل ثلاثة مدنيين بقصف مدفعي لقوات النظام استهدف بلدة كفرنبل في ريف إدلب الجنوبي أمس."


def line(**fields: object) -> str:
    return json.dumps({"id": "bad", "text": ARTICLE.replace("ثلاثة", "أربعة"), **fields}, ensure_ascii=False)


def build(folder: Path) -> dict[str, Path]:
    """name -> the path of an input holding it (a JSON Lines file of one line, or a file)."""
    inputs: dict[str, Path] = {}

    def jsonl(name: str, bad: str) -> None:
        path = folder / f"{len(inputs):02d}.jsonl"
        path.write_text(bad + "\n", encoding="utf-8")
        inputs[name] = path

    def raw(name: str, filename: str, data: bytes) -> None:
        path = folder / filename
        path.write_bytes(data)
        inputs[name] = path

    jsonl("JSON nested 5,000 deep", '{"id": "deep", "text": "x", "meta": ' + "[" * 5000 + "]" * 5000 + "}")
    jsonl("a lone surrogate in text", json.dumps({"id": "s", "text": ARTICLE + " \ud800"}))
    jsonl("published 0001-01-01", line(published="0001-01-01"))
    jsonl("published 0001-01-02", line(published="0001-01-02"))
    jsonl("published 9999-12-30", line(published="9999-12-30"))
    jsonl("a count of 10^28", line(text="مقتل ١١١١١١١١١١١١١١١١١١١١ مليار مدني بقصف على كفرنبل أمس"))
    jsonl('"text": null', json.dumps({"id": "n", "text": None}))
    jsonl("a truncated line", '{"id": "t", "text": "مقتل ثلاثة')
    jsonl("an id of 600 characters", line(id="x" * 600))
    raw("tatweel and diacritics only", "tatweel.txt", "ــــ َُِّ ـــ ًٌٍ".encode())
    raw("UTF-16 with a byte-order mark", "utf16.txt", ("\ufeff" + ARTICLE).encode("utf-16-le"))
    raw("UTF-16 without a byte-order mark", "utf16-nobom.txt", ARTICLE.encode("utf-16-le"))
    raw("HTML nested 3,000 deep", "deep.html",
        ("<html><body>" + "<div>" * 3000 + f"<p>{ARTICLE}</p>" + "</div>" * 3000 + "</body></html>").encode())  # fmt: skip
    raw("HTML of 6 MB", "big.html", b"<html><body>" + b"<p>x</p>" * (6 * 1024 * 1024 // 8) + b"</body></html>")
    loop = folder / "loop.txt"
    loop.symlink_to(loop)
    inputs["a symbolic link loop"] = loop
    odd = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(odd, "wb") as fh:
        fh.write(ARTICLE.encode())
    inputs["a file name that is not UTF-8"] = Path(os.fsdecode(odd))
    locked = folder / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(ARTICLE, encoding="utf-8")
    inputs["a folder that cannot be read"] = locked
    inputs["a path inside it"] = locked / "a.txt"
    (folder / "good.txt").write_text(ARTICLE.replace("ثلاثة", "خمسة"), encoding="utf-8")
    return inputs


def run(cmd: list[str], locked: Path) -> tuple[int, str]:
    os.chmod(locked, 0)
    try:
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
        done = subprocess.run(prefix + cmd, capture_output=True, text=True, timeout=300)
    finally:
        os.chmod(locked, 0o755)
    return done.returncode, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="marsad-hostile-"))
    try:
        inputs = build(work)
        marsad = [sys.executable, "-c", "from marsad.cli.main import app; app()"]
        good = str(work / "good.txt")
        if args.markdown:
            print("| input | `marsad extract` (exit code): what it says | `marsad ingest` (exit code) |")
            print("| --- | --- | --- |")
        for name, path in inputs.items():
            extract = run([*marsad, "extract", str(path), good, "--format", "jsonl", "-o", os.devnull], work / "locked")
            db = work / "store.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            ingest = run([*marsad, "ingest", str(path), good, "--db", str(db), "--no-progress"], work / "locked")
            said = [x.replace(str(work) + "/", "") for x in extract[1].splitlines()]
            stored = [x for x in ingest[1].splitlines() if x.startswith("ingested")]
            if args.markdown:
                cell = "<br>".join(s.replace("|", "\\|") for s in said)
                print(f"| {name} | ({extract[0]}) {cell} | ({ingest[0]}) {stored[0].split(';')[0] if stored else ''} |")
            else:
                print(f"== {name}: extract exits {extract[0]}, ingest exits {ingest[0]}")
                for s in said:
                    print(f"   {s}")
                if stored:
                    print(f"   ingest: {stored[0]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
