"""The stages wired as plain functions over batches (no Prefect here).

flows/ingest.py turns each function into a task; tests and benchmarks can call
them directly. A batch is read (bytes into RawInput), filtered against what the
warehouse already holds (unchanged inputs are not parsed again), extracted,
attributed, and loaded in one transaction.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from grassroots import raw as rawlayer
from grassroots import warehouse
from grassroots.config import Settings, Source
from grassroots.dedup import content_hash
from grassroots.extract import extract
from grassroots.initiatives import extract_initiatives
from grassroots.models import Batch, Document, InputRef, RawInput, Reject, RejectError
from grassroots.places import attribute
from grassroots.sources.files import discover_files, read_file


@dataclass
class Counts:
    """What a run did, per source; printed as the run summary and stored in core.runs."""

    discovered: int = 0
    read: int = 0
    unchanged: int = 0  # already in the raw layer with the same bytes: not parsed again
    not_modified: int = 0  # HTTP 304
    new: int = 0  # new documents whose story was not known (new articles)
    duplicate: int = 0  # new documents that joined an existing story
    rejected: int = 0
    batches: int = 0
    failed_batches: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for k in ("discovered", "read", "unchanged", "not_modified", "new", "duplicate", "rejected",
                  "batches", "failed_batches"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors.extend(other.errors)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("discovered", "read", "unchanged", "not_modified", "new",
                                              "duplicate", "rejected", "batches", "failed_batches")}


# ---------------------------------------------------------------- discovery


def discover(source: Source, *, since: date | None = None, until: date | None = None,
             fetcher=None) -> tuple[list[InputRef], list[Reject]]:
    if source.kind == "files":
        refs, rejects = discover_files(source.name, source.file_paths())
        if since or until:
            refs = [r for r in refs if _in_window(r.mtime.date() if r.mtime else None, since, until)]
        return refs, rejects
    from grassroots.sources.web import discover_web

    if fetcher is None:
        raise ValueError(f"source '{source.name}' ({source.kind}) needs a fetcher")
    refs, rejects, _attempts = discover_web(source.as_dict(), fetcher, since=since, until=until)
    return refs, rejects


def _in_window(d: date | None, since: date | None, until: date | None) -> bool:
    if d is None:
        return True
    return (since is None or d >= since) and (until is None or d < until)


def plan_batches(refs: Sequence[InputRef], batch_size: int) -> list[list[InputRef]]:
    return [list(refs[i:i + batch_size]) for i in range(0, len(refs), batch_size)]


# ---------------------------------------------------------------- reading


def read_inputs(refs: Iterable[InputRef], settings: Settings) -> tuple[list[RawInput], list[Reject]]:
    raws, rejects = [], []
    for ref in refs:
        if ref.kind != "file":
            raise ValueError("URL inputs are read by the fetch stage")
        try:
            raws.append(read_file(ref, max_bytes=settings.max_bytes))
        except RejectError as e:
            rejects.append(Reject(ref.source, ref.locator, "read", e.reason, e.detail))
    return raws, rejects


# ---------------------------------------------------------------- extraction


def process_one(raw: RawInput) -> Document | Reject:
    """Extract, attribute and find initiatives for one input (pure)."""
    sha = raw.sha256
    try:
        ex = extract(raw)
    except RejectError as e:
        return Reject(raw.source, raw.locator, "extract", e.reason, e.detail, raw_sha256=sha)
    attribution = attribute(ex.title, ex.text)
    initiatives = extract_initiatives(ex.title, ex.text)
    return Document(
        doc_id=rawlayer.capture_id(raw.locator, sha),
        source=raw.source,
        locator=raw.locator,
        raw_sha256=sha,
        content_hash=content_hash(ex.text),
        extracted=ex,
        attribution=attribution,
        initiatives=initiatives,
    )


_POOL: ProcessPoolExecutor | None = None
_POOL_SIZE = 0
# Below this many inputs a process pool costs more than it saves (start-up and pickling).
_MIN_FOR_POOL = 16


def _pool(workers: int) -> ProcessPoolExecutor:
    global _POOL, _POOL_SIZE
    if _POOL is None or workers != _POOL_SIZE:
        if _POOL is not None:
            _POOL.shutdown()
        _POOL, _POOL_SIZE = ProcessPoolExecutor(max_workers=workers), workers
    return _POOL


@atexit.register
def _shutdown_pool() -> None:
    if _POOL is not None:
        _POOL.shutdown(cancel_futures=True)


def process_batch(source: str, batch_no: int, raws: list[RawInput], rejects: list[Reject],
                  *, workers: int = 1, known: set[str] | frozenset[str] = frozenset()) -> Batch:
    """Extract the inputs whose capture is not yet known; keep every raw input."""
    batch = Batch(source=source, batch_no=batch_no, raws=list(raws), rejects=list(rejects))
    todo = [r for r in raws if rawlayer.capture_id(r.locator, r.sha256) not in known]
    if workers > 1 and len(todo) >= _MIN_FOR_POOL:
        chunk = max(1, len(todo) // (workers * 4))
        results = list(_pool(workers).map(process_one, todo, chunksize=chunk))
    else:
        results = [process_one(r) for r in todo]
    for res in results:
        (batch.documents if isinstance(res, Document) else batch.rejects).append(res)
    return batch


def unchanged_count(raws: list[RawInput], known: set[str]) -> int:
    return sum(1 for r in raws if rawlayer.capture_id(r.locator, r.sha256) in known)


# ---------------------------------------------------------------- loading


def lookup_known(db: Path, raws: list[RawInput], settings: Settings) -> set[str]:
    if not raws or not Path(db).exists():
        return set()
    ids = [rawlayer.capture_id(r.locator, r.sha256) for r in raws]
    with warehouse.open_writer(db, sql_dir=settings.sql_dir, seeds_dir=settings.seeds_dir,
                               timeout=settings.lock_timeout, command="lookup") as con:
        return warehouse.known_captures(con, ids)


def load(db: Path, batch: Batch, settings: Settings, *, replace_documents: bool = False) -> warehouse.LoadResult:
    with warehouse.open_writer(db, sql_dir=settings.sql_dir, seeds_dir=settings.seeds_dir,
                               timeout=settings.lock_timeout, command=f"load {batch.source}#{batch.batch_no}") as con:
        return warehouse.load_batch(con, batch, replace_documents=replace_documents)


def batch_counts(batch: Batch, result: warehouse.LoadResult, unchanged: int) -> Counts:
    c = Counts(read=len(batch.raws), unchanged=unchanged, rejected=len(batch.rejects), batches=1)
    cl = result.clusters or {}
    c.duplicate = int(cl.get("clusters_joined", 0))
    c.new = result.documents_new - c.duplicate
    return c


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
