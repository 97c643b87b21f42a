"""The DuckDB warehouse: the only home of SQL on the write side.

errors (user-facing messages) · lock (one writer across processes) · connect (writer per batch,
hardened readers) · schema (migrations, seeds, views) · load (one transaction per batch) ·
runs (run records) · windows (backfill window rows and locks) · lake (DuckLake targets) ·
raw (the raw layer's codec) · recovery (crashed-write recovery) · lookups (what a run asks
before it writes).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Names load their module on first use (PEP 562): the CLI asks a few lookups before deciding
# whether a run has work, and importing the loader (pyarrow, numpy) for them cost ~0.4 s.
_EXPORTS = {
    "_check_writable": "connect",
    "open_reader": "connect",
    "open_writer": "connect",
    "MigrationError": "errors",
    "WarehouseBusy": "errors",
    "WarehouseError": "errors",
    "LoadResult": "load",
    "load_batch": "load",
    "reject_id": "load",
    "http_validators": "lookups",
    "known_captures": "lookups",
    "unchanged_files": "lookups",
    "LockHolder": "lock",
    "read_lock_holder": "lock",
    "writer_lock": "lock",
    "finish_run": "runs",
    "last_completed_window_end": "runs",
    "run_counts": "runs",
    "run_seconds": "runs",
    "run_state": "runs",
    "set_run_window": "runs",
    "start_run": "runs",
    "table_counts": "runs",
    "SEED_TABLES": "schema",
    "SEEDS_DIR": "schema",
    "SQL_DIR": "schema",
    "apply_views": "schema",
    "load_seeds": "schema",
    "migrate": "schema",
    "migration_files": "schema",
    "public_views": "schema",
    "view_files": "schema",
    "set_window": "windows",
    "window_lock": "windows",
    "window_status": "windows",
}

__all__ = [
    "LoadResult", "LockHolder", "MigrationError", "SEEDS_DIR", "SEED_TABLES", "SQL_DIR", "WarehouseBusy",
    "WarehouseError", "_check_writable", "apply_views", "finish_run", "http_validators", "known_captures",
    "last_completed_window_end", "load_batch", "load_seeds", "migrate", "migration_files", "open_reader",
    "open_writer", "public_views", "read_lock_holder", "reject_id", "run_counts", "run_seconds",
    "run_state", "set_run_window", "set_window", "start_run", "table_counts", "unchanged_files",
    "view_files", "window_lock", "window_status", "writer_lock",
]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from grassroots.warehouse.connect import _check_writable, open_reader, open_writer
    from grassroots.warehouse.errors import MigrationError, WarehouseBusy, WarehouseError
    from grassroots.warehouse.load import LoadResult, load_batch, reject_id
    from grassroots.warehouse.lock import LockHolder, read_lock_holder, writer_lock
    from grassroots.warehouse.lookups import http_validators, known_captures, unchanged_files
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
