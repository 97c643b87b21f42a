"""Counted objects of quantities (`initiative_facts_by_district.object`) against blind labels.

    uv run python bench/eval_quantities.py /work/realdata/q1                 # dev and test figures
    uv run python bench/eval_quantities.py /work/realdata/q1 --errors        # + every dev miss
    uv run python bench/eval_quantities.py /work/realdata/q1 --second /work/realdata/q1x   # two readers

Inputs (third-party text: never committed; docs/QUANTITIES.md is the labelling guide)
- ``DIR/items-<split>.jsonl``: ``id``, ``doc`` (``<batch>/<name>``: the excerpt
  ``ROOT/<batch>/docs/<name>.*``), ``sentence`` (the figure marked 【…】), ``figure``;
- ``DIR/labels-<split>.jsonl``: ``id``, ``is_count``, ``object`` (written by a reader who saw only
  the guide and the items).
Each item's figure is found again in the document as the pipeline reads it (``extract``, then
the initiative stage's analysed text) by the words before it, and its object is read there.

Scores over the figures the reader counted (``is_count``):
- ``exact``: the object is the reader's (NFKC, quotes and spaces dropped);
- ``close``: one contains the other, both at least two characters (电梯 for 加装电梯 … 台电梯);
- ``empty right``: both empty; ``missed``: ours empty where the reader named one;
- ``wrong``: anything else (a scrap of the sentence, another noun);
- ``counts dropped``: figures the reader counted that the software no longer stores as facts;
- ``not counts kept``: figures the reader marked as no quantity (a name's number, a duration)
  that the software stores as facts, of all such figures.
Test splits are for reporting only: ``--errors`` prints dev misses alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

import eval_initiatives as ev  # noqa: E402

from grassroots.enrich import initiatives as I  # noqa: E402


def _norm(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s or "") if not ch.isspace() and ch not in "“”\"'‘’「」")


def _read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def _analysed(path: Path) -> tuple[str, set[int]]:
    """The analysed text of a document and where the figures it keeps as facts start."""
    _, full, title_end = I.analysed(*ev.extracted(path))
    return full, {s for s, _, _, _ in I.fact_figures(full, I._find_mentions(full, title_end))}


def _locate(full: str, item: dict) -> tuple[int, int] | None:
    """The figure's span in the analysed text: the figure after the words the item shows before it."""
    before = item["sentence"].split("【", 1)[0]
    fig = item["figure"]
    for n in (20, 10, 4, 0):
        key = before[-n:] + fig if n else fig
        k = full.find(key)
        if k >= 0:
            return k + len(key) - len(fig), k + len(key)
    return None


def judge(ours: str, gold: str) -> str:
    a, b = _norm(ours), _norm(gold)
    if a == b:
        return "exact" if a else "empty right"
    if not a:
        return "missed"
    if b and len(a) >= 2 and len(b) >= 2 and (a in b or b in a):
        return "close"
    return "wrong"


def evaluate(folder: Path, root: Path, split: str) -> tuple[dict, list[tuple]]:
    items = {x["id"]: x for x in _read(folder / f"items-{split}.jsonl")}
    labels = _read(folder / f"labels-{split}.jsonl")
    texts: dict[str, tuple[str, set[int]]] = {}
    counts = {k: 0 for k in ("exact", "close", "empty right", "missed", "wrong", "dropped")}
    not_counts = not_counts_kept = lost = 0
    rows = []
    for lab in labels:
        item = items[lab["id"]]
        batch, name = item["doc"].split("/")
        if item["doc"] not in texts:
            path = next((root / batch / "docs").glob(name + ".*"))
            texts[item["doc"]] = _analysed(path)
        full, kept = texts[item["doc"]]
        span = _locate(full, item)
        if span is None:
            lost += 1
            continue
        ours = I._object_of(full, *span)
        if not lab["is_count"]:
            not_counts += 1
            not_counts_kept += span[0] in kept
            continue
        verdict = judge(ours, lab["object"]) if span[0] in kept else "dropped"
        counts[verdict] += 1
        rows.append((lab["id"], verdict, ours, lab["object"], item["sentence"]))
    n = sum(counts.values())
    fig = {"split": split, "figures": len(labels), "counts": n, "not counts": not_counts,
           "not counts kept": not_counts_kept, "not found": lost,
           **{k: v for k, v in counts.items()},
           "exact or close": round((counts["exact"] + counts["close"] + counts["empty right"]) / n, 3) if n else None}
    return fig, rows


def agreement(first: Path, second: Path, split: str) -> dict:
    """How a second reader's labels compare with the first's, scored as the software is."""
    a = {x["id"]: x for x in _read(first / f"labels-{split}.jsonl")}
    b = {x["id"]: x for x in _read(second / f"labels-{split}.jsonl")}
    both = [i for i in a if i in b]
    counts = {k: 0 for k in ("exact", "close", "empty right", "missed", "wrong")}
    for i in both:
        if a[i]["is_count"] and b[i]["is_count"]:
            counts[judge(b[i]["object"], a[i]["object"])] += 1
    n = sum(counts.values())
    return {"split": split, "both": len(both), "counted by both": n,
            "is_count agrees": sum(a[i]["is_count"] == b[i]["is_count"] for i in both), **counts}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--root", type=Path, default=None, help="folder holding the batches (default: FOLDER's parent)")
    ap.add_argument("--errors", action="store_true", help="print every dev item that is not exact")
    ap.add_argument("--second", type=Path, default=None, help="a second reader's labels of the same items")
    args = ap.parse_args(argv)
    if args.second is not None:
        print("| split | items | is_count agrees | counted by both | second = first | close | empty, right | "
              "second empty | other word |")
        print("|---|---|---|---|---|---|---|---|---|")
        for split in ("dev", "test"):
            if (args.second / f"labels-{split}.jsonl").exists():
                f = agreement(args.folder, args.second, split)
                print(f"| {split} | {f['both']} | {f['is_count agrees']} | {f['counted by both']} | {f['exact']} | "
                      f"{f['close']} | {f['empty right']} | {f['missed']} | {f['wrong']} |")
        return 0
    root = args.root or args.folder.parent
    print("| split | figures | counted by the reader | exact | close | empty, right | missed | wrong | counts dropped |"
          " right or close | not counts: kept as facts / all | not found again |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for split in ("dev", "test"):
        if not (args.folder / f"labels-{split}.jsonl").exists():
            continue
        fig, rows = evaluate(args.folder, root, split)
        print(f"| {split} | {fig['figures']} | {fig['counts']} | {fig['exact']} | {fig['close']} | {fig['empty right']} | "
              f"{fig['missed']} | {fig['wrong']} | {fig['dropped']} | {fig['exact or close']} | "
              f"{fig['not counts kept']} / {fig['not counts']} | {fig['not found']} |")
        if args.errors and split == "dev":
            for r in rows:
                if r[1] not in ("exact", "empty right"):
                    print("  ", *r)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
