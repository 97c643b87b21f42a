"""Initiative names on independent text (issue 17): precision, recall and F1 per set and split.

    uv run python bench/eval_initiatives.py                              # independent sets + seeds
    uv run python bench/eval_initiatives.py --real /work/realdata/excerpts   # + real excerpts per split
    uv run python bench/eval_initiatives.py --real DIR1 --real DIR2        # several batches: each, then all
    uv run python bench/eval_initiatives.py --split dev --errors         # every miss of the dev splits
    uv run python bench/eval_initiatives.py --json out.json              # machine-readable scores
    uv run python bench/eval_initiatives.py --speed                      # documents/s of the initiative stage

Inputs
- ``bench/data/independent/<set>/<split>/labels.jsonl`` (fields in docs/EVAL_DATA.md): ``file`` and
  ``initiatives`` (gold cores, simplified). Documents are run as the pipeline runs them:
  ``grassroots.extract.extract`` on the file's bytes, then ``extract_initiatives(title, text)``.
- the five seed articles in ``../shared/seeds`` with ``bench/data/seed_labels.jsonl``.
- ``--real DIR`` (repeatable): real excerpts (``DIR/labels.jsonl`` with ``split``, ``DIR/docs/...``);
  third-party text that is never committed, so the default is to skip it. Each batch is reported
  as ``real:<folder name>/<split>``, and with more than one batch ``real/<split>`` pools them.

Scores
- a predicted name matches a gold name when, both normalised (``match_key``: NFKC, quotes and
  whitespace dropped, traditional → simplified, Latin letters lower-cased), one contains the
  other (docs/INITIATIVES.md); each gold and each prediction is used at most once (exact
  matches first), so one short prediction cannot answer several labels;
- precision = matched predictions / predictions, recall = matched gold / gold, micro over
  documents;
- ``none``: documents whose label names at least one initiative but whose extraction yields no
  name at all; ``none_right``: ... no *matching* name (stricter; both are reported).
Test splits are for reporting only: ``--errors`` refuses to print them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from grassroots.enrich.initiatives import extract_initiatives, match_key  # noqa: E402
from grassroots.models import RawInput, RejectError  # noqa: E402

INDEPENDENT = REPO / "bench" / "data" / "independent"
SEED_LABELS = REPO / "bench" / "data" / "seed_labels.jsonl"
SEEDS_DIR = REPO.parent / "shared" / "seeds"
SPLITS = ("dev", "test")


def read_labels(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def extracted(path: Path) -> tuple[str | None, str]:
    """(title, text) as the pipeline's extraction stage gives them; rejected documents give ''."""
    from grassroots.extract import extract

    raw = RawInput(source="bench", locator=str(path), data=path.read_bytes(), fetched_at=datetime.now(UTC))
    try:
        ex = extract(raw)
    except RejectError:
        return None, ""
    return ex.title, ex.text


def predict(title: str | None, text: str) -> list[str]:
    return [m.name for m in extract_initiatives(title, text).mentions]


def _item(name: str, gold: list[str], title: str | None, text: str) -> tuple[str, list[str], list[str], dict[str, str]]:
    """(document, gold names, predicted names, kind of each predicted name)."""
    mentions = extract_initiatives(title, text).mentions
    return name, gold, [m.name for m in mentions], {m.name: m.kind for m in mentions}


def by_kind(items: list[tuple]) -> dict[str, dict]:
    """Precision of the predicted names by their kind (campaign, named, code), with the same
    one-to-one matching as ``score``: what a user filtering on ``kind`` can expect."""
    out: dict[str, dict] = {}
    for _, gold, pred, kinds in items:
        _, _, extra = match(gold, pred)
        for p in dict.fromkeys(pred):
            k = out.setdefault(kinds.get(p, "?"), {"predicted": 0, "matched": 0})
            k["predicted"] += 1
            k["matched"] += p not in extra
    for k in out.values():
        k["precision"] = k["matched"] / k["predicted"]
    return out


def match(gold: list[str], pred: list[str]) -> tuple[int, list[str], list[str]]:
    """(matched pairs, unmatched gold, unmatched predictions): one-to-one, exact keys first."""
    g_left = list(dict.fromkeys(gold))
    p_left = list(dict.fromkeys(pred))
    pairs = 0
    for exact in (True, False):
        for g in list(g_left):
            gk = match_key(g)
            for p in p_left:
                pk = match_key(p)
                if (pk == gk) if exact else (bool(pk) and bool(gk) and (pk in gk or gk in pk)):
                    pairs += 1
                    g_left.remove(g)
                    p_left.remove(p)
                    break
    return pairs, g_left, p_left


def score(items: list[tuple[str, list[str], list[str]]], errors: bool = False, label: str = "") -> dict:
    tp = n_pred = n_gold = named = none = none_right = 0
    for name, gold, pred, *_ in items:
        pairs, missed, extra = match(gold, pred)
        tp += pairs
        n_pred += len(set(pred))
        n_gold += len(set(gold))
        if gold:
            named += 1
            none += not pred
            none_right += not pairs
        if errors and (missed or extra):
            print(f"{label} {name}: missed {missed} extra {extra}")
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"documents": len(items), "gold": n_gold, "predicted": n_pred, "matched": tp,
            "precision": p, "recall": r, "f1": f, "named_stories": named,
            "none": none, "none_share": none / named if named else 0.0,
            "none_right": none_right, "none_right_share": none_right / named if named else 0.0}


def run_split(folder: Path) -> list[tuple[str, list[str], list[str]]]:
    out = []
    for lab in read_labels(folder / "labels.jsonl"):
        out.append(_item(lab["file"], list(lab.get("initiatives") or []), *extracted(folder / lab["file"])))
    return out


def real_folders(real: Path | list[Path] | None) -> list[Path]:
    """The real-excerpt batches given that exist (a folder without labels.jsonl is skipped)."""
    folders = [] if real is None else [real] if isinstance(real, Path) else list(real)
    return [f for f in folders if (f / "labels.jsonl").exists()]


def groups(independent: Path, real: Path | list[Path] | None, splits: tuple[str, ...], seeds: bool) -> dict[str, list]:
    out: dict[str, list] = {}
    for split in splits:
        for d in sorted(independent.glob(f"*/{split}")):
            if (d / "labels.jsonl").exists():
                out[f"{d.parent.name}/{split}"] = run_split(d)
        parts = [v for k, v in out.items() if k.endswith(f"/{split}")]
        if len(parts) > 1:
            out[f"independent/{split}"] = [x for p in parts for x in p]
    if seeds:
        labs = read_labels(SEED_LABELS)
        if labs and SEEDS_DIR.is_dir():
            out["seeds"] = [_item(lab["file"], list(lab.get("initiatives") or []), *extracted(SEEDS_DIR / lab["file"]))
                            for lab in labs]
    batches = real_folders(real)
    for split in splits:
        pooled, parts = [], 0
        for folder in batches:
            items = [_item(lab["file"], list(lab.get("initiatives") or []), *extracted(folder / lab["file"]))
                     for lab in read_labels(folder / "labels.jsonl") if lab.get("split") == split]
            if items:
                out[f"real:{folder.name}/{split}" if len(batches) > 1 else f"real/{split}"] = items
                pooled += items
                parts += 1
        if parts > 1:
            out[f"real/{split}"] = pooled
    return out


def speed(independent: Path, real: Path | list[Path] | None, seconds: float = 4.0) -> dict:
    """Documents per second of extract_initiatives alone (extraction done beforehand) in this
    process: run it pinned to one core (``taskset -c 0``). The name caches are emptied before each
    pass, so repeated passes over the same documents do not flatter the figure."""
    from grassroots.enrich.initiative_names import core_name, normalize_name

    docs = [extracted(d / lab["file"]) for d in sorted(independent.glob("*/*")) if d.is_dir()
            for lab in read_labels(d / "labels.jsonl")]
    docs += [extracted(p) for p in sorted(SEEDS_DIR.glob("*.txt"))] if SEEDS_DIR.is_dir() else []
    for folder in real_folders(real):
        docs += [extracted(folder / lab["file"]) for lab in read_labels(folder / "labels.jsonl")]
    for t, x in docs[:5]:
        extract_initiatives(t, x)  # load the seed files (categories, campaign lexicon) once
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        core_name.cache_clear()
        normalize_name.cache_clear()
        for t, x in docs:
            extract_initiatives(t, x)
        n += len(docs)
    dt = time.perf_counter() - t0
    chars = sum(len(x) for _, x in docs) / max(len(docs), 1)
    return {"documents": len(docs), "docs_per_s": n / dt, "mean_chars": chars, "chars_per_s": n / dt * chars}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--independent", type=Path, default=INDEPENDENT, help="folder of <set>/<split>/ sets")
    ap.add_argument("--real", type=Path, action="append", default=None,
                    help="real excerpts folder (repeatable; skipped when absent)")
    ap.add_argument("--split", choices=SPLITS, action="append", help="only this split (repeatable)")
    ap.add_argument("--no-seeds", action="store_true")
    ap.add_argument("--errors", action="store_true", help="print misses of dev splits and seeds")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--speed", action="store_true", help="also measure documents/s of the initiative stage")
    ap.add_argument("--by-kind", action="store_true", help="also print each set's precision by kind of name")
    args = ap.parse_args(argv)
    real = real_folders(args.real) or None
    splits = tuple(args.split or SPLITS)
    results = {}
    cols = ["documents", "gold", "predicted", "precision", "recall", "f1", "named_stories", "none", "none_right"]
    print("| set | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for g, items in groups(args.independent, real, splits, not args.no_seeds).items():
        show = args.errors and not g.endswith("/test")
        s = results[g] = score(items, errors=show, label=g)
        cells = [f"{s[c]:.3f}" if isinstance(s[c], float) else str(s[c]) for c in cols]
        cells[-2] = f"{s['none']} ({s['none_share']:.0%})"
        cells[-1] = f"{s['none_right']} ({s['none_right_share']:.0%})"
        print(f"| {g} | " + " | ".join(cells) + " |")
        if args.by_kind:
            s["by_kind"] = kinds = by_kind(items)
            print("|   by kind | " + ", ".join(f"{k}: {v['precision']:.3f} of {v['predicted']}"
                                           for k, v in sorted(kinds.items())) + " |")
    if args.speed:
        results["speed"] = sp = speed(args.independent, real)
        print(f"initiative stage: {sp['docs_per_s']:.0f} documents/s, {sp['chars_per_s'] / 1000:.0f}k characters/s "
              f"({sp['documents']} documents, mean {sp['mean_chars']:.0f} characters)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
