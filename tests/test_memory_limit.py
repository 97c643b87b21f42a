"""A load that needs more DuckDB memory than the writer's limit is loaded again with a larger
one and the user is told (issue 20: 7 of 500 loads of a 100,000-page run failed at 256 MB);
a limit the user chose is kept, and a load that fails under it leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from grassroots.config import REPO_ROOT, Settings, Source
from grassroots.run import pipeline
from grassroots.warehouse import connect

CORPUS = REPO_ROOT / "seeds" / "corpus"
TOO_SMALL = "1MB"  # below what the schema and one sample batch need


def two_batches(settings: Settings):
    src = Source(name="sample", kind="files", options={"paths": [str(CORPUS)]})
    refs = pipeline.discover(src).refs
    return [pipeline.process_batch(pipeline.read_batch(src, i, part, settings))
            for i, part in enumerate((refs[:2], refs[2:]), start=1)]


def documents(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*) from core.documents").fetchone()[0]
    finally:
        con.close()


def test_a_load_out_of_the_writer_limit_is_loaded_again_with_more_and_said(tmp_path, monkeypatch):
    monkeypatch.delenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", raising=False)
    settings = Settings(db=tmp_path / "wh.duckdb", workers=1)
    first, second = two_batches(settings)
    r1 = pipeline.load(first, settings)
    n = r1.documents_new
    monkeypatch.setattr(connect, "WRITER_MEMORY_LIMIT", TOO_SMALL)
    said: list[str] = []
    result = pipeline.load(second, settings, warn=said.append)
    assert result.documents_new > 0
    assert documents(settings.db) == n + result.documents_new
    assert len(said) == 1 and "loaded again with 1GB" in said[0] and "GRASSROOTS_DUCKDB_MEMORY_LIMIT" in said[0]
    # the run's counts (core.runs.counts, the summary) say so too, not only the run's log
    assert pipeline.batch_counts(second, result).as_dict()["memory_retries"] == 1
    assert "memory_retries" not in pipeline.batch_counts(first, r1).as_dict()


def test_a_limit_the_user_chose_is_kept_and_a_failed_load_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", raising=False)
    settings = Settings(db=tmp_path / "wh.duckdb", workers=1)
    first, second = two_batches(settings)
    n = pipeline.load(first, settings).documents_new
    monkeypatch.setenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", TOO_SMALL)
    said: list[str] = []
    with pytest.raises(duckdb.OutOfMemoryException):
        pipeline.load(second, settings, warn=said.append)
    assert said == []
    assert documents(settings.db) == n


def test_a_load_does_not_read_the_stored_raw_layer_to_find_its_new_rows(tmp_path, monkeypatch):
    # which inputs are new is asked of the key indexes: the blocks a load reads, and keeps in the
    # writer's cache, do not grow with the raw layer already stored (issue 20)
    monkeypatch.delenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", raising=False)
    settings = Settings(db=tmp_path / "wh.duckdb", workers=1)
    first, second = two_batches(settings)
    pipeline.load(first, settings)
    with pipeline.writer(settings, command="fill") as con:  # 300,000 earlier inputs, stored
        con.execute("insert into core.raw_blobs select sha256(i::varchar), 10, 'zlib', ''::blob, now() "
                    "from range(300000) t(i)")
        con.execute("insert into core.raw_captures (capture_id, source, locator, kind, sha256, fetched_at, role) "
                    "select md5(i::varchar), 'old', 'old/' || i, 'file', sha256(i::varchar), now(), 'article' "
                    "from range(300000) t(i)")
    with pipeline.writer(settings, command="load") as con:
        from grassroots.warehouse.load import load_batch

        assert load_batch(con, second).raw_new == len({r.sha256 for r in second.raws})
        cached = con.execute("select sum(memory_usage_bytes) from duckdb_memory() "
                             "where tag = 'BASE_TABLE'").fetchone()[0]
    # (one 256 kB block of each small table the load touches, ~5 MB; the stored inputs' keys alone
    # take ~30 MB of blocks)
    assert cached < 8 * 2**20, f"{cached / 2**20:.1f} MB of table blocks read by one small load"


def test_numbering_new_documents_does_not_read_every_stored_signature(tmp_path, monkeypatch):
    # each writer session appends a row group of its own to a table with a key (DuckDB 1.4.4), so
    # a scan of one column reads a block per earlier load: max(doc_no) over 80 loads' signatures
    # read ~20 MB here, 126 MB at 100,000 documents (issue 20)
    from grassroots.warehouse.clusters import DEFAULT_CONFIG
    from grassroots.warehouse.load import load_batch

    monkeypatch.delenv("GRASSROOTS_DUCKDB_MEMORY_LIMIT", raising=False)
    settings = Settings(db=tmp_path / "wh.duckdb", workers=1)
    first, second = two_batches(settings)
    pipeline.load(first, settings)
    for s in range(80):  # 80 earlier loads' signatures (no band keys: never candidates)
        con = duckdb.connect(str(settings.db))
        con.execute("insert into core.doc_signatures select md5(i::varchar), i, ?, 10, null, now() "
                    "from range(1000 + 200 * ?, 1200 + 200 * ?) t(i)", [DEFAULT_CONFIG.algo, s, s])
        con.close()
    with pipeline.writer(settings, command="load") as con:
        assert load_batch(con, second).documents_new > 0
        cached = con.execute("select sum(memory_usage_bytes) from duckdb_memory() "
                             "where tag = 'BASE_TABLE'").fetchone()[0]
        top = con.execute("select max(doc_no) from core.doc_signatures").fetchone()[0]
    assert top > 1000 + 200 * 80  # numbered after the largest stored number
    assert cached < 8 * 2**20, f"{cached / 2**20:.1f} MB of table blocks read by one small load"


def test_a_writer_session_uses_one_duckdb_thread_unless_the_user_sets_more(tmp_path, monkeypatch):
    # the loads run beside the extraction workers: DuckDB's thread per core only burnt their CPU
    monkeypatch.delenv("GRASSROOTS_DUCKDB_THREADS", raising=False)
    db = tmp_path / "w.duckdb"
    with connect.open_writer(db) as con:
        assert con.execute("select current_setting('threads')").fetchone()[0] == 1
    monkeypatch.setenv("GRASSROOTS_DUCKDB_THREADS", "2")
    with connect.open_writer(db) as con:
        assert con.execute("select current_setting('threads')").fetchone()[0] == 2
