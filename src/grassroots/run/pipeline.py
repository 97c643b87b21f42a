"""The stages wired as plain functions over batches (no Prefect here).

flows/ingest.py turns each function into a task; tests and benchmarks can call
them directly. A batch is read (bytes into RawInput), filtered against what the
warehouse already holds (unchanged inputs are not parsed again), extracted,
attributed, and loaded in one transaction.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from grassroots import warehouse
from grassroots.config import Config, ConfigError, Settings, Source, load_config
from grassroots.models import Batch, Document, InputRef, RawInput, Reject, RejectError, is_passing
from grassroots.sources import in_window
from grassroots.sources.files import discover_files, read_file
from grassroots.warehouse import lake as lakehouse
from grassroots.warehouse import raw as rawlayer

if TYPE_CHECKING:
    from grassroots.dedup.signatures import DedupConfig


@dataclass
class Counts:
    """What a run did, per source; printed as the run summary and stored in core.runs."""

    discovered: int = 0
    read: int = 0
    unchanged: int = 0  # the same bytes as a stored capture (not parsed again), or the same text
    not_modified: int = 0  # HTTP 304
    new: int = 0  # new documents whose story was not known (new articles)
    duplicate: int = 0  # new documents that joined an existing story
    rejected: int = 0
    batches: int = 0
    failed_batches: int = 0
    memory_retries: int = 0  # batches loaded again with more DuckDB memory (counted, not only logged)
    compactions: int = 0  # times the warehouse file was compacted after a load (Settings.compact_after)
    errors: list[str] = field(default_factory=list)
    reject_reasons: dict[str, int] = field(default_factory=dict)  # reason code -> inputs
    # near-duplicate candidates per new document -> documents (merged over batches, so the run's
    # p50/p99/max are exact)
    candidates: dict[int, int] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        for k in (*SUMMARY_COLUMNS, "batches", "memory_retries", "compactions"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors.extend(other.errors)
        for k, n in other.reject_reasons.items():
            self.reject_reasons[k] = self.reject_reasons.get(k, 0) + n
        for k, n in other.candidates.items():
            self.candidates[k] = self.candidates.get(k, 0) + n

    def candidate_stats(self) -> dict[str, int] | None:
        """p50, p99 and max of the candidates a new document was checked against (nearest rank)."""
        total = sum(self.candidates.values())
        if not total:
            return None
        out, seen, ranks = {}, 0, {"p50": 0.50, "p99": 0.99}
        for k in sorted(self.candidates):
            seen += self.candidates[k]
            for name, q in ranks.items():
                if name not in out and seen >= q * total:
                    out[name] = k
        return out | {"max": max(self.candidates)}

    def as_dict(self) -> dict:
        d = {k: getattr(self, k) for k in (*SUMMARY_COLUMNS, "batches")}
        for k in ("memory_retries", "compactions"):
            if getattr(self, k):
                d[k] = getattr(self, k)
        stats = self.candidate_stats()
        return d | {"candidates": stats} if stats else d


# the counts a run summary shows per source, in this order (CLI, Prefect artifact)
SUMMARY_COLUMNS = ("discovered", "read", "unchanged", "not_modified", "new", "duplicate", "rejected", "failed_batches")
# days a page whose fetch failed for a passing reason is tried again by later runs
RETRY_FAILED_DAYS = 7


# ---------------------------------------------------------------- discovery


@dataclass
class Discovery:
    """What discovery found for one source."""

    refs: list[InputRef] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    raws: list[RawInput] = field(default_factory=list)  # bodies already fetched while detecting their kind
    attempts: list = field(default_factory=list)  # FetchAttempt records
    pages: list[RawInput] = field(default_factory=list)  # discovery responses, kept in the raw layer
    unchanged: int = 0  # files left out of refs: same size and modification time as a stored capture
    retried: int = 0  # pages of earlier runs whose fetch failed for a passing reason, added to refs
    # the source's feed, sitemap or list pages that could not be read for a passing reason: what
    # the window holds is not known, so the run fails and a later run or backfill covers it
    unread_listings: list[Reject] = field(default_factory=list)

    @property
    def found(self) -> int:
        return len(self.refs) + len(self.raws) + self.unchanged


def discover(source: Source, *, since: date | None = None, until: date | None = None,
             fetcher=None, settings: Settings | None = None) -> Discovery:
    """List what a source holds for the window [since, until) (files: by modification date).

    With `settings`, files whose size and modification time equal a stored capture's are left
    out (rsync's quick check, one warehouse lookup for the whole source): a rerun over unchanged
    folders then costs a stat per file and nothing per batch; the warehouse's own files are
    never inputs, even in the folder being ingested.
    """
    if source.kind == "files":
        refs, rejects = discover_files(source.name, source.file_paths())
        if settings is not None:
            # the warehouse's own files (the database, its WAL, lock and kept WALs) when it lives
            # in the folder being ingested are not inputs: `ingest . --db ./wh.duckdb`
            own = str(Path(settings.db).resolve())
            refs = [r for r in refs if r.locator != own and not r.locator.startswith(own + ".")]
        if since or until:
            refs = [r for r in refs if in_window(r.mtime.date() if r.mtime else None, since, until)]
        found = Discovery(refs, rejects)
        if settings is not None and refs and has_warehouse(settings):
            with lookup(settings, command=f"discover {source.name}") as con:
                same = warehouse.unchanged_files(con, refs)
            found.refs = [r for r in refs if r.locator not in same]
            found.unchanged = len(refs) - len(found.refs)
        return found
    if fetcher is None:
        raise ValueError(f"source '{source.name}' ({source.kind}) needs a fetcher")
    from grassroots.sources import web

    pages: list = []
    if source.options.get("detect"):  # `grassroots ingest URL...`: article, feed or sitemap, by response
        plan = web.discover_ingest(source.options["urls"], fetcher, source=source.name,
                                   allow_hosts=source.allow_hosts, since=since, until=until, pages=pages)
        found = Discovery(plan.refs, plan.rejects, plan.raws, plan.attempts)
    else:
        refs, rejects, attempts = web.discover_web(source.as_dict(), fetcher, since=since, until=until, pages=pages)
        found = Discovery(refs, rejects, [], attempts)
        found.unread_listings = [r for r in rejects if r.stage == "discover" and is_passing(r.reason, r.detail)]
        if settings is not None and has_warehouse(settings):
            _add_pages_to_retry(found, source, settings)
    articles = {r.locator for r in found.raws}
    found.pages = [replace(web.raw_input_from_result(source.name, p), role="discovery")
                   for p in pages if p.url not in articles]
    return found




def _add_pages_to_retry(found: Discovery, source: Source, settings: Settings) -> None:
    """A page whose fetch failed for a reason that may pass (no answer, a busy or broken server)
    is tried again by the next run of its source, and by every run for RETRY_FAILED_DAYS from its
    first refusal, whatever their window: a scheduled run's window has moved on, and the page would
    otherwise wait for a backfill."""
    since = datetime.now(UTC) - timedelta(days=RETRY_FAILED_DAYS)
    with lookup(settings, command=f"discover {source.name}") as con:
        urls = warehouse.pages_to_retry(con, source.name, since)
    listed = {r.locator for r in found.refs}
    again = [u for u in urls if u not in listed]
    found.refs += [InputRef(source=source.name, locator=u, kind="url") for u in again]
    found.retried = len(again)


def run_config(config: str | None, paths: list[str] | None = None, urls: list[str] | None = None) -> Config | None:
    """The sources file a run reads: the one named, else the default one unless the run is
    over ad-hoc paths or URLs only."""
    return load_config(config) if (config or not (paths or urls)) else None


def build_sources(cfg: Config | None, names: list[str] | None, paths: list[str] | None,
                  source_name: str = "cli", urls: list[str] | None = None,
                  allow_hosts: list[str] | None = None) -> list[Source]:
    """The sources of one run: ad-hoc paths and URLs, else the named (or every enabled) source of cfg."""
    out = []
    if paths:
        out.append(Source(name=source_name, kind="files", options={"paths": list(paths)}))
    if urls:
        out.append(Source(name=source_name if not paths else f"{source_name}-web", kind="urls",
                          allow_hosts=tuple(allow_hosts or ()), options={"urls": list(urls), "detect": True}))
    if out:
        return out
    assert cfg is not None
    return [cfg.get(n) for n in names] if names else cfg.enabled()


def backfill_sources(cfg: Config, names: list[str] | None, settings: Settings, *, from_raw: bool) -> list[Source]:
    """The sources of a backfill: the named (or every enabled) source of cfg. Rebuilding from
    the raw layer needs no configuration, so with from_raw a name the raw layer holds captures
    of (`grassroots ingest`'s `cli`, a `--source-name`) is a source too."""
    if not names:
        return cfg.enabled()
    configured = {s.name for s in cfg.sources}
    unknown = [n for n in names if n not in configured]
    stored: list[str] = []
    if unknown and has_warehouse(settings):
        with lookup(settings, command="lookup raw sources") as con:
            stored = rawlayer.raw_sources(con)
    out = []
    for n in names:
        if n in configured:
            out.append(cfg.get(n))
        elif from_raw and n in stored:
            out.append(Source(name=n, kind="files"))  # no paths: only its stored captures are read
        else:
            try:
                cfg.get(n)  # the unknown source's message
            except ConfigError as e:
                extra = [x for x in stored if x not in configured]
                if extra:
                    raise ConfigError(f"{e}; the raw layer also holds {', '.join(extra)}, "
                                      "which --from-raw rebuilds") from None
                raise
    return out


def idle_counts(settings: Settings, sources: Sequence[Source], *, since: date | None = None,
                until: date | None = None, found: dict[str, Discovery] | None = None) -> dict[str, Counts] | None:
    """Per-source counts of a run that would find nothing to do, or None when it has work.

    Only file sources can be known idle without doing the run's work (a web source's check is
    its conditional requests): every file matched a stored capture by size and modification
    time, and discovery reported no problem. The CLI then records the run without starting
    Prefect, whose fixed start-up would otherwise be most of a no-op run's cost. `found`
    receives the discoveries made (for `extract_early`, so it does not discover them again).
    """
    if not sources or any(s.kind != "files" for s in sources) or not has_warehouse(settings):
        return None
    out = {}
    for s in sources:
        d = discover(s, since=since, until=until, settings=settings)
        if found is not None:
            found[s.name] = d
        if d.refs or d.rejects:
            return None
        out[s.name] = Counts(discovered=d.found, unchanged=d.unchanged)
    return out


def few_file_inputs(sources: Sequence[Source], limit: int | None = None) -> bool:
    """Do these sources hold fewer inputs than one extraction pool is worth (files only)? A
    one-file run then does not fork workers it would never use."""
    limit = _MIN_FOR_POOL if limit is None else limit
    if not sources or any(s.kind != "files" for s in sources):
        return False
    n = 0
    for s in sources:
        n += len(discover_files(s.name, s.file_paths())[0])
        if n >= limit:
            return False
    return True


def record_idle_run(settings: Settings, run_id: str, command: str, parameters: dict,
                    counts: dict[str, Counts], *, window: tuple = (None, None), started_at=None) -> dict:
    """Record a run that had nothing to do (see idle_counts) as completed; its summary."""
    from grassroots.warehouse import recovery

    total = Counts()
    for c in counts.values():
        total.add(c)
    summary = {"run_id": run_id, "total": total.as_dict(),
               "sources": {k: v.as_dict() | {"errors": []} for k, v in counts.items()}, "flow": False}
    with writer(settings, command=command) as con:
        recovery.mark_stale_runs(con)
        warehouse.start_run(con, run_id, command, parameters, window=window, started_at=started_at)
        warehouse.finish_run(con, run_id, "completed", summary)
    return summary


def plan_batches(items: Sequence, batch_size: int) -> list[list]:
    return [list(items[i:i + batch_size]) for i in range(0, len(items), batch_size)]


def make_fetcher(sources: Sequence[Source], settings: Settings):
    """One Fetcher per run when any source is on the web (None otherwise)."""
    if all(s.kind == "files" for s in sources):
        return None
    from grassroots.sources.fetch import Fetcher, FetchPolicy

    return Fetcher(FetchPolicy(max_bytes=settings.max_bytes, contact=settings.user_agent_contact))


def writer(settings: Settings, *, command: str, **kw):
    """The warehouse's write connection for one short piece of work (lock, migrate, close)."""
    return warehouse.open_writer(settings.db, sql_dir=settings.sql_dir, seeds_dir=settings.seeds_dir,
                                 timeout=settings.lock_timeout, command=command, lake=settings.lake, **kw)


def lookup(settings: Settings, *, command: str):
    """A session that only reads before the run's writes (warehouse.open_writer's `lookup`)."""
    return writer(settings, command=command, lookup=True)


def has_warehouse(settings: Settings) -> bool:
    """Is there anything to look up yet? (A lake is always asked: it may be remote.)"""
    return settings.lake is not None or Path(settings.db).exists()


# ---------------------------------------------------------------- reading


class Stopped(RuntimeError):
    """The run was interrupted: work in progress gives up between two inputs."""


def _check(stop: Callable[[], bool] | None) -> None:
    if stop is not None and stop():
        raise Stopped("the run was interrupted")


def read_batch(source: Source, batch_no: int, refs: Sequence[InputRef], settings: Settings, *,
               fetcher=None, stop: Callable[[], bool] | None = None) -> Batch:
    """Read files or fetch URLs of one batch into RawInputs (nothing parsed yet)."""
    batch = Batch(source=source.name, batch_no=batch_no)
    files = [r for r in refs if r.kind == "file"]  # unchanged ones were left out by discover()
    urls = [r for r in refs if r.kind == "url"]
    for ref in files:
        _check(stop)
        try:
            batch.raws.append(read_file(ref, max_bytes=settings.max_bytes))
        except RejectError as e:
            batch.rejects.append(Reject(ref.source, ref.locator, "read", e.reason, e.detail))
    if urls:
        if fetcher is None:
            raise ValueError(f"source '{source.name}': URL inputs need a fetcher")
        from grassroots.sources.web import fetch_web_inputs

        validators = lookup_validators([r.locator for r in urls], settings)
        cap = int((source.options.get("politeness") or {}).get("max_bytes") or settings.max_bytes)
        for wf in fetch_web_inputs(source.name, urls, fetcher, validators=validators,
                                   allow_hosts=source.allow_hosts, max_bytes=cap, stop=stop):
            _check(stop)
            batch.fetch_log.extend(wf.attempts)
            if wf.raw is not None:
                batch.raws.append(wf.raw)
            elif wf.reject is not None:
                batch.rejects.append(wf.reject)
            elif wf.not_modified:
                batch.not_modified += 1
            if wf.result is not None:
                r = wf.result
                batch.http_cache.append({
                    "url": r.url, "etag": r.etag, "last_modified": r.last_modified,
                    "sha256": wf.raw.sha256 if wf.raw else None, "status": r.status, "checked_at": r.fetched_at})
        _check(stop)  # (the fetching ended early because the run was interrupted)
    return batch


def read_inputs(refs: Iterable[InputRef], settings: Settings) -> tuple[list[RawInput], list[Reject]]:
    """Files only: bytes of each file, or a reject."""
    b = read_batch(Source(name="-", kind="files"), 0, list(refs), settings)
    return b.raws, b.rejects


def read_raw_window(settings: Settings, source: str, since: date | None, until: date | None) -> list[RawInput]:
    """RawInputs of one source from the raw layer (no network), for re-extraction.

    A capture belongs to the window by its story's published date when one is known,
    else by the file's modification date, else by when it was fetched.
    """
    if not has_warehouse(settings):
        return []
    with lookup(settings, command=f"read raw {source}") as con:
        return list(rawlayer.read_raw_inputs(con, sources=[source], since=since, until=until, by_content_date=True))


# ---------------------------------------------------------------- extraction


def process_one(raw: RawInput) -> Document | Reject:
    """Extract, attribute and find initiatives for one input (pure)."""
    # imported here, not with the module: the CLI imports this module to check for unchanged
    # files before any run, and a run handed to `grassroots serve` extracts nothing itself
    from grassroots.dedup.signatures import content_hash
    from grassroots.enrich.initiatives import extract_initiatives
    from grassroots.enrich.places import attribute
    from grassroots.extract import extract
    from grassroots.extract.script import analysis_text

    sha = raw.sha256
    try:
        ex = extract(raw)
    except RejectError as e:
        return Reject(raw.source, raw.locator, "extract", e.reason, e.detail, raw_sha256=sha)
    # places and initiatives read the simplified view (one analysis script): a traditional
    # re-post names 黃浦區 where its original names 黄浦区, and both are stored as 黄浦区
    title, text = analysis_text(ex.title), analysis_text(ex.text)
    attribution = attribute(title, text, publisher=analysis_text(ex.publisher))
    initiatives = extract_initiatives(title, text)
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


_POOL_LOCK = threading.Lock()  # two batches may extract at once (flows/runners.LOCAL_THREADS)


def _pool(workers: int, *, die_with_parent: bool = False) -> ProcessPoolExecutor:
    global _POOL, _POOL_SIZE
    with _POOL_LOCK:
        if _POOL is None or workers != _POOL_SIZE or getattr(_POOL, "_broken", False):
            if _POOL is not None:
                _POOL.shutdown(wait=False, cancel_futures=True)
            _POOL = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(die_with_parent,))
            _POOL_SIZE = workers
        return _POOL


def _worker_init(die_with_parent: bool) -> None:
    """In each extraction worker: Ctrl-C reaches the whole terminal's process group, but only the
    CLI decides what an interrupt means (workers would print a traceback each and break the pool).
    Forked from the CLI's main thread, a worker also ends with the CLI, even when the CLI is
    killed (Linux PR_SET_PDEATHSIG); forked from another thread (a serving process runs flows in
    threads that end) it must not, since that thread's end would kill it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if die_with_parent and sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the CLI died before the call above
            os._exit(0)


def stop_pool() -> None:
    """End the extraction workers now (an interrupted CLI exits with os._exit, skipping atexit;
    workers left behind would keep the terminal's pipes open)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None:
            for proc in list(getattr(_POOL, "_processes", {}).values()):
                proc.kill()
            _POOL.shutdown(wait=False, cancel_futures=True)
            _POOL = None


def start_pool(workers: int) -> None:
    """Fork the extraction workers now, while this process is still small (the CLI calls it
    before importing Prefect): the workers then share no Prefect pages with the flow process,
    and a run's first batch does not wait for them. `gc.freeze()` first, so a worker's garbage
    collector does not touch, and copy, every object it inherited."""
    if workers < 1:
        return
    import gc

    # the extraction stack, loaded once here and shared by the forked workers (a worker would
    # otherwise import it at its first page)
    import grassroots.enrich.initiatives  # noqa: F401
    import grassroots.enrich.places  # noqa: F401
    import grassroots.extract.document  # noqa: F401

    gc.freeze()
    pool = _pool(workers, die_with_parent=threading.current_thread() is threading.main_thread())
    # with the fork start method the executor forks all its workers at the first submit
    pool.submit(os.getpid).result()


# Extractions started before the flow could ask for them (`extract_early`), by input and
# signature settings: process_batch takes these instead of extracting the same bytes again.
_EARLY: dict[tuple[str, str, DedupConfig], Future] = {}


def extract_early(sources: Sequence[Source], settings: Settings, limit: int, *,
                  found: dict[str, Discovery] | None = None) -> int:
    """Start extracting the first `limit` files of `sources` in the pool now; the number started.

    A CLI run spends its first ~10 s starting Prefect (the API server on one core, the flow's
    imports on the other, then mostly waiting on the server), while the pool's workers sit idle.
    The first batches' files are read and queued here, in the order the flow will ask for them,
    so that time extracts them; the flow's extraction then finds them done (`process_batch`).
    Same function, same bytes: the documents are the ones the flow would have made.
    `found`: discoveries already made for this run (`idle_counts`), without a window."""
    if settings.workers < 1 or limit <= 0 or any(s.kind != "files" for s in sources):
        return 0
    refs: list[InputRef] = []
    for s in sources:
        d = (found or {}).get(s.name) or discover(s, settings=settings)
        refs += d.refs[:limit - len(refs)]
        if len(refs) >= limit:
            break
    raws, _ = read_inputs(refs, settings)
    cfg = dedup_config(settings)
    work = partial(_process_and_compress, dedup_cfg=cfg)
    pool = _pool(settings.workers)
    for raw in raws:
        _EARLY[(raw.locator, raw.sha256, cfg)] = pool.submit(work, raw)
    return len(raws)


def _take_early(raws: Sequence[RawInput], todo: Sequence[RawInput], dedup: DedupConfig | None) -> dict[int, tuple]:
    """The early extractions of `todo` (by id of the raw input), taken out of _EARLY; those of
    the batch's other inputs (stored already) are dropped. One that failed (e.g. in a pool
    since replaced) is left out, to be extracted again."""
    early = {id(r): f for r in raws if (f := _EARLY.pop((r.locator, r.sha256, dedup), None)) is not None}
    done = {}
    for r in todo:
        if (f := early.pop(id(r), None)) is not None and f.exception() is None:
            done[id(r)] = f.result()
    for f in early.values():
        f.cancel()
    return done


@atexit.register
def _shutdown_pool() -> None:
    if _POOL is not None:
        _POOL.shutdown(cancel_futures=True)


def _process_and_compress(raw: RawInput, dedup_cfg: DedupConfig | None = None) -> tuple[Document | Reject, bytes]:
    """process_one plus the raw layer's compressed body and, with dedup_cfg, the text's MinHash
    signature: all CPU work, all in the worker, so the loading process only stores them."""
    from grassroots.dedup.signatures import sign_texts
    from grassroots.dedup.story import fact_keys

    res = process_one(raw)
    if dedup_cfg is not None and isinstance(res, Document):
        sigs, sizes = sign_texts([res.extracted.text], dedup_cfg)
        res.signature, res.shingles, res.sig_algo = sigs[0], sizes[0], dedup_cfg.algo
        res.fact_keys = fact_keys(res.extracted.text)
    return res, rawlayer.compress(raw.data)


def dedup_config(settings: Settings) -> DedupConfig:
    from grassroots.dedup.signatures import DEFAULT_CONFIG

    return settings.dedup_config() if settings.dedup else DEFAULT_CONFIG


def process_batch(batch: Batch, *, workers: int = 0, known: set[str] | frozenset[str] = frozenset(),
                  dedup: DedupConfig | None = None, stop: Callable[[], bool] | None = None) -> Batch:
    """Extract the batch's inputs whose capture is not yet known; keep every raw input.

    The compressed bodies of the extracted inputs are made here too (`batch.bodies`), and with
    `dedup` their near-duplicate signatures, in the pool's processes when there is a pool.
    `workers`: the run's extraction processes (`settings.workers`, one or more); 0, the default
    for a caller that wants it so (a benchmark's one-process harness, a test), extracts here.
    """
    todo = [r for r in batch.raws if rawlayer.capture_id(r.locator, r.sha256) not in known]
    batch.unchanged += len(batch.raws) - len(todo)
    done = _take_early(batch.raws, todo, dedup) if _EARLY else {}
    rest = [r for r in todo if id(r) not in done]
    work = partial(_process_and_compress, dedup_cfg=dedup)
    # (one worker too: extracting in this process, beside the loads' threads, made a 10,000-page
    # run 13-21 % slower and its time vary by 27 s between two runs: CPU-bound threads taking the
    # GIL from each other, 21-54 s more CPU; docs/benchmarks/performance.md)
    if workers >= 1 and len(rest) >= _MIN_FOR_POOL:
        # small chunks: at the end of a batch a worker with a big chunk left kept the other core
        # idle (a page takes ~60 ms; sending one costs well under 1 ms)
        chunk = max(1, len(rest) // (workers * 16))
        results = []
        for res in _pool(workers).map(work, rest, chunksize=chunk):
            _check(stop)
            results.append(res)
    else:
        results = []
        for r in rest:  # `stop`: an interrupted run does not wait for the rest of the batch
            _check(stop)
            results.append(work(r))
    computed = iter(results)
    results = [done[id(r)] if id(r) in done else next(computed) for r in todo]
    for raw, (res, body) in zip(todo, results, strict=True):
        (batch.documents if isinstance(res, Document) else batch.rejects).append(res)
        batch.bodies[raw.sha256] = body
    return batch


def extract_inputs(source: Source, batch_no: int, inputs: Sequence[InputRef] | Sequence[RawInput],
                   settings: Settings, *, fetcher=None, reprocess: bool = False,
                   stop: Callable[[], bool] | None = None) -> Batch:
    """One batch from references (read or fetched here) or from bytes already in hand (fetched
    during discovery, or from the raw layer): parsed, attributed and signed. Inputs whose capture
    is stored are not parsed again, unless `reprocess` (a from-raw backfill) asks for it."""
    if inputs and isinstance(inputs[0], InputRef):
        batch = read_batch(source, batch_no, inputs, settings, fetcher=fetcher, stop=stop)
    else:
        batch = Batch(source=source.name, batch_no=batch_no, raws=list(inputs))
    known = set() if reprocess else lookup_known(batch.raws, settings)
    return process_batch(batch, workers=settings.workers, dedup=dedup_config(settings), known=known, stop=stop)


# ---------------------------------------------------------------- loading


def lookup_validators(urls: list[str], settings: Settings) -> dict[str, tuple[str | None, str | None]]:
    """Stored ETag / Last-Modified per URL, for conditional requests."""
    if not urls or not has_warehouse(settings):
        return {}
    with lookup(settings, command="lookup validators") as con:
        return warehouse.http_validators(con, urls)


def lookup_known(raws: list[RawInput], settings: Settings) -> set[str]:
    if not raws or not has_warehouse(settings):
        return set()
    ids = [rawlayer.capture_id(r.locator, r.sha256) for r in raws]
    with lookup(settings, command="lookup") as con:
        return warehouse.known_captures(con, ids)


# seconds a compaction after a load waits for another writer before leaving it to a later load
COMPACT_LOCK_WAIT = 30.0


def load(batch: Batch, settings: Settings, *, replace_documents: bool = False,
         warn: Callable[[str], None] | None = None, note: Callable[[str], None] | None = None) -> warehouse.LoadResult:
    """Load one batch in one transaction, then compact the file if loads have left it with
    `settings.compact_after` small row groups. `warn` receives what the user should know (a load
    run again with more memory), `note` what the run did besides (a compaction); without them
    the `grassroots.warehouse` logger does."""
    import duckdb

    from grassroots.warehouse import compact as compacting

    log = logging.getLogger("grassroots.warehouse")

    def attempt() -> warehouse.LoadResult:
        with writer(settings, command=f"load {batch.source}#{batch.batch_no}") as con:
            res = warehouse.load_batch(con, batch, replace_documents=replace_documents,
                                       dedup=dedup_config(settings))
            if settings.lake is None and settings.compact_after:
                res.fragmented = compacting.fragmented(con)
            return res

    # on a DuckLake shared by several writers a load whose commit lost is run again (it then
    # sees the winner's rows, so nothing is inserted twice); on the DuckDB file it never loses
    try:
        result = lakehouse.retry_conflicts(attempt)
    except duckdb.OutOfMemoryException as e:
        # a limit the user chose is kept; a lake session's settings belong to its shared instance
        if settings.lake is not None or warehouse.chosen_memory_limit():
            raise
        (warn or log.warning)(
            f"load {batch.source}#{batch.batch_no} needed more than the writer's {warehouse.WRITER_MEMORY_LIMIT} of "
            f"DuckDB memory ({str(e).splitlines()[0]}); it was rolled back and is loaded again with "
            f"{warehouse.RETRY_MEMORY_LIMIT}. GRASSROOTS_DUCKDB_MEMORY_LIMIT sets the limit.")
        with warehouse.memory_limit(warehouse.RETRY_MEMORY_LIMIT):
            result = lakehouse.retry_conflicts(attempt)
        result.memory_retry = True
    if settings.compact_after and result.fragmented >= settings.compact_after:
        # the batch is committed: a compaction that fails costs only the time (the file is left
        # as it was), so it is said and the run goes on
        t0 = time.monotonic()
        try:
            result.compacted = compacting.compact(Path(settings.db), timeout=min(COMPACT_LOCK_WAIT, settings.lock_timeout))
        except warehouse.WarehouseBusy:
            (note or log.info)(f"{settings.db} needs compacting but another writer holds it; a later load tries again")
        except (warehouse.WarehouseError, duckdb.Error, OSError) as e:
            (warn or log.warning)(f"compacting {settings.db} after load {batch.source}#{batch.batch_no} failed "
                                  f"({e}); the file is unchanged and the run goes on")
        else:
            b, a = result.compacted.before, result.compacted.after
            if a is not None:
                (note or log.info)(
                    f"compacted {settings.db} after {result.fragmented} loads' row groups "
                    f"(compact_after = {settings.compact_after}): {b.bytes / 2**20:.0f} -> {a.bytes / 2**20:.0f} MB, "
                    f"{b.row_groups} -> {a.row_groups} row groups, {time.monotonic() - t0:.1f} s"
                    + (f" (copied again with {compacting.RETRY_MEMORY_LIMIT} of DuckDB memory)" if result.compacted.retried else ""))
    return result


def batch_counts(batch: Batch, result: warehouse.LoadResult) -> Counts:
    c = Counts(read=sum(r.role == "article" for r in batch.raws), unchanged=batch.unchanged + result.documents_unchanged,
               not_modified=batch.not_modified,
               rejected=len(batch.rejects), batches=1, memory_retries=int(result.memory_retry),
               compactions=int(result.compacted is not None and result.compacted.after is not None))
    for r in batch.rejects:
        c.reject_reasons[r.reason] = c.reject_reasons.get(r.reason, 0) + 1
    cl = result.clusters or {}
    c.candidates = {int(k): int(v) for k, v in (cl.get("candidates_hist") or {}).items()}
    c.duplicate = int(cl.get("clusters_joined", 0))
    c.new = result.documents_new - c.duplicate
    return c

