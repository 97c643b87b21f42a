"""Lookups a run makes before its writes: stored captures, HTTP validators, unchanged files.

Kept apart from the load (and free of pyarrow and numpy) because the CLI makes them before it
decides whether a run has work at all.
"""

from __future__ import annotations

import duckdb


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
    # lists as parameters, not an Arrow table: the CLI asks this before a run and would import
    # pyarrow (and DuckDB its dataset module) for it, ~0.3 s of a one-file run's start
    rows = con.execute(
        "with s as (select unnest(?::varchar[]) as locator, unnest(?::bigint[]) as size, "
        "unnest(?::timestamptz[]) as mtime) "
        "select distinct s.locator from s "
        "join core.raw_captures c on c.locator = s.locator and c.file_mtime = s.mtime "
        "join core.raw_blobs b on b.sha256 = c.sha256 and b.size_bytes = s.size",
        [[r.locator for r in refs], [r.size for r in refs], [r.mtime for r in refs]]).fetchall()
    return {r[0] for r in rows}
