"""The DuckDB warehouse: connect, migrate, load seeds, apply views, load batches.

- One writer at a time, across processes: a file lock next to the database
  (`<db>.lock`, fcntl) names its holder; other writers wait up to a timeout and
  then fail with a message that names the holder. Write connections are opened
  per batch and closed right after, so readers get in between batches.
- Readers (`grassroots sql`) open read-only with external access off and the
  configuration locked; while a write holds the file they retry briefly, then
  explain that a write is in progress.
- Each batch lands in one transaction (raw layer, documents, places, initiatives,
  rejects, cluster assignment); any failure rolls the whole batch back.
- Keys are content-derived, so loading the same batch twice changes nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from grassroots import lakehouse
from grassroots import raw as rawlayer
from grassroots.config import REPO_ROOT
from grassroots.models import Batch, Document, Reject, utcnow

SQL_DIR = REPO_ROOT / "sql"
SEEDS_DIR = REPO_ROOT / "seeds"
SEED_TABLES = {
    "districts": "districts.csv",
    "subdistricts": "subdistricts.csv",
    "initiative_categories": "initiative_categories.csv",
}


class WarehouseError(RuntimeError):
    """A warehouse problem phrased for the user (one line)."""


class WarehouseBusy(WarehouseError):
    pass


class MigrationError(WarehouseError):
    pass


# ---------------------------------------------------------------- locking


@dataclass
class LockHolder:
    pid: int
    host: str
    command: str
    since: str

    def describe(self) -> str:
        return f"PID {self.pid} on {self.host} ({self.command}, since {self.since})"


def _lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def read_lock_holder(db: Path) -> LockHolder | None:
    try:
        info = json.loads(_lock_path(db).read_text() or "{}")
        return LockHolder(**info) if info else None
    except (OSError, ValueError, TypeError):
        return None


@contextlib.contextmanager
def writer_lock(db: Path, *, timeout: float = 600.0, command: str = "write", poll: float = 0.2) -> Iterator[None]:
    """Hold the single-writer lock of `db` (waits up to `timeout` seconds)."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    lp = _lock_path(db)
    fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = read_lock_holder(db)
                    who = holder.describe() if holder else "another process"
                    raise WarehouseBusy(
                        f"the warehouse {db} is being written by {who}; waited {timeout:.0f} s"
                    ) from None
                time.sleep(poll)
        info = LockHolder(os.getpid(), socket.gethostname(), command, utcnow().isoformat(timespec="seconds"))
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info.__dict__).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- connections


def _connect_rw(db: Path, *, wait: float = 600.0, poll: float = 0.1) -> duckdb.DuckDBPyConnection:
    """Open for writing (under the writer lock). A reader in another process (`grassroots sql`,
    a report) holds DuckDB's file lock while it reads; readers are short, so wait for it."""
    from grassroots import recovery  # local: recovery imports this module

    db.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            # checks a leftover WAL (refuses a torn one), keeps a copy, then replays it
            return recovery.connect_writer(db)
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
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Lock, open, migrate, refresh seeds and views; close and unlock on exit.

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
            migrate(con, sql_dir / "migrations")
            load_seeds(con, seeds_dir, sources=sources)
            apply_views(con, sql_dir / "views")
            yield con
            con.execute("checkpoint")
        finally:
            con.close()


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


# ---------------------------------------------------------------- migrations, seeds, views


def _checksum(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def migration_files(mig_dir: Path) -> list[tuple[str, Path]]:
    out = []
    for p in sorted(mig_dir.glob("*.sql")):
        m = re.match(r"^(\d{4})_[a-z0-9_]+\.sql$", p.name)
        if not m:
            raise MigrationError(f"migration file name must look like 0001_name.sql: {p.name}")
        out.append((m.group(1), p))
    versions = [v for v, _ in out]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migration files share a number in {mig_dir}")
    return out


# Times a lake writer re-reads the applied migrations after losing a race to apply the same ones
# (two processes starting on a new shared lake): each retry sees more of the other's commit.
MIGRATE_RACE_ATTEMPTS = 3


def migrate(con: duckdb.DuckDBPyConnection, mig_dir: Path, *, _attempt: int = 1) -> list[str]:
    """Apply pending migrations in one transaction; a failure leaves the schema untouched."""
    lake = lakehouse.is_ducklake(con)
    con.execute("create schema if not exists core")
    ddl = ("create table if not exists core.schema_migrations ("
           " version varchar primary key, name varchar not null, checksum varchar not null,"
           " applied_at timestamptz not null)")
    con.execute(lakehouse.adapt_ddl(ddl) if lake else ddl)
    applied = dict(con.execute("select version, checksum from core.schema_migrations").fetchall())
    pending = []
    for version, path in migration_files(mig_dir):
        text = path.read_text(encoding="utf-8")
        if version in applied:
            if applied[version] != _checksum(text):
                raise MigrationError(
                    f"migration {path.name} was changed after it was applied; add a new migration instead"
                )
            continue
        pending.append((version, path, text))
    if not pending:
        return []
    con.execute("begin transaction")
    try:
        for version, path, text in pending:
            try:  # the checksum is the file's; the lake runs it without keys and sequences
                con.execute(lakehouse.adapt_ddl(text) if lake else text)
            except duckdb.Error as e:
                raise MigrationError(f"migration {path.name} failed: {str(e).splitlines()[0]}") from None
            con.execute(
                "insert into core.schema_migrations values (?, ?, ?, ?)",
                [version, path.stem, _checksum(text), utcnow()],
            )
        con.execute("commit")
    except BaseException as e:
        with contextlib.suppress(duckdb.Error):  # a failed commit has already rolled back
            con.execute("rollback")
        if lake and isinstance(e, MigrationError | duckdb.Error) and _attempt < MIGRATE_RACE_ATTEMPTS:
            # another writer of the shared lake applied some of them meanwhile ("table ... already
            # exists"): start again from what is applied now
            now = {r[0] for r in con.execute("select version from core.schema_migrations").fetchall()}
            if now & {v for v, _, _ in pending}:
                return migrate(con, mig_dir, _attempt=_attempt + 1)
        raise
    return [p.name for _, p, _ in pending]


def load_seeds(con: duckdb.DuckDBPyConnection, seeds_dir: Path, *, sources: list[dict[str, Any]] | None = None) -> list[str]:
    """(Re)load the reference CSVs into ref.* when their content changed."""
    loaded = []
    versions = dict(con.execute("select name, checksum from ref.seed_versions").fetchall())
    items: list[tuple[str, str, Any]] = []
    for table, fname in SEED_TABLES.items():
        p = seeds_dir / fname
        if p.exists():
            items.append((table, _checksum(p.read_bytes()), p))
    if sources is not None:
        items.append(("sources", _checksum(json.dumps(sources, sort_keys=True, default=str)), sources))
    todo = [(t, c, x) for t, c, x in items if versions.get(t) != c]
    if not todo:
        return loaded
    con.execute("begin transaction")
    try:
        for table, checksum, src in todo:
            if table == "sources":
                rows = [
                    {
                        "name": s["name"],
                        "kind": s["kind"],
                        "enabled": bool(s.get("enabled", True)),
                        "schedule": s.get("schedule"),
                        "priority": int(s.get("priority", 100)),
                        "config": json.dumps(s, ensure_ascii=False, default=str, sort_keys=True),
                    }
                    for s in src
                ]
                tbl = pa.Table.from_pylist(
                    rows,
                    schema=pa.schema([("name", pa.string()), ("kind", pa.string()), ("enabled", pa.bool_()),
                                      ("schedule", pa.string()), ("priority", pa.int32()), ("config", pa.string())]),
                )
                con.register("_seed_sources", tbl)
                con.execute("create or replace table ref.sources as select * from _seed_sources")
                con.unregister("_seed_sources")
            else:
                con.execute(
                    f"create or replace table ref.{table} as select * from read_csv(?, header = true, all_varchar = true)",
                    [str(src)],
                )
            _save_version(con, table, checksum)
            loaded.append(table)
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed commit has already rolled back
            con.execute("rollback")
        raise
    return loaded


def _save_version(con: duckdb.DuckDBPyConnection, name: str, checksum: str) -> None:
    # delete + insert rather than INSERT OR REPLACE: DuckLake has no primary keys
    con.execute("delete from ref.seed_versions where name = ?", [name])
    con.execute("insert into ref.seed_versions values (?, ?, ?)", [name, checksum, utcnow()])


def view_files(views_dir: Path) -> list[Path]:
    return sorted(views_dir.rglob("*.sql"))


def apply_views(con: duckdb.DuckDBPyConnection, views_dir: Path) -> bool:
    """CREATE OR REPLACE every view when the view files changed; order resolved by retry."""
    files = view_files(views_dir)
    checksum = _checksum("".join(p.name + p.read_text(encoding="utf-8") for p in files))
    row = con.execute("select checksum from ref.seed_versions where name = '__views__'").fetchone()
    if row and row[0] == checksum:
        return False
    for p in files:
        if not re.search(rf"create\s+or\s+replace\s+view\s+(main\.)?{re.escape(p.stem)}\b", p.read_text(encoding="utf-8"), re.I):
            raise WarehouseError(f"view file {p.name} must CREATE OR REPLACE VIEW {p.stem}")
    pending = list(files)
    con.execute("begin transaction")
    try:
        while pending:
            failed, last_error = [], None
            for p in pending:
                try:
                    con.execute(p.read_text(encoding="utf-8"))
                except duckdb.CatalogException as e:  # depends on a view not created yet
                    failed.append(p)
                    last_error = (p, e)
            if len(failed) == len(pending):
                p, e = last_error
                raise WarehouseError(f"view {p.name} failed: {str(e).splitlines()[0]}")
            pending = failed
        _save_version(con, "__views__", checksum)
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed commit has already rolled back
            con.execute("rollback")
        raise
    return True


def public_views(con: duckdb.DuckDBPyConnection) -> list[tuple[str, list[tuple[str, str]]]]:
    """The product's public interface: views in schema main, with their columns."""
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = current_database() and table_schema = 'main' and table_name in "
        "(select view_name from duckdb_views() where database_name = current_database()"
        " and schema_name = 'main' and not internal) "
        "order by table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for t, c, ty in rows:
        out.setdefault(t, []).append((c, ty))
    return list(out.items())


# ---------------------------------------------------------------- loading


_RAW_SCHEMA = pa.schema([
    ("sha256", pa.string()), ("size_bytes", pa.int64()), ("codec", pa.string()),
    ("body", pa.binary()), ("first_seen_at", pa.timestamp("us", tz="UTC")),
])
_CAPTURE_SCHEMA = pa.schema([
    ("capture_id", pa.string()), ("source", pa.string()), ("locator", pa.string()), ("kind", pa.string()),
    ("sha256", pa.string()), ("fetched_at", pa.timestamp("us", tz="UTC")), ("status", pa.int32()),
    ("final_url", pa.string()), ("content_type", pa.string()), ("headers", pa.string()),
    ("file_mtime", pa.timestamp("us", tz="UTC")), ("role", pa.string()),
])
_DOC_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("source", pa.string()), ("locator", pa.string()), ("raw_sha256", pa.string()),
    ("content_hash", pa.string()), ("title", pa.string()), ("title_source", pa.string()),
    ("published_date", pa.date32()), ("date_precision", pa.string()), ("date_source", pa.string()),
    ("date_text", pa.string()), ("publisher", pa.string()), ("author", pa.string()), ("text", pa.string()),
    ("text_chars", pa.int32()), ("input_format", pa.string()), ("encoding", pa.string()),
    ("encoding_source", pa.string()), ("encoding_flags", pa.list_(pa.string())), ("extractor", pa.string()),
    ("district", pa.string()), ("ingested_at", pa.timestamp("us", tz="UTC")),
])
_PLACE_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("district", pa.string()), ("subdistrict", pa.string()),
    ("mentions", pa.int32()), ("is_primary", pa.bool_()), ("evidence", pa.string()),
])
_MENTION_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("name", pa.string()), ("kind", pa.string()),
    ("categories", pa.list_(pa.string())), ("evidence", pa.string()),
])
_CATEGORY_SCHEMA = pa.schema([("doc_id", pa.string()), ("category", pa.string()), ("keywords", pa.list_(pa.string()))])
_FACT_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("seq", pa.int32()), ("value", pa.float64()), ("unit", pa.string()),
    ("object", pa.string()), ("initiative", pa.string()), ("evidence", pa.string()),
])
_FETCH_SCHEMA = pa.schema([
    ("attempt_id", pa.string()), ("run_id", pa.string()), ("source", pa.string()), ("url", pa.string()),
    ("status", pa.int32()), ("bytes", pa.int64()), ("duration_ms", pa.float64()), ("outcome", pa.string()),
    ("error", pa.string()), ("at", pa.timestamp("us", tz="UTC")),
])
_REJECT_SCHEMA = pa.schema([
    ("reject_id", pa.string()), ("source", pa.string()), ("locator", pa.string()), ("stage", pa.string()),
    ("reason", pa.string()), ("detail", pa.string()), ("raw_sha256", pa.string()),
    ("at", pa.timestamp("us", tz="UTC")),
])


def reject_id(r: Reject) -> str:
    return _checksum("\n".join([r.source, r.locator, r.raw_sha256 or "", r.stage, r.reason]))[:32]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], schema: pa.Schema, key: list[str]) -> int:
    """Insert rows whose key is not present yet; returns how many were new."""
    if not rows:
        return 0
    uniq: dict[tuple, dict] = {}
    for r in rows:  # dedupe keys inside the batch first (DuckDB would silently keep one)
        uniq.setdefault(tuple(r[k] for k in key), r)
    tbl = pa.Table.from_pylist(list(uniq.values()), schema=schema)
    name = f"_batch_{table.replace('.', '_')}"
    con.register(name, tbl)
    try:
        cond = " and ".join(f't."{k}" = b."{k}"' for k in key)
        cols = ", ".join(f'"{c}"' for c in schema.names)
        n = con.execute(
            f"insert into {table} ({cols}) select {cols} from {name} b "
            f"where not exists (select 1 from {table} t where {cond})"
        ).fetchone()[0]
    finally:
        con.unregister(name)
    return int(n)


def http_validators(con: duckdb.DuckDBPyConnection, urls: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """Validators for conditional requests. Keyed by URL whatever the source: a sighting is a
    place (locator) with some content, so a second source listing the same URL adds nothing."""
    rows = con.execute(
        "select url, etag, last_modified from core.http_cache where url in (select unnest(?::varchar[])) "
        "and (etag is not null or last_modified is not null)", [urls]).fetchall()
    return {u: (e, lm) for u, e, lm in rows}


def known_captures(con: duckdb.DuckDBPyConnection, capture_ids: list[str]) -> set[str]:
    if not capture_ids:
        return set()
    rows = con.execute(
        "select capture_id from core.raw_captures where capture_id in (select unnest(?::varchar[]))",
        [capture_ids],
    ).fetchall()
    return {r[0] for r in rows}


def unchanged_files(con: duckdb.DuckDBPyConnection, refs: list) -> set[str]:
    """Locators of file inputs whose stored capture has the same size and modification time."""
    refs = [r for r in refs if r.kind == "file" and r.mtime is not None and r.size is not None]
    if not refs:
        return set()
    stat = pa.table({"locator": [r.locator for r in refs], "size": pa.array([r.size for r in refs], pa.int64()),
                     "mtime": pa.array([r.mtime for r in refs], pa.timestamp("us", tz="UTC"))})
    con.register("_stat", stat)
    try:
        rows = con.execute(
            "select distinct s.locator from _stat s "
            "join core.raw_captures c on c.locator = s.locator and c.file_mtime = s.mtime "
            "join core.raw_blobs b on b.sha256 = c.sha256 and b.size_bytes = s.size").fetchall()
    finally:
        con.unregister("_stat")
    return {r[0] for r in rows}


def _doc_row(d: Document) -> dict:
    e = d.extracted
    return {
        "doc_id": d.doc_id, "source": d.source, "locator": d.locator, "raw_sha256": d.raw_sha256,
        "content_hash": d.content_hash, "title": e.title, "title_source": e.title_source,
        "published_date": e.published_date, "date_precision": e.date_precision, "date_source": e.date_source,
        "date_text": e.date_text, "publisher": e.publisher, "author": e.author, "text": e.text,
        "text_chars": len(e.text), "input_format": e.input_format, "encoding": e.encoding,
        "encoding_source": e.encoding_source, "encoding_flags": list(e.encoding_flags), "extractor": e.extractor,
        "district": d.attribution.primary_district, "ingested_at": d.ingested_at,
    }


@dataclass
class LoadResult:
    raw_new: int = 0
    documents_new: int = 0
    rejects_new: int = 0
    clusters: dict | None = None

    def as_dict(self) -> dict:
        return {"raw_new": self.raw_new, "documents_new": self.documents_new,
                "rejects_new": self.rejects_new, **(self.clusters or {})}


def load_batch(con: duckdb.DuckDBPyConnection, batch: Batch, *, replace_documents: bool = False,
               dedup=None) -> LoadResult:
    """Load one batch in one transaction: all of it lands, or none of it.

    replace_documents=True (reprocessing from the raw layer) rewrites the extracted
    fields of documents that already exist; cluster ids are kept.
    """
    from grassroots import clustering  # local: clustering imports warehouse helpers

    now = utcnow()
    res = LoadResult()
    con.execute("begin transaction")
    try:
        blobs = {}
        for r in batch.raws:
            sha = r.sha256
            if sha not in blobs:
                blobs[sha] = {"sha256": sha, "size_bytes": len(r.data), "codec": rawlayer.CODEC,
                              "body": batch.bodies.get(sha) or rawlayer.compress(r.data), "first_seen_at": now}
        res.raw_new = _insert(con, "core.raw_blobs", list(blobs.values()), _RAW_SCHEMA, ["sha256"])
        captures = [
            {"capture_id": rawlayer.capture_id(r.locator, r.sha256), "source": r.source, "locator": r.locator,
             "kind": r.kind, "sha256": r.sha256, "fetched_at": r.fetched_at, "status": r.status,
             "final_url": r.final_url, "content_type": r.content_type,
             "headers": json.dumps(r.headers, ensure_ascii=False) if r.headers else None,
             "file_mtime": r.file_mtime, "role": r.role}
            for r in batch.raws
        ]
        _insert(con, "core.raw_captures", captures, _CAPTURE_SCHEMA, ["capture_id"])

        docs = batch.documents
        replaced, stale = [], None
        if replace_documents and docs:
            ids = [d.doc_id for d in docs]
            replaced = ids
            stale = clustering.view_keys(con, ids)  # the aggregate rows they count in now
            for t in ("core.document_places", "core.initiative_mentions", "core.document_categories",
                      "core.initiative_facts", "core.documents"):
                con.execute(f"delete from {t} where doc_id in (select unnest(?::varchar[]))", [ids])
        new_ids_before = {d.doc_id for d in docs} - _existing_doc_ids(con, [d.doc_id for d in docs])
        res.documents_new = _insert(con, "core.documents", [_doc_row(d) for d in docs], _DOC_SCHEMA, ["doc_id"])
        fresh = [d for d in docs if d.doc_id in new_ids_before]
        _insert(con, "core.document_places", [
            {"doc_id": d.doc_id, "district": p.district, "subdistrict": p.subdistrict or "",
             "mentions": p.mentions, "is_primary": p.is_primary, "evidence": p.evidence}
            for d in fresh for p in d.attribution.places
        ], _PLACE_SCHEMA, ["doc_id", "district", "subdistrict"])
        _insert(con, "core.initiative_mentions", [
            {"doc_id": d.doc_id, "name": m.name, "kind": m.kind, "categories": list(m.categories),
             "evidence": m.evidence}
            for d in fresh for m in d.initiatives.mentions
        ], _MENTION_SCHEMA, ["doc_id", "name"])
        _insert(con, "core.document_categories", [
            {"doc_id": d.doc_id, "category": c.category, "keywords": list(c.keywords)}
            for d in fresh for c in d.initiatives.categories
        ], _CATEGORY_SCHEMA, ["doc_id", "category"])
        _insert(con, "core.initiative_facts", [
            {"doc_id": d.doc_id, "seq": i, "value": f.value, "unit": f.unit, "object": f.object,
             "initiative": f.initiative, "evidence": f.evidence}
            for d in fresh for i, f in enumerate(d.initiatives.facts)
        ], _FACT_SCHEMA, ["doc_id", "seq"])
        res.rejects_new = _insert(con, "core.rejects", [
            {"reject_id": reject_id(r), "source": r.source, "locator": r.locator, "stage": r.stage,
             "reason": r.reason, "detail": r.detail, "raw_sha256": r.raw_sha256, "at": r.at}
            for r in batch.rejects
        ], _REJECT_SCHEMA, ["reject_id"])
        _insert(con, "core.fetch_log", [
            {"attempt_id": _checksum(f"{a.url}\n{a.at.isoformat()}\n{a.outcome}\n{a.status}\n{a.duration_ms}")[:32],
             "run_id": None, "source": batch.source, "url": a.url, "status": a.status, "bytes": a.bytes,
             "duration_ms": a.duration_ms, "outcome": a.outcome, "error": a.error, "at": a.at}
            for a in batch.fetch_log
        ], _FETCH_SCHEMA, ["attempt_id"])
        for h in {h["url"]: h for h in batch.http_cache}.values():
            # MERGE rather than ON CONFLICT: the same statement runs on DuckLake (no keys)
            con.execute(
                "merge into core.http_cache t using (select ?::varchar as url, ?::varchar as etag, "
                "?::varchar as last_modified, ?::varchar as sha256, ?::integer as status, "
                "?::timestamptz as checked_at) s on t.url = s.url "
                "when matched then update set etag = coalesce(s.etag, t.etag), "
                "last_modified = coalesce(s.last_modified, t.last_modified), "
                "sha256 = coalesce(s.sha256, t.sha256), status = s.status, checked_at = s.checked_at "
                "when not matched then insert (url, etag, last_modified, sha256, status, checked_at) "
                "values (s.url, s.etag, s.last_modified, s.sha256, s.status, s.checked_at)",
                [h["url"], h["etag"], h["last_modified"], h["sha256"], h["status"], h["checked_at"]])
        algo = (dedup or clustering.DEFAULT_CONFIG).algo
        presigned = {d.doc_id: (d.signature, d.shingles) for d in fresh if d.sig_algo == algo}
        res.clusters = clustering.assign_clusters(con, [d.doc_id for d in fresh], dedup, presigned=presigned)
        if replaced:  # rewritten rows keep their clusters: copy membership onto them again
            clustering.refresh_views(con, replaced, stale=stale)
        lakehouse.claim_write(con)
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
    return res


def _existing_doc_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    return {r[0] for r in con.execute(
        "select doc_id from core.documents where doc_id in (select unnest(?::varchar[]))", [ids]).fetchall()}


# ---------------------------------------------------------------- run records


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, command: str, parameters: dict,
              flow_run_id: str | None = None, window: tuple[datetime | None, datetime | None] = (None, None)) -> None:
    con.execute("delete from core.runs where run_id = ?", [run_id])  # no INSERT OR REPLACE on DuckLake
    con.execute(
        "insert into core.runs (run_id, flow_run_id, command, parameters, window_start, window_end,"
        " counts, state, started_at, finished_at, pid, host) values (?, ?, ?, ?, ?, ?, null, 'running', ?, null, ?, ?)",
        [run_id, flow_run_id, command, json.dumps(parameters, ensure_ascii=False, default=str), window[0], window[1],
         utcnow(), os.getpid(), socket.gethostname()],
    )


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


# ---------------------------------------------------------------- backfill windows


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
