"""Agreement of two blind labellers on the same documents, beside the software's score (issues 17, 18).

    uv run python bench/eval_agreement.py A/labels.jsonl B/labels.jsonl [--docs DIR]

Both files label the same ``file``s (docs/EVAL_DATA.md fields); neither labeller saw the other's
labels. Prints, over the files both label: titles (both null, both set, identical after NFKC and
whitespace), day dates, primary districts, and initiatives scored as ``eval_initiatives`` scores
the software (B's names against A's as gold, then the reverse's precision is A's recall). With
``--docs`` (the folder the ``file`` paths are relative to) the software is scored against each
labeller and against the names both gave (a prediction of a name only one of them gave is left
out: disputed, neither right nor wrong), so its figures can be read against the agreement of
two people: a target above what two labellers agree on cannot be measured with this guide.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_initiatives as ev  # noqa: E402
from eval_unseen import _norm  # noqa: E402  (titles compared as the unseen-inputs benchmark does)


def read(path: Path) -> dict[str, dict]:
    return {lab["file"]: lab for lab in ev.read_labels(path)}


def agreement(a: dict[str, dict], b: dict[str, dict], docs: Path | None = None) -> dict:
    keys = sorted(set(a) & set(b))
    t_a = [k for k in keys if a[k].get("title")]
    day_a = [k for k in keys if a[k].get("date_precision") == "day"]
    out = {
        "documents": len(keys),
        "title_presence_agree": sum(bool(a[k].get("title")) == bool(b[k].get("title")) for k in keys),
        "titles_a": len(t_a),
        "titles_identical": sum(_norm(a[k]["title"]) == _norm(b[k].get("title")) for k in t_a),
        "day_dates_a": len(day_a),
        "day_dates_identical": sum(b[k].get("date_precision") == "day"
                                   and b[k].get("published_date") == a[k].get("published_date") for k in day_a),
        "district_agree": sum(a[k].get("primary_district") == b[k].get("primary_district") for k in keys),
    }
    names = [(k, list(a[k].get("initiatives") or []), list(b[k].get("initiatives") or [])) for k in keys]
    out["initiatives_b_vs_a"] = ev.score(names)
    if docs is not None:
        pred = {k: ev.predict(*ev.extracted(docs / k)) for k in keys}
        both = []
        for k, ga, gb in names:
            _, only_a, only_b = ev.match(ga, gb)
            agreed = [g for g in ga if g not in only_a]
            # a prediction of a name only one labeller gave is disputed: neither right nor wrong
            undisputed = set(ev.match(only_a + only_b, pred[k])[2])
            both.append((k, agreed, [p for p in pred[k] if p in undisputed]))
        out["software_vs_a"] = ev.score([(k, ga, pred[k]) for k, ga, _ in names])
        out["software_vs_b"] = ev.score([(k, gb, pred[k]) for k, _, gb in names])
        out["software_vs_both"] = ev.score(both)
    return out


def _row(label: str, s: dict) -> str:
    return (f"| {label} | {s['gold']} | {s['predicted']} | {s['precision']:.3f} | {s['recall']:.3f} | "
            f"{s['f1']:.3f} | {s['none']}/{s['named_stories']} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", type=Path, help="labels.jsonl of labeller A (read as gold)")
    ap.add_argument("b", type=Path, help="labels.jsonl of labeller B")
    ap.add_argument("--docs", type=Path, default=None, help="folder the labels' file paths are relative to")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    a, b = read(args.a), read(args.b)
    if not set(a) & set(b):
        ap.error("the two files label no document in common")
    r = agreement(a, b, args.docs)
    n = r["documents"]
    print(f"documents labelled by both: {n}")
    print(f"title: present/absent agree {r['title_presence_agree']}/{n}; identical {r['titles_identical']}/{r['titles_a']}")
    print(f"day date: identical {r['day_dates_identical']}/{r['day_dates_a']}")
    print(f"primary district: agree {r['district_agree']}/{n}")
    print("\n| initiatives | gold | predicted | precision | recall | f1 | named stories with none |")
    print("|---|---|---|---|---|---|---|")
    print(_row("labeller B against A", r["initiatives_b_vs_a"]))
    for key, label in (("software_vs_a", "software against A"), ("software_vs_b", "software against B"),
                       ("software_vs_both", "software against names both gave (disputed left out)")):
        if key in r:
            print(_row(label, r[key]))
    if args.json:
        args.json.write_text(json.dumps(r, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
