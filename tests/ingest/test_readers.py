"""The input readers: every format, and every kind of bad input reported (not raised) with its path and line."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from marsad.errors import (
    BinaryInput,
    EmptyInput,
    EncodingInput,
    FileTooLarge,
    InputError,
    MalformedLine,
    NotArabic,
    TooLarge,
    UnreadableInput,
)
from marsad.ingest.readers import arabic_share, normalize_published, read_documents
from marsad.model import InputDocument

TITLE = "مقتل ثلاثة مدنيين بقصف على ريف إدلب"
BODY = "قتل ثلاثة مدنيين وأصيب آخرون اليوم الثلاثاء جراء قصف مدفعي استهدف بلدة كفرنبل في ريف إدلب الجنوبي."
BODY2 = "أعلنت الشرطة توقيف خمسة أشخاص في مدينة حلب بتهمة تهريب السلاح."


def run(paths: list[str], **kwargs: object) -> list[InputDocument | InputError]:
    return list(read_documents(paths, **kwargs))  # type: ignore[arg-type]


def docs(results: list[InputDocument | InputError]) -> list[InputDocument]:
    return [r for r in results if isinstance(r, InputDocument)]


def errors(results: list[InputDocument | InputError]) -> list[InputError]:
    return [r for r in results if isinstance(r, InputError)]


def test_txt_whole_file_is_the_text_and_first_line_the_title(tmp_path: Path) -> None:
    content = f"{TITLE}\n{BODY}\n"
    path = tmp_path / "idlib-shelling.txt"
    path.write_text(content, encoding="utf-8")
    (doc,) = run([str(path)], published="2022-03-01T09:00:00", outlet="Enab Baladi")
    assert isinstance(doc, InputDocument)
    assert doc.text == content
    assert doc.title == TITLE
    assert doc.doc_id == "idlib-shelling"
    assert doc.published == "2022-03-01"
    assert doc.outlet == "Enab Baladi"
    assert doc.source == str(path)
    start = doc.text.index("كفرنبل")
    assert content[start : start + len("كفرنبل")] == "كفرنبل"


def test_txt_doc_id_flag_and_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(("\ufeff" + TITLE + "\r\n" + BODY).encode("utf-8"))
    (doc,) = docs(run([str(path)], doc_id="custom"))
    assert doc.doc_id == "custom"
    assert doc.text == f"{TITLE}\n{BODY}"


def test_jsonl_fields_win_over_flags_and_title_is_prepended(tmp_path: Path) -> None:
    lines = [
        {"id": "a1", "title": TITLE, "text": BODY, "published": "2021-05-02", "url": "http://x/1"},
        {"id": 7, "text": f"{TITLE}\n{BODY}", "title": TITLE, "outlet": "SANA"},
        {"text": BODY2},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    got = docs(run([str(path)], published="2020-01-01", outlet="Flag Outlet"))
    assert [d.doc_id for d in got] == ["a1", "7", "batch-3"]
    assert got[0].text == f"{TITLE}\n{BODY}"
    assert got[0].published == "2021-05-02" and got[0].outlet == "Flag Outlet" and got[0].url == "http://x/1"
    assert got[1].text == f"{TITLE}\n{BODY}"  # already starts with the title: not doubled
    assert got[1].outlet == "SANA" and got[1].published == "2020-01-01"
    assert got[2].title is None and got[2].text == BODY2
    assert [d.line for d in got] == [1, 2, 3]


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": BODY}, ensure_ascii=False) + "\n")
    (doc,) = run([str(path)])
    assert isinstance(doc, InputDocument) and doc.doc_id == "g1"


def test_corrupt_gzip_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    (err,) = run([str(path)])
    assert isinstance(err, UnreadableInput) and str(path) in str(err)


def test_malformed_lines_are_reported_with_line_numbers_and_batch_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok1", "text": BODY}, ensure_ascii=False),
                "{not json",
                json.dumps(["a", "list"]),
                json.dumps({"id": "no-text"}),
                json.dumps({"id": "num", "text": 5}),
                json.dumps({"id": "ok2", "text": BODY2}, ensure_ascii=False),
            ]
        ),
        encoding="utf-8",
    )
    results = run([str(path)])
    assert [d.doc_id for d in docs(results)] == ["ok1", "ok2"]
    errs = errors(results)
    assert all(isinstance(e, MalformedLine) for e in errs)
    assert [e.line for e in errs] == [2, 3, 4, 5]
    assert f"{path}:3" in str(errs[1]) and "not an object" in str(errs[1])
    assert "text" in str(errs[2])


def test_empty_and_whitespace(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text("  \n\t \n", encoding="utf-8")
    results = run([str(tmp_path)])
    assert len(results) == 2 and all(isinstance(r, EmptyInput) for r in results)


def test_binary_input(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (err,) = run([str(path)])
    assert isinstance(err, BinaryInput) and str(path) in str(err)


def test_control_bytes_without_nul_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "ctl.txt"
    path.write_bytes(BODY.encode() + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20)
    assert isinstance(run([str(path)])[0], BinaryInput)


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    prefix = BODY.encode("utf-8")
    path.write_bytes(prefix + b" caf\xe9")
    (err,) = run([str(path)])
    assert isinstance(err, EncodingInput)
    assert f"byte offset {len(prefix) + 4}" in str(err) and "0xe9" in str(err)


def test_invalid_utf8_in_jsonl_names_line_and_file_offset(tmp_path: Path) -> None:
    path = tmp_path / "enc.jsonl"
    first = (json.dumps({"id": "x", "text": BODY}, ensure_ascii=False) + "\n").encode()
    path.write_bytes(first + b'{"id": "y", "text": "\xff"}\n')
    results = run([str(path)])
    err = results[1]
    assert isinstance(err, EncodingInput) and err.line == 2
    assert f"byte offset {len(first) + 21}" in str(err)


def test_not_arabic(tmp_path: Path) -> None:
    path = tmp_path / "english.txt"
    path.write_text("Three civilians were killed in shelling on Kafranbel, Idlib.", encoding="utf-8")
    (err,) = run([str(path)])
    assert isinstance(err, NotArabic) and "0%" in str(err)


def test_arabic_share_counts_letters_only() -> None:
    assert arabic_share("قصف 2022 على حلب!!") == 1.0
    assert arabic_share("ISIS داعش") == pytest.approx(4 / 8)
    assert arabic_share("123") == 0.0


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(BODY * 20, encoding="utf-8")
    (err,) = run([str(path)], max_chars=500)
    assert isinstance(err, TooLarge)
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * 5000)
    (err2,) = run([str(huge)], max_chars=500)
    assert isinstance(err2, FileTooLarge) and isinstance(err2, TooLarge)


def test_too_long_jsonl_line_is_skipped_and_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    big = json.dumps({"id": "big", "text": "ب" * 200_000}, ensure_ascii=False)
    ok = json.dumps({"id": "ok", "text": BODY}, ensure_ascii=False)
    path.write_text(big + "\n" + ok + "\n", encoding="utf-8")
    results = run([str(path)], max_chars=1000)
    assert isinstance(results[0], TooLarge) and results[0].line == 1
    assert isinstance(results[1], InputDocument) and results[1].doc_id == "ok"


def test_missing_path(tmp_path: Path) -> None:
    (err,) = run([str(tmp_path / "nope.txt")])
    assert isinstance(err, UnreadableInput)


HTML = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{TITLE}</title><meta property="og:title" content="{TITLE}">
<meta property="article:published_time" content="2023-02-06T08:00:00+03:00"></head>
<body><nav><a href="/">الرئيسية</a> | <a href="/sport">رياضة</a></nav>
<article><h1>{TITLE}</h1><p>{BODY}</p><p>{BODY2}</p>
<p>وقال مصدر محلي إن القصف استهدف منازل المدنيين في البلدة وألحق بها أضراراً مادية كبيرة.</p></article>
<script>var x = "لا تظهر";</script><footer>جميع الحقوق محفوظة</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    (doc,) = run([str(path)])
    assert isinstance(doc, InputDocument)
    assert doc.title == TITLE and doc.text.startswith(TITLE + "\n")
    assert "كفرنبل" in doc.text and "لا تظهر" not in doc.text
    assert doc.published == "2023-02-06"
    assert doc.doc_id == "page"


def test_broken_html_falls_back_to_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "broken.htm"
    path.write_text(f"<div><p>{BODY}<b>  <i></div></span><<<>", encoding="utf-8")
    (doc,) = run([str(path)])
    assert isinstance(doc, InputDocument) and "كفرنبل" in doc.text


def test_html_without_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "nothing.html"
    path.write_text("<html><body><script>1</script></body></html>", encoding="utf-8")
    assert isinstance(run([str(path)])[0], EmptyInput)


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>وكالة الأنباء</title>
<item><title>{TITLE}</title><link>https://news.example/1</link><guid>urn:news:1</guid>
<pubDate>Tue, 07 Feb 2023 10:00:00 GMT</pubDate><description><![CDATA[<p>{BODY}</p><p>{BODY2}</p>]]></description></item>
<item><title>Sports results</title><link>https://news.example/2</link><description>Football scores today.</description></item>
<item><title>{TITLE}</title><description></description></item>
</channel></rss>"""


def test_rss_one_document_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    results = run([str(path)])
    assert len(results) == 3
    first = results[0]
    assert isinstance(first, InputDocument)
    assert first.doc_id == "urn:news:1" and first.url == "https://news.example/1"
    assert first.published == "2023-02-07" and first.outlet == "وكالة الأنباء"
    assert first.text.startswith(TITLE + "\n") and "<p>" not in first.text and "حلب" in first.text
    assert isinstance(results[1], NotArabic) and "entry 2" in str(results[1])
    assert isinstance(results[2], EmptyInput)


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:f</id>
<entry><title>{TITLE}</title><id>urn:e:9</id><updated>2023-03-01T00:00:00Z</updated>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry></feed>"""


def test_atom_entry(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(ATOM, encoding="utf-8")
    (doc,) = run([str(path)], outlet="Flag")
    assert isinstance(doc, InputDocument)
    assert doc.doc_id == "urn:e:9" and doc.outlet == "Flag" and doc.published == "2023-03-01"


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "junk.xml"
    path.write_text("<<<< not xml at all", encoding="utf-8")
    (err,) = run([str(path)])
    assert isinstance(err, InputError)


def test_folder_recursive_sorted_skips_unsupported_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(BODY2, encoding="utf-8")
    (tmp_path / "notes.md").write_text(BODY, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(BODY, encoding="utf-8")
    got = docs(run([str(tmp_path)]))
    assert [d.doc_id for d in got] == ["a", "z"]


def test_stdin_text_and_jsonl() -> None:
    (doc,) = run(["-"], stdin=io.StringIO(f"{TITLE}\n{BODY}"), doc_id="from-pipe")
    assert isinstance(doc, InputDocument) and doc.doc_id == "from-pipe" and doc.title == TITLE
    lines = "\n  " + json.dumps({"id": "s1", "text": BODY}, ensure_ascii=False) + "\n[1]\n"
    results = run(["-"], stdin=io.StringIO(lines))
    assert isinstance(results[0], InputDocument) and results[0].doc_id == "s1"
    assert isinstance(results[1], MalformedLine) and results[1].line == 3 and "<stdin>:3" in str(results[1])


def test_stdin_binary_buffer() -> None:
    stream = io.TextIOWrapper(io.BytesIO(BODY.encode() + b"\xff\xfe"), encoding="utf-8")
    (err,) = run(["-"], stdin=stream)
    assert isinstance(err, EncodingInput)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-01-30", "2022-01-30"),
        ("2022-01-30T23:10:00+02:00", "2022-01-30"),
        ("Sun, 30 Jan 2022 10:00:00 GMT", "2022-01-30"),
        ("yesterday", None),
        (None, None),
    ],
)
def test_normalize_published(value: str | None, expected: str | None) -> None:
    assert normalize_published(value) == expected
