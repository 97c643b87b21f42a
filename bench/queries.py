"""Synthetic warehouses generated directly in SQL, and timings of the public views.

    uv run python bench/queries.py build --docs 1000000 --db /tmp/bench/w1m.duckdb
    uv run python bench/queries.py time --db /tmp/bench/w1m.duckdb --repeat 5

`build` opens the warehouse the way the product does (`warehouse.open_writer`: migrations,
seeds, views), then fills the core tables with DuckDB `range()`: documents (20% of them
re-posts that join the cluster of the document before them), doc_clusters, clusters,
document_places (primary district + one sub-district), initiative_mentions (every second
document), document_categories, initiative_facts (every eighth document), raw_captures/raw_blobs
(so `known_captures` has a realistic table to probe) and, with `--signatures`, MinHash signatures and LSH band keys made with
numpy from random values (what the near-dup join probes; random signatures make no
candidates, so an incremental load into this warehouse does no verification work). Last, the
data the views read (copies on the rows and the core.mv_* aggregates, migration 0030) is
made by `warehouse.marts.refresh_views`, the code every load runs.
Texts are ~300 characters of the sample corpus's sentences (real pages average ~1,500):
smaller files, same row counts.

`load` times `--batches` loads of `--docs` new documents (a third of them exact re-posts of
stored ones) through `warehouse.load_batch`, a writer session each, into a copy of `--db` or
into a new warehouse: the incremental cost of a load, e.g. 200 into the 100k warehouse
(built with `--signatures`) against 200 into an empty one.

    uv run python bench/queries.py load --db /tmp/bench/w100k.duckdb --docs 200 --batches 3
    uv run python bench/queries.py load --docs 200 --batches 3

`rebuild` times the alternative to per-load upkeep: every mart materialised from its definition
in `sql/marts/` over all documents (rolled back), as a run's last step would do.

    uv run python bench/queries.py rebuild --db /tmp/bench/w1m.duckdb

`time` runs, per public view, `select count(*) from <view>` (the whole view is computed;
DuckDB cannot drop inner joins that may filter rows) `--repeat` times and reports the median;
with `--fetch` it also fetches `select * from <view>` completely into Arrow once.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DISTRICTS, sentences  # noqa: E402

from grassroots import warehouse  # noqa: E402
from grassroots.dedup import signatures as dedup
from grassroots.warehouse import marts

# Rows generated per SQL statement: bounds DuckDB's memory for the big inserts.
CHUNK = 250_000

DOC_COLUMNS = ("doc_id, source, locator, raw_sha256, content_hash, title, title_source, published_date, "
               "date_precision, date_source, date_text, publisher, author, text, text_chars, input_format, "
               "encoding, encoding_source, encoding_flags, extractor, district, ingested_at")
PLACE_COLUMNS = "doc_id, district, subdistrict, mentions, is_primary, evidence"


def build(db: Path, docs: int, *, signatures: bool = False) -> dict:
    """Fill a new warehouse with `docs` synthetic documents and their related rows."""
    t0 = time.monotonic()
    if db.exists():
        raise SystemExit(f"{db} exists; build makes a new warehouse")
    with warehouse.open_writer(db, command="bench synthetic") as con:
        sents = list(sentences())
        subs = con.execute("select name, district from ref.subdistricts order by name").fetchall() \
            if _has(con, "ref", "subdistricts") else [("外滩街道", "黄浦区")]
        con.execute("create temp table s as select unnest(?::varchar[]) as s, generate_subscripts(?::varchar[], 1) - 1 as k",
                    [sents, sents])
        con.execute("create temp table dist as select unnest(?::varchar[]) as d, generate_subscripts(?::varchar[], 1) - 1 as k",
                    [DISTRICTS, DISTRICTS])
        con.execute("create temp table sub as select unnest(?::varchar[]) as name, unnest(?::varchar[]) as district, "
                    "generate_subscripts(?::varchar[], 1) - 1 as k",
                    [[s[0] for s in subs], [s[1] for s in subs], [s[0] for s in subs]])
        ns, nsub = len(sents), len(subs)
        con.execute("begin transaction")
        for lo in range(0, docs, CHUNK):
            hi = min(docs, lo + CHUNK)
            # doc i re-posts doc i-1 when i % 5 = 4 (20% re-posts); its root is the cluster id
            con.execute(f"""
                create or replace temp table g as
                select i, md5('doc' || i)[:32] as doc_id,
                       case when i % 5 = 4 then md5('doc' || (i - 1))[:32] else md5('doc' || i)[:32] end as root,
                       md5('raw' || i) || md5('raw2' || i) as sha
                from range({lo}, {hi}) t(i)""")
            con.execute(f"""
                insert into core.documents ({DOC_COLUMNS})
                select g.doc_id, 'src' || (i % 20), '/synthetic/' || (i // 1000) || '/' || i || '.html', g.sha,
                       md5('c' || case when i % 5 = 4 then i - 1 else i end), left(a.s, 30), 'h1',
                       date '2016-01-01' + cast(i % 3650 as integer), case when i % 10 = 0 then 'month' else 'day' end,
                       'text', null, '上海发布', null, a.s || b.s || c.s || d2.s, 300, 'html', 'utf-8', 'meta', [],
                       'bench', dist.d, now()
                from g
                join s a on a.k = (i * 7) % {ns}
                join s b on b.k = (i * 13 + 1) % {ns}
                join s c on c.k = (i * 17 + 2) % {ns}
                join s d2 on d2.k = (i * 19 + 3) % {ns}
                join dist on dist.k = i % 16""")
            con.execute("insert into core.doc_clusters (doc_id, cluster_id, similarity, match_kind) "
                        "select doc_id, root, 1.0, "
                        "case when i % 5 = 4 then 'exact' else 'first' end from g")
            con.execute("insert into core.clusters (cluster_id, canonical_doc_id, created_at, updated_at) "
                        "select doc_id, doc_id, now(), now() from g where i % 5 <> 4")
            con.execute(f"insert into core.document_places ({PLACE_COLUMNS}) "
                        "select doc_id, dist.d, '', 3, true, 'bench' "
                        "from g join dist on dist.k = i % 16")
            con.execute(f"insert into core.document_places ({PLACE_COLUMNS}) "
                        f"select doc_id, sub.district, sub.name, 1, false, 'bench' "
                        f"from g join sub on sub.k = (i * 31) % {nsub} where sub.district <> (select d from dist where k = i % 16)")
            con.execute("insert into core.initiative_mentions (doc_id, name, kind, categories, evidence) "
                        "select doc_id, '社区项目' || (i % 5000), 'named', "
                        "case when i % 3 = 0 then ['养老'] when i % 3 = 1 then ['环境', '治理'] else [] end, 'bench' "
                        "from g where i % 2 = 0")
            con.execute("insert into core.document_categories (doc_id, category, keywords) "
                        "select doc_id, '养老', ['养老'] from g where i % 4 = 0")
            # one reported figure in every eighth document: 10 units of 5 objects, some with a programme
            con.execute("insert into core.initiative_facts (doc_id, seq, value, unit, object, initiative, evidence) "
                        "select doc_id, 0, 1 + i % 50, ['台', '座', '户', '个', '平方米'][1 + i % 5], "
                        "['电梯', '公厕', '', '睦邻点', '口袋公园'][1 + (i // 5) % 5], "
                        "case when i % 16 = 0 then '社区项目' || (i % 5000) end, 'bench' from g where i % 8 = 0")
            con.execute("insert into core.raw_blobs select sha, 1000, 'zlib', '\\x78\\x9c\\x03\\x00\\x00\\x00\\x00\\x01'::blob, now() from g")
            con.execute("insert into core.raw_captures (capture_id, source, locator, kind, sha256, fetched_at, role) "
                        "select doc_id, 'src' || (i % 20), '/synthetic/' || (i // 1000) || '/' || i || '.html', 'file', sha, "
                        "now(), 'article' from g")
            if signatures:
                _signatures(con, lo, hi)
        con.execute("commit")
        # the data the views read (migration 0030), by the code every load runs (in a
        # transaction of its own: updating rows inserted by the same transaction is slower)
        con.execute("begin transaction")
        marts.refresh_views(con, None)
        con.execute("commit")
        counts = warehouse.table_counts(con)
    return {"db": str(db), "docs": docs, "seconds": round(time.monotonic() - t0, 1),
            "bytes": db.stat().st_size, "counts": counts}


def _has(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(con.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                            [schema, table]).fetchone()[0])


def _signatures(con: duckdb.DuckDBPyConnection, lo: int, hi: int) -> None:
    cfg = dedup.DEFAULT_CONFIG
    rng = np.random.default_rng(lo)
    sigs = rng.integers(0, 2**32, size=(hi - lo, cfg.num_perm), dtype=np.uint64).astype(np.uint32)
    ids = con.execute("select doc_id from g order by i").fetchall()
    first = con.execute("select coalesce(max(doc_no), 0) + 1 from core.doc_signatures").fetchone()[0]
    nos = list(range(first, first + hi - lo))  # as the load numbers them (warehouse.clusters)
    from grassroots.models import utcnow

    now = utcnow()
    con.register("_sig", pa.table({
        "doc_id": [r[0] for r in ids], "doc_no": pa.array(nos, pa.int32()), "algo": [cfg.algo] * (hi - lo),
        "shingles": pa.array([400] * (hi - lo), pa.int32()),
        "signature": pa.array([s.astype("<u4").tobytes() for s in sigs], pa.binary()),
        "created_at": pa.array([now] * (hi - lo), pa.timestamp("us", tz="UTC"))}))
    con.execute("insert into core.doc_signatures by name select * from _sig")
    con.unregister("_sig")
    keys = dedup.band_key_matrix(sigs, cfg)
    con.register("_bands", pa.table({
        "key": keys.reshape(-1),
        "band": pa.array(np.tile(np.arange(cfg.bands, dtype=np.uint8), hi - lo), pa.uint8()),
        "doc_no": pa.array(np.repeat(np.array(nos, dtype=np.int32), cfg.bands))}))
    con.execute("insert into core.lsh_bands by name select * from _bands")
    con.unregister("_bands")
    con.execute("insert or replace into core.near_dup_state values (1, ?, ?)", [cfg.layout, now])


def time_views(db: Path, repeat: int = 5, fetch: bool = False) -> list[dict]:
    """Median wall time of `select count(*)` per public view (and one full fetch with `fetch`)."""
    con = duckdb.connect(str(db), read_only=True)
    out = []
    try:
        for name, _cols in warehouse.public_views(con):
            ts = []
            n = None
            for _ in range(repeat):
                t = time.perf_counter()
                n = con.execute(f'select count(*) from "{name}"').fetchone()[0]
                ts.append(time.perf_counter() - t)
            row = {"view": name, "rows": n, "count_ms": [round(x * 1000, 1) for x in ts],
                   "count_median_ms": round(statistics.median(ts) * 1000, 1)}
            if fetch:
                t = time.perf_counter()
                tbl = con.execute(f'select * from "{name}"').fetch_arrow_table()
                row["fetch_ms"] = round((time.perf_counter() - t) * 1000, 1)
                row["fetch_mb"] = round(tbl.nbytes / 2**20, 1)
                del tbl
            out.append(row)
    finally:
        con.close()
    return out


def time_loads(db: Path | None, docs: int, batches: int, work: Path) -> dict:
    """Wall and CPU time of `batches` loads of `docs` new documents each through
    `warehouse.load_batch` (a writer session per batch, as `pipeline.load` opens, checkpoint
    included) into a copy of `db` (None: a new warehouse). A third of each batch are exact
    re-posts of stored synthetic documents, so clusters gain copies; the rest are new stories
    with a place, a programme, a category and a figure, like the synthetic rows."""
    import random
    import shutil

    from grassroots.models import (
        Attribution,
        Batch,
        CategoryMatch,
        Document,
        Extracted,
        InitiativeFact,
        InitiativeMention,
        InitiativeResult,
        PlaceMention,
        RawInput,
        utcnow,
    )
    from grassroots.warehouse.raw import capture_id

    work.parent.mkdir(parents=True, exist_ok=True)
    for f in (work, work.with_name(work.name + ".wal")):
        f.unlink(missing_ok=True)
    stored = 0
    if db is not None:
        shutil.copy(db, work)
        with duckdb.connect(str(work)) as c:
            stored = c.execute("select count(*) from core.documents").fetchone()[0]
    with warehouse.open_writer(work, command="bench load"):  # migrations before the clock starts
        pass
    sents, rng = list(sentences()), random.Random(5)
    wall, cpu = [], []
    for b in range(batches):
        items = []
        with duckdb.connect(str(work), read_only=True) as c:
            for k in range(docs):
                i = 10_000_000 + b * docs + k
                if k % 3 == 0 and stored:  # an exact re-post of a stored synthetic document
                    text = c.execute("select text from core.documents where doc_id = md5('doc' || ?)[:32]",
                                     [str(rng.randrange(stored))]).fetchone()[0]
                else:
                    text = "".join(rng.choice(sents) for _ in range(4)) + str(i)
                raw = RawInput(source="bench-load", locator=f"/load/{i}.html", data=f"{text}{i}".encode(),
                               fetched_at=utcnow())
                dist = DISTRICTS[i % 16]
                items.append((raw, Document(
                    capture_id(raw.locator, raw.sha256), raw.source, raw.locator, raw.sha256, dedup.content_hash(text),
                    Extracted(text=text, title=text[:10], published_date=date(2020, 1, 1) + timedelta(days=i % 2000),
                              date_precision="day"),
                    Attribution(dist, (PlaceMention(dist, None, 2, True, "bench"),)),
                    InitiativeResult(mentions=(InitiativeMention(f"社区项目{i % 5000}", ("养老",), "bench"),),
                                     categories=(CategoryMatch("养老", ("养老",)),),
                                     facts=(InitiativeFact(3, "台", "电梯", "bench"),)))))
        batch = Batch("bench-load", b, raws=[r for r, _ in items], documents=[d for _, d in items])
        t, c0 = time.perf_counter(), time.process_time()
        with warehouse.open_writer(work, command="bench load") as con:
            warehouse.load_batch(con, batch)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c0)
    return {"into": str(db) if db else "empty", "stored": stored, "docs": docs,
            "wall_s": [round(x, 3) for x in wall], "wall_median_s": round(statistics.median(wall), 3),
            "cpu_s": [round(x, 3) for x in cpu], "cpu_median_s": round(statistics.median(cpu), 3)}


def time_rebuild(db: Path, repeat: int) -> dict:
    """The other way to keep marts fresh: materialise every mart from its definition (all keys),
    as a run's last step would. Timed in a transaction that is rolled back."""
    wall = []
    with warehouse.open_writer(db, command="bench rebuild") as con:
        for _ in range(repeat):
            con.execute("begin")
            t = time.perf_counter()
            for table in marts.MARTS:
                con.execute(f"delete from core.{table}")
            marts.refresh_views(con, None)
            wall.append(time.perf_counter() - t)
            con.execute("rollback")
        docs = con.execute("select count(*) from core.documents").fetchone()[0]
    return {"docs": docs, "rebuild_s": [round(x, 3) for x in wall], "rebuild_median_s": round(statistics.median(wall), 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--docs", type=int, required=True)
    b.add_argument("--db", type=Path, required=True)
    b.add_argument("--signatures", action="store_true", help="also MinHash signatures and LSH band keys")
    t = sub.add_parser("time")
    t.add_argument("--db", type=Path, required=True)
    t.add_argument("--repeat", type=int, default=5)
    t.add_argument("--fetch", action="store_true", help="also fetch select * fully, once")
    ld = sub.add_parser("load", help="time loads of new documents into a copy of a warehouse")
    ld.add_argument("--db", type=Path, help="warehouse to copy (default: a new one)")
    ld.add_argument("--docs", type=int, default=200)
    ld.add_argument("--batches", type=int, default=3)
    ld.add_argument("--work", type=Path, default=Path("/tmp/grassroots-bench/load.duckdb"),
                    help="the copy that is loaded into (replaced)")
    rb = sub.add_parser("rebuild", help="time a full rebuild of every mart (rolled back)")
    rb.add_argument("--db", type=Path, required=True)
    rb.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    if a.cmd == "build":
        print(json.dumps(build(a.db, a.docs, signatures=a.signatures), ensure_ascii=False))
    elif a.cmd == "rebuild":
        print(json.dumps(time_rebuild(a.db, a.repeat), ensure_ascii=False))
    elif a.cmd == "load":
        print(json.dumps(time_loads(a.db, a.docs, a.batches, a.work), ensure_ascii=False))
    else:
        print(json.dumps(time_views(a.db, a.repeat, a.fetch), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
