"""The DuckDB warehouse: the only home of SQL on the write side.

errors (user-facing messages) · lock (one writer across processes) · connect (writer per batch,
hardened readers) · schema (migrations, seeds, views) · load (one transaction per batch) ·
runs (run records) · windows (backfill window rows and locks) · lake (DuckLake targets) ·
raw (the raw layer's codec) · recovery (crashed-write recovery) · lookups (what a run asks
before it writes) · compact (the file rewritten with full row groups).
"""

from __future__ import annotations

import importlib

# Names load their module on first use (PEP 562): the CLI asks a few lookups before deciding
# whether a run has work, and importing the loader (pyarrow, numpy) for them cost ~0.4 s.
_MODULES = {
    "connect": ("RETRY_MEMORY_LIMIT", "WRITER_MEMORY_LIMIT", "_check_writable", "chosen_memory_limit",
                "memory_limit", "open_reader", "open_writer"),
    "errors": ("MigrationError", "WarehouseBusy", "WarehouseError"),
    "load": ("LoadResult", "load_batch", "reject_id"),
    "lookups": ("http_validators", "known_captures", "pages_to_retry", "unchanged_files"),
    "lock": ("LockHolder", "read_lock_holder", "writer_lock"),
    "runs": ("finish_run", "last_completed_window_end", "run_counts", "run_seconds", "run_state", "set_run_window",
             "start_run", "table_counts"),
    "schema": ("SEED_TABLES", "SEEDS_DIR", "SQL_DIR", "apply_views", "load_seeds", "migrate", "migration_files",
               "public_views", "view_files"),
    "windows": ("set_window", "window_lock", "window_status"),
}
_EXPORTS = {name: module for module, names in _MODULES.items() for name in names}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
