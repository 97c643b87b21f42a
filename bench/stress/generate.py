"""CLI: python -m bench.stress.generate SET --n N --seed S --out DIR [--rate R]"""
import argparse
import json
import os
import sys
import time

from .sets import SETS, build

DEFAULT_N = {"standard_paragraphs": 200}


def write(docs, out):
    os.makedirs(os.path.join(out, "docs"), exist_ok=True)
    with open(os.path.join(out, "truth.jsonl"), "w", encoding="utf-8") as tf:
        for d in docs:
            with open(os.path.join(out, d.file), "wb") as f:
                f.write(d.data)
            tf.write(json.dumps(d.truth, ensure_ascii=False) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m bench.stress.generate", description=__doc__)
    ap.add_argument("set", choices=SETS + ["all"])
    ap.add_argument("--n", type=int, default=None, help="stories (documents for mutated); default 200")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rate", type=float, default=0.3, help="spun: replacement rate of replaceable words")
    a = ap.parse_args(argv)
    names = SETS if a.set == "all" else [a.set]
    for name in names:
        t0 = time.time()
        n = a.n if a.n is not None else DEFAULT_N.get(name, 200)
        kw = {"rate": a.rate} if name == "spun" else {}
        docs = build(name, n, a.seed, **kw)
        out = os.path.join(a.out, name) if a.set == "all" else a.out
        write(docs, out)
        stories = len({d.truth["story"] for d in docs})
        print("%s: %d documents, %d stories -> %s (%.1fs)" % (name, len(docs), stories, out, time.time() - t0),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
