"""Schema: checksummed migrations applied once each, seeds, and the public views of sql/views."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import duckdb

from grassroots.config import REPO_ROOT
from grassroots.models import utcnow
from grassroots.warehouse import lake as lakehouse
from grassroots.warehouse import view_docs
from grassroots.warehouse.errors import MigrationError, WarehouseError

SQL_DIR = REPO_ROOT / "sql"
SEEDS_DIR = REPO_ROOT / "seeds"
SEED_TABLES = {
    "districts": "districts.csv",
    "subdistricts": "subdistricts.csv",
    "initiative_categories": "initiative_categories.csv",
    "campaigns": "campaigns.csv",  # the campaign lexicon initiative names are read with
}




def _checksum(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def _strip_comments(sql: str) -> str:
    """The SQL without `--` comments and with white space folded, so that a migration's comments
    can be corrected after it was applied without changing what it did."""
    out = []
    for line in sql.splitlines():
        quote, cut = None, len(line)
        for i, ch in enumerate(line):
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "'\"":
                quote = ch
            elif line.startswith("--", i):
                cut = i
                break
        out.append(line[:cut])
    return " ".join(" ".join(out).split())


# Migrations whose comments were corrected after a release that stored whole-file checksums:
# that release's file checksum -> the statement checksum of its text (unchanged statements).
_RELEASED_FILES = {
    "7c96dbab4cde56a94dc04bc16835c78c8514292421a26e53bfb6e66f47b01f80":
        "s:a5892d4ec340af6ef3676d957dd13eb8d5e83d3c8d495d3ffc80aaa38a876682",  # 0001_core.sql
    "b82909226a88f53aa8b19cb3ab39a93b3efb332f0a1cc1757fe84d3d43195bc3":
        "s:7938eefbabf0ed1414a2e33754310a7dfd8a9b5524b3089140d42e5b0ad181a5",  # 0010_near_dup.sql
}


def migration_checksum(sql: str) -> str:
    """What a migration's checksum covers: its statements, not its comments."""
    return "s:" + _checksum(_strip_comments(sql))


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
    pending, legacy = [], []
    for version, path in migration_files(mig_dir):
        text = path.read_text(encoding="utf-8")
        if version in applied:
            now = migration_checksum(text)
            if applied[version] == now:
                continue
            # a release before statement checksums stored the file's: the same file, or a file
            # whose comments were corrected since (_RELEASED_FILES), is the same migration
            if applied[version] != _checksum(text) and _RELEASED_FILES.get(applied[version]) != now:
                raise MigrationError(
                    f"migration {path.name} was changed after it was applied; add a new migration instead"
                )
            legacy.append((version, now))
            continue
        pending.append((version, path, text))
    for version, checksum in legacy:
        con.execute("update core.schema_migrations set checksum = ? where version = ?", [checksum, version])
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
                [version, path.stem, migration_checksum(text), utcnow()],
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
                import pyarrow as pa  # here: a lookup before a run imports this module, not pyarrow

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
                _check_unique_key(con, table, src)
            _save_version(con, table, checksum)
            loaded.append(table)
        _check_references(con, seeds_dir)
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed commit has already rolled back
            con.execute("rollback")
        raise
    return loaded


def _check_unique_key(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """A seed's first column is its key: a repeated key would count its rows twice in every join."""
    key = con.execute(f"select column_name from (describe ref.{table}) limit 1").fetchone()[0]
    dups = [r[0] for r in con.execute(
        f'select "{key}" from ref.{table} group by 1 having count(*) > 1 order by 1').fetchall()]
    if dups:
        raise WarehouseError(f"{path}: {key} must be unique; repeated: {', '.join(map(str, dups))}")


# A seed column that names a row of another seed: (table, column, referenced table, its column).
# A typo there (a campaign's category, a 街道's district) would drop the row from every view
# that joins the two, so the seeds are refused instead.
_SEED_REFERENCES = (
    ("campaigns", "category", "initiative_categories", "category"),
    ("subdistricts", "district", "districts", "name"),
)


def _check_references(con: duckdb.DuckDBPyConnection, seeds_dir: Path) -> None:
    tables = {r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'ref'").fetchall()}
    for table, col, ref, ref_col in _SEED_REFERENCES:
        if table not in tables or ref not in tables:
            continue
        bad = [r[0] for r in con.execute(
            f'select distinct t."{col}" from ref.{table} t anti join ref.{ref} r on r."{ref_col}" = t."{col}" '
            "order by 1").fetchall()]
        if bad:
            raise WarehouseError(f"{seeds_dir / SEED_TABLES[table]}: {col} must be a {ref_col} of "
                                 f"{SEED_TABLES[ref]}; unknown: {', '.join(map(str, bad))}")


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
        # descriptions from the file headers, in the catalog for any DuckDB client
        view_docs.apply_comments(con, [view_docs.parse_header(p.stem, p.read_text(encoding="utf-8")) for p in files],
                                 columns=not lakehouse.is_ducklake(con))
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
