"""The ingest flow: discover -> read+extract+attribute (batches) -> dedup+load (batches).

One code path for scheduled, manual and backfill runs: the window [since, until) and the
source names are parameters. Extraction of batch n+1 overlaps with the load of batch n;
loads run one after another in batch order (deterministic cluster ids) and each lands in
one transaction. A run with any failed batch ends Failed, never Completed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import time
import uuid
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from prefect import allow_failure, flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.context import FlowRunContext
from prefect.exceptions import TerminationSignal
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows import interrupt, runners, tasks
from flows.limits import ensure_writer_limit
from grassroots import warehouse
from grassroots.config import Config, Settings, Source, resolve_settings
from grassroots.models import Batch
from grassroots.run import pipeline, spool
from grassroots.run.progress import Progress
from grassroots.warehouse import lake as lakehouse
from grassroots.warehouse import recovery


class IngestFailed(RuntimeError):
    pass


@flow(name="ingest", flow_run_name="ingest {label}", persist_result=False,
      task_runner=runners.configured_task_runner())
def ingest(
    sources: list[str] | None = None,
    paths: list[str] | None = None,
    urls: list[str] | None = None,
    allow_hosts: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    db: str | None = None,
    config: str | None = None,
    batch_size: int | None = None,
    workers: int | None = None,
    from_raw: bool = False,
    run_id: str | None = None,
    label: str = "run",
    source_name: str = "cli",
    started_at: datetime | None = None,
) -> dict:
    """Ingest sources (by name from the config, or ad-hoc paths/URLs) over the window [since, until)."""
    cfg = pipeline.run_config(config, paths, urls)
    settings = resolve_settings(cfg, db=Path(db) if db else None, batch_size=batch_size, workers=workers)
    srcs = pipeline.build_sources(cfg, sources, paths, source_name, urls, allow_hosts)
    return run_ingest(settings, srcs, since=since, until=until, run_id=run_id, command=f"ingest {label}",
                      config=cfg, from_raw=from_raw, started_at=started_at)


def run_ingest(settings: Settings, sources: list[Source], *, since=None, until=None, run_id=None,
               command="ingest", config: Config | None = None, from_raw: bool = False,
               started_at: datetime | None = None) -> dict:
    logger = get_run_logger()
    run_id = run_id or uuid.uuid4().hex
    db = settings.db
    if tasks.needs_writer_slot(settings):
        ensure_writer_limit()
    seed_sources = [s.as_dict() | {"priority": s.priority} for s in (config.sources if config else sources)]

    def record_start() -> None:
        with pipeline.writer(settings, command=command, sources=seed_sources) as con:
            warehouse.start_run(con, run_id, command,
                                {"sources": [s.name for s in sources], "since": since, "until": until,
                                 "from_raw": from_raw},
                                flow_run_id=str(flow_run.id) if flow_run.id else None, window=(since, until),
                                started_at=started_at)
            # runs left `running` by a killed process on this host: report them, record them crashed
            stale_runs = recovery.mark_stale_runs(con)
            for stale in stale_runs:
                logger.warning("stale run marked crashed: %s", stale.describe())
        spool.remove_stale(db, [r.run_id for r in stale_runs])

    lakehouse.retry_conflicts(record_start)  # another writer of a shared DuckLake may commit meanwhile
    t_start = time.monotonic()
    logger.info("run %s started: %s over %s", run_id[:8], command, ", ".join(s.name for s in sources))
    _announce(f"run {run_id[:8]} started: {command} (flow run {flow_run.name or '-'})")
    _one_line_failures()

    fetcher = None if from_raw else pipeline.make_fetcher(sources, settings)
    # batches go from extract to load through files on this machine (grassroots.run.spool); a
    # runner whose workers may sit on other machines (a Dask or Ray address) gets them inline
    spool_dir = None if settings.dask_address else spool.run_dir(db, run_id)
    # tasks in this process's threads (the local runner): a batch waits for its load in memory
    in_process = isinstance(FlowRunContext.get().task_runner, ThreadPoolTaskRunner)
    per_source: dict[str, pipeline.Counts] = {s.name: pipeline.Counts() for s in sources}
    loads: list[tuple[str, object]] = []
    collected = 0  # loads whose counts are in per_source (successful ones: `ok`)
    ok = 0
    prev = None
    interrupt.STOP.clear()
    interrupt.COMMITTED.clear()

    def chain(name, fut_batch):
        # loads run one after another in batch order; a failed load does not stop the next
        nonlocal prev
        ld = tasks.load_batch.submit(fut_batch, settings, replace_documents=from_raw,
                                     wait_for=[allow_failure(prev)] if prev else None)
        loads.append((name, ld, fut_batch))
        prev = ld

    try:
        if from_raw:
            raws = {s.name: tasks.read_raw.submit(s, settings, since, until) for s in sources}
        else:
            found = {s.name: tasks.discover.submit(s, since, until, fetcher, settings) for s in sources}
        for s in sources:
            c = per_source[s.name]
            if not from_raw and s.kind == "files" and (missing := s.missing_paths()):
                # a configured folder that is gone fails the source (and the run), not only a reject
                c.errors.append(f"configured path does not exist: {', '.join(missing)}")
                c.failed_batches += 1
                logger.error("source %s: configured path does not exist: %s", s.name, ", ".join(missing))
            try:
                if from_raw:
                    items, extra = raws[s.name].result(), pipeline.Discovery()
                else:
                    extra = found[s.name].result()
                    items = extra.refs
            except Exception as e:  # a source that fails wholesale does not stop the others
                c.errors.append(f"discover failed: {_one_line(e)}")
                c.failed_batches += 1
                logger.error("source %s: discovery failed: %s", s.name, e)
                continue
            c.discovered = extra.found
            logger.info("source %s: %d input(s) found (%d failed in an earlier run and tried again), "
                        "%d unchanged since stored, %d rejected at discovery",
                        s.name, extra.found, extra.retried, extra.unchanged, len(extra.rejects))
            c.unchanged += extra.unchanged
            if extra.unread_listings:
                first = extra.unread_listings[0]
                c.errors.append(f"could not read {len(extra.unread_listings)} listing page(s), e.g. {first.locator}: "
                                f"{first.reason}; the window is incomplete")
                c.failed_batches += 1
                logger.error("source %s: %d listing page(s) could not be read (%s: %s): the run fails so that "
                             "a later run or a backfill covers its window", s.name, len(extra.unread_listings),
                             first.reason, first.detail)
            if extra.rejects or extra.attempts or extra.pages:
                # discovery's rejects, fetch log and response bodies travel in batch 0
                chain(s.name, Batch(source=s.name, batch_no=0, rejects=extra.rejects, fetch_log=extra.attempts,
                                    raws=extra.pages))
            n = 0
            for n, chunk in enumerate(pipeline.plan_batches(extra.raws, settings.batch_size), start=1):
                chain(s.name, tasks.extract_batch.submit(s, n, chunk, settings, None, spool_dir,
                                                         in_process=in_process))
            for i, chunk in enumerate(pipeline.plan_batches(items, settings.batch_size), start=n + 1):
                chain(s.name, tasks.extract_batch.submit(s, i, chunk, settings, fetcher, spool_dir,
                                                         reprocess=from_raw, in_process=in_process))
        with Progress(len(loads), f"{command}: batches") as bar:
            for name, fut, upstream in loads:
                c = per_source[name]
                try:
                    got = fut.result()
                    c.add(got)
                    ok += 1
                    logger.info("source %s: batch committed: read %d, new %d, duplicate %d, rejected %d",
                                name, got.read, got.new, got.duplicate, got.rejected)
                except Exception as e:
                    cause = _upstream_error(upstream) or e  # an extract that failed, not "not ready"
                    c.failed_batches += 1
                    c.batches += 1
                    c.errors.append(_one_line(cause))
                    logger.error("source %s: a batch failed: %s", name, cause)
                collected += 1
                bar.advance()
                if interrupt.STOP.is_set():  # told to stop from outside (flows/warm.py)
                    raise interrupt.Interrupted("the run was interrupted")
    except (KeyboardInterrupt, TerminationSignal, interrupt.Interrupted) as e:
        # Ctrl-C or SIGTERM: no new batch starts; the run is recorded `interrupted` with the
        # batches committed so far (a load in its transaction finishes first: the writer lock)
        interrupt.STOP.set()
        if not isinstance(e, interrupt.Interrupted):  # a serving process keeps its terminal and signals
            with contextlib.suppress(ValueError):  # a second Ctrl-C does not cut the record short (main thread only)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
            _quiet_terminal()
        _record_interrupted(settings, command, run_id, per_source, ok)
        _announce(f"run {run_id[:8]} interrupted after {time.monotonic() - t_start:.1f} s")
        raise
    finally:
        if fetcher is not None:
            fetcher.close()
        spool.remove_run(db, run_id)

    summary = _summary(run_id, per_source)
    failed = summary["total"]["failed_batches"]
    state = "failed" if failed else "completed"

    def record_finish() -> None:
        with pipeline.writer(settings, command=command) as con:
            warehouse.finish_run(con, run_id, state, summary)

    lakehouse.retry_conflicts(record_finish)
    t = summary["total"]
    line = (f"run {run_id[:8]} {state} in {time.monotonic() - t_start:.1f} s: new {t['new']}, duplicate "
            f"{t['duplicate']}, rejected {t['rejected']}, failed batches {t['failed_batches']}")
    (logger.error if failed else logger.info)(line)
    _announce(line)
    _publish(summary, command)
    if failed:
        errors = [e for c in per_source.values() for e in c.errors]
        raise IngestFailed(f"{failed} batch(es) failed: {'; '.join(errors[:3])}")
    return summary


# seconds an interrupted run waits for a load in its transaction before recording its end
# (the user asked to stop: the CLI exits within 5 s)
INTERRUPT_LOCK_WAIT = 3.0


def _summary(run_id: str, per_source: dict[str, pipeline.Counts]) -> dict:
    total = pipeline.Counts()
    for c in per_source.values():
        total.add(c)
    return {"run_id": run_id, "total": total.as_dict() | {"reject_reasons": total.reject_reasons},
            "sources": {k: v.as_dict() | {"errors": v.errors, "reject_reasons": v.reject_reasons}
                        for k, v in per_source.items()}}


def _announce(line: str) -> None:
    """One line on stderr when served (`grassroots serve` sets GRASSROOTS_ANNOUNCE): the serving
    terminal shows each run's start and end; the details are in the run's logs in the UI."""
    if os.environ.get("GRASSROOTS_ANNOUNCE") == "1":
        stamp = datetime.now().astimezone().strftime("%H:%M:%S")
        sys.stderr.write(f"{stamp} {line}\n")
        sys.stderr.flush()


class _ReportedFailure(logging.Filter):
    """Drops Prefect's report of a run that failed for a reason the run has already given (its
    error lines and `_announce`): two tracebacks per failed scheduled run filled the terminal of
    `grassroots serve` while a host was down. The API's handler still gets them (the UI)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], IngestFailed))


def _one_line_failures() -> None:
    """In `grassroots serve` (GRASSROOTS_ANNOUNCE), a failed run is its own lines on the terminal."""
    if os.environ.get("GRASSROOTS_ANNOUNCE") != "1":
        return
    loggers = [logging.getLogger(), *(v for v in logging.Logger.manager.loggerDict.values() if isinstance(v, logging.Logger))]
    for h in {h for lg in loggers for h in lg.handlers}:
        if (isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
                and not any(isinstance(f, _ReportedFailure) for f in h.filters)):
            h.addFilter(_ReportedFailure())


def _quiet_terminal() -> None:
    """The user stopped the run: the tasks that now give up, and Prefect's crash report, go to
    the API's logs (the UI) but not to the terminal, where the CLI prints one line."""
    for h in logging.getLogger().handlers:
        if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler):
            h.setLevel(logging.CRITICAL + 1)


def _record_interrupted(settings: Settings, command: str, run_id: str, per_source: dict, ok: int) -> None:
    quick = replace(settings, lock_timeout=INTERRUPT_LOCK_WAIT)
    try:
        with pipeline.writer(quick, command=command) as con:
            # holding the lock, no load is in its transaction: add the batches that committed
            # since the flow last collected a result (loads commit in the order they are collected)
            for name, c in interrupt.COMMITTED[ok:]:
                per_source[name].add(c)
            warehouse.finish_run(con, run_id, "interrupted", _summary(run_id, per_source))
    except Exception as e:  # still running in the warehouse: the next run marks it crashed
        get_run_logger().warning("could not record the interrupted run: %s", e)


def _publish(summary: dict, command: str) -> None:
    cols = pipeline.SUMMARY_COLUMNS
    table = [{"source": k, **{c: v.get(c, 0) for c in cols}} for k, v in summary["sources"].items()]
    create_table_artifact(table, key="ingest-counts", description=f"{command}: counts per source")
    lines = [f"## {command}", "", f"run `{summary['run_id']}`", ""]
    lines += [f"- **{r['source']}**: " + ", ".join(f"{c.replace('_', ' ')} {r[c]}" for c in cols) for r in table]
    errors = [f"- {k}: {e}" for k, v in summary["sources"].items() for e in v.get("errors", [])]
    if errors:
        lines += ["", "### errors", *errors]
    create_markdown_artifact("\n".join(lines), key="ingest-summary", description=command)


def _upstream_error(upstream) -> BaseException | None:
    """The exception of the extract task a load was waiting for, if that is what failed."""
    if not hasattr(upstream, "state"):
        return None
    try:
        upstream.result()
    except Exception as e:
        return e
    return None


def _one_line(e: BaseException) -> str:
    s = str(e).strip().splitlines()
    return s[0] if s else type(e).__name__
