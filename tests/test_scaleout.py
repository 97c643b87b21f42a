"""Issue 11: the two scale-out switches end to end at a small size.

- DuckLake (`grassroots.warehouse.lake`): every migration and view applies to a lake; the sample
  corpus loaded into a lake (DuckDB-file catalog, and PostgreSQL catalog started here on
  127.0.0.1) gives the same articles, clusters and view results as the default DuckDB file;
  two ingest processes writing to one lake at the same time both succeed with no duplicate.
- Dask (`flows.runners`): the ingest flow on a local Dask cluster of 2 worker processes
  builds the same warehouse as the local runner.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from grassroots import warehouse
from grassroots.config import REPO_ROOT, Settings, Source
from grassroots.run import pipeline
from grassroots.warehouse import lake as lakehouse

CORPUS = REPO_ROOT / "seeds" / "corpus"


def _has_ducklake() -> bool:
    try:
        lakehouse.extension_directory()
        return True
    except lakehouse.LakehouseError:
        return False


pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not _has_ducklake(), reason="duckdb-ext-ducklake is not installed")]


# ---------------------------------------------------------------- helpers


def ingest_files(settings: Settings, paths: list[str], batch_size: int = 4) -> int:
    """The flow's stages without Prefect: discover, read, extract, load, batch by batch."""
    src = Source(name="sample", kind="files", options={"paths": paths})
    new = 0
    for i, chunk in enumerate(pipeline.plan_batches(pipeline.discover(src).refs, batch_size), start=1):
        batch = pipeline.read_batch(src, i, chunk, settings)
        known = pipeline.lookup_known(batch.raws, settings)
        new += pipeline.load(pipeline.process_batch(batch, known=known), settings).documents_new
    return new


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """Every public view (but `runs`, whose ids and pids differ by design) without its
    timestamp columns, sorted; plus the row count of every core table."""
    out: dict[str, list] = {}
    for view, cols in warehouse.public_views(con):
        if view == "runs":
            continue
        keep = [f'"{c}"' for c, ty in cols if not ty.startswith("TIMESTAMP")]
        out[view] = sorted(map(repr, con.execute(f"select {', '.join(keep)} from {view}").fetchall()))
    out["_tables"] = sorted((t, n) for t, n in warehouse.table_counts(con).items()
                            if t not in ("core.write_token", "core.schema_migrations"))
    return out


def declared_keys(db: Path) -> dict[str, list[str]]:
    """PRIMARY KEY / UNIQUE columns per core table, as declared in the DuckDB file."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select schema_name || '.' || table_name, constraint_column_names "
                           "from duckdb_constraints() where constraint_type in ('PRIMARY KEY', 'UNIQUE') "
                           "and schema_name = 'core'").fetchall()
    finally:
        con.close()
    return {t: list(cols) for t, cols in rows}


def duplicates(con: duckdb.DuckDBPyConnection, keys: dict[str, list[str]]) -> dict[str, int]:
    out = {}
    for table, cols in keys.items():
        k = ", ".join(f'"{c}"' for c in cols)
        n = con.execute(f"select count(*) - count(distinct ({k})) from {table}").fetchone()[0]
        if n:
            out[table] = n
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict]:
    """The sample corpus in the default DuckDB file warehouse."""
    db = tmp_path_factory.mktemp("ref") / "grassroots.duckdb"
    assert ingest_files(Settings(db=db), [str(CORPUS)]) > 0
    con = warehouse.open_reader(db)
    try:
        return db, snapshot(con)
    finally:
        con.close()


# ---------------------------------------------------------------- DDL


def test_adapt_ddl_drops_only_keys_and_sequences() -> None:
    sql = ("create sequence if not exists core.s start 1;\n"
           "create table core.t (\n    id varchar primary key,   -- the key\n    no integer not null unique,\n"
           "    uniqueness varchar,\n    primary_keys varchar\n);\n"
           "create table core.u (\n    a varchar not null,\n    b integer,\n    primary key (a, b)\n);\n")
    out = lakehouse.adapt_ddl(sql)
    assert out == ("\ncreate table core.t (\n    id varchar,   -- the key\n    no integer not null,\n"
                   "    uniqueness varchar,\n    primary_keys varchar\n);\n"
                   "create table core.u (\n    a varchar not null,\n    b integer\n);\n")


def test_every_migration_and_view_applies_to_a_lake(tmp_path: Path) -> None:
    con = lakehouse.connect_ducklake(str(tmp_path / "cat.ducklake"), tmp_path / "data")
    try:
        assert lakehouse.is_ducklake(con)
        con.execute("create schema if not exists core")
        for _, path in warehouse.migration_files(REPO_ROOT / "sql" / "migrations"):
            text = path.read_text(encoding="utf-8")
            if "-- ducklake: nothing to do" in text:  # about keys alone (0070): nothing to run on a lake
                assert lakehouse.adapt_ddl(text) == "select 1"
                continue
            with pytest.raises(duckdb.Error):  # what the lake refuses is real, not assumed
                if "primary key" not in text.lower() and "create sequence" not in text.lower():
                    raise duckdb.Error("nothing to adapt")
                con.execute(text)
            con.execute(lakehouse.adapt_ddl(text))
        con.execute("create table if not exists ref.seed_versions (name varchar, checksum varchar, loaded_at timestamptz)")
        pending = warehouse.view_files(REPO_ROOT / "sql" / "views")
        while pending:  # views depend on each other: retry in rounds like warehouse.apply_views
            failed = []
            for p in pending:
                try:
                    con.execute(p.read_text(encoding="utf-8"))
                except duckdb.CatalogException:
                    failed.append(p)
            assert len(failed) < len(pending), f"views fail on DuckLake: {[p.name for p in failed]}"
            pending = failed
        views = {v for v, _ in warehouse.public_views(con)}
        assert {"articles", "documents", "sightings", "district_monthly"} <= views
        assert con.execute("select count(*) from articles").fetchone() == (0,)
        con.execute("insert into ref.seed_versions values ('x', 'y', now())")
        outside = tmp_path / "outside.csv"
        outside.write_text("a\n1\n")
        assert con.execute(f"select count(*) from read_csv('{outside}')").fetchone() == (1,)
        # hardened like the file reader: the lake's Parquet still reads, other files do not
        lakehouse.harden_reader(con, lakehouse.LakeTarget(str(tmp_path / "cat.ducklake"), str(tmp_path / "data")))
        assert con.execute("select name from ref.seed_versions").fetchall() == [("x",)]
        with pytest.raises(duckdb.PermissionException):
            con.execute(f"select count(*) from read_csv('{outside}')")
        with pytest.raises(duckdb.Error):
            con.execute("set enable_external_access = true")
    finally:
        con.close()


def test_retry_conflicts_runs_again_only_on_a_lost_commit(tmp_path: Path) -> None:
    con = lakehouse.connect_ducklake(str(tmp_path / "cat.ducklake"), tmp_path / "data")
    try:
        con.execute("create table t (n integer)")
        con.execute("insert into t values (0)")
        other = con.cursor()  # a second session of the same lake, its own transactions
        calls = []

        def bump() -> None:
            calls.append(1)
            con.execute("begin")
            con.execute("update t set n = n + 1")
            if len(calls) == 1:  # another writer commits meanwhile: this commit loses
                other.execute("update lake.t set n = n + 10")
            con.execute("commit")

        lakehouse.retry_conflicts(bump)
        assert len(calls) == 2 and con.execute("select n from t").fetchone() == (11,)
        with pytest.raises(ZeroDivisionError):  # anything else is not retried
            lakehouse.retry_conflicts(lambda: 1 / 0)
    finally:
        con.close()


# ---------------------------------------------------------------- the lake as the warehouse


def test_file_catalog_lake_equals_duckdb_file(reference, tmp_path: Path) -> None:
    _, want = reference
    lake = Settings(db=tmp_path / "unused.duckdb", warehouse="ducklake",
                    catalog=str(tmp_path / "lake" / "catalog.ducklake"), data_path=str(tmp_path / "lake" / "data"))
    assert ingest_files(lake, [str(CORPUS)]) == dict(want["_tables"])["core.documents"]
    assert ingest_files(lake, [str(CORPUS)]) == 0  # idempotent, as on the file
    con = warehouse.open_reader(lake.db, lake=lake.lake)
    try:
        assert snapshot(con) == want
    finally:
        con.close()
    assert list((tmp_path / "lake" / "data").rglob("*.parquet")), "the data are Parquet files"
    assert not lake.db.exists()


def _writer_script() -> str:
    return (
        "import json, sys\n"
        "sys.path[:0] = json.loads(sys.argv[4])\n"
        "from pathlib import Path\n"
        "from grassroots.warehouse import lake as lakehouse\n"
        "from grassroots.config import Settings\n"
        "from tests.test_scaleout import ingest_files\n"
        "s = Settings(db=Path(sys.argv[3]) / 'unused.duckdb', warehouse='ducklake', catalog=sys.argv[1],"
        " data_path=sys.argv[2])\n"
        "n = ingest_files(s, [sys.argv[5]], batch_size=4)\n"
        "print(json.dumps({'documents_new': n, **lakehouse.STATS}))\n"
    )


def _two_writers(catalog: str, data: Path, tmp: Path) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [subprocess.Popen([sys.executable, "-c", _writer_script(), catalog, str(data), str(tmp),
                               json.dumps([str(REPO_ROOT), str(REPO_ROOT / "src")]), str(CORPUS)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        assert p.returncode == 0, stderr[-2000:]
        out.append(json.loads(stdout.strip().splitlines()[-1]))
    return out


def _check_lake(reference, catalog: str, data: Path, results: list[dict]) -> None:
    db, want = reference
    n_docs = dict(want["_tables"])["core.documents"]
    # both succeed, every document was inserted by exactly one of them
    assert sum(r["documents_new"] for r in results) == n_docs
    con = warehouse.open_reader(Path("unused"), lake=lakehouse.LakeTarget(catalog, str(data)))
    try:
        assert duplicates(con, declared_keys(db)) == {}
        assert snapshot(con) == want
    finally:
        con.close()


def test_two_processes_write_one_file_catalog_lake(reference, tmp_path: Path) -> None:
    """A DuckDB-file catalog admits one process at a time: the file lock next to it takes
    turns per batch, and both runs finish."""
    catalog, data = str(tmp_path / "catalog.ducklake"), tmp_path / "data"
    results = _two_writers(catalog, data, tmp_path)
    _check_lake(reference, catalog, data, results)


# ---------------------------------------------------------------- PostgreSQL catalog


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if found:
        return found[-1].parent
    p = shutil.which("postgres")
    return Path(p).parent if p else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres() -> Iterator[Callable[[], str]]:
    """A throw-away PostgreSQL on 127.0.0.1 (Debian's binaries; as user postgres when root)."""
    bindir = _pg_bin()
    if bindir is None:
        if os.environ.get("CI"):  # .ci/run installs it: missing there is a failure, not a skip
            pytest.fail("PostgreSQL binaries not found (apt-get install postgresql)")
        pytest.skip("PostgreSQL binaries not found (apt-get install postgresql)")
    as_user: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="grassroots-pg-"))
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    data, port = root / "data", _free_port()
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)
    server = subprocess.Popen([*as_user, str(bindir / "postgres"), "-D", str(data), "-p", str(port),
                               "-k", str(root), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while subprocess.run([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                             capture_output=True).returncode != 0:
            assert time.monotonic() < deadline, "PostgreSQL did not start"
            time.sleep(0.2)
        n = 0

        def new_database() -> str:
            nonlocal n
            n += 1
            subprocess.run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                            f"lake{n}"], check=True, capture_output=True)
            return f"postgres:dbname=lake{n} host=127.0.0.1 port={port} user=postgres"

        yield new_database
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


def test_two_processes_write_one_postgres_lake_at_once(reference, postgres, tmp_path: Path) -> None:
    """With a PostgreSQL catalog both processes write at the same time; overlapping loads
    conflict at commit and the loser runs again, so the shared keys stay unique."""
    catalog, data = postgres(), tmp_path / "data"
    results = _two_writers(catalog, data, tmp_path)
    _check_lake(reference, catalog, data, results)
    # the same corpus in both: they did overlap (else this test proves nothing)
    assert sum(r["conflicts_retried"] for r in results) > 0 or min(r["documents_new"] for r in results) == 0


# ---------------------------------------------------------------- Dask task runner


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("prefect_dask")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    try:
        yield cluster
    finally:
        cluster.close()


def test_dask_runner_builds_the_same_warehouse_as_the_local_runner(prefect_harness, dask_cluster, reference,
                                                                  tmp_path: Path) -> None:
    """The flow on 2 Dask worker processes gives the warehouse of the local stages (the local
    runner runs exactly those stages in threads; `reference` ran them without Prefect)."""
    from distributed import get_task_stream

    from flows import runners
    from flows.ingest import ingest

    want = dict(reference[1])
    db = tmp_path / "dask" / "grassroots.duckdb"
    runner = runners.task_runner(kind="dask", address=dask_cluster.scheduler_address)
    client = dask_cluster.get_client()
    with get_task_stream(client) as stream:
        summary = ingest.with_options(task_runner=runner)(paths=[str(CORPUS)], db=str(db), batch_size=8,
                                                          source_name="sample", label="scaleout")
    con = warehouse.open_reader(db)
    try:
        got = snapshot(con)
    finally:
        con.close()
    # only a flow records its run (core.runs) and the configured source (source_health's kind)
    for snap in (got, want):
        snap.pop("source_health")
        snap["_tables"] = [t for t in snap["_tables"] if t[0] != "core.runs"]
    assert got == want
    assert summary["total"]["new"] + summary["total"]["duplicate"] == dict(want["_tables"])["core.documents"]
    # the tasks ran on the cluster's worker processes: discover, 2 extracts, 2 loads at least
    ran_on = [t["worker"] for t in stream.data]
    assert len(ran_on) >= 5 and set(ran_on) <= set(client.run(os.getpid))
    assert os.getpid() not in client.run(os.getpid).values()


def test_task_runner_from_settings() -> None:
    from prefect.task_runners import ThreadPoolTaskRunner

    from flows import runners

    assert isinstance(runners.task_runner(Settings()), ThreadPoolTaskRunner)
    with pytest.raises(runners.RunnerError, match="unknown task_runner"):
        runners.task_runner(kind="spark")
    if pytest.importorskip("prefect_dask"):
        from prefect_dask import DaskTaskRunner

        r = runners.task_runner(kind="dask", address="tcp://10.0.0.1:8786")
        assert isinstance(r, DaskTaskRunner) and r.address == "tcp://10.0.0.1:8786"
