"""Connections: a writer per batch (opened, used, closed, so readers get in between batches);
readers read-only with external access off and the configuration locked."""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from grassroots.warehouse import lake as lakehouse
from grassroots.warehouse.errors import WarehouseBusy, WarehouseError
from grassroots.warehouse.lock import read_lock_holder, writer_lock
from grassroots.warehouse.schema import SEEDS_DIR, SQL_DIR, apply_views, load_seeds, migrate

# DuckDB's default memory limit is 80 % of the machine: a writer session then kept up to that
# much of the warehouse's blocks cached, so the loading process grew with the warehouse
# (issue 20). A load needs far less: its working set at 4,000 and 100,000 documents was under
# 200 MB (duckdb_memory(), docs/benchmarks/performance.md); larger operations spill to disk.
WRITER_MEMORY_LIMIT = "256MB"
# What cannot be spilled grows with the warehouse (its key indexes: 51 MB at 100,000 documents),
# so a load can need more than the limit above. Such a load is rolled back and run once more
# with this limit (run.pipeline.load), and the user is told, rather than lost.
RETRY_MEMORY_LIMIT = "1GB"
_MEMORY_LIMIT: contextvars.ContextVar[str | None] = contextvars.ContextVar("grassroots_memory_limit", default=None)


# A load's statements are small (index lookups, a batch's rows): with a thread per core DuckDB
# spent ~25 % more CPU on them for the same wall time, CPU the extraction workers beside the
# writer need (1,000 pages loaded: 3.15 -> 2.45 s CPU, 2.69 -> 2.51 s wall; into a 10,000-page
# warehouse 9.4 -> 7.6 s CPU, +3 % wall; docs/benchmarks/performance.md).
WRITER_THREADS = "1"
# FSST is tried on every string column each time a load's session checkpoints, and kept only for
# short ones (locators): the trial cost 12-25 % of the loads' CPU at 3,000 pages, which the
# workers beside the writer need, for 1 % of the file (docs/benchmarks/performance.md).
# Dictionary compression, which the repeated short strings use, stays.
WRITER_DISABLED_COMPRESSION = "fsst"


def writer_config() -> dict[str, str]:
    """DuckDB settings of a writer session. GRASSROOTS_DUCKDB_MEMORY_LIMIT (e.g. `1GB`) and
    GRASSROOTS_DUCKDB_THREADS override the defaults (for a recluster of a very large warehouse)."""
    return {"memory_limit": _MEMORY_LIMIT.get() or chosen_memory_limit() or WRITER_MEMORY_LIMIT,
            "threads": os.environ.get("GRASSROOTS_DUCKDB_THREADS") or WRITER_THREADS,
            "disabled_compression_methods": WRITER_DISABLED_COMPRESSION}


def chosen_memory_limit() -> str | None:
    """The user's own writer memory limit, if set."""
    return os.environ.get("GRASSROOTS_DUCKDB_MEMORY_LIMIT") or None


@contextlib.contextmanager
def memory_limit(limit: str) -> Iterator[None]:
    """Writer sessions opened inside use `limit` (the retry of a load out of memory)."""
    token = _MEMORY_LIMIT.set(limit)
    try:
        yield
    finally:
        _MEMORY_LIMIT.reset(token)


def _connect_rw(db: Path, *, wait: float = 600.0, poll: float = 0.1) -> duckdb.DuckDBPyConnection:
    """Open for writing (under the writer lock). A reader in another process (`grassroots sql`,
    a report) holds DuckDB's file lock while it reads; readers are short, so wait for it."""
    from grassroots.warehouse import recovery  # local: recovery reads the warehouse package

    db.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            # checks a leftover WAL (refuses a torn one), keeps a copy, then replays it
            return recovery.connect_writer(db, writer_config())
        except duckdb.IOException as e:
            msg = str(e)
            if "lock" not in msg.lower():
                raise WarehouseError(f"cannot open warehouse {db}: {msg.splitlines()[0]}") from None
            if time.monotonic() >= deadline:
                raise WarehouseBusy(f"the warehouse {db} stayed open in another process for {wait:.0f} s: "
                                    f"{msg.splitlines()[0]}") from None
            time.sleep(poll)
            poll = min(poll * 2, 1.0)
        except duckdb.Error as e:
            raise WarehouseError(f"cannot open warehouse {db}: {str(e).splitlines()[0]}") from None


@contextlib.contextmanager
def open_writer(
    db: Path | str,
    *,
    sql_dir: Path = SQL_DIR,
    seeds_dir: Path = SEEDS_DIR,
    timeout: float = 600.0,
    command: str = "write",
    sources: list[dict[str, Any]] | None = None,
    lake: lakehouse.LakeTarget | None = None,
    lookup: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Lock, open, migrate, refresh seeds and views; close and unlock on exit.

    `lookup`: the session only reads (which files are unchanged, which captures are stored)
    before the run's writes, so a schema with every migration applied is enough: seeds and views
    are left to the writes that follow, and no checkpoint is taken. A one-file CLI run paid
    ~0.25 s for the full check in a process that had not prepared the file yet (issue 20).

    With `lake`, the warehouse is that DuckLake (`db` is ignored): a file catalog keeps the
    file lock (next to the catalog); a PostgreSQL catalog takes no lock, concurrent loads
    are serialised at commit time (`lakehouse.claim_write`, `lakehouse.retry_conflicts`).
    """
    if lake is not None:
        lock = contextlib.nullcontext() if lake.lock_file is None else \
            writer_lock(lake.lock_file, timeout=timeout, command=command)
        with lock, _lake_session(lake) as con:
            # another writer of a shared lake may change the schema meanwhile: run again
            lakehouse.retry_conflicts(lambda: migrate(con, sql_dir / "migrations"))
            lakehouse.retry_conflicts(lambda: load_seeds(con, seeds_dir, sources=sources))
            lakehouse.retry_conflicts(lambda: apply_views(con, sql_dir / "views"))
            yield con
        return
    db = Path(db)
    _check_writable(db)
    with writer_lock(db, timeout=timeout, command=command):
        con = _connect_rw(db, wait=timeout)
        try:
            inputs = _schema_inputs(sql_dir, seeds_dir, sources)
            if lookup and _migrated(con, inputs):
                yield con
                return
            if not _prepared(con, db, inputs):
                migrate(con, sql_dir / "migrations")
                load_seeds(con, seeds_dir, sources=sources)
                apply_views(con, sql_dir / "views")
                _PREPARED[str(db.resolve())] = inputs
            yield con
            con.execute("checkpoint")
        finally:
            con.close()


# Warehouse files this process has brought up to date (migrations, seeds, views), with what
# from: a later writer open of the same run (each batch's lookups and load) then only locks and
# connects. A shared lake is always checked: other machines may migrate it meanwhile.
_PREPARED: dict[str, tuple] = {}


def _schema_inputs(sql_dir: Path, seeds_dir: Path, sources: list[dict] | None) -> tuple:
    files = sorted([*(sql_dir / "migrations").glob("*.sql"), *(sql_dir / "views").glob("*.sql"),
                    *Path(seeds_dir).glob("*.csv")])
    stats = tuple((str(f), s.st_mtime_ns, s.st_size) for f in files for s in [f.stat()])
    return stats, None if sources is None else json.dumps(sources, sort_keys=True, default=str)


def _prepared(con: duckdb.DuckDBPyConnection, db: Path, inputs: tuple) -> bool:
    done = _PREPARED.get(str(db.resolve()))
    if done is None or done[0] != inputs[0] or (inputs[1] is not None and done[1] != inputs[1]):
        return False
    return _migrated(con, inputs)  # the same file still (not removed and made again by someone else)


def _migrated(con: duckdb.DuckDBPyConnection, inputs: tuple) -> bool:
    """Does the file hold every migration of this release (a new or older file does not)?"""
    migrations = sum(1 for f, _, _ in inputs[0] if "/migrations/" in f)
    try:
        return con.execute("select count(*) from core.schema_migrations").fetchone()[0] == migrations
    except duckdb.Error:
        return False


@contextlib.contextmanager
def _lake_session(lake: lakehouse.LakeTarget) -> Iterator[duckdb.DuckDBPyConnection]:
    with contextlib.ExitStack() as stack:
        try:
            con = stack.enter_context(lakehouse.session(lake))
        except lakehouse.LakehouseError as e:
            raise (WarehouseBusy if "another process" in str(e) else WarehouseError)(str(e)) from None
        yield con


def _check_writable(db: Path) -> None:
    parent = db.parent if str(db.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WarehouseError(f"cannot create the warehouse folder {parent}: {e.strerror}") from None
    if db.exists() and not os.access(db, os.W_OK):
        raise WarehouseError(f"the warehouse {db} is not writable")
    if not os.access(parent, os.W_OK):
        raise WarehouseError(f"the warehouse folder {parent} is not writable")


def open_reader(db: Path | str, *, wait: float = 10.0, poll: float = 0.25,
                lake: lakehouse.LakeTarget | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection hardened for untrusted SQL text.

    External access (files, URLs, ATTACH of new files) is off and the configuration
    is locked, so a query cannot write, read local files or turn the protections off.
    While a writer holds the file, retry for up to `wait` seconds.
    With `lake`, a read-only session on that DuckLake (PostgreSQL catalogs never wait).
    """
    if lake is not None:
        return _open_lake_reader(lake, wait=wait, poll=poll)
    db = Path(db)
    if not db.exists():
        raise WarehouseError(f"no warehouse at {db} (run `grassroots run` or `grassroots ingest` first)")
    deadline = time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(
                str(db),
                read_only=True,
                config={"enable_external_access": False, "autoload_known_extensions": False,
                        "autoinstall_known_extensions": False},
            )
            con.execute("set lock_configuration = true")
            return con
        except duckdb.IOException as e:
            if "lock" not in str(e).lower():
                raise WarehouseError(f"cannot open warehouse {db}: {str(e).splitlines()[0]}") from None
            if time.monotonic() >= deadline:
                holder = read_lock_holder(db)
                who = holder.describe() if holder else "another process"
                raise WarehouseBusy(
                    f"a write is in progress on {db} by {who}; waited {wait:.0f} s, try again shortly"
                ) from None
            time.sleep(poll)


def _open_lake_reader(lake: lakehouse.LakeTarget, *, wait: float, poll: float) -> duckdb.DuckDBPyConnection:
    """Read-only on the lake, hardened like the file reader (only the lake's Parquet folder is
    readable); a file catalog being written by another process is waited for."""
    deadline = time.monotonic() + wait
    while True:
        try:
            con = lakehouse.connect_ducklake(lake.catalog, lake.data_path, read_only=True)
        except lakehouse.LakehouseError as e:
            busy = "another process" in str(e)
            if busy and time.monotonic() < deadline:
                time.sleep(poll)
                continue
            raise (WarehouseBusy if busy else WarehouseError)(str(e)) from None
        lakehouse.harden_reader(con, lake)
        return con
