"""DuckLake: the warehouse as a catalog database plus Parquet files (issue 11).

`connect_ducklake(catalog, data_path)` returns a DuckDB connection whose default catalog
is the lake, so `core.documents`, the views and every query of grassroots run unchanged.
The catalog is either a DuckDB file (one process at a time, like the default warehouse)
or a PostgreSQL database (`postgres:dbname=... host=... port=...`), which lets several
processes and machines write and read at once; the data are Parquet files under
`data_path` (read them through DuckLake: the catalog says which files and deletes are current).

What DuckLake (duckdb 1.4.4, ducklake extension of 2026-02) does not accept, measured:

- PRIMARY KEY / UNIQUE constraints ("not supported in DuckLake"), hence also
  `INSERT OR REPLACE` and `ON CONFLICT` (they need one). The migrations keep declaring
  their keys for the DuckDB file; `adapt_ddl` drops them for the lake, where the loads'
  anti-joins (`insert ... where not exists`) are what keeps keys unique anyway.
- Sequences ("DuckLake does not support sequences"); `adapt_ddl` drops `create sequence`.

Everything else our migrations and views use works: schemas, views in `main`, `varchar[]`,
`json` and its operators, `blob`, `utinyint`, `timestamptz`, defaults, `alter table add
column`, `create or replace table ... as`, `update ... from`, `merge into`.

Concurrent writers. DuckLake commits optimistically: two transactions that only insert
into the same table both commit, so two writers that each checked `not exists` for the
same key would both insert it (measured: a duplicate row). Two transactions that delete
or update the same table conflict, and the later commit fails with "Failed to commit
DuckLake transaction". `claim_write` makes every load transaction update the one row of
`core.write_token` before it commits, so any two loads that overlap in time conflict;
the loser rolls back and `retry_conflicts` runs it again, now seeing the winner's rows.
Loads are thereby serialised at commit time only (extraction runs in parallel) and the
idempotent keys hold across processes and machines.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

T = TypeVar("T")

ALIAS = "lake"
TOKEN_TABLE = "core.write_token"
# Attempts of a load whose commit keeps losing to other writers. Each lost commit means
# another load landed meanwhile, so 30 losses in a row need 30 other loads to finish during
# one load's retries; with 2 writers (bench/scaleout.py) a writer retried at most a few
# times per run, so 30 leaves a wide margin before the run is reported failed.
MAX_ATTEMPTS = 30
# First back-off and its cap, in seconds: about the time a small load's commit takes on a
# PostgreSQL catalog on loopback, doubling so that many writers spread out instead of colliding.
BACKOFF_FIRST, BACKOFF_MAX = 0.05, 2.0

# Attempts at attaching a new lake that another process is creating at the same moment.
INIT_ATTEMPTS = 5

# Commits lost to another writer and run again, in this process (reported by bench/scaleout.py).
STATS = {"conflicts_retried": 0}


class LakehouseError(RuntimeError):
    """A lakehouse problem phrased for the user (one line)."""


@dataclass(frozen=True)
class LakeTarget:
    """Where a DuckLake warehouse lives.

    catalog: a DuckDB file path (`data/lake.ducklake`) or `postgres:<libpq options>`.
    data_path: the folder (or object-store prefix) holding the Parquet files.
    """

    catalog: str
    data_path: str

    @property
    def on_postgres(self) -> bool:
        return self.catalog.startswith("postgres:")

    @property
    def lock_file(self) -> Path | None:
        """The file the cross-process writer lock goes next to; None on PostgreSQL,
        where writers run at once and conflicts are resolved by `retry_conflicts`."""
        return None if self.on_postgres else Path(self.catalog)

    def describe(self) -> str:
        cat = re.sub(r"password=\S+", "password=***", self.catalog)
        return f"DuckLake {cat} (data {self.data_path})"


def target(warehouse: str, catalog: str | None, data_path: str | Path | None) -> LakeTarget | None:
    """The lake configured by settings (`warehouse = "ducklake"`), or None for the DuckDB file."""
    if warehouse in ("", "duckdb"):
        return None
    if warehouse != "ducklake":
        raise LakehouseError(f"unknown warehouse kind {warehouse!r} (expected duckdb or ducklake)")
    if not catalog or not data_path:
        raise LakehouseError("warehouse = ducklake needs both `catalog` and `data_path`")
    return LakeTarget(str(catalog), str(data_path))


def extension_directory() -> Path:
    """The folder of the offline DuckDB extensions shipped by `duckdb-ext-ducklake` and
    `duckdb-ext-postgres` (DuckDB cannot download extensions here)."""
    spec = importlib.util.find_spec("duckdb_ext")
    if spec is None or not spec.submodule_search_locations:
        raise LakehouseError("the DuckLake extension is not installed: pip install duckdb-ext-ducklake "
                             "(and duckdb-ext-postgres for a PostgreSQL catalog)")
    return Path(next(iter(spec.submodule_search_locations))) / "extensions"


def connect_ducklake(catalog: str, data_path: str | Path, *, read_only: bool = False,
                     alias: str = ALIAS) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection with the lake attached as `alias` and made its default
    catalog; `close()` releases everything. Writers in a loop should use `session` (faster)."""
    lake = LakeTarget(str(catalog), str(data_path))
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        con.execute("set extension_directory = ?", [str(extension_directory())])
        con.execute("load ducklake")
        _attach(con, lake, alias, read_only=read_only)
        con.execute(f"use {alias}")
    except duckdb.Error as e:
        con.close()
        raise LakehouseError(f"cannot open {lake.describe()}: {str(e).splitlines()[0]}") from None
    except LakehouseError:
        con.close()
        raise
    return con


def harden_reader(con: duckdb.DuckDBPyConnection, lake: LakeTarget) -> None:
    """Make a read-only lake connection safe for untrusted SQL, as `warehouse.open_reader`
    does for the DuckDB file: no file or URL access but the lake's own Parquet folder, no
    ATTACH, configuration locked (measured: read_csv('/etc/passwd'), ATTACH and turning
    external access back on are refused; the views still read)."""
    data = lake.data_path if lake.data_path.endswith("/") else lake.data_path + "/"
    con.execute(f"set allowed_directories = [{_literal(data)}]")
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def is_ducklake(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the connection's default catalog is a DuckLake."""
    row = con.execute("select type from duckdb_databases() where database_name = current_database()").fetchone()
    return bool(row) and row[0] == "ducklake"


# ---------------------------------------------------------------- DDL for the lake

_SEQUENCE = re.compile(r"^\s*create\s+sequence\b[^;]*;", re.I | re.M)
_TABLE_KEY = re.compile(r",\s*(?:--[^\n]*\n\s*)*(?:primary\s+key|unique)\s*\([^)]*\)", re.I)
_COLUMN_KEY = re.compile(r"\s+(?:primary\s+key|unique)\b(?=[\s,)]|--)", re.I)


def adapt_ddl(sql: str) -> str:
    """A migration as DuckLake accepts it: without PRIMARY KEY/UNIQUE and sequences.

    Comments and everything else are kept; a migration marked `-- ducklake: nothing to do` (one
    that only changes keys) becomes a no-op. Only our own migration style is covered
    (column `primary key`/`unique`, a table-level `primary key (...)` line, and
    `create sequence ...;`); `tests/test_scaleout.py` applies every migration to a lake.
    """
    if _LAKE_NOOP in sql:  # a migration about keys alone: the lake has none to change
        return "select 1"
    sql = _SEQUENCE.sub("", sql)
    sql = _TABLE_KEY.sub("", sql)
    return _COLUMN_KEY.sub("", sql)


# A migration carrying this line does nothing on a lake (it is still recorded as applied).
_LAKE_NOOP = "-- ducklake: nothing to do"


# ---------------------------------------------------------------- concurrent writers


def claim_write(con: duckdb.DuckDBPyConnection) -> None:
    """Inside a load transaction: make any concurrent load conflict with this one.

    No-op on the DuckDB file, where the file lock already admits one writer."""
    if is_ducklake(con):
        con.execute(f"update {TOKEN_TABLE} set n = n + 1")


def is_conflict(e: BaseException) -> bool:
    """A commit that lost to a concurrent DuckLake writer (safe to run again)."""
    if not isinstance(e, duckdb.Error):
        return False
    msg = str(e)
    return ("Failed to commit DuckLake transaction" in msg or "Transaction conflict" in msg
            or "write-write conflict" in msg.lower())


def retry_conflicts(fn: Callable[[], T], *, attempts: int = MAX_ATTEMPTS,
                    on_retry: Callable[[int, BaseException], None] | None = None) -> T:
    """Run `fn` (a whole open-load-commit unit) again while its commit loses a conflict."""
    delay = BACKOFF_FIRST
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except Exception as e:
            if not is_conflict(e) or attempt == attempts:
                raise
            STATS["conflicts_retried"] += 1
            if on_retry is not None:
                on_retry(attempt, e)
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, BACKOFF_MAX)
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- sessions for writers

# Loading the two extensions costs 0.6-1.2 s per DuckDB instance (measured), more than a
# batch's load; writers therefore share one in-memory instance per process and open a cursor
# per session. A PostgreSQL catalog stays attached (it locks nothing); a file catalog is
# attached per session and detached after it, so other processes can open it in between.
_BASE: duckdb.DuckDBPyConnection | None = None
_ATTACHED: dict[LakeTarget, str] = {}
_GUARD = threading.Lock()
_SEQ = itertools.count(1)


def _base() -> duckdb.DuckDBPyConnection:
    global _BASE
    if _BASE is None:
        con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
        con.execute("set extension_directory = ?", [str(extension_directory())])
        con.execute("load ducklake")
        with contextlib.suppress(duckdb.Error):  # only needed for PostgreSQL catalogs
            con.execute("load postgres")
        _BASE = con
    return _BASE


def _attach(con: duckdb.DuckDBPyConnection, lake: LakeTarget, alias: str, *, read_only: bool = False) -> None:
    if lake.on_postgres:
        con.execute("load postgres")
    else:
        Path(lake.catalog).parent.mkdir(parents=True, exist_ok=True)
    if "://" not in lake.data_path:  # a local folder; object stores need no mkdir
        Path(lake.data_path).mkdir(parents=True, exist_ok=True)
    data = lake.data_path if lake.data_path.endswith("/") else lake.data_path + "/"
    sql = (f"attach {_literal('ducklake:' + lake.catalog)} as {alias} "  # ATTACH takes no parameters
           f"(data_path {_literal(data)}{', read_only' if read_only else ''})")
    for attempt in range(1, INIT_ATTEMPTS + 1):
        try:
            con.execute(sql)
            return
        except duckdb.Error as e:
            msg = str(e).splitlines()[0]
            # two processes creating the catalog tables of a new lake at once: the loser
            # finds them on the next try
            if "Failed to initialize DuckLake" in msg and attempt < INIT_ATTEMPTS:
                time.sleep(0.2 * attempt)
                continue
            if "lock" in msg.lower() or "already attached" in msg.lower():
                raise LakehouseError(f"the lake catalog {lake.catalog} is open in another process: {msg}") from None
            raise LakehouseError(f"cannot open {lake.describe()}: {msg}") from None


@contextlib.contextmanager
def session(lake: LakeTarget) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write cursor whose default catalog is the lake (fast: shares the process's
    DuckDB instance). Its transactions are independent of other sessions'."""
    with _GUARD:
        base = _base()
        if lake.on_postgres:
            alias = _ATTACHED.get(lake)
            if alias is None:
                alias = f"lake_{next(_SEQ)}"
                _attach(base, lake, alias)
                _ATTACHED[lake] = alias
        else:
            alias = f"lake_{next(_SEQ)}"
            _attach(base, lake, alias)
        cur = base.cursor()
    try:
        cur.execute(f"use {alias}")
        yield cur
    finally:
        with contextlib.suppress(duckdb.Error):
            cur.execute("use memory")
        cur.close()
        if not lake.on_postgres:
            with _GUARD:
                base.execute(f"detach {alias}")
