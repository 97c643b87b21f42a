"""The CLI as a user runs it: a fresh process on Prefect's ephemeral API, no server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import isolated

pytestmark = pytest.mark.slow

NOISE = ("Traceback", "database is locked", "Error", "WARNING", "telemetry", "To opt out", "Starting temporary server")


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "GRASSROOTS_"))}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # a fresh Prefect database, as on a new machine
    env.pop("DO_NOT_TRACK", None)  # the CLI must set its own quiet defaults
    return isolated(env)


def _grassroots(*args: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("grassroots", path=str(Path(sys.executable).parent))
    assert exe, "the grassroots console script is installed"
    return subprocess.run([exe, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_clean_ephemeral_run_then_csv(tmp_path, shared_seeds):
    env = _env(tmp_path)
    p = _grassroots("ingest", str(shared_seeds), "--db", "wh/g.duckdb", env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "cli: discovered 5, read 5, unchanged 0, not modified 0, new 5, duplicate 0, rejected 0" in p.stderr
    for word in NOISE:
        assert word not in p.stderr + p.stdout, f"{word!r} in output:\n{p.stderr}"
    # ...while the flow's and tasks' INFO logs reached the API (the UI's Logs tab), in its database
    import sqlite3

    con = sqlite3.connect(tmp_path / "prefect-home" / "prefect.db")
    try:
        logs = [m for (m,) in con.execute("select message from log where level = 20 and flow_run_id is not null")]
    finally:
        con.close()
    assert any(m.startswith("Beginning flow run") for m in logs), logs
    assert any("batch committed: read 5, new 5" in m for m in logs), logs
    q = _grassroots("sql", "select district, count(*) as n from articles group by 1 order by 1",
                    "--db", "wh/g.duckdb", "--format", "csv", env=env, cwd=tmp_path)
    assert q.returncode == 0, q.stderr
    assert q.stdout.splitlines() == ["district,n", "长宁区,2", "闵行区,1", "黄浦区,2"]
    assert q.stderr == ""


def test_console_script_delivers_all_output_and_its_exit_status(tmp_path, shared_seeds):
    # the console script ends without tearing down the interpreter (app/entry.py): what it wrote
    # to a pipe must all arrive, and each way of ending keeps its exit status
    env = _env(tmp_path)
    assert _grassroots("ingest", str(next(shared_seeds.glob("001_*.txt"))), "--db", "g.duckdb", env=env,
                       cwd=tmp_path).returncode == 0
    q = _grassroots("sql", "select range as n from range(30000)", "--db", "g.duckdb", "--format", "csv",
                    env=env, cwd=tmp_path)
    assert q.returncode == 0, q.stderr
    lines = q.stdout.splitlines()
    assert len(lines) == 30001 and lines[-1] == "29999"
    bad = _grassroots("sql", "select nosuch from articles", "--db", "g.duckdb", env=env, cwd=tmp_path)
    assert bad.returncode == 2 and "nosuch" in bad.stderr
    missing = _grassroots("ingest", str(tmp_path / "nowhere"), "--db", "g.duckdb", env=env, cwd=tmp_path)
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    assert _grassroots("--version", env=env, cwd=tmp_path).returncode == 0
