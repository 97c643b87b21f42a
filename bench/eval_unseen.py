"""Unseen inputs evaluation (issue 18): titles, dates and places on blind sets.

    uv run python bench/eval_unseen.py                                # independent sets
    uv run python bench/eval_unseen.py /work/realdata/excerpts        # + real excerpts
    uv run python bench/eval_unseen.py --errors                       # misses, dev splits only
    uv run python bench/eval_unseen.py --json out.json

Inputs: ``bench/data/independent/<set>/<split>/{labels.jsonl,docs/}`` (labels as in
docs/EVAL_DATA.md) and, optionally, a folder of real excerpts (``labels.jsonl`` with a
``split`` field, ``docs/``; third-party text kept outside the repository). Every document goes
through ``process_one`` (extract, attribute, initiatives), as the pipeline runs it.

Scores, per set and split and over all sets per split:
- title exact: extracted title == label (white space and NFKC width folded) where the label has
  a title; false titles: a title given where the label says the page has none;
- day date: value and day precision right where the label has day precision; dates given where
  the label says none is stated (any precision);
- primary district accuracy (null == null is right), separately for simplified, traditional and
  mixed pages;
- not_places hit: place rows (district or 街道/镇) whose name the label lists in not_places.
- places P / R: the 街道 / 镇 the document is attributed to against the label's `places` (the
  ones the story is about or reports from), counted over the set (n = given / labelled).
``--errors`` prints misses of dev splits only: test splits are for reporting, not tuning.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from grassroots.models import Document, RawInput  # noqa: E402
from grassroots.run.pipeline import process_one  # noqa: E402

INDEPENDENT = REPO / "bench" / "data" / "independent"
TARGETS = {"title": 0.95, "false_title_rate": 0.02, "day_date": 0.95, "district": 0.97}


def _norm(s: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split())


def read_labels(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def run_doc(path: Path) -> dict:
    raw = RawInput(source="eval", locator=str(path), data=path.read_bytes(), fetched_at=datetime.now(UTC))
    res = process_one(raw)
    if not isinstance(res, Document):
        return {"rejected": res.reason, "title": None, "date": None, "precision": "unknown",
                "district": None, "places": set(), "subdistricts": set()}
    e = res.extracted
    places = {p.subdistrict or p.district for p in res.attribution.places}
    return {"rejected": None, "title": e.title, "date": e.published_date.isoformat() if e.published_date else None,
            "precision": e.date_precision, "district": res.attribution.primary_district, "places": places,
            "subdistricts": {p.subdistrict for p in res.attribution.places if p.subdistrict},
            "script": getattr(e, "script", None)}


class Score:
    def __init__(self) -> None:
        self.c: dict[str, int] = defaultdict(int)
        self.misses: list[str] = []

    def add(self, lab: dict, got: dict, name: str) -> None:
        c = self.c
        c["n"] += 1
        c["rejected"] += got["rejected"] is not None
        if lab.get("title"):
            c["title_n"] += 1
            ok = _norm(got["title"]) == _norm(lab["title"])
            c["title_ok"] += ok
            if not ok:
                self.misses.append(f"{name}: title {got['title']!r} != {lab['title']!r}")
        else:
            c["notitle_n"] += 1
            if got["title"]:
                c["false_title"] += 1
                self.misses.append(f"{name}: false title {got['title']!r}")
        if lab.get("date_precision") == "day":
            c["day_n"] += 1
            ok = got["date"] == lab["published_date"] and got["precision"] == "day"
            c["day_ok"] += ok
            if not ok:
                self.misses.append(f"{name}: date {got['date']} ({got['precision']}) != {lab['published_date']}")
        if not lab.get("published_date"):
            c["nodate_n"] += 1
            if got["date"]:
                c["false_date"] += 1
                self.misses.append(f"{name}: date {got['date']} ({got['precision']}) where none is stated")
        script = lab.get("script") or "simplified"
        c[f"district_n_{script}"] += 1
        ok = got["district"] == lab.get("primary_district")
        c[f"district_ok_{script}"] += ok
        if not ok:
            self.misses.append(f"{name}: district {got['district']} != {lab.get('primary_district')} ({script})")
        gold = set(lab.get("places") or ())  # the 街道 / 镇 the story is about or reports from
        c["places_found"] += len(got["subdistricts"] & gold)
        c["places_given"] += len(got["subdistricts"])
        c["places_gold"] += len(gold)
        bad = sorted(got["places"] & set(lab.get("not_places") or ()))
        c["not_places_hit"] += len(bad)
        if bad:
            self.misses.append(f"{name}: not_places given as places {bad}")

    def merge(self, other: Score) -> None:
        for k, v in other.c.items():
            self.c[k] += v

    def figures(self) -> dict:
        c = self.c

        def r(a: str, b: str) -> float | None:
            return round(c[a] / c[b], 3) if c[b] else None

        out = {"n": c["n"], "rejected": c["rejected"],
               "title_exact": r("title_ok", "title_n"), "title_n": c["title_n"],
               "false_titles": c["false_title"], "no_title_n": c["notitle_n"],
               "day_date": r("day_ok", "day_n"), "day_n": c["day_n"],
               "false_dates": c["false_date"], "no_date_n": c["nodate_n"],
               "not_places_hit": c["not_places_hit"],
               "places_precision": r("places_found", "places_given"), "places_given": c["places_given"],
               "places_recall": r("places_found", "places_gold"), "places_gold": c["places_gold"]}
        for s in ("simplified", "traditional", "mixed"):
            out[f"district_{s}"] = r(f"district_ok_{s}", f"district_n_{s}")
            out[f"district_{s}_n"] = c[f"district_n_{s}"]
        return out


def evaluate(folder: Path, labels: list[dict], name: str) -> Score:
    sc = Score()
    for lab in labels:
        got = run_doc(folder / lab["file"])
        sc.add(lab, got, f"{name}/{lab['file']}")
    return sc


def _fmt(v, n=None) -> str:
    if v is None:
        return "-"
    return f"{v:.3f}" + (f" ({n})" if n is not None else "")


def table(rows: list[tuple[str, dict]]) -> str:
    head = ("| set/split | n | title exact | false titles | day date | dates where none | district simp | "
            "district trad | district mixed | not_places hit | places P | places R |")
    lines = [head, "|" + "---|" * 12]
    for name, f in rows:
        lines.append(
            f"| {name} | {f['n']} | {_fmt(f['title_exact'], f['title_n'])} | {f['false_titles']}/{f['no_title_n']} | "
            f"{_fmt(f['day_date'], f['day_n'])} | {f['false_dates']}/{f['no_date_n']} | "
            f"{_fmt(f['district_simplified'], f['district_simplified_n'])} | "
            f"{_fmt(f['district_traditional'], f['district_traditional_n'])} | "
            f"{_fmt(f['district_mixed'], f['district_mixed_n'])} | {f['not_places_hit']} | "
            f"{_fmt(f['places_precision'], f['places_given'])} | {_fmt(f['places_recall'], f['places_gold'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("real", nargs="?", help="folder of real excerpts (labels.jsonl with split, docs/)")
    ap.add_argument("--errors", action="store_true", help="print the misses of dev splits")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--sets", default="", help="comma-separated set names (default: all)")
    args = ap.parse_args(argv)

    wanted = {s for s in args.sets.split(",") if s}
    rows: list[tuple[str, dict]] = []
    totals = {"dev": Score(), "test": Score()}
    misses: list[str] = []
    for set_dir in sorted(p for p in INDEPENDENT.iterdir() if p.is_dir()):
        if wanted and set_dir.name not in wanted:
            continue
        for split in ("dev", "test"):
            lab_path = set_dir / split / "labels.jsonl"
            if not lab_path.exists():
                continue
            sc = evaluate(set_dir / split, read_labels(lab_path), f"{set_dir.name}/{split}")
            totals[split].merge(sc)
            rows.append((f"{set_dir.name}/{split}", sc.figures()))
            if split == "dev":
                misses += sc.misses
    for split in ("dev", "test"):
        rows.append((f"**all independent/{split}**", totals[split].figures()))
    if args.real:
        real = Path(args.real)
        labels = read_labels(real / "labels.jsonl")
        for split in ("dev", "test"):
            sc = evaluate(real, [x for x in labels if x.get("split") == split], f"real/{split}")
            rows.append((f"real/{split}", sc.figures()))
            if split == "dev":
                misses += sc.misses
            both = Score()
            both.merge(totals[split])
            both.merge(sc)
            rows.append((f"**independent+real/{split}**", both.figures()))
    print(table(rows))
    print(f"\ntargets (test + real): title exact >= {TARGETS['title']}, false titles <= "
          f"{TARGETS['false_title_rate']:.0%}, day date >= {TARGETS['day_date']}, no date where none is stated, "
          f"primary district >= {TARGETS['district']} (simplified and traditional), no not_places")
    if args.errors:
        print("\nmisses (dev splits only):")
        for m in misses:
            print(" ", m)
    if args.json:
        Path(args.json).write_text(json.dumps(dict(rows), ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
