"""`grassroots status`: runs, sources, newest documents, failures, stale runs."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_report import sample_db

from grassroots import warehouse


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Path:
    return sample_db(tmp_path_factory)


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid  # reaped: no process has this pid now (reuse within the test is vanishingly unlikely)


def _add_runs(db: Path) -> None:
    """A stale run (this host, dead pid), a live one (this process), one on another host, and a failed run."""
    with warehouse.open_writer(db, command="test") as con:
        for run_id, pid, host in [("stale0000" + "0" * 23, _dead_pid(), socket.gethostname()),
                                  ("alive0000" + "0" * 23, os.getpid(), socket.gethostname()),
                                  ("remote000" + "0" * 23, 1, "some-other-host")]:
            warehouse.start_run(con, run_id, "ingest all", {})
            con.execute("update core.runs set pid = ?, host = ? where run_id = ?", [pid, host, run_id])
        warehouse.start_run(con, "failed00" + "0" * 24, "ingest web", {})
        warehouse.finish_run(con, "failed00" + "0" * 24, "failed", {
            "run_id": "failed00", "total": {"failed_batches": 1},
            "sources": {"web": {"failed_batches": 1, "errors": ["batch 3: ConnectError: refused"]}}})
        con.execute("update core.runs set started_at = ? where run_id like 'failed%'",
                    [datetime(2020, 1, 1, tzinfo=UTC)])


def test_status_of_the_sample(sample: Path) -> None:
    from grassroots.app.status import read_status

    st = read_status(sample)
    assert st.healthy and not st.stale and not st.failures and not st.missing
    assert [r["state"] for r in st.runs] == ["completed"] and st.runs[0]["new"] == 15
    src = {s["source"]: s for s in st.sources}
    assert set(src) == {"sample", "extra"}
    assert src["sample"]["documents"] == 16 and src["sample"]["articles_first_seen"] == 15
    assert str(src["sample"]["newest_published"]) == "2024-01-09" and "松江" in src["sample"]["newest_title"]
    assert src["extra"]["rejects"] == 2 and {r["source"] for r in st.recent_rejects} == {"extra"}


def test_stale_runs_and_failures(sample: Path, tmp_path: Path) -> None:
    from grassroots.app.status import read_status

    db = tmp_path / "w.duckdb"
    shutil.copy(sample, db)
    _add_runs(db)
    st = read_status(db)
    assert [r["run_id"][:5] for r in st.stale] == ["stale"]
    live = {r["run_id"][:6]: r["liveness"] for r in st.runs}
    assert live["alive0"] == "alive" and live["remote"] == "other host" and live["stale0"] == "stale"
    assert st.failures[0]["what"].startswith("run failed00 (ingest web) failed")
    assert "ConnectError: refused" in st.failures[0]["error"]
    assert not st.healthy  # a stale run needs attention
    doc = json.loads(st.to_json())
    assert doc["healthy"] is False and doc["stale"][0]["run_id"].startswith("stale")


def test_status_command(sample: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from grassroots.app.cli import app

    r = CliRunner().invoke(app, ["status", "--db", str(sample)])
    assert r.exit_code == 0, r.output
    assert "sample" in r.output and "healthy" in r.output and "newest of sample: 松江区" in r.output
    db = tmp_path / "w.duckdb"
    shutil.copy(sample, db)
    _add_runs(db)
    r = CliRunner().invoke(app, ["status", "--db", str(db)])
    assert r.exit_code == 1 and "1 stale run(s)" in r.output and "needs attention" in r.output
    r = CliRunner().invoke(app, ["status", "--db", str(db), "--json"])
    assert r.exit_code == 1 and json.loads(r.stdout)["stale"]
    r = CliRunner().invoke(app, ["status", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 2 and "no warehouse" in r.output


def test_run_liveness_rules() -> None:
    from grassroots.app.status import pid_alive, run_liveness

    assert run_liveness("completed", 1, "x") == ""
    assert run_liveness("running", os.getpid(), "h", this_host="h") == "alive"
    assert run_liveness("running", _dead_pid(), "h", this_host="h") == "stale"
    assert run_liveness("running", os.getpid(), "elsewhere", this_host="h") == "other host"
    assert pid_alive(None) is None and pid_alive(0) is None


def test_an_interrupted_run_is_not_a_failure_of_its_sources(sample: Path, tmp_path: Path) -> None:
    """Ctrl-C is the user's choice: the sources it stopped are not failing."""
    from grassroots.app.status import read_status

    db = tmp_path / "w.duckdb"
    shutil.copy(sample, db)
    with warehouse.open_writer(db, command="test") as con:
        warehouse.start_run(con, "stopped0" + "0" * 24, "ingest run", {})
        warehouse.finish_run(con, "stopped0" + "0" * 24, "interrupted", {
            "run_id": "stopped0", "total": {"failed_batches": 0},
            "sources": {"sample": {"failed_batches": 0, "errors": []}}})
        con.execute("update core.runs set pid = ? where run_id like 'stopped%'", [os.getpid()])
    st = read_status(db)
    src = {s["source"]: s for s in st.sources}
    assert src["sample"]["consecutive_failures"] == 0
    assert st.healthy


def test_the_cli_and_status_show_the_same_run_seconds(tmp_path: Path) -> None:
    """A wall time that rounds one way at three decimals and another at one (0.6499... s) is
    printed by `run` and by `status` the same way: both read the one definition in the view."""
    from datetime import timedelta

    from grassroots.app.status import read_status

    db = tmp_path / "w.duckdb"
    run_id = "edge0000" + "0" * 24
    with warehouse.open_writer(db, command="test") as con:
        warehouse.start_run(con, run_id, "ingest cli", {})
        warehouse.finish_run(con, run_id, "completed", {"run_id": run_id, "total": {}, "sources": {}})
        start = datetime(2026, 1, 1, tzinfo=UTC)
        con.execute("update core.runs set started_at = ?, finished_at = ? where run_id = ?",
                    [start, start + timedelta(microseconds=649_951), run_id])
    con = warehouse.open_reader(db)
    said = warehouse.run_seconds(con, run_id)
    con.close()
    shown = read_status(db).runs[0]["seconds"]
    assert f"{said:.1f}" == f"{shown:.1f}" == "0.7"


def test_rejects_read_fine_since_are_said_so(sample: Path, tmp_path: Path) -> None:
    # a host that was down for an hour left its refusals in `status` for two days, as if they stood
    import io

    from rich.console import Console

    from grassroots.app.status import print_status, read_status

    db = tmp_path / "w.duckdb"
    shutil.copy(sample, db)
    now = datetime.now(UTC)
    with warehouse.open_writer(db, command="test") as con:
        for n, url in enumerate(("https://portal.example/a.html", "https://portal.example/b.html")):
            con.execute("insert into core.rejects (reject_id, source, locator, stage, reason, detail, \"at\", last_at) "
                        "values (?, 'web', ?, 'fetch', 'host_unreachable', 'no answer', ?, ?)", [f"r{n}", url, now, now])
        con.execute("insert into core.fetch_log (attempt_id, source, url, status, bytes, duration_ms, outcome, \"at\") "
                    "values ('f1', 'web', 'https://portal.example/a.html', 200, 10, 5, 'ok', ?)", [now + timedelta(minutes=1)])
    st = read_status(db)
    (web,) = [r for r in st.recent_rejects if r["source"] == "web"]
    assert (web["inputs"], web["resolved"]) == (2, 1)
    out = io.StringIO()
    print_status(st, Console(file=out, width=200))
    assert "web: host_unreachable x2" in out.getvalue() and "1 read fine since" in out.getvalue()


def test_the_newest_of_a_source_is_the_one_read_last_among_a_days_stories(sample: Path, tmp_path: Path) -> None:
    """A feed publishes several stories a day: the one read last is the newest, not any of the day's."""
    from grassroots.app.status import read_status

    db = tmp_path / "w.duckdb"
    shutil.copy(sample, db)
    src = {s["source"]: s for s in read_status(db).sources}
    newest = src["sample"]["newest_title"]
    # two stories read long before it, dated the same day (the table holds their rows after it)
    with warehouse.open_writer(db, command="test") as con:
        day, = con.execute("select max(published_date) from core.documents where source = 'sample'").fetchone()
        con.execute("update core.documents set published_date = ?, ingested_at = ? where doc_id in ("
                    "select doc_id from core.documents where source = 'sample' and published_date < ? limit 2)",
                    [day, datetime(2020, 1, 1, tzinfo=UTC), day])
    src = {s["source"]: s for s in read_status(db).sources}
    assert src["sample"]["newest_title"] == newest
