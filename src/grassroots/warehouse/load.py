"""Loading: each batch lands in one transaction (raw layer, documents, places, initiatives,
rejects, cluster assignment); any failure rolls the whole batch back. Keys are content-derived,
so loading the same batch twice changes nothing."""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from grassroots.models import Batch, Document, Reject, utcnow
from grassroots.warehouse import clusters as clustering
from grassroots.warehouse import lake as lakehouse
from grassroots.warehouse import marts
from grassroots.warehouse import raw as rawlayer
from grassroots.warehouse.compact import CompactResult
from grassroots.warehouse.lookups import rows_for_keys
from grassroots.warehouse.schema import _checksum

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
    ("district", pa.string()), ("ingested_at", pa.timestamp("us", tz="UTC")), ("script", pa.string()),
])
_PLACE_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("district", pa.string()), ("subdistrict", pa.string()),
    ("mentions", pa.int32()), ("is_primary", pa.bool_()), ("evidence", pa.string()),
])
_MENTION_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("name", pa.string()), ("kind", pa.string()),
    ("categories", pa.list_(pa.string())), ("evidence", pa.string()), ("full_name", pa.string()),
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
    ("at", pa.timestamp("us", tz="UTC")), ("last_at", pa.timestamp("us", tz="UTC")),
])


def reject_id(r: Reject) -> str:
    return _checksum("\n".join([r.source, r.locator, r.raw_sha256 or "", r.stage, r.reason]))[:32]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], schema: pa.Schema, key: list[str], *,
            new_keys: bool = False) -> int:
    """Insert rows whose key is not present yet; returns how many were new. ``new_keys``: no
    stored row can have these keys (the rows of documents this load adds).

    A one-column key is looked up as a literal IN list, which DuckDB answers from the table's
    primary-key index; an anti-join with the batch scanned the whole key column instead, and
    the blocks it read stayed in the writer's cache: the load's memory grew with the warehouse
    (raw_blobs alone: 13 MB of blocks at 10,000 documents, issue 20)."""
    if not rows:
        return 0
    uniq: dict[tuple, dict] = {}
    for r in rows:  # dedupe keys inside the batch first (DuckDB would silently keep one)
        uniq.setdefault(tuple(r[k] for k in key), r)
    if not new_keys and len(key) == 1:
        have = _stored_keys(con, table, key[0], [k[0] for k in uniq])
        uniq = {k: r for k, r in uniq.items() if k[0] not in have}
        new_keys = True
    if not uniq:
        return 0
    tbl = pa.Table.from_pylist(list(uniq.values()), schema=schema)
    name = f"_batch_{table.replace('.', '_')}"
    con.register(name, tbl)
    try:
        cols = ", ".join(f'"{c}"' for c in schema.names)
        sql = f"insert into {table} ({cols}) select {cols} from {name} b"
        if not new_keys:
            cond = " and ".join(f't."{k}" = b."{k}"' for k in key)
            sql += f" where not exists (select 1 from {table} t where {cond})"
        n = con.execute(sql).fetchone()[0]
    finally:
        con.unregister(name)
    return int(n)


def _doc_row(d: Document, loaded_at) -> dict:
    e = d.extracted
    return {
        "doc_id": d.doc_id, "source": d.source, "locator": d.locator, "raw_sha256": d.raw_sha256,
        "content_hash": d.content_hash, "title": e.title, "title_source": e.title_source,
        "published_date": e.published_date, "date_precision": e.date_precision, "date_source": e.date_source,
        "date_text": e.date_text, "publisher": e.publisher, "author": e.author, "text": e.text,
        "text_chars": len(e.text), "input_format": e.input_format, "encoding": e.encoding,
        "encoding_source": e.encoding_source, "encoding_flags": list(e.encoding_flags), "extractor": e.extractor,
        "district": d.attribution.primary_district, "ingested_at": loaded_at, "script": e.script,
    }


@dataclass
class LoadResult:
    raw_new: int = 0
    documents_new: int = 0
    documents_unchanged: int = 0  # pages read again with the text, title and date they had
    rejects_new: int = 0
    clusters: dict | None = None
    memory_retry: bool = False  # loaded again with more DuckDB memory (run.pipeline.load)
    fragmented: int = 0  # small row groups left in the file after this load (run.pipeline.load)
    compacted: CompactResult | None = None  # the compaction that followed it (run.pipeline.load)

    def as_dict(self) -> dict:
        return {"raw_new": self.raw_new, "documents_new": self.documents_new,
                "documents_unchanged": self.documents_unchanged, "rejects_new": self.rejects_new,
                **(self.clusters or {})}


def load_batch(con: duckdb.DuckDBPyConnection, batch: Batch, *, replace_documents: bool = False,
               dedup=None) -> LoadResult:
    """Load one batch in one transaction: all of it lands, or none of it.

    replace_documents=True (reprocessing from the raw layer) rewrites the extracted
    fields of documents that already exist; cluster ids are kept.
    """
    now = utcnow()
    res = LoadResult()
    con.execute("begin transaction")
    try:
        # a page read again whose bytes changed (a view counter, a token, another encoding) but
        # whose text, title and date are its latest stored version's is no new document, and its
        # capture adds nothing to the raw layer: a feed re-read every hour would otherwise add a
        # sighting of each item each hour
        same = set() if replace_documents else _same_as_stored(con, batch.documents)
        docs = [d for d in batch.documents if d.doc_id not in same]
        raws = [r for r in batch.raws if rawlayer.capture_id(r.locator, r.sha256) not in same]
        res.documents_unchanged = len(same)
        # bytes the raw layer holds already (a touched file, a copy at a new path) are not
        # compressed again only to be left out by the insert
        stored = _stored_keys(con, "core.raw_blobs", "sha256", list({r.sha256 for r in raws}))
        blobs = {}
        for r in raws:
            sha = r.sha256
            if sha not in blobs and sha not in stored:
                body = batch.bodies.get(sha) or rawlayer.compress(r.data)
                blobs[sha] = {"sha256": sha, "size_bytes": r.size, "codec": rawlayer.codec_of(body),
                              "body": body, "first_seen_at": now}
        res.raw_new = _insert(con, "core.raw_blobs", list(blobs.values()), _RAW_SCHEMA, ["sha256"], new_keys=True)
        captures = [
            {"capture_id": rawlayer.capture_id(r.locator, r.sha256), "source": r.source, "locator": r.locator,
             "kind": r.kind, "sha256": r.sha256, "fetched_at": r.fetched_at, "status": r.status,
             "final_url": r.final_url, "content_type": r.content_type,
             "headers": json.dumps(r.headers, ensure_ascii=False) if r.headers else None,
             "file_mtime": r.file_mtime, "role": r.role}
            for r in raws
        ]
        # one lookup of the stored captures: the new ones are inserted without a check, and a file
        # touched but not changed (a sync tool, a checkout), a stored capture seen again, has its
        # new modification time recorded, or every later run would read it again to find out
        stored_mtime = dict(rows_for_keys(con, "select capture_id, file_mtime from core.raw_captures "
                                               "where capture_id in ({})", list({c["capture_id"] for c in captures})))
        moved = {c["capture_id"]: c["file_mtime"] for c in captures if c["capture_id"] in stored_mtime
                 and c["file_mtime"] is not None and c["file_mtime"] != stored_mtime[c["capture_id"]]}
        for cid, mtime in moved.items():
            con.execute("update core.raw_captures set file_mtime = ? where capture_id = ?", [mtime, cid])
        _insert(con, "core.raw_captures", [c for c in captures if c["capture_id"] not in stored_mtime],
                _CAPTURE_SCHEMA, ["capture_id"], new_keys=True)

        replaced, stale, stored_at = [], None, {}
        if replace_documents and docs:
            ids = [d.doc_id for d in docs]
            replaced = ids
            stale = marts.view_keys(con, ids)  # the aggregate rows they count in now
            # a rewritten document was stored when it was first loaded, not now: a story's first
            # and last sightings (articles, source_health) do not move when history is re-extracted
            stored_at = dict(rows_for_keys(con, "select doc_id, ingested_at from core.documents where doc_id in ({})", ids))
            for t in ("core.document_places", "core.initiative_mentions", "core.document_categories",
                      "core.initiative_facts", "core.documents"):
                rows_for_keys(con, f"delete from {t} where doc_id in ({{}})", ids)
        new_ids_before = {d.doc_id for d in docs} - _stored_keys(con, "core.documents", "doc_id", [d.doc_id for d in docs])
        res.documents_new = _insert(con, "core.documents", [_doc_row(d, stored_at.get(d.doc_id, now))
                                                            for d in docs if d.doc_id in new_ids_before],
                                    _DOC_SCHEMA, ["doc_id"], new_keys=True)
        # documents new to the warehouse: their detail rows are new too (a rewritten document's
        # were deleted above), so those inserts need no check against the stored rows
        fresh = [d for d in docs if d.doc_id in new_ids_before]
        _insert(con, "core.document_places", [
            {"doc_id": d.doc_id, "district": p.district, "subdistrict": p.subdistrict or "",
             "mentions": p.mentions, "is_primary": p.is_primary, "evidence": p.evidence}
            for d in fresh for p in d.attribution.places
        ], _PLACE_SCHEMA, ["doc_id", "district", "subdistrict"], new_keys=True)
        _insert(con, "core.initiative_mentions", [
            {"doc_id": d.doc_id, "name": m.name, "kind": m.kind, "categories": list(m.categories),
             "evidence": m.evidence, "full_name": m.full_name or None}
            for d in fresh for m in d.initiatives.mentions
        ], _MENTION_SCHEMA, ["doc_id", "name"], new_keys=True)
        _insert(con, "core.document_categories", [
            {"doc_id": d.doc_id, "category": c.category, "keywords": list(c.keywords)}
            for d in fresh for c in d.initiatives.categories
        ], _CATEGORY_SCHEMA, ["doc_id", "category"], new_keys=True)
        _insert(con, "core.initiative_facts", [
            {"doc_id": d.doc_id, "seq": i, "value": f.value, "unit": f.unit, "object": f.object,
             "initiative": f.initiative, "evidence": f.evidence}
            for d in fresh for i, f in enumerate(d.initiatives.facts)
        ], _FACT_SCHEMA, ["doc_id", "seq"], new_keys=True)
        refused: dict[str, dict] = {}  # one row per input and reason: its first and latest refusal
        for r in sorted(batch.rejects, key=lambda r: r.at):
            row = refused.setdefault(reject_id(r), {"reject_id": reject_id(r), "source": r.source, "locator": r.locator,
                                                    "stage": r.stage, "reason": r.reason, "raw_sha256": r.raw_sha256,
                                                    "at": r.at})
            row.update(detail=r.detail, last_at=r.at)
        again = _stored_keys(con, "core.rejects", "reject_id", list(refused))
        res.rejects_new = _insert(con, "core.rejects", [r for k, r in refused.items() if k not in again],
                                  _REJECT_SCHEMA, ["reject_id"], new_keys=True)
        if again:  # refused again: the stored row keeps its first time and takes the latest time and detail
            con.register("_again", pa.Table.from_pylist([refused[k] for k in sorted(again)], schema=_REJECT_SCHEMA))
            try:
                con.execute("update core.rejects as t set last_at = b.last_at, detail = b.detail from _again b "
                            "where t.reject_id = b.reject_id and b.last_at > coalesce(t.last_at, t.\"at\")")
            finally:
                con.unregister("_again")
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
        presigned = {d.doc_id: (d.signature, d.shingles, d.fact_keys) for d in fresh if d.sig_algo == algo}
        res.clusters = clustering.assign_clusters(con, [d.doc_id for d in fresh], dedup, presigned=presigned)
        # the marts follow every change in this one place: the new documents' clusters (all
        # their members), and rewritten rows, which keep their clusters
        marts.refresh_views(con, [d.doc_id for d in fresh] + replaced, stale=stale)
        lakehouse.claim_write(con)
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
    return res


def _same_as_stored(con: duckdb.DuckDBPyConnection, docs: list[Document]) -> set[str]:
    """The new documents whose locator's latest stored document has their text, title and date."""
    if not docs:
        return set()
    # the latest document of each locator first, from narrow columns; then the text's hash of those
    # alone: read in one statement, the window kept DuckDB from taking the locators into the scan,
    # and every stored page's text was read (218 MB of cache and ~1 s a load at 100,000 documents
    # against 15 MB and 0.03 s: docs/benchmarks/performance.md)
    keys = rows_for_keys(
        con, "select locator, doc_id from core.documents where locator in ({}) "
             "qualify row_number() over (partition by locator order by ingested_at desc, doc_id desc) = 1",
        sorted({d.locator for d in docs}))
    if not keys:
        return set()
    stored = {r[0]: r[1:] for r in rows_for_keys(
        con, "select doc_id, md5(text), title, published_date from core.documents where doc_id in ({})",
        [doc_id for _, doc_id in keys])}
    latest = {loc: (doc_id, *stored[doc_id]) for loc, doc_id in keys if doc_id in stored}
    out = set()
    for d in docs:
        s = latest.get(d.locator)
        if s is not None and s[0] != d.doc_id and s[1:] == (
                hashlib.md5(d.extracted.text.encode("utf-8")).hexdigest(), d.extracted.title, d.extracted.published_date):
            out.add(d.doc_id)
    return out


def _stored_keys(con: duckdb.DuckDBPyConnection, table: str, column: str, keys: list[str]) -> set[str]:
    """Which of ``keys`` ``table`` holds in ``column`` (its one-column key: an index lookup)."""
    if not keys:
        return set()
    return {r[0] for r in rows_for_keys(con, f'select "{column}" from {table} where "{column}" in ({{}})', keys)}
