"""Learned weights for the quoted-name decision (issue 17), compared with the hand weights.

    uv run --with scikit-learn python bench/train_initiative_scorer.py [--real DIR ...] [--out weights.json]
        [--holdout DIR ...] [--lexical] [--no-test]

``--holdout`` leaves a real batch out of the fit and scores it end to end (a batch the fit never
saw); ``--lexical`` adds ``initiative_names.lexical_tokens`` to the evidence (tried, not shipped).
Cross-validation folds are grouped by document.

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
LEXICAL = False  # lexical tokens as features too (main: --lexical)


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
    """(features, label, document) of every quoted candidate: the evidence, and the lexical
    tokens with --lexical."""
    X, y, groups = [], [], []
    for n, (title, text, gold) in enumerate(items):
        full = f"{title}\n{text}" if title and not text.lstrip().startswith(title) else text
        full = analysis_text(unicodedata.normalize("NFKC", full))
        keys = [ev.match_key(g) for g in gold]
        for c in names.candidates(full, len(title or "")):
            if {"campaign", "code", "event", "book", "paren", "circle", "unquoted"} & set(c.evidence):
                continue
            k = ev.match_key(c.core)
            row = {f: float(c.evidence.get(f, 0)) for f in FEATURES if c.evidence.get(f)}
            if LEXICAL:
                before, after = full[max(0, c.start - names.LEX_BEFORE):c.start], full[c.end:c.end + names.LEX_AFTER]
                row.update({f"lex:{t}": 1.0 for t in names.lexical_tokens(c.core, before, after)})
            X.append(row)
            y.append(int(any(k and g and (k in g or g in k) for g in keys)))
            groups.append(n)
    return X, y, groups


def end_to_end(items, weights: dict[str, float], lexical: dict[str, float]) -> dict:
    """Scores with ``weights`` and ``lexical`` in place of the shipped ones (restored afterwards)."""
    saved, saved_lex = dict(names.WEIGHTS), dict(names.LEXICAL)
    names.WEIGHTS.update(weights)
    names.LEXICAL.clear()
    names.LEXICAL.update(lexical)
    try:
        return ev.score([(str(i), gold, ev.predict(t, x)) for i, (t, x, gold) in enumerate(items)])
    finally:
        names.WEIGHTS.clear()
        names.WEIGHTS.update(saved)
        names.LEXICAL.clear()
        names.LEXICAL.update(saved_lex)


def fit(X, y, groups, min_count: int, c_values=(0.3, 1.0, 3.0, 10.0)):
    """Logistic regression over the rows (lexical tokens seen fewer than ``min_count`` times are
    dropped), C chosen by 5-fold cross-validation grouped by document (a document's candidates
    never sit on both sides of a fold). Returns (evidence weights, lexical weights, C, CV F1,
    evidence never seen)."""
    from collections import Counter

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_score

    seen = Counter(k for row in X for k in row if k.startswith("lex:"))
    X = [{k: v for k, v in row.items() if not k.startswith("lex:") or seen[k] >= min_count} for row in X]
    vec = DictVectorizer()
    M = vec.fit_transform(X)
    cv = GroupKFold(5)
    best = max((cross_val_score(LogisticRegression(C=c, max_iter=5000), M, y, groups=groups, cv=cv, scoring="f1").mean(), c)
               for c in c_values)
    lr = LogisticRegression(C=best[1], max_iter=5000).fit(M, y)
    w = dict(zip(vec.get_feature_names_out(), lr.coef_[0], strict=True))
    # accept when the logit >= 0, i.e. score >= ACCEPT with the intercept moved into the bias
    learned = {f: round(float(w.get(f, 0.0)), 3) for f in FEATURES}
    learned["bias"] = round(float(lr.intercept_[0]) + names.ACCEPT, 3)
    # evidence that no training candidate shows gets no learned weight (the fit sees a constant
    # 0): it keeps its hand weight rather than counting for nothing
    unseen = [f for f in FEATURES if f not in w]
    for f in unseen:
        learned[f] = names.HAND_WEIGHTS[f]
    lexical = {k[4:]: round(float(v), 3) for k, v in sorted(w.items()) if k.startswith("lex:") and abs(v) >= 0.01}
    return learned, lexical, best[1], best[0], unseen


def main(argv=None) -> int:
    global LEXICAL
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--independent", type=Path, default=ev.INDEPENDENT)
    ap.add_argument("--real", type=Path, action="append", default=None, help="real excerpts folder (repeatable)")
    ap.add_argument("--out", type=Path, default=None, help="write the fitted weights here (JSON)")
    ap.add_argument("--no-test", action="store_true", help="compare on dev only (while choosing features)")
    ap.add_argument("--lexical", action="store_true", help="also fit lexical tokens (initiative_names.lexical_tokens)")
    ap.add_argument("--min-count", type=int, default=2, help="drop lexical tokens seen fewer times in training")
    ap.add_argument("--C", type=float, action="append", default=None, help="the regularisation values to choose from")
    ap.add_argument("--shift", type=float, default=0.0, help="added to the fitted bias (moves the threshold)")
    ap.add_argument("--holdout", type=Path, action="append", default=[],
                    help="a --real folder left out of the fit and scored end to end (repeatable): "
                         "to measure the fit on a batch it never saw")
    args = ap.parse_args(argv)
    LEXICAL = args.lexical

    real = ev.real_folders(args.real)
    held = {p.resolve() for p in args.holdout}
    fit_real = [f for f in real if f.resolve() not in held]
    dev = docs(args.independent, fit_real, "dev")
    test = docs(args.independent, real, "test")
    X, y, groups = quoted_rows(dev)
    learned, lexical, c_best, cv_f1, unseen = fit(X, y, groups, args.min_count, tuple(args.C or (0.3, 1.0, 3.0, 10.0)))
    learned["bias"] = round(learned["bias"] + args.shift, 3)
    print(f"dev quoted candidates: {len(y)} ({sum(y)} positive); grouped 5-fold F1 {cv_f1:.3f} at C={c_best}; "
          f"{len(lexical)} lexical weights" + (f"; hand weights kept for unseen evidence: {', '.join(unseen)}" if unseen else ""))
    print("learned weights:", json.dumps(learned, ensure_ascii=False))
    hand, shipped = dict(names.HAND_WEIGHTS), dict(names.WEIGHTS)
    sets = [("dev", dev)]
    for f in args.holdout:
        sets.append((f"held-out {f.name}", docs(args.independent / "none", [f], "dev")))
    if not args.no_test:
        sets.append(("test", test))
    for split, items in sets:
        for label, w, lex in (("hand", hand, {}), ("shipped", shipped, dict(names.LEXICAL)), ("learned", learned, lexical)):
            s = end_to_end(items, w, lex)
            print(f"{split:4} {label:7} n={s['documents']} P={s['precision']:.3f} R={s['recall']:.3f} "
                  f"F1={s['f1']:.3f} none={s['none']}/{s['named_stories']}")
    if args.out:
        meta = {"fitted_on": "dev splits: " + ", ".join(sorted({p.parent.name for p in args.independent.glob("*/dev")}))
                + "".join(f" + real excerpts {f.name} (dev)" for f in fit_real),
                "candidates": len(y), "positive": sum(y), "C": c_best, "cv_f1": round(cv_f1, 3),
                "lexical": LEXICAL, "min_count": args.min_count,
                "hand_weights_kept_for": unseen,
                "command": "uv run --with scikit-learn python bench/train_initiative_scorer.py --real DIR ... --out FILE"}
        out = {"meta": meta, "weights": learned}
        if lexical:
            out["lexical"] = lexical
        args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
