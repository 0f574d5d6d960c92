"""The analyst's commands as a user runs them: filters, exports to standard output, `show`, `incident`,
configuration, and errors that are one line with the right exit code. Ingest runs the stand-in engine."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import common
from marsad.cli.main import app

from .conftest import ARTICLES, articles, invoke


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The articles, in a working folder of their own with no store, no configuration, no $COLUMNS."""
    for name in ("MARSAD_DB", "MARSAD_CONFIG", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return articles(monkeypatch, tmp_path)


@pytest.fixture
def stored(env: Path) -> Path:
    """Events 1 (Aleppo, incident 1), 2 and 3 (Kafr Nabl, enab and sana: incident 2)."""
    code, _, err = invoke("ingest", str(env), "--published", "2022-03-01")
    assert code == 0, err
    return env


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --------------------------------------------------------------------------------------------- filters


def test_repeated_filters_mean_either_and_names_match_in_arabic(stored: Path) -> None:
    code, out, _ = invoke("export", "--admin1", "إدلب", "--admin1", "حلب")
    assert code == 0 and {r["location"] for r in csv_rows(out)} == {"Kafr Nabl", "Aleppo"}
    code, out, _ = invoke("export", "--admin1", "Idlib")
    assert code == 0 and len(csv_rows(out)) == 2
    code, out, _ = invoke("export", "--type", "Battles", "--type", "shelling/artillery/missile attack")
    assert code == 0 and len(csv_rows(out)) == 3


def test_the_new_filters_on_export_and_stats(stored: Path) -> None:
    def count(*args: str) -> int:
        code, out, err = invoke("export", "-f", "jsonl", *args)
        assert code == 0, err
        return len(out.splitlines())

    extra = stored / "hasakah.txt"
    extra.write_text("قصف على الحسكة\nقصف على مدينة الحسكة.", encoding="utf-8")
    assert invoke("ingest", str(extra), "--outlet", "SANA", "--published", "2022-03-02")[0] == 0
    assert count("--country", "سوريا") == 4
    assert count("--admin2", "Jebel Saman") == 1 and count("--admin2", "الحسكة") == 1
    assert count("--outlet", "sana") == 1 and count("--outlet", "SANA", "--admin1", "Idleb") == 0
    assert count("--min-fatalities", "1") == 2
    assert count("--bbox", "36.0,35.0,37.0,36.0") == 2
    assert count("--ingested-since", "2000-01-01") == 4 and count("--ingested-since", "2999-01-01") == 0
    code, out, _ = invoke("stats", "--json", "--admin1", "إدلب", "--by", "country")
    payload = json.loads(out)
    assert code == 0 and payload["matching_events"] == 2 and payload["by_country"] == {"Syria": 2}


def test_stats_has_a_per_country_view_with_arabic_names(stored: Path) -> None:
    code, out, _ = invoke("stats")
    assert code == 0 and "events by country" in out and "Syria" in out and "سوريا" in out
    assert "events by admin1" in out and "إدلب" in out


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--type", "Fights"), "Battles"),
        (("--admin1", "Narnia"), "Idleb"),
        (("--outlet", "Al-Nowhere"), "Valid values"),
        (("--bbox", "1,2,3"), "four numbers"),
        (("--since", "March"), "YYYY-MM-DD"),
    ],
)
def test_a_bad_filter_is_one_line_and_exit_2(stored: Path, args: tuple[str, ...], named: str) -> None:
    for command in ("export", "stats"):
        code, out, err = invoke(command, *args)
        assert code == 2 and named in err and err.startswith("error:") and out == ""


# --------------------------------------------------------------------------------------------- stores


def test_reading_commands_never_create_a_store(env: Path) -> None:
    for args in (["export"], ["stats"], ["show", "1"], ["incident", "remerge"]):
        code, _, err = invoke(*args)
        assert code == 2 and "no Marsad store at" in err, args
    assert not (env.parent / "marsad.db").exists()


def test_an_unsupported_database_is_one_line(env: Path) -> None:
    code, _, err = invoke("export", "--db", "mysql://analyst:secret@db.example/acled")
    assert code == 2 and err.count("\n") == 1 and "mysql is not supported" in err
    assert "secret" not in err and "Traceback" not in err


# --------------------------------------------------------------------------------------------- outputs


@pytest.mark.parametrize("fmt", ["acled-csv", "geojson", "jsonl", "parquet"])
def test_dash_o_dash_writes_every_format_to_standard_output(stored: Path, fmt: str) -> None:
    result = CliRunner().invoke(app, ["export", "-f", fmt, "-o", "-"], catch_exceptions=False)
    assert result.exit_code == 0 and "exported 3 event(s)" in result.stderr
    assert not (stored.parent / "-").exists()
    if fmt == "parquet":
        assert result.stdout_bytes.startswith(b"PAR1")
    elif fmt == "geojson":
        assert len(json.loads(result.stdout)["features"]) == 3


def test_parquet_refuses_a_terminal(stored: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "stdout_is_terminal", lambda: True)
    code, out, err = invoke("export", "-f", "parquet")
    assert code == 2 and "binary format" in err and out == ""


def test_acled_only_and_with_arabic(stored: Path) -> None:
    code, out, _ = invoke("export", "--acled-only", "--with-arabic")
    rows = csv_rows(out)
    assert code == 0 and rows[0]["location_ar"] in {"كفرنبل", "حلب"} and rows[0]["evidence"]
    assert all(r["event_date"] for r in rows)


def test_tables_fit_the_terminal_and_show_arabic_beside_english(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = invoke("ingest", str(env), "--published", "2022-03-01", "--show")
    assert code == 0 and "Kafr Nabl" in out and "كفرنبل" in out
    assert max(len(line) for line in out.splitlines()) <= 100


# --------------------------------------------------------------------------------------------- show, incident


def test_show_an_event_with_its_sentence_and_as_json(stored: Path) -> None:
    code, out, _ = invoke("show", "2")
    assert code == 0 and "Kafr Nabl" in out and "in the article:" in out and "كفرنبل" in out
    assert "export date" in out and "incident" in out
    code, out, _ = invoke("show", "SYR2", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["event_id"] == 2 and shown["export"]["event_date"] == "2022-03-01"
    (passage,) = shown["passages"]
    evidence = next(s for s in passage["spans"] if s["field"] == "evidence")
    assert passage["text"][evidence["start"] : evidence["end"]] == "كفرنبل"
    assert shown["incident"]["other_reports"][0]["doc_id"] == "sana"
    assert invoke("show", "999")[0] == 1
    assert invoke("show")[0] == 2


def test_show_an_incident_with_all_its_reports(stored: Path) -> None:
    code, out, _ = invoke("show", "--incident", "2", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["n_events"] == 2 and len(shown["reports"]) == 2
    assert shown["acled"]["event_id_cnty"] == "SYRI2"
    code, out, _ = invoke("show", "--incident", "SYRI2")
    assert code == 0 and out.count("why it is here") == 2


def test_incident_corrections_survive_reingest_and_remerge(stored: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def incident_sizes() -> list[int]:
        out = invoke("export", "-f", "jsonl", "--incidents")[1]
        return sorted(len(json.loads(line)["events"]) for line in out.splitlines())

    assert incident_sizes() == [1, 2]
    code, _, err = invoke("incident", "split", "2")
    assert code == 0 and "split" in err and incident_sizes() == [1, 1, 1]
    import store.factories as factories

    monkeypatch.setattr(factories, "ENGINE_VERSION", "0.0.2")
    from marsad.ingest import pipeline

    pipeline._load_extractor.cache_clear()
    assert invoke("ingest", "--reextract")[0] == 0
    assert invoke("incident", "remerge")[0] == 0
    assert incident_sizes() == [1, 1, 1]
    code, _, err = invoke("incident", "merge", "1", "2", "3")
    assert code == 0 and incident_sizes() == [3]
    assert invoke("incident", "detach", "enab:1")[0] == 0 and incident_sizes() == [1, 2]  # by its record id
    assert invoke("incident", "split", "999")[0] == 1
    pipeline._load_extractor.cache_clear()  # the engine version patched above must not outlive this test


# --------------------------------------------------------------------------------------------- the command


def test_version_and_help_without_type_noise(env: Path) -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out.startswith("marsad ") and "engine" in out
    for command in ("export", "stats", "show", "ingest", "extract", "serve"):
        code, out, _ = invoke(command, "--help")
        assert code == 0 and "<bool>" not in out and "<list[str]>" not in out and "<str>" not in out, command


def test_a_config_file_sets_the_store_the_format_and_the_outlet(stored: Path, tmp_path: Path) -> None:
    (tmp_path / "marsad.db").rename(tmp_path / "team.db")
    (tmp_path / "marsad.toml").write_text('db = "team.db"\nformat = "geojson"\noutlet = "SANA"\n', encoding="utf-8")
    code, out, err = invoke("export")
    assert code == 0, err
    assert len(json.loads(out)["features"]) == 3
    code, out, _ = invoke("export", "-f", "jsonl")  # an option beats the file
    assert code == 0 and len(out.splitlines()) == 3
    (tmp_path / "new.txt").write_text("قصف على حلب\nقصف جديد على حلب.", encoding="utf-8")
    assert invoke("ingest", str(tmp_path / "new.txt"), "--published", "2022-03-05")[0] == 0
    code, out, _ = invoke("export", "-f", "jsonl", "--outlet", "SANA")
    assert code == 0 and len(out.splitlines()) == 1


def test_pyproject_tool_table_and_unknown_keys(env: Path, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.marsad]\ndb = "x.db"\ncolour = "red"\n', encoding="utf-8")
    code, _, err = invoke("stats")
    assert code == 2 and "unknown key 'colour'" in err and "[tool.marsad]" in err


# --------------------------------------------------------------------------------------------- extract


def test_extract_says_why_a_document_gave_nothing_and_warns_once_without_a_date(env: Path) -> None:
    text = env / "noplace.txt"
    text.write_text("غارات جوية\nقصف الطيران الحربي مواقع للمسلحين أمس وقتل خمسة منهم.", encoding="utf-8")
    code, _, err = invoke("extract", str(text), str(text))
    assert code == 0 and err.count("has no publication date") == 1
    code, _, err = invoke("extract", str(text), "--published", "2022-03-01")
    assert code == 0 and "no events:" in err and "for want of a place" in err


def test_extract_with_a_malformed_publication_date_is_a_usage_error(env: Path) -> None:
    code, _, err = invoke("extract", str(env / "sana.txt"), "--published", "2022-13-01")
    assert code == 2 and "2022-13-01" in err
    assert invoke("ingest", str(env), "--published", "yesterday")[0] == 2


def test_extract_on_jsonl_closes_with_a_summary(env: Path) -> None:
    lines = env / "batch.jsonl"
    lines.write_text(
        "\n".join(
            json.dumps({"id": f"d{i}", "text": text, "published": "2022-03-01"}, ensure_ascii=False)
            for i, text in enumerate(ARTICLES.values())
        )
        + "\n{broken\n",
        encoding="utf-8",
    )
    code, out, err = invoke("extract", str(lines), "--format", "jsonl")
    assert code == 1 and len(out.splitlines()) == 3
    summary = err.strip().splitlines()[-1]
    assert "3 document(s)" in summary and "1 failed" in summary and "docs/s" in summary and "event(s)" in summary


def test_ingest_verbose_says_why_a_document_gave_nothing(
    env: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("MARSAD_EXTRACTOR")  # the real engine: only it can explain itself
    from marsad.ingest import pipeline

    pipeline._load_extractor.cache_clear()
    text = env / "noplace.txt"
    text.write_text("غارات جوية\nقصف الطيران الحربي مواقع للمسلحين أمس وقتل خمسة منهم.", encoding="utf-8")
    with caplog.at_level("INFO", logger="marsad.ingest.pipeline"):
        code, _, err = invoke("-v", "ingest", str(text), "--published", "2022-03-01")
    pipeline._load_extractor.cache_clear()
    assert code == 0, err
    assert any("noplace" in r.message and "for want of a place" in r.message for r in caplog.records)
