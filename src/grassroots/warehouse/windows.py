"""Backfill windows: their status rows (core.backfill_windows) and a per-window lock."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

from grassroots.models import utcnow


def window_status(con: duckdb.DuckDBPyConnection, source: str) -> dict[tuple, str]:
    """{(window_start, window_end): status} of one source."""
    return {(s, e): st for s, e, st in con.execute(
        "select window_start, window_end, status from core.backfill_windows where source = ?", [source]).fetchall()}


def set_window(con: duckdb.DuckDBPyConnection, source: str, start, end, status: str, *, run_id: str | None = None,
               documents: int | None = None, error: str | None = None) -> None:
    if status not in ("pending", "running", "completed", "failed"):
        raise ValueError(f"bad window status {status!r}")
    now = utcnow()
    con.execute(
        """
        merge into core.backfill_windows t
        using (select ?::varchar as source, ?::date as window_start, ?::date as window_end, ?::varchar as status,
                      ?::varchar as run_id, ?::integer as documents, ?::varchar as error,
                      ?::timestamptz as updated_at, ?::timestamptz as finished_at) s
        on t.source = s.source and t.window_start = s.window_start and t.window_end = s.window_end
        when matched then update set
            status = s.status, run_id = coalesce(s.run_id, t.run_id), documents = s.documents, error = s.error,
            updated_at = s.updated_at, finished_at = s.finished_at
        when not matched then insert (source, window_start, window_end, status, run_id, documents, error,
                                      updated_at, finished_at)
            values (s.source, s.window_start, s.window_end, s.status, s.run_id, s.documents, s.error,
                    s.updated_at, s.finished_at)
        """,
        [source, start, end, status, run_id, documents, error, now,
         now if status in ("completed", "failed") else None],
    )


@contextlib.contextmanager
def window_lock(db: Path, source: str, start, end) -> Iterator[bool]:
    """Non-blocking lock of one (source, window): yields False when another run holds it."""
    d = Path(db).with_name(Path(db).name + ".windows")
    d.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{source}\n{start}\n{end}".encode()).hexdigest()[:24]
    fd = os.open(d / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
