"""The raw layer: every byte read or fetched, compressed and content-addressed.

Bodies are stored once per sha256 in core.raw_blobs (zstd; rows written before 2026-12-06 are
zlib, and each row names its codec); each (locator, sha256) capture is one row in
core.raw_captures. Extraction only ever reads RawInput records, which can be rebuilt from here
without touching the network.
"""

from __future__ import annotations

import hashlib
import json
import threading
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime

import zstandard

from grassroots.models import RawInput
from grassroots.warehouse.lookups import rows_for_keys, sql_strings

# zstd level 3: on the performance corpus 0.18 ms a page against zlib level 6's 1.23 ms (~6 % of
# an extraction worker's CPU) for the same size (ratio 3.28 vs 3.24; 4.35 vs 4.37 on the shared
# benchmark's real pages). Bodies written before stay zlib; `codec` says which a row is.
CODEC = "zstd"
_ZSTD_LEVEL = 3
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_LOCAL = threading.local()  # zstandard's (de)compressor objects must not be shared by threads


def _zstd() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    pair = getattr(_LOCAL, "zstd", None)
    if pair is None:
        pair = _LOCAL.zstd = (zstandard.ZstdCompressor(level=_ZSTD_LEVEL), zstandard.ZstdDecompressor())
    return pair


def compress(data: bytes) -> bytes:
    return _zstd()[0].compress(data)


def codec_of(body: bytes) -> str:
    """The codec a stored body was made with, from its first bytes (a zstd frame's magic number;
    a zlib stream has none): a body made by another version of `compress` is still named right."""
    return "zstd" if body[:4] == _ZSTD_MAGIC else "zlib"


def decompress(body: bytes, codec: str) -> bytes:
    """A stored body's bytes; `codec` is the row's own (a layer holds zstd and zlib rows, so there
    is no default to fall back on)."""
    if codec == "zstd":
        return _zstd()[1].decompress(body)
    if codec == "zlib":
        return zlib.decompress(body)
    raise ValueError(f"unknown raw codec {codec!r}")


def capture_id(locator: str, sha256: str) -> str:
    """One sighting of some bytes at some place; also the document id it extracts to."""
    return hashlib.sha256(f"{locator}\n{sha256}".encode()).hexdigest()[:32]


# stored bytes one lookup reads at most (by the bodies' uncompressed sizes; one body at least)
BODY_BYTES = 16 << 20


def read_raw_inputs(
    con,
    *,
    sources: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    locators: list[str] | None = None,
    by_content_date: bool = False,
) -> Iterator[RawInput]:
    """Rebuild RawInput records from the warehouse (no network), oldest first.

    since/until select captures in the half-open window [since, until): by fetched_at, or
    with by_content_date by the extracted document's published date when there is one,
    else the file's modification date, else fetched_at.
    """
    where, params = ["c.role = 'article'"], []
    if sources:
        where.append(f"c.source in ({sql_strings(sources)})")
    when = ("coalesce(d.published_date, cast(c.file_mtime as date), cast(c.fetched_at as date))"
            if by_content_date else "c.fetched_at")
    if since:
        where.append(f"{when} >= ?::date")
        params.append(since)
    if until:
        where.append(f"{when} < ?::date")
        params.append(until)
    if locators:
        where.append(f"c.locator in ({sql_strings(locators)})")
    # the captures first, without their bodies; then the bodies by key, BODY_BYTES at a time.
    # Joined and sorted with the bodies, the query built its hash table over every stored body:
    # a from-raw backfill of a 10,000-page warehouse ran out of its session's 256 MB
    sql = f"""
        select c.source, c.locator, c.kind, c.fetched_at, c.status, c.final_url, c.content_type,
               c.headers, c.file_mtime, c.sha256, b.size_bytes
        from core.raw_captures c join core.raw_blobs b using (sha256)
        left join core.documents d on d.doc_id = c.capture_id
        where {' and '.join(where)}
        order by c.fetched_at, c.locator
    """
    captures = con.execute(sql, params).fetchall()
    start = 0
    while start < len(captures):
        end, size = start + 1, captures[start][-1]
        while end < len(captures) and size + captures[end][-1] <= BODY_BYTES:
            size += captures[end][-1]
            end += 1
        chunk, start = captures[start:end], end
        bodies = {sha: (codec, body) for sha, codec, body in rows_for_keys(
            con, "select sha256, codec, body from core.raw_blobs where sha256 in ({})", sorted({c[-2] for c in chunk}))}
        for (source, locator, kind, fetched_at, status, final_url, ctype, headers, mtime, sha, _) in chunk:
            codec, body = bodies[sha]
            yield RawInput(
                source=source,
                locator=locator,
                data=decompress(body, codec),
                fetched_at=_utc(fetched_at),
                kind=kind,
                content_type=ctype,
                status=status,
                final_url=final_url,
                headers=json.loads(headers) if headers else None,
                file_mtime=_utc(mtime) if mtime else None,
            )


def raw_sources(con) -> list[str]:  # noqa: ANN001
    """The sources the raw layer holds article captures of."""
    return [r[0] for r in con.execute("select distinct source from core.raw_captures where role = 'article' "
                                      "order by source").fetchall()]


def _utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)
