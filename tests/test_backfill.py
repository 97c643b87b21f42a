"""Backfills: windows, per-window status, reprocess choices, dry run, from-raw rebuilds."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from flows import ingest as ingest_mod
from flows import tasks
from grassroots.app.cli import app
from grassroots.run import pipeline
from grassroots.run.windows import UNITS, Window, count_windows, schedule_slot, select_windows, split_windows
from grassroots.sources import fetch

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "seeds" / "corpus"


def test_split_windows_calendar_aligned():
    assert split_windows(date(2021, 1, 15), date(2021, 4, 1), "month") == [
        Window(date(2021, 1, 15), date(2021, 2, 1)), Window(date(2021, 2, 1), date(2021, 3, 1)),
        Window(date(2021, 3, 1), date(2021, 4, 1))]
    weeks = split_windows(date(2021, 1, 1), date(2021, 1, 20), "week")
    assert [w.start.weekday() for w in weeks[1:]] == [0, 0, 0] and weeks[-1].end == date(2021, 1, 20)
    assert len(split_windows(date(2024, 2, 27), date(2024, 3, 2), "day")) == 4
    with pytest.raises(ValueError):
        split_windows(date(2021, 2, 1), date(2021, 2, 1))


def test_select_windows_reprocess():
    ws = split_windows(date(2021, 1, 1), date(2021, 4, 1))
    st = {ws[0]: "completed", ws[1]: "failed", ws[2]: "running"}
    assert select_windows(ws, st, "missing") == [ws[1], ws[2]]
    assert select_windows(ws, st, "failed") == [ws[1]]
    assert select_windows(ws, st, "all") == ws


def test_schedule_slot_is_the_slot_that_just_ended():
    start, end = schedule_slot("0 6 * * *", "Asia/Shanghai", datetime(2024, 5, 3, 22, 0, tzinfo=UTC))
    assert (start.isoformat(), end.isoformat()) == ("2024-05-03T06:00:00+08:00", "2024-05-04T06:00:00+08:00")


def _corpus_by_month(tmp_path: Path) -> Path:
    """The sample corpus with file dates spread over Jan-Mar 2021 (files select by mtime)."""
    d = tmp_path / "corpus"
    shutil.copytree(CORPUS, d)
    for i, p in enumerate(sorted(d.iterdir())):
        ts = datetime(2021, 1 + i % 3, 10, tzinfo=UTC).timestamp()
        os.utime(p, (ts, ts))
    cfg = tmp_path / "sources.toml"
    cfg.write_text(f'[[sources]]\nname = "files"\nkind = "files"\npaths = ["{d}"]\n')
    return cfg


def _windows(db: Path):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select window_start, status, documents from backfill_windows order by 1").fetchall()
    finally:
        con.close()


def _count(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


@pytest.mark.slow
def test_backfill_windows_reprocess_failed_and_dry_run(prefect_harness, tmp_path, db, monkeypatch):
    cfg = _corpus_by_month(tmp_path)
    args = ["--since", "2021-01-01", "--until", "2021-04-01", "--config", str(cfg), "--db", str(db)]
    r = CliRunner().invoke(app, ["backfill", *args, "--dry-run"])
    assert r.exit_code == 0 and r.stdout.count("run ") == 3
    assert not db.exists()  # a dry run writes nothing

    # window 2 fails: its extraction raises (no retries, to keep the test fast)
    real = pipeline.process_one

    def poisoned(raw):
        if datetime.fromtimestamp(os.stat(raw.locator).st_mtime, UTC).month == 2:
            raise RuntimeError("poisoned window")
        return real(raw)

    monkeypatch.setattr(pipeline, "process_one", poisoned)
    monkeypatch.setattr(tasks, "extract_batch", tasks.extract_batch.with_options(retries=0))
    monkeypatch.setattr(ingest_mod.tasks, "extract_batch", tasks.extract_batch)
    r = CliRunner().invoke(app, ["backfill", *args])
    assert r.exit_code == 1 and "1 window(s) failed" in r.output
    w = _windows(db)
    assert [(str(s), st) for s, st, _ in w] == [("2021-01-01", "completed"), ("2021-02-01", "failed"),
                                                 ("2021-03-01", "completed")]
    docs_before = _count(db, "select count(*) from documents")
    monkeypatch.setattr(pipeline, "process_one", real)

    r = CliRunner().invoke(app, ["backfill", *args, "--dry-run", "--reprocess", "failed"])
    assert r.stdout.count("run ") == 1 and "2021-02-01" in [ln for ln in r.stdout.splitlines() if ln.startswith("run")][0]
    r = CliRunner().invoke(app, ["backfill", *args, "--reprocess", "failed"])
    assert r.exit_code == 0, r.output
    w2 = _windows(db)
    assert [st for _, st, _ in w2] == ["completed"] * 3
    assert w2[0] == w[0] and w2[2] == w[2]  # only the failed window ran again
    n_files = len(list(CORPUS.iterdir()))
    assert _count(db, "select count(*) from documents") + _count(db, "select count(*) from rejects") == n_files
    assert _count(db, "select count(*) from documents") > docs_before

    # missing (default): nothing left to do; all: everything again, changing no data
    r = CliRunner().invoke(app, ["backfill", *args])
    assert r.exit_code == 0 and "0 completed" in r.output
    before = _count(db, "select count(*) from documents"), _count(db, "select count(*) from articles")
    r = CliRunner().invoke(app, ["backfill", *args, "--reprocess", "all"])
    assert r.exit_code == 0 and "3 completed" in r.output
    assert (_count(db, "select count(*) from documents"), _count(db, "select count(*) from articles")) == before


@pytest.mark.slow
def test_from_raw_rebuilds_without_network(prefect_harness, tmp_path, db, monkeypatch):
    cfg = _corpus_by_month(tmp_path)
    r = CliRunner().invoke(app, ["run", "--config", str(cfg), "--db", str(db)])
    assert r.exit_code == 0, r.output
    con = duckdb.connect(str(db), read_only=True)
    snap = con.execute("select doc_id, title, published_date, district, text from documents order by 1").fetchall()
    con.close()
    # the source files are gone and sockets are refused: only the raw layer can serve the rebuild
    shutil.rmtree(tmp_path / "corpus")

    def no_network(*a, **k):
        raise AssertionError("a rebuild from the raw layer must not fetch")

    monkeypatch.setattr(fetch.Fetcher, "__init__", no_network)
    r = CliRunner().invoke(app, ["backfill", "--since", "2019-01-01", "--until", "2026-01-01", "--window", "year",
                                 "--from-raw", "--config", str(cfg), "--db", str(db)])
    monkeypatch.undo()
    assert r.exit_code == 0, r.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select doc_id, title, published_date, district, text from documents order by 1").fetchall() == snap
    con.close()


@pytest.mark.slow
def test_from_raw_rebuilds_a_source_only_the_raw_layer_knows(prefect_harness, tmp_path, db):
    """Files given to `grassroots ingest` are stored under the source `cli`, which no sources file
    names; their stored bytes are still history a better extractor can run over."""
    cfg = _corpus_by_month(tmp_path)
    r = CliRunner().invoke(app, ["ingest", str(tmp_path / "corpus"), "--db", str(db)])
    assert r.exit_code == 0, r.output
    con = duckdb.connect(str(db))
    cols = "doc_id, title, published_date, district, text, ingested_at"
    snap = con.execute(f"select {cols} from documents order by 1").fetchall()
    stories = con.execute("select cluster_id, first_seen_at, last_seen_at from articles order by 1").fetchall()
    con.execute("update core.documents set title = 'stale', district = null")  # as an older extractor left them
    con.close()
    shutil.rmtree(tmp_path / "corpus")
    args = ["backfill", "--since", "2019-01-01", "--until", "2026-01-01", "--window", "year", "-s", "cli",
            "--config", str(cfg), "--db", str(db)]
    # without --from-raw the source is unknown, and the message says what would rebuild it
    r = CliRunner().invoke(app, args)
    assert r.exit_code != 0 and "unknown source 'cli'" in r.output and "--from-raw" in r.output
    r = CliRunner().invoke(app, [*args, "--from-raw", "--reprocess", "all"])
    assert r.exit_code == 0, r.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute(f"select {cols} from documents order by 1").fetchall() == snap
    # re-extracting is not seeing the stories again
    assert con.execute("select cluster_id, first_seen_at, last_seen_at from articles order by 1").fetchall() == stories
    con.close()


def test_a_backfill_deployment_run_refuses_a_mistyped_year_too(tmp_path):
    # `prefect deployment run backfill/manual -p since=1026-01-01 …` does not pass through the CLI
    from flows.backfill import backfill as backfill_flow

    with pytest.raises(ValueError, match="365,577 day windows, more than --max-windows 1,000"):
        backfill_flow.fn(since=date(1026, 1, 1), until=date(2026, 12, 1), window="day",
                         db=str(tmp_path / "w.duckdb"))
    assert not (tmp_path / "w.duckdb").exists()


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 1, 1)), st.integers(1, 4000),
       st.sampled_from(UNITS))
@settings(max_examples=300, deadline=None)
def test_windows_are_counted_without_being_made(since, days, unit):
    # the bound on a backfill's windows is checked from the calendar, not by splitting the range
    until = since + timedelta(days=days)
    assert count_windows(since, until, unit) == len(split_windows(since, until, unit))
