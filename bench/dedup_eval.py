"""Near-duplicate benchmark: quality on the labelled set, throughput, incremental cost.

    uv run python bench/dedup_eval.py build        # regenerate bench/data/dedup_labelled/labelled.jsonl
    uv run python bench/dedup_eval.py quality      # pairwise precision/recall (default config)
    uv run python bench/dedup_eval.py sweep        # n-gram size and band layouts
    uv run python bench/dedup_eval.py throughput   # docs/s/core on ~3,000-character documents
    uv run python bench/dedup_eval.py incremental  # adding N docs to M stored (DuckDB), M = 10k, 100k
    uv run python bench/dedup_eval.py warehouse    # quality through clustering.assign_clusters
    uv run python bench/dedup_eval.py stress --set shared_paragraphs --sizes 1000 3000 --baseline
                                                   # stress sets (bench/stress) through the pipeline,
                                                   # side by side with a trafilatura loop
    uv run python bench/dedup_eval.py stress --set shared_paragraphs --sizes 1000 3000 10000 --baseline --cli
                                                   # the same through `grassroots ingest`, default settings
    uv run python bench/dedup_eval.py recluster --n 200   # release-made warehouse, then recluster
    uv run python bench/dedup_eval.py real --real DIR …   # real excerpts' labelled stories (outside the repo)

The labelled set: originals.yaml holds hand-written stories (own text); `build` derives
re-posts (edited lead, editor lines, dropped paragraph, width-changed punctuation, WeChat
mirror), truncated copies and 10/20/30 % synonym-spun copies (synonyms.tsv) with a fixed seed.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

from grassroots.dedup import signatures as dedup
from grassroots.dedup import story
from grassroots.dedup.signatures import DedupConfig

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
    return score(docs, story.cluster_texts([d["text"] for d in docs], cfg))


def direct(cfg: DedupConfig, docs: list[dict]) -> dict:
    """Pair-level figures without transitivity: LSH candidate rate and verified rate per kind."""
    texts = [d["text"] for d in docs]
    sigs = dedup.signatures(texts, cfg)
    cands = dedup.candidate_pairs(sigs, cfg)
    hashes = [dedup.content_hash(t) for t in texts]
    tot = Counter()
    for i, j in itertools.combinations(range(len(docs)), 2):
        same = docs[i]["story"] == docs[j]["story"]
        is_cand = (i, j) in cands or hashes[i] == hashes[j]
        ok = is_cand and (hashes[i] == hashes[j] or dedup.verify(texts[i], texts[j], sigs[i], sigs[j], cfg)[0])
        if same:
            kind = "spun" if {docs[i]["kind"], docs[j]["kind"]} & SPUN_KINDS else "repost"
            tot[kind] += 1
            tot["cand_" + kind] += is_cand
            tot["direct_" + kind] += ok
        else:
            tot["stray"] += is_cand
            tot["direct_fp"] += ok
    return {"cand_repost": tot["cand_repost"] / tot["repost"], "cand_spun": tot["cand_spun"] / tot["spun"],
            "direct_repost": tot["direct_repost"] / tot["repost"], "direct_spun": tot["direct_spun"] / tot["spun"],
            "stray": tot["stray"], "direct_fp": tot["direct_fp"]}


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
    spec = yaml.safe_load((DATA / "originals.yaml").read_text(encoding="utf-8"))
    theme = {st["id"]: st["theme"] for st in spec["stories"]}
    groups: dict[str, list[float]] = {"different, same theme": [], "different, other theme": [],
                                      "different, footer notices": []}
    for a, b in itertools.combinations(sorted(originals), 2):
        if a.startswith("n") and b.startswith("n"):
            g = "different, footer notices"
        elif theme.get(a) is not None and theme.get(a) == theme.get(b):
            g = "different, same theme"
        else:
            g = "different, other theme"
        groups[g].append(jac(originals[a], originals[b]))
    table = {k: (min(v), max(v)) for k, v in sorted(by_kind.items())}
    table.update({k: (min(v), max(v)) for k, v in groups.items()})
    return table


# ---------------------------------------------------------------- synthetic documents (performance)


def synthetic_docs(count: int, chars: int = 3000, seed: int = 7) -> list[str]:
    """Distinct documents of `chars` characters, unrelated to each other like different stories.

    Each is a random sequence of character bigrams taken from the labelled originals (so
    character and bigram frequencies are those of the set, and common words recur), cut into
    sentences of 20-60 characters. Measured exact 3-gram Jaccard between two of them:
    0.00-0.02, the range of different real stories in research §5."""
    rng = np.random.default_rng(seed)
    corpus = "".join(dedup.normalize_text(d["text"]) for d in load() if d["kind"] == "original")
    starts = np.arange(len(corpus) - 1)
    out = []
    for _ in range(count):
        pos = rng.choice(starts, size=chars // 2)
        body = "".join(corpus[p:p + 2] for p in pos)
        cuts = np.cumsum(rng.integers(20, 60, size=chars // 20))
        pieces, last = [], 0
        for c in cuts:
            if c >= len(body):
                break
            pieces.append(body[last:c])
            last = c
        pieces.append(body[last:])
        out.append("。".join(pieces)[:chars])
    return out


def throughput(n_docs: int = 2000, repeats: int = 3) -> dict:
    """Signature + candidate search + verification on one core, in memory (the in-memory LSH
    stands in for the warehouse join, timed separately by `incremental`). 10 % of the documents
    are re-posts of others, so verification work is included. Best of `repeats` runs."""
    cfg = DedupConfig()
    rng = random.Random(3)
    docs = synthetic_docs(int(n_docs * 0.9))
    docs += ["来源：新民晚报\n" + rng.choice(docs)[:2700] for _ in range(n_docs - len(docs))]
    best = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        sigs = dedup.signatures(docs, cfg)  # includes normalisation and shingling
        t1 = time.perf_counter()
        pairs = dedup.candidate_pairs(sigs, cfg)
        t2 = time.perf_counter()
        accepted = sum(dedup.verify(docs[i], docs[j], sigs[i], sigs[j], cfg)[0] for i, j in pairs)
        t3 = time.perf_counter()
        if best is None or t3 - t0 < best[3] - best[0]:
            best = (t0, t1, t2, t3, len(pairs), accepted)
    t0, t1, t2, t3, n_pairs, accepted = best
    n = len(docs)
    return {
        "docs": n, "avg_chars": round(sum(map(len, docs)) / n),
        "signature_ms_per_doc": round((t1 - t0) / n * 1e3, 3),
        "candidates_ms_per_doc": round((t2 - t1) / n * 1e3, 3),
        "verify_ms_per_doc": round((t3 - t2) / n * 1e3, 3),
        "candidate_pairs": n_pairs, "accepted_pairs": accepted,
        "docs_per_s": round(n / (t3 - t0)),
    }


def incremental(ms: list[int], n_new: int = 200, batches: int = 3, chunk: int = 5000) -> list[dict]:
    """Fill a warehouse with M synthetic documents (in chunks, through assign_clusters), then
    time adding N more per batch (a third of them re-posts of stored documents)."""
    from grassroots import warehouse
    from grassroots.warehouse import clusters as clustering

    rows = []
    cfg = DedupConfig()
    for m in ms:
        with tempfile.TemporaryDirectory() as tmp, warehouse.open_writer(Path(tmp) / "bench.duckdb") as con:
            t = time.perf_counter()
            for lo in range(0, m, chunk):
                part = synthetic_docs(min(chunk, m - lo), seed=1000 + lo)
                con.execute("begin")
                _insert_docs(con, part, start=lo)
                clustering.assign_clusters(con, [f"d{i:07d}" for i in range(lo, lo + len(part))], cfg)
                con.execute("commit")
            load_s = time.perf_counter() - t
            con.execute("checkpoint")
            timings, join_ms = [], []
            rng = random.Random(m)
            for b in range(batches):
                lo = m + b * n_new
                batch = synthetic_docs(n_new, seed=lo)
                for k in range(0, n_new, 3):  # re-posts of stored documents
                    src = con.execute("select text from core.documents where doc_id = ?",
                                      [f"d{rng.randrange(m):07d}"]).fetchone()[0]
                    batch[k] = "来源：东方网\n" + src[:2800]
                con.execute("begin")
                _insert_docs(con, batch, start=lo)
                t = time.perf_counter()
                res = clustering.assign_clusters(con, [f"d{i:07d}" for i in range(lo, lo + n_new)], cfg)
                timings.append(time.perf_counter() - t)
                con.execute("commit")
                # the candidate join alone, for the same batch's keys
                keys = con.execute("select key from core.lsh_bands b join core.doc_signatures s using (doc_no) "
                                   "where s.doc_id >= ?", [f"d{lo:07d}"]).fetchnumpy()["key"]
                con.register("_probe", pa_table(keys))
                t = time.perf_counter()
                con.execute("select count(*) from _probe p join core.lsh_bands b using (key)").fetchone()
                join_ms.append((time.perf_counter() - t) * 1e3)
                con.unregister("_probe")
            bk = con.execute("select count(*) from core.lsh_bands").fetchone()[0]
            rows.append({"M": m, "N": n_new, "initial_load_s": round(load_s, 1), "band_rows": bk,
                         "add_N_s": [round(x, 3) for x in timings],
                         "ms_per_new_doc": round(min(timings) / n_new * 1e3, 2),
                         "band_join_ms": [round(x, 1) for x in join_ms], "last_result": res})
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def pa_table(keys: np.ndarray):  # noqa: ANN201
    import pyarrow as pa

    return pa.table({"key": keys})


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
    from grassroots import warehouse
    from grassroots.warehouse import clusters as clustering

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


# ---------------------------------------------------------------- stress sets (issue 16)

STRESS_SETS = ("shared_paragraphs", "standard_paragraphs", "reposts", "spun", "traditional", "chrome_heavy",
               "mutated")


def generate_stress(name: str, n: int, seed: int, out: Path, rate: float | None = None) -> Path:
    """Write a stress set with its own generator (bench/stress, the independent truth)."""
    import subprocess

    cmd = [sys.executable, "-m", "bench.stress.generate", name, "--n", str(n), "--seed", str(seed), "--out", str(out)]
    if rate is not None:
        cmd += ["--rate", str(rate)]
    subprocess.run(cmd, check=True, cwd=Path(__file__).resolve().parents[1], capture_output=True)
    return out


def _truth(root: Path) -> dict[str, dict]:
    return {str((root / t["file"]).resolve()): t
            for t in map(json.loads, (root / "truth.jsonl").read_text(encoding="utf-8").splitlines())}


def ingest_dir(root: Path, db: Path, batch_size: int = 200) -> dict:
    """Ingest every file under root/docs through the real pipeline (discover, read,
    process_batch, load_batch into the DuckDB file `db`), one process, batches of `batch_size`;
    returns the clusters by file, the timings and the candidate counts."""
    from grassroots import warehouse
    from grassroots.models import Batch
    from grassroots.run.pipeline import process_batch
    from grassroots.sources.files import discover_files, read_file
    from grassroots.warehouse import clusters as clustering

    t_dedup = [0.0, 0.0]
    assign = clustering.assign_clusters

    def timed(*a, **kw):  # noqa: ANN002, ANN003, ANN202
        t, c = time.perf_counter(), time.process_time()
        try:
            return assign(*a, **kw)
        finally:
            t_dedup[0] += time.perf_counter() - t
            t_dedup[1] += time.process_time() - c

    t0, c0 = time.perf_counter(), time.process_time()
    refs, rejects = discover_files("stress", [str(root / "docs")])
    t_extract = t_load = 0.0
    counts: list[dict] = []
    clustering.assign_clusters = timed  # load_batch calls it through the module
    with warehouse.open_writer(db) as con:
        for b in range(0, len(refs), batch_size):
            t = time.perf_counter()
            raws = [read_file(r, max_bytes=10_000_000) for r in refs[b:b + batch_size]]
            # as the flow's extraction task does: extract, compress, sign (default settings)
            batch = process_batch(Batch("stress", b // batch_size + 1, raws=raws), dedup=DedupConfig())
            t_extract += time.perf_counter() - t
            t = time.perf_counter()
            res = warehouse.load_batch(con, batch, dedup=DedupConfig())
            t_load += time.perf_counter() - t
            counts.append(res.clusters or {})
        got = dict(con.execute("select d.locator, c.cluster_id from core.documents d "
                               "join core.doc_clusters c using (doc_id)").fetchall())
    clustering.assign_clusters = assign
    return {"clusters": got, "files": len(refs), "rejects": len(rejects), "extract_s": t_extract, "load_s": t_load,
            "dedup_s": t_dedup[0], "dedup_cpu_s": t_dedup[1], "total_s": time.perf_counter() - t0,
            "total_cpu_s": time.process_time() - c0, "batches": counts}


def ingest_cli(root: Path, db: Path) -> dict:
    """`grassroots ingest root/docs --db db` as a user runs it (default settings: one worker per
    usable core, the Prefect flow and its temporary API included); wall and CPU seconds of the
    whole process tree, and the clusters by file."""
    import subprocess

    import duckdb

    env = dict(os.environ, GRASSROOTS_HANDOFF="0", GRASSROOTS_LOCAL_SERVER="0")
    t = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "grassroots"), "ingest", str(root / "docs"),
                             "--db", str(db)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"grassroots ingest failed: {proc.stderr.read().decode(errors='replace')[-800:]}")
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = dict(con.execute("select d.locator, c.cluster_id from core.documents d "
                               "join core.doc_clusters c using (doc_id)").fetchall())
        files = con.execute("select count(*) from core.raw_captures").fetchone()[0]
    finally:
        con.close()
    return {"clusters": got, "files": files, "total_s": wall, "total_cpu_s": ru.ru_utime + ru.ru_stime}


def score_stress(truth: dict[str, dict], clusters: dict[str, str]) -> dict:
    """False merges (stories sharing a cluster with another story), the largest false cluster
    (stories in one cluster), pairwise precision/recall, and recall of each variant kind
    against its original (a variant found in the same cluster as the document it derives from)."""
    from math import comb

    by_cluster: dict[str, list[str]] = {}
    for f, cid in clusters.items():
        by_cluster.setdefault(cid, []).append(f)
    missing = [f for f in truth if f not in clusters]
    stories = {t["story"] for t in truth.values()}
    false_merges, largest, tp, pred = 0, 1, 0, 0
    for files in by_cluster.values():
        st = Counter(truth[f]["story"] for f in files if f in truth)
        false_merges += len(st) - 1
        largest = max(largest, len(st))
        pred += comb(sum(st.values()), 2)
        tp += sum(comb(v, 2) for v in st.values())
    true_pairs = sum(comb(v, 2) for v in Counter(t["story"] for t in truth.values()).values())
    root = {f: None for f in truth}
    by_file = {t["file"]: f for f, t in truth.items()}
    kinds: dict[str, list[int]] = {}
    for f, t in truth.items():
        if t.get("of"):
            orig = by_file.get(t["of"])
            ok = orig in clusters and f in clusters and clusters[orig] == clusters[f]
            k = kinds.setdefault(t["kind"], [0, 0])
            k[0] += ok
            k[1] += 1
    del root
    return {"documents": len(truth), "stories": len(stories), "clusters": len(by_cluster), "missing": len(missing),
            "same_story_pairs": true_pairs, "pairs_found": tp, "pairs_predicted": pred,
            "false_merges": false_merges, "false_merge_rate": false_merges / len(stories),
            "largest_false_cluster": largest if largest > 1 else 0,
            "precision": tp / pred if pred else 1.0, "recall": tp / true_pairs if true_pairs else 1.0,
            "recall_by_kind": {k: round(a / n, 4) for k, (a, n) in sorted(kinds.items())}}


def real_batches(folders: list[Path]) -> list[dict]:
    """Real excerpts (docs/EVAL_DATA.md, "Real excerpts"; never in the repository): each batch is
    ingested on its own through the pipeline into a fresh warehouse and its clusters are scored
    against the labellers' `story` ids (one story = a copy, re-post, edit, excerpt or rewrite,
    docs/DEDUP.md). Story ids are only comparable inside a batch, so batches are not mixed; the
    pooled line sums their pairs. Only figures are printed: the texts stay where they are."""
    out = []
    for folder in folders:
        labels = [json.loads(x) for x in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        truth = {str((folder / lab["file"]).resolve()): {"story": lab["story"], "file": lab["file"]} for lab in labels}
        # a batch's halves are labelled by different people, so their story ids never meet: the
        # same bytes in both halves are one story (a copy) whatever their ids say
        first: dict[bytes, str] = {}
        for f, t in sorted(truth.items()):
            t["story"] = first.setdefault(Path(f).read_bytes(), t["story"])
        with tempfile.TemporaryDirectory() as tmp:
            got = ingest_dir(folder, Path(tmp) / "real.duckdb")["clusters"]
        q = score_stress(truth, {f: c for f, c in got.items() if f in truth})
        q["batch"] = folder.name
        out.append(q)
    if len(out) > 1:
        tp, pred, true = (sum(q[k] for q in out) for k in ("pairs_found", "pairs_predicted", "same_story_pairs"))
        out.append({"batch": "pooled", "documents": sum(q["documents"] for q in out),
                    "stories": sum(q["stories"] for q in out), "missing": sum(q["missing"] for q in out),
                    "same_story_pairs": true, "pairs_found": tp, "pairs_predicted": pred,
                    "false_merges": sum(q["false_merges"] for q in out),
                    "largest_false_cluster": max(q["largest_false_cluster"] for q in out),
                    "precision": tp / pred if pred else 1.0, "recall": tp / true if true else 1.0})
    return out


def trafilatura_loop(root: Path) -> tuple[float, float]:
    """One process, trafilatura.extract(..., with_metadata=True) over the same files: (wall s,
    CPU s of this process; on a shared machine CPU time is the steadier of the two)."""
    import trafilatura

    files = sorted(p for p in (root / "docs").iterdir() if p.is_file())
    t, c = time.perf_counter(), time.process_time()
    for p in files:
        trafilatura.extract(p.read_bytes(), with_metadata=True)
    return time.perf_counter() - t, time.process_time() - c


def stress(name: str, n: int, seed: int, rate: float | None = None, *, baseline: bool = False,
           keep: Path | None = None, cli: bool = False) -> dict:
    """Generate a set, ingest it through the pipeline into a temporary DuckDB, score it. With
    `cli`, through `grassroots ingest` with default settings instead (issue 16's cost target)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = generate_stress(name, n, seed, Path(tmp) / name, rate)
        truth = _truth(root)
        if cli:
            res = ingest_cli(root, Path(tmp) / "stress.duckdb")
            res.update(extract_s=0.0, load_s=0.0, dedup_s=0.0, dedup_cpu_s=0.0, batches=[{}])
        else:
            res = ingest_dir(root, Path(tmp) / "stress.duckdb")
        if keep is not None:
            import shutil

            shutil.copy(Path(tmp) / "stress.duckdb", keep)
        out = {"set": name, "n": n, "seed": seed, **({"rate": rate} if rate is not None else {}),
               "how": "grassroots ingest, default settings" if cli else "in-process pipeline, 1 process",
               **score_stress(truth, res["clusters"]),
               "ingest_s": round(res["total_s"], 2), "extract_s": round(res["extract_s"], 2),
               "load_s": round(res["load_s"], 2), "dedup_s": round(res["dedup_s"], 2),
               "ingest_cpu_s": round(res["total_cpu_s"], 2), "dedup_cpu_s": round(res["dedup_cpu_s"], 2),
               "s_per_1000": round(res["total_s"] / res["files"] * 1000, 2),
               "cpu_s_per_1000": round(res["total_cpu_s"] / res["files"] * 1000, 2),
               "candidates_p50_median": int(np.median([c.get("candidates_p50", 0) for c in res["batches"]])),
               "candidates_p99_max": max(c.get("candidates_p99", 0) for c in res["batches"]),
               "candidates_max": max(c.get("candidates_max", 0) for c in res["batches"]),
               "pairs_compared": sum(c.get("pairs_compared", 0) for c in res["batches"])}
        if baseline:
            tr, tr_cpu = trafilatura_loop(root)
            out.update(trafilatura_s=round(tr, 2), trafilatura_cpu_s=round(tr_cpu, 2),
                       ratio_to_trafilatura=round(res["total_s"] / tr, 3),
                       cpu_ratio_to_trafilatura=round(res["total_cpu_s"] / tr_cpu, 3))
            out["load_average"] = [round(x, 1) for x in __import__("os").getloadavg()]
    return out


def release_then_recluster(name: str, n: int, seed: int, rev: str) -> dict:
    """A warehouse made by the released clustering (single-linkage, the module at git `rev`,
    loaded from git), scored; then `recluster` run twice on it, scored again."""
    import importlib.util
    import subprocess

    from grassroots import warehouse
    from grassroots.warehouse import clusters as clustering
    from grassroots.warehouse.recluster import recluster

    # (the module lived in dedup/ until it moved to warehouse/ with the rest of the SQL)
    src = subprocess.run(["git", "show", f"{rev}:src/grassroots/dedup/clusters.py"], check=True,
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1]).stdout
    with tempfile.TemporaryDirectory() as tmp:
        mod_path = Path(tmp) / "release_clusters.py"
        mod_path.write_text(src, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("release_clusters", mod_path)
        release = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(release)
        root = generate_stress(name, n, seed, Path(tmp) / name)
        truth = _truth(root)
        current = clustering.assign_clusters
        clustering.assign_clusters = release.assign_clusters  # what load_batch calls
        try:
            res = ingest_dir(root, Path(tmp) / "release.duckdb")
        finally:
            clustering.assign_clusters = current
        before = score_stress(truth, res["clusters"])
        with warehouse.open_writer(Path(tmp) / "release.duckdb") as con:
            t = time.perf_counter()
            first = recluster(con)
            took = time.perf_counter() - t
            second = recluster(con)
            got = dict(con.execute("select d.locator, c.cluster_id from core.documents d "
                                   "join core.doc_clusters c using (doc_id)").fetchall())
        after = score_stress(truth, got)
    keep = ("clusters", "false_merges", "largest_false_cluster", "precision", "recall", "recall_by_kind")
    return {"set": name, "n": n, "seed": seed, "release": rev,
            "release_rule": {k: before[k] for k in keep}, "recluster": first.as_dict(),
            "recluster_s": round(took, 2), "after": {k: after[k] for k in keep},
            "second_run": second.as_dict()}


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
                    choices=["build", "quality", "sweep", "similarity", "overspin", "stress", "throughput",
                             "incremental", "warehouse", "recluster", "real"])
    ap.add_argument("--real", type=Path, action="append", help="real: a folder of excerpts with labels.jsonl (repeatable)")
    ap.add_argument("--rev", default="1a93aca", help="recluster: git revision of the released clustering")
    ap.add_argument("--set", dest="sets", action="append", choices=STRESS_SETS,
                    help="stress: set to run (repeatable; default (a), (b), spun at 20/30/40 %%)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=float, action="append", help="stress: spun replacement rate (repeatable)")
    ap.add_argument("--sizes", type=int, nargs="*", help="stress: several sizes (stories) in one run")
    ap.add_argument("--baseline", action="store_true", help="stress: time a trafilatura loop on the same files")
    ap.add_argument("--cli", action="store_true",
                    help="stress: ingest with the `grassroots ingest` command (default settings) instead of in-process")
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
        print("cluster-level P/R (after union-find), then direct pair figures (no transitivity):")
        print("  cand_* = same-story pairs that are LSH candidates; direct_* = candidates verified;")
        print("  stray = different-story candidate pairs (verification work)")
        for n, (b, r) in itertools.product((2, 3, 4, 5), ((42, 3), (32, 4), (25, 5), (64, 2), (21, 6))):
            cfg = dataclasses.replace(DedupConfig(), ngram=n, bands=b, rows=r)
            d = direct(cfg, docs)
            q = quality(cfg, docs)
            print(f"n={n} {b}x{r}: P={q['precision']:.3f} R_repost={q['recall_repost']:.3f} "
                  f"R_spun={q['recall_spun']:.3f} | cand_repost={d['cand_repost']:.3f} cand_spun={d['cand_spun']:.3f} "
                  f"direct_repost={d['direct_repost']:.3f} direct_spun={d['direct_spun']:.3f} "
                  f"direct_FP={d['direct_fp']} stray={d['stray']}")
    elif a.what == "stress":
        for n in a.sizes or [a.n]:
            for name in a.sets or ["shared_paragraphs", "standard_paragraphs", "reposts", "spun"]:
                for rate in (a.rate or [0.2, 0.3, 0.4]) if name == "spun" else [None]:
                    print(json.dumps(stress(name, n, a.seed, rate, baseline=a.baseline, cli=a.cli),
                                     ensure_ascii=False),
                          flush=True)
    elif a.what == "real":
        cols = ("batch", "documents", "stories", "missing", "same_story_pairs", "pairs_found", "pairs_predicted",
                "false_merges", "largest_false_cluster", "precision", "recall")
        print("| " + " | ".join(cols) + " |\n" + "|---" * len(cols) + "|")
        for q in real_batches([f for f in a.real or [] if (f / "labels.jsonl").exists()]):
            print("| " + " | ".join(f"{q[c]:.3f}" if isinstance(q[c], float) else str(q[c]) for c in cols) + " |", flush=True)
    elif a.what == "recluster":
        for name in a.sets or ["shared_paragraphs", "standard_paragraphs", "reposts"]:
            print(json.dumps(release_then_recluster(name, a.n, a.seed, a.rev), ensure_ascii=False), flush=True)
    elif a.what == "overspin":
        # beyond the set: heavier rewriting than the 10-30 % the targets cover (not in the set);
        # synonym swaps first, then single-character changes once the table is exhausted
        spec = yaml.safe_load((DATA / "originals.yaml").read_text(encoding="utf-8"))
        table, cfg = _load_synonyms(), DedupConfig()
        for rate in (0.3, 0.4, 0.5, 0.6):
            rng, hits, cands, js, shares = random.Random(int(rate * 100)), 0, 0, [], []
            for st in spec["stories"]:
                orig = st["lead"] + "\n".join(st["paragraphs"])
                spun, share = spin(orig, rate, rng, table)
                if share < rate:  # table exhausted: change single characters for the rest
                    chars, alphabet = list(spun), sorted(set(orig))
                    for _ in range(int((rate - share) * len(chars))):
                        chars[rng.randrange(len(chars))] = rng.choice(alphabet)
                    spun, share = "".join(chars), rate
                sa, sb = dedup.signature(orig, cfg), dedup.signature(spun, cfg)
                ev = dedup.compare(orig, spun, sa, sb, cfg)
                ka = {k for _, k in dedup.band_keys(sa, cfg)}
                cands += bool(ka & {k for _, k in dedup.band_keys(sb, cfg)})
                hits += ev.accepted
                js.append(ev.exact if ev.exact is not None else ev.estimate)
                shares.append(share)
            n = len(spec["stories"])
            print(f"target {rate:.0%} (achieved {min(shares):.2f}-{max(shares):.2f}): J {min(js):.2f}-{max(js):.2f}, "
                  f"LSH candidate {cands}/{n}, verified {hits}/{n}")
    elif a.what == "throughput":
        print(json.dumps(throughput(a.docs), indent=1))
    elif a.what == "incremental":
        incremental(a.m, a.n)
    elif a.what == "warehouse":
        _print_quality("warehouse", warehouse_quality(DedupConfig()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
