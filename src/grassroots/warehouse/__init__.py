"""The DuckDB warehouse: the only home of SQL on the write side.

errors (user-facing messages) · lock (one writer across processes) · connect (writer per batch,
hardened readers) · schema (migrations, seeds, views) · load (one transaction per batch) ·
runs (run records) · windows (backfill window rows and locks) · lake (DuckLake targets) ·
raw (the raw layer's codec) · recovery (crashed-write recovery).
"""

from grassroots.warehouse.connect import _check_writable, open_reader, open_writer
from grassroots.warehouse.errors import MigrationError, WarehouseBusy, WarehouseError
from grassroots.warehouse.load import (
    LoadResult,
    http_validators,
    known_captures,
    load_batch,
    reject_id,
    unchanged_files,
)
from grassroots.warehouse.lock import LockHolder, read_lock_holder, writer_lock
from grassroots.warehouse.runs import (
    finish_run,
    last_completed_window_end,
    run_counts,
    run_seconds,
    run_state,
    set_run_window,
    start_run,
    table_counts,
)
from grassroots.warehouse.schema import (
    SEED_TABLES,
    SEEDS_DIR,
    SQL_DIR,
    apply_views,
    load_seeds,
    migrate,
    migration_files,
    public_views,
    view_files,
)
from grassroots.warehouse.windows import set_window, window_lock, window_status

__all__ = [
    "SEED_TABLES", "SEEDS_DIR", "SQL_DIR", "LoadResult", "LockHolder", "MigrationError", "WarehouseBusy",
    "WarehouseError", "_check_writable", "apply_views", "finish_run", "http_validators", "known_captures",
    "load_batch", "load_seeds", "migrate", "migration_files", "open_reader", "open_writer", "public_views",
    "last_completed_window_end", "read_lock_holder", "reject_id", "run_counts", "run_seconds", "run_state", "set_run_window", "set_window", "start_run", "table_counts", "unchanged_files",
    "view_files", "window_lock", "window_status", "writer_lock",
]
