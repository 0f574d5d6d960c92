#!/usr/bin/env python3
"""Choose the corpus articles to annotate (eval/ant/sample.tsv): a stratified random sample plus top-ups.

    python3 scripts/sample_corpus.py [--seed 2018] [--out eval/ant/sample.tsv]

Strata, all drawn from ``../shared/data/corpus/ant-2018.jsonl.gz`` with a fixed seed (the same file every run):
1. ``region``: news (categories middleEast and internationalNews) that concerns the countries Marsad covers
   (Syria, Iraq, Lebanon, Jordan, Palestine: two or more mentions of their names or main cities), stratified by
   outlet and month (largest-remainder allocation over the outlet x month cells);
2. ``conflict``: region news whose lead (first 600 characters) speaks of violence, stratified in the same way,
   so that the annotated events are numerous enough for per-type figures;
3. ``any-news``: news of any region, so that false events outside the coverage are measured too;
4. ``topup:<family>``: region news whose lead (first 600 characters) speaks of a rarer event family
   (displacement, return, aid, arrests, releases, agreements, protests, riots): keywords choose the articles
   to read, never what is coded in them;
5. ``nonnews``: economy, sport, culture and technology, where there should be no events at all.
Round 2 (``--round 2``) adds to the file, never re-drawing an article of round 1: ``dense``, region news in which
three or more sentences speak of violence, protest, flight, aid, arrests or agreements (stratified by outlet and
month as above), and larger ``topup:<family>`` draws, so that every event type has enough required events for
per-type figures (the random strata of round 1 hold about one required event per article).
Duplicate texts (the corpus repeats some wire items under several ids) are sampled once. ``double`` marks the
articles annotated twice, independently, for the agreement figures; ``split`` is fixed by a hash of the id.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gold import ANT_DIR, compose, corpus_records, split_of

NEWS = {"middleEast", "internationalNews"}
NON_NEWS = {"economy", "sport", "culture", "technology"}
REGION = re.compile(
    r"سوري|العراق|عراقي|لبنان|لبناني|الأردن|أردني|فلسطين|غزة|الضفة الغربية|دمشق|حلب|إدلب|درعا|حمص|حماة|الرقة|"
    r"دير الزور|الحسكة|القامشلي|عفرين|منبج|الغوطة|بغداد|الموصل|البصرة|كركوك|أربيل|الأنبار|الفلوجة|نينوى|ديالى|"
    r"صلاح الدين|السليمانية|بيروت|طرابلس اللبنانية|صيدا|عرسال|الجنوب اللبناني|عمان الأردنية|رام الله|نابلس|الخليل|جنين|"
    r"رفح|خان يونس|القدس"
)
FAMILIES: dict[str, str] = {
    "displacement": r"نزوح|نازح|النازحين|فرار (?:آلاف|مئات|المدنيين)|تهجير|هجّر|هجر السكان|فروا من",
    "return": r"عودة (?:اللاجئين|النازحين|الأهالي|المهجرين|السكان)|عاد(?:ت|وا)? (?:آلاف|مئات|عشرات|العائلات|الأهالي|النازحون)",
    "aid": r"مساعدات إنسانية|قافلة مساعدات|قوافل مساعدات|مساعدات غذائية|سلال غذائية|مساعدات طبية|إغاثة",
    "arrests": r"اعتقل|اعتقال|حملة مداهمات|حملة دهم|ألقت القبض|القبض على|احتجزت",
    "releases": r"الإفراج عن|أفرج|أطلق سراح|إطلاق سراح|صفقة تبادل|تبادل (?:الأسرى|المعتقلين)",
    "agreements": r"اتفاق (?:ل?وقف إطلاق النار|تسوية|مصالحة|إجلاء|خروج)|اتفاق(?:ا)? يقضي|توصل(?:ت|وا)? إلى اتفاق|تسوية أوضاع",
    "protests": r"تظاهر|مظاهرة|مظاهرات|احتجاج|احتجاجات|وقفة احتجاجية|اعتصام|محتجين|المحتجين|متظاهرين|المتظاهرين",
    "riots": r"رشق|الحجارة|أحرق(?:وا)? إطارات|إحراق الإطارات|الإطارات المشتعلة|أعمال شغب|مشاغبين|اقتحم(?:وا)? مبنى|أضرموا النار",
}
VIOLENCE = re.compile(r"قصف|غارة|غارات|اشتباك|معارك|هجوم|تفجير|انفجار|مقتل|قتلى|استهداف|قذائف|عبوة ناسفة|اغتيال")
HEADER = "corpus_id\tstratum\toutlet\tmonth\tcategory\tchars\tsplit\tdouble\tround\n"
EVENTFUL = re.compile(VIOLENCE.pattern + "|" + "|".join(FAMILIES.values()))
SENTENCE = re.compile(r"[^.!؟?\n]+")


def allocate(cells: dict[tuple[str, str], list[str]], n: int) -> dict[tuple[str, str], int]:
    """Largest-remainder allocation of ``n`` draws over the cells, proportional to their sizes."""
    total = sum(len(v) for v in cells.values())
    quotas = {k: n * len(v) / total for k, v in cells.items()}
    alloc = {k: int(q) for k, q in quotas.items()}
    rest = n - sum(alloc.values())
    for k in sorted(quotas, key=lambda k: (quotas[k] - alloc[k], k), reverse=True)[:rest]:
        alloc[k] += 1
    return alloc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--region", type=int, default=75)
    ap.add_argument("--conflict", type=int, default=35)
    ap.add_argument("--any-news", type=int, default=8)
    ap.add_argument("--per-family", type=int, default=6)
    ap.add_argument("--nonnews", type=int, default=32)
    ap.add_argument("--double", type=int, default=26)
    ap.add_argument("--out", type=Path, default=ANT_DIR / "sample.tsv")
    ap.add_argument("--round", type=int, default=1, help="2: add event-dense articles to the file")
    ap.add_argument("--dense", type=int, default=110)
    ap.add_argument("--per-family-2", type=int, default=8)
    ap.add_argument("--families", default="", help="family:n,... top-ups of a later round (default: every family, --per-family-2)")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed if a.round == 1 else a.seed * 100 + a.round)
    records = corpus_records()
    seen_text: set[str] = set()
    unique: list[dict[str, object]] = []
    for cid in sorted(records):
        rec = records[cid]
        doc = compose(rec)
        key = hashlib.sha1(" ".join(doc.split()).encode("utf-8")).hexdigest()
        if key in seen_text or len(doc) < 200:
            continue
        seen_text.add(key)
        unique.append({**rec, "document": doc})
    chosen: dict[str, str] = {}

    def cell(rec: dict[str, object]) -> tuple[str, str]:
        return str(rec["outlet"]), str(rec["published"])[:7]

    region = [r for r in unique if r["category"] in NEWS and len(REGION.findall(str(r["document"]))) >= 2]
    if a.round > 1:
        return _add_round(a, rng, unique, region, cell)
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in region:
        cells[cell(r)].append(str(r["id"]))
    for k, n in sorted(allocate(cells, a.region).items()):
        for cid in rng.sample(cells[k], n):
            chosen[cid] = "region"
    conflict: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in region:
        if str(r["id"]) not in chosen and VIOLENCE.search(str(r["document"])[:600]):
            conflict[cell(r)].append(str(r["id"]))
    for k, n in sorted(allocate(conflict, a.conflict).items()):
        for cid in rng.sample(conflict[k], n):
            chosen[cid] = "conflict"
    news = [str(r["id"]) for r in unique if r["category"] in NEWS and str(r["id"]) not in chosen]
    for cid in rng.sample(news, a.any_news):
        chosen[cid] = "any-news"
    for fam, pattern in FAMILIES.items():
        rx = re.compile(pattern)
        pool = [str(r["id"]) for r in region if str(r["id"]) not in chosen and rx.search(str(r["document"])[:600])]
        for cid in rng.sample(pool, min(a.per_family, len(pool))):
            chosen[cid] = f"topup:{fam}"
    nonnews: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in unique:
        if r["category"] in NON_NEWS:
            nonnews[(str(r["category"]), str(r["outlet"]))].append(str(r["id"]))
    for k, n in sorted(allocate(nonnews, a.nonnews).items()):
        for cid in rng.sample(nonnews[k], n):
            chosen[cid] = "nonnews"
    by_id = {str(r["id"]): r for r in unique}
    # articles annotated twice: drawn from the news strata, where there is something to disagree about
    news_ids = sorted(c for c, s in chosen.items() if s != "nonnews")
    double = set(rng.sample(news_ids, a.double - 2)) | set(rng.sample(sorted(c for c, s in chosen.items() if s == "nonnews"), 2))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for cid in sorted(chosen):
            r = by_id[cid]
            fh.write(
                f"{cid}\t{chosen[cid]}\t{r['outlet']}\t{str(r['published'])[:7]}\t{r['category']}\t"
                f"{len(str(r['document']))}\t{split_of(cid)}\t{'yes' if cid in double else 'no'}\t1\n"
            )
    counts: dict[str, int] = defaultdict(int)
    for s in chosen.values():
        counts[s.split(":")[0]] += 1
    print(f"wrote {a.out}: {len(chosen)} articles {dict(counts)}, {len(double)} to annotate twice", file=sys.stderr)
    return 0


def _add_round(
    a: argparse.Namespace,
    rng: random.Random,
    unique: list[dict[str, object]],
    region: list[dict[str, object]],
    cell: Callable[[dict[str, object]], tuple[str, str]],
) -> int:
    """Append a round of event-dense articles to the sample file, none of them drawn before."""
    lines = a.out.read_text(encoding="utf-8").splitlines()
    taken = {line.split("\t")[0] for line in lines[1:]}
    chosen: dict[str, str] = {}
    dense: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in region:
        cid = str(r["id"])
        if cid in taken:
            continue
        eventful = sum(1 for m in SENTENCE.finditer(str(r["document"])) if EVENTFUL.search(m.group()))
        if eventful >= 3:
            dense[cell(r)].append(cid)
    for k, n in sorted(allocate(dense, a.dense).items()):
        for cid in rng.sample(dense[k], n):
            chosen[cid] = "dense"
    wanted = {f: a.per_family_2 for f in FAMILIES}
    if a.families:
        wanted = {k: int(v) for k, v in (item.split(":") for item in a.families.split(","))}
    for fam, n in wanted.items():
        rx = re.compile(FAMILIES[fam])
        pool = [
            str(r["id"])
            for r in region
            if str(r["id"]) not in chosen and str(r["id"]) not in taken and rx.search(str(r["document"])[:600])
        ]
        for cid in rng.sample(pool, min(n, len(pool))):
            chosen[cid] = f"topup:{fam}"
    by_id = {str(r["id"]): r for r in unique}
    double = set(rng.sample(sorted(chosen), a.double // 2))
    rows = [HEADER.rstrip("\n")] + [line if len(line.split("\t")) > 8 else line + "\t1" for line in lines[1:]]
    for cid in sorted(chosen):
        r = by_id[cid]
        rows.append(
            f"{cid}\t{chosen[cid]}\t{r['outlet']}\t{str(r['published'])[:7]}\t{r['category']}\t"
            f"{len(str(r['document']))}\t{split_of(cid)}\t{'yes' if cid in double else 'no'}\t{a.round}"
        )
    a.out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"added {len(chosen)} articles to {a.out} (round {a.round}), {len(double)} to annotate twice", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
