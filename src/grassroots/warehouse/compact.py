"""Rewrite a warehouse file with full row groups (`grassroots compact`).

DuckDB 1.4 starts a new row group for every transaction that appends to a checkpointed table and
merges small row groups only in tables without an index. The tables that keep a key (documents,
the raw layer, clusters, signatures) therefore hold one row group per load, and a load's scans
read many small scattered segments: at 10,000 pages a 100-page load peaked ~90 MB higher and took
15-20 % longer than on the same data in full row groups, and the file was 41 % larger
(docs/benchmarks/performance.md, "Where a load's memory goes"). DuckDB cannot merge them in
place, so the file is copied table by table (`COPY FROM DATABASE`) under the writer lock, every
table's row count is compared, and the copy replaces the file in one rename. A failure at any
step leaves the original untouched.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from grassroots.warehouse.connect import RETRY_MEMORY_LIMIT, _connect_rw, chosen_memory_limit, writer_config
from grassroots.warehouse.errors import WarehouseError
from grassroots.warehouse.lock import writer_lock

# DuckDB's default row group size: a table needs ceil(rows / this) row groups at least.
ROW_GROUP_ROWS = 122_880
# The copy's DuckDB memory unless GRASSROOTS_DUCKDB_MEMORY_LIMIT sets one; a copy out of it is
# made again with RETRY_MEMORY_LIMIT. At 100,000 documents 128 MB copied the file with 361 MB
# RSS in all (465 MB at 256 MB, in the same time); 64 MB ran out.
COMPACT_MEMORY_LIMIT = "128MB"


@dataclass
class Layout:
    """Row groups and rows per table, and the file's size."""
    bytes: int
    tables: dict[str, tuple[int, int]] = field(default_factory=dict)  # table -> (row groups, rows)

    @property
    def row_groups(self) -> int:
        return sum(g for g, _ in self.tables.values())

    @property
    def needed(self) -> int:
        """Row groups the same rows need when every row group is full."""
        return sum(_full_row_groups(n) for _, n in self.tables.values())


@dataclass
class CompactResult:
    before: Layout
    after: Layout | None  # None when nothing was written (a dry run, or full row groups already)
    retried: bool = False  # the copy was made again with RETRY_MEMORY_LIMIT after running out


def _full_row_groups(rows: int) -> int:
    return -(-rows // ROW_GROUP_ROWS)


def layout(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> Layout:
    cat = catalog or con.execute("select current_database()").fetchone()[0]
    tables = [f'"{s}"."{t}"' for s, t in con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ? and not internal "
        "order by 1, 2", [cat]).fetchall()]
    out = Layout(bytes=0)
    for t in tables:
        groups = con.execute(f"select count(distinct row_group_id) from pragma_storage_info('\"{cat}\".{t}')").fetchone()[0]
        rows = con.execute(f'select count(*) from "{cat}".{t}').fetchone()[0]
        out.tables[t] = (int(groups), int(rows))
    return out


def fragmented(con: duckdb.DuckDBPyConnection) -> int:
    """Row groups of the raw layer's captures beyond what their rows need: about one per load
    that stored new inputs since the file was last compacted; the other tables with a key grow
    alike. Cheap while it is small (DuckDB lists the table's segments)."""
    groups = con.execute("select count(distinct row_group_id) from pragma_storage_info('core.raw_captures')").fetchone()[0]
    rows = con.execute("select count(*) from core.raw_captures").fetchone()[0]
    return max(0, int(groups) - _full_row_groups(int(rows)))


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def compact(db: Path, *, dry_run: bool = False, timeout: float = 600.0) -> CompactResult:
    """Rewrite `db` with full row groups; with `dry_run`, only measure it."""
    db = Path(db)
    if not db.exists():
        raise WarehouseError(f"no warehouse at {db}")
    tmp = db.with_name(db.name + ".compacting")
    with writer_lock(db, timeout=timeout, command="compact"):
        con = _connect_rw(db, wait=timeout)  # replays a crashed run's WAL first, as every writer does
        try:
            con.execute("checkpoint")  # everything in the file itself before it is copied
            before = layout(con)
        finally:
            con.close()
        before.bytes = db.stat().st_size
        if dry_run or before.row_groups <= before.needed:  # nothing a copy would merge
            return CompactResult(before, None)
        chosen = chosen_memory_limit()
        retried = False
        try:
            try:
                after = _copy(db, tmp, before, chosen or COMPACT_MEMORY_LIMIT)
            except duckdb.OutOfMemoryException as e:
                if chosen:  # the user's limit is kept, as for loads
                    raise _out_of_memory(db, e) from None
                # what the copy cannot spill (the keys' indexes it builds) grows with the warehouse
                try:
                    after = _copy(db, tmp, before, RETRY_MEMORY_LIMIT)
                except duckdb.OutOfMemoryException as e2:
                    raise _out_of_memory(db, e2) from None
                retried = True
            os.replace(tmp, db)  # one rename: readers see the old file or the new one
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    return CompactResult(before, after, retried)


def _out_of_memory(db: Path, e: Exception) -> WarehouseError:
    return WarehouseError(f"compact ran out of DuckDB memory ({str(e).splitlines()[0]}); {db} is unchanged. "
                          "GRASSROOTS_DUCKDB_MEMORY_LIMIT (e.g. 2GB) gives the copy more")


def _copy(db: Path, tmp: Path, before: Layout, limit: str) -> Layout:
    """Copy `db` into `tmp` table by table and check every table's row count."""
    for f in (tmp, tmp.with_name(tmp.name + ".wal")):
        f.unlink(missing_ok=True)
    # one thread: the copy is bound by compression and writing, and each extra thread keeps its
    # own buffers (at 100,000 documents two threads ran out of 256 MB)
    # (every compression method: a copy is written once, so its smallest file is worth the trial)
    con = duckdb.connect(config={**writer_config(), "threads": "1", "memory_limit": limit,
                                 "disabled_compression_methods": ""})
    try:
        con.execute("set enable_progress_bar = false")  # the CLI reports on its own
        con.execute(f"attach {_literal(db)} as src (read_only)")  # ATTACH takes no parameters
        con.execute(f"attach {_literal(tmp)} as dst")
        con.execute("copy from database src to dst")
        con.execute("checkpoint dst")
        after = layout(con, "dst")
        rows_before = {t: n for t, (_, n) in before.tables.items()}
        rows_after = {t: n for t, (_, n) in after.tables.items()}
        if rows_after != rows_before:
            lost = sorted(t for t in rows_before.keys() | rows_after.keys()
                          if rows_before.get(t) != rows_after.get(t))
            raise WarehouseError(f"compact: the copy's row counts differ in {', '.join(lost)}; "
                                 f"{db} is unchanged")
        con.execute("detach dst")
        con.execute("detach src")
    finally:
        con.close()
    after.bytes = tmp.stat().st_size
    return after
