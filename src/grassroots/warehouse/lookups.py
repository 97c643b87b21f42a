"""Lookups a run makes before its writes: stored captures, HTTP validators, unchanged files.

Kept apart from the load (and free of pyarrow and numpy) because the CLI makes them before it
decides whether a run has work at all.
"""

from __future__ import annotations

import duckdb

from grassroots.models import is_passing


def sql_strings(values: list[str]) -> str:
    """Strings as the items of a literal SQL IN list (`'a','b'`; `NULL` for none)."""
    return ",".join("'" + v.replace("'", "''") + "'" for v in values) or "NULL"


def rows_for_keys(con: duckdb.DuckDBPyConnection, sql: str, keys: list[str], chunk: int = 5000) -> list[tuple]:
    """Rows of ``sql`` (``{}`` where the IN list goes) for a list of string keys, written as
    literals. DuckDB pushes a constant IN list into the table scan, so wide columns (text,
    signature) are read only for matching rows; a join with a registered key table reads them
    for every row (4 ms against 170 ms for 80 of 100k documents). A list bound as a parameter is
    converted value by value, and DuckDB's client tries to import pandas for every value where
    pandas is not installed (150 ms for 1,000 keys against 13 ms as literals)."""
    out: list[tuple] = []
    for i in range(0, len(keys), chunk):
        out.extend(con.execute(sql.format(sql_strings(keys[i:i + chunk]))).fetchall())
    return out


def http_validators(con: duckdb.DuckDBPyConnection, urls: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """Validators for conditional requests. Keyed by URL whatever the source: a sighting is a
    place (locator) with some content, so a second source listing the same URL adds nothing."""
    rows = rows_for_keys(con, "select url, etag, last_modified from core.http_cache where url in ({}) "
                              "and (etag is not null or last_modified is not null)", urls)
    return {u: (e, lm) for u, e, lm in rows}


def pages_to_retry(con: duckdb.DuckDBPyConnection, source: str, since) -> list[str]:
    """URLs of a source refused at fetch for a passing reason (models.is_passing) that no fetch has
    answered since their latest refusal: those first refused since ``since``, and those refused
    only once however long ago (not tried again yet: a source run monthly had left behind every
    page that failed, its next run coming after the window), in the order they first failed."""
    rows = con.execute(
        "select r.locator, r.reason, r.detail from core.rejects r where r.source = ? and r.stage = 'fetch' "
        "and (r.\"at\" >= ? or coalesce(r.last_at, r.\"at\") = r.\"at\") "
        "and not exists (select 1 from core.http_cache h where h.url = r.locator "
        "                and h.checked_at > coalesce(r.last_at, r.\"at\")) "
        "order by r.\"at\", r.locator", [source, since]).fetchall()
    # which reasons may pass is decided where it is written, not again in SQL
    return list(dict.fromkeys(loc for loc, reason, detail in rows if is_passing(reason, detail)))


def known_captures(con: duckdb.DuckDBPyConnection, capture_ids: list[str]) -> set[str]:
    rows = rows_for_keys(con, "select capture_id from core.raw_captures where capture_id in ({})", capture_ids)
    return {r[0] for r in rows}


def unchanged_files(con: duckdb.DuckDBPyConnection, refs: list) -> set[str]:
    """Locators of file inputs whose stored capture has the same size and modification time."""
    want = {r.locator: (r.size, r.mtime) for r in refs
            if r.kind == "file" and r.mtime is not None and r.size is not None}
    # the stored captures of those locators, compared here (timestamps with time zones compare
    # as instants); no Arrow table: the CLI asks this before a run and would import pyarrow for it
    rows = rows_for_keys(con, "select c.locator, b.size_bytes, c.file_mtime from core.raw_captures c "
                              "join core.raw_blobs b on b.sha256 = c.sha256 where c.locator in ({})", list(want))
    return {loc for loc, size, mtime in rows if want[loc] == (size, mtime)}
