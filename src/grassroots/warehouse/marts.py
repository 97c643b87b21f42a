"""Marts: the aggregate tables the public views read (core.mv_*), maintained per load for the
keys the load touched, plus the copies of cluster membership and the story's figures kept on
each document's rows. Runs inside the load transaction (``load.load_batch``)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from grassroots.config import REPO_ROOT
from grassroots.warehouse.lookups import rows_for_keys

# The per-document tables and the copies of the document's values they carry.
_CHILD_COLUMNS = {
    "core.document_places": ("cluster_id", "is_canonical"),
    "core.initiative_mentions": ("cluster_id", "is_canonical", "doc_district", "doc_published_date",
                                 "doc_date_precision"),
    "core.document_categories": ("is_canonical", "doc_district", "doc_published_date", "doc_date_precision"),
    "core.initiative_facts": ("is_canonical", "doc_district", "doc_published_date", "doc_date_precision"),
}
_DOC_SOURCE = {"cluster_id": "cluster_id", "is_canonical": "is_canonical", "doc_district": "district",
               "doc_published_date": "published_date", "doc_date_precision": "date_precision"}

MARTS_DIR = REPO_ROOT / "sql" / "marts"
_SCOPE = "(select doc_id from _mv_scope)"


@dataclass(frozen=True)
class Mart:
    """One aggregate, defined once in sql/marts/<view>.sql: its key columns and named statements."""
    table: str
    keys: tuple[str, ...]
    sql: dict[str, str]


def read_marts(marts_dir: Path = MARTS_DIR) -> dict[str, Mart]:
    out = {}
    for path in sorted(marts_dir.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        table = re.search(r"^-- mart core\.(\w+)", text, re.M).group(1)
        keys = tuple(k.strip() for k in re.search(r"^-- keys: (.+)$", text, re.M).group(1).split(","))
        chunks = re.split(r"^-- name: (\w+)\n", text, flags=re.M)
        sql = {name: body.strip().rstrip(";") for name, body in zip(chunks[1::2], chunks[2::2], strict=True)}
        out[table] = Mart(table, keys, sql)
    return out


MARTS = read_marts()
_PAIRS = "_pairs"  # district_monthly's extra keys: (district, name) pairs of dated mentions

ViewKeys = dict[str, pa.Table]


def view_keys(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> ViewKeys:
    """The aggregate rows the given documents' current rows count in (see ``refresh_views``).
    Take them before deleting or rewriting documents outside ``assign_clusters``."""
    with _scope(con, doc_ids):
        return _keys(con)


def refresh_views(con: duckdb.DuckDBPyConnection, doc_ids: list[str] | None, *,
                  stale: ViewKeys | None = None) -> None:
    """Bring the data the views read (migration 0030) up to date for the given documents and
    every member of their clusters: the copies of membership, canonical choice and the story's
    figures on core.documents, the copies on the per-document tables, and the core.mv_* rows
    those documents counted in before (their current copies, plus ``stale``) or count in now.

    Call inside the load transaction after core.doc_clusters / core.clusters / the documents
    changed. ``doc_ids=None`` refreshes everything (a synthetic or repaired warehouse)."""
    if doc_ids is None:
        scope = [r[0] for r in con.execute("select doc_id from core.documents").fetchall()]
    else:
        scope = sorted(set(doc_ids))
        clusters = sorted({r[0] for r in rows_for_keys(
            con, "select cluster_id from core.doc_clusters where doc_id in ({})", scope)})
        scope = sorted(set(scope) | {r[0] for r in rows_for_keys(
            con, "select doc_id from core.doc_clusters where cluster_id in ({})", clusters)})
    if not scope:
        return
    with _scope(con, scope):
        keys = _keys(con, stale)
        _sync_copies(con)
        keys = _keys(con, keys)
    pairs = keys.pop(_PAIRS)
    if pairs.num_rows:  # every month of those (district, name) pairs, after the change
        months = _run_arrow(con, MARTS["mv_district_monthly"].sql["pair_months"], _mv_pairs=pairs)
        keys["mv_district_monthly"] = pa.concat_tables(
            [keys["mv_district_monthly"], months.cast(keys["mv_district_monthly"].schema)])
    for name, k in keys.items():
        _recompute(con, name, k)


@contextlib.contextmanager
def _scope(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> Iterator[None]:
    """The documents' ids as the temporary table _mv_scope: a semi join with it costs 6.5 ms for 300 of 100k documents, against 22 ms for a
    literal IN list (binding the constants), 19 ms for a registered Arrow table and 196 ms
    for a list parameter."""
    con.register("_mv_scope_arrow", pa.table({"doc_id": pa.array(doc_ids, pa.string())}))
    try:
        con.execute("create or replace temp table _mv_scope as select doc_id from _mv_scope_arrow")
    finally:
        con.unregister("_mv_scope_arrow")
    try:
        yield
    finally:  # an aborted transaction refuses it: keep the original error
        with contextlib.suppress(duckdb.Error):
            con.execute("drop table if exists _mv_scope")


def _keys(con: duckdb.DuckDBPyConnection, into: ViewKeys | None = None) -> ViewKeys:
    """Keys of the scope's current rows, added to `into` (old pairs count for district_monthly
    too: their months are recomputed from the state after the change)."""
    out = dict(into or {})
    # the scope's mentions, read once for three kinds of keys
    con.execute("create or replace temp table _mv_scope_mentions as select name, categories, is_canonical, "
                "doc_district, doc_published_date, doc_date_precision from core.initiative_mentions "
                f"where doc_id in {_SCOPE}")
    try:
        statements = [(m.table, m.sql["keys"]) for m in MARTS.values()]
        statements.append((_PAIRS, MARTS["mv_district_monthly"].sql["pairs"]))
        for name, sql in statements:
            t = con.execute(sql).fetch_arrow_table()
            out[name] = pa.concat_tables([out[name], t.cast(out[name].schema)]) if name in out else t
    finally:  # an aborted transaction refuses it: keep the original error
        with contextlib.suppress(duckdb.Error):
            con.execute("drop table if exists _mv_scope_mentions")
    return out


def _sync_copies(con: duckdb.DuckDBPyConnection) -> None:
    """Copy membership, canonical choice and the story's figures onto the scope's rows.
    The scope holds whole clusters, so the figures are computed from it alone."""
    con.execute(f"""
        with x as (
            select s.doc_id, m.cluster_id, m.similarity, m.match_kind, c.canonical_doc_id
            from (select doc_id, source, ingested_at from core.documents where doc_id in {_SCOPE}) s
            left join (select * from core.doc_clusters where doc_id in {_SCOPE}) m on m.doc_id = s.doc_id
            left join core.clusters c on c.cluster_id = m.cluster_id
        ), g as (
            select m.cluster_id, count(*) as sightings, count(distinct s.source) as sources,
                   min(s.ingested_at) as first_seen_at, max(s.ingested_at) as last_seen_at
            from (select doc_id, source, ingested_at from core.documents where doc_id in {_SCOPE}) s
            join (select doc_id, cluster_id from core.doc_clusters where doc_id in {_SCOPE}) m using (doc_id)
            group by m.cluster_id
        )
        update core.documents as d
        set cluster_id = n.cluster_id, similarity = n.similarity, match_kind = n.match_kind,
            article_doc_id = n.article_doc_id, is_canonical = n.is_canonical, sightings = n.sightings,
            sources = n.sources, first_seen_at = n.first_seen_at, last_seen_at = n.last_seen_at
        from (
            select x.doc_id, x.cluster_id, x.similarity, x.match_kind, x.canonical_doc_id as article_doc_id,
                   (x.canonical_doc_id = x.doc_id) as is_canonical,
                   case when x.canonical_doc_id = x.doc_id then g.sightings end as sightings,
                   case when x.canonical_doc_id = x.doc_id then g.sources end as sources,
                   case when x.canonical_doc_id = x.doc_id then g.first_seen_at end as first_seen_at,
                   case when x.canonical_doc_id = x.doc_id then g.last_seen_at end as last_seen_at
            from x left join g on g.cluster_id = x.cluster_id
        ) n
        where d.doc_id = n.doc_id and d.doc_id in {_SCOPE}
          -- rows left as they are: the other members of a story that gained a copy keep their
          -- values, and an update rewrites the touched columns of its row group at checkpoint
          and (d.cluster_id, d.similarity, d.match_kind, d.article_doc_id, d.is_canonical, d.sightings, d.sources,
               d.first_seen_at, d.last_seen_at) is distinct from
              (n.cluster_id, n.similarity, n.match_kind, n.article_doc_id, n.is_canonical, n.sightings, n.sources,
               n.first_seen_at, n.last_seen_at)""")
    for table, cols in _CHILD_COLUMNS.items():
        sets = ", ".join(f"{c} = d.{_DOC_SOURCE[c]}" for c in cols)
        differ = " or ".join(f"t.{c} is distinct from d.{_DOC_SOURCE[c]}" for c in cols)
        con.execute(f"""
            update {table} as t set {sets}
            from (select x.doc_id, x.cluster_id, x.is_canonical, x.district, x.published_date, x.date_precision
                  from core.documents x where x.doc_id in {_SCOPE}) d
            where t.doc_id = d.doc_id and t.doc_id in {_SCOPE} and ({differ})""")


# Keys per rows statement. A statement's working set grows with the rows its keys match, and
# a programme named in thousands of stories matches thousands: at 100,000 documents one
# statement over all 1,280 touched keys of mv_initiative_facts_by_district built a 210 MB hash
# table and loads failed at the writer's 256 MB limit (issue 20). 500 keys per statement kept
# every step in memory and the load 13 % faster (docs/benchmarks/performance.md).
KEYS_PER_STATEMENT = 500


def _recompute(con: duckdb.DuckDBPyConnection, name: str, keys: pa.Table) -> None:
    """Replace the rows of core.<name> at `keys` by the rows computed from the current data,
    KEYS_PER_STATEMENT keys at a time."""
    if not keys.num_rows:
        return
    cols = ", ".join(MARTS[name].keys)
    con.register("_mv_keys_raw", keys)
    try:
        n = con.execute(f"create or replace temp table _mv_keys_all as select {cols}, "
                        f"(row_number() over () - 1) // {KEYS_PER_STATEMENT} as part "
                        f"from (select distinct {cols} from _mv_keys_raw)").fetchone()[0]
    finally:
        con.unregister("_mv_keys_raw")
    try:
        match = " and ".join(f"k.{c} is not distinct from t.{c}" for c in MARTS[name].keys)
        con.execute(f"delete from core.{name} t where exists (select 1 from _mv_keys_all k where {match})")
        for part in range(-(-n // KEYS_PER_STATEMENT)):
            con.execute(f"create or replace temp table _mv_keys as select {cols} from _mv_keys_all where part = {part}")
            con.execute(f"insert into core.{name} {MARTS[name].sql['rows']}")
    finally:  # an aborted transaction refuses it: keep the original error
        with contextlib.suppress(duckdb.Error):
            con.execute("drop table if exists _mv_keys")
            con.execute("drop table if exists _mv_keys_all")


def _run_arrow(con: duckdb.DuckDBPyConnection, sql: str, **tables: pa.Table) -> pa.Table:
    for n, tbl in tables.items():
        con.register(n, tbl)
    try:
        return con.execute(sql).fetch_arrow_table()
    finally:
        for n in tables:
            con.unregister(n)
