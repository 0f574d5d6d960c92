"""Hostile inputs: each one is reported with its file and line (or read, when it can be read without doubt), none
raises, none is skipped in silence, and the rest of the batch is read."""

from __future__ import annotations

import errno
import io
import json
import logging
import os
from pathlib import Path

import pytest

from marsad.errors import (
    EncodingInput,
    FileTooLarge,
    InputError,
    InvalidUnicode,
    MalformedLine,
    NoLetters,
    UnreadableInput,
    UnsupportedEncoding,
)
from marsad.ingest import markup
from marsad.ingest.markup import nesting_depth, strip_tags
from marsad.ingest.readers import MAX_MARKUP_BYTES, read_documents
from marsad.model import InputDocument

BODY = "قتل ثلاثة مدنيين وأصيب آخرون اليوم الثلاثاء جراء قصف مدفعي استهدف بلدة كفرنبل في ريف إدلب الجنوبي."
GOOD = json.dumps({"id": "good", "text": BODY}, ensure_ascii=False)


def run(paths: list[str], **kwargs: object) -> list[InputDocument | InputError]:
    return list(read_documents(paths, **kwargs))  # type: ignore[arg-type]


def jsonl(tmp_path: Path, *lines: str, name: str = "batch.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_nested_a_thousand_deep_fails_its_line_only(tmp_path: Path) -> None:
    deep = '{"id": "deep", "text": "x", "meta": ' + "[" * 5000 + "]" * 5000 + "}"
    path = jsonl(tmp_path, GOOD, deep, GOOD.replace("good", "after"))
    bad, *_ = results = run([str(path)])
    assert [r.doc_id for r in results if isinstance(r, InputDocument)] == ["good", "after"]
    (bad,) = [r for r in results if isinstance(r, InputError)]
    assert isinstance(bad, MalformedLine) and bad.line == 2 and "nested too deeply" in str(bad)


@pytest.mark.parametrize("escape", ["\\ud800", "\\uDFFF"])  # (JSON's hex digits in either case)
@pytest.mark.parametrize("field", ["text", "id", "title", "outlet"])
def test_a_lone_surrogate_is_named_with_its_field_and_line(tmp_path: Path, field: str, escape: str) -> None:
    record = {"id": "s", "text": BODY, "title": "عنوان", "outlet": "SANA"}
    line = json.dumps(record, ensure_ascii=False).replace(f'"{field}": "', f'"{field}": "{escape}', 1)
    path = jsonl(tmp_path, line, GOOD)
    bad, good = run([str(path)])
    assert isinstance(bad, InvalidUnicode) and bad.line == 1
    assert f'"{field}" holds a lone surrogate ({escape.lower()})' in str(bad) and f"{path}:1" in str(bad)
    assert isinstance(good, InputDocument)


def test_a_surrogate_pair_is_a_character(tmp_path: Path) -> None:
    line = json.dumps({"id": "emoji", "text": BODY + " \U0001f4a5"})  # escaped as \ud83d\udca5
    (doc,) = run([str(jsonl(tmp_path, line))])
    assert isinstance(doc, InputDocument) and doc.text.endswith("\U0001f4a5")


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('{"id": "n", "text": null}', '"text" is null'),
        ('{"id": "n"}', 'no "text" field'),
        ('{"id": "n", "text": ["قصف"]}', '"text" is a JSON list'),
        ('{"id": "t", "text": "قصف على', "a string opened at column 21 is not closed"),
        ('{"id": "t", "text":', "the line ends (column 20) before the JSON does"),
        ('{"id": "t" "text": 1}', "Expecting ',' delimiter at column 12"),
    ],
)
def test_bad_lines_say_what_is_wrong_and_where(tmp_path: Path, line: str, words: str) -> None:
    path = jsonl(tmp_path, GOOD, line)
    _, bad = run([str(path)])
    assert isinstance(bad, MalformedLine) and bad.line == 2
    assert words in str(bad) and f"{path}:2" in str(bad)


def test_an_id_wider_than_the_store_column_is_refused_by_line(tmp_path: Path) -> None:
    line = json.dumps({"id": "x" * 600, "text": BODY}, ensure_ascii=False)
    (bad,) = run([str(jsonl(tmp_path, line))])
    assert isinstance(bad, MalformedLine) and '"id" has 600 characters, over the limit of 512' in str(bad)


@pytest.mark.parametrize("placeholder", ["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31T00:00:00Z"])
def test_placeholder_publication_dates_are_dropped_with_the_line_named(
    tmp_path: Path, placeholder: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = jsonl(tmp_path, json.dumps({"id": "p", "text": BODY, "published": placeholder}, ensure_ascii=False))
    with caplog.at_level(logging.WARNING, logger="marsad.ingest.readers"):
        (doc,) = run([str(path)], published="2022-03-01")
    assert isinstance(doc, InputDocument) and doc.published is None
    assert f"{path}:1: publication date {placeholder[:10]} is a placeholder" in caplog.text


def test_a_bad_published_flag_is_named(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="marsad.ingest.readers"):
        (doc,) = run(["-"], stdin=io.StringIO(BODY), published="30/02/2022")
    assert isinstance(doc, InputDocument) and doc.published is None
    assert "--published: publication date '30/02/2022' is not a date" in caplog.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_byte_order_mark_is_read_as_the_encoding_it_names(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(("\ufeff" + BODY).encode(encoding))
    (doc,) = run([str(path)])
    assert isinstance(doc, InputDocument) and doc.text == BODY


def test_utf16_jsonl_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "powershell.jsonl"
    path.write_bytes(("\ufeff" + GOOD + "\r\n{broken\r\n" + GOOD.replace("good", "third") + "\r\n").encode("utf-16"))
    first, bad, third = run([str(path)])
    assert isinstance(first, InputDocument) and first.text == BODY
    assert isinstance(bad, MalformedLine) and bad.line == 2
    assert isinstance(third, InputDocument) and third.doc_id == "third"


def test_utf16_without_a_byte_order_mark_is_named_not_called_binary(tmp_path: Path) -> None:
    for encoding, name in (("utf-16-le", "UTF-16-LE"), ("utf-16-be", "UTF-16-BE")):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(BODY.encode(encoding))
        (err,) = run([str(path)])
        assert isinstance(err, UnsupportedEncoding) and f"looks like {name} text" in str(err)


def test_invalid_utf16_names_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "broken16.txt"
    path.write_bytes(("\ufeff" + BODY).encode("utf-16-le") + b"\x00\xd8" + "قصف".encode("utf-16-le"))
    (err,) = run([str(path)])
    assert isinstance(err, EncodingInput) and "not valid UTF-16-LE" in str(err) and "byte offset" in str(err)


@pytest.mark.parametrize("text", ["ــــــــ ـــ", "ــــ َُِّ ـــ ًٌٍ", "١٢٣ ٤٥٦ — ؟!", "ﷲ ـ"])
def test_text_without_letters_is_not_taken_for_arabic(tmp_path: Path, text: str) -> None:
    path = tmp_path / "marks.txt"
    path.write_text(text, encoding="utf-8")
    (err,) = run([str(path)])
    if text == "ﷲ ـ":  # the ligature of Allah is a letter
        assert isinstance(err, InputDocument)
    else:
        assert isinstance(err, NoLetters) and "no letters" in str(err)


def test_a_page_nested_deeper_than_the_parser_reads_is_read_by_stripping_tags(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><head><title>قصف</title><script>var a = '<p>لا</p>';</script></head><body>"
        + "<div>" * 3000
        + f"<p>{BODY}</p>"
        + "</div>" * 3000
        + "<p>خاتمة الخبر</p></body></html>",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        (doc,) = run([str(path)])
    assert isinstance(doc, InputDocument) and BODY in doc.text and "خاتمة الخبر" in doc.text
    assert "لا" not in doc.text.split() and doc.title == "قصف"
    assert "nests elements 3002 deep" in caplog.text  # html, body and 3,000 divs


def test_tag_stripping_and_depth_survive_hostile_markup() -> None:
    assert nesting_depth("<div><br><p>x<img src=a></div>" + "<a>" * 10) == 10
    assert strip_tags("<a" * 100_000) == "<a" * 100_000  # no tag closes: text, read in linear time
    assert strip_tags("قصف<!-- x --> على <b>حلب</b> &amp; <style>p{}</style>ادلب") == "قصف على حلب & ادلب"


def test_markup_is_refused_by_size_before_it_is_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(_data: bytes) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(markup, "extract_html", never)  # (the readers import it from there when they parse)
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        fh.truncate(MAX_MARKUP_BYTES + 1)
    (err,) = run([str(path)])
    assert isinstance(err, FileTooLarge) and f"{MAX_MARKUP_BYTES + 1:,} bytes" in str(err)


def test_a_device_is_read_no_further_than_the_limit() -> None:
    (err,) = run(["/dev/zero"], max_chars=1000)
    assert isinstance(err, FileTooLarge) and "/dev/zero" in str(err)


def test_stdin_larger_than_the_limit_is_counted_not_held() -> None:
    class Stdin(io.StringIO):
        buffer = io.BytesIO(BODY.encode() * 10_000)

    (err,) = run(["-"], stdin=Stdin(), max_chars=1000)
    assert isinstance(err, FileTooLarge) and f"{len(BODY.encode()) * 10_000:,} bytes" in str(err)


def _fail_for(monkeypatch: pytest.MonkeyPatch, name: str, target: Path, code: int) -> None:
    real = getattr(os, name)

    def fake(path: object, *args: object, **kwargs: object) -> object:
        if os.fspath(path) == str(target):  # type: ignore[arg-type]
            raise OSError(code, os.strerror(code), str(target))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, fake)


def test_an_unreadable_sub_folder_is_reported_and_the_rest_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(BODY, encoding="utf-8")
    _fail_for(monkeypatch, "scandir", locked, errno.EACCES)  # the tests may run as root, who reads anything
    doc, err = run([str(tmp_path)])
    assert isinstance(doc, InputDocument) and doc.doc_id == "a"
    assert isinstance(err, UnreadableInput) and str(locked) in str(err) and "no permission to read it" in str(err)


def test_an_explicit_path_inside_an_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "locked" / "a.txt"
    _fail_for(monkeypatch, "stat", target, errno.EACCES)
    ok = tmp_path / "ok.txt"
    ok.write_text(BODY, encoding="utf-8")
    err, doc = run([str(target), str(ok)])
    assert isinstance(err, UnreadableInput) and "no permission to read it" in str(err) and str(target) in str(err)
    assert isinstance(doc, InputDocument)


def test_an_unreadable_folder_given_alone_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_for(monkeypatch, "scandir", tmp_path, errno.EACCES)
    (err,) = run([str(tmp_path)])
    assert isinstance(err, UnreadableInput) and "a folder that cannot be listed" in str(err)


def test_symbolic_link_loops_and_dangling_links_say_so(tmp_path: Path) -> None:
    (tmp_path / "l1").symlink_to(tmp_path / "l2")
    (tmp_path / "l2").symlink_to(tmp_path / "l1")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    loop, dangling = run([str(tmp_path / "l1"), str(tmp_path / "gone.txt")])
    assert isinstance(loop, UnreadableInput) and "a loop of symbolic links" in str(loop)
    assert isinstance(dangling, UnreadableInput) and "which does not exist" in str(dangling)


def test_a_folder_linking_back_to_itself_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    (tmp_path / "sub" / "loop.txt").symlink_to(tmp_path / "sub" / "loop.txt")
    results = run([str(tmp_path)])
    assert [r.doc_id for r in results if isinstance(r, InputDocument)] == ["a"]
    problems = sorted(str(r) for r in results if isinstance(r, InputError))
    assert len(problems) == 2 and "loop" in problems[0] and "a symbolic link back to a folder above" in problems[1]


def test_a_folder_with_nothing_to_read_is_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "notes.md").write_text(BODY, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert run([str(tmp_path)]) == []
    assert f"{tmp_path}: the folder holds no file Marsad reads" in caplog.text


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as fh:
        fh.write(BODY.encode())
    (doc,) = run([str(tmp_path)])
    assert isinstance(doc, InputDocument) and doc.doc_id == "caf\\xe9"
    json.dumps(doc.model_dump(), ensure_ascii=False).encode("utf-8")  # storable and printable
    assert doc.source.endswith("caf\\xe9.txt")


def test_a_page_too_heavy_to_parse_is_stripped_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(markup, "PARSE_BUDGET_MB", 0.3)  # 150 elements
    path = tmp_path / "dense.html"
    path.write_text(f"<html><body><p>{BODY}</p>" + "<span>.</span>" * 200 + "</body></html>", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        (doc,) = run([str(path)])
    assert isinstance(doc, InputDocument) and BODY in doc.text
    assert "(203 elements, 0.0 MB) would take about 0 MB to parse, over the budget of 0 MB" in caplog.text
