"""Real-page kinds (issue 21): grassroots and plain trafilatura on bench/data/pages_eval/{dev,test}.

The set was written and labelled by a helper who saw neither grassroots' rules nor its code
(docs/EVAL_DATA.md): pages of the kinds the shared benchmark did not teach (browser snapshots,
trailing boilerplate, stray inline pieces, headline vs. <title>, short articles). Each page is read
as a user's folder would give it: bytes, no content type, no URL.

    uv run python bench/eval_pages.py                       # both splits, grassroots + trafilatura
    uv run python bench/eval_pages.py --split dev -v        # per-page misses (dev only: never tune on test)
    uv run python bench/eval_pages.py --src /tmp/before/src # another grassroots source tree ("before")

Metrics per split:
- title exact: the shared benchmark's title_match (NFKC, case and whitespace folded; punctuation
  such as —— vs - counts);
- day date: pages labelled with a day-precision date whose predicted date is that day at day
  precision; `date (all)` also counts month labels (same month at month precision) and null labels
  (no date predicted);
- body checks: every `with` snippet present and every `without` snippet absent, counted per check
  (squashed like the shared scorer); `pages clean` is the share of pages passing all their checks;
- raw markup: outputs whose text holds tags, comments or script/style source;
- empty: outputs rejected or with no text.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "bench" / "data" / "pages_eval"
SCORER = REPO.parent / "shared" / "benchmarks" / "extraction" / "score.py"

_MARKUP_RE = re.compile(
    r"<\s*/?\s*(?:html|head|body|div|span|p|a|script|style|meta|link|noscript|section|ul|li|img|br|iframe|table|td|tr)\b[^>]*>"
    r"|<!--|-->|\bfunction\s*\(|\bvar\s+\w+\s*=|\{\s*[\w-]+\s*:\s*[^}]{1,80};",
    re.IGNORECASE,
)


def _load_scorer():
    spec = importlib.util.spec_from_file_location("extraction_score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def load_split(data: Path, split: str) -> list[dict]:
    path = data / split / "labels.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def predict_grassroots(rows: list[dict], folder: Path) -> tuple[list[dict], float]:
    from grassroots.extract import extract
    from grassroots.models import RawInput, RejectError

    out = []
    t0 = time.perf_counter()
    for r in rows:
        path = folder / r["file"]
        raw = RawInput(source="folder", locator=str(path), data=path.read_bytes(), fetched_at=datetime.now(UTC), kind="file")
        try:
            ex = extract(raw)
            out.append({"title": ex.title, "date": ex.published_date.isoformat() if ex.published_date else None,
                        "precision": ex.date_precision, "text": ex.text, "method": ex.extractor})
        except RejectError as e:
            out.append({"title": None, "date": None, "precision": None, "text": "", "reject": e.reason})
    return out, time.perf_counter() - t0


def predict_trafilatura(rows: list[dict], folder: Path) -> tuple[list[dict], float]:
    import trafilatura

    from grassroots.extract.decode import decode_bytes

    # trafilatura gets the same decoded text grassroots decodes (as in bench/extraction.py)
    texts = [decode_bytes((folder / r["file"]).read_bytes()).text for r in rows]
    out = []
    t0 = time.perf_counter()
    for html in texts:
        doc = trafilatura.bare_extraction(html, with_metadata=True)
        d = getattr(doc, "date", None)
        out.append({"title": getattr(doc, "title", None), "date": d, "precision": "day" if d else None,
                    "text": getattr(doc, "text", None) or ""})
    return out, time.perf_counter() - t0


def _date_ok(pred: dict, label: dict) -> bool:
    gold, prec = label.get("published_date"), label.get("date_precision")
    got = (pred.get("date") or "")[:10]
    if not gold:
        return not got
    if prec == "day":
        return got == gold and pred.get("precision") == "day"
    if prec == "month":
        return got[:7] == gold[:7] and pred.get("precision") == "month"
    return got[:4] == gold[:4] and pred.get("precision") == "year"


def score(preds: list[dict], rows: list[dict], sc) -> tuple[dict, list[dict]]:
    n = len(rows)
    title = day_n = day_ok = date_ok = checks = checks_ok = pages_clean = markup = empty = 0
    misses = []
    for p, r in zip(preds, rows, strict=True):
        text = p.get("text") or ""
        miss: dict = {}
        if r.get("title") is not None:
            t_ok = sc.title_match(p.get("title") or "", r["title"])[0]
        else:
            t_ok = not p.get("title")
        title += t_ok
        if not t_ok:
            miss["title"] = (p.get("title"), r.get("title"))
        ok = _date_ok(p, r)
        date_ok += ok
        if r.get("date_precision") == "day":
            day_n += 1
            day_ok += ok
        if not ok:
            miss["date"] = (p.get("date"), p.get("precision"), r.get("published_date"))
        squashed = sc.squash(text)
        bad = [s for s in r.get("with") or [] if sc.squash(s) not in squashed]
        bad_out = [s for s in r.get("without") or [] if sc.squash(s) in squashed]
        checks += len(r.get("with") or []) + len(r.get("without") or [])
        checks_ok += len(r.get("with") or []) + len(r.get("without") or []) - len(bad) - len(bad_out)
        pages_clean += not bad and not bad_out
        if bad:
            miss["missing"] = bad
        if bad_out:
            miss["kept"] = bad_out
        if _MARKUP_RE.search(text):
            markup += 1
            miss["markup"] = _MARKUP_RE.search(text).group(0)[:60]
        if not text.strip():
            empty += 1
            miss["empty"] = p.get("reject") or "no text"
        if miss:
            misses.append({"file": r["file"], "kind": r.get("kind"), "method": p.get("method"), **miss})
    return {
        "n": n, "title_exact": title / n, "day_date": day_ok / day_n if day_n else None, "day_n": day_n,
        "date_all": date_ok / n, "body_checks": checks_ok / checks if checks else None, "checks": checks,
        "pages_clean": pages_clean / n, "raw_markup": markup, "empty": empty,
    }, misses


def _row(name: str, s: dict, secs: float) -> str:
    return (f"| {name} | {s['n']} | {s['title_exact']:.3f} | {s['day_date']:.3f} ({s['day_n']}) | {s['date_all']:.3f} "
            f"| {s['body_checks']:.3f} ({s['checks']}) | {s['pages_clean']:.3f} | {s['raw_markup']} | {s['empty']} "
            f"| {s['n'] / secs:.1f} |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA, help="folder holding dev/ and test/")
    ap.add_argument("--split", action="append", choices=["dev", "test"], help="default: both")
    ap.add_argument("--src", type=Path, help="import grassroots from this src/ folder instead of the repo's")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="print grassroots' per-page misses")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.src or REPO / "src"))
    sc = _load_scorer()
    print("| split / extractor | pages | title exact | day date (n) | date (all) | body checks (n) | pages clean "
          "| raw markup | empty | pages/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for split in args.split or ["dev", "test"]:
        rows = load_split(args.data, split)
        folder = args.data / split
        preds, secs = predict_grassroots(rows, folder)
        s, misses = score(preds, rows, sc)
        print(_row(f"{split} grassroots", s, secs))
        if not args.no_trafilatura:
            tpreds, tsecs = predict_trafilatura(rows, folder)
            print(_row(f"{split} trafilatura", score(tpreds, rows, sc)[0], tsecs))
        if args.verbose:
            if split == "test":
                print("(per-page misses are not printed for test: it is never read to tune)")
            else:
                for m in misses:
                    print("   ", json.dumps(m, ensure_ascii=False))


if __name__ == "__main__":
    main()
