"""Run records (core.runs)."""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime

import duckdb

from grassroots.models import utcnow


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, command: str, parameters: dict,
              flow_run_id: str | None = None, window: tuple[datetime | None, datetime | None] = (None, None),
              started_at: datetime | None = None) -> None:
    """`started_at`: when the command started, if before now (a CLI run starts its clock before Prefect)."""
    con.execute("delete from core.runs where run_id = ?", [run_id])  # no INSERT OR REPLACE on DuckLake
    con.execute(
        "insert into core.runs (run_id, flow_run_id, command, parameters, window_start, window_end,"
        " counts, state, started_at, finished_at, pid, host) values (?, ?, ?, ?, ?, ?, null, 'running', ?, null, ?, ?)",
        [run_id, flow_run_id, command, json.dumps(parameters, ensure_ascii=False, default=str), window[0], window[1],
         started_at or utcnow(), os.getpid(), socket.gethostname()],
    )


def run_seconds(con: duckdb.DuckDBPyConnection, run_id: str) -> float | None:
    """The run's wall time as the `runs` view defines it, so `run` prints what `status` shows."""
    row = con.execute("select seconds from runs where run_id = ?", [run_id]).fetchone()
    return None if row is None or row[0] is None else float(row[0])


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, state: str, counts: dict) -> None:
    con.execute(
        "update core.runs set state = ?, counts = ?, finished_at = ? where run_id = ?",
        [state, json.dumps(counts, ensure_ascii=False, default=str), utcnow(), run_id],
    )


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [r[0] for r in con.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema = 'core' and table_type = 'BASE TABLE' "
        "order by 1").fetchall()]
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def run_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> dict | None:
    """The counts a run recorded, or None while it has none."""
    row = con.execute("select counts from core.runs where run_id = ?", [run_id]).fetchone()
    return json.loads(row[0]) if row and row[0] else None


def run_state(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[str, dict] | None:
    """The run's state and counts as recorded, or None when it was never recorded."""
    row = con.execute("select state, counts from core.runs where run_id = ?", [run_id]).fetchone()
    return None if row is None else (row[0], json.loads(row[1]) if row[1] else {})


def last_completed_window_end(con: duckdb.DuckDBPyConnection, command: str) -> datetime | None:
    """Where the newest completed run of `command` (a scheduled source) stopped reading."""
    row = con.execute("select max(window_end) from core.runs where state = 'completed' and command = ?",
                      [command]).fetchone()
    return row[0] if row else None


def set_run_window(con: duckdb.DuckDBPyConnection, run_id: str, start: datetime, end: datetime,
                   parameters: dict) -> None:
    con.execute("update core.runs set window_start = ?, window_end = ?, parameters = ? where run_id = ?",
                [start, end, json.dumps(parameters, ensure_ascii=False, default=str), run_id])
