"""Scale-out figures (issue 11): task runners, and concurrent writers on DuckLake.

    uv run python bench/corpus.py --n 400 --seed 1 --out /tmp/bench/pages400
    uv run python bench/scaleout.py runners --corpus /tmp/bench/pages400
    uv run python bench/scaleout.py writers --corpus /tmp/bench/pages400

`runners`: the ingest flow over the corpus into a fresh DuckDB file with (a) the local runner
(2 threads, extraction in-process), (b) the local runner with `workers=2` (a process pool
inside each batch task), (c) the Dask runner on a local cluster of 2 worker processes
(cluster start-up timed apart). Prefect runs on a throw-away API (prefect_test_harness).

`writers`: the flow's stages without Prefect (discover, read, extract, load per batch) in
separate processes writing one warehouse: 1 writer with the whole corpus, 2 writers with
half each (disjoint), 2 writers with the whole corpus each (every key contended). Targets:
the DuckDB file, DuckLake with a DuckDB-file catalog, DuckLake with a PostgreSQL catalog
(`--catalog postgres:...`, or a temporary server started from Debian's binaries). Each run
checks the documents are unique and prints wall time, CPU seconds of the writer processes
(user + system; steadier than wall time on a shared machine) and commits retried after a conflict.
Prints one JSON line per run and a Markdown table at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from grassroots import warehouse  # noqa: E402
from grassroots.config import Settings, Source  # noqa: E402
from grassroots.run import pipeline  # noqa: E402
from grassroots.warehouse import lake as lakehouse  # noqa: E402

# 50 pages per batch: 8 batches for the 400-page corpus, so both Dask workers get work and
# the per-task cost of Prefect stays small next to extraction (~25 ms a page here).
BATCH = 50


def files_of(corpus: Path) -> list[str]:
    return sorted(str(p) for p in corpus.rglob("*") if p.is_file())


# ---------------------------------------------------------------- runners


def bench_runners(corpus: Path, batch: int) -> list[dict]:
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="bench-prefect-")
    import distributed
    from prefect.testing.utilities import prefect_test_harness

    from flows import runners
    from flows.ingest import ingest

    out = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-runners-"))
    with prefect_test_harness(server_startup_timeout=300):
        def run(name: str, runner, workers: int = 1, **extra) -> None:
            db = tmp / name / "grassroots.duckdb"
            t = time.perf_counter()
            summary = ingest.with_options(task_runner=runner)(paths=[str(corpus)], db=str(db), batch_size=batch,
                                                              workers=workers, label=name)
            row = {"bench": "runners", "runner": name, "seconds": round(time.perf_counter() - t, 1),
                   "pages": summary["total"]["discovered"], "new": summary["total"]["new"],
                   "duplicate": summary["total"]["duplicate"], "rejected": summary["total"]["rejected"], **extra}
            print(json.dumps(row), flush=True)
            out.append(row)

        run("local", runners.task_runner(kind="local"))
        run("local workers=2", runners.task_runner(kind="local"), workers=2)
        t = time.perf_counter()
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        started = round(time.perf_counter() - t, 1)
        try:
            runner = runners.task_runner(kind="dask", address=cluster.scheduler_address)
            run("dask 2 workers (cold)", runner, cluster_start_s=started)
            run("dask 2 workers (warm)", runner)
        finally:
            cluster.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return out


# ---------------------------------------------------------------- concurrent writers


def write(target: str, catalog: str, data: str, db: str, paths: list[str], batch: int) -> dict:
    """One writer process: the flow's stages over `paths`, loading batch by batch."""
    s = Settings(db=Path(db), warehouse="ducklake" if target != "duckdb" else "duckdb",
                 catalog=catalog, data_path=data)
    src = Source(name="bench", kind="files", options={"paths": paths})
    t = time.perf_counter()
    new = 0
    for i, chunk in enumerate(pipeline.plan_batches(pipeline.discover(src).refs, batch), start=1):
        b = pipeline.read_batch(src, i, chunk, s)
        known = pipeline.lookup_known(b.raws, s)
        new += pipeline.load(pipeline.process_batch(b, known=known), s).documents_new
    return {"seconds": round(time.perf_counter() - t, 1), "documents_new": new, **lakehouse.STATS}


def _writers(target: str, catalog: str, data: str, db: str, parts: list[list[str]], batch: int) -> dict:
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    procs = [subprocess.Popen([sys.executable, __file__, "_write", target, catalog, data, db, str(batch),
                               json.dumps(p)], stdout=subprocess.PIPE, text=True) for p in parts]
    results = []
    for p in procs:
        stdout, _ = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"a writer failed (exit {p.returncode})")
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    wall = round(time.perf_counter() - t, 1)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1)
    if target == "duckdb":
        con = warehouse.open_reader(Path(db))
    else:
        con = lakehouse.connect_ducklake(catalog, data, read_only=True)
    try:
        docs, distinct = con.execute("select count(*), count(distinct doc_id) from core.documents").fetchone()
        articles = con.execute("select count(*) from articles").fetchone()[0]
    finally:
        con.close()
    return {"seconds": wall, "cpu_s": cpu, "writers": len(parts), "documents": docs, "duplicates": docs - distinct,
            "articles": articles, "conflicts_retried": sum(r.get("conflicts_retried", 0) for r in results),
            "per_writer_new": [r["documents_new"] for r in results]}


def start_postgres() -> tuple[str, callable]:
    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not bindir:
        raise SystemExit("no PostgreSQL binaries (apt-get install postgresql) and no --catalog given")
    bindir = bindir[-1].parent
    root = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    as_user = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(root / "data"), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)
    server = subprocess.Popen([*as_user, str(bindir / "postgres"), "-D", str(root / "data"), "-p", str(port), "-k",
                               str(root), "-c", "listen_addresses=127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while subprocess.run([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                         capture_output=True).returncode != 0:
        time.sleep(0.2)
    n = iter(range(1, 1000))

    def new_catalog() -> str:
        name = f"bench{next(n)}"
        subprocess.run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", name],
                       check=True, capture_output=True)
        return f"postgres:dbname={name} host=127.0.0.1 port={port} user=postgres"

    def stop() -> None:
        server.terminate()
        server.wait()
        shutil.rmtree(root, ignore_errors=True)

    return new_catalog, stop


def bench_writers(corpus: Path, batch: int, catalog: str | None, targets: list[str]) -> list[dict]:
    paths = files_of(corpus)
    halves = [paths[0::2], paths[1::2]]
    new_pg, stop = (lambda: catalog, lambda: None) if catalog else start_postgres() if "pg" in targets else (None, None)
    out = []
    try:
        for target in targets:
            for label, parts in (("1 writer, whole corpus", [paths]), ("2 writers, half each", halves),
                                 ("2 writers, whole corpus each", [paths, paths])):
                tmp = Path(tempfile.mkdtemp(prefix="bench-writers-"))
                cat = new_pg() if target == "pg" else str(tmp / "catalog.ducklake")
                row = {"bench": "writers", "target": target, "run": label,
                       **_writers(target, cat, str(tmp / "data"), str(tmp / "grassroots.duckdb"), parts, batch)}
                print(json.dumps(row), flush=True)
                out.append(row)
                shutil.rmtree(tmp, ignore_errors=True)
    finally:
        stop()
    return out


def table(rows: list[dict]) -> str:
    if not rows:
        return ""
    cols = list(dict.fromkeys(k for r in rows for k in r if k != "bench"))
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_write":
        target, catalog, data, db, batch, paths = sys.argv[2:8]
        print(json.dumps(write(target, catalog, data, db, json.loads(paths), int(batch))))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["runners", "writers"])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--batch-size", type=int, default=BATCH)
    ap.add_argument("--catalog", help="a postgres:... DuckLake catalog (default: start a temporary server)")
    ap.add_argument("--targets", default="duckdb,file,pg", help="writers: duckdb, file (DuckLake file catalog), pg")
    a = ap.parse_args()
    if a.what == "runners":
        rows = bench_runners(a.corpus, a.batch_size)
    else:
        rows = bench_writers(a.corpus, a.batch_size, a.catalog, a.targets.split(","))
    print(table(rows))


if __name__ == "__main__":
    main()
