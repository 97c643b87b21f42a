"""`grassroots compact`: the warehouse file rewritten with full row groups, nothing else changed."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from grassroots import warehouse
from grassroots.app.cli import app
from grassroots.config import REPO_ROOT, Settings, Source
from grassroots.run import pipeline
from grassroots.warehouse import compact as compacting
from grassroots.warehouse.errors import WarehouseBusy, WarehouseError
from grassroots.warehouse.lock import writer_lock

CORPUS = REPO_ROOT / "seeds" / "corpus"


def ingest(db: Path, batch_size: int, compact_after: int = 0, said: list | None = None) -> int:
    """The flow's stages without Prefect; every batch is one load (one row group per keyed table)."""
    return sum(r.documents_new for r in loads(db, batch_size, compact_after, said))


def loads(db: Path, batch_size: int, compact_after: int = 0, said: list | None = None) -> list:
    settings = Settings(db=db, workers=1, compact_after=compact_after)
    src = Source(name="sample", kind="files", options={"paths": [str(CORPUS)]})
    out = []
    for i, chunk in enumerate(pipeline.plan_batches(pipeline.discover(src).refs, batch_size), start=1):
        batch = pipeline.read_batch(src, i, chunk, settings)
        out.append(pipeline.load(pipeline.process_batch(batch, known=pipeline.lookup_known(batch.raws, settings)),
                                 settings, warn=said.append if said is not None else None,
                                 note=said.append if said is not None else None))
    return out


def contents(db: Path) -> dict[str, list]:
    """Every public view's rows and every table's row count."""
    con = warehouse.open_reader(db)
    try:
        out = {v: sorted(map(repr, con.execute(f"select * from {v}").fetchall()))
               for v, _ in warehouse.public_views(con)}
        out["_tables"] = sorted(warehouse.table_counts(con).items())
        return out
    finally:
        con.close()


def row_groups(db: Path, table: str = "core.documents") -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"select count(distinct row_group_id) from pragma_storage_info('{table}')").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def fragmented(tmp_path_factory) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("frag") / "grassroots.duckdb"
    assert ingest(db, batch_size=3) > 0
    assert row_groups(db) >= 4  # one per load: what compact is for
    return db, contents(db)


def test_compact_merges_row_groups_and_keeps_every_row(fragmented, tmp_path):
    src, want = fragmented
    db = tmp_path / "w.duckdb"
    db.write_bytes(src.read_bytes())
    res = compacting.compact(db)
    assert res.after is not None and res.after.row_groups == res.after.needed < res.before.row_groups
    assert row_groups(db) == 1
    assert contents(db) == want
    assert not db.with_name(db.name + ".compacting").exists()
    # the compacted file is an ordinary warehouse: a later run loads into it, and finds nothing new
    assert ingest(db, batch_size=5) == 0
    assert contents(db)["documents"] == want["documents"]
    # a second compact of full row groups writes nothing
    size = db.stat().st_size
    again = compacting.compact(db)
    assert again.after is None and db.stat().st_size == size


def test_dry_run_and_cli_report_without_writing(fragmented, tmp_path):
    src, _ = fragmented
    db = tmp_path / "w.duckdb"
    db.write_bytes(src.read_bytes())
    before = db.read_bytes()
    r = CliRunner().invoke(app, ["compact", "--db", str(db), "--dry-run"])
    assert r.exit_code == 0, r.output
    assert "dry run" in r.output and "nothing written" in r.output
    assert db.read_bytes() == before
    r = CliRunner().invoke(app, ["compact", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "every table's rows unchanged" in r.output and row_groups(db) == 1
    r = CliRunner().invoke(app, ["compact", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 2 and "no warehouse" in r.output


def test_compact_waits_for_the_writer_and_gives_up_cleanly(fragmented, tmp_path):
    src, want = fragmented
    db = tmp_path / "w.duckdb"
    db.write_bytes(src.read_bytes())
    held, release = threading.Event(), threading.Event()

    def writer() -> None:
        with writer_lock(db, command="a run"):
            held.set()
            release.wait(10)

    t = threading.Thread(target=writer)
    t.start()
    try:
        held.wait(5)
        with pytest.raises(WarehouseBusy):
            compacting.compact(db, timeout=0.5)
    finally:
        release.set()
        t.join()
    assert contents(db) == want and row_groups(db) > 1


def test_a_copy_that_differs_leaves_the_file_as_it_was(fragmented, tmp_path, monkeypatch):
    src, want = fragmented
    db = tmp_path / "w.duckdb"
    db.write_bytes(src.read_bytes())
    real = compacting.layout

    def short_copy(con, catalog=None):
        out = real(con, catalog)
        if catalog == "dst":  # as if a table had lost a row on the way
            g, n = out.tables['"core"."documents"']
            out.tables['"core"."documents"'] = (g, n - 1)
        return out

    monkeypatch.setattr(compacting, "layout", short_copy)
    with pytest.raises(WarehouseError, match="row counts differ in \"core\".\"documents\""):
        compacting.compact(db)
    assert contents(db) == want and row_groups(db) > 1
    assert not db.with_name(db.name + ".compacting").exists()


def copy_of(fragmented, tmp_path: Path) -> tuple[Path, dict]:
    src, before = fragmented
    db = tmp_path / "grassroots.duckdb"
    db.write_bytes(src.read_bytes())
    return db, before


def test_compact_fits_a_small_memory_limit(fragmented, tmp_path, monkeypatch):
    """The copy runs on one thread: at 100,000 documents a copy on two threads ran out of the
    writer's 256 MB. Here the same happens at 16 MB on the small warehouse (two threads need ~20)."""
    db, before = copy_of(fragmented, tmp_path)
    monkeypatch.setenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", "16MB")
    res = compacting.compact(db)
    assert res.after is not None and res.after.row_groups < res.before.row_groups
    assert contents(db) == before


def test_a_copy_out_of_its_default_memory_is_made_again_with_more(fragmented, tmp_path, monkeypatch):
    # what the copy cannot spill (the key indexes it builds) grows with the warehouse: 64 MB ran
    # out at 100,000 documents; here a 4 MB default stands in for it
    db, before = copy_of(fragmented, tmp_path)
    monkeypatch.delenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", raising=False)
    monkeypatch.setattr(compacting, "COMPACT_MEMORY_LIMIT", "4MB")
    r = CliRunner().invoke(app, ["compact", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "copied again with 1GB of DuckDB memory after running out of 4MB" in " ".join(r.output.split())
    assert contents(db) == before


@pytest.mark.parametrize("limits", [
    {"env": "4MB"},  # the user's limit is kept: no second copy
    {"default": "4MB", "retry": "4MB"},  # out of memory again with more
])
def test_a_copy_out_of_memory_says_so_and_keeps_the_file(fragmented, tmp_path, monkeypatch, limits):
    db, before = copy_of(fragmented, tmp_path)
    monkeypatch.delenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", raising=False)
    if "env" in limits:
        monkeypatch.setenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", limits["env"])
    else:
        monkeypatch.setattr(compacting, "COMPACT_MEMORY_LIMIT", limits["default"])
        monkeypatch.setattr(compacting, "RETRY_MEMORY_LIMIT", limits["retry"])
    r = CliRunner().invoke(app, ["compact", "--db", str(db)])
    assert r.exit_code == 2, r.output  # the CLI's code for a warehouse error, no traceback
    assert "Traceback" not in r.output
    assert "ran out of DuckDB memory" in r.output and "unchanged" in r.output
    assert not any(p.name.endswith(".compacting") for p in tmp_path.iterdir())
    assert contents(db) == before


def stories(db: Path) -> list[tuple]:
    """What a run decides, independent of when: documents, their stories and places."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select d.doc_id, d.title, d.district, m.cluster_id, c.canonical_doc_id "
                           "from core.documents d join core.doc_clusters m using (doc_id) "
                           "join core.clusters c on c.cluster_id = m.cluster_id order by 1").fetchall()
    finally:
        con.close()


def test_a_run_compacts_the_file_once_loads_have_fragmented_it(fragmented, tmp_path):
    """compact_after: the load that leaves that many small row groups is followed by a
    compaction; the run's decisions are those of a run that never compacts."""
    said: list[str] = []
    db = tmp_path / "grassroots.duckdb"
    results = loads(db, batch_size=3, compact_after=4, said=said)
    done = [r for r in results if r.compacted is not None]
    assert done and all(r.fragmented >= 4 for r in done)
    assert sum(pipeline.batch_counts(pipeline.Batch(source="sample", batch_no=1), r).compactions
               for r in results) == len(done)
    assert any("compacted" in m and "row groups" in m for m in said), said
    assert row_groups(db) < row_groups(fragmented[0])  # no more than 4 loads' row groups since
    assert row_groups(db) <= 4
    assert stories(db) == stories(fragmented[0])


def test_compact_after_zero_never_compacts_and_a_failed_compaction_keeps_the_load(tmp_path, monkeypatch):
    said: list[str] = []
    db = tmp_path / "grassroots.duckdb"
    assert all(r.compacted is None for r in loads(db, batch_size=3, compact_after=0))

    def broken(*a, **k):
        raise WarehouseError("disk full")

    monkeypatch.setattr(compacting, "compact", broken)
    db2 = tmp_path / "again.duckdb"
    assert all(r.compacted is None for r in loads(db2, batch_size=3, compact_after=2, said=said))
    assert any("failed (disk full); the file is unchanged and the run goes on" in m for m in said), said
    assert stories(db2) == stories(db)  # every batch committed all the same



def test_load_sessions_skip_the_fsst_trial(tmp_path):
    # FSST was tried on every string column at each load's checkpoint and kept only for locators:
    # 12-25 % of the loads' CPU for 1 % of the file (docs/benchmarks/performance.md). A compaction
    # writes once and keeps every method (checked on a 10,000-page warehouse, not at this size).
    with warehouse.open_writer(tmp_path / "w.duckdb") as con:
        assert "fsst" in con.execute("select current_setting('disabled_compression_methods')").fetchone()[0].lower()
