"""scripts/build_native.py's profile run (the training of the profile-guided build, docs/native.md): it runs the
engine of this tree over the first lines of a corpus file, as the build runs it, and reports what it extracted."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

ROWS = [
    {
        "id": "train-1",
        "title": "قصف مدفعي على بلدة كفرنبل",
        "text": "قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي اليوم، ما أدى إلى مقتل ثلاثة مدنيين.",
        "published": "2018-06-01",
    },
    {"id": "train-2", "text": "افتتح معرض الكتاب في عمان بمشاركة مئة دار نشر.", "published": "2018-06-01"},
    {"id": "train-3", "text": "   "},  # blank: read, not extracted
    {
        "id": "train-4",
        "text": "قصفت قوات النظام مدينة دوما في الغوطة الشرقية اليوم، ما أدى إلى مقتل خمسة مدنيين.",
        "published": "2018-02-20",
    },  # past the limit of the first test
]


def _corpus(path: Path) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in ROWS:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def test_the_profile_run_extracts_the_articles_it_is_given_and_no_more(build_native: Any, tmp_path: Path) -> None:
    done, events = build_native._train(_corpus(tmp_path / "c.jsonl.gz"), 3, every=1)
    assert done == 2  # the third line is blank; the fourth is past the limit
    assert events == 1  # the shelling of Kafr Nobol; the book fair is no event


def test_the_profile_run_takes_one_line_in_every(build_native: Any, tmp_path: Path) -> None:
    done, events = build_native._train(_corpus(tmp_path / "c.jsonl.gz"), 2, every=3)
    assert (done, events) == (2, 2)  # the first line and the fourth (Douma): each an event


def test_the_profile_flags_are_used_only_with_their_counterpart(build_native: Any) -> None:
    # the two builds of one profile must compile the same code: the same flags but the profile's own
    generate = [f for f in build_native._PGO_GENERATE if not f.startswith("-fprofile")]
    use = [f for f in build_native._PGO_USE if not f.startswith(("-fprofile", "-Wno-"))]
    assert generate == use


class _Tree:
    """build_native's paths moved under a temporary folder, its compiler and training steps recorded (or failing),
    so that its choices between the builds are tested without compiling anything or touching this tree."""

    def __init__(self, native: Any, monkeypatch: Any, tmp_path: Path, *, train_fails: bool = False) -> None:
        import mypyc.build

        self.native = native
        self.compiles: list[tuple[str, bool]] = []
        src = tmp_path / "src"
        (src / "marsad").mkdir(parents=True)
        corpus = _corpus(tmp_path / "corpus.jsonl.gz")
        for name, value in (
            ("SRC", src), ("BUILD", tmp_path / "build"), ("MANIFEST", src / "marsad" / "native.json"),
            ("VARIANT", tmp_path / "build" / "variant"), ("MODULES", ()), ("C_EXTENSIONS", ()),
            ("PGO_CORPUS", corpus),
        ):  # fmt: skip
            monkeypatch.setattr(native, name, value)
        monkeypatch.setattr(mypyc.build, "mypycify", lambda *args, **kwargs: [])
        monkeypatch.setattr(native, "_gcc", lambda: True)

        def compile_(extensions: list[Any], flags: list[str], quiet: bool, force: bool) -> None:
            kind = "generate" if flags == native._PGO_GENERATE else "use" if flags == native._PGO_USE else "plain"
            self.compiles.append((kind, force))

        def train(corpus: Path, articles: int, every: int = 10) -> tuple[int, int]:
            if train_fails:
                raise RuntimeError("the engine failed on an article")
            return articles, 1

        monkeypatch.setattr(native, "_compile", compile_)
        monkeypatch.setattr(native, "_train", train)

    def build(self, pgo: bool = True) -> tuple[str, Any]:
        assert self.native.build("3", quiet=True, pgo=pgo) == 0
        manifest = json.loads(self.native.MANIFEST.read_text(encoding="utf-8"))
        return self.native.VARIANT.read_text(encoding="utf-8").strip(), manifest["profile"]


def test_a_profiled_build_compiles_twice_around_the_training(
    build_native: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    tree = _Tree(build_native, monkeypatch, tmp_path)
    assert tree.build() == ("pgo", build_native.PGO_ARTICLES)
    assert tree.compiles == [("generate", True), ("use", True)]


def test_a_failed_training_gives_the_plain_build_whole(build_native: Any, monkeypatch: Any, tmp_path: Path) -> None:
    tree = _Tree(build_native, monkeypatch, tmp_path, train_fails=True)
    assert tree.build() == ("plain", None)
    # the instrumented objects are not kept: every module is compiled again, plainly
    assert tree.compiles == [("generate", True), ("plain", True)]


def test_a_plain_build_reuses_only_a_plain_build(build_native: Any, monkeypatch: Any, tmp_path: Path) -> None:
    tree = _Tree(build_native, monkeypatch, tmp_path)
    tree.build()
    assert tree.build(pgo=False) == ("plain", None)
    assert tree.build(pgo=False) == ("plain", None)
    assert tree.compiles[2:] == [("plain", True), ("plain", False)]  # after the profiled build, then after itself


def test_without_the_corpus_the_build_is_plain(build_native: Any, monkeypatch: Any, tmp_path: Path) -> None:
    tree = _Tree(build_native, monkeypatch, tmp_path)
    monkeypatch.setattr(build_native, "PGO_CORPUS", tmp_path / "absent.jsonl.gz")
    assert tree.build() == ("plain", None)
    assert tree.compiles == [("plain", True)]  # (no build there before: nothing to reuse)
