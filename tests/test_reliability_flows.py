"""Reliability matrix, orchestration rows (docs/RELIABILITY.md): 57, 58, 60, and the
stale-run half of 58 (grassroots.warehouse.recovery).

Flows run on the session's Prefect API (`prefect_harness`); the flow process that gets
killed is a real child process running `grassroots ingest`, pointed at the same API so
it starts in a second instead of booting its own server.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from test_reliability import STORIES, write_corpus
from typer.testing import CliRunner

from grassroots import warehouse
from grassroots.app.cli import app
from grassroots.run import pipeline
from grassroots.warehouse import recovery

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------- stale runs (library)


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_stale_runs_are_found_and_marked(tmp_path):  # row 58 (report stale runs)
    db = tmp_path / "wh" / "g.duckdb"
    host = socket.gethostname()
    dead = _dead_pid()
    with warehouse.open_writer(db) as con:
        warehouse.start_run(con, "r-dead", "ingest cli", {})
        warehouse.start_run(con, "r-alive", "ingest cli", {})
        warehouse.start_run(con, "r-other-host", "ingest cli", {})
        warehouse.start_run(con, "r-reused", "ingest cli", {})
        con.execute("update core.runs set pid = ? where run_id = 'r-dead'", [dead])
        con.execute("update core.runs set host = 'elsewhere', pid = ? where run_id = 'r-other-host'", [dead])
        # this PID exists, but its process started after the run began: the run's own process is gone
        con.execute("update core.runs set started_at = ? where run_id = 'r-reused'", [datetime(2020, 1, 1, tzinfo=UTC)])
        warehouse.set_window(con, "s", datetime(2021, 1, 1), datetime(2021, 2, 1), "running", run_id="r-dead")
        stale = recovery.find_stale_runs(con)
        assert {s.run_id: s.reason for s in stale} == {
            "r-dead": "process gone", "r-reused": f"PID {os.getpid()} now belongs to another process"}
        assert all(s.host == host for s in stale) and any("by PID" in s.describe() for s in stale)
        assert [s.run_id for s in recovery.mark_stale_runs(con)] == [s.run_id for s in stale]
        states = dict(con.execute("select run_id, state from core.runs").fetchall())
        assert states == {"r-dead": "crashed", "r-alive": "running", "r-other-host": "running", "r-reused": "crashed"}
        assert con.execute("select status, error from core.backfill_windows").fetchone()[0] == "failed"
        assert recovery.mark_stale_runs(con) == []  # idempotent


# ---------------------------------------------------------------- row 57: a task failing after its retries


def test_task_failing_after_retries_fails_the_flow_run(prefect_harness, tmp_path, monkeypatch):  # row 57
    from flows import ingest as ingest_mod
    from flows import tasks

    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "wh" / "g.duckdb"
    calls = []

    def poisoned(raw):
        calls.append(raw.locator)
        raise RuntimeError("extractor broke")

    monkeypatch.setattr(pipeline, "process_one", poisoned)
    # the shipped policy (2 retries) without its real 2 s + 10 s waits
    fast = tasks.extract_batch.with_options(retry_delay_seconds=0)
    assert fast.retries == 2
    monkeypatch.setattr(tasks, "extract_batch", fast)
    monkeypatch.setattr(ingest_mod.tasks, "extract_batch", fast)
    r = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db), "--batch-size", "100"])
    assert r.exit_code == 1, r.output
    # the summary names the failed batch (the cause itself is in the Prefect log of the extract task)
    assert "ingest failed" in r.output and "1 batch(es) failed" in r.output and "Traceback" not in r.output
    assert len(calls) == 3  # 1 attempt + 2 retries of the one batch
    (state, counts), = rows(db, "select state, counts from core.runs")
    assert state == "failed" and json.loads(counts)["total"]["failed_batches"] == 1
    assert rows(db, "select count(*) from core.documents") == [(0,)]
    # the Prefect record agrees: the flow run is Failed, not Completed
    from prefect.client.orchestration import get_client

    (flow_run_id,), = rows(db, "select flow_run_id from core.runs")
    with get_client(sync_client=True) as client:
        fr = client.read_flow_run(flow_run_id)
        assert fr.state.type.value == "FAILED"
        trs = client.read_task_runs()
        extract_runs = [t for t in trs if t.flow_run_id == fr.id and t.name.startswith("extract")]
        assert [t.state.type.value for t in extract_runs] == ["FAILED"] and extract_runs[0].run_count == 3


# ---------------------------------------------------------------- row 58: the flow process is killed


FLOW_CHILD = r'''
import os, sys, time
from pathlib import Path
from grassroots.warehouse import clusters as clustering
ready = Path(sys.argv[1])
pause = float(os.environ.get("RELIABILITY_PAUSE", "300"))
real = clustering.assign_clusters
n = 0
def hook(con, ids, *a, **kw):
    global n
    n += 1
    out = real(con, ids, *a, **kw)
    if n == 2:  # batch 2's rows are inserted, its transaction is open
        ready.write_text("in batch 2")
        time.sleep(pause)
    return out
clustering.assign_clusters = hook
from grassroots.app.cli import main
sys.argv = ["grassroots", *sys.argv[2:]]
main()
'''


def _flow_child(tmp_path: Path, corpus: Path, db: Path, pause: float = 300) -> tuple[subprocess.Popen, Path]:
    from prefect.settings import get_current_settings

    env = dict(os.environ, PREFECT_API_URL=str(get_current_settings().api.url), RELIABILITY_PAUSE=str(pause))
    ready = tmp_path / "ready"
    p = subprocess.Popen([sys.executable, "-c", FLOW_CHILD, str(ready), "ingest", str(corpus), "--db", str(db),
                          "--batch-size", "3"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    deadline = time.monotonic() + 120
    while not ready.exists():
        if p.poll() is not None:
            raise AssertionError(f"flow child exited {p.returncode}:\n{p.stderr.read()}")
        assert time.monotonic() < deadline, "flow child never reached batch 2"
        time.sleep(0.1)
    return p, ready


def _writer_slots() -> int:
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    from flows.tasks import WRITER_LIMIT

    with get_client(sync_client=True) as client:
        try:
            return client.read_global_concurrency_limit_by_name(WRITER_LIMIT).active_slots
        except ObjectNotFound:  # never created: no run needed it
            return 0


def _free_writer_slot() -> None:
    """Drop the writer limit (the next run recreates it): a killed test child leaks its slot."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    from flows.tasks import WRITER_LIMIT

    with get_client(sync_client=True) as client, contextlib.suppress(ObjectNotFound):
        client.delete_global_concurrency_limit_by_name(WRITER_LIMIT)


def _kill9(p: subprocess.Popen) -> None:
    os.kill(p.pid, signal.SIGKILL)
    p.wait(30)
    p.stdout.close()
    p.stderr.close()


NEXT_RUN = r'''
import sys
from flows import tasks
tasks.WRITER_SLOT_WAIT = 2.0  # the patch's wait, shortened for the test (no effect without the patch)
from grassroots.app.cli import main
sys.argv = ["grassroots", *sys.argv[1:]]
main()
'''


@pytest.fixture(scope="module")
def killed_then_next_run(prefect_harness, tmp_path_factory) -> dict:
    """One SIGKILL in batch 2, then what the next user sees, recorded for the two tests below
    (one killed child serves both: each costs ~10 s). The next run goes to the same API,
    whose writer slot the killed process still holds, and nothing frees that slot first."""
    from prefect.settings import get_current_settings

    tmp_path = tmp_path_factory.mktemp("killed")
    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "wh" / "g.duckdb"
    seen: dict = {"db": db}
    p, _ = _flow_child(tmp_path, corpus, db)
    _kill9(p)
    seen["pid"] = p.pid
    try:
        t0 = time.monotonic()
        with warehouse.open_writer(db, timeout=5) as con:  # the OS released the file lock with the process
            seen["lock_wait"] = time.monotonic() - t0
            seen["documents"] = con.execute("select count(*) from core.documents").fetchone()[0]
            seen["stale"] = [(s.pid, s.reason) for s in recovery.find_stale_runs(con)]
        seen["writer_slots"] = _writer_slots()
        # without the patch the next run waits for the leaked slot forever (the test harness's
        # API, like the CLI's ephemeral one, never expires it); 40 s is the test's patience
        env = dict(os.environ, PREFECT_API_URL=str(get_current_settings().api.url))
        try:
            seen["next"] = subprocess.run(
                [sys.executable, "-c", NEXT_RUN, "ingest", str(corpus), "--db", str(db), "--batch-size", "3"],
                cwd=REPO, env=env, capture_output=True, text=True, timeout=40)
        except subprocess.TimeoutExpired:
            seen["next"] = None
    finally:
        _free_writer_slot()
    return seen


def test_sigkill_of_the_flow_process_frees_the_warehouse_and_leaves_a_stale_run(killed_then_next_run):  # row 58
    seen = killed_then_next_run
    assert seen["lock_wait"] < 3
    assert seen["documents"] == 3  # batch 1 only
    assert seen["stale"] == [(seen["pid"], "process gone")]
    # a DuckDB file's writers are serialised by its lock file alone: the Prefect writer slot
    # (taken only for a lake on PostgreSQL) was not taken, so the killed process leaked none
    assert seen["writer_slots"] == 0


def test_next_run_is_not_blocked_by_a_slot_leaked_by_sigkill(killed_then_next_run):  # row 58
    seen, db = killed_then_next_run, killed_then_next_run["db"]
    q = seen["next"]
    assert q is not None, "the next run was blocked by the slot the killed run held"
    assert q.returncode == 0, q.stderr
    # the next run loads the unfinished batches exactly once
    assert "new 5" in q.stderr and "unchanged 3" in q.stderr, q.stderr
    assert rows(db, "select count(*), count(distinct locator) from core.documents") == [(len(STORIES),) * 2]
    # the flow itself reported the stale run and recorded it crashed
    assert sorted(s for (s,) in rows(db, "select state from core.runs")) == ["completed", "crashed"]


def test_sigterm_of_the_flow_process_records_an_interrupted_run_and_keeps_batches_whole(prefect_harness, tmp_path):  # row 58
    """SIGTERM while batch 2's load is in its transaction (the load takes 1 s more). No new
    batch starts; the load in its transaction commits whole (the run waits for the writer lock),
    the run is recorded `interrupted` with the batches committed, the flow run is Crashed, and
    the CLI says so in one line and exits 143 without waiting for the extraction threads."""
    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "wh" / "g.duckdb"
    p, _ = _flow_child(tmp_path, corpus, db, pause=1.0)
    t0 = time.monotonic()
    os.kill(p.pid, signal.SIGTERM)
    try:
        _, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
        pytest.fail("the flow process did not exit within 60 s of SIGTERM")
    finally:
        _free_writer_slot()
    took = time.monotonic() - t0
    assert p.returncode == 143 and took < 5, (p.returncode, took, err)
    line, = err.strip().splitlines()
    assert line.startswith("error: interrupted: run ") and "with 2 batch(es) committed (6 new" in line, err
    (docs, captures), = rows(db, "select (select count(*) from core.documents), (select count(*) from core.raw_captures)")
    assert docs == 6 and captures == docs  # whole batches only; batch 3 never started
    (flow_run_id, state, counts), = rows(db, "select flow_run_id, state, counts from core.runs")
    assert state == "interrupted" and json.loads(counts)["total"]["batches"] == 2
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        assert client.read_flow_run(flow_run_id).state.type.value == "CRASHED"
    with warehouse.open_writer(db, timeout=5) as con:
        assert recovery.find_stale_runs(con) == []


# ---------------------------------------------------------------- row 60: Prefect's cache


def test_side_effecting_tasks_are_never_served_from_cache(prefect_harness, tmp_path):  # row 60
    from prefect import flow
    from prefect.cache_policies import NO_CACHE

    from flows import tasks
    from grassroots.config import Settings, Source
    from grassroots.sources.files import discover_files

    for t in (tasks.discover, tasks.read_raw, tasks.extract_batch, tasks.load_batch):
        assert t.cache_policy is NO_CACHE, t.name
    page = tmp_path / "in" / "page.md"
    page.parent.mkdir()
    page.write_text(f"---\ntitle: 第一版\n---\n\n{STORIES[0][3]}\n\n{STORIES[3][3]}\n", encoding="utf-8")
    refs, _ = discover_files("c", [str(page.parent)])
    settings = Settings(db=tmp_path / "wh" / "g.duckdb")
    src = Source(name="c", kind="files")

    @flow(persist_result=False)
    def twice() -> tuple:
        a = tasks.extract_batch(src, 1, refs, settings)
        page.write_text(f"---\ntitle: 第二版\n---\n\n{STORIES[1][3]}\n\n{STORIES[2][3]}\n", encoding="utf-8")
        b = tasks.extract_batch(src, 1, refs, settings)  # same inputs, same flow run
        return a, b

    a, b = twice()
    assert a.documents[0].extracted.title == "第一版"
    assert b.documents[0].extracted.title == "第二版" and b.raws[0].data != a.raws[0].data
