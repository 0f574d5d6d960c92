#!/usr/bin/env python3
"""Write the articles of the shared evaluation sets as JSON Lines for `marsad ingest` (a store to look at).

    .venv/bin/python scripts/dev_articles.py > dev.jsonl && .venv/bin/marsad ingest dev.jsonl
    .venv/bin/python scripts/dev_articles.py ../shared/eval/dev > dev.jsonl        # one set only

Each gold file `<doc_id>.gold.json` names its article (`text_file`), outlet, publication date and source URL.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = [ROOT.parent / "shared" / "eval" / "dev", ROOT.parent / "shared" / "eval" / "dev-wide"]


def articles(folders: list[Path]) -> Iterator[dict[str, str | None]]:
    """One ingest record (id, text, title, published, outlet, url) per gold file of ``folders``."""
    for folder in folders:
        for gold_file in sorted(folder.glob("*.gold.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            text = (folder / gold["text_file"]).read_text(encoding="utf-8")
            yield {
                "id": gold["doc_id"],
                "text": text,
                "title": text.split("\n", 1)[0].strip() or None,
                "published": gold.get("published"),
                "outlet": gold.get("outlet"),
                "url": gold.get("source_url"),
            }


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or DEFAULT_DIRS
    for record in articles([f for f in folders if f.is_dir()]):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
