"""The place-expression table (place_table.tsv) and its scoring, shared by the tests and benchmarks/geo_bench.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marsad.geo import Gazetteer, ResolvedPlace
from marsad.text.normalize import normalize, normalize_str

TABLE = Path(__file__).with_name("place_table.tsv")
DEFAULT_SENTENCE = "أفادت مصادر محلية بوقوع انفجار في {} صباح اليوم"


@dataclass(frozen=True)
class Case:
    expression: str
    expected: str
    precision: int
    sentence: str


def load_table(path: Path = TABLE) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        sentence = cols[3] if len(cols) > 3 and cols[3] else DEFAULT_SENTENCE.format(cols[0])
        cases.append(Case(cols[0], cols[1], int(cols[2]), sentence))
    return cases


def resolve_case(gaz: Gazetteer, case: Case) -> ResolvedPlace | None:
    """The resolved place of the mention covering the case's expression in its sentence."""
    norm = normalize(case.sentence)
    target = normalize_str(case.expression)
    pos = norm.text.find(target)
    mentions = gaz.find_mentions(norm.text)
    resolved = gaz.resolve_all(mentions)
    for m, r in zip(mentions, resolved, strict=True):
        if pos >= 0 and m.start <= pos + len(target) - 1 and m.end >= pos + 1:
            return r
    return None


def matches(case: Case, r: ResolvedPlace | None) -> tuple[bool, bool]:
    """(place right, precision right)."""
    if r is None:
        return False, False
    if "/" in case.expected:
        want = case.expected.split("/")
        got = [r.country, r.admin1 or "", r.admin2 or ""]
        ok = all(w == g for w, g in zip(want, got, strict=False))
    else:
        ok = bool(r.pcode and r.pcode.startswith(case.expected))
    return ok, ok and r.geo_precision == case.precision


def score(gaz: Gazetteer, cases: list[Case]) -> tuple[float, float, list[str]]:
    place_ok = prec_ok = 0
    failures = []
    for c in cases:
        r = resolve_case(gaz, c)
        p, q = matches(c, r)
        place_ok += p
        prec_ok += q
        if not q:
            got = (
                "unresolved"
                if r is None
                else f"{r.country}/{r.admin1}/{r.admin2} {r.pcode} p{r.geo_precision}"
            )
            failures.append(f"{c.expression} -> {got} (want {c.expected} p{c.precision})")
    return place_ok / len(cases), prec_ok / len(cases), failures
