"""Learned weights for the quoted-name decision (issue 17), compared with the hand weights.

    uv run --with scikit-learn python bench/train_initiative_scorer.py [--real DIR ...] [--out weights.json]

Fits a logistic regression over the evidence ``initiative_names.score_quote`` records (the same
features the hand weights use) on the **dev** splits: a quoted candidate is positive when its
core matches a gold name of its document (bench/eval_initiatives.match). Then scores both weight
sets end to end on dev and on the **test** splits (aggregate figures only; test is never used to
fit anything). scikit-learn is needed only here (``--with``); the pipeline would read the fitted
weights from a small JSON file, so it is not a dependency of grassroots.
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

from grassroots.enrich import initiative_names as names  # noqa: E402
from grassroots.enrich.initiatives import analysis_text  # noqa: E402

FEATURES = [k for k in names.WEIGHTS if k != "bias"]


def docs(independent: Path, real: list[Path], split: str) -> list[tuple[str | None, str, list[str]]]:
    out = []
    for d in sorted(independent.glob(f"*/{split}")):
        for lab in ev.read_labels(d / "labels.jsonl"):
            out.append((*ev.extracted(d / lab["file"]), list(lab.get("initiatives") or [])))
    for folder in real:
        for lab in ev.read_labels(folder / "labels.jsonl"):
            if lab.get("split") == split:
                out.append((*ev.extracted(folder / lab["file"]), list(lab.get("initiatives") or [])))
    return out


def quoted_rows(items):
    X, y = [], []
    for title, text, gold in items:
        full = f"{title}\n{text}" if title and not text.lstrip().startswith(title) else text
        full = analysis_text(unicodedata.normalize("NFKC", full))
        keys = [ev.match_key(g) for g in gold]
        for c in names.candidates(full, len(title or "")):
            if {"campaign", "code", "event", "book", "paren", "circle", "unquoted"} & set(c.evidence):
                continue
            k = ev.match_key(c.core)
            X.append([float(c.evidence.get(f, 0)) for f in FEATURES])
            y.append(int(any(k and g and (k in g or g in k) for g in keys)))
    return X, y


def end_to_end(items, weights: dict[str, float]) -> dict:
    """Scores with ``weights`` in place of the shipped ones (restored afterwards)."""
    saved = dict(names.WEIGHTS)
    names.WEIGHTS.update(weights)
    try:
        return ev.score([(str(i), gold, ev.predict(t, x)) for i, (t, x, gold) in enumerate(items)])
    finally:
        names.WEIGHTS.clear()
        names.WEIGHTS.update(saved)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--independent", type=Path, default=ev.INDEPENDENT)
    ap.add_argument("--real", type=Path, action="append", default=None, help="real excerpts folder (repeatable)")
    ap.add_argument("--out", type=Path, default=None, help="write the fitted weights here (JSON)")
    ap.add_argument("--no-test", action="store_true", help="compare on dev only (while choosing features)")
    args = ap.parse_args(argv)
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    real = ev.real_folders(args.real)
    dev, test = docs(args.independent, real, "dev"), docs(args.independent, real, "test")
    X, y = quoted_rows(dev)
    best = max((cross_val_score(LogisticRegression(C=c, max_iter=2000), X, y, cv=5, scoring="f1").mean(), c)
               for c in (0.1, 0.3, 1.0, 3.0, 10.0))
    lr = LogisticRegression(C=best[1], max_iter=2000).fit(X, y)
    # accept when the logit >= 0, i.e. score >= ACCEPT with the intercept moved into the bias
    learned = {f: round(float(w), 3) for f, w in zip(FEATURES, lr.coef_[0], strict=True)}
    learned["bias"] = round(float(lr.intercept_[0]) + names.ACCEPT, 3)
    # evidence that no training candidate shows gets no learned weight (the fit sees a constant
    # 0): it keeps its hand weight rather than counting for nothing
    unseen = [f for j, f in enumerate(FEATURES) if not any(row[j] for row in X)]
    for f in unseen:
        learned[f] = names.HAND_WEIGHTS[f]
    print(f"dev quoted candidates: {len(y)} ({sum(y)} positive); 5-fold F1 {best[0]:.3f} at C={best[1]}"
          + (f"; hand weights kept for unseen evidence: {', '.join(unseen)}" if unseen else ""))
    print("learned weights:", json.dumps(learned, ensure_ascii=False))
    hand, shipped = dict(names.HAND_WEIGHTS), dict(names.WEIGHTS)
    for split, items in (("dev", dev),) + ((("test", test),) if not args.no_test else ()):
        for label, w in (("hand", hand), ("shipped", shipped), ("learned", learned)):
            s = end_to_end(items, w)
            print(f"{split:4} {label:7} n={s['documents']} P={s['precision']:.3f} R={s['recall']:.3f} "
                  f"F1={s['f1']:.3f} none={s['none']}/{s['named_stories']}")
    if args.out:
        meta = {"fitted_on": "dev splits: " + ", ".join(sorted({p.parent.name for p in args.independent.glob("*/dev")}))
                + "".join(f" + real excerpts {f.name} (dev)" for f in real),
                "candidates": len(y), "positive": sum(y), "C": best[1], "cv_f1": round(best[0], 3),
                "hand_weights_kept_for": unseen,
                "command": "uv run --with scikit-learn python bench/train_initiative_scorer.py --real DIR --out FILE"}
        args.out.write_text(json.dumps({"meta": meta, "weights": learned}, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
