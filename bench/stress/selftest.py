"""Self-test: generate every set at small size into a temp dir and check invariants.

    python bench/stress/selftest.py [--n 30] [--seed 7] [--timing]      (from /work/main)
    python -m bench.stress.selftest ...
"""
import argparse
import collections
import html
import itertools
import json
import os
import re
import sys
import tempfile
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    __package__ = "bench.stress"

from bench.stress import generate  # noqa: E402
from bench.stress.sets import SETS, build, sentences  # noqa: E402
from bench.stress.synonyms import PAIRS, _NUM_RE, measure_rate  # noqa: E402

FAILS = []


def check(cond, msg):
    if not cond:
        FAILS.append(msg)
    return cond


def read_set(d):
    rows = [json.loads(x) for x in open(os.path.join(d, "truth.jsonl"), encoding="utf-8")]
    files = sorted(os.listdir(os.path.join(d, "docs")))
    return rows, files


def decode(data, enc):
    return html.unescape(data.decode(enc))


def lcs_weight(a, b):
    """Characters of sentence list a found, in order, in sentence list b (weighted LCS)."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(max(prev[j + 1], cur[j], prev[j] + (len(x) if x == y else 0)))
        prev = cur
    return prev[-1]


def containment(p1, p2):
    s1 = [s for p in p1 for s in sentences(p)]
    s2 = [s for p in p2 for s in sentences(p)]
    short, long_ = (s1, s2) if sum(map(len, s1)) <= sum(map(len, s2)) else (s2, s1)
    tot = sum(map(len, short)) or 1
    return lcs_weight(short, long_) / tot


def facts_of(text):
    return set(m.group(0) for m in _NUM_RE.finditer(text))


def common(name, d, docs):
    rows, files = read_set(d)
    check(len(rows) == len(docs), "%s: truth lines != docs" % name)
    check(len(files) == len(rows), "%s: files on disk (%d) != truth lines (%d)" % (name, len(files), len(rows)))
    check(len({r["file"] for r in rows}) == len(rows), "%s: duplicate file ids" % name)
    for r in rows:
        check({"file", "story", "kind"} <= set(r), "%s: truth keys missing in %r" % (name, r))
        check(os.path.basename(r["file"]) in files, "%s: %s missing" % (name, r["file"]))
        if name != "mutated":
            data = open(os.path.join(d, r["file"]), "rb").read()
            try:
                data.decode(r["encoding"])
            except UnicodeDecodeError as e:
                check(False, "%s: %s does not decode as %s: %s" % (name, r["file"], r["encoding"], e))
    return rows


def check_distinct(name, docs, rows, max_shared_frac):
    by_story = collections.Counter(r["story"] for r in rows)
    check(all(v == 1 for v in by_story.values()), "%s: story ids not all distinct" % name)
    heads = [x.meta["headline"] for x in docs]
    check(len(set(heads)) == len(heads), "%s: repeated headlines" % name)
    facts = [facts_of(x.meta["headline"] + "".join(x.meta["own"])) | set(x.meta["facts"]) for x in docs]
    worst = 0.0
    for i, j in itertools.combinations(range(len(docs)), 2):
        a, b = facts[i], facts[j]
        jac = len(a & b) / max(1, len(a | b))
        worst = max(worst, jac)
    check(worst <= 0.5, "%s: two stories share too many facts (Jaccard %.2f)" % (name, worst))
    own_sents = [set(s for p in x.meta["own"] for s in sentences(p)) for x in docs]
    worst_s = 0.0
    for i, j in itertools.combinations(range(len(docs)), 2):
        a, b = own_sents[i], own_sents[j]
        worst_s = max(worst_s, len(a & b) / max(1, min(len(a), len(b))))
    check(worst_s <= 0.34, "%s: own sentences repeated across stories (%.2f)" % (name, worst_s))
    for x in docs:
        n_own, n_sh = len(x.meta["own"]), len(x.meta["shared"])
        check(n_own >= max_shared_frac * (n_own + n_sh), "%s: %s has too few own paragraphs" % (name, x.file))
        text = html.unescape(x.meta["text"])
        for p in x.meta["own"] + x.meta["shared"]:
            check(p in text, "%s: paragraph missing from rendered %s" % (name, x.file))
    return worst, worst_s


def run(n, seed, timing):
    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in SETS:
            d = os.path.join(tmp, name)
            args = [name, "--n", str(n), "--seed", str(seed), "--out", d]
            if name == "spun":
                args += ["--rate", "0.3"]
            generate.main(args)
            docs = build(name, n, seed, **({"rate": 0.3} if name == "spun" else {}))
            rows = common(name, d, docs)
            check([x.truth for x in docs] == rows, "%s: not deterministic for the same seed" % name)
            other = build(name, n, seed + 1, **({"rate": 0.3} if name == "spun" else {}))
            check([x.data for x in other] != [x.data for x in docs], "%s: seed has no effect" % name)
            by_story = collections.defaultdict(list)
            for x in docs:
                by_story[x.truth["story"]].append(x)
            info = {"docs": len(docs), "stories": len(by_story)}

            if name == "shared_paragraphs":
                info["fact_jaccard_max"], info["own_sentence_overlap_max"] = check_distinct(name, docs, rows, 0.5)
                pool = set(p for x in docs for p in x.meta["shared"])
                check(all(1 <= len(x.meta["shared"]) <= 3 for x in docs), "%s: 1-3 shared paragraphs" % name)
                check(len(pool) <= 30, "%s: pool larger than 30" % name)
                info["pool_used"] = len(pool)
                info["formats"] = dict(collections.Counter(r["format"] for r in rows))
            elif name == "standard_paragraphs":
                info["fact_jaccard_max"], info["own_sentence_overlap_max"] = check_distinct(name, docs, rows, 0.0)
                std = set(p for x in docs for p in x.meta["shared"])
                check(len(std) == 3, "%s: expected exactly 3 standard paragraphs, got %d" % (name, len(std)))
                check(all(2 <= len(x.meta["shared"]) <= 3 for x in docs), "%s: 2-3 standard paragraphs" % name)
                check(all(2 <= len(x.meta["own"]) <= 4 for x in docs), "%s: 2-4 own paragraphs" % name)
            elif name in ("reposts", "spun", "traditional"):
                for sid, xs in by_story.items():
                    kinds = [x.truth["kind"] for x in xs]
                    check(kinds.count("original") == 1 and 2 <= len(xs) <= 4,
                          "%s: story %s has kinds %s" % (name, sid, kinds))
                origs = {x.file: x for x in docs if x.truth["kind"] == "original"}
                heads = [x.meta["title"] for x in origs.values()]
                check(len(set(heads)) == len(heads), "%s: distinct stories share a headline" % name)
                cont = []
                rates = []
                for x in docs:
                    k = x.truth["kind"]
                    if k == "original":
                        continue
                    ref = x.truth.get("of") or x.truth.get("twin_of")
                    check(ref in origs and origs[ref].truth["story"] == x.truth["story"],
                          "%s: %s refers to a wrong original" % (name, x.file))
                    o = origs[ref]
                    text = html.unescape(x.meta["text"])
                    if name == "reposts":
                        c = containment(o.meta["paragraphs"], x.meta["paragraphs"])
                        cont.append(c)
                        check(c >= 0.8, "%s: %s (%s) containment %.2f < 0.8" % (name, x.file, k, c))
                        if k == "repost_excerpt":
                            kept = sum(map(len, x.meta["paragraphs"])) / sum(map(len, o.meta["paragraphs"]))
                            check(kept >= 0.8, "%s: excerpt %s keeps %.2f" % (name, x.file, kept))
                        if k == "repost_exact":
                            check(x.meta["paragraphs"] == o.meta["paragraphs"], "%s: exact copy differs" % name)
                        for p in x.meta["paragraphs"]:
                            check(p in text, "%s: paragraph missing from %s" % (name, x.file))
                    elif name == "spun":
                        tot, rep, ok = measure_rate(x.meta["orig_paragraphs"], x.meta["paragraphs"], x.meta["protect"])
                        check(ok, "%s: %s is not a word-for-word spin of its original" % (name, x.file))
                        r = rep / max(1, tot)
                        rates.append(r)
                        check(abs(r - 0.3) <= 0.05, "%s: %s measured rate %.3f" % (name, x.file, r))
                        check(tot >= 15, "%s: %s has only %d replaceable words" % (name, x.file, tot))
                        body = "".join(x.meta["paragraphs"])
                        for f in x.meta["facts"]:
                            check(f in body or f in (x.meta["title"] or ""),
                                  "%s: fact %r lost in %s" % (name, f, x.file))
                        check(len(x.meta["paragraphs"]) == len(x.meta["orig_paragraphs"]) and all(
                            len(sentences(a)) == len(sentences(b))
                            for a, b in zip(x.meta["paragraphs"], x.meta["orig_paragraphs"])),
                            "%s: sentence structure changed in %s" % (name, x.file))
                        for p in x.meta["paragraphs"]:
                            check(p in text, "%s: paragraph missing from %s" % (name, x.file))
                    elif name == "traditional":
                        bad = set()
                        for p in x.meta["trad_paragraphs"]:
                            for ch in p:
                                try:
                                    ch.encode("big5hkscs")
                                except UnicodeEncodeError:
                                    bad.add(ch)
                            check(p in text or p.replace("“", "「").replace("”", "」") in text,
                                  "%s: traditional paragraph missing from %s" % (name, x.file))
                        check(not bad, "%s: characters left unconverted / outside Big5-HKSCS: %s" % (name, "".join(sorted(bad))))
                        check(x.meta["trad_paragraphs"] != x.meta["orig_paragraphs"], "%s: nothing converted" % name)
                        raw = open(os.path.join(d, x.file), "rb").read()
                        dec = decode(raw, x.truth["encoding"])
                        check(x.meta["trad_paragraphs"][0][:20].replace("“", "「").replace("”", "」") in dec
                              or x.meta["trad_paragraphs"][0][:20] in dec, "%s: %s body not found after decoding" % (name, x.file))
                if cont:
                    info["containment_min"] = round(min(cont), 3)
                    info["kinds"] = dict(collections.Counter(r["kind"] for r in rows))
                if rates:
                    info["rate_min"], info["rate_max"] = round(min(rates), 3), round(max(rates), 3)
                    info["rate_mean"] = round(sum(rates) / len(rates), 3)
                if name == "traditional":
                    info["encodings"] = dict(collections.Counter(r["encoding"] for r in rows))
            elif name == "chrome_heavy":
                dist = [x for x in docs if x.truth["kind"] == "distinct"]
                check(len({x.truth["story"] for x in dist}) == len(dist), "%s: distinct stories share ids" % name)
                fr = []
                for x in docs:
                    body = sum(len(p) for p in x.meta["paragraphs"]) + len(x.meta["title"] or "")
                    fr.append(1 - body / len(x.meta["text"]))
                check(min(fr) > 0.5, "%s: chrome fraction too small (%.2f)" % (name, min(fr)))
                info["chrome_fraction_min"] = round(min(fr), 3)
                by_site = collections.defaultdict(set)
                for x in dist:
                    t = x.meta["text"]
                    i = t.find("相关新闻")
                    by_site[(x.truth["site"], x.truth["format"])].add(t[i:i + 2000] if i >= 0 else "")
                check(all(len(v) == 1 for v in by_site.values()), "%s: chrome not identical within a site" % name)
            elif name == "mutated":
                check(all(r["kind"] == "mutated" for r in rows), "mutated: kind")
                check(len({r["story"] for r in rows}) == len(rows), "mutated: story ids not unique")
                info["mutations"] = dict(collections.Counter(m for r in rows for m in r["mutations"]))
            report[name] = info
        if timing:
            for name in SETS:
                t0 = time.time()
                n_docs = 0
                n_st = 1000
                if name in ("reposts", "spun", "traditional"):
                    n_st = 420
                docs = build(name, n_st, seed, **({"rate": 0.4} if name == "spun" else {}))
                n_docs = len(docs)
                generate.write(docs, os.path.join(tmp, "timing", name))
                report[name]["timing_1000"] = "%d docs in %.1fs" % (n_docs, time.time() - t0)
                check(time.time() - t0 < 15, "%s: too slow" % name)
    return report


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--timing", action="store_true", help="also time ~1000 documents per set")
    a = ap.parse_args(argv)
    check(len(PAIRS) >= 300, "synonym table has only %d pairs" % len(PAIRS))
    report = {"synonym_pairs": len(PAIRS)}
    report.update(run(a.n, a.seed, a.timing))
    # spin rates 0.2 and 0.4 as well
    for rate in (0.2, 0.4):
        docs = build("spun", a.n, a.seed, rate=rate)
        rs = []
        for x in docs:
            if x.truth["kind"] == "spun":
                tot, rep, ok = measure_rate(x.meta["orig_paragraphs"], x.meta["paragraphs"], x.meta["protect"])
                check(ok and abs(rep / tot - rate) <= 0.05, "spun@%.1f: %s rate %.3f" % (rate, x.file, rep / max(1, tot)))
                rs.append(rep / max(1, tot))
        report["spun@%.1f" % rate] = {"rate_min": round(min(rs), 3), "rate_max": round(max(rs), 3)}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if FAILS:
        print("\nFAILED (%d):" % len(FAILS))
        for f in FAILS[:60]:
            print("  -", f)
        return 1
    print("\nselftest passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
