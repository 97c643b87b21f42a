"""Warehouse: migrations, seeds, views, the single-writer lock, transactional loads."""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import shutil
import time
import zlib
from datetime import date
from pathlib import Path

import duckdb
import pytest

from grassroots import warehouse
from grassroots.models import Attribution, Batch, Document, Extracted, PlaceMention, RawInput, Reject, utcnow
from grassroots.warehouse import connect
from grassroots.warehouse.raw import capture_id, decompress, read_raw_inputs

REPO = Path(__file__).resolve().parents[1]


def _doc(locator: str, text: str, data: bytes, district: str = "黄浦区", content_hash: str | None = None) -> tuple[RawInput, Document]:
    raw = RawInput(source="t", locator=locator, data=data, fetched_at=utcnow())
    ex = Extracted(text=text, title="标题", published_date=date(2024, 5, 3), date_precision="day", date_source="text")
    att = Attribution(district, (PlaceMention(district, None, 2, True, "test"),))
    doc = Document(doc_id=capture_id(locator, raw.sha256), source="t", locator=locator, raw_sha256=raw.sha256,
                   content_hash=content_hash or f"h-{text}", extracted=ex, attribution=att)
    return raw, doc


def test_open_writer_migrates_seeds_and_views(db):
    with warehouse.open_writer(db) as con:
        versions = [r[0] for r in con.execute("select version from core.schema_migrations order by 1").fetchall()]
        assert versions[:2] == ["0001", "0002"]
        assert con.execute("select count(*) from ref.districts").fetchone()[0] == 16
        assert con.execute("select count(*) from ref.subdistricts").fetchone()[0] == 234
        views = {v for v, _ in warehouse.public_views(con)}
    assert {"documents", "articles", "article_places", "rejects", "initiative_mentions", "district_monthly"} <= views
    # opening again applies nothing new
    with warehouse.open_writer(db) as con:
        assert warehouse.migrate(con, REPO / "sql" / "migrations") == []


def _refused_campaign_row(db, tmp_path, row: str, error: str) -> None:
    """Load the shipped seeds, add `row` to campaigns.csv: the warehouse refuses to open with
    `error`, and the campaigns loaded before stay."""
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    with warehouse.open_writer(db, seeds_dir=seeds) as con:
        before = con.execute("select count(*) from ref.campaigns").fetchone()[0]
        # the shipped lexicon names each campaign once: a repeated one would count twice in joins
        assert con.execute("select count(distinct name) from ref.campaigns").fetchone()[0] == before
    with (seeds / "campaigns.csv").open("a", encoding="utf-8") as f:
        f.write(row + "\n")
    with pytest.raises(warehouse.WarehouseError, match=error), warehouse.open_writer(db, seeds_dir=seeds):
        pass
    con = duckdb.connect(str(db))
    assert con.execute("select count(*) from ref.campaigns").fetchone()[0] == before
    con.close()


def test_a_seed_with_a_repeated_key_is_refused_and_the_loaded_seeds_stay(db, tmp_path):
    _refused_campaign_row(db, tmp_path, "河长制,,sanitation,city",
                          "campaigns.csv: name must be unique; repeated: 河长制")


def test_a_seed_naming_a_row_another_seed_lacks_is_refused(db, tmp_path):
    # a typo of elderly_care: no view would count the campaign
    _refused_campaign_row(db, tmp_path, "某某行动,,elderly-care,city",
                          "campaigns.csv: category must be a category of initiative_categories.csv; unknown: elderly-care")


def test_failed_migration_leaves_schema_untouched(db, tmp_path):
    sql = tmp_path / "sql"
    shutil.copytree(REPO / "sql", sql)
    with warehouse.open_writer(db, sql_dir=sql):
        pass
    (sql / "migrations" / "0900_good.sql").write_text("create table core.extra_a (x int);")
    (sql / "migrations" / "0901_bad.sql").write_text("create table core.extra_b (x int); select * from nope;")
    with pytest.raises(warehouse.MigrationError, match="0901_bad.sql failed"), warehouse.open_writer(db, sql_dir=sql):
        pass
    con = duckdb.connect(str(db))
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert "extra_a" not in tables and "extra_b" not in tables
    assert con.execute("select max(version) from core.schema_migrations").fetchone()[0] < "0900"
    con.close()


def test_changed_migration_is_refused(db, tmp_path):
    sql = tmp_path / "sql"
    shutil.copytree(REPO / "sql", sql)
    with warehouse.open_writer(db, sql_dir=sql):
        pass
    p = sql / "migrations" / "0002_ref_sources.sql"
    p.write_text(p.read_text() + "\ncreate table core.sneaked_in (x integer);\n")
    with pytest.raises(warehouse.MigrationError, match="changed after it was applied"), warehouse.open_writer(db, sql_dir=sql):
        pass


def test_migration_comments_can_be_corrected(db, tmp_path):
    """Comments are not part of what a migration did: correcting one is accepted, also on a warehouse
    whose releases stored whole-file checksums; a changed statement is still refused."""
    sql = tmp_path / "sql"
    shutil.copytree(REPO / "sql", sql)
    with warehouse.open_writer(db, sql_dir=sql):
        pass
    p = sql / "migrations" / "0002_ref_sources.sql"
    text = p.read_text()
    con = duckdb.connect(str(db))  # as an older release left it: the file's own checksum
    con.execute("update core.schema_migrations set checksum = ? where version = '0002'",
                [hashlib.sha256(text.encode()).hexdigest()])
    con.close()
    connect._PREPARED.clear()  # opened next by a new process, which checks the schema
    with warehouse.open_writer(db, sql_dir=sql):
        pass
    p.write_text("-- a corrected comment\n" + text.replace("--", "-- (reworded)", 1) + "\n-- and a new one\n")
    with warehouse.open_writer(db, sql_dir=sql):
        pass
    p.write_text(text.replace("create table", "create  table", 1))  # white space only
    with warehouse.open_writer(db, sql_dir=sql):
        pass


def test_batch_load_is_idempotent_and_keeps_raw_bytes(db):
    r1, d1 = _doc("/a.html", "正文一", b"<p>one</p>")
    r2, d2 = _doc("/b.html", "正文一", b"<p>one again</p>")  # same story, other place
    rej = Reject("t", "/bad.png", "extract", "binary_input", "PNG", raw_sha256=None)
    batch = Batch("t", 1, raws=[r1, r2], documents=[d1, d2], rejects=[rej, rej])
    with warehouse.open_writer(db) as con:
        res = warehouse.load_batch(con, batch)
        assert res.documents_new == 2 and res.rejects_new == 1
        before = warehouse.table_counts(con)
        res2 = warehouse.load_batch(con, batch)
        assert res2.documents_new == 0 and res2.raw_new == 0
        assert warehouse.table_counts(con) == before
        arts = con.execute("select sightings from articles").fetchall()
        assert arts == [(2,)]
        raws = list(read_raw_inputs(con))
        assert sorted(r.data for r in raws) == [b"<p>one again</p>", b"<p>one</p>"]



def test_raw_bodies_written_zlib_by_earlier_releases_still_read_back(db):
    """Raw bodies are zstd since 2026-12-06; a warehouse's older rows are zlib, and a body made
    by an extraction worker of either kind is stored under the codec it was made with."""
    r_old, d_old = _doc("/old.html", "正文一", "<p>旧的网页</p>".encode() * 50)
    r_new, d_new = _doc("/new.html", "正文二", "<p>新的网页</p>".encode() * 50)
    r_mix, d_mix = _doc("/mix.html", "正文三", "<p>旧工人的网页</p>".encode() * 50)
    with warehouse.open_writer(db) as con:
        warehouse.load_batch(con, Batch("t", 1, raws=[r_old], documents=[d_old]))
        # what an earlier release left: the same row, zlib-compressed and named so
        con.execute("update core.raw_blobs set codec = 'zlib', body = ? where sha256 = ?",
                    [zlib.compress(r_old.data, 6), r_old.sha256])
        mixed = Batch("t", 2, raws=[r_new, r_mix], documents=[d_new, d_mix])
        mixed.bodies[r_mix.sha256] = zlib.compress(r_mix.data, 6)  # made by a zlib-era worker
        warehouse.load_batch(con, mixed)
        codecs = dict(con.execute("select sha256, codec from core.raw_blobs").fetchall())
        assert codecs == {r_old.sha256: "zlib", r_new.sha256: "zstd", r_mix.sha256: "zlib"}
        back = {r.locator: r.data for r in read_raw_inputs(con)}
    assert back == {"/old.html": r_old.data, "/new.html": r_new.data, "/mix.html": r_mix.data}
    with pytest.raises(ValueError, match="unknown raw codec"):
        decompress(b"xx", "lz4")

def test_the_raw_layer_reads_back_a_window_larger_than_the_sessions_memory(db):
    """A from-raw rebuild reads the stored bodies of a window; reading them must not hold every
    stored body at once (it ran out of a session's memory on a 10,000-page warehouse)."""
    import os

    pairs = [_doc(f"/p{i}.html", f"正文{i}", os.urandom(100_000)) for i in range(600)]  # 60 MB, incompressible
    with warehouse.open_writer(db) as con:
        warehouse.load_batch(con, Batch("t", 1, raws=[r for r, _ in pairs], documents=[d for _, d in pairs]))
    con = duckdb.connect(str(db), read_only=True, config={"memory_limit": "48MB", "threads": 1})
    try:
        back = {r.locator: r.data for r in read_raw_inputs(con, sources=["t"], since=date(2024, 1, 1),
                                                            until=date(2025, 1, 1), by_content_date=True)}
    finally:
        con.close()
    assert back == {r.locator: r.data for r, _ in pairs}


def test_failed_batch_leaves_nothing(db):
    r1, d1 = _doc("/a.html", "正文一", b"x")
    with warehouse.open_writer(db) as con:
        bad = Batch("t", 1, raws=[r1], documents=[d1])
        bad.documents[0].extracted.date_precision = None  # violates NOT NULL
        with pytest.raises(duckdb.Error):
            warehouse.load_batch(con, bad)
        counts = warehouse.table_counts(con)
    assert counts["core.documents"] == 0 and counts["core.raw_blobs"] == 0 and counts["core.raw_captures"] == 0


def _hold_lock(db: str, ready, release):
    with warehouse.writer_lock(Path(db), command="holder-test"):
        ready.set()
        release.wait(30)


def test_second_writer_waits_then_names_the_holder(db):
    ctx = mp.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    p = ctx.Process(target=_hold_lock, args=(str(db), ready, release))
    p.start()
    try:
        assert ready.wait(30)
        t0 = time.monotonic()
        with pytest.raises(warehouse.WarehouseBusy, match=r"PID \d+ .*holder-test"), warehouse.writer_lock(db, timeout=0.6):
            pass
        assert time.monotonic() - t0 >= 0.5
    finally:
        release.set()
        p.join(30)
    with warehouse.writer_lock(db, timeout=1):  # free again
        pass


def test_reader_is_hardened(db, tmp_path):
    with warehouse.open_writer(db):
        pass
    con = warehouse.open_reader(db)
    with pytest.raises(duckdb.Error):
        con.execute("create table x (a int)")
    with pytest.raises(duckdb.Error):
        con.execute(f"copy (select 1) to '{tmp_path / 'leak.csv'}'")
    with pytest.raises(duckdb.Error):
        con.execute("set enable_external_access = true")
    con.close()
    assert not (tmp_path / "leak.csv").exists()


def test_unwritable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(warehouse.WarehouseError, match="cannot create the warehouse folder"), \
            warehouse.open_writer(blocker / "x.duckdb"):
        pass


def _hold_reader(db: str, ready, seconds: float):
    import duckdb as d

    con = d.connect(db, read_only=True)
    ready.set()
    time.sleep(seconds)
    con.close()


def test_writer_waits_for_a_reader_in_another_process(db):
    """A `grassroots sql` reader holds DuckDB's file lock while it reads; a load waits for it
    instead of failing its batch."""
    with warehouse.open_writer(db):
        pass
    ctx = mp.get_context("spawn")
    ready = ctx.Event()
    p = ctx.Process(target=_hold_reader, args=(str(db), ready, 1.5))
    p.start()
    try:
        assert ready.wait(30)
        t0 = time.monotonic()
        with warehouse.open_writer(db) as con:
            con.execute("select 1")
        assert time.monotonic() - t0 >= 0.5
    finally:
        p.join(30)


def test_schema_is_checked_once_per_process_until_its_files_or_the_warehouse_change(db, tmp_path, monkeypatch):
    sql = tmp_path / "sql"
    shutil.copytree(REPO / "sql", sql)
    calls = []
    real = connect.migrate
    monkeypatch.setattr(connect, "migrate", lambda con, d: calls.append(d) or real(con, d))
    for _ in range(3):  # a run's later opens (lookups, loads) only lock and connect
        with warehouse.open_writer(db, sql_dir=sql):
            pass
    assert len(calls) == 1
    view = sql / "views" / "rejects.sql"
    view.write_text(view.read_text() + "\n")
    with warehouse.open_writer(db, sql_dir=sql) as con:
        pass
    assert len(calls) == 2
    db.unlink()  # a new warehouse at the same path is brought up to date again
    with warehouse.open_writer(db, sql_dir=sql) as con:
        assert con.execute("select count(*) from rejects").fetchone()[0] == 0
    assert len(calls) == 3


def test_a_lookup_reads_a_current_warehouse_without_preparing_it_and_migrates_an_old_one(db, tmp_path, monkeypatch):
    sql = tmp_path / "sql"
    shutil.copytree(REPO / "sql", sql)
    with warehouse.open_writer(db, sql_dir=sql):
        pass
    connect._PREPARED.clear()  # another process (the CLI before a run) opens the file
    calls = []
    real = connect.migrate
    monkeypatch.setattr(connect, "migrate", lambda con, d: calls.append(d) or real(con, d))
    with warehouse.open_writer(db, sql_dir=sql, lookup=True) as con:
        assert con.execute("select count(*) from core.raw_captures").fetchone()[0] == 0
    assert calls == []  # every migration applied: the lookup reads at once
    last = sorted((sql / "migrations").glob("*.sql"))[-1]
    shutil.copy(last, last.with_name("9999_later_release.sql"))
    (last.with_name("9999_later_release.sql")).write_text("create table core.later_release (x integer);\n")
    with warehouse.open_writer(db, sql_dir=sql, lookup=True) as con:  # a file one migration behind
        assert con.execute("select count(*) from core.later_release").fetchone()[0] == 0
    assert len(calls) == 1
