"""Places and initiatives evaluation (issue 6): run extraction, attribution and
initiative extraction over the labelled set and score them.

    uv run python bench/eval_places.py                 # labelled set + the five seeds
    uv run python bench/eval_places.py --errors        # also print every miss
    uv run python bench/eval_places.py --json out.json # machine-readable scores

Inputs
- ``bench/data/places_eval/labels.jsonl`` with one object per document:
  ``file`` (path under ``bench/data/places_eval/docs/``; ``doc``/``path``/``id`` also read),
  ``primary_district`` (null = no single district), ``subdistricts``, ``published_date``,
  ``date_knowable_day``, ``initiatives`` (names), ``categories``.
- ``bench/data/seed_labels.jsonl``: labels for ``../shared/seeds/`` written for this benchmark
  (labels only, no seed text).

Scores (targets from issue 6)
- primary-district accuracy (>= 0.95): exact match, null == null counts as right;
- initiative-name precision / recall (>= 0.8): micro over (document, normalised name);
- category F1 (>= 0.8): micro over (document, category) at article level;
- day-precise date accuracy (>= 0.9) over documents whose label says a reader could know
  the day: right when the extracted date equals the label and its precision is ``day``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from grassroots.enrich.initiatives import extract_initiatives, normalize_name  # noqa: E402
from grassroots.enrich.places import attribute  # noqa: E402
from grassroots.models import RawInput, RejectError  # noqa: E402

EVAL_DIR = REPO / "bench" / "data" / "places_eval"
SEED_LABELS = REPO / "bench" / "data" / "seed_labels.jsonl"
SEEDS_DIR = REPO.parent / "shared" / "seeds"
TARGETS = {"district_accuracy": 0.95, "initiative_precision": 0.8, "initiative_recall": 0.8,
           "category_f1": 0.8, "date_accuracy": 0.9}


def read_labels(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def _doc_path(label: dict, base: Path) -> Path:
    name = next(label[k] for k in ("file", "doc", "path", "id") if label.get(k))
    for cand in (base / "docs" / name, base / name):
        if cand.exists():
            return cand
    hits = sorted((base / "docs").glob(f"{name}*")) if (base / "docs").is_dir() else []
    if hits:
        return hits[0]
    raise FileNotFoundError(f"no document for label {name!r} under {base}")


def run_one(path: Path) -> dict:
    """Extract, attribute and find initiatives for one file, as the pipeline does."""
    raw = RawInput(source="bench", locator=str(path), data=path.read_bytes(), fetched_at=datetime.now(UTC))
    try:
        from grassroots.extract import extract
        ex = extract(raw)
        title, text, date, precision = ex.title, ex.text, ex.published_date, ex.date_precision
    except RejectError as e:
        return {"error": f"rejected: {e.reason}", "title": None, "text": "", "date": None, "precision": "unknown",
                "district": None, "subdistricts": set(), "initiatives": set(), "categories": set()}
    except ImportError:  # extractor not available: score places/initiatives on the raw text
        title, text, date, precision = None, path.read_text("utf-8", errors="replace"), None, "unknown"
    a = attribute(title, text)
    r = extract_initiatives(title, text)
    return {
        "title": title, "date": date.isoformat() if date else None, "precision": precision,
        "district": a.primary_district,
        "subdistricts": {p.subdistrict for p in a.places if p.subdistrict},
        "initiatives": {m.name for m in r.mentions},
        "categories": {c.category for c in r.categories},
    }


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(items: list[tuple[str, dict, dict]], errors: bool = False) -> dict:
    n = len(items)
    dist_ok = 0
    it = {"tp": 0, "fp": 0, "fn": 0}
    ct = {"tp": 0, "fp": 0, "fn": 0}
    st = {"tp": 0, "fp": 0, "fn": 0}
    date_n = date_ok = 0
    for name, lab, got in items:
        want_d = lab.get("primary_district") or None
        if got["district"] == want_d:
            dist_ok += 1
        elif errors:
            print(f"district  {name}: got {got['district']} want {want_d}")
        want_i = {normalize_name(x) for x in lab.get("initiatives") or []}
        tp = len(want_i & got["initiatives"])
        it["tp"] += tp
        it["fp"] += len(got["initiatives"] - want_i)
        it["fn"] += len(want_i - got["initiatives"])
        if errors and want_i != got["initiatives"]:
            print(f"initiative {name}: extra {sorted(got['initiatives'] - want_i)} missed {sorted(want_i - got['initiatives'])}")
        want_c = set(lab.get("categories") or [])
        ct["tp"] += len(want_c & got["categories"])
        ct["fp"] += len(got["categories"] - want_c)
        ct["fn"] += len(want_c - got["categories"])
        if errors and want_c != got["categories"]:
            print(f"category  {name}: extra {sorted(got['categories'] - want_c)} missed {sorted(want_c - got['categories'])}")
        want_s = set(lab.get("subdistricts") or [])
        st["tp"] += len(want_s & got["subdistricts"])
        st["fp"] += len(got["subdistricts"] - want_s)
        st["fn"] += len(want_s - got["subdistricts"])
        if errors and want_s != got["subdistricts"]:
            print(f"subdistrict {name}: extra {sorted(got['subdistricts'] - want_s)} missed {sorted(want_s - got['subdistricts'])}")
        if lab.get("date_knowable_day"):
            date_n += 1
            ok = got["precision"] == "day" and got["date"] == lab.get("published_date")
            date_ok += ok
            if errors and not ok:
                print(f"date      {name}: got {got['date']} ({got['precision']}) want {lab.get('published_date')}")
    ip, ir, i_f = _prf(it["tp"], it["fp"], it["fn"])
    cp, cr, cf = _prf(ct["tp"], ct["fp"], ct["fn"])
    sp, sr, sf = _prf(st["tp"], st["fp"], st["fn"])
    return {
        "documents": n,
        "district_accuracy": dist_ok / n if n else 0.0,
        "initiative_precision": ip, "initiative_recall": ir, "initiative_f1": i_f,
        "category_precision": cp, "category_recall": cr, "category_f1": cf,
        "subdistrict_precision": sp, "subdistrict_recall": sr,
        "date_documents": date_n, "date_accuracy": date_ok / date_n if date_n else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    ap.add_argument("--no-seeds", action="store_true", help="score the labelled set only")
    ap.add_argument("--errors", action="store_true", help="print every miss")
    ap.add_argument("--json", type=Path, help="write the scores as JSON here")
    args = ap.parse_args(argv)

    groups: dict[str, list[tuple[str, dict, dict]]] = {"eval": [], "seeds": []}
    for lab in read_labels(args.eval_dir / "labels.jsonl"):
        path = _doc_path(lab, args.eval_dir)
        groups["eval"].append((path.name, lab, run_one(path)))
    if not args.no_seeds:
        for lab in read_labels(SEED_LABELS):
            path = SEEDS_DIR / lab["file"]
            groups["seeds"].append((path.name, lab, run_one(path)))
    groups["all"] = groups["eval"] + groups["seeds"]
    results = {g: score(items, errors=args.errors and g != "all") for g, items in groups.items() if items}
    cols = ["documents", "district_accuracy", "initiative_precision", "initiative_recall", "category_f1",
            "date_documents", "date_accuracy", "subdistrict_precision", "subdistrict_recall"]
    print("| set | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for g, s in results.items():
        print(f"| {g} | " + " | ".join(f"{s[c]:.3f}" if isinstance(s[c], float) else str(s[c]) for c in cols) + " |")
    if "all" in results:
        s = results["all"]
        missed = [k for k, t in TARGETS.items() if s[k] < t]
        print("targets met" if not missed else "below target: " + ", ".join(missed))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
