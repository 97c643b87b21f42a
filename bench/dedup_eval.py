"""Near-duplicate benchmark: quality on the labelled set, throughput, incremental cost.

    uv run python bench/dedup_eval.py build        # regenerate bench/data/dedup_labelled/labelled.jsonl
    uv run python bench/dedup_eval.py quality      # pairwise precision/recall (default config)
    uv run python bench/dedup_eval.py sweep        # n-gram size and band layouts
    uv run python bench/dedup_eval.py throughput   # docs/s/core on ~3,000-character documents
    uv run python bench/dedup_eval.py incremental  # adding N docs to M stored (DuckDB), M = 10k, 100k
    uv run python bench/dedup_eval.py warehouse    # quality through clustering.assign_clusters

The labelled set: originals.yaml holds hand-written stories (own text); `build` derives
re-posts (edited lead, editor lines, dropped paragraph, width-changed punctuation, WeChat
mirror), truncated copies and 10/20/30 % synonym-spun copies (synonyms.tsv) with a fixed seed.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

from grassroots import dedup
from grassroots.dedup import DedupConfig

DATA = Path(__file__).resolve().parent / "data" / "dedup_labelled"
LABELLED = DATA / "labelled.jsonl"

REPOST_KINDS = {"original", "repost_lead", "repost_editor", "repost_drop", "repost_mirror", "repost_width",
                "truncated", "hand_repost", "notice", "notice_repost"}
SPUN_KINDS = {"spun10", "spun20", "spun30", "hand_spun"}

# ---------------------------------------------------------------- building the set

_HALF = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "“": '"', "”": '"', "（": "(", "）": ")",
                       "、": ",", "！": "!", "？": "?"})
_FULLDIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _load_synonyms() -> list[tuple[str, str]]:
    pairs = []
    for line in (DATA / "synonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            a, b = line.split("\t")
            pairs.append((a, b))
    return sorted(pairs, key=lambda p: -len(p[0]))  # longest match first


def spin(text: str, rate: float, rng: random.Random, table: list[tuple[str, str]]) -> tuple[str, float]:
    """Swap table words until about `rate` of the text's characters sit in swapped words.
    Returns the spun text and the achieved share."""
    spans = []  # (start, end, replacement), non-overlapping, leftmost-longest
    i = 0
    while i < len(text):
        for a, b in table:
            if text.startswith(a, i):
                spans.append((i, i + len(a), b))
                i += len(a)
                break
        else:
            i += 1
    rng.shuffle(spans)
    budget = rate * len(text)
    chosen, used = [], 0
    for s in spans:
        if used >= budget:
            break
        chosen.append(s)
        used += s[1] - s[0]
    out, pos = [], 0
    for s, e, b in sorted(chosen):
        out.append(text[pos:s])
        out.append(b)
        pos = e
    out.append(text[pos:])
    return "".join(out), used / len(text)


def _hand_variants() -> dict[str, list[tuple[str, str]]]:
    """Hand edits (own text): rewritten leads and a sentence-level rewrite."""
    return {
        "s05": [("hand_repost", "新华路街道的长者食堂改好了！"
                 "经过几个月的装修，长宁区新华路街道社区长者食堂日前重新开门，每天供应午餐和晚餐两个餐次，荤素搭配的套餐价格保持在十五元左右。")],
        "s09": [("hand_repost", "夜校“一座难求”。虹口区北外滩街道社区学校今年秋季开设的夜校课程报名火爆，"
                 "十二门课程的四百个名额在开放报名后两小时内全部报满。")],
        "s13": [("hand_spun", "松江区方松街道近来推出为老“时间银行”项目，青年志愿者给社区老年人提供聊天陪伴、代为购物和陪同看病等帮助，"
                 "服务的时长能够存进个人账户，今后可以换取同样的服务。")],
    }


def build() -> list[dict]:
    spec = yaml.safe_load((DATA / "originals.yaml").read_text(encoding="utf-8"))
    table = _load_synonyms()
    rng = random.Random(20261123)
    hand = _hand_variants()
    docs: list[dict] = []

    def add(story: str, kind: str, text: str, **extra: object) -> None:
        docs.append({"doc": f"{story}-{kind}", "story": story, "kind": kind, "text": text, **extra})

    editors = ["（责任编辑：李华）", "责编：张明", "（编辑：王芳 校对：赵磊）", "责任编辑：刘洋"]
    sources = ["来源：新民晚报", "来源：上观新闻", "稿件来源：区融媒体中心", "来源：东方网"]
    for k, st in enumerate(spec["stories"]):
        sid, paras, lead = st["id"], st["paragraphs"], st["lead"]
        body = "\n".join(paras)
        original = lead + body
        add(sid, "original", original)
        # re-post with another agency lead and an editor line
        add(sid, "repost_lead", f"{sources[k % 4]}\n上观新闻讯（通讯员 刘晨）" + body + "\n" + editors[k % 4])
        # editor and source lines, full-width digits, half-width punctuation
        add(sid, "repost_editor", sources[(k + 1) % 4] + "\n" + original.translate(_HALF).translate(_FULLDIGITS)
            + "\n" + editors[(k + 1) % 4])
        # one paragraph dropped (the third), lead dropped
        add(sid, "repost_drop", "\n".join(p for i, p in enumerate(paras) if i != 2) + "\n" + editors[(k + 2) % 4])
        # WeChat-style mirror: header and footer lines added, paragraphs split at sentences
        mirror = "\n\n".join(s + "。" for s in body.replace("\n", "").split("。") if s)
        add(sid, "repost_mirror", f"{st['district']}发布\n点击上方蓝字关注我们\n{mirror}\n\n阅读原文\n来源：{st['district']}融媒体中心")
        # whitespace and width only (must be an exact-hash duplicate)
        add(sid, "repost_width", "  " + original.translate(_HALF).replace("\n", "\n\n  ") + "\n")
        # truncated copy: first two paragraphs and a teaser line
        add(sid, "truncated", lead + "\n".join(paras[:2]) + "……\n（阅读全文请点击原文链接）")
        for rate in (0.10, 0.20, 0.30):
            text, achieved = spin(original, rate, rng, table)
            add(sid, f"spun{int(rate * 100)}", text, spun_share=round(achieved, 3))
        for kind, first in hand.get(sid, []):
            add(sid, kind, lead + first + "\n" + "\n".join(paras[1:]))
    footer = spec["short_notices"]["footer"]
    for k, it in enumerate(spec["short_notices"]["items"]):
        add(it["id"], "notice", it["text"] + footer)
        if k % 2 == 0:
            add(it["id"], "notice_repost", it["text"].translate(_HALF) + "\n" + footer + "\n" + editors[k % 4])
    LABELLED.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return docs


def load() -> list[dict]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line]


# ---------------------------------------------------------------- pairwise scoring


def score(docs: list[dict], labels: list) -> dict:
    """Pairwise same-story precision overall; recall for re-post pairs and spun pairs."""
    tp = fp = 0
    rec = {"repost": [0, 0], "spun": [0, 0]}
    errors = []
    for i, j in itertools.combinations(range(len(docs)), 2):
        same, pred = docs[i]["story"] == docs[j]["story"], labels[i] == labels[j]
        if pred:
            tp += same
            fp += not same
            if not same:
                errors.append(("FP", docs[i]["doc"], docs[j]["doc"]))
        if same:
            kind = "spun" if {docs[i]["kind"], docs[j]["kind"]} & SPUN_KINDS else "repost"
            rec[kind][1] += 1
            rec[kind][0] += pred
            if not pred:
                errors.append(("FN", docs[i]["doc"], docs[j]["doc"]))
    out = {
        "docs": len(docs), "stories": len({d["story"] for d in docs}),
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall_repost": rec["repost"][0] / rec["repost"][1],
        "recall_spun": rec["spun"][0] / rec["spun"][1],
        "pairs_same": rec["repost"][1] + rec["spun"][1], "pairs_predicted": tp + fp,
        "errors": errors,
    }
    return out


def quality(cfg: DedupConfig, docs: list[dict] | None = None) -> dict:
    docs = docs or load()
    return score(docs, dedup.cluster_texts([d["text"] for d in docs], cfg))


def similarity_table(docs: list[dict], n: int) -> dict[str, tuple[float, float]]:
    """Exact Jaccard (min, max) of original vs each variant kind, and max over different stories
    of the same theme / of anything."""
    sh = {d["doc"]: dedup._shingle_array(dedup.normalize_text(d["text"]), n) for d in docs}

    def jac(a: str, b: str) -> float:
        x, y = sh[a], sh[b]
        inter = len(np.intersect1d(x, y, assume_unique=True))
        return inter / (len(x) + len(y) - inter)

    by_kind: dict[str, list[float]] = {}
    originals = {d["story"]: d["doc"] for d in docs if d["kind"] in ("original", "notice")}
    for d in docs:
        if d["kind"] not in ("original", "notice"):
            by_kind.setdefault(d["kind"], []).append(jac(originals[d["story"]], d["doc"]))
    diff = [jac(a, b) for a, b in itertools.combinations(originals.values(), 2)]
    table = {k: (min(v), max(v)) for k, v in sorted(by_kind.items())}
    table["different stories"] = (min(diff), max(diff))
    return table


# ---------------------------------------------------------------- synthetic documents (performance)


def synthetic_docs(count: int, chars: int = 3000, seed: int = 7) -> list[str]:
    """Distinct ~3,000-character documents built from the labelled set's sentences, shuffled and
    perturbed, so that no two are near-duplicates of each other (like M unrelated stories)."""
    rng = random.Random(seed)
    sents = sorted({s for d in load() for s in d["text"].replace("\n", "").split("。") if len(s) > 8})
    alphabet = sorted({c for s in sents for c in s})
    out = []
    for _ in range(count):
        buf, size = [], 0
        while size < chars:
            s = list(rng.choice(sents))
            for _ in range(max(1, len(s) // 6)):  # ~1 in 6 characters changed: different texts
                s[rng.randrange(len(s))] = rng.choice(alphabet)
            buf.append("".join(s) + "。")
            size += len(s) + 1
        out.append("".join(buf)[:chars])
    return out


def throughput(n_docs: int = 2000) -> dict:
    """Signature + candidate search + verification on one core, in memory, with 10 % of the
    documents being re-posts of others (so verification work is included)."""
    cfg = DedupConfig()
    base = synthetic_docs(n_docs)
    rng = random.Random(3)
    docs = base[: int(n_docs * 0.9)]
    docs += ["来源：新民晚报\n" + rng.choice(docs)[: 2700] for _ in range(n_docs - len(docs))]
    t0 = time.perf_counter()
    norm = [dedup.normalize_text(t) for t in docs]
    t1 = time.perf_counter()
    sigs = dedup.signatures(docs, cfg)
    t2 = time.perf_counter()
    pairs = dedup.candidate_pairs(sigs, cfg)
    t3 = time.perf_counter()
    accepted = sum(dedup.verify(docs[i], docs[j], sigs[i], sigs[j], cfg)[0] for i, j in pairs)
    t4 = time.perf_counter()
    total = t4 - t0 + (t2 - t1) * 0  # normalisation is part of signature(); measured separately too
    return {
        "docs": len(docs), "avg_chars": round(sum(map(len, docs)) / len(docs)),
        "normalize_ms_per_doc": round((t1 - t0) / len(docs) * 1e3, 3),
        "signature_ms_per_doc": round((t2 - t1) / len(docs) * 1e3, 3),
        "candidates_ms_per_doc": round((t3 - t2) / len(docs) * 1e3, 3),
        "verify_ms_per_doc": round((t4 - t3) / len(docs) * 1e3, 3),
        "candidate_pairs": len(pairs), "accepted_pairs": accepted,
        "docs_per_s": round(len(docs) / total), "normalised_chars": sum(map(len, norm)) // len(norm),
    }


def incremental(ms: list[int], n_new: int = 200, batches: int = 3) -> list[dict]:
    """Load M synthetic documents through assign_clusters, then time adding N more per batch."""
    from grassroots import clustering, warehouse

    rows = []
    cfg = DedupConfig()
    for m in ms:
        docs = synthetic_docs(m + n_new * batches, seed=11)
        with tempfile.TemporaryDirectory() as tmp, warehouse.open_writer(Path(tmp) / "bench.duckdb") as con:
            t = time.perf_counter()
            _insert_docs(con, docs[:m], start=0)
            con.execute("begin")
            clustering.assign_clusters(con, [f"d{i:07d}" for i in range(m)], cfg)
            con.execute("commit")
            load_s = time.perf_counter() - t
            timings = []
            for b in range(batches):
                lo = m + b * n_new
                batch = docs[lo:lo + n_new]
                # a third of each batch are re-posts of stored documents
                batch = [("来源：东方网\n" + docs[(lo + k) % m]) if k % 3 == 0 else x for k, x in enumerate(batch)]
                _insert_docs(con, batch, start=lo)
                con.execute("begin")
                t = time.perf_counter()
                res = clustering.assign_clusters(con, [f"d{i:07d}" for i in range(lo, lo + n_new)], cfg)
                timings.append(time.perf_counter() - t)
                con.execute("commit")
            bk = con.execute("select count(*) from core.lsh_bands").fetchone()[0]
            rows.append({"M": m, "N": n_new, "initial_load_s": round(load_s, 1), "band_rows": bk,
                         "add_N_s": [round(x, 3) for x in timings], "ms_per_new_doc": round(min(timings) / n_new * 1e3, 2),
                         "last_result": res})
    return rows


def _insert_docs(con, texts: list[str], start: int) -> None:  # noqa: ANN001
    import pyarrow as pa

    from grassroots.models import utcnow

    now = utcnow()
    tbl = pa.table({
        "doc_id": [f"d{start + i:07d}" for i in range(len(texts))],
        "source": ["bench"] * len(texts),
        "locator": [f"bench://{start + i}" for i in range(len(texts))],
        "raw_sha256": ["0"] * len(texts),
        "content_hash": [dedup.content_hash(t) for t in texts],
        "text": texts,
        "text_chars": [len(t) for t in texts],
        "date_precision": ["unknown"] * len(texts),
        "ingested_at": [now] * len(texts),
    })
    con.register("_bench_docs", tbl)
    con.execute("insert into core.documents by name select * from _bench_docs")
    con.unregister("_bench_docs")


def warehouse_quality(cfg: DedupConfig) -> dict:
    """Quality through the warehouse path: the labelled set loaded in three batches."""
    from grassroots import clustering, warehouse

    docs = load()
    with tempfile.TemporaryDirectory() as tmp, warehouse.open_writer(Path(tmp) / "q.duckdb") as con:
        texts = [d["text"] for d in docs]
        _insert_docs(con, texts, 0)
        ids = [f"d{i:07d}" for i in range(len(docs))]
        order = list(range(len(docs)))
        random.Random(5).shuffle(order)
        for part in (order[:60], order[60:120], order[120:]):
            con.execute("begin")
            clustering.assign_clusters(con, [ids[i] for i in part], cfg)
            con.execute("commit")
        got = dict(con.execute("select doc_id, cluster_id from core.doc_clusters").fetchall())
    return score(docs, [got[i] for i in ids])


# ---------------------------------------------------------------- CLI


def _print_quality(name: str, q: dict, show_errors: bool = True) -> None:
    print(f"{name}: docs={q['docs']} stories={q['stories']} precision={q['precision']:.4f} "
          f"recall_repost={q['recall_repost']:.4f} recall_spun={q['recall_spun']:.4f} "
          f"(same-story pairs {q['pairs_same']}, predicted {q['pairs_predicted']})")
    if show_errors:
        for e in q["errors"][:20]:
            print("   ", *e)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", nargs="?", default="quality",
                    choices=["build", "quality", "sweep", "similarity", "throughput", "incremental", "warehouse"])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--m", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--n", type=int, default=200)
    a = ap.parse_args(argv)
    if a.what == "build":
        docs = build()
        print(f"wrote {LABELLED.relative_to(Path.cwd()) if LABELLED.is_relative_to(Path.cwd()) else LABELLED}: "
              f"{len(docs)} documents, {len({d['story'] for d in docs})} stories, kinds {dict(Counter(d['kind'] for d in docs))}")
        shares = [d["spun_share"] for d in docs if "spun_share" in d]
        print(f"spun share of characters: min {min(shares):.2f} max {max(shares):.2f}")
    elif a.what == "quality":
        _print_quality("default", quality(DedupConfig()))
    elif a.what == "similarity":
        docs = load()
        for n in (2, 3, 4, 5):
            print(f"n={n}")
            for k, (lo, hi) in similarity_table(docs, n).items():
                print(f"   {k:18s} {lo:.3f} .. {hi:.3f}")
    elif a.what == "sweep":
        docs = load()
        for n, (b, r) in itertools.product((2, 3, 4, 5), ((42, 3), (32, 4), (25, 5), (64, 2))):
            cfg = dataclasses.replace(DedupConfig(), ngram=n, bands=b, rows=r)
            sigs = dedup.signatures([d["text"] for d in docs], cfg)
            cands = len(dedup.candidate_pairs(sigs, cfg))
            q = quality(cfg, docs)
            print(f"n={n} {b}x{r}: precision={q['precision']:.4f} recall_repost={q['recall_repost']:.4f} "
                  f"recall_spun={q['recall_spun']:.4f} candidate_pairs={cands}")
    elif a.what == "throughput":
        print(json.dumps(throughput(a.docs), indent=1))
    elif a.what == "incremental":
        for row in incremental(a.m, a.n):
            print(json.dumps(row, ensure_ascii=False))
    elif a.what == "warehouse":
        _print_quality("warehouse", warehouse_quality(DedupConfig()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
